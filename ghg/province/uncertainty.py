"""Inventory uncertainty: Approach 1 (error propagation) and Approach 2 (Monte Carlo).

IPCC 2006 Guidelines Vol 1 ch 3 (kept unchanged in the 2019 Refinement for these equations).

Inputs (handed over by the engine):

- ``inventory``: one row per (category, gas, year) with ``co2e_t`` (removals negative).
- ``uncertainty``: one row per (category, gas) with ``u_activity_pct`` and ``u_factor_pct``, the
  half-width of the 95% confidence interval in % of the value; optional ``distribution_activity``,
  ``distribution_factor`` (normal | lognormal | triangular | uniform), ``activity_group`` and
  ``factor_group`` (cells sharing a group id share one draw: fully correlated).

Default distribution: normal below a 50% half-width, lognormal from 50% up (Vol 1 ch 3 advises
asymmetric distributions for large uncertainties; the 50% cut is this project's documented choice).

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
from scipy.special import ndtr

from ghg.core.errors import GHGError
from ghg.core.schema import sector_of

DISTRIBUTIONS = ("normal", "lognormal", "triangular", "uniform")
#: From this half-width (%) up the default distribution is lognormal, below it normal.
LOGNORMAL_FROM_PCT = 50.0
#: Two-sided 95% quantile of the standard normal distribution.
Z95 = 1.959963984540054

#: Approach 1 table columns with the letters of the IPCC table (Vol 1 ch 3 Table 3.2).
APPROACH1_COLUMNS = {
    "A": "category",
    "B": "gas",
    "C": "base_year_co2e_t",
    "D": "latest_year_co2e_t",
    "E": "u_activity_pct",
    "F": "u_factor_pct",
    "G": "u_combined_pct",
    "H": "variance_contribution",
    "I": "sensitivity_type_a",
    "J": "sensitivity_type_b",
    "K": "trend_u_factor_pct",
    "L": "trend_u_activity_pct",
    "M": "trend_variance_contribution",
}


class UncertaintyInputError(GHGError, ValueError):
    """Inventory or uncertainty table that cannot be used; lists every problem found."""


# --- kernels (pure numpy) ----------------------------------------------------------------------

def combined_product_pct(u1_pct: np.ndarray, u2_pct: np.ndarray) -> np.ndarray:
    """Uncertainty of a product, Vol 1 ch 3 eq. 3.1: U = sqrt(U1^2 + U2^2).

    >>> float(combined_product_pct(np.array(3.0), np.array(4.0)))
    5.0
    """
    return np.hypot(u1_pct, u2_pct)


def combined_sum_pct(values: np.ndarray, u_pct: np.ndarray) -> float:
    """Uncertainty of a sum, Vol 1 ch 3 eq. 3.2: U = sqrt(sum (U_i x_i)^2) / |sum x_i|.

    >>> round(combined_sum_pct(np.array([100.0, 100.0]), np.array([10.0, 10.0])), 4)
    7.0711
    """
    total = float(np.sum(values))
    if total == 0.0:
        raise UncertaintyInputError("total is zero: a percentage uncertainty is undefined")
    return float(np.sqrt(np.sum((u_pct * values) ** 2)) / abs(total))


def trend_sensitivities(base: np.ndarray, latest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Type A and type B sensitivities, Vol 1 ch 3 Table 3.2 columns I and J.

    I: change of the total trend (percentage points) when the category rises by 1% in both years,
    |(0.01 D_x + sum D - (0.01 C_x + sum C)) / (0.01 C_x + sum C) - (sum D - sum C) / sum C| x 100.
    J: |D_x| / |sum C|. C = base year, D = latest year.

    >>> a, b = trend_sensitivities(np.array([100.0, 100.0]), np.array([100.0, 150.0]))
    >>> np.round(a, 4).tolist(), np.round(b, 4).tolist()
    ([0.1244, 0.1244], [0.5, 0.75])
    """
    sum_c, sum_d = base.sum(), latest.sum()
    shifted = (0.01 * latest + sum_d - (0.01 * base + sum_c)) / (0.01 * base + sum_c)
    type_a = np.abs(shifted - (sum_d - sum_c) / sum_c) * 100.0
    type_b = np.abs(latest) / abs(sum_c)
    return type_a, type_b


