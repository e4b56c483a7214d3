"""Probability of meeting the target: a seeded Monte Carlo over the BAU drivers' growth, the
measures' effect sizes and uptake, and the base-year inventory's uncertainty.

Every draw is a variant of the whole projection, held as a ``draw × line × year`` array; nothing
loops over draws. Multipliers have mean 1 and a 95 % half-width ``U`` (% of the central value):
normal with sigma = U / 1.96 (cut at 0), or for the inventory lines stated ``lognormal``, the
lognormal of the same mean and variance (s² = ln(1 + (U/1.96)²), mu = -s²/2), as the inventory's
own Monte Carlo does. Inventory lines sharing a ``factor_group`` (or ``activity_group``) in the
inventory's ``uncertainty.csv`` share one draw; a line takes the row of its category, else of
its nearest parent. The base-year inventory draw scales a line's whole projection (level
uncertainty); the driver draw scales its growth from the base year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ghg.core.categories import lineage
from ghg.scenario.base import ELECTRICITY
from ghg.scenario.effects import landfill_share
from ghg.scenario.lines import Model

#: Two-sided 95 % quantile of the standard normal distribution.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class MonteCarlo:
    """What a Monte Carlo draws from: enough to repeat it, draw for draw (same seed)."""

    model: Model
    masks: dict[str, np.ndarray]     # the lines each basis counts
    stated: str                      # the scenario's basis
    line_u: pd.DataFrame             # :func:`line_uncertainty`
    settings: dict                   # effect_pct, uptake_pct, driver_pct
    draws: int
    seed: int


@dataclass
class Draws:
    """The Monte Carlo of one scenario."""

    by_basis: pd.DataFrame       # basis, P(meet), mean and percentiles of the target-year %
    spread: pd.DataFrame         # input, kind, swing of the target-year % per ±1 sd
    run: MonteCarlo

    @cached_property
    def reduction(self) -> np.ndarray:
        """(draws, years) % below the draw's own BAU, stated basis. The outputs need only the
        target year, so the other years are projected (the same draws again) only when asked."""
        run = self.run
        years = np.arange(len(run.model.years))
        pct = reductions(run.model, run.masks, _sample(run), years)
        return pct[list(run.masks).index(run.stated)]


def line_uncertainty(lines: pd.DataFrame, stated: pd.DataFrame | None) -> pd.DataFrame:
    """Per scenario line: the inventory's stated 95 % half-widths and groups (0 where none)."""
    out = pd.DataFrame({"u_activity_pct": 0.0, "u_factor_pct": 0.0, "lognormal": False,
                        "factor_group": "", "activity_group": ""}, index=lines.index)
    if stated is None or not len(stated):
        return out
    rows = stated.astype({"category": str, "gas": str}).drop_duplicates(["category", "gas"])
    position = {key: j for j, key in enumerate(zip(rows["category"], rows["gas"], strict=True))}
    pick = np.full(len(lines), -1)
    for i, (cat, gas) in enumerate(zip(lines["category"].astype(str),
                                       lines["gas"].astype(str), strict=True)):  # a few dozen
        chain = (cat,) if cat == ELECTRICITY else lineage(cat)  # scope 2: its own row, if any
        pick[i] = next((position[(a, gas)] for a in chain if (a, gas) in position), -1)
    found = np.flatnonzero(pick >= 0)
    chosen = rows.iloc[pick[found]]

    def column(name: str) -> list:
        return chosen[name].tolist() if name in chosen else [""] * len(chosen)

    out.iloc[found, 0] = [float(v) for v in chosen["u_activity_pct"]]
    out.iloc[found, 1] = [float(v) for v in chosen["u_factor_pct"]]
    out.iloc[found, 2] = [str(v) == "lognormal" for v in column("distribution_factor")]
    out.iloc[found, 3] = [str(v or "") for v in column("factor_group")]
    out.iloc[found, 4] = [str(v or "") for v in column("activity_group")]
    return out


def normal_multiplier(z: np.ndarray, u_pct: np.ndarray | float) -> np.ndarray:
    """Mean-1 normal multiplier with 95 % half-width ``u_pct``, cut at 0.

    >>> normal_multiplier(np.array([-Z95, 0.0, Z95]), 10.0).round(6).tolist()
    [0.9, 1.0, 1.1]
    """
    return np.maximum(1.0 + np.asarray(u_pct) / 100.0 / Z95 * z, 0.0)


def lognormal_multiplier(z: np.ndarray, u_pct: np.ndarray | float) -> np.ndarray:
    """Mean-1 lognormal multiplier with the variance of the normal of half-width ``u_pct``.

    >>> float(lognormal_multiplier(np.array(0.0), 0.0))
    1.0
    """
    s2 = np.log1p((np.asarray(u_pct) / 100.0 / Z95) ** 2)
    return np.exp(-s2 / 2.0 + np.sqrt(s2) * z)


