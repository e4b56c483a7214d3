"""Crop residue burning in the field (3.C.1.b): IPCC 2006 Vol 4 ch 2, Eq 2.27.

A ``rice_straw_burnt`` row gives either the area burnt (ha) with the fuel mass ``fuel_t_ha``
(M_B, t dry matter per ha, required: no Table 2.4 default is tabulated), or the dry matter
exposed to fire (t; that is A × M_B). The combustion factor C_f (Table 2.6) and the emission
factor G_ef (Table 2.5, g/kg dry matter burnt) apply in both cases. CO2 is biogenic: a memo
record (``biogenic=True``), not in totals; CH4 and N2O count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.core.schema import MAIN_GASES
from ghg.sectors.common import factor_set_names, report_missing
from ghg.sectors.method import SectorContext, SectorRows, concat_records, fmt, no_records, records

CATEGORY = "3.C.1.b"
TABLE = "burning_crop"
#: Activity -> residue name in the parameter table.
RESIDUE = {"rice_straw_burnt": "rice_straw"}


def fire_loss_t(fuel_t_dm: np.ndarray, cf: np.ndarray, gef_g_kg: np.ndarray) -> np.ndarray:
    """Emission of one gas (t), IPCC 2006 Vol 4 Eq 2.27: L = A × M_B × C_f × G_ef × 10⁻³.

    ``fuel_t_dm`` is A × M_B (t dry matter); G_ef in g/kg dry matter burnt.
    """
    return fuel_t_dm * cf * gef_g_kg * 1e-3


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """CO2 (memo), CH4 and N2O records under 3.C.1.b."""
    n = len(rows)
    if not n:
        return no_records()
    from ghg.core.units import fits

    units = rows.frame["unit"].astype(str)
    is_area = units.map({u: fits(u, "ha") for u in units.unique()}).to_numpy(dtype=bool)
    amount = rows.frame["amount"].to_numpy(dtype=float)
    area_ha = np.where(is_area, _convert(amount, units, "ha"), 0.0)
    mass_t = np.where(is_area, 0.0, _convert(amount, units, "t"))
    fuel = rows.number("fuel_t_ha", required=is_area)
    bad = is_area & ~(np.isfinite(fuel) & (fuel >= 0))
    fuel_t = np.where(is_area, area_ha * np.nan_to_num(fuel), mass_t)

    activity = rows.frame["activity"].astype(str).str.lower()
    residue = activity.map(RESIDUE).fillna("").to_numpy(dtype=object)
    rows.report(residue == "", "activity", _("has no burning parameters; expected one of "
                                             "{value}").format(
                                                 value=', '.join(RESIDUE)),
                                                 values=activity.to_numpy(dtype=object))
    bad |= residue == ""
    p = context.parameters
    sets = factor_set_names(context)
    cf = p.lookup(TABLE, "combustion_factor", {"residue": residue}, unit="1")
    bad |= report_missing(rows, ~bad, cf.missing, "activity", residue,
                          f"no combustion factor for this residue in factor sets {sets}")
    gef = {gas: p.lookup(TABLE, "emission_factor", {"residue": residue, "gas": gas.lower()},
                         unit="g/kg dm") for gas in MAIN_GASES}
    for gas in MAIN_GASES:
        bad |= report_missing(rows, ~bad, gef[gas].missing, "activity", residue,
                              f"no {gas} emission factor for this residue in factor sets {sets}")
    ok = np.flatnonzero(~bad)
    if not len(ok):
        return no_records()
    basis = np.where(is_area[ok], fmt(area_ha[ok]) + " ha × M_B " + fmt(fuel[ok]) + " t dm/ha",
                     fmt(mass_t[ok]) + " t dm").astype(object)
    parts = []
    for gas in MAIN_GASES:  # three gases, not data rows
        t = fire_loss_t(fuel_t[ok], cf.value[ok], gef[gas].value[ok])
        chain = (basis + " × C_f " + fmt(cf.value[ok]) + " [" + p.describe(cf.ref[ok])
                 + "] × G_ef " + fmt(gef[gas].value[ok]) + " g/kg [" + p.describe(gef[gas].ref[ok])
                 + "] × 10^-3 = " + fmt(t) + f" t {gas}")
        parts.append(records(rows, ok, category=CATEGORY, gas=gas, emissions_t=t, step="burning",
                             chain=chain, biogenic=gas == "CO2"))
    return concat_records(parts)


def _convert(amount: np.ndarray, units: pd.Series, target: str) -> np.ndarray:
    """Amounts in ``target`` where the unit converts to it, NaN elsewhere (mixed area/mass)."""
    from ghg.core.units import fits, scale

    def factor(unit: str) -> float:
        return scale(unit, target) if fits(unit, target) else np.nan

    return amount * units.map({u: factor(u) for u in units.unique()}).to_numpy(dtype=float)
