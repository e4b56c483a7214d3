"""Land (3.B): biomass carbon stock changes, so removals come out negative.

Land remaining in its use (2006 Vol 4 ch 2, gain-loss method, Eq 2.7): ΔC_B = ΔC_G − ΔC_L.

- ``coconut``, ``fruit_orchard`` (3.B.2.a): perennial woody crops, ch 5 Table 5.1 gives the gain
  directly in carbon: ΔC_G = A × G_C (Eq 2.9). Losses: ``area_replanted_ha`` × carbon stock at
  harvest (Table 5.1 "biomass carbon loss"), or ``biomass_loss_t_c`` given directly.
- ``planted_forest`` (3.B.1.a; ch 4 tables) and ``mangrove`` (3.B.1.a; 2013 Wetlands Supplement
  ch 4): ΔC_G = A × G_W × (1 + R) × CF (Eq 2.9-2.10). Losses (Eq 2.11): ``wood_removal_m3``
  × BCEF_R × (1 + R) × CF (Eq 2.12), ``fuelwood_t`` (dry matter of wood pieces) × CF (the
  FG_part × D term of Eq 2.13), ``disturbance_area_ha`` × B_W × (1 + R) × CF × f_d (Eq 2.14;
  ``disturbance_fraction`` f_d defaults to 1, stand-replacing).

Land converted (Eq 2.15-2.16, Tier 1): ΔC = (C_after − C_before) × A, with C = B × (1 + R) × CF
per land use (``from_use``, ``to_use``); the category is 3.B.x.b of ``to_use``.

Output: CO2 = −ΔC × 44/12 (t); removals stay negative. Missing losses count as zero and the chain
says so. Parameters: table ``land_biomass`` (activity, climate zone, IPCC region) and
``land_stock`` (land use, climate zone, IPCC region) in the stacked factor sets.

Mangroves are reported where the inventory's land representation puts them (2013 Wetlands
Supplement ch 4): forest land ``3.B.1.a`` or wetlands ``3.B.4.a``; the method is the same.
A perennial row computed with an inventory's own (Tier 2) rate also shows, in its chain, the
Tier 1 check from the IPCC default sets only (:data:`IPCC_SETS`): the removal with the 2006
Table 5.1 rate, or that no such rate is shipped, and the Table 5.1 stock at harvest with the years
the own rate takes to reach it. A row listing ``CO2`` in ``not_estimated`` is left out on
purpose (notation key NE) and needs no parameter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.sectors.method import SectorContext, SectorRows, concat_records, fmt, no_records, records

#: Activities of land remaining in its use: category and method.
REMAINING = {
    "coconut": ("3.B.2.a", "perennial"),
    "fruit_orchard": ("3.B.2.a", "perennial"),
    "planted_forest": ("3.B.1.a", "woody"),
    "mangrove": ("3.B.1.a", "woody"),
}
#: Other categories an activity may be reported under (mangroves as wetlands, Wetlands
#: Supplement ch 4: the category follows the inventory's land representation).
ALSO = {"mangrove": ("3.B.4.a",)}
#: The factor sets holding IPCC defaults: the Tier 1 check beside an inventory's own rate.
IPCC_SETS = ("ipcc2019", "ipcc2006", "wetlands2013")
#: Land-use categories of the IPCC 2006 tree; a conversion is reported under its ``to_use``.
CONVERTED_TO = {
    "forest_land": "3.B.1.b", "cropland": "3.B.2.b", "grassland": "3.B.3.b",
    "wetlands": "3.B.4.b", "settlements": "3.B.5.b", "other_land": "3.B.6.b",
}
LAND_USES = tuple(CONVERTED_TO)
BIOMASS = "land_biomass"
STOCK = "land_stock"
CO2_PER_C = 44.0 / 12.0  # molecular weights
Keys = dict[str, np.ndarray | pd.Series | str]


# ---- kernels (pure, vectorised) -------------------------------------------------------------

def gain_perennial(area_ha: np.ndarray, rate_t_c_ha: np.ndarray) -> np.ndarray:
    """Annual carbon gain of perennial woody crops, t C: A × G_C (2006 Vol 4 Eq 2.9, Table 5.1)."""
    return area_ha * rate_t_c_ha


def gain_woody(area_ha: np.ndarray, growth_t_dm_ha: np.ndarray, root_to_shoot: np.ndarray,
               carbon_fraction: np.ndarray) -> np.ndarray:
    """Annual carbon gain, t C: A × G_W × (1 + R) × CF (2006 Vol 4 Eq 2.9-2.10)."""
    return area_ha * growth_t_dm_ha * (1.0 + root_to_shoot) * carbon_fraction


def loss_wood_removal(volume_m3: np.ndarray, bcef_r: np.ndarray, root_to_shoot: np.ndarray,
                      carbon_fraction: np.ndarray) -> np.ndarray:
    """Carbon lost with wood removals, t C: H × BCEF_R × (1 + R) × CF (2006 Vol 4 Eq 2.12)."""
    return volume_m3 * bcef_r * (1.0 + root_to_shoot) * carbon_fraction


def loss_fuelwood(dry_matter_t: np.ndarray, carbon_fraction: np.ndarray) -> np.ndarray:
    """Carbon lost with fuelwood gathered as wood pieces, t C: FG_part × D × CF (Eq 2.13 term)."""
    return dry_matter_t * carbon_fraction


def loss_disturbance(area_ha: np.ndarray, agb_t_dm_ha: np.ndarray, root_to_shoot: np.ndarray,
                     carbon_fraction: np.ndarray, fraction_lost: np.ndarray) -> np.ndarray:
    """Carbon lost to disturbance, t C: A_d × B_W × (1 + R) × CF × f_d (2006 Vol 4 Eq 2.14)."""
    return area_ha * agb_t_dm_ha * (1.0 + root_to_shoot) * carbon_fraction * fraction_lost


def carbon_stock(agb_t_dm_ha: np.ndarray, root_to_shoot: np.ndarray,
                 carbon_fraction: np.ndarray) -> np.ndarray:
    """Biomass carbon per hectare, t C/ha: B × (1 + R) × CF (a zero stock stays zero)."""
    return np.where(agb_t_dm_ha == 0.0, 0.0, agb_t_dm_ha * (1.0 + root_to_shoot) * carbon_fraction)


def conversion_change(area_ha: np.ndarray, c_after: np.ndarray,
                      c_before: np.ndarray) -> np.ndarray:
    """Carbon stock change on conversion, t C: (C_after − C_before) × ΔA (2006 Vol 4 Eq 2.16)."""
    return (c_after - c_before) * area_ha


def co2_from_carbon_change(delta_c_t: np.ndarray) -> np.ndarray:
    """Net CO2 emission, t: −ΔC × 44/12 (a stock gain is a negative emission, a removal)."""
    return -delta_c_t * CO2_PER_C


# ---- method ---------------------------------------------------------------------------------

def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """3.B records (CO2) for the land rows; problems go to ``rows.problems``."""
    if not len(rows):
        return no_records()
    activity = rows.text("activity")
    area = rows.amount_in("ha")
    zone = context.climate_zone(rows)
    region = context.ipcc_region(rows)
    conv = activity == "land_conversion"
    from_use = rows.choice("from_use", LAND_USES, mask=conv)
    to_use = rows.choice("to_use", LAND_USES, mask=conv)
    rows.report(conv & (from_use == to_use) & (from_use != ""), "to_use",
                _("is the same as from_use; a conversion needs two different land uses"))
    ok = _category_agrees(rows, activity, conv, to_use)
    ok &= ~conv | ((from_use != to_use) & np.isin(from_use, LAND_USES)
                   & np.isin(to_use, LAND_USES))
    ok &= (zone != "") & (region != "")
    ok &= ~_not_estimated(rows, "co2")  # declared NE: no record, no factor needed
    method_of = pd.Series({k: v[1] for k, v in REMAINING.items()})
    kind = pd.Series(activity).map(method_of).fillna("").to_numpy(dtype=object)
    out = [_perennial(rows, context, ok & (kind == "perennial"), activity, area, zone, region),
           _woody(rows, context, ok & (kind == "woody"), activity, area, zone, region),
           _conversion(rows, context, ok & conv, area, zone, region, from_use, to_use)]
    return concat_records(out)


def _category_agrees(rows: SectorRows, activity: np.ndarray, conv: np.ndarray,
                     to_use: np.ndarray) -> np.ndarray:
    """The row's category is the activity's (or a sub-category of it); else a problem."""
    remaining = pd.Series({k: v[0] for k, v in REMAINING.items()})
    expected = pd.Series(activity).map(remaining).fillna("").to_numpy(dtype=object)
    converted = pd.Series(to_use).map(pd.Series(CONVERTED_TO)).fillna("").to_numpy(dtype=object)
    expected = np.where(conv, converted, expected)
    category = rows.frame["category"].astype(str).to_numpy(dtype=str)
    agrees = _within(category, expected)
    for name, others in ALSO.items():  # e.g. a mangrove row under wetlands
        for code in others:
            agrees |= (activity == name) & _within(category, np.full(len(category), code))
    known = expected != ""
    for code in np.unique(expected[known & ~agrees]):  # one message per expected code
        what = ("to_use" if code.endswith(".b") else "activity")
        rows.report(known & ~agrees & (expected == code), "category",
                    _("does not match the row's {what}; expected {code} or one of its "
                      "sub-categories").format(what=what, code=code))
    return known & agrees


def _within(category: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``category`` is ``expected`` or one of its sub-categories."""
    expected = np.asarray(expected, dtype=object)
    return (category == expected.astype(str)) | np.char.startswith(
        category, (expected + ".").astype(str))


