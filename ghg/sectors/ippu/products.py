"""Non-energy products from fuels (IPPU 2.D; 2006 IPCC Guidelines Vol 3 Ch 5).

``lubricants`` (2.D.1, Equation 5.2) and ``paraffin_waxes`` (2.D.2, Equation 5.4), Tier 1:
CO2 = mass (t) × NCV (GJ/t) × carbon content (kg C/GJ) / 1000 × ODU × 44/12. NCV and carbon
content are Vol 2 Tables 1.2 and 1.3 (table ``ippu_nonenergy``); ODU, the fraction oxidised
during use (Table 5.2), is given per row in the column ``odu``: no default is shipped (not found
in two transcriptions). Lubricants burnt on purpose in two-stroke engines belong in energy (1.A),
used oil burnt as waste in 4.C.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.factors.parameters import Lookup
from ghg.sectors.common import factor_set_names, report_missing
from ghg.sectors.ippu.common import category_fits, fraction_ok
from ghg.sectors.method import SectorContext, SectorRows, fmt, no_records, records

TABLE = "ippu_nonenergy"
CATEGORIES = {"lubricants": ("2.D.1",), "paraffin_waxes": ("2.D.2",)}
CO2_PER_C = 44.0 / 12.0  # molecular weights


def oxidised_co2(mass_t: np.ndarray, ncv_gj_t: np.ndarray, carbon_kg_gj: np.ndarray,
                 odu: np.ndarray) -> np.ndarray:
    """CO2, t = mass × NCV × CC / 1000 (t C) × ODU × 44/12 (Equations 5.2 and 5.4)."""
    return mass_t * ncv_gj_t * carbon_kg_gj / 1000.0 * odu * CO2_PER_C


def _lookup(context: SectorContext, parameter: str, product: np.ndarray, unit: str) -> Lookup:
    if TABLE not in context.parameters.dimensions:
        n = len(product)
        return Lookup(np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
    return context.parameters.lookup(TABLE, parameter, {"product": product}, unit=unit)


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """CO2 records for lubricant and paraffin-wax rows; problems go to ``rows.problems``."""
    if not len(rows):
        return no_records()
    product = rows.text("activity")
    mass = rows.amount_in("t")
    ok = category_fits(rows, CATEGORIES)
    odu = rows.number("odu", maximum=1.0, required=True)
    ok &= fraction_ok(odu)
    sets = factor_set_names(context)
    ncv = _lookup(context, "ncv", product, "TJ/Gg")  # TJ/Gg is GJ/t
    carbon = _lookup(context, "carbon_content", product, "kg C/GJ")
    ok &= ~report_missing(rows, ok, ncv.missing, "activity", product,
                          f"no net calorific value in factor sets {sets}")
    ok &= ~report_missing(rows, ok, carbon.missing, "activity", product,
                          f"no carbon content in factor sets {sets}")
    emissions = oxidised_co2(mass, ncv.value, carbon.value, odu)
    describe = context.parameters.describe
    chain = (fmt(mass) + " t × NCV " + fmt(ncv.value) + " GJ/t [" + describe(ncv.ref)
             + "] × CC " + fmt(carbon.value) + " kg C/GJ [" + describe(carbon.ref)
             + "] / 1000 × ODU " + fmt(odu) + " [row] × 44/12 = " + fmt(emissions) + " t CO2")
    position = np.flatnonzero(ok)
    if not len(position):
        return no_records()
    category = rows.frame["category"].astype(str).to_numpy(dtype=object)
    return records(rows, position, category=category[position], gas="CO2",
                   emissions_t=emissions[position], step="non_energy_product",
                   chain=np.asarray(chain, dtype=object)[position])
