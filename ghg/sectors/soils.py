"""Managed soils: N2O from N inputs (3.C.4 direct, 3.C.5 indirect), CO2 from urea (3.C.3) and
liming (3.C.2). IPCC 2006 / 2019 Refinement Vol 4 ch 11, Tier 1.

``soil_n`` rows give a mass of N (t N) per input: ``synthetic_n`` (F_SN), ``organic_n`` (F_ON),
``crop_residue_n`` (F_CR), ``pasture_n_cpp`` / ``pasture_n_so`` (F_PRP). A livestock row (3.A,
3.A.2) already gives the N2O of its herd's pasture share (:mod:`ghg.sectors.livestock.pasture`):
enter F_PRP here only for grazing animals that have no livestock row, or it is counted twice.
One row feeds both categories, the way officers enter it once: category ``3.C.4`` or ``3.C``
gives direct N2O under
3.C.4 and indirect N2O (volatilisation, Eq 11.9; leaching, Eq 11.10) under 3.C.5; category
``3.C.5`` gives the indirect part only. Optional column ``flooded_rice`` (yes/no) uses EF1FR for
N applied to flooded rice.

Wet or dry (2019 disaggregation of EF1, EF3PRP, EF4, FracLEACH) comes from the climate zone:
zones named ``*_dry`` are dry, all others (``*_wet``, ``*_moist``, montane) wet.
``urea`` rows (t urea) and ``limestone`` / ``dolomite`` rows (t) give CO2 = M × EF × 44/12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.sectors.common import factor_set_names, report_missing
from ghg.sectors.method import SectorContext, SectorRows, concat_records, fmt, no_records, records

TABLE_N2O = "soils_n2o"
TABLE_CO2 = "soils_co2"
N_INPUTS = ("synthetic_n", "organic_n", "crop_residue_n", "pasture_n_cpp", "pasture_n_so")
PASTURE = ("pasture_n_cpp", "pasture_n_so")
#: Inputs that volatilise in Eq 11.9 (F_SN with FracGASF; F_ON and F_PRP with FracGASM).
VOLATILISING = ("synthetic_n", "organic_n", "pasture_n_cpp", "pasture_n_so")
N2O_PER_N = 44.0 / 28.0
CO2_PER_C = 44.0 / 12.0
#: Category CO2 of each material is reported under (its row may say this or ``3.C``).
CO2_CATEGORY = {"urea": "3.C.3", "limestone": "3.C.2", "dolomite": "3.C.2"}


def direct_n2o_t(n_t: np.ndarray, ef: np.ndarray) -> np.ndarray:
    """Direct N2O (t) = N × EF1 (or EF1FR, EF3PRP) × 44/28, IPCC Vol 4 Eq 11.1."""
    return n_t * ef * N2O_PER_N


def volatilisation_n2o_t(n_t: np.ndarray, frac_gas: np.ndarray, ef4: np.ndarray) -> np.ndarray:
    """Indirect N2O (t) from atmospheric deposition = N × FracGAS × EF4 × 44/28, Eq 11.9."""
    return n_t * frac_gas * ef4 * N2O_PER_N


def leaching_n2o_t(n_t: np.ndarray, frac_leach: np.ndarray, ef5: np.ndarray) -> np.ndarray:
    """Indirect N2O (t) from leaching/runoff = N × FracLEACH-(H) × EF5 × 44/28, Eq 11.10."""
    return n_t * frac_leach * ef5 * N2O_PER_N


def carbonate_co2_t(mass_t: np.ndarray, ef_c: np.ndarray) -> np.ndarray:
    """CO2 (t) = M × EF (t C/t) × 44/12: liming Eq 11.12, urea Eq 11.13."""
    return mass_t * ef_c * CO2_PER_C


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """Records for soil N, urea and liming rows."""
    activity = rows.frame["activity"].astype(str).str.lower().to_numpy(dtype=object)
    soil = np.isin(activity, N_INPUTS)
    parts = [_soil_n(rows, context, np.flatnonzero(soil)),
             _carbonates(rows, context, np.flatnonzero(~soil))]
    return concat_records(parts)


def moisture_of(zone: np.ndarray) -> np.ndarray:
    """'dry' for climate zones named ``*_dry``, else 'wet' (2019 Vol 4 ch 11 wet/dry split)."""
    return np.where(np.char.endswith(zone.astype(str), "_dry"), "dry", "wet").astype(object)


def _soil_n(rows: SectorRows, context: SectorContext, index: np.ndarray) -> pd.DataFrame:
    if not len(index):
        return no_records()
    n = len(rows)
    mine = np.zeros(n, dtype=bool)
    mine[index] = True
    activity = rows.text("activity")
    category = rows.frame["category"].to_numpy(dtype=object)  # validated IPCC codes already
    direct = np.isin(category, ["3.C", "3.C.4"])
    indirect = direct | (category == "3.C.5")
    bad = mine & ~indirect
    rows.report(bad, "category", _("is not a managed-soils N category; expected 3.C.4 (direct "
                                   "and indirect N2O), 3.C or 3.C.5 (indirect only)"))
    flooded = rows.choice("flooded_rice", ("yes", "no"), default="no", mask=mine) == "yes"
    bad |= mine & ~np.isin(rows.text("flooded_rice"), ["", "yes", "no"])
    wrong = mine & flooded & np.isin(activity, PASTURE)
    rows.report(wrong, "flooded_rice", _("is yes for N deposited on pasture; EF1FR applies to N"
                                         " applied to flooded rice, not to grazing"))
    bad |= wrong
    zone = context.climate_zone(rows, mask=mine)
    moisture = moisture_of(zone)
    n_t = rows.amount_in("t")

    p = context.parameters
    keys = {"n_input": activity, "moisture": moisture}
    ef1 = p.lookup(TABLE_N2O, "ef1", keys, unit="kg N2O-N/kg N")
    ef1fr = p.lookup(TABLE_N2O, "ef1fr", keys, unit="kg N2O-N/kg N")
    ef3 = p.lookup(TABLE_N2O, "ef3prp", keys, unit="kg N2O-N/kg N")
    frac_gas = p.lookup(TABLE_N2O, "frac_gas", keys, unit="kg N/kg N")
    ef4 = p.lookup(TABLE_N2O, "ef4", keys, unit="kg N2O-N/kg N")
    frac_leach = p.lookup(TABLE_N2O, "frac_leach", keys, unit="kg N/kg N")
    ef5 = p.lookup(TABLE_N2O, "ef5", keys, unit="kg N2O-N/kg N")
    pasture = np.isin(activity, PASTURE)
    ef_direct = np.where(pasture, ef3.value, np.where(flooded, ef1fr.value, ef1.value))
    ref_direct = np.where(pasture, ef3.ref, np.where(flooded, ef1fr.ref, ef1.ref))
    name_direct = np.where(pasture, "EF3PRP", np.where(flooded, "EF1FR", "EF1"))
    volatile = np.isin(activity, VOLATILISING)
    sets = factor_set_names(context)
    checked = mine & ~bad
    for need, ref, what in ((direct, ref_direct, "direct N2O factor (EF1, EF1FR or EF3PRP)"),
                            (indirect & volatile, frac_gas.ref, "FracGAS"),
                            (indirect & volatile, ef4.ref, "EF4"),
                            (indirect, frac_leach.ref, "FracLEACH"),
                            (indirect, ef5.ref, "EF5")):
        bad |= report_missing(rows, checked & need, ref < 0, "activity", activity,
                              f"no {what} for this N input in factor sets {sets}")
    ok = mine & ~bad
    src = p.describe
    parts = []
    sel = np.flatnonzero(ok & direct)
    if len(sel):
        t = direct_n2o_t(n_t[sel], ef_direct[sel])
        chain = (fmt(n_t[sel]) + " t N × " + name_direct[sel].astype(object) + " "
                 + fmt(ef_direct[sel]) + " [" + src(ref_direct[sel]) + "] × 44/28 = "
                 + fmt(t) + " t N2O")
        parts.append(records(rows, sel, category="3.C.4", gas="N2O", emissions_t=t,
                             step="direct", chain=chain))
    sel = np.flatnonzero(ok & indirect & volatile)
    if len(sel):
        t = volatilisation_n2o_t(n_t[sel], frac_gas.value[sel], ef4.value[sel])
        chain = (fmt(n_t[sel]) + " t N × FracGAS " + fmt(frac_gas.value[sel]) + " ["
                 + src(frac_gas.ref[sel]) + "] × EF4 " + fmt(ef4.value[sel]) + " ["
                 + src(ef4.ref[sel]) + "] × 44/28 = " + fmt(t) + " t N2O")
        parts.append(records(rows, sel, category="3.C.5", gas="N2O", emissions_t=t,
                             step="volatilisation", chain=chain))
    sel = np.flatnonzero(ok & indirect)
    if len(sel):
        t = leaching_n2o_t(n_t[sel], frac_leach.value[sel], ef5.value[sel])
        chain = (fmt(n_t[sel]) + " t N × FracLEACH " + fmt(frac_leach.value[sel]) + " ["
                 + src(frac_leach.ref[sel]) + "] × EF5 " + fmt(ef5.value[sel]) + " ["
                 + src(ef5.ref[sel]) + "] × 44/28 = " + fmt(t) + " t N2O")
        parts.append(records(rows, sel, category="3.C.5", gas="N2O", emissions_t=t,
                             step="leaching", chain=chain))
    return concat_records(parts)


def _carbonates(rows: SectorRows, context: SectorContext, index: np.ndarray) -> pd.DataFrame:
    if not len(index):
        return no_records()
    n = len(rows)
    mine = np.zeros(n, dtype=bool)
    mine[index] = True
    material = rows.text("activity")
    category = rows.frame["category"].to_numpy(dtype=object)  # validated IPCC codes already
    known = mine & np.isin(material, list(CO2_CATEGORY))
    rows.report(mine & ~known, "activity", _("is not urea, limestone or dolomite"), values=material)
    report_as = pd.Series(material).map(CO2_CATEGORY).fillna("").to_numpy(dtype=object)
    allowed = (category == report_as) | (category == "3.C")
    wrong = known & ~allowed
    rows.report(wrong, "category", _("does not fit this material; expected 3.C.3 for urea, "
                                     "3.C.2 for limestone and dolomite"))
    p = context.parameters
    ef = p.lookup(TABLE_CO2, "ef_c", {"material": material}, unit="t C/t")
    bad = ~known | wrong
    bad |= report_missing(rows, mine & ~bad, ef.missing, "activity", material,
                          f"no carbon emission factor in factor sets {factor_set_names(context)}")
    sel = np.flatnonzero(mine & ~bad)
    if not len(sel):
        return no_records()
    mass = rows.amount_in("t")[sel]
    t = carbonate_co2_t(mass, ef.value[sel])
    chain = (fmt(mass) + " t " + material[sel] + " × EF " + fmt(ef.value[sel]) + " t C/t ["
             + p.describe(ef.ref[sel]) + "] × 44/12 = " + fmt(t) + " t CO2")
    return records(rows, sel, category=report_as[sel], gas="CO2", emissions_t=t,
                   step="carbonate", chain=chain)