def _grouped(rng: np.random.Generator, n: int, groups: pd.Series) -> np.ndarray:
    """(n, L) standard normals; lines sharing a non-empty group share a column."""
    keys = np.where(groups.to_numpy(dtype=str) == "",
                    np.char.add("line:", np.arange(len(groups)).astype(str)),
                    np.char.add("group:", groups.to_numpy(dtype=str)))
    uniq, inverse = np.unique(keys, return_inverse=True)
    return rng.standard_normal((n, len(uniq)))[:, inverse]


def inventory_multipliers(rng: np.random.Generator, n: int, u: pd.DataFrame) -> np.ndarray:
    """(n, L) base-year multipliers of the lines from their activity and factor uncertainty."""
    za, zf = _grouped(rng, n, u["activity_group"]), _grouped(rng, n, u["factor_group"])
    act = normal_multiplier(za, u["u_activity_pct"].to_numpy(float))
    uf = u["u_factor_pct"].to_numpy(float)
    fac = np.where(u["lognormal"].to_numpy(bool), lognormal_multiplier(zf, uf),
                   normal_multiplier(zf, uf))
    return act * fac


def touched_lines(model: Model) -> np.ndarray:
    """Indices of the lines some measure changes (the others keep their BAU)."""
    hit = (model.weight != 0).any(axis=0) | (model.added != 0).any(axis=(0, 2))
    return np.flatnonzero(hit | model.landfill_lines)


def scenario_draws(model: Model, bau: np.ndarray, uptake: np.ndarray, effect: np.ndarray,
                   lines: np.ndarray | None = None, years: np.ndarray | None = None,
                   landfill: dict[int, list[tuple[int, np.ndarray]]] | None = None
                   ) -> np.ndarray:
    """With-measures emissions ``(len(lines), V, T)`` of ``lines`` (default all) from their BAU
    ``(len(lines), V, T)``, uptake ``(M, V, T)`` and effect-size multipliers ``(M, V)``:
    measures in file order on what is left, their added emissions on top (as
    :func:`ghg.scenario.model.project`, without the per-measure attribution). Lines lead the
    axes so each measure updates whole contiguous blocks. With ``years`` (positions in the
    projection), ``T`` is those years only; ``landfill`` gives the diversion measures'
    :func:`~ghg.scenario.effects.landfill_share` in them, found from ``uptake`` when not given
    (decay needs every year before: ``years`` must then be the first ones)."""
    lines = np.arange(len(model.lines)) if lines is None else np.asarray(lines)
    where = np.full(len(model.lines), -1)
    where[lines] = np.arange(len(lines))
    out = np.array(bau, dtype=float, copy=True)
    added = np.zeros(out.shape)
    kept = np.empty(out.shape[1:])                                           # (V, T)
    model_added = model.added if years is None else model.added[:, :, years]
    for m in range(len(model.measures)):  # a measure at a time: ~20, not data rows
        scale = uptake[m] * effect[m][:, None]                               # (V, T)
        # line by line (a measure acts on a few), in place on (V, T) blocks that stay in cache
        for j in np.flatnonzero(model.weight[m][lines]):
            np.multiply(scale, model.weight[m][lines[j]], out=kept)
            np.minimum(kept, 1.0, out=kept)
            np.subtract(1.0, kept, out=kept)
            out[j] *= kept
        for j in np.flatnonzero(np.abs(model.added[m][lines]).sum(axis=1)):
            added[j] += scale * model_added[m][lines[j]][None, :]
        shares = landfill_share(model, m, uptake[m]) if landfill is None else \
            landfill.get(m, [])
        for i, share in shares:
            if where[i] >= 0:
                out[where[i]] *= 1.0 - np.minimum(share, 1.0)
    out += added
    return out


def basis_sums(masks: dict[str, np.ndarray], lines_draws_years: np.ndarray) -> np.ndarray:
    """(bases, V, T) totals of an ``(L, V, T)`` array, one matrix product for every basis."""
    weights = np.array([m.astype(float) for m in masks.values()])      # (B, L)
    n_l, v, t = lines_draws_years.shape
    return (weights @ lines_draws_years.reshape(n_l, v * t)).reshape(len(masks), v, t)


@dataclass(frozen=True)
class _Sample:
    """The draws of one Monte Carlo: standard normals and the multipliers made of them."""

    z_effect: np.ndarray     # (M, V)
    z_uptake: np.ndarray     # (M, V)
    z_driver: np.ndarray     # (drivers, V)
    drivers: np.ndarray      # the drivers' names
    level: np.ndarray        # (V, L) base-year inventory multipliers
    effect: np.ndarray       # (M, V)
    scale: np.ndarray        # (M, V) uptake multipliers
    growth: np.ndarray       # (L, V) BAU growth multipliers


def _sample(run: MonteCarlo) -> _Sample:
    model, settings, draws = run.model, run.settings, run.draws
    rng = np.random.default_rng(run.seed)
    n_m = len(model.measures)
    z_effect = rng.standard_normal((n_m, draws))
    z_uptake = rng.standard_normal((n_m, draws))
    drivers = np.asarray(model.line_driver if model.line_driver is not None
                         else np.full(len(model.lines), "all"), dtype=str)
    names, line_of = np.unique(drivers, return_inverse=True)
    z_driver = rng.standard_normal((len(names), draws))
    level = inventory_multipliers(rng, draws, run.line_u)                    # (V, L)
    return _Sample(z_effect, z_uptake, z_driver, names, level,
                   normal_multiplier(z_effect, settings.get("effect_pct", 0.0)),
                   normal_multiplier(z_uptake, settings.get("uptake_pct", 0.0)),
                   normal_multiplier(z_driver, settings.get("driver_pct", 0.0))[line_of])


