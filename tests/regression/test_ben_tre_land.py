"""Ben Tre land (3.B): the inventory's own (Tier 2) factors and the removals they give.

The local factor set ``inventories/ben-tre/factors`` holds carbon accumulation rates taken from
published studies (named in each CSV row with its URL). Each value is pinned here against the
study figures it is derived from, with the arithmetic; then a coconut removal is worked by hand
and compared with the engine's result for the real inventory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ghg
from ghg.factors.library import builtin_data
from ghg.factors.parameters import load_parameters

BEN_TRE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"
LOCAL = ("local", BEN_TRE / "factors")
C_PER_CO2 = 12.0 / 44.0  # molecular weights

# Nguyen Thi Thanh Truc & Le Anh Tuan (2015), Can Tho Univ. J. Sci., Environment issue,
# p.193-199, abstract: Giong Trom (Ben Tre) coconut, absorbed CO2 per hectare, t CO2/ha.
TALL_4Y, DWARF_4Y, TALL_10Y, DWARF_10Y = 24.518, 20.458, 75.2436, 69.9189
# Janiola & Marin (2016), J. Bio. Env. Sci. p.164, abstract: tree carbon, t C/ha (Bukidnon).
MANGO_15Y, RAMBUTAN_12Y = 52.46, 13.13

# (activity, value, lower, upper, author in document, page)
PINNED = [
    # coconut: tall, age 10: 75.2436 × 12/44 / 10 = 2.0521 -> 2.052 t C/ha/yr
    #   lower dwarf: 69.9189 × 12/44 / 10 = 1.9069 -> 1.907
    #   upper tall, age 4 to 10: (75.2436 - 24.518) × 12/44 / 6 = 2.3057 -> 2.306
    pytest.param("coconut", TALL_10Y * C_PER_CO2 / 10, DWARF_10Y * C_PER_CO2 / 10,
                 (TALL_10Y - TALL_4Y) * C_PER_CO2 / 6, "Le Anh Tuan", "193-199",
                 id="Truc & Tuan 2015 CTU J Sci p193-199 coconut 2.052 (1.907-2.306) t C/ha/yr"),
    # fruit orchards: mango 52.46 / 15 = 3.4973, rambutan 13.13 / 12 = 1.0942;
    #   mean (3.4973 + 1.0942) / 2 = 2.2958 -> 2.296 t C/ha/yr
    pytest.param("fruit_orchard", (MANGO_15Y / 15 + RAMBUTAN_12Y / 12) / 2, RAMBUTAN_12Y / 12,
                 MANGO_15Y / 15, "Janiola", "164 (first page of article)",
                 id="Janiola & Marin 2016 JBES p164 orchards 2.296 (1.094-3.497) t C/ha/yr"),
]


@pytest.mark.parametrize("activity,value,lower,upper,author,page", PINNED)
def test_local_accumulation_rate(activity, value, lower, upper, author, page):
    parameters = load_parameters([LOCAL])
    keys = {"activity": np.array([activity]), "climate_zone": np.array(["tropical_wet"]),
            "ipcc_region": np.array(["south_east_asia"])}
    found = parameters.lookup("land_biomass", "carbon_accumulation_rate", keys, "t C/ha/yr")
    row = parameters.rows.iloc[found.ref[0]]
    assert found.value[0] == pytest.approx(value, abs=0.0005)  # the file rounds to 0.001
    assert row["lower"] == pytest.approx(lower, abs=0.0005)
    assert row["upper"] == pytest.approx(upper, abs=0.0005)
    assert author in row["document"] and "https://" in row["document"]
    assert row["page"] == page
    assert row["note"].startswith("SINGLE study")


def test_local_set_has_no_mangrove_growth_and_keeps_wetlands_defaults_usable():
    # no Mekong Delta growth rate was found: the local set must not define one (the mangrove
    # rows declare CO2 not estimated, notation key NE, until one is sourced)
    parameters = load_parameters([LOCAL, ("wetlands2013", builtin_data() / "wetlands2013")])
    keys = {"activity": np.array(["mangrove"]), "climate_zone": np.array(["tropical_wet"]),
            "ipcc_region": np.array(["south_east_asia"])}
    assert parameters.lookup("land_biomass", "agb_growth", keys, "t d.m./ha/yr").missing[0]


@pytest.fixture(scope="module")
def result():
    return ghg.compute(BEN_TRE)


def test_coconut_removal_2021_worked_by_hand(result):
    # 2021: growth-phase area = 77,188 ha standing (published) × 6.223% not yet bearing
    #   (2022: (77,708 - 72,872) / 77,708) = 4,804 ha; × 2.052 t C/ha/yr = 9,857.808 t C gained;
    #   CO2 = −9,857.808 × 44/12 = −36,145.296 t (a removal, negative)
    rows = result.detail
    coconut = rows[(rows["activity"] == "coconut") & (rows["year"] == 2021)]
    assert len(coconut) == 1
    assert coconut["category"].iloc[0] == "3.B.2.a"
    assert coconut["gas"].iloc[0] == "CO2"
    assert coconut["emissions_t"].iloc[0] == pytest.approx(-36145.296, rel=1e-9)
    assert "[local " in coconut["chain"].iloc[0]  # the inventory's own factor set was used


def test_land_is_a_removal_every_year_2015_2024(result):
    emissions = result.emissions
    land = emissions[emissions["category"].astype(str).str.startswith("3.B")
                     & (emissions["gas"] == "CO2")]
    by_year = land.groupby("year")["emissions_t"].sum()
    assert list(by_year.index) == list(range(2015, 2025))
    assert (by_year < 0).all()
    # 2015: coconut growth-phase area 4,605 ha × 2.052 = 9,449.46 t C; × 44/12 = 34,648.02 t
    #   CO2 removed (orchards are not computed: their growth-phase area is unknown)
    assert by_year[2015] == pytest.approx(-34648.02, rel=1e-9)


def test_aquaculture_is_left_out_with_its_notation_key(result):
    # One production figure (2023) and a one-transcription factor: estimating it made 3.B.4.a
    # N2O appear in 2023 only (+175,941 t CO2e). Issue #19: the source is left out, key NE.
    emissions = result.emissions
    assert not (emissions["category"] == "3.B.4.a").any()
    pending = pd.read_csv(BEN_TRE / "activity-pending" / "aquaculture.csv")
    assert pending[["year", "category", "activity", "amount"]].values.tolist() == [
        [2023, "3.B.4.a", "fish_production", 250000]]
    keys = pd.read_csv(BEN_TRE / "notation_keys.csv").set_index(["category", "gas"])
    assert keys.loc[("3.B.4.a", "N2O"), "key"] == "NE"
    assert "one transcription only" in keys.loc[("3.B.4.a", "N2O"), "explanation"]


def test_mangrove_rows_are_in_the_inventory_as_not_estimated(result):
    # the 6,914 ha are activity data now; with no sourced growth rate (Wetlands Supplement Table
    # 4.4 not found) each row declares CO2 not estimated and gives no record and no problem
    pending = pd.read_csv(BEN_TRE / "activity-pending" / "land.csv")
    active = pd.read_csv(BEN_TRE / "activity" / "land.csv", keep_default_na=False)
    assert set(pending["activity"]) == {"fruit_orchard"}
    assert len(pending) == 10  # 2015-2024
    mangrove = active[active["activity"] == "mangrove"]
    assert sorted(mangrove["year"]) == list(range(2015, 2025))
    assert (mangrove["amount"] == 6914).all() and (mangrove["not_estimated"] == "CO2").all()
    assert (mangrove["category"] == "3.B.1.a").all()
    assert not (result.detail["activity"] == "mangrove").any()


def test_coconut_rows_are_tropical_moist_and_show_the_tier1_check(result):
    # Ben Tre rain (1,210-1,600 mm/yr) is 'tropical moist' in the IPCC decision tree
    # (1,000 < MAP <= 2,000 mm); the Table 5.1 stock at harvest for it, 21 t C/ha, is reached at
    # the local rate 2.052 t C/ha/yr in 21 / 2.052 = 10.23 yr, beside the study's stands of
    # 10 years (75.2436 t CO2/ha × 12/44 = 20.52 t C/ha): the local Tier 2 agrees with Tier 1.
    active = pd.read_csv(BEN_TRE / "activity" / "land.csv", keep_default_na=False)
    assert set(active.loc[active["activity"] == "coconut", "climate_zone"]) == {"tropical_moist"}
    chain = result.detail.loc[result.detail["activity"] == "coconut", "chain"].iloc[-1]
    assert "Tier 1 check (not counted)" in chain
    assert "stock at harvest 21 t C/ha" in chain and "in 10.2339 yr" in chain
    assert TALL_10Y * C_PER_CO2 == pytest.approx(20.52, abs=0.005)
