"""Key category analysis, IPCC 2006 Guidelines Vol 1 ch 4 (Approach 1 and Approach 2).

The analysis runs at the (category, gas) level the caller gives; nothing is aggregated here.
Removals (negative values) enter as absolute values, as ch 4 prescribes for the level and the
base-year weight of the trend assessment.

Time-series consistency (Vol 1 ch 5 §5.2; docs/domain.md §7): the trend assessment compares
the base year with the latest year, so it is run only on (category, gas) series estimated in the
base year. A series first estimated later (facility reports that start in 2020, a survey made
once) has no base-year estimate, not a base-year zero: eq. 4.3 is for sources that did not
exist in the base year, and applying it to a data gap would make the gap a trend.
:func:`series_after_base_year` lists such series; the caller leaves them out of the trend
assessment (they stay in the level assessment) and reports them.

Threshold rule: sorted by decreasing score, a category is key while the cumulative share of the
categories before it is below the threshold (95% for Approach 1, 90% for Approach 2), so the
category that carries the cumulative total across the threshold is key too.

Equations (E_x,t: estimate of category x in year t; 0 the base year):

- eq. 4.1 level, Approach 1: L_x,t = |E_x,t| / sum_y |E_y,t|
- eq. 4.2 trend, Approach 1: T_x,t = |E_x,0| / sum_y |E_y,0|
  x |(E_x,t - E_x,0) / |E_x,0| - (sum_y E_y,t - sum_y E_y,0) / |sum_y E_y,0||
- eq. 4.3 trend where E_x,0 = 0: T_x,t = |E_x,t| / sum_y |E_y,0|
- eq. 4.4 level, Approach 2: LU_x,t = L_x,t U_x,t / sum_y (L_y,t U_y,t)
- eq. 4.5 trend, Approach 2: TU_x,t = T_x,t U_x,t, ranked by its share of sum TU
  (U_x,t: the category's combined uncertainty in %, Vol 1 ch 3 Table 3.2 column G).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.errors import GHGError

THRESHOLD_APPROACH1 = 0.95
THRESHOLD_APPROACH2 = 0.90


class KeyCategoryInputError(GHGError, ValueError):
    """Inventory or uncertainty table that cannot be used for key category analysis."""


# --- kernels (pure numpy) ----------------------------------------------------------------------

def level_assessment(estimate: np.ndarray) -> np.ndarray:
    """Level assessment, Vol 1 ch 4 eq. 4.1: |E_x,t| / sum |E_y,t|.

    >>> level_assessment(np.array([60.0, -30.0, 10.0])).tolist()
    [0.6, 0.3, 0.1]
    """
    magnitude = np.abs(estimate)
    return magnitude / magnitude.sum()


def trend_assessment(base: np.ndarray, latest: np.ndarray) -> np.ndarray:
    """Trend assessment, Vol 1 ch 4 eq. 4.2, and eq. 4.3 where the base-year estimate is zero.

    >>> trend_assessment(np.array([100.0, 100.0, 0.0]), np.array([100.0, 150.0, 50.0])).tolist()
    [0.25, 0.0, 0.25]
    """
    base_sum = np.abs(base).sum()
    total_trend = (latest.sum() - base.sum()) / abs(base.sum())
    zero = base == 0.0
    safe = np.where(zero, 1.0, np.abs(base))
    own_trend = (latest - base) / safe
    weighted = np.abs(base) / base_sum * np.abs(own_trend - total_trend)
    return np.where(zero, np.abs(latest) / base_sum, weighted)


def cumulative_key(score: np.ndarray, threshold: float, category: np.ndarray,
                   gas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Order by decreasing score (ties by category, gas), share, cumulative share and key flag.

    A row is key while the cumulative share before it is below ``threshold``.

    >>> order, share, cum, key = cumulative_key(np.array([1.0, 8.0, 1.0]), 0.85,
    ...     np.array(["b", "a", "c"]), np.array(["CO2"] * 3))
    >>> order.tolist(), cum.round(6).tolist(), key.tolist()
    ([1, 0, 2], [0.8, 0.9, 1.0], [True, True, False])
    """
    order = np.lexsort((gas, category, -score))
    total = score.sum()
    # nothing changed at all (every trend score zero): no category is key by that criterion
    share = score[order] / total if total > 0 else np.zeros(len(score))
    cumulative = np.cumsum(share)
    before = cumulative - share
    key = (before < threshold) & (share > 0)
    return order, share, cumulative, key


# --- tables ------------------------------------------------------------------------------------

