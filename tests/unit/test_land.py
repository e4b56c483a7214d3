"""Land (3.B): gain-loss kernels, perennial cropland, mangrove, land conversion, input checks.

The shipped factor sets hold the carbon fraction and root-to-shoot ratios (pinned in
tests/regression/test_land_parameters.py) but no growth rates or forest stocks: the IPCC tables
with those (2006 Table 5.1, Tables 4.7/4.9/4.10, Wetlands Supplement Table 4.4) were not found in
any transcription. Where a case needs one, the test adds a small *local* factor set standing for
an inventory's own (country-specific) value, as a user would; those numbers are test inputs,
not IPCC values, and are marked LOCAL below.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.factors.library import builtin_data
from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.sectors import land
from ghg.sectors.method import SectorContext, SectorRows

DATA = builtin_data()
META = ('title = "local"\ndocument = "inventory\'s own values (test)"\n'
        'dimensions = [{dims}]\nchecked = "test"\n')


def local_set(root: Path, table: str, dims: list[str], rows: list[str]) -> tuple[str, Path]:
    """A factor set ``local`` with one parameters table (an inventory's own values)."""
    folder = root / "local" / "parameters"
    folder.mkdir(parents=True, exist_ok=True)
    header = ",".join(["parameter", *dims, "value", "unit", "lower", "upper", "document",
                       "table", "page", "note"])
    (folder / f"{table}.csv").write_text(header + "\n" + "\n".join(rows) + "\n",
                                         encoding="utf-8")
    (folder / f"{table}.toml").write_text(
        META.format(dims=", ".join(f'"{d}"' for d in dims)), encoding="utf-8")
    return "local", root / "local"


def land_rows(*rows: dict) -> SectorRows:
    frame = pd.DataFrame([{"source_id": "province", "year": 2020, "unit": "ha", "region": "",
                           **r} for r in rows]).fillna("")
    frame["row"] = np.arange(len(frame))
    frame["file"] = "t.csv"
    frame["line"] = np.arange(2, len(frame) + 2)
    frame["amount"] = frame["amount"].astype(float)
    return SectorRows(frame)


def context(*sets: tuple[str, Path]) -> SectorContext:
    return SectorContext(parameters=load_parameters(list(sets)),
                         config=InventoryConfig(name="t", climate_zone="tropical_wet",
                                                ipcc_region="south_east_asia"),
                         tables={}, years=np.arange(2015, 2025))


IPCC2006 = ("ipcc2006", DATA / "ipcc2006")
WETLANDS = ("wetlands2013", DATA / "wetlands2013")


# ---- kernels ---------------------------------------------------------------------------------

def test_woody_gain_is_area_growth_roots_and_carbon_fraction():
    # Eq 2.9-2.10: 100 ha × 10 t d.m./ha/yr × (1 + 0.37) × 0.47 = 643.9 t C
    assert land.gain_woody(np.array([100.0]), np.array([10.0]), np.array([0.37]),
                           np.array([0.47]))[0] == pytest.approx(643.9)


def test_losses_follow_equations_2_12_to_2_14():
    # Eq 2.12: 50 m3 × BCEF_R 1.0 × 1.37 × 0.47 = 32.195 t C
    assert land.loss_wood_removal(np.array([50.0]), np.array([1.0]), np.array([0.37]),
                                  np.array([0.47]))[0] == pytest.approx(32.195)
    # Eq 2.13 (wood pieces): 10 t d.m. × 0.47 = 4.7 t C
    assert land.loss_fuelwood(np.array([10.0]), np.array([0.47]))[0] == pytest.approx(4.7)
    # Eq 2.14: 2 ha × 200 t d.m./ha × 1.37 × 0.47 × 0.5 = 128.78 t C
    assert land.loss_disturbance(np.array([2.0]), np.array([200.0]), np.array([0.37]),
                                 np.array([0.47]), np.array([0.5]))[0] == pytest.approx(128.78)


def test_a_stock_gain_is_a_negative_emission_and_never_clipped():
    # −ΔC × 44/12: a gain of 3 t C is −11 t CO2, a loss of 3 t C is +11 t CO2
    np.testing.assert_allclose(land.co2_from_carbon_change(np.array([3.0, -3.0])), [-11.0, 11.0])


# ---- perennial cropland (coconut) ------------------------------------------------------------

def test_coconut_area_gives_a_removal(tmp_path):
    # LOCAL coconut accumulation rate 2.0 t C/ha/yr (an inventory's own value, not Table 5.1).
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "carbon_accumulation_rate,coconut,tropical_wet,*,2.0,t C/ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 77000})
    out = land.method(rows, context(local, IPCC2006))
    assert rows.problems == []
    # 77,000 ha × 2.0 t C/ha/yr = 154,000 t C gain; no losses given → 0;
    # CO2 = −154,000 × 44/12 = −564,666.67 t CO2
    assert out["emissions_t"].tolist() == pytest.approx([-564666.6667])
    assert out[["category", "gas", "step"]].iloc[0].tolist() == ["3.B.2.a", "CO2", "gain_loss"]
    assert "assumed 0" in out["chain"].iloc[0] and "local T1 p.1" in out["chain"].iloc[0]


def test_coconut_replanting_loses_the_stock_at_harvest(tmp_path):
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "carbon_accumulation_rate,coconut,tropical_wet,*,2.0,t C/ha/yr,,,local,T1,1,test",
        "carbon_stock_at_harvest,coconut,tropical_wet,*,40,t C/ha,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 77000,
                      "area_replanted_ha": "5000"})
    out = land.method(rows, context(local, IPCC2006))
    # gain 154,000 t C; loss 5,000 ha × 40 t C/ha = 200,000 t C; ΔC = −46,000 t C
    # → CO2 = +46,000 × 44/12 = +168,666.67 t CO2 (a net emission that year)
    assert out["emissions_t"].tolist() == pytest.approx([168666.6667])


