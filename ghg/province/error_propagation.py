"""Approach 1 uncertainty: error propagation for level and trend (IPCC 2006 Guidelines Vol 1
ch 3 eq. 3.1, 3.2 and Table 3.2, kept unchanged in the 2019 Refinement).

Inputs and their checks: :mod:`ghg.province.uncertainty`. Categories are taken as independent of
each other; the trend assumes a factor correlated across years and an activity that is not
(Table 3.2 columns K and L).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.province.uncertainty import UncertaintyInputError, cell_matrix, pick_years

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
    cells = cell_matrix(inventory, uncertainty)
    base, latest = pick_years(cells.years, base_year, latest_year)
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
    cells = cell_matrix(inventory, uncertainty)
    combined = combined_product_pct(cells.u_activity, cells.u_factor)[:, None]
    totals = cells.emissions.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.sqrt(((combined * cells.emissions) ** 2).sum(axis=0)) / np.abs(totals)
    return pd.DataFrame({"year": cells.years, "total_co2e_t": totals, "u_pct": u})
