"""What it would take: the extra t CO2e needed in the target year and, for each quantified
measure, the target-year uptake that would close the gap on its own (the other measures as
written), or that it cannot even at 100 %.

A measure's whole uptake path is scaled so its target-year share becomes ``u`` (each year capped
at 1); the reduction grows with ``u``, so a grid refined around the crossing finds ``u`` (all
grid points run at once as variants).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.scenario.lines import Model
from ghg.scenario.uncertain import scenario_draws

GRID = 65
ROUNDS = 6   # (1/64)^6: far finer than the 0.01-point check

CLOSES, CANNOT, TOO_LATE, MET = "closes the gap", "cannot, even at 100%", \
    "acts after the target year", "target already met"
#: The uptake that would close the gap, added to the other measures' shares of the same
#: activity (e.g. biogas and composting of pig manure), would exceed all of it.
SHARED = "cannot: the measures sharing its activity would exceed 100%"


def activity_key(measure) -> str:
    """The activity whose shares measures take (as the scenario file's check adds them up)."""
    return measure.activity or ("grid_electricity" if measure.effect == "grid_displacement"
                                else "")


def scaled_uptake(model: Model, m: int, t: int, shares: np.ndarray) -> np.ndarray:
    """Uptake ``(M, V, T)``: measure ``m``'s path scaled to ``shares`` ``(V,)`` in column ``t``."""
    up = np.repeat(model.uptake[:, None, :], len(shares), axis=1)
    now = model.uptake[m, t]
    up[m] = np.minimum(model.uptake[m][None, :] * (shares[:, None] / now), 1.0)
    return up


def reduction_at(model: Model, mask: np.ndarray, t: int, uptake: np.ndarray) -> np.ndarray:
    """Target-year reduction % for each variant of ``uptake`` ``(M, V, T)``: projected up to
    the target year only (later years change nothing in it)."""
    v, upto = uptake.shape[1], t + 1
    bau = np.repeat(model.bau[:, None, :upto], v, axis=1)             # (L, V, t + 1)
    scen = scenario_draws(model, bau, uptake[:, :, :upto], np.ones((len(model.measures), v)),
                          years=np.arange(upto))
    b, s = model.bau[mask, t].sum(), scen[mask, :, t].sum(axis=0)
    return 100.0 * (1.0 - s / b)


def what_it_takes(model: Model, mask: np.ndarray, target_year: int, target_pct: float
                  ) -> tuple[float, pd.DataFrame]:
    """(gap t CO2e, table of each measure's closing uptake) in the target year.

    Every measure's search runs at once: each round projects the grids of all the measures
    still searching as variants of one projection (a variant's numbers do not depend on the
    others run beside it)."""
    t = int(np.searchsorted(model.years, target_year))
    central = float(reduction_at(model, mask, t, model.uptake[:, None, :])[0])
    gap = max((target_pct - central) / 100.0 * float(model.bau[mask, t].sum()), 0.0)
    now = model.uptake[:, t].astype(float)
    status = np.full(len(model.measures), MET if gap <= 0 else CLOSES, dtype=object)
    needed = now.copy() if gap <= 0 else np.full(len(now), np.nan)
    if gap > 0:
        status[now <= 0] = TOO_LATE
        live = np.flatnonzero(now > 0)
        full = reduction_at(model, mask, t, _variants(model, t, live, np.ones((len(live), 1))))
        status[live[full < target_pct]] = CANNOT
        live = live[full >= target_pct]
        low, high = now[live], np.ones(len(live))
        for _ in range(ROUNDS if len(live) else 0):  # refine each bracket of the crossing
            grid = np.array([np.linspace(a, b, GRID) for a, b in zip(low, high, strict=True)])
            pct = reduction_at(model, mask, t, _variants(model, t, live, grid))
            k = np.argmax(pct.reshape(len(live), GRID) >= target_pct, axis=1)
            rows = np.arange(len(live))
            low, high = grid[rows, np.maximum(k - 1, 0)], grid[rows, k]
        needed[live] = high
        keys = [activity_key(m) for m in model.measures]
        for j, m in enumerate(live):
            others = sum(float(model.uptake[i, t]) for i, key in enumerate(keys)
                         if i != m and keys[m] and key == keys[m])
            if high[j] + others > 1 + 1e-9:
                status[m] = SHARED
    return gap, pd.DataFrame({"measure": [m.id for m in model.measures], "uptake_now": now,
                              "uptake_needed": needed, "status": status})


def _variants(model: Model, t: int, measures: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Uptake ``(M, V, T)``: for each of ``measures`` in turn, its variants with its path scaled
    to each of its row of ``shares`` ``(len(measures), G)`` in column ``t`` (as
    :func:`scaled_uptake`), the others as written; ``V = len(measures) × G``."""
    n, g = shares.shape
    up = np.repeat(model.uptake[:, None, :], n * g, axis=1)
    for j, m in enumerate(measures):  # the measures searching: ~20
        up[m, j * g:(j + 1) * g] = scaled_uptake(model, m, t, shares[j])[m]
    return up
