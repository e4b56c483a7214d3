"""Aquaculture N2O (2013 Wetlands Supplement, ch 4 coastal wetlands, aquaculture use).

N2O = production (kg fish or shrimp) × EF_F (kg N2O-N per kg produced) × 44/28, Tier 1, with EF_F
from table ``aquaculture_n2o`` (factor set ``wetlands2013``). The Supplement reports it under
wetlands; in the IPCC 2006 tree a row may carry 3.B.4 (wetlands) or one of its sub-categories,
or 3.D (other), whichever the inventory uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.sectors.method import SectorContext, SectorRows, fmt, no_records, records

TABLE = "aquaculture_n2o"
N2O_PER_N2O_N = 44.0 / 28.0  # molecular weights
CATEGORY_ROOTS = ("3.B.4", "3.D")


def n2o_from_production(production_t: np.ndarray, ef_n2o_n: np.ndarray) -> np.ndarray:
    """N2O, t: production (t) × EF_F (kg N2O-N/kg, so t N2O-N/t) × 44/28
    (2013 Wetlands Supplement, ch 4, N2O from aquaculture)."""
    return production_t * ef_n2o_n * N2O_PER_N2O_N


def _lookup(context: SectorContext, activity: np.ndarray) -> Lookup:
    if TABLE not in context.parameters.dimensions:  # no set in the stack has the table
        n = len(activity)
        return Lookup(np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
    return context.parameters.lookup(TABLE, "ef_n2o_n", {"activity": activity},
                                     unit="kg N2O-N/kg")


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """N2O records for aquaculture production rows; problems go to ``rows.problems``."""
    if not len(rows):
        return no_records()
    activity = rows.text("activity")
    production = rows.amount_in("t")
    category = rows.frame["category"].astype(str).to_numpy(dtype=str)
    fits = np.zeros(len(category), dtype=bool)
    for root in CATEGORY_ROOTS:
        fits |= (category == root) | np.char.startswith(category, root + ".")
    rows.report(~fits, "category", _("is not a category for aquaculture N2O; expected 3.B.4 "
                                     "(wetlands) or a sub-category of it, or 3.D"))
    ef = _lookup(context, activity)
    sets = ", ".join(dict.fromkeys(context.parameters.rows["factor_set"].astype(str))) or "none"
    rows.report(ef.missing, "activity", _("no aquaculture N2O factor ef_n2o_n in factor sets "
                                          "{sets}; add factor set wetlands2013 or a local "
                                          "parameters table '{TABLE}'").format(
                                              sets=sets, TABLE=TABLE))
    ok = fits & ~ef.missing
    emissions = n2o_from_production(production, ef.value)
    source = context.parameters.describe(ef.ref) if len(context.parameters.rows) else ""
    chain = (fmt(production) + " t produced × EF_F " + fmt(ef.value) + " kg N2O-N/kg ["
             + source + "] × 44/28 = " + fmt(emissions) + " t N2O")
    position = np.flatnonzero(ok)
    if not len(position):
        return no_records()
    return records(rows, position, category=category.astype(object)[position], gas="N2O",
                   emissions_t=emissions[position], step="aquaculture",
                   chain=np.asarray(chain, dtype=object)[position])