def approach1_columns(base: np.ndarray, latest: np.ndarray, u_activity: np.ndarray,
                      u_factor: np.ndarray) -> dict[str, np.ndarray]:
    """Columns G..M of the Approach 1 table (Vol 1 ch 3 Table 3.2), uncertainties in %.

    G = sqrt(E^2 + F^2) (eq. 3.1); H = (G D)^2 / (sum D)^2 (eq. 3.2 term);
    K = I F (factor correlated across years); L = J E sqrt(2) (activity not correlated);
    M = K^2 + L^2. Level uncertainty = sqrt(sum H), trend uncertainty = sqrt(sum M).
    """
    combined = combined_product_pct(u_activity, u_factor)
    variance = (combined * latest) ** 2 / latest.sum() ** 2
    type_a, type_b = trend_sensitivities(base, latest)
    trend_factor = type_a * u_factor
    trend_activity = type_b * u_activity * np.sqrt(2.0)
    return {
        "u_combined_pct": combined,
        "variance_contribution": variance,
        "sensitivity_type_a": type_a,
        "sensitivity_type_b": type_b,
        "trend_u_factor_pct": trend_factor,
        "trend_u_activity_pct": trend_activity,
        "trend_variance_contribution": trend_factor**2 + trend_activity**2,
    }


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
            out[:, cols] = 1.0 + (uc / 0.95) * (2.0 * ndtr(zc) - 1.0)
        else:  # symmetric triangular, inverse CDF of the standard one on [-1, 1]
            p = ndtr(zc)
            t = np.where(p < 0.5, np.sqrt(2.0 * p) - 1.0, 1.0 - np.sqrt(2.0 * (1.0 - p)))
            out[:, cols] = 1.0 + (uc / (1.0 - np.sqrt(0.05))) * t
    return out


# --- inputs ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cells:
    """The inventory as a (category, gas) x year matrix, with each cell's uncertainty."""

    keys: pd.DataFrame  # category, gas (sorted)
    years: np.ndarray
    emissions: np.ndarray  # cells x years, t CO2e
    u_activity: np.ndarray
    u_factor: np.ndarray
    kind_activity: np.ndarray
    kind_factor: np.ndarray
    activity_group: np.ndarray  # group id per cell (object)
    factor_group: np.ndarray


