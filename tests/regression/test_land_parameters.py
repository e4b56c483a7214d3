"""Pins every land (3.B) and aquaculture parameter value shipped, against its table and page.

Sources (transcriptions) are named in each CSV row's note; see the tables' .toml ``checked``.
"""

from __future__ import annotations

import numpy as np
import pytest

from ghg.factors.library import builtin_data
from ghg.factors.parameters import load_parameters

DATA = builtin_data()

# (set, table, parameter, keys, unit, value, source table, page)
PINNED = [
    ("ipcc2006", "land_biomass", "carbon_fraction",
     {"activity": "planted_forest", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "t C/t d.m.", 0.47, "Table 4.3 (tropical and subtropical)", "4.48 (not seen)"),
    ("ipcc2006", "land_biomass", "root_to_shoot",
     {"activity": "planted_forest", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "1", 0.37, "Table 4.4 (tropical rainforest)", "4.49 (not seen)"),
    ("ipcc2006", "land_stock", "carbon_fraction",
     {"land_use": "forest_land", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "t C/t d.m.", 0.47, "Table 4.3 (tropical and subtropical)", "4.48 (not seen)"),
    ("ipcc2006", "land_stock", "root_to_shoot",
     {"land_use": "forest_land", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "1", 0.37, "Table 4.4 (tropical rainforest)", "4.49 (not seen)"),
    ("ipcc2006", "land_stock", "agb_stock",
     {"land_use": "cropland", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "t d.m./ha", 0.0, "Section 5.3.1 (Tier 1: biomass immediately after conversion)",
     "5.x (not seen)"),
    ("ipcc2006", "land_stock", "agb_stock",
     {"land_use": "settlements", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "t d.m./ha", 0.0, "Section 8.3.1 (Tier 1: biomass immediately after conversion)",
     "8.x (not seen)"),
    ("wetlands2013", "land_biomass", "root_to_shoot",
     {"activity": "mangrove", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "1", 0.49, "Table 4.5", "4.x (not seen)"),
    ("wetlands2013", "land_biomass", "root_to_shoot",
     {"activity": "mangrove", "climate_zone": "tropical_dry", "ipcc_region": "asia"},
     "1", 0.29, "Table 4.5", "4.x (not seen)"),
    ("wetlands2013", "land_biomass", "carbon_fraction",
     {"activity": "mangrove", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "t C/t d.m.", 0.451, "Section 4.2.1.1 (mangrove carbon fraction of dry matter)",
     "4.x (not seen)"),
    ("ipcc2006", "land_biomass", "carbon_stock_at_harvest",
     {"activity": "coconut", "climate_zone": "tropical_wet", "ipcc_region": "asia"},
     "t C/ha", 50.0, "Table 5.1 (Tropical wet: above-ground biomass carbon stock at harvest)",
     "5.9 (not seen)"),
    ("ipcc2006", "land_biomass", "carbon_stock_at_harvest",
     {"activity": "coconut", "climate_zone": "tropical_moist", "ipcc_region": "asia"},
     "t C/ha", 21.0, "Table 5.1 (Tropical moist: above-ground biomass carbon stock at harvest)",
     "5.9 (not seen)"),
    ("ipcc2006", "land_biomass", "carbon_stock_at_harvest",
     {"activity": "fruit_orchard", "climate_zone": "tropical_dry", "ipcc_region": "asia"},
     "t C/ha", 9.0, "Table 5.1 (Tropical dry: above-ground biomass carbon stock at harvest)",
     "5.9 (not seen)"),
    ("ipcc2006", "land_biomass", "carbon_stock_at_harvest",
     {"activity": "coconut", "climate_zone": "warm_temperate_moist", "ipcc_region": "asia"},
     "t C/ha", 63.0,
     "Table 5.1 (Temperate (all moisture regimes): above-ground biomass carbon stock at harvest)",
     "5.9 (not seen)"),
    ("wetlands2013", "aquaculture_n2o", "ef_n2o_n", {"activity": "shrimp_production"},
     "kg N2O-N/kg", 0.00169, "Table 4.15 (number not confirmed)", "4.x (not seen)"),
]


@pytest.mark.parametrize("case", PINNED, ids=[f"{c[0]}-{c[2]}-{c[6]}-{'-'.join(c[3].values())}"
                                              for c in PINNED])
def test_pinned_value(case):
    set_name, table, parameter, keys, unit, value, source_table, page = case
    parameters = load_parameters([(set_name, DATA / set_name)])
    found = parameters.lookup(table, parameter, {k: np.array([v]) for k, v in keys.items()}, unit)
    assert found.value[0] == value
    row = parameters.rows.iloc[found.ref[0]]
    assert (row["table"], row["page"]) == (source_table, page)


def test_single_transcriptions_say_so():
    # Every value found in only one transcription must be flagged in its note (STYLE: sources).
    parameters = load_parameters([(n, DATA / n) for n in ("wetlands2013", "ipcc2006")])
    rows = parameters.rows[parameters.rows["table_name"].isin(
        ["land_biomass", "land_stock", "aquaculture_n2o"])]
    single = rows[rows["note"].str.startswith("SINGLE transcription:")]
    stock = [("ipcc2006", "carbon_stock_at_harvest", v) for v in (9.0, 21.0, 50.0)] + \
        [("ipcc2006", "carbon_stock_at_harvest", 63.0)] * 4
    assert sorted(zip(single["factor_set"], single["parameter"], single["value"], strict=True)) == [
        *stock, ("ipcc2006", "root_to_shoot", 0.37), ("ipcc2006", "root_to_shoot", 0.37),
        ("wetlands2013", "carbon_fraction", 0.451), ("wetlands2013", "ef_n2o_n", 0.00169)]


def test_mangrove_root_to_shoot_has_two_transcriptions():
    # Table 4.5: wri/carbon-budget and a mangrove carbon-density module agree (0.49, 0.29).
    parameters = load_parameters([("wetlands2013", DATA / "wetlands2013")])
    rows = parameters.rows[parameters.rows["parameter"] == "root_to_shoot"]
    assert sorted(rows["value"]) == [0.29, 0.49]
    assert rows["note"].str.startswith("Two transcriptions agree").all()


def test_no_growth_rate_is_shipped_without_a_source():
    # The growth columns of Table 5.1 / 4.9 / 4.10 / Wetlands Table 4.4 were not found in any
    # transcription: none may appear until they are (the method then reports them missing).
    # Table 5.1's stock at harvest was found once and is shipped, flagged.
    parameters = load_parameters([(n, DATA / n) for n in ("wetlands2013", "ipcc2006")])
    shipped = set(parameters.rows.loc[parameters.rows["table_name"].str.startswith("land_"),
                                      "parameter"])
    assert shipped == {"carbon_fraction", "root_to_shoot", "agb_stock",
                       "carbon_stock_at_harvest"}
