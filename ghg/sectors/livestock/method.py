"""Livestock (IPCC Vol 4 Ch 10): enteric CH4 (3.A.1), manure CH4 and N2O (3.A.2, 3.C.6).

Input: activity rows of kind ``livestock`` (``dairy_cattle``, ``other_cattle``, ``buffalo``,
``swine``, ``goats``, ``sheep``, ``poultry``, ``ducks``), ``amount`` in ``head`` = the annual
average population.

**The row's category says what it gives**, following the IPCC tree:

- category ``3.A``: the whole herd, entered once: enteric CH4 under 3.A.1, manure CH4 and
  direct N2O under 3.A.2, and indirect manure N2O (volatilisation, leaching) under 3.C.6;
- category ``3.A.1`` (enteric fermentation): enteric CH4 only, as an officer who enters a herd
  under 3.A.1 expects; no manure shares are needed;
- category ``3.A.2`` (manure management): only the manure records (3.A.2 and 3.C.6), e.g. for a
  herd whose enteric emissions are entered elsewhere;
- any other category is a problem listing these.

Manure shares (``manure_systems.csv``) are required only for rows whose manure is computed
(``3.A`` and ``3.A.2``). Poultry and ducks have no enteric record: both IPCC editions give no
Tier 1 factor ("insufficient data"), so a poultry or ducks row under ``3.A.1`` is a problem.

Manure deposited on pasture gives manure CH4 (3.A.2) but no 3.A.2 or 3.C.6 N2O: that N belongs
to managed soils, and the same row gives it there once, direct N2O under 3.C.4 and indirect
under 3.C.5 (:mod:`ghg.sectors.livestock.pasture`).

**Enteric**: Tier 1 EF from ``livestock_enteric`` by species, livestock region (from the row's or
the inventory's ``ipcc_region``), development (2006 Table 10.10) and ``productivity`` (optional
column ``high``/``low``; the 2019 tables give sheep, goats and swine only per productivity system,
so those rows need it under ``ipcc2019``). A cattle or buffalo row with ``de_pct`` (digestibility,
% of GE) uses Tier 2 (eq. 10.3-10.16, 10.21) with its columns ``weight_kg``, ``mature_weight_kg``
(when ``weight_gain_kg_day`` > 0), ``milk_kg_day``, ``milk_fat_pct`` (when milk > 0),
``feeding_situation`` (stall | pasture | grazing_large_areas, Table 10.5), ``work_hours_day``,
``pregnant_pct``, ``cfi`` (lactating_cows | non_lactating | bulls, Table 10.4; default
lactating_cows for dairy_cattle, else non_lactating), ``sex`` (female | castrate | bull, growth
coefficient C of eq. 10.6; default bull for bulls, else female) and ``ym_pct`` (default: Table
10.12 from the factor sets; the 2019 set has none, as its Ym depends on yield and diet).

**Manure** (:mod:`ghg.sectors.livestock.manure`): shares per system from the inventory table
``manure_systems.csv``. CH4 = N × VS × 365 × B0 × 0.67 × Σ MCF·AWMS (2019 eq. 10.23, VS from
eq. 10.22a); Nex = Nrate × TAM/1000 × 365 (eq. 10.30); direct N2O eq. 10.25; indirect eq.
10.26-10.29. TAM is the row's ``weight_kg`` if given, else the factor sets' default. Each
parameter comes from the first factor set in the inventory's list that has it: with
``ipcc2006`` first, EF3/EF4/EF5 are the 2006 values and VS, B0, MCF, Nrate, FracGasMS come from
``ipcc2019``. The 2006 Tier 1 per-head manure CH4 factors (Tables 10.14-10.15, by temperature)
are not tabulated: no two transcriptions of them were found, so manure CH4 always uses eq. 10.23
and the 2006 set alone cannot give it (the missing parameter is reported).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.sectors.livestock import kernels as k
from ghg.sectors.livestock.manure import SPECIES, lookup, manure_records
from ghg.sectors.method import (
    RecordPart,
    SectorContext,
    SectorRows,
    Texts,
    assemble,
    classes,
    climate_zones,
    coded,
    fmt,
    ipcc_regions,
    member,
    no_records,
    part,
)

ENTERIC_CATEGORIES = ("3.A", "3.A.1")
MANURE_CATEGORIES = ("3.A", "3.A.2")
CATEGORIES = ("3.A", "3.A.1", "3.A.2")
NO_ENTERIC = ("poultry", "ducks")
TIER2_SPECIES = ("dairy_cattle", "other_cattle", "buffalo")
PRODUCTIVITY = ("high", "low")
FEEDING = ("stall", "pasture", "grazing_large_areas")
CFI_CLASSES = ("lactating_cows", "non_lactating", "bulls")
SEXES = ("female", "castrate", "bull")
#: Below about 40 % digestibility REG (eq. 10.15) turns negative and GE is meaningless.
MIN_DE_PCT = 40.0
ENTERIC_UNIT = "kg CH4/head/yr"


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """Records of every livestock row (see the module docstring for what each row gives)."""
    if not len(rows):
        return no_records()
    frame = rows.frame
    heads = rows.amount_in("head")
    # Text keys stay integer-coded (categoricals): checks, classes and lookups work on codes.
    activity = rows.coded("activity")
    category = frame["category"].astype("category").array
    # each distinct code stripped once; a missing one (code -1) is the empty text
    category = coded(np.where(category.codes < 0, len(category.categories), category.codes),
                     np.append(np.asarray(category.categories.astype(str).str.strip(),
                                          dtype=object), ""))
    rows.report(~member(category, CATEGORIES), "category",
                _("is not a livestock category; expected 3.A (enteric and manure), 3.A.1 "
                  "(enteric only) or 3.A.2 (manure only)"))
    valid = np.isfinite(heads) & (heads >= 0) & member(category, CATEGORIES)
    ipcc = context.ipcc_region(rows, categorical=True)
    regions = ipcc_regions()
    livestock_region = _mapped(ipcc, regions["livestock_region"])
    development = _mapped(ipcc, regions["development"])
    climate = context.climate_zone(rows, categorical=True)
    # A row without a valid region or climate zone has that problem reported; nothing more.
    valid &= np.asarray(livestock_region != "") & member(climate, climate_zones().index)
    productivity = rows.coded("productivity")
    rows.report(np.asarray(productivity != "") & ~member(productivity, PRODUCTIVITY),
                "productivity",
                _("is not a valid productivity; expected high, low or an empty cell"))
    keys = {"activity": activity, "livestock_region": livestock_region,
            "development": development, "productivity": productivity,
            "climate_zone": climate, "region": rows.coded("region")}
    missing = _missing_reporter(rows, context, keys)

    rows.report(valid & member(category, ("3.A.1",)) & member(activity, NO_ENTERIC), "category",
                _("is enteric fermentation, which poultry and ducks do not have (no IPCC Tier 1"
                  " factor); enter this flock under 3.A.2 (manure) or 3.A"))
    enteric = valid & member(category, ENTERIC_CATEGORIES) & ~member(activity, NO_ENTERIC)
    out = _enteric(rows, context, keys, enteric, heads, missing)
    # Only 3.A and 3.A.2 rows have manure: a 3.A.1 row needs no shares and gives no manure record.
    manure = valid & member(category, MANURE_CATEGORIES)
    out += manure_records(rows, context, keys, manure, heads, missing)
    if hasattr(context, "notes"):
        context.notes.append("livestock manure CH4: 2019 eq. 10.23 (VS × B0 × MCF by system)")
    return assemble(rows, out)


def _mapped(ipcc: pd.Categorical, table: pd.Series) -> pd.Categorical:
    """The IPCC region of each row mapped by ``table`` (once per distinct region), coded."""
    names = np.asarray(ipcc.categories, dtype=object)
    known = np.isin(names, table.index)
    mapped = np.full(len(names) + 1, "", dtype=object)  # the last: a missing region
    mapped[:-1][known] = table.loc[names[known]].to_numpy()
    return coded(np.where(ipcc.codes < 0, len(names), ipcc.codes), mapped)


def _missing_reporter(rows: SectorRows, context: SectorContext,
                      all_keys: dict[str, pd.Categorical]):
    """A function reporting rows that lack a parameter, naming the key and how to fix it."""
    order = context.parameters.rows.sort_values("set_rank")["factor_set"]
    sets = ", ".join(dict.fromkeys(order)) or "none"

    def report(mask: np.ndarray, column: str, what, hint: str) -> None:
        if not mask.any():
            return
        keys = {name: np.asarray(value, dtype=object) for name, value in all_keys.items()}
        productivity = np.where(keys["productivity"] == "", "not given",
                                keys["productivity"])
        text = ("no " + np.broadcast_to(np.asarray(what, dtype=object), mask.shape)
                + " for " + keys["activity"] + " in " + keys["livestock_region"] + " ("
                + keys["climate_zone"] + ", productivity " + productivity + ") in factor sets "
                + sets + "; " + (hint or "add another factor set, set productivity (high|low) "
                                 "where the table needs it, or add a local parameters table"))
        for message in np.unique(text[mask]):  # one call per distinct message (few)
            rows.report(mask & (text == message), column, message)

    return report


def _enteric(rows: SectorRows, context: SectorContext, keys: dict[str, np.ndarray],
             mask: np.ndarray, heads: np.ndarray, missing) -> list[RecordPart]:
    """Enteric CH4 records: Tier 2 where ``de_pct`` is given, else Tier 1."""
    activity = keys["activity"]
    has_de = rows.given("de_pct")
    rows.report(mask & has_de & ~member(activity, TIER2_SPECIES), "de_pct",
                _("is given but Tier 2 covers only dairy_cattle, other_cattle and buffalo; "
                  "leave de_pct empty for Tier 1"))
    tier2 = mask & has_de & member(activity, TIER2_SPECIES)
    tier1 = mask & ~has_de
    parameters = context.parameters
    found = lookup(parameters, "livestock_enteric", "ef", {
        d: keys[d] for d in ("activity", "livestock_region", "development", "productivity")},
        unit=ENTERIC_UNIT)
    missing(tier1 & found.missing, "activity", "Tier 1 enteric EF", "")
    out = []
    i = np.flatnonzero(tier1 & ~found.missing)
    if len(i):
        tonnes = k.tier1_ch4_t(heads[i], found.value[i])
        # One text per factor row, shared by the rows that use it (heads and tonnes are columns).
        code, first = classes({"ref": found.ref[i]})
        chain = Texts("head × EF " + fmt(found.value[i][first]) + " " + ENTERIC_UNIT + " ["
                      + parameters.describe(found.ref[i][first]) + "]", code)
        out.append(part(i, category="3.A.1", gas="CH4", emissions_t=tonnes, step="enteric",
                        chain=chain))
    if tier2.any():
        out += _tier2(rows, context, keys, tier2, heads, missing)
    return out


def _tier2(rows: SectorRows, context: SectorContext, keys: dict[str, np.ndarray],
           mask: np.ndarray, heads: np.ndarray, missing) -> list[RecordPart]:
    """Tier 2 enteric CH4 of cattle and buffalo rows in ``mask`` (eq. 10.3-10.16, 10.21)."""
    activity = keys["activity"]
    weight = rows.number("weight_kg", minimum=0.0, required=mask)
    gain = rows.number("weight_gain_kg_day", default=0.0, minimum=0.0)
    mature = rows.number("mature_weight_kg", minimum=0.0, required=mask & (gain > 0))
    milk = rows.number("milk_kg_day", default=0.0, minimum=0.0)
    fat = rows.number("milk_fat_pct", minimum=0.0, maximum=100.0, required=mask & (milk > 0))
    hours = rows.number("work_hours_day", default=0.0, minimum=0.0, maximum=24.0)
    pregnant = rows.number("pregnant_pct", default=0.0, minimum=0.0, maximum=100.0)
    de = rows.number("de_pct", minimum=MIN_DE_PCT, maximum=100.0)
    ym_given = rows.number("ym_pct", minimum=0.0, maximum=100.0)
    feeding = rows.choice("feeding_situation", FEEDING, mask=mask)
    cfi_class = _with_default(rows, "cfi", CFI_CLASSES, mask, np.where(
        activity == "dairy_cattle", "lactating_cows", "non_lactating"))
    sex = _with_default(rows, "sex", SEXES, mask,
                        np.where(cfi_class == "bulls", "bull", "female"))
    parameters = context.parameters

    def coefficient(name: str, value: np.ndarray | str, unit: str):
        return lookup(parameters, "livestock_tier2", name,
                      {"activity": activity, "coefficient": value}, unit=unit)

    cfi = coefficient("cfi", cfi_class, "MJ/day/kg^0.75")
    ca = coefficient("ca", feeding, "1")
    c_growth = coefficient("c_growth", sex, "1")
    c_preg = coefficient("c_pregnancy", "", "1")
    ym_table = coefficient("ym", "", "%")
    ym = np.where(np.isfinite(ym_given), ym_given, ym_table.value)
    for found, what in ((cfi, "Cfi (Table 10.4) for cfi class " + cfi_class),
                        (ca, "Ca (Table 10.5) for feeding_situation " + feeding),
                        (c_growth, "growth coefficient C (eq. 10.6) for sex " + sex),
                        (c_preg, np.full(len(ym), "Cpregnancy (Table 10.7)", dtype=object))):
        missing(mask & found.missing, "activity", what, "")
    missing(mask & ~np.isfinite(ym), "ym_pct", "Ym (Table 10.12)",
            "give ym_pct (% of GE) for this row or add factor set ipcc2006")
    with np.errstate(invalid="ignore"):  # NaN compares False: a bad cell fails the row
        inputs_ok = ((weight > 0) & (de >= MIN_DE_PCT) & (de <= 100) & (gain >= 0)
                     & ((gain == 0) | (mature > 0)) & (milk >= 0)
                     & ((milk == 0) | ((fat >= 0) & (fat <= 100)))
                     & (hours >= 0) & (hours <= 24) & (pregnant >= 0) & (pregnant <= 100)
                     & (~np.isfinite(ym_given) | (ym_given >= 0)))
    rows.report(mask & np.isfinite(weight) & (weight == 0), "weight_kg",
                _("is 0; expected the average live weight (kg) for Tier 2"))
    ok = (mask & inputs_ok & np.isfinite(ym) & ~cfi.missing & ~ca.missing
          & ~c_growth.missing & ~c_preg.missing)
    i = np.flatnonzero(ok)
    if not len(i):
        return []
    ge = k.gross_energy(cfi=cfi.value[i], ca=ca.value[i], c_growth=c_growth.value[i],
                        c_pregnancy=c_preg.value[i], weight_kg=weight[i],
                        mature_weight_kg=np.where(gain[i] > 0, mature[i], 1.0),
                        gain_kg_day=gain[i], milk_kg_day=milk[i],
                        fat_pct=np.where(milk[i] > 0, fat[i], 0.0),
                        work_hours_day=hours[i], pregnant_fraction=pregnant[i] / 100.0,
                        de_pct=de[i])
    ef = k.enteric_ef_tier2(ge, ym[i])
    tonnes = k.tier1_ch4_t(heads[i], ef)
    ym_source = np.where(np.isfinite(ym_given[i]), "ym_pct column",
                         parameters.describe(ym_table.ref[i]))
    chain = (fmt(heads[i]) + " head × EF " + fmt(ef) + " kg CH4/head/yr (Tier 2: GE "
             + fmt(ge) + " MJ/day from weight " + fmt(weight[i]) + " kg, Cfi "
             + fmt(cfi.value[i]) + " [" + parameters.describe(cfi.ref[i]) + "], Ca "
             + fmt(ca.value[i]) + " [" + parameters.describe(ca.ref[i]) + "], milk "
             + fmt(milk[i]) + " kg/day, gain " + fmt(gain[i]) + " kg/day, DE " + fmt(de[i])
             + " %; × Ym " + fmt(ym[i]) + " % [" + ym_source + "] × 365 / 55.65) = "
             + fmt(tonnes) + " t CH4 (eq. 10.21)")
    return [part(i, category="3.A.1", gas="CH4", emissions_t=tonnes, step="enteric_tier2",
                 chain=chain)]


def _with_default(rows: SectorRows, column: str, valid: tuple[str, ...], mask: np.ndarray,
                  default: np.ndarray) -> np.ndarray:
    """A name column where empty cells take a per-row default; bad names are reported."""
    value = rows.text(column)
    rows.report(mask & (value != "") & ~member(value, valid), column,
                _("is not a valid {column}; expected one of {value}").format(
                    column=column, value=', '.join(valid)))
    return np.where(value == "", default, value)


__all__ = ["SPECIES", "method"]
