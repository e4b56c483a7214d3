"""Rice cultivation CH4 (3.C.7): IPCC 2006 / 2019 Refinement Vol 4 ch 5, Tier 1 with scaling
factors.

One activity row is the harvested area of one season (``amount`` in ha) with its own columns:

- ``water_regime``: continuously_flooded, single_drainage, multiple_drainage (includes alternate
  wetting and drying, AWD), rainfed_regular, rainfed_drought_prone, deep_water, upland, or
  rice_shrimp (rice-shrimp rotation fields: no IPCC default, the row must give ``sfw``);
- ``preseason_water``: non_flooded_short (<180 d), non_flooded_long (>180 d), flooded (>30 d),
  non_flooded_very_long (>365 d, 2019 Table 5.13 only);
- ``cultivation_days`` (required, 1-365);
- organic amendments as application rates in t/ha: ``straw_short_t_ha`` (straw incorporated
  <30 days before cultivation) and ``straw_long_t_ha`` in dry weight, ``compost_t_ha``,
  ``farmyard_manure_t_ha``, ``green_manure_t_ha`` in fresh weight (Table 5.14 note);
- ``sfw`` (optional, with ``source``): the user's water scaling factor; it replaces the table
  value for any regime and is required for rice_shrimp;
- ``soil_type_sf`` (optional): SFs,r, default 1.

The baseline EFc is regional in the 2019 Refinement (``ipcc_region`` mapped to ``rice_region``;
a region without its own row takes the world value).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.sectors.common import factor_set_names, report_missing
from ghg.sectors.method import (
    SectorContext,
    SectorRows,
    Texts,
    classes,
    fmt,
    member,
    no_records,
    records,
)

CATEGORY = "3.C.7"
TABLE = "rice_ch4"
WATER_REGIMES = ("continuously_flooded", "single_drainage", "multiple_drainage",
                 "rainfed_regular", "rainfed_drought_prone", "deep_water", "upland", "rice_shrimp")
PRESEASON = ("non_flooded_short", "non_flooded_long", "flooded", "non_flooded_very_long")
#: Organic amendment (Table 5.14 row) -> its application-rate column (t/ha).
AMENDMENTS = {"straw_short": "straw_short_t_ha", "straw_long": "straw_long_t_ha",
              "compost": "compost_t_ha", "farmyard_manure": "farmyard_manure_t_ha",
              "green_manure": "green_manure_t_ha"}


def organic_amendment_factor(rate_t_ha: np.ndarray, cfoa: np.ndarray,
                             exponent: np.ndarray | float) -> np.ndarray:
    """SFo = (1 + Σ_i ROA_i × CFOA_i)^0.59, IPCC 2006 / 2019 Vol 4 Eq 5.3.

    ``rate_t_ha`` and ``cfoa`` are (rows, amendments) arrays; ``exponent`` per row.
    """
    return (1.0 + (rate_t_ha * cfoa).sum(axis=1)) ** exponent


def rice_ch4_t(area_ha: np.ndarray, days: np.ndarray, efc: np.ndarray, sfw: np.ndarray,
               sfp: np.ndarray, sfo: np.ndarray, sfs: np.ndarray) -> np.ndarray:
    """CH4 in t, IPCC Vol 4 Eq 5.1 with the adjusted daily EF of Eq 5.2.

    EF_i = EFc × SFw × SFp × SFo × SFs,r (kg CH4/ha/day); CH4 = EF_i × t_i × A_i × 10⁻³ t
    (Eq 5.1 gives Gg with 10⁻⁶; tonnes are reported).
    """
    return efc * sfw * sfp * sfo * sfs * days * area_ha * 1e-3


def _sfo(ok: np.ndarray, rates: list[np.ndarray], cfoa: list[Lookup], exponent: Lookup
         ) -> np.ndarray:
    """SFo (Eq 5.3) of the rows ``ok``: the kernel on the rows with an amendment; the others
    have (1 + 0)^e = 1 exactly, with no (rows × amendments) table made for them."""
    sfo = np.ones(len(ok))
    amended = np.flatnonzero(np.logical_or.reduce([rate[ok] != 0 for rate in rates]))
    if len(amended):
        at = ok[amended]
        n = len(rates[0])
        sfo[amended] = organic_amendment_factor(
            np.column_stack([rate[at] for rate in rates]),
            np.column_stack([np.broadcast_to(np.nan_to_num(c.value), (n,))[at] for c in cfoa]),
            np.broadcast_to(exponent.value, (n,))[at])
    return sfo


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """CH4 records under 3.C.7, one per valid rice row."""
    n = len(rows)
    if not n:
        return no_records()
    bad = np.zeros(n, dtype=bool)
    area = rows.amount_in("ha")
    # integer-coded text: comparisons and lookups work on codes, not 10^6 strings
    water = rows.choice("water_regime", WATER_REGIMES, categorical=True)
    bad |= ~member(water, WATER_REGIMES)
    pre = rows.choice("preseason_water", PRESEASON, categorical=True)
    bad |= ~member(pre, PRESEASON)
    days = rows.number("cultivation_days", minimum=0.0, maximum=365.0, required=True)
    rows.report(days == 0, "cultivation_days", _("is 0; expected the days from planting to "
                                                 "harvest"))
    bad |= ~(np.isfinite(days) & (days > 0) & (days <= 365))
    rates = [rows.number(col, default=0.0) for col in AMENDMENTS.values()]
    for rate in rates:  # column by column: no (rows × amendments) table just to check them
        bad |= ~np.isfinite(rate) | (rate < 0)
    sfs = rows.number("soil_type_sf", default=1.0)
    bad |= ~np.isfinite(sfs) | (sfs < 0)
    user_sfw = rows.number("sfw")
    given = np.isfinite(user_sfw)
    bad |= rows.given("sfw") & ~(given & (user_sfw >= 0))
    shrimp = np.asarray(water == "rice_shrimp") & ~rows.given("sfw")
    rows.report(shrimp, "sfw", _("is empty; a rice_shrimp row needs its water scaling factor "
                                 "sfw (IPCC has no default for rice-shrimp rotation) and a "
                                 "source column saying where it comes from"), values=water)
    unsourced = given & ~rows.given("source")
    rows.report(unsourced, "source", _("is empty; a row with its own sfw must say where the "
                                       "factor comes from"))
    bad |= shrimp | unsourced

    region = context.ipcc_region(rows, meaning="rice_region", categorical=True)
    params = context.parameters
    efc = params.lookup(TABLE, "efc", {"rice_region": region}, unit="kg CH4/ha/day")
    table_sfw = params.lookup(TABLE, "sfw", {"water_regime": water}, unit="1")
    sfp = params.lookup(TABLE, "sfp", {"preseason_water": pre}, unit="1")
    exponent = params.lookup(TABLE, "sfo_exponent", {}, unit="1")
    cfoa = [params.lookup(TABLE, "cfoa", {"amendment": name}, unit="1") for name in AMENDMENTS]
    sets = factor_set_names(context)
    checked = ~bad
    bad |= report_missing(rows, checked, efc.missing, "ipcc_region", region,
                          f"no rice EFc for this region (nor a world row) in factor sets {sets}")
    bad |= report_missing(rows, checked & ~given, table_sfw.missing, "water_regime", water,
                          f"no SFw for this water regime in factor sets {sets}; give an sfw column")
    bad |= report_missing(rows, checked, sfp.missing, "preseason_water", pre,
                          f"no SFp for this pre-season status in factor sets {sets} "
                          "(non_flooded_very_long is a 2019 Refinement row)")
    bad |= report_missing(rows, checked, np.broadcast_to(exponent.missing, (n,)),
                          "water_regime", water, f"no SFo exponent (Eq 5.3) in factor sets {sets}")
    for (name, col), rate, lookup in zip(AMENDMENTS.items(), rates, cfoa, strict=True):
        if lookup.missing.any():  # the column's text is made only for a report
            bad |= report_missing(rows, checked & (rate > 0), lookup.missing, col,
                                  rows.text(col), f"no CFOA for {name} in factor sets {sets}")
    ok = np.flatnonzero(~bad)
    if not len(ok):
        return no_records()

    sfw = np.where(given, user_sfw, table_sfw.value)[ok]
    sfo = _sfo(ok, rates, cfoa, exponent)
    ch4 = rice_ch4_t(area[ok], days[ok], efc.value[ok], sfw, sfp.value[ok], sfo, sfs[ok])
    # The factor part of the chain is written once per class of rows with the same factors.
    code, first = classes({"days": days[ok], "efc": efc.ref[ok], "sfw": sfw, "given": given[ok],
                           "sfw_ref": table_sfw.ref[ok], "sfp": sfp.ref[ok], "sfo": sfo,
                           "sfs": sfs[ok]})
    sfw_src = np.where(given[ok][first], "user sfw", params.describe(table_sfw.ref[ok][first]))
    # Rows share their class's text (area and tonnes are columns of the record and its row).
    chain = ("ha × " + fmt(days[ok][first]) + " d × EFc " + fmt(efc.value[ok][first])
             + " kg CH4/ha/day [" + params.describe(efc.ref[ok][first]) + "] × SFw "
             + fmt(sfw[first]) + " [" + sfw_src + "] × SFp " + fmt(sfp.value[ok][first]) + " ["
             + params.describe(sfp.ref[ok][first]) + "] × SFo " + fmt(sfo[first])
             + " (Eq 5.3) × SFs " + fmt(sfs[ok][first]) + " × 10^-3 (Eq 5.1)")
    return records(rows, ok, category=CATEGORY, gas="CH4", emissions_t=ch4, step="rice",
                   chain=Texts(chain, code))