def reductions(model: Model, masks: dict[str, np.ndarray], sample: _Sample, years: np.ndarray
               ) -> np.ndarray:
    """(bases, V, len(years)) % below each draw's own BAU in the projection years at positions
    ``years``: each year's numbers are those of the whole projection, computed for those years
    only (landfill decay, which carries over from year to year, runs on every year)."""
    scale, level, growth = sample.scale, sample.level, sample.growth
    uptake = np.minimum(model.uptake[:, None, years] * scale[:, :, None], 1.0)   # (M, V, Y)
    bau = model.bau[:, years]
    # BAU of line l in draw v: level × (start + growth × (B(t) - start)) = a + c × B(t), so its
    # basis totals are matrix products; only the lines measures touch are built in full
    start = model.bau[:, 0]
    a = level.T * (start[:, None] * (1.0 - growth))                          # (L, V)
    c = level.T * growth
    weights = np.array([m.astype(float) for m in masks.values()])           # (B, L)
    # every year, then those asked for: BLAS sums a year's products in another order when it
    # multiplies fewer years at once, and the outputs must not change in the last digit
    bau_sums = (weights @ a)[:, :, None] + np.einsum("bl,lv,lt->bvt", weights, c, model.bau,
                                                     optimize=True)[:, :, years]
    touched = touched_lines(model)
    bau_touched = c[touched][:, :, None] * bau[touched][:, None, :]
    bau_touched += a[touched][:, :, None]            # a + c × B(t), without a third array
    upto = int(np.max(years)) + 1  # decay runs forward: no year after the last asked for
    landfill = {m: [(i, share[:, years]) for i, share in landfill_share(
        model, m, np.minimum(model.uptake[m][None, :upto] * scale[m][:, None], 1.0))]
        for m, measure in enumerate(model.measures) if measure.effect == "landfill_diversion"}
    saved = scenario_draws(model, bau_touched, uptake, sample.effect, touched, years, landfill)
    np.subtract(bau_touched, saved, out=saved)
    scen_sums = bau_sums - basis_sums({k: v[touched] for k, v in masks.items()}, saved)
    return 100.0 * (1.0 - scen_sums / bau_sums)


def simulate(model: Model, masks: dict[str, np.ndarray], stated: str, line_u: pd.DataFrame,
             settings: dict, target_year: int, target_pct: float, draws: int, seed: int
             ) -> Draws:
    """Run ``draws`` variants; P(target-year reduction ≥ ``target_pct``) under each basis."""
    run = MonteCarlo(model, masks, stated, line_u, settings, draws, seed)
    sample = _sample(run)
    t = int(np.searchsorted(model.years, target_year))
    at_target = reductions(model, masks, sample, np.array([t]))[:, :, 0]     # (B, V)
    rows = []
    for k, basis in enumerate(masks):
        at = at_target[k]
        rows.append((basis, basis == stated, float((at >= target_pct - 1e-9).mean()),
                     float(at.mean()), *np.percentile(at, [5, 50, 95]).tolist()))
    by_basis = pd.DataFrame(rows, columns=["basis", "stated", "p_meet", "mean_pct", "p5_pct",
                                           "p50_pct", "p95_pct"])
    level = sample.level
    inputs = {**{("effect", m.id): sample.z_effect[i] for i, m in enumerate(model.measures)},
              **{("uptake", m.id): sample.z_uptake[i] for i, m in enumerate(model.measures)},
              **{("driver", str(d)): sample.z_driver[j] for j, d in enumerate(sample.drivers)},
              ("inventory", "base year"): level @ model.bau[:, 0] / model.bau[:, 0].sum()}
    return Draws(by_basis, _spread(inputs, at_target[list(masks).index(stated)]), run)


def _spread(inputs: dict, result: np.ndarray) -> pd.DataFrame:
    """Swing of the result per ±1 standard deviation of each input: its covariance with the
    result over the input's standard deviation (the inputs are drawn independently, so this is
    each input's slope in a fit on the standardised inputs)."""
    keys = list(inputs)
    x = np.column_stack([inputs[k] for k in keys])
    sd = x.std(axis=0)
    live = sd > 0
    swing = np.zeros(len(keys))
    if live.any() and result.std() > 0:
        centred = x[:, live] - x[:, live].mean(axis=0)
        swing[live] = centred.T @ (result - result.mean()) / len(result) / sd[live]
    out = pd.DataFrame({"kind": [k[0] for k in keys], "input": [k[1] for k in keys],
                        "swing_pct_per_sd": swing})
    out["share_of_variance"] = out["swing_pct_per_sd"] ** 2 / max(
        float((out["swing_pct_per_sd"] ** 2).sum()), 1e-300)
    return out.sort_values("share_of_variance", ascending=False, kind="stable")\
        .reset_index(drop=True)