def test_coconut_without_a_rate_names_the_missing_parameter():
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 77000})
    out = land.method(rows, context(IPCC2006))
    assert len(out) == 0
    assert len(rows.problems) == 1
    text = str(rows.problems[0])
    assert "t.csv" in text and "carbon_accumulation_rate" in text and "coconut" in text


# ---- forest land (mangrove) ------------------------------------------------------------------

def test_mangrove_uses_wetlands_supplement_ratio_and_carbon_fraction(tmp_path):
    # LOCAL mangrove growth 10 t d.m./ha/yr; R 0.49 (Table 4.5 tropical wet) and CF 0.451 from
    # the wetlands2013 set.
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "agb_growth,mangrove,tropical_wet,*,10,t d.m./ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.1.a", "activity": "mangrove", "amount": 1000})
    out = land.method(rows, context(local, WETLANDS, IPCC2006))
    assert rows.problems == []
    # 1,000 ha × 10 × (1 + 0.49) × 0.451 = 6,719.9 t C; CO2 = −6,719.9 × 44/12 = −24,639.63 t
    assert out["emissions_t"].tolist() == pytest.approx([-24639.6333])
    assert "wetlands2013 Table 4.5 p." in out["chain"].iloc[0]


def test_mangrove_wood_removal_without_bcef_is_reported(tmp_path):
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "agb_growth,mangrove,tropical_wet,*,10,t d.m./ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.1.a", "activity": "mangrove", "amount": 1000,
                      "wood_removal_m3": "300"})
    out = land.method(rows, context(local, WETLANDS, IPCC2006))
    assert len(out) == 0
    assert "bcef_r" in str(rows.problems[0])


def test_mangrove_fuelwood_loss(tmp_path):
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "agb_growth,mangrove,tropical_wet,*,10,t d.m./ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.1.a", "activity": "mangrove", "amount": 1000,
                      "fuelwood_t": "1000"})
    out = land.method(rows, context(local, WETLANDS, IPCC2006))
    # gain 6,719.9 t C; loss 1,000 t d.m. × 0.451 = 451 t C; ΔC 6,268.9 t C → −22,985.97 t CO2
    assert out["emissions_t"].tolist() == pytest.approx([-22985.9667])


def test_mangrove_without_the_wetlands_set_says_which_set_to_add():
    rows = land_rows({"category": "3.B.1.a", "activity": "mangrove", "amount": 1000})
    land.method(rows, context(IPCC2006))
    assert any("wetlands2013" in str(p) for p in rows.problems)


