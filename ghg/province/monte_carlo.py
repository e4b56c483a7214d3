"""Approach 2 uncertainty: Monte Carlo over every (category, gas) cell and year (IPCC 2006
Guidelines Vol 1 ch 3 §3.2.3, kept unchanged in the 2019 Refinement).

Inputs, their checks and the default distribution: :mod:`ghg.province.uncertainty`; the same
model as a cube of draws (in memory or on dask): :mod:`ghg.province.uncertainty_cube`.

Parameterisation of a multiplier X (mean 1) from a 95% half-width U (fraction):

- normal: sigma = U / 1.96, the 2.5/97.5 percentiles are exactly 1 -/+ U;
- lognormal: same mean (1) and variance as that normal, from the standard lognormal moment
  relations mean = exp(mu + s^2/2), var = (exp(s^2) - 1) exp(2 mu + s^2):
  s^2 = ln(1 + (U / 1.96)^2), mu = -s^2 / 2 (not an IPCC equation; standard statistics);
- uniform on [1 - a, 1 + a] with a = U / 0.95 (95% of the mass inside 1 -/+ U);
- symmetric triangular on [1 - a, 1 + a] with a = U / (1 - sqrt(0.05)) (same property).

Time correlation, as Approach 1 assumes for the trend (Vol 1 ch 3 Table 3.2 columns K and L):
a factor draw is shared by every year, an activity draw is new each year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.core.schema import sector_of
from ghg.province.uncertainty import (
    DISTRIBUTIONS,
    Cells,
    UncertaintyInputError,
    cell_matrix,
    pick_years,
)

#: Two-sided 95% quantile of the standard normal distribution.
Z95 = 1.959963984540054


def multipliers(z: np.ndarray, u_pct: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Multiplicative draws (mean 1) from standard normal draws ``z`` (draws x groups).

    ``u_pct`` and ``kind`` (index into DISTRIBUTIONS) are per group (column); see the module
    docstring for the parameterisation of each distribution from the 95% half-width.

    >>> z = np.array([[-Z95, 0.0], [Z95, 0.0]])
    >>> multipliers(z, np.array([10.0, 10.0]), np.array([0, 1])).round(4).tolist()
    [[0.9, 0.9988], [1.1, 0.9988]]
    """
    u = u_pct / 100.0
    out = np.empty_like(z)
    for code, name in enumerate(DISTRIBUTIONS):  # four distribution kinds, not data rows
        found = np.flatnonzero(kind == code)
        if found.size == 0:
            continue
        contiguous = found[-1] - found[0] + 1 == found.size  # a slice avoids two copies
        cols = slice(found[0], found[-1] + 1) if contiguous else found
        zc, uc = z[:, cols], u[cols]
        if name == "normal":
            out[:, cols] = 1.0 + (uc / Z95) * zc
        elif name == "lognormal":
            s2 = np.log1p((uc / Z95) ** 2)
            out[:, cols] = np.exp(-0.5 * s2 + np.sqrt(s2) * zc)
        elif name == "uniform":
            out[:, cols] = 1.0 + (uc / 0.95) * (2.0 * _ndtr(zc) - 1.0)
        else:  # symmetric triangular, inverse CDF of the standard one on [-1, 1]
            p = _ndtr(zc)
            t = np.where(p < 0.5, np.sqrt(2.0 * p) - 1.0, 1.0 - np.sqrt(2.0 * (1.0 - p)))
            out[:, cols] = 1.0 + (uc / (1.0 - np.sqrt(0.05))) * t
    return out


def _ndtr(z: np.ndarray) -> np.ndarray:
    """The standard normal CDF, for the uniform and triangular draws only: scipy.special costs
    0.3 s of import, which inventories of normal and lognormal groups do not pay."""
    from scipy.special import ndtr

    return ndtr(z)


@dataclass(frozen=True)
class MonteCarloResult:
    """Approach 2 results: 95% intervals (2.5 and 97.5 percentiles of the draws)."""

    draws: int
    seed: int
    totals: pd.DataFrame  #: year, estimate_t, mean_t, lower_t, upper_t, lower_pct, upper_pct
    sectors: pd.DataFrame  #: sector, year, then the same columns
    trend: pd.DataFrame  #: one row: base_year, latest_year, estimate_pct, mean_pct, lower_pct,
    #: upper_pct (trend of the total in %, percentiles of the drawn trends)


def monte_carlo(inventory: pd.DataFrame, uncertainty: pd.DataFrame, draws: int = 10_000,
                seed: int = 0, base_year: int | None = None,
                latest_year: int | None = None) -> MonteCarloResult:
    """Approach 2 Monte Carlo over every (category, gas) cell and year at once (Vol 1 ch 3 §3.2.3).

    Each cell value is E x A x F: F drawn once per factor group (shared by all years and by
    every cell of the group), A drawn per activity group and year. Draws come from
    ``numpy.random.Generator(PCG64(seed))`` in a fixed order (factor groups sorted by id, then
    activity groups year by year), so the same inputs and seed give identical numbers whatever
    the row order of the tables.
    """
    if draws < 2:
        raise UncertaintyInputError("draws must be at least 2")
    cells = cell_matrix(inventory, uncertainty)
    base, latest = pick_years(cells.years, base_year, latest_year)
    rng = np.random.Generator(np.random.PCG64(seed))
    model, sector_ids = draw_model(cells)
    by_sector = sector_draws(rng, draws, model)
    estimate_sector = cells.emissions.T @ model.onehot  # years x sectors
    estimate_total = cells.emissions.sum(axis=0)
    return summarise(by_sector, estimate_sector, estimate_total, sector_ids, cells.years,
                     base, latest, seed)


