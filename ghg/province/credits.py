"""Carbon-credit potential of the inventory's removals (plan task 4.6): per source and year the
annual removal, its uncertainty and a conservative estimate, with the basis stated.

- Source: a (category, gas) cell of the territorial inventory whose net CO2e in the year is
  negative (a removal, e.g. 3.B.2.a coconut growth); the potential is the removal, positive.
- Uncertainty: the cell's 95% half-width from ``uncertainty.csv``, activity and factor combined as
  a product (IPCC 2006 Vol 1 ch 3 eq. 3.1: U = sqrt(U_AD^2 + U_EF^2)).
- Conservative estimate: the lower bound of the 90% interval (the 5th percentile), with the
  distribution the uncertainty analysis uses by default (normal below a 50% half-width,
  lognormal from 50% up, :mod:`ghg.province.uncertainty`) and the parameterisation of Approach 2
  (:func:`ghg.province.monte_carlo.multipliers`); both keep it above zero.
- A cell with no stated uncertainty gets no conservative estimate (left empty, never invented).

No price: no carbon price for Viet Nam has been sourced, so no money value is computed.
Reductions from the plan's measures come from a scenario run, not from the inventory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.province.error_propagation import combined_product_pct
from ghg.province.monte_carlo import multipliers
from ghg.province.uncertainty import DISTRIBUTIONS, LOGNORMAL_FROM_PCT

#: One-sided 95% quantile of the standard normal: the 90% interval is mean -/+ Z90 sigma.
Z90 = 1.6448536269514722
COLUMNS = ("category", "gas", "year", "removal_t", "u_combined_pct", "distribution",
           "conservative_t", "upper90_t")


def credit_potential(territorial: pd.DataFrame, uncertainty: pd.DataFrame) -> pd.DataFrame:
    """Removal sources per year with their 90% interval and conservative estimate (t CO2e).

    ``territorial``: category, year, gas, co2e_t (removals negative); ``uncertainty``: category,
    gas, u_activity_pct, u_factor_pct (95% half-widths, %), as the provincial inventory matched
    them. Columns: :data:`COLUMNS`; ``conservative_t`` is the 5th and ``upper90_t`` the 95th
    percentile of the removal (t CO2e), empty where the cell has no stated uncertainty.

    >>> terr = pd.DataFrame({"category": ["3.B.2.a"], "year": [2024], "gas": ["CO2"],
    ...                      "co2e_t": [-1000.0]})
    >>> unc = pd.DataFrame({"category": ["3.B.2.a"], "gas": ["CO2"],
    ...                     "u_activity_pct": [30.0], "u_factor_pct": [40.0]})
    >>> row = credit_potential(terr, unc).iloc[0]
    >>> float(row["u_combined_pct"]), row["distribution"], round(float(row["conservative_t"]), 1)
    (50.0, 'lognormal', 641.1)
    """
    net = (territorial.groupby(["category", "gas", "year"], as_index=False)["co2e_t"].sum())
    removals = net[net["co2e_t"] < 0].copy()
    removals["removal_t"] = -removals["co2e_t"]
    stated = uncertainty[["category", "gas", "u_activity_pct", "u_factor_pct"]]
    table = removals.merge(stated, on=["category", "gas"], how="left")
    u95 = combined_product_pct(table["u_activity_pct"].to_numpy(dtype=float),
                               table["u_factor_pct"].to_numpy(dtype=float))
    kind = np.where(u95 >= LOGNORMAL_FROM_PCT, DISTRIBUTIONS.index("lognormal"),
                    DISTRIBUTIONS.index("normal"))
    known = np.isfinite(u95)
    z = np.array([[-Z90], [Z90]]) * np.ones((1, len(table)))
    bounds = multipliers(z, np.where(known, u95, 0.0), kind)  # rows: lower, upper
    removal = table["removal_t"].to_numpy(dtype=float)
    table = table.assign(
        u_combined_pct=u95,
        distribution=np.where(known, np.asarray(DISTRIBUTIONS, dtype=object)[kind], ""),
        conservative_t=np.where(known, removal * bounds[0], np.nan),
        upper90_t=np.where(known, removal * bounds[1], np.nan))
    table = table.sort_values(["year", "category", "gas"]).reset_index(drop=True)
    return table[list(COLUMNS)].astype({"year": int})