def _cells(inventory: pd.DataFrame, uncertainty: pd.DataFrame) -> _Cells:
    problems: list[str] = []
    for name, frame, cols in (
        ("inventory", inventory, ("category", "gas", "year", "co2e_t")),
        ("uncertainty", uncertainty, ("category", "gas", "u_activity_pct", "u_factor_pct")),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            problems.append(f"{name}: missing column(s) {', '.join(missing)}")
    if problems:
        raise UncertaintyInputError("\n".join(problems))
    inv = inventory[["category", "gas", "year", "co2e_t"]].copy()
    inv["category"] = inv["category"].astype(str)
    inv["gas"] = inv["gas"].astype(str)
    if inv.duplicated(["category", "gas", "year"]).any():
        dup = inv[inv.duplicated(["category", "gas", "year"], keep=False)]
        problems.append("inventory: more than one row for " + _list(dup))
    values = pd.to_numeric(inv["co2e_t"], errors="coerce")
    if not np.isfinite(values.to_numpy(dtype=float)).all():
        problems.append("inventory: co2e_t not a finite number for "
                        + _list(inv[~np.isfinite(values.to_numpy(dtype=float))]))
    if problems:
        raise UncertaintyInputError("\n".join(problems))
    inv["co2e_t"] = values.astype(float)
    matrix = inv.pivot(index=["category", "gas"], columns="year", values="co2e_t")
    matrix = matrix.sort_index().sort_index(axis=1).fillna(0.0)  # a missing year adds nothing
    keys = matrix.index.to_frame(index=False)

    unc = uncertainty.copy()
    unc["category"] = unc["category"].astype(str)
    unc["gas"] = unc["gas"].astype(str)
    if unc.duplicated(["category", "gas"]).any():
        problems.append("uncertainty: more than one row for "
                        + _list(unc[unc.duplicated(["category", "gas"], keep=False)]))
        raise UncertaintyInputError("\n".join(problems))
    unc = unc.set_index(["category", "gas"]).reindex(matrix.index)
    absent = unc["u_activity_pct"].isna() & unc["u_factor_pct"].isna()
    if absent.any():
        problems.append("uncertainty: no row for " + _list(keys[absent.to_numpy()])
                        + "; add u_activity_pct and u_factor_pct for them")
    u_ad = _percent(unc, "u_activity_pct", keys, problems)
    u_ef = _percent(unc, "u_factor_pct", keys, problems)
    kind_ad = _kind(unc, "distribution_activity", u_ad, keys, problems)
    kind_ef = _kind(unc, "distribution_factor", u_ef, keys, problems)
    cell_id = (keys["category"] + "|" + keys["gas"]).to_numpy(dtype=object)
    group_ad = _groups(unc, "activity_group", cell_id)
    group_ef = _groups(unc, "factor_group", cell_id)
    for group, u, kind, what in ((group_ad, u_ad, kind_ad, "activity"),
                                 (group_ef, u_ef, kind_ef, "factor")):
        _check_group_consistent(group, u, kind, what, problems)
    if problems:
        raise UncertaintyInputError("\n".join(problems))
    return _Cells(keys, matrix.columns.to_numpy(dtype=int), matrix.to_numpy(dtype=float),
                  u_ad, u_ef, kind_ad, kind_ef, group_ad, group_ef)


def _list(frame: pd.DataFrame, limit: int = 10) -> str:
    pairs = (frame["category"].astype(str) + " " + frame["gas"].astype(str)).drop_duplicates()
    shown = ", ".join(pairs.head(limit))
    return shown + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")


def _percent(unc: pd.DataFrame, col: str, keys: pd.DataFrame, problems: list[str]) -> np.ndarray:
    values = pd.to_numeric(unc[col], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        problems.append(f"uncertainty: {col} must be a number >= 0 (% half-width of the 95% "
                        f"interval) for {_list(keys[bad])}")
    return values


def _kind(unc: pd.DataFrame, col: str, u_pct: np.ndarray, keys: pd.DataFrame,
          problems: list[str]) -> np.ndarray:
    default = np.where(u_pct >= LOGNORMAL_FROM_PCT, "lognormal", "normal")
    if col in unc.columns:
        given = unc[col].astype("string").str.strip().str.lower().fillna("")
        names = np.where(given.to_numpy(dtype=object) == "", default, given.to_numpy(dtype=object))
    else:
        names = default
    codes = pd.Index(DISTRIBUTIONS).get_indexer(pd.Index(names, dtype=object))
    if (codes < 0).any():
        problems.append(f"uncertainty: {col} must be one of {', '.join(DISTRIBUTIONS)} for "
                        f"{_list(keys[codes < 0])}")
    return np.asarray(codes, dtype=np.int64)


def _groups(unc: pd.DataFrame, col: str, cell_id: np.ndarray) -> np.ndarray:
    if col not in unc.columns:
        return cell_id
    given = unc[col].astype("string").str.strip().fillna("").to_numpy(dtype=object)
    # an ungrouped cell is its own group; the prefix keeps it apart from user group names
    return np.where(given == "", "cell:" + cell_id, "group:" + given).astype(object)


def _check_group_consistent(group: np.ndarray, u: np.ndarray, kind: np.ndarray, what: str,
                            problems: list[str]) -> None:
    frame = pd.DataFrame({"group": group, "u": u, "kind": kind})
    spread = frame.groupby("group").agg(u=("u", "nunique"), kind=("kind", "nunique"))
    bad = spread.index[(spread["u"] > 1) | (spread["kind"] > 1)]
    if len(bad):
        names = ", ".join(str(g).removeprefix("group:") for g in bad)
        problems.append(f"uncertainty: {what}_group {names} has different u_{what}_pct or "
                        f"distribution_{what} in its rows; one shared draw needs one distribution")


def _pick_years(years: np.ndarray, base_year: int | None, latest_year: int | None
                ) -> tuple[int, int]:
    base = int(years.min()) if base_year is None else int(base_year)
    latest = int(years.max()) if latest_year is None else int(latest_year)
    for year in (base, latest):
        if year not in years:
            raise UncertaintyInputError(f"year {year} is not in the inventory "
                                        f"({years.min()}-{years.max()})")
    return base, latest


# --- Approach 1 --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Approach1Result:
    """Approach 1 for a base and a latest year (Vol 1 ch 3 Table 3.2)."""

    table: pd.DataFrame  #: one row per (category, gas), columns APPROACH1_COLUMNS
    base_year: int
    latest_year: int
    base_total_t: float
    latest_total_t: float
    level_pct: float  #: sqrt(sum H): 95% half-width of the latest-year total, %
    trend_pct: float  #: (sum D - sum C) / sum C x 100
    trend_uncertainty_pct: float  #: sqrt(sum M): 95% half-width of the trend, percentage points

    def ipcc_table(self) -> pd.DataFrame:
        """The table with IPCC letters as headers and a total row (C, D, sqrt H, sqrt M)."""
        table = self.table.rename(columns={v: k for k, v in APPROACH1_COLUMNS.items()})
        total = {"A": "Total", "B": "", "C": self.base_total_t, "D": self.latest_total_t,
                 "H": self.level_pct, "M": self.trend_uncertainty_pct}
        return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def approach1(inventory: pd.DataFrame, uncertainty: pd.DataFrame, base_year: int | None = None,
              latest_year: int | None = None) -> Approach1Result:
    """Approach 1 error propagation for level and trend (Vol 1 ch 3 eq. 3.1, 3.2, Table 3.2).

    Categories are taken as independent of each other (groups apply to Approach 2 only). Years
    default to the first and last of the inventory.

    >>> inv = pd.DataFrame({"category": ["1.A", "1.A", "3.A", "3.A"], "gas": ["CO2", "CO2",
    ...     "CH4", "CH4"], "year": [2015, 2024] * 2, "co2e_t": [100.0, 100.0, 100.0, 150.0]})
    >>> unc = pd.DataFrame({"category": ["1.A", "3.A"], "gas": ["CO2", "CH4"],
    ...     "u_activity_pct": [3.0, 6.0], "u_factor_pct": [4.0, 8.0]})
    >>> r = approach1(inv, unc)
    >>> round(r.level_pct, 4), round(r.trend_pct, 1), round(r.trend_uncertainty_pct, 4)
    (6.3246, 25.0, 6.7998)
    """
    cells = _cells(inventory, uncertainty)
    base, latest = _pick_years(cells.years, base_year, latest_year)
    c = cells.emissions[:, np.searchsorted(cells.years, base)]
    d = cells.emissions[:, np.searchsorted(cells.years, latest)]
    if c.sum() == 0.0 or d.sum() == 0.0:
        raise UncertaintyInputError("the base-year or latest-year total is zero: "
                                    "percentage uncertainties are undefined")
    columns = approach1_columns(c, d, cells.u_activity, cells.u_factor)
    table = cells.keys.assign(base_year_co2e_t=c, latest_year_co2e_t=d,
                              u_activity_pct=cells.u_activity, u_factor_pct=cells.u_factor,
                              **columns)
    return Approach1Result(
        table=table[list(APPROACH1_COLUMNS.values())],
        base_year=base, latest_year=latest,
        base_total_t=float(c.sum()), latest_total_t=float(d.sum()),
        level_pct=float(np.sqrt(columns["variance_contribution"].sum())),
        trend_pct=float((d.sum() - c.sum()) / c.sum() * 100.0),
        trend_uncertainty_pct=float(np.sqrt(columns["trend_variance_contribution"].sum())),
    )


def level_uncertainty_by_year(inventory: pd.DataFrame, uncertainty: pd.DataFrame
                              ) -> pd.DataFrame:
    """Approach 1 level uncertainty of the total for every year (eq. 3.1 per cell, eq. 3.2).

    Columns: year, total_co2e_t, u_pct (95% half-width in % of the total).
    """
    cells = _cells(inventory, uncertainty)
    combined = combined_product_pct(cells.u_activity, cells.u_factor)[:, None]
    totals = cells.emissions.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.sqrt(((combined * cells.emissions) ** 2).sum(axis=0)) / np.abs(totals)
    return pd.DataFrame({"year": cells.years, "total_co2e_t": totals, "u_pct": u})


# --- Approach 2 --------------------------------------------------------------------------------

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
    cells = _cells(inventory, uncertainty)
    base, latest = _pick_years(cells.years, base_year, latest_year)
    rng = np.random.Generator(np.random.PCG64(seed))
    model, sector_ids = _draw_model(cells)
    by_sector = _sector_draws(rng, draws, model)
    estimate_sector = cells.emissions.T @ model.onehot  # years x sectors
    estimate_total = cells.emissions.sum(axis=0)
    return _summarise(by_sector, estimate_sector, estimate_total, sector_ids, cells.years,
                      base, latest, seed)


def _summarise(by_sector: np.ndarray, estimate_sector: np.ndarray, estimate_total: np.ndarray,
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
class _DrawModel:
    """What Monte Carlo draws need, as plain numpy arrays (small, so cheap to ship to workers)."""

    emissions: np.ndarray  # cells x years, t CO2e
    onehot: np.ndarray  # cells x sectors, 1 where the cell belongs to the sector
    factor_index: np.ndarray  # factor group (column of the draws) of each cell
    factor_u: np.ndarray  # per factor group: 95% half-width, %
    factor_kind: np.ndarray  # per factor group: index into DISTRIBUTIONS
    activity_index: np.ndarray
    activity_u: np.ndarray
    activity_kind: np.ndarray


def _draw_model(cells: _Cells) -> tuple[_DrawModel, np.ndarray]:
    """The draw model of the cells and the sector names (columns of ``onehot``)."""
    f_index, f_first = _group_order(cells.factor_group, cells.kind_factor)
    a_index, a_first = _group_order(cells.activity_group, cells.kind_activity)
    sectors = sector_of(cells.keys["category"])
    sector_ids, sector_index = np.unique(sectors.to_numpy(dtype=str), return_inverse=True)
    onehot = np.zeros((len(sectors), len(sector_ids)))
    onehot[np.arange(len(sectors)), sector_index] = 1.0
    model = _DrawModel(cells.emissions, onehot,
                       f_index, cells.u_factor[f_first], cells.kind_factor[f_first],
                       a_index, cells.u_activity[a_first], cells.kind_activity[a_first])
    return model, sector_ids


def _sector_draws(rng: np.random.Generator, draws: int, model: _DrawModel) -> np.ndarray:
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