def _matrix(inventory: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("category", "gas", "year", "co2e_t") if c not in inventory.columns]
    if missing:
        raise KeyCategoryInputError(f"inventory: missing column(s) {', '.join(missing)}")
    inv = inventory.assign(category=inventory["category"].astype(str),
                           gas=inventory["gas"].astype(str),
                           co2e_t=pd.to_numeric(inventory["co2e_t"], errors="coerce"))
    if not np.isfinite(inv["co2e_t"].to_numpy(dtype=float)).all():
        raise KeyCategoryInputError("inventory: co2e_t must be a finite number in every row")
    if inv.duplicated(["category", "gas", "year"]).any():
        raise KeyCategoryInputError("inventory: more than one row for a (category, gas, year)")
    matrix = inv.pivot(index=["category", "gas"], columns="year", values="co2e_t")
    return matrix.sort_index().sort_index(axis=1).fillna(0.0)


def _year(matrix: pd.DataFrame, year: int | None, last: bool) -> int:
    years = matrix.columns
    chosen = (years.max() if last else years.min()) if year is None else year
    if chosen not in years:
        raise KeyCategoryInputError(f"year {chosen} is not in the inventory")
    return int(chosen)


def _uncertainty(matrix: pd.DataFrame, uncertainty: pd.DataFrame) -> np.ndarray:
    """Combined uncertainty (%) per (category, gas) in matrix order, from ``u_combined_pct``."""
    if "u_combined_pct" not in uncertainty.columns:
        raise KeyCategoryInputError("uncertainty: needs a u_combined_pct column (the "
                                    "Approach 1 table of "
                                    "ghg.province.error_propagation.approach1 has one)")
    unc = uncertainty.assign(category=uncertainty["category"].astype(str),
                             gas=uncertainty["gas"].astype(str))
    u = unc.set_index(["category", "gas"])["u_combined_pct"].reindex(matrix.index)
    values = pd.to_numeric(u, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        names = ", ".join(f"{c} {g}" for c, g in matrix.index[bad][:10])
        raise KeyCategoryInputError(f"uncertainty: no usable u_combined_pct for {names}")
    return values


def _table(matrix: pd.DataFrame, columns: dict[str, np.ndarray], score: np.ndarray,
           threshold: float, criterion: str) -> pd.DataFrame:
    keys = matrix.index.to_frame(index=False)
    order, share, cumulative, key = cumulative_key(
        score, threshold, keys["category"].to_numpy(dtype=str), keys["gas"].to_numpy(dtype=str))
    table = keys.assign(**columns).iloc[order].reset_index(drop=True)
    return table.assign(share=share, cumulative=cumulative,
                        key=np.where(key, "yes", "no"), criterion=criterion)


def level_table(inventory: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Approach 1 level assessment in the Vol 1 ch 4 Table 4.2 layout (criterion ``L1``).

    Columns: category, gas, latest_year_co2e_t, abs_co2e_t, level, share, cumulative, key,
    criterion. ``level`` is eq. 4.1 (equal to ``share``).
    """
    matrix = _matrix(inventory)
    estimate = matrix[_year(matrix, year, last=True)].to_numpy(dtype=float)
    level = level_assessment(estimate)
    return _table(matrix, {"latest_year_co2e_t": estimate, "abs_co2e_t": np.abs(estimate),
                           "level": level}, level, THRESHOLD_APPROACH1, "L1")


def trend_table(inventory: pd.DataFrame, base_year: int | None = None,
                latest_year: int | None = None) -> pd.DataFrame:
    """Approach 1 trend assessment in the Vol 1 ch 4 Table 4.3 layout (criterion ``T1``).

    Columns: category, gas, base_year_co2e_t, latest_year_co2e_t, trend (eq. 4.2/4.3),
    share (% contribution to trend as a fraction), cumulative, key, criterion.
    """
    matrix = _matrix(inventory)
    base, latest = _base_and_latest(matrix, base_year, latest_year)
    trend = trend_assessment(base, latest)
    return _table(matrix, {"base_year_co2e_t": base, "latest_year_co2e_t": latest,
                           "trend": trend}, trend, THRESHOLD_APPROACH1, "T1")


def series_after_base_year(inventory: pd.DataFrame, base_year: int | None = None,
                           latest_year: int | None = None) -> pd.DataFrame:
    """(category, gas) series with no estimate in the base year but one in a later year up to
    ``latest_year``: columns category, gas, first_year, last_year, latest_year_co2e_t.

    A series is estimated in a year when the inventory has a row for it (a computed zero
    counts; a missing row does not).

    >>> inv = pd.DataFrame({"category": ["1.A.3", "1.A.3", "1.A.2"], "gas": "CO2",
    ...                     "year": [2015, 2024, 2020], "co2e_t": [10.0, 12.0, 5.0]})
    >>> series_after_base_year(inv).to_dict("records")
    [{'category': '1.A.2', 'gas': 'CO2', 'first_year': 2020, 'last_year': 2020, 'latest_year_co2e_t': 0.0}]
    """  # noqa: E501
    matrix = _matrix(inventory)
    base = _year(matrix, base_year, last=False)
    latest = _year(matrix, latest_year, last=True)
    rows = inventory.assign(category=inventory["category"].astype(str),
                            gas=inventory["gas"].astype(str))
    rows = rows[(rows["year"] >= base) & (rows["year"] <= latest)]
    span = rows.groupby(["category", "gas"], sort=True)["year"].agg(["min", "max"])
    late = span[span["min"] > base]
    return pd.DataFrame({
        "category": late.index.get_level_values("category"),
        "gas": late.index.get_level_values("gas"),
        "first_year": late["min"].to_numpy(dtype=np.int64),
        "last_year": late["max"].to_numpy(dtype=np.int64),
        "latest_year_co2e_t": matrix[latest].reindex(late.index).to_numpy(dtype=float)})


def _base_and_latest(matrix: pd.DataFrame, base_year: int | None, latest_year: int | None
                     ) -> tuple[np.ndarray, np.ndarray]:
    base = matrix[_year(matrix, base_year, last=False)].to_numpy(dtype=float)
    latest = matrix[_year(matrix, latest_year, last=True)].to_numpy(dtype=float)
    if base.sum() == 0.0:
        raise KeyCategoryInputError("the base-year total is zero: the trend is undefined")
    return base, latest


def level_table_approach2(inventory: pd.DataFrame, uncertainty: pd.DataFrame,
                          year: int | None = None) -> pd.DataFrame:
    """Approach 2 level assessment, eq. 4.4 (criterion ``L2``, cumulative 90%).

    ``uncertainty``: category, gas, u_combined_pct (column G of the Approach 1 table).
    """
    matrix = _matrix(inventory)
    estimate = matrix[_year(matrix, year, last=True)].to_numpy(dtype=float)
    u = _uncertainty(matrix, uncertainty)
    level = level_assessment(estimate)
    weighted = level * u
    return _table(matrix, {"latest_year_co2e_t": estimate, "level": level,
                           "u_combined_pct": u, "level_x_uncertainty": weighted},
                  weighted, THRESHOLD_APPROACH2, "L2")


def trend_table_approach2(inventory: pd.DataFrame, uncertainty: pd.DataFrame,
                          base_year: int | None = None,
                          latest_year: int | None = None) -> pd.DataFrame:
    """Approach 2 trend assessment, eq. 4.5 (criterion ``T2``, cumulative 90%)."""
    matrix = _matrix(inventory)
    base, latest = _base_and_latest(matrix, base_year, latest_year)
    u = _uncertainty(matrix, uncertainty)
    trend = trend_assessment(base, latest)
    weighted = trend * u
    return _table(matrix, {"base_year_co2e_t": base, "latest_year_co2e_t": latest,
                           "trend": trend, "u_combined_pct": u,
                           "trend_x_uncertainty": weighted}, weighted, THRESHOLD_APPROACH2, "T2")


def key_categories(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Summary: one row per key (category, gas) with its criteria, e.g. ``L1, T1``.

    >>> t = pd.DataFrame({"category": ["1.A", "3.A"], "gas": ["CO2", "CH4"],
    ...                   "key": ["yes", "no"], "criterion": ["L1", "L1"]})
    >>> key_categories([t, t.assign(key="yes", criterion="T1")]).to_dict("records")
    [{'category': '1.A', 'gas': 'CO2', 'criteria': 'L1, T1'}, {'category': '3.A', 'gas': 'CH4', 'criteria': 'T1'}]
    """  # noqa: E501
    rows = pd.concat([t[t["key"] == "yes"][["category", "gas", "criterion"]] for t in tables])
    order = {"L1": 0, "T1": 1, "L2": 2, "T2": 3}
    rows = rows.assign(rank=rows["criterion"].map(order)).sort_values(
        ["category", "gas", "rank"])
    return (rows.groupby(["category", "gas"], sort=True)["criterion"]
            .agg(", ".join).rename("criteria").reset_index())
