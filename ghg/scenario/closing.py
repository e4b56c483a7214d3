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
    """Target-year reduction % for each variant of ``uptake`` ``(M, V, T)``."""
    v = uptake.shape[1]
    bau = np.repeat(model.bau[:, None, :], v, axis=1)                 # (L, V, T)
    scen = scenario_draws(model, bau, uptake, np.ones((len(model.measures), v)))
    b, s = model.bau[mask, t].sum(), scen[mask, :, t].sum(axis=0)
    return 100.0 * (1.0 - s / b)


def what_it_takes(model: Model, mask: np.ndarray, target_year: int, target_pct: float
                  ) -> tuple[float, pd.DataFrame]:
    """(gap t CO2e, table of each measure's closing uptake) in the target year."""
    t = int(np.searchsorted(model.years, target_year))
    central = float(reduction_at(model, mask, t, model.uptake[:, None, :])[0])
    gap = max((target_pct - central) / 100.0 * float(model.bau[mask, t].sum()), 0.0)
    rows = []
    for m, measure in enumerate(model.measures):  # ~20 measures
        now = float(model.uptake[m, t])
        if gap <= 0:
            rows.append((measure.id, now, now, MET))
            continue
        if now <= 0:
            rows.append((measure.id, now, np.nan, TOO_LATE))
            continue
        if reduction_at(model, mask, t, scaled_uptake(model, m, t, np.array([1.0])))[0] \
                < target_pct:
            rows.append((measure.id, now, np.nan, CANNOT))
            continue
        low, high = now, 1.0
        for _ in range(ROUNDS):  # refine the bracket of the crossing
            grid = np.linspace(low, high, GRID)
            pct = reduction_at(model, mask, t, scaled_uptake(model, m, t, grid))
            k = int(np.argmax(pct >= target_pct))
            low, high = grid[max(k - 1, 0)], grid[k]
        key = activity_key(measure)
        others = sum(float(model.uptake[j, t]) for j, o in enumerate(model.measures)
                     if j != m and key and activity_key(o) == key)
        rows.append((measure.id, now, float(high), SHARED if high + others > 1 + 1e-9
                     else CLOSES))
    return gap, pd.DataFrame(rows, columns=["measure", "uptake_now", "uptake_needed",
                                            "status"])
