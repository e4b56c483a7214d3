"""Mineral industry CO2 (IPPU 2.A; 2006 IPCC Guidelines Vol 3 Ch 2).

Three activities, each a mass in tonnes:

* ``clinker`` (2.A.1 cement): Tier 1, Equation 2.1 with clinker data: CO2 = clinker × EFclc
  (0.52 t CO2/t, the 2% kiln-dust correction included). Tier 2, Equation 2.2, when the row gives
  ``cao_fraction`` (CaO content of the clinker): CO2 = clinker × (CaO × 0.785) × CFckd, with
  ``ckd_correction`` from the row or the default 1.02.
* ``cement`` (2.A.1 without clinker data): Tier 1, Equation 2.1: CO2 = (cement ×
  ``clinker_fraction`` − ``clinker_imported_t`` + ``clinker_exported_t``) × EFclc; the clinker
  fraction is the plant's or the inventory's (the Table 2.2 defaults by cement type are not
  shipped), clinker traded in or out defaults to 0 t.
* ``lime`` (2.A.2): Tier 2, Equations 2.6–2.7: CO2 = lime × SR × content, with ``lime_type``
  (``high_calcium`` or ``hydraulic``: SR of CaO, 0.785; ``dolomitic``: SR of CaO·MgO, 0.913) and
  ``cao_content`` (CaO, or CaO·MgO, fraction of the lime) from the row. No Tier 1 factor is shipped
  (not found in two transcriptions; see the table's ``.toml``).
* ``carbonate_calcined`` (2.A.1–2.A.4: glass, ceramics and bricks, other uses): the carbonate
  input method, Equation 2.12: CO2 = mass × carbonate share × EF (Table 2.1) × calcination
  fraction. ``carbonate`` names the mineral (calcite, dolomite, magnesite, siderite,
  rhodochrosite, sodium_carbonate); ``carbonate_share`` is the carbonate fraction of the amount
  (e.g. of the clay of a brick kiln; empty: the amount is the carbonate itself);
  ``calcination_fraction`` defaults to 1 (all of it calcined).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.sectors.common import factor_set_names, report_missing
from ghg.sectors.ippu.common import category_fits, fraction_ok
from ghg.sectors.method import SectorContext, SectorRows, fmt, no_records, records

TABLE = "ippu_mineral"
CATEGORIES = {"clinker": ("2.A.1",), "cement": ("2.A.1",), "lime": ("2.A.2",),
              "carbonate_calcined": ("2.A",)}
LIME_TYPES = ("high_calcium", "dolomitic", "hydraulic")
#: The oxide whose stoichiometric ratio applies to each lime type (Table 2.4).
LIME_OXIDE = {"high_calcium": "cao", "dolomitic": "cao_mgo", "hydraulic": "cao"}
CARBONATES = ("calcite", "magnesite", "dolomite", "siderite", "rhodochrosite",
              "sodium_carbonate")


def clinker_tier1(clinker_t: np.ndarray, ef_clc: np.ndarray) -> np.ndarray:
    """CO2, t = clinker (t) × EFclc (t CO2/t clinker, kiln dust included) (Equation 2.1)."""
    return clinker_t * ef_clc


def clinker_of_cement(cement_t: np.ndarray, clinker_fraction: np.ndarray,
                      imported_t: np.ndarray, exported_t: np.ndarray) -> np.ndarray:
    """Clinker behind the cement, t = cement × clinker fraction − imports + exports (Eq. 2.1)."""
    return cement_t * clinker_fraction - imported_t + exported_t


def clinker_tier2(clinker_t: np.ndarray, cao_fraction: np.ndarray, ratio: np.ndarray,
                  ckd: np.ndarray) -> np.ndarray:
    """CO2, t = clinker × EFcl × CFckd with EFcl = CaO fraction × 0.785 (Equation 2.2)."""
    return clinker_t * cao_fraction * ratio * ckd


def lime_emissions(lime_t: np.ndarray, ratio: np.ndarray, content: np.ndarray) -> np.ndarray:
    """CO2, t = lime (t) × stoichiometric ratio × CaO (or CaO·MgO) content (Equations 2.6, 2.7)."""
    return lime_t * ratio * content


def carbonate_emissions(mass_t: np.ndarray, share: np.ndarray, ef: np.ndarray,
                        calcined: np.ndarray) -> np.ndarray:
    """CO2, t = mass × carbonate share × EF (t CO2/t carbonate) × fraction calcined (Eq. 2.12)."""
    return mass_t * share * ef * calcined


def _lookup(context: SectorContext, parameter: str, material: np.ndarray | str, unit: str,
            n: int) -> Lookup:
    if TABLE not in context.parameters.dimensions:  # no set in the stack has the table
        return Lookup(np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
    keys = {"material": np.broadcast_to(np.asarray(material, dtype=object), (n,))}
    return context.parameters.lookup(TABLE, parameter, keys, unit=unit)


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """CO2 records for clinker, lime and calcined-carbonate rows; problems to ``rows.problems``."""
    if not len(rows):
        return no_records()
    n = len(rows)
    activity = rows.text("activity")
    mass = rows.amount_in("t")
    ok = category_fits(rows, CATEGORIES)
    sets = factor_set_names(context)
    describe = context.parameters.describe
    emissions = np.full(n, np.nan)
    chain = np.full(n, "", dtype=object)

    clinker = activity == "clinker"
    if clinker.any():
        cao = rows.number("cao_fraction", maximum=1.0)
        tier2 = clinker & ~np.isnan(cao)
        tier1 = clinker & ~tier2
        ok &= ~tier2 | fraction_ok(cao)
        ckd_given = rows.number("ckd_correction", minimum=1.0)
        ef1 = _lookup(context, "ef_clinker_tier1", "clinker", "t CO2/t", n)
        ratio = _lookup(context, "stoichiometric_ratio", "cao", "t CO2/t", n)
        ckd = _lookup(context, "ckd_correction", "clinker", "1", n)
        ok &= ~report_missing(rows, tier1, ef1.missing, "activity", activity,
                              f"no Tier 1 clinker factor ef_clinker_tier1 in factor sets {sets}")
        ok &= ~report_missing(rows, tier2, ratio.missing, "activity", activity,
                              f"no stoichiometric ratio of CaO in factor sets {sets}")
        use_ckd = np.where(np.isnan(ckd_given), ckd.value, ckd_given)
        with np.errstate(invalid="ignore"):
            ok &= ~tier2 | np.isnan(ckd_given) | (ckd_given >= 1.0)
        ok &= ~report_missing(rows, tier2 & np.isnan(ckd_given), ckd.missing, "ckd_correction",
                              activity, f"no default ckd_correction in factor sets {sets}; "
                              "give ckd_correction")
        ckd_source = np.where(np.isnan(ckd_given), "[" + describe(ckd.ref) + "]", "[row]")
        e1 = clinker_tier1(mass, ef1.value)
        e2 = clinker_tier2(mass, cao, ratio.value, use_ckd)
        emissions = np.where(tier1, e1, np.where(tier2, e2, emissions))
        chain = np.where(tier1, fmt(mass) + " t clinker × EFclc " + fmt(ef1.value) + " t CO2/t ["
                         + describe(ef1.ref) + "] = " + fmt(e1) + " t CO2 (Tier 1, Eq 2.1)", chain)
        chain = np.where(tier2, fmt(mass) + " t clinker × CaO " + fmt(cao) + " × "
                         + fmt(ratio.value) + " [" + describe(ratio.ref) + "] × CFckd "
                         + fmt(use_ckd) + " " + ckd_source + " = " + fmt(e2)
                         + " t CO2 (Tier 2, Eq 2.2)", chain)

    cement = activity == "cement"
    if cement.any():
        fraction = rows.number("clinker_fraction", maximum=1.0, required=cement)
        imported = rows.number("clinker_imported_t", default=0.0)
        exported = rows.number("clinker_exported_t", default=0.0)
        ef1 = _lookup(context, "ef_clinker_tier1", "clinker", "t CO2/t", n)
        ok &= ~(cement & ~fraction_ok(fraction))
        ok &= ~report_missing(rows, cement, ef1.missing, "activity", activity,
                              f"no Tier 1 clinker factor ef_clinker_tier1 in factor sets {sets}")
        clinker_t = clinker_of_cement(mass, fraction, imported, exported)
        negative = cement & (clinker_t < 0)
        rows.report(negative, "clinker_imported_t", _("is more than the clinker in the cement; "
                                                      "expected imports of at most cement × "
                                                      "clinker_fraction + exports"))
        ok &= ~negative
        e = clinker_tier1(clinker_t, ef1.value)
        emissions = np.where(cement, e, emissions)
        chain = np.where(cement, "(" + fmt(mass) + " t cement × clinker fraction " + fmt(fraction)
                         + " − " + fmt(imported) + " t imported + " + fmt(exported)
                         + " t exported) × EFclc " + fmt(ef1.value) + " t CO2/t ["
                         + describe(ef1.ref) + "] = " + fmt(e) + " t CO2 (Tier 1, Eq 2.1)",
                         chain)

    lime = activity == "lime"
    if lime.any():
        kind = rows.choice("lime_type", LIME_TYPES, mask=lime)
        content = rows.number("cao_content", maximum=1.0, required=lime)
        oxide = pd.Series(kind).map(LIME_OXIDE).fillna("").to_numpy(dtype=object)
        ratio = _lookup(context, "stoichiometric_ratio", oxide, "t CO2/t", n)
        usable = lime & (oxide != "") & fraction_ok(content)
        ok &= ~report_missing(rows, usable, ratio.missing, "lime_type", kind,
                              f"no stoichiometric ratio for this lime type in factor sets {sets}")
        ok &= ~(lime & ~usable)
        e = lime_emissions(mass, ratio.value, content)
        emissions = np.where(lime, e, emissions)
        chain = np.where(lime, fmt(mass) + " t " + kind.astype(object) + " lime × SR "
                         + fmt(ratio.value) + " [" + describe(ratio.ref) + "] × content "
                         + fmt(content) + " = " + fmt(e) + " t CO2 (Tier 2, Eq 2.6)", chain)

    calcined = activity == "carbonate_calcined"
    if calcined.any():
        mineral = rows.choice("carbonate", CARBONATES, mask=calcined)
        share = rows.number("carbonate_share", default=1.0, maximum=1.0)
        fraction = rows.number("calcination_fraction", default=1.0, maximum=1.0)
        ef = _lookup(context, "ef_carbonate", mineral, "t CO2/t", n)
        named = calcined & np.isin(mineral, CARBONATES) & fraction_ok(share) & fraction_ok(fraction)
        ok &= ~report_missing(rows, named, ef.missing, "carbonate", mineral,
                              f"no Table 2.1 emission factor for this carbonate in factor sets "
                              f"{sets}")
        ok &= ~(calcined & ~named)
        e = carbonate_emissions(mass, share, ef.value, fraction)
        emissions = np.where(calcined, e, emissions)
        chain = np.where(calcined, fmt(mass) + " t × carbonate share " + fmt(share) + " × EF "
                         + mineral.astype(object) + " " + fmt(ef.value) + " t CO2/t ["
                         + describe(ef.ref) + "] × calcined " + fmt(fraction) + " = " + fmt(e)
                         + " t CO2 (Eq 2.12)", chain)

    position = np.flatnonzero(ok & np.isfinite(emissions))
    if not len(position):
        return no_records()
    category = rows.frame["category"].astype(str).to_numpy(dtype=object)
    return records(rows, position, category=category[position], gas="CO2",
                   emissions_t=emissions[position], step="mineral",
                   chain=chain[position])