def summarise(by_sector: np.ndarray, estimate_sector: np.ndarray, estimate_total: np.ndarray,
              sector_ids: np.ndarray, years: np.ndarray, base: int, latest: int,
              seed: int) -> MonteCarloResult:
    """95% intervals of drawn sector totals (draws x years x sectors), their sum and the trend."""
    draws = by_sector.shape[0]
    totals = by_sector.sum(axis=2)
    total_frame = _interval(totals, estimate_total).assign(year=years)
    sector_frame = _interval(by_sector.reshape(draws, -1), estimate_sector.reshape(-1)).assign(
        sector=np.tile(sector_ids, len(years)),
        year=np.repeat(years, len(sector_ids)))
    i0, i1 = np.searchsorted(years, base), np.searchsorted(years, latest)
    with np.errstate(divide="ignore", invalid="ignore"):
        trend = (totals[:, i1] - totals[:, i0]) / totals[:, i0] * 100.0
    low, high = np.percentile(trend, [2.5, 97.5])
    trend_frame = pd.DataFrame([{
        "base_year": base, "latest_year": latest,
        "estimate_pct": (estimate_total[i1] - estimate_total[i0]) / estimate_total[i0] * 100.0,
        "mean_pct": float(trend.mean()), "lower_pct": float(low), "upper_pct": float(high),
    }])
    cols = ["estimate_t", "mean_t", "lower_t", "upper_t", "lower_pct", "upper_pct"]
    return MonteCarloResult(draws=draws, seed=seed, totals=total_frame[["year", *cols]],
                            sectors=sector_frame[["sector", "year", *cols]], trend=trend_frame)


@dataclass(frozen=True)
class DrawModel:
    """What Monte Carlo draws need, as plain numpy arrays (small, so cheap to ship to workers)."""

    emissions: np.ndarray  # cells x years, t CO2e
    onehot: np.ndarray  # cells x sectors, 1 where the cell belongs to the sector
    factor_index: np.ndarray  # factor group (column of the draws) of each cell
    factor_u: np.ndarray  # per factor group: 95% half-width, %
    factor_kind: np.ndarray  # per factor group: index into DISTRIBUTIONS
    activity_index: np.ndarray
    activity_u: np.ndarray
    activity_kind: np.ndarray


def draw_model(cells: Cells) -> tuple[DrawModel, np.ndarray]:
    """The draw model of the cells and the sector names (columns of ``onehot``)."""
    f_index, f_first = _group_order(cells.factor_group, cells.kind_factor)
    a_index, a_first = _group_order(cells.activity_group, cells.kind_activity)
    sectors = sector_of(cells.keys["category"])
    sector_ids, sector_index = np.unique(sectors.to_numpy(dtype=str), return_inverse=True)
    onehot = np.zeros((len(sectors), len(sector_ids)))
    onehot[np.arange(len(sectors)), sector_index] = 1.0
    model = DrawModel(cells.emissions, onehot,
                       f_index, cells.u_factor[f_first], cells.kind_factor[f_first],
                       a_index, cells.u_activity[a_first], cells.kind_activity[a_first])
    return model, sector_ids


def sector_draws(rng: np.random.Generator, draws: int, model: DrawModel) -> np.ndarray:
    """Drawn sector totals, draws x years x sectors (t CO2e): E x A x F summed by sector.

    Vol 1 ch 3 §3.2.3 (Approach 2). The order of the draws is fixed: the factor groups once
    (shared by all years), then the activity groups year by year.
    """
    factor = multipliers(rng.standard_normal((draws, len(model.factor_u))),
                         model.factor_u, model.factor_kind)[:, model.factor_index]
    n_years = model.emissions.shape[1]
    by_sector = np.empty((draws, n_years, model.onehot.shape[1]))
    for y in range(n_years):  # ~10 years; each year is one vectorised step
        activity = multipliers(rng.standard_normal((draws, len(model.activity_u))),
                               model.activity_u, model.activity_kind)
        weights = model.emissions[:, y, None] * model.onehot  # cells x sectors, t CO2e
        # einsum, not @: a D x C by C x 5 product is faster without the BLAS call overhead
        by_sector[:, y, :] = np.einsum("dc,cs->ds", activity[:, model.activity_index] * factor,
                                       weights)
    return by_sector


def _group_order(group: np.ndarray, kind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group of each cell and first cell of each group, groups ordered by (distribution, id).

    Ordering by distribution makes each distribution's columns a contiguous slice; ordering by
    id makes the draws independent of the input row order.
    """
    ids, index = np.unique(group.astype(str), return_inverse=True)
    first = np.full(len(ids), -1)
    first[index[::-1]] = np.arange(len(index))[::-1]  # groups are consistent: any cell will do
    order = np.lexsort((np.arange(len(ids)), kind[first]))  # ids are already sorted
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[index], first[order]


def _interval(samples: np.ndarray, estimate: np.ndarray) -> pd.DataFrame:
    """95% interval of draws x outputs; ``*_pct`` are distances from the estimate in % of it."""
    low, high = np.percentile(samples, [2.5, 97.5], axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = 100.0 / np.abs(estimate)
        return pd.DataFrame({
            "estimate_t": estimate, "mean_t": samples.mean(axis=0), "lower_t": low,
            "upper_t": high, "lower_pct": (estimate - low) * scale,
            "upper_pct": (high - estimate) * scale,
        })
