"""Air pollutants from the run's own activity amounts: one hand-worked case per source group
(stationary, road, navigation, waste burning, livestock and fertiliser NH3), the factor
coverage, and the rule that pollutants never touch the GHG outputs."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import ghg
from ghg.core.files import csv_bytes
from ghg.engine.pollutants import pollutants
from ghg.engine.writers import run_files
from ghg.factors.pollutants import match_activities
from ghg.inputs.config import InventoryConfig

ROWS = [  # category, activity, amount, unit
    ("1.A.2.e", "diesel", 1000.0, "t"),
    ("1.A.3.b", "motor_gasoline", 1000.0, "m3"),
    ("1.A.4.c.iii", "diesel", 100.0, "t"),
    ("4.C.2", "open_burnt_waste", 100.0, "t"),
    ("3.A", "swine", 1000.0, "head"),
    ("3.C.4", "synthetic_n", 100.0, "t"),
    ("3.C.1.b", "rice_straw_burnt", 10.0, "t"),
    ("1.A.4.b", "lpg", 10.0, "t"),
    ("1.A", "grid_electricity", 10.0, "MWh"),
]


@pytest.fixture(scope="module")
def result():
    return _compute()


def _compute():
    n = len(ROWS)
    table = pd.DataFrame({
        "source_id": ["p"] * n, "year": [2020] * n,
        "category": [r[0] for r in ROWS], "activity": [r[1] for r in ROWS],
        "amount": [r[2] for r in ROWS], "unit": [r[3] for r in ROWS],
        "waste_type": ["food_waste" if r[1] == "open_burnt_waste" else "" for r in ROWS],
        "not_estimated": ["CH4 N2O" if r[0] in ("4.C.2", "1.A.4.c.iii") else "" for r in ROWS],
        "productivity": ["low" if r[1] == "swine" else "" for r in ROWS]})
    config = InventoryConfig(name="t", climate_zone="tropical_wet",
                             ipcc_region="south_east_asia", grid_ef_fallback="latest")
    manure = pd.DataFrame({"activity": ["swine"], "system": ["liquid_slurry"], "share": ["1"]})
    return ghg.compute(table, factors=["vn", "ipcc2019", "ipcc2006", "density"], config=config,
                       tables={"manure_systems": manure})


def _t(result, category: str, pollutant: str) -> float:
    table = result.pollutants.table
    hit = table[(table["category"] == category) & (table["pollutant"] == pollutant)]
    assert len(hit) == 1, (category, pollutant)
    return float(hit["emissions_t"].iloc[0])


def test_stationary_diesel_in_manufacturing(result):
    # 1000 t × NCV 43.0 TJ/Gg / 1000 = 43 TJ; 1.A.2 'other' liquid fuels, Table 3-4:
    # NOx 513 g/GJ = 513 kg/TJ → 43 × 513 / 1000 = 22.059 t; PM2.5 20 g/GJ → 0.86 t;
    # BC 56 % of PM2.5 → 0.4816 t
    assert _t(result, "1.A.2.e", "NOx") == pytest.approx(22.059)
    assert _t(result, "1.A.2.e", "SO2") == pytest.approx(43 * 47 / 1000)
    assert _t(result, "1.A.2.e", "PM2.5") == pytest.approx(0.86)
    assert _t(result, "1.A.2.e", "BC") == pytest.approx(0.4816)


def test_road_petrol(result):
    # 1000 m3 × 0.741 t/m3 = 741 t; L-category petrol, Tables 3-5/08 and 3-6/08:
    # CO 244.88 g/kg → 741 × 0.24488 = 181.45608 t; NOx 7.23 g/kg → 5.35743 t
    assert _t(result, "1.A.3.b", "CO") == pytest.approx(181.45608)
    assert _t(result, "1.A.3.b", "NOx") == pytest.approx(5.35743)
    assert _t(result, "1.A.3.b", "NH3") == pytest.approx(741 * 0.05e-3)


def test_fishing_vessel_diesel(result):
    # 100 t MDO/MGO, Table 3-2: NOx 78.5 kg/t → 7.85 t; PM2.5 1.4 kg/t → 0.14 t
    assert _t(result, "1.A.4.c.iii", "NOx") == pytest.approx(7.85)
    assert _t(result, "1.A.4.c.iii", "PM2.5") == pytest.approx(0.14)


def test_open_burning_of_waste(result):
    # 100 t burnt, 5.C.2 Table 3-1: NOx 3.18 kg/t → 0.318 t; PM2.5 4.19 kg/t → 0.419 t;
    # BC 42 % of PM2.5 → 0.17598 t
    assert _t(result, "4.C.2", "NOx") == pytest.approx(0.318)
    assert _t(result, "4.C.2", "PM2.5") == pytest.approx(0.419)
    assert _t(result, "4.C.2", "BC") == pytest.approx(0.17598)


def test_livestock_and_fertiliser_nh3(result):
    # 1000 pigs × 6.5 kg NH3/head/yr (finishing pigs, slurry, Table 3-2 Total) = 6.5 t, under
    # manure management; 100 t N × 0.085 kg NH3/kg N = 8.5 t NH3 and × 0.04 = 4 t NOx
    assert _t(result, "3.A.2", "NH3") == pytest.approx(6.5)
    assert _t(result, "3.C.4", "NH3") == pytest.approx(8.5)
    assert _t(result, "3.C.4", "NOx") == pytest.approx(4.0)


def test_no_factor_is_listed_with_its_reason_never_a_zero(result):
    missing = result.pollutants.missing
    straw = missing[missing["activity"] == "rice_straw_burnt"]
    assert straw["pollutant"].tolist() == ["NOx", "SO2", "CO", "NMVOC", "NH3", "PM2.5", "PM10",
                                           "BC"]
    assert straw["reason"].str.contains("3.F").all()
    assert (missing.loc[missing["activity"] == "lpg", "reason"].str.contains("LPG")).all()
    road = missing[missing["activity"] == "motor_gasoline"]
    assert road["pollutant"].tolist() == ["SO2", "PM2.5", "PM10", "BC"]
    table = result.pollutants.table
    assert (table["emissions_t"] > 0).all()
    assert not table["category"].isin(["3.C.1.b", "1.A.4.b"]).any()
    assert "grid_electricity" not in set(missing["activity"])  # scope 2: not a source here


def test_the_longest_category_prefix_wins():
    keys = pd.DataFrame({"activity": ["diesel", "diesel", "diesel", "motor_gasoline"],
                         "category": ["1.A.2.g.vii", "1.A.2.e", "1.A.3.b.i", "1.A.2.e"]})
    out = match_activities(keys)
    assert out["factor_id"].tolist() == ["offroad_industry_diesel", "1A2_liquid",
                                         "road_pc_diesel", ""]
    assert out["matched"].tolist() == [True, True, True, False]


def test_pollutants_never_change_the_ghg_outputs():
    fresh = _compute()  # no pollutant computed yet
    emissions = fresh.emissions.copy()
    ghg_files = {"emissions.csv": csv_bytes(fresh.emissions),
                 "biogenic_co2.csv": csv_bytes(fresh.biogenic_co2),
                 "calculation.csv": csv_bytes(fresh.detail)}
    files = run_files(fresh, formats=("csv",))  # computes and writes the pollutants
    assert {"pollutants.csv", "pollutants_missing.csv"} <= set(files)
    assert len(fresh.pollutants.table)
    assert {name: files[name] for name in ghg_files} == ghg_files
    pd.testing.assert_frame_equal(fresh.emissions, emissions)
    assert not set(fresh.emissions["gas"]) & set(fresh.pollutants.table["pollutant"])
    assert fresh.provenance["totals"] == _compute().provenance["totals"]


def test_the_cube_has_a_pollutant_variable_of_its_own(result):
    from ghg.engine.cube import cube_arrays, pollutant_arrays

    air = pollutant_arrays(result)
    assert air is not None
    assert air.dims == ("pollutant_category", "pollutant", "pollutant_year")
    assert air.coords["pollutant"].tolist() == ["NOx", "SO2", "CO", "NMVOC", "NH3", "PM2.5",
                                                "PM10", "BC"]
    assert "3.C.1.b" not in air.coords["pollutant_category"]  # no factor: no cell
    nh3 = air.coords["pollutant"].tolist().index("NH3")
    assert air.emissions_t[:, nh3].sum() == pytest.approx(6.5 + 8.5 + 741 * 0.05e-3)
    assert air.emissions_t.sum() == pytest.approx(result.pollutants.table["emissions_t"].sum())
    assert set(cube_arrays(result).coords["gas"]) <= {"CO2", "CH4", "N2O"}


def test_waste_burnt_is_the_mass_the_4c_method_kept(result):
    # The run keeps the 4.C stream (100 t food waste burnt in the open, by input row 3); a result
    # without it (e.g. combined from chunks) works the same stream out again: same pollutants.
    kept = result.sectors.burnt_waste
    assert kept[["row", "year", "category", "treatment"]].values.tolist() == [
        [3, 2020, "4.C.2", "open_burning"]]
    assert kept["mass"].tolist() == [100.0]
    again = dataclasses.replace(result, sectors=dataclasses.replace(result.sectors,
                                                                     burnt_waste=None))
    pd.testing.assert_frame_equal(pollutants(again).table, result.pollutants.table)
    pd.testing.assert_frame_equal(pollutants(again).missing, result.pollutants.missing)