# ---- land conversion -------------------------------------------------------------------------

def test_forest_to_cropland_conversion_by_hand(tmp_path):
    # LOCAL forest above-ground stock 300 t d.m./ha; R 0.37 and CF 0.47 (ipcc2006 Tables 4.4,
    # 4.3) and cropland 0 after conversion from the ipcc2006 land_stock table.
    local = local_set(tmp_path, "land_stock", ["land_use", "climate_zone", "ipcc_region"], [
        "agb_stock,forest_land,tropical_wet,*,300,t d.m./ha,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.2.b", "activity": "land_conversion", "amount": 10,
                      "from_use": "forest_land", "to_use": "cropland"})
    out = land.method(rows, context(local, IPCC2006))
    assert rows.problems == []
    # C_before = 300 × 1.37 × 0.47 = 193.17 t C/ha; C_after = 0;
    # ΔC = (0 − 193.17) × 10 ha = −1,931.7 t C; CO2 = +1,931.7 × 44/12 = +7,082.9 t CO2
    assert out["emissions_t"].tolist() == pytest.approx([7082.9])
    assert out["step"].tolist() == ["conversion"]


def test_conversion_category_must_agree_with_to_use():
    rows = land_rows({"category": "3.B.1.b", "activity": "land_conversion", "amount": 10,
                      "from_use": "forest_land", "to_use": "cropland"})
    out = land.method(rows, context(IPCC2006))
    assert len(out) == 0
    assert "expected 3.B.2.b" in str(rows.problems[0])


def test_a_sub_category_of_the_expected_one_is_accepted(tmp_path):
    local = local_set(tmp_path, "land_stock", ["land_use", "climate_zone", "ipcc_region"], [
        "agb_stock,forest_land,tropical_wet,*,300,t d.m./ha,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.2.b.i", "activity": "land_conversion", "amount": 10,
                      "from_use": "forest_land", "to_use": "cropland"})
    out = land.method(rows, context(local, IPCC2006))
    assert out["category"].tolist() == ["3.B.2.b.i"]


def test_unknown_land_use_lists_the_valid_ones():
    rows = land_rows({"category": "3.B.2.b", "activity": "land_conversion", "amount": 10,
                      "from_use": "jungle", "to_use": "cropland"})
    land.method(rows, context(IPCC2006))
    text = " ".join(str(p) for p in rows.problems)
    assert "from_use" in text and "forest_land, cropland, grassland" in text


def test_remaining_land_in_the_wrong_category_is_reported():
    rows = land_rows({"category": "3.B.1.a", "activity": "coconut", "amount": 10})
    land.method(rows, context(IPCC2006))
    assert "expected 3.B.2.a" in str(rows.problems[0])


def test_a_stack_without_land_tables_reports_rows_instead_of_failing():
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 10})
    out = land.method(rows, context(("vn", DATA / "vn")))
    assert len(out) == 0 and "carbon_accumulation_rate" in str(rows.problems[0])


# ---- Tier 1 values and checks (issue 19) ------------------------------------------------------

def test_replanting_loses_the_table_5_1_stock_at_harvest(tmp_path):
    # Tier 1 loss: the shipped 2006 Table 5.1 stock at harvest, tropical wet 50 t C/ha (ipcc2006);
    # LOCAL rate 2.0 t C/ha/yr (the Table 5.1 rate is not shipped).
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "carbon_accumulation_rate,coconut,*,*,2.0,t C/ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 1000,
                      "area_replanted_ha": "100"})
    out = land.method(rows, context(local, IPCC2006))
    assert rows.problems == []
    # gain 1,000 ha × 2.0 = 2,000 t C; loss 100 ha × 50 t C/ha = 5,000 t C; ΔC = −3,000 t C
    # → CO2 = +3,000 × 44/12 = +11,000 t CO2
    assert out["emissions_t"].tolist() == pytest.approx([11000.0])
    assert "ipcc2006 Table 5.1 (Tropical wet" in out["chain"].iloc[0]