def _not_estimated(rows: SectorRows, gas: str) -> np.ndarray:
    """Rows whose ``not_estimated`` column lists ``gas`` (lower case)."""
    declared = rows.text("not_estimated").astype(str)
    return np.char.find(np.char.lower(declared), gas) >= 0


def _need(context: SectorContext, table: str, parameter: str, keys: Keys, unit: str,
          need: np.ndarray, gaps: np.ndarray) -> Lookup:
    """Look up ``parameter``; rows in ``need`` with no value get its name added to ``gaps``."""
    if table in context.parameters.dimensions:
        found = context.parameters.lookup(table, parameter, keys, unit=unit)
    else:  # no set in the stack has the table: every needed row is missing it
        n = len(need)
        found = Lookup(np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
    missing = need & found.missing
    gaps[missing] = gaps[missing] + np.where(gaps[missing] == "", "", ", ") + \
        f"{parameter} ({unit})"
    return found


def _report_gaps(rows: SectorRows, context: SectorContext, table: str, gaps: np.ndarray,
                 what: np.ndarray) -> None:
    """One problem per row with missing parameters, naming them all and how to fix it."""
    sets = ", ".join(dict.fromkeys(context.parameters.rows["factor_set"].astype(str))) or "none"
    text = np.where(gaps != "", "no " + gaps + " for " + what, "")
    for message in np.unique(text[gaps != ""]):  # few distinct messages
        rows.report(text == message, "activity",
                    _("{message} in factor sets {sets}; add a factor set that has them "
                      "(mangrove: wetlands2013) or a local parameters table '{table}'").format(
                          message=message, sets=sets, table=table))


def _losses_given(rows: SectorRows, column: str, need: np.ndarray) -> np.ndarray:
    value = rows.number(column, default=np.nan, minimum=0.0)
    return np.where(need, value, np.nan)


def _perennial(rows, context, mask, activity, area, zone, region) -> pd.DataFrame:
    if not mask.any():
        return no_records()
    keys: Keys = {"activity": activity, "climate_zone": zone, "ipcc_region": region}
    what = activity + " in " + zone
    gaps = np.full(len(activity), "", dtype=object)
    rate = _need(context, BIOMASS, "carbon_accumulation_rate", keys, "t C/ha/yr",
                 mask, gaps)
    replanted = _losses_given(rows, "area_replanted_ha", mask)
    loss_given = _losses_given(rows, "biomass_loss_t_c", mask)
    both = mask & np.isfinite(replanted) & np.isfinite(loss_given)
    rows.report(both, "biomass_loss_t_c",
                _("is given together with area_replanted_ha; give one of the two"))
    stock = _need(context, BIOMASS, "carbon_stock_at_harvest", keys, "t C/ha",
                  mask & np.isfinite(replanted), gaps)
    _report_gaps(rows, context, BIOMASS, gaps, what)
    ok = mask & ~rate.missing & ~both & ~(np.isfinite(replanted) & stock.missing)
    gain = gain_perennial(area, rate.value)
    loss = np.where(np.isfinite(replanted), replanted * stock.value,
                    np.where(np.isfinite(loss_given), loss_given, 0.0))
    emissions = co2_from_carbon_change(gain - loss)
    describe = _describer(context)
    loss_text = np.where(
        np.isfinite(replanted),
        fmt(replanted) + " ha replanted × " + fmt(stock.value) + " t C/ha ["
        + describe(stock.ref) + "] = " + fmt(loss) + " t C",
        np.where(np.isfinite(loss_given), fmt(loss) + " t C (given)",
                 "0 t C (no area_replanted_ha or biomass_loss_t_c given: assumed 0)"))
    chain = (fmt(area) + " ha × G " + fmt(rate.value) + " t C/ha/yr [" + describe(rate.ref)
             + "] = gain " + fmt(gain) + " t C; loss " + loss_text + "; CO2 = −(gain − loss)"
             " × 44/12 = " + fmt(emissions) + " t CO2")
    chain = chain + _tier1_check(context, keys, mask, rate, area, loss)
    return _records(rows, ok, emissions, chain, "gain_loss")


def _tier1_check(context: SectorContext, keys: Keys, mask: np.ndarray, rate: Lookup,
                 area: np.ndarray, loss: np.ndarray) -> np.ndarray:
    """Chain text for rows whose rate is an inventory's own: the IPCC Tier 1 result beside it.

    The Tier 1 rate and stock come from :data:`IPCC_SETS` only (2006 Table 5.1); a value no
    IPCC set ships is said to be missing, never filled in. The result is a check, not a record.
    """
    n = len(mask)
    if not len(context.parameters.rows) or BIOMASS not in context.parameters.dimensions:
        return np.full(n, "", dtype=object)
    sets = context.parameters.rows["factor_set"].to_numpy(dtype=object)
    own = mask & ~rate.missing & ~np.isin(sets[np.maximum(rate.ref, 0)], IPCC_SETS)
    if not own.any():
        return np.full(n, "", dtype=object)
    t1 = context.parameters.lookup(BIOMASS, "carbon_accumulation_rate", keys, "t C/ha/yr",
                                   sets=IPCC_SETS)
    stock = context.parameters.lookup(BIOMASS, "carbon_stock_at_harvest", keys, "t C/ha",
                                      sets=IPCC_SETS)
    describe = context.parameters.describe
    t1_co2 = co2_from_carbon_change(gain_perennial(area, t1.value) - loss)
    with np.errstate(divide="ignore", invalid="ignore"):
        years = stock.value / rate.value
    rate_text = np.where(
        t1.missing, "no IPCC default carbon_accumulation_rate in " + ", ".join(IPCC_SETS)
        + " (2006 Table 5.1 rate not shipped)",
        fmt(area) + " ha × G " + fmt(t1.value) + " t C/ha/yr [" + describe(t1.ref)
        + "] → CO2 " + fmt(t1_co2) + " t CO2")
    stock_text = np.where(
        stock.missing, "",
        "; Table 5.1 stock at harvest " + fmt(stock.value) + " t C/ha [" + describe(stock.ref)
        + "], reached at the own rate in " + fmt(years) + " yr")
    return np.where(own, "; Tier 1 check (not counted): " + rate_text + stock_text, "")


def _woody(rows, context, mask, activity, area, zone, region) -> pd.DataFrame:
    if not mask.any():
        return no_records()
    keys: Keys = {"activity": activity, "climate_zone": zone, "ipcc_region": region}
    what = activity + " in " + zone
    gaps = np.full(len(activity), "", dtype=object)
    growth = _need(context, BIOMASS, "agb_growth", keys, "t d.m./ha/yr", mask, gaps)
    ratio = _need(context, BIOMASS, "root_to_shoot", keys, "1", mask, gaps)
    cf = _need(context, BIOMASS, "carbon_fraction", keys, "t C/t d.m.", mask, gaps)
    removal = _losses_given(rows, "wood_removal_m3", mask)
    fuelwood = _losses_given(rows, "fuelwood_t", mask)
    disturbed = _losses_given(rows, "disturbance_area_ha", mask)
    fd = rows.number("disturbance_fraction", default=1.0, minimum=0.0, maximum=1.0)
    bcef = _need(context, BIOMASS, "bcef_r", keys, "t d.m./m3",
                 mask & (np.nan_to_num(removal) > 0), gaps)
    agb = _need(context, BIOMASS, "agb_stock", keys, "t d.m./ha",
                mask & (np.nan_to_num(disturbed) > 0), gaps)
    _report_gaps(rows, context, BIOMASS, gaps, what)
    ok = (mask & ~growth.missing & ~ratio.missing & ~cf.missing
          & ~((np.nan_to_num(removal) > 0) & bcef.missing)
          & ~((np.nan_to_num(disturbed) > 0) & agb.missing) & np.isfinite(fd))
    gain = gain_woody(area, growth.value, ratio.value, cf.value)
    l_wood = np.where(np.nan_to_num(removal) > 0,
                      loss_wood_removal(np.nan_to_num(removal), bcef.value, ratio.value,
                                        cf.value), 0.0)
    l_fuel = loss_fuelwood(np.nan_to_num(fuelwood), cf.value)
    l_dist = np.where(np.nan_to_num(disturbed) > 0,
                      loss_disturbance(np.nan_to_num(disturbed), agb.value, ratio.value,
                                       cf.value, fd), 0.0)
    loss = l_wood + l_fuel + l_dist
    emissions = co2_from_carbon_change(gain - loss)
    describe = _describer(context)
    given = np.isfinite(removal) | np.isfinite(fuelwood) | np.isfinite(disturbed)
    loss_text = np.where(
        given,
        "wood " + fmt(l_wood) + " + fuelwood " + fmt(l_fuel) + " + disturbance "
        + fmt(l_dist) + " = " + fmt(loss) + " t C",
        "0 t C (no wood_removal_m3, fuelwood_t or disturbance_area_ha given: assumed 0)")
    chain = (fmt(area) + " ha × G_W " + fmt(growth.value) + " t d.m./ha/yr ["
             + describe(growth.ref) + "] × (1 + R " + fmt(ratio.value) + " ["
             + describe(ratio.ref) + "]) × CF " + fmt(cf.value) + " [" + describe(cf.ref)
             + "] = gain " + fmt(gain) + " t C; loss " + loss_text
             + "; CO2 = −(gain − loss) × 44/12 = " + fmt(emissions) + " t CO2")
    return _records(rows, ok, emissions, chain, "gain_loss")


def _conversion(rows, context, mask, area, zone, region, from_use, to_use) -> pd.DataFrame:
    if not mask.any():
        return no_records()
    describe = _describer(context)
    stocks, texts = [], []
    for use in (from_use, to_use):
        keys: Keys = {"land_use": use, "climate_zone": zone, "ipcc_region": region}
        what = use + " in " + zone
        gaps = np.full(len(use), "", dtype=object)
        agb = _need(context, STOCK, "agb_stock", keys, "t d.m./ha", mask, gaps)
        woody = mask & ~agb.missing & (agb.value > 0)  # R and CF matter only for a stock > 0
        ratio = _need(context, STOCK, "root_to_shoot", keys, "1", woody, gaps)
        cf = _need(context, STOCK, "carbon_fraction", keys, "t C/t d.m.", woody, gaps)
        stock = carbon_stock(agb.value, np.where(woody, ratio.value, 0.0),
                             np.where(woody, cf.value, 0.0))
        _report_gaps(rows, context, STOCK, gaps, what)
        mask = mask & ~agb.missing & ~(woody & (ratio.missing | cf.missing))
        stocks.append(stock)
        texts.append(np.where(
            woody, fmt(agb.value) + " t d.m./ha [" + describe(agb.ref) + "] × (1 + "
            + fmt(ratio.value) + " [" + describe(ratio.ref) + "]) × CF " + fmt(cf.value)
            + " [" + describe(cf.ref) + "] = " + fmt(stock) + " t C/ha",
            "0 t C/ha [" + describe(agb.ref) + "]"))
    delta = conversion_change(area, stocks[1], stocks[0])
    emissions = co2_from_carbon_change(delta)
    chain = (fmt(area) + " ha " + from_use + " → " + to_use + " × (C_after " + texts[1]
             + " − C_before " + texts[0] + ") = ΔC " + fmt(delta) + " t C; CO2 = −ΔC × 44/12 = "
             + fmt(emissions) + " t CO2")
    return _records(rows, mask, emissions, chain, "conversion")


def _describer(context: SectorContext):
    """``parameters.describe``, safe on a stack with no parameter rows at all."""
    if len(context.parameters.rows):
        return context.parameters.describe
    return lambda ref: np.full(len(ref), "", dtype=object)


def _records(rows: SectorRows, ok: np.ndarray, emissions: np.ndarray, chain: np.ndarray,
             step: str) -> pd.DataFrame:
    position = np.flatnonzero(ok)
    if not len(position):
        return no_records()
    category = rows.frame["category"].astype(str).to_numpy(dtype=object)[position]
    return records(rows, position, category=category, gas="CO2",
                   emissions_t=emissions[position], step=step,
                   chain=np.asarray(chain, dtype=object)[position])