def test_a_local_rate_shows_the_tier1_check_beside_it(tmp_path):
    # LOCAL rate 2.0; no IPCC rate is shipped, so the check says so and gives the Table 5.1
    # stock at harvest (tropical moist 21 t C/ha) and the years the local rate needs: 21 / 2 = 10.5.
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "carbon_accumulation_rate,coconut,*,*,2.0,t C/ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 1000,
                      "climate_zone": "tropical_moist"})
    out = land.method(rows, context(local, IPCC2006))
    chain = out["chain"].iloc[0]
    assert out["emissions_t"].tolist() == pytest.approx([-7333.3333])  # −2,000 × 44/12
    assert "Tier 1 check (not counted): no IPCC default carbon_accumulation_rate" in chain
    assert "stock at harvest 21 t C/ha" in chain and "in 10.5 yr" in chain


def test_the_tier1_check_computes_with_an_ipcc_rate_when_one_is_shipped(tmp_path):
    # A set named like an IPCC default set holding a rate of 10 t C/ha/yr (a TEST INPUT standing
    # for a Table 5.1 rate): 1,000 ha × 10 = 10,000 t C → −36,666.7 t CO2, shown, not counted.
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "carbon_accumulation_rate,coconut,*,*,2.0,t C/ha/yr,,,local,T1,1,test"])
    fake = local_set(tmp_path / "t1", "land_biomass", ["activity", "climate_zone", "ipcc_region"],
                     ["carbon_accumulation_rate,*,tropical_wet,*,10,t C/ha/yr,,,test,T5.1,1,test"])
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 1000})
    out = land.method(rows, context(local, ("ipcc2019", fake[1]), IPCC2006))
    assert out["emissions_t"].tolist() == pytest.approx([-7333.3333])  # the local rate counts
    assert "1000 ha × G 10 t C/ha/yr [ipcc2019 T5.1 p.1] → CO2 -36666.7 t CO2" \
        in out["chain"].iloc[0]


def test_an_ipcc_rate_row_has_no_tier1_check_of_itself(tmp_path):
    fake = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"],
                     ["carbon_accumulation_rate,*,tropical_wet,*,10,t C/ha/yr,,,test,T5.1,1,test"])
    rows = land_rows({"category": "3.B.2.a", "activity": "coconut", "amount": 1000})
    out = land.method(rows, context(("ipcc2019", fake[1]), IPCC2006))
    assert out["emissions_t"].tolist() == pytest.approx([-36666.6667])
    assert "Tier 1 check" not in out["chain"].iloc[0]


def test_mangrove_tier1_ratio_and_fraction_under_wetlands(tmp_path):
    # Tier 1 R 0.29 (Wetlands Supplement Table 4.5, tropical dry) and CF 0.451 (wetlands2013);
    # LOCAL growth 5 t d.m./ha/yr (Table 4.4 not shipped). Reported under wetlands 3.B.4.a.
    local = local_set(tmp_path, "land_biomass", ["activity", "climate_zone", "ipcc_region"], [
        "agb_growth,mangrove,*,*,5,t d.m./ha/yr,,,local,T1,1,test"])
    rows = land_rows({"category": "3.B.4.a", "activity": "mangrove", "amount": 200,
                      "climate_zone": "tropical_dry"})
    out = land.method(rows, context(local, WETLANDS, IPCC2006))
    assert rows.problems == []
    # 200 ha × 5 × (1 + 0.29) × 0.451 = 581.79 t C; CO2 = −581.79 × 44/12 = −2,133.23 t
    assert out["emissions_t"].tolist() == pytest.approx([-2133.23])
    assert out["category"].tolist() == ["3.B.4.a"]


def test_mangrove_is_not_accepted_outside_forest_land_and_wetlands():
    rows = land_rows({"category": "3.B.2.a", "activity": "mangrove", "amount": 200})
    land.method(rows, context(WETLANDS, IPCC2006))
    assert "expected 3.B.1.a" in str(rows.problems[0])


def test_a_row_declaring_co2_not_estimated_needs_no_factor():
    rows = land_rows({"category": "3.B.1.a", "activity": "mangrove", "amount": 6914,
                      "not_estimated": "CO2"},
                     {"category": "3.B.1.a", "activity": "mangrove", "amount": 10})
    out = land.method(rows, context(WETLANDS, IPCC2006))
    assert len(out) == 0
    assert [p.line for p in rows.problems] == [3]  # only the row without the declaration
