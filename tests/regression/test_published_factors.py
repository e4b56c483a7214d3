"""Pin the shipped emission-factor tables to the published values, typed in by hand.

Every expected number below was typed from the published table as transcribed in the sources listed
in each table's ``<table>.toml`` (``checked`` key); none is read back from the CSV files. The tests
read the CSVs with pandas only, so they do not depend on the engine code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"
HEADER = [
    "activity", "category", "parameter", "gas", "value", "unit", "year_from", "year_to",
    "lower", "upper", "source_id", "document", "table", "page", "note",
]  # fmt: skip
KEY = ["activity", "category", "parameter", "gas", "year_from", "source_id"]


def set_folders() -> list[Path]:
    """Factor-set folders: the sub-folders of data/ that hold a set.toml."""
    return sorted(p.parent for p in DATA.glob("*/set.toml"))


def factor_csvs() -> list[Path]:
    return sorted(csv for folder in set_folders() for csv in folder.glob("*.csv"))


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def lookup(file: str, activity: str, category: str, parameter: str, gas: str = "",
           year: int | None = None, column: str = "value") -> float:
    """The one value of ``column`` in ``data/<file>`` for this key; fail clearly if absent."""
    table = read(DATA / file)
    hit = table[
        table["activity"].eq(activity) & table["category"].eq(category)
        & table["parameter"].eq(parameter) & table["gas"].eq(gas)
        & table["year_from"].eq("" if year is None else str(year))
    ]  # fmt: skip
    where = (f"{file}: activity={activity} category={category} parameter={parameter} "
             f"gas={gas or '-'} year={year or '-'}")
    if hit.empty:
        pytest.fail(f"no row for {where}")
    if len(hit) > 1:
        pytest.fail(f"{len(hit)} rows for {where}; expected one")
    text = hit.iloc[0][column]
    if text == "":
        pytest.fail(f"{where}: column {column} is empty")
    return float(text)


# --------------------------------------------------------------------------- structure


def test_set_folders_exist():
    names = {p.name for p in set_folders()}
    assert {"ipcc2006", "vn", "density"} <= names


@pytest.mark.parametrize("path", factor_csvs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_csv_structure(path: Path):
    table = read(path)
    assert list(table.columns) == HEADER, f"{path}: header"
    for column in ("document", "table", "page"):
        empty = table.index[table[column].str.strip().eq("")].tolist()
        assert not empty, f"{path}: empty {column} on data rows {[i + 2 for i in empty]}"
    for column in ("value", "lower", "upper"):
        filled = table[column][table[column].ne("")]
        bad = filled[pd.to_numeric(filled, errors="coerce").isna()]
        assert bad.empty, f"{path}: non-numeric {column}: {bad.tolist()}"
        assert not filled.str.contains(",").any(), f"{path}: thousands separator in {column}"
    assert table["value"].ne("").all(), f"{path}: empty value"
    assert (path.with_suffix(".toml")).exists(), f"{path}: sidecar .toml missing"


@pytest.mark.parametrize("folder", set_folders(), ids=lambda p: p.name)
def test_no_duplicate_keys_within_a_set(folder: Path):
    frames = [read(csv).assign(file=csv.name) for csv in sorted(folder.glob("*.csv"))]
    if not frames:  # a set of sector parameter tables only (tests/unit/test_parameters.py)
        assert (folder / "parameters").is_dir(), f"{folder.name}: no tables at all"
        return
    table = pd.concat(frames, ignore_index=True)
    dup = table[table.duplicated(KEY, keep=False)]
    assert dup.empty, f"{folder.name}: duplicate keys:\n{dup[KEY + ['file']].to_string()}"


def test_bounds_bracket_default():
    for path in factor_csvs():
        table = read(path)
        both = table[table["lower"].ne("") & table["upper"].ne("")]
        for _, r in both.iterrows():
            assert float(r["lower"]) <= float(r["value"]) <= float(r["upper"]), f"{path}: {r.to_dict()}"


# --------------------------------------------------------------------------- Table 1.2 NCV

NCV = {  # TJ/Gg: (default, lower, upper); None = bound not published here
    "diesel": (43.0, 41.4, 43.3),
    "motor_gasoline": (44.3, 42.5, 44.8),
    "lpg": (47.3, 44.8, 52.2),
    "natural_gas": (48.0, 46.5, 50.4),
    "residual_fuel_oil": (40.4, 39.8, 41.7),
    "anthracite": (26.7, 21.6, 32.2),
    "sub_bituminous_coal": (18.9, None, None),
    "other_bituminous_coal": (25.8, None, None),
    "lignite": (11.9, 5.5, 21.6),
    "wood": (15.6, None, None),
    "jet_kerosene": (44.1, None, None),
    "other_kerosene": (43.8, None, None),
}


@pytest.mark.parametrize("fuel", list(NCV))
def test_ncv_table_1_2(fuel):
    default, lower, upper = NCV[fuel]
    assert lookup("ipcc2006/ncv.csv", fuel, "*", "ncv") == pytest.approx(default)
    if lower is not None:
        assert lookup("ipcc2006/ncv.csv", fuel, "*", "ncv", column="lower") == pytest.approx(lower)
        assert lookup("ipcc2006/ncv.csv", fuel, "*", "ncv", column="upper") == pytest.approx(upper)


# --------------------------------------------------------------------------- Table 1.4 CO2

CO2 = {  # kg CO2/TJ
    "diesel": 74100, "motor_gasoline": 69300, "lpg": 63100, "natural_gas": 56100,
    "residual_fuel_oil": 77400, "anthracite": 98300, "sub_bituminous_coal": 96100,
    "other_bituminous_coal": 94600, "lignite": 101000, "wood": 112000,
    "other_kerosene": 71900, "coke_oven_coke": 107000, "other_primary_solid_biomass": 100000,
    "jet_kerosene": 71500, "charcoal": 112000, "other_biogas": 54600,
}


@pytest.mark.parametrize("fuel", list(CO2))
def test_co2_table_1_4(fuel):
    assert lookup("ipcc2006/co2_stationary.csv", fuel, "1.A", "ef", "CO2") == CO2[fuel]


# --------------------------------------------------------------------------- Tables 2.2-2.5

OIL = ("diesel", "motor_gasoline", "residual_fuel_oil")
COAL = ("anthracite", "sub_bituminous_coal", "other_bituminous_coal")

# (file, category): {fuel: (CH4, N2O)}, kg/TJ; None = not published in this table file
SECTOR = {
    ("stationary_energy_industries.csv", "1.A.1"): {
        **{f: (3, 0.6) for f in OIL}, "lpg": (1, 0.1), "natural_gas": (1, 0.1),
        **{f: (1, 1.5) for f in COAL}, "wood": (30, 4),
    },
    ("stationary_manufacturing.csv", "1.A.2"): {
        **{f: (3, 0.6) for f in OIL}, "lpg": (1, 0.1), "natural_gas": (1, 0.1),
        **{f: (10, 1.5) for f in COAL}, "wood": (30, 4),
        "other_bituminous_coal": (10, 1.5), "other_kerosene": (3, 0.6), "jet_kerosene": (3, 0.6),
    },
    ("stationary_commercial.csv", "1.A.4.a"): {
        **{f: (10, 0.6) for f in OIL}, "other_kerosene": (10, 0.6), "jet_kerosene": (10, 0.6),
        "lpg": (5, 0.1), "natural_gas": (5, 0.1),
        **{f: (10, 1.5) for f in COAL}, "wood": (300, 4),
    },
    ("stationary_commercial.csv", "1.A.5.a"): {
        **{f: (10, 0.6) for f in OIL}, "other_kerosene": (10, 0.6), "jet_kerosene": (10, 0.6),
        "lpg": (5, 0.1), "natural_gas": (5, 0.1),
        **{f: (10, 1.5) for f in COAL}, "wood": (300, 4),
    },
    ("stationary_residential_agriculture.csv", "1.A.4.b"): {
        **{f: (10, 0.6) for f in OIL}, "lpg": (5, 0.1), "natural_gas": (5, 0.1),
        **{f: (300, 1.5) for f in COAL}, "wood": (300, 4),
    },
    ("stationary_residential_agriculture.csv", "1.A.4.c.i"): {
        **{f: (10, 0.6) for f in OIL}, "lpg": (5, 0.1), "natural_gas": (5, 0.1),
        **{f: (300, 1.5) for f in COAL}, "wood": (300, 4),
    },
}
SECTOR_CASES = [(file, cat, fuel, *gases) for (file, cat), fuels in SECTOR.items()
                for fuel, gases in fuels.items()]


@pytest.mark.parametrize("file,category,fuel,ch4,n2o", SECTOR_CASES,
                         ids=lambda v: str(v))
def test_sector_ch4_n2o(file, category, fuel, ch4, n2o):
    path = f"ipcc2006/{file}"
    assert lookup(path, fuel, category, "ef", "CH4") == pytest.approx(ch4)
    if n2o is not None:
        assert lookup(path, fuel, category, "ef", "N2O") == pytest.approx(n2o)


def test_biomass_rows_of_sector_tables():
    assert lookup("ipcc2006/stationary_energy_industries.csv", "charcoal", "1.A.1", "ef", "CH4") == 200
    assert lookup("ipcc2006/stationary_energy_industries.csv", "charcoal", "1.A.1", "ef", "N2O") == 4
    assert lookup("ipcc2006/stationary_commercial.csv", "charcoal", "1.A.4.a", "ef", "N2O") == 1
    assert lookup("ipcc2006/stationary_residential_agriculture.csv", "charcoal", "1.A.4.b", "ef", "N2O") == 1
    assert lookup("ipcc2006/stationary_residential_agriculture.csv", "other_biogas", "1.A.4.b", "ef", "CH4") == 5


def test_1a5_rows_are_marked_as_engine_mapping():
    table = read(DATA / "ipcc2006/stationary_commercial.csv")
    rows = table[table["category"].eq("1.A.5.a")]
    assert not rows.empty
    assert rows["note"].str.contains("engine mapping: 1.A.5.a (non-specified stationary) has no own table; Table 2.4 used", regex=False).all()


# --------------------------------------------------------------------------- Chapter 3

ROAD = {  # (fuel, gas): kg/TJ -- Table 3.2.1 CO2; Table 3.2.2 uncontrolled gasoline and diesel
    ("diesel", "CO2"): 74100, ("motor_gasoline", "CO2"): 69300,
    ("lpg", "CO2"): 63100, ("natural_gas", "CO2"): 56100,
    ("motor_gasoline", "CH4"): 33, ("motor_gasoline", "N2O"): 3.2,
    ("diesel", "CH4"): 3.9, ("diesel", "N2O"): 3.9,
}


@pytest.mark.parametrize("fuel,gas", list(ROAD))
def test_road(fuel, gas):
    assert lookup("ipcc2006/road.csv", fuel, "1.A.3.b", "ef", gas) == pytest.approx(ROAD[(fuel, gas)])


OFFROAD = {  # (category, gas): kg/TJ -- Table 3.3.1, diesel (same value in all four sectors)
    ("1.A.3.e.ii", "CH4"): 4.15, ("1.A.3.e.ii", "N2O"): 28.6,
    ("1.A.4.c.ii", "CH4"): 4.15, ("1.A.4.c.ii", "N2O"): 28.6,
}


@pytest.mark.parametrize("category,gas", list(OFFROAD))
def test_offroad_table_3_3_1(category, gas):
    assert lookup("ipcc2006/offroad.csv", "diesel", category, "ef", gas) == pytest.approx(
        OFFROAD[(category, gas)])


def test_offroad_has_only_the_pinned_rows():
    table = read(DATA / "ipcc2006" / "offroad.csv")
    assert set(zip(table["activity"], table["category"], table["gas"], strict=True)) == {
        ("diesel", c, g) for c, g in OFFROAD}


NAVIGATION = {  # (category, gas): kg/TJ -- Table 3.5.3, gas/diesel oil (1.A.4.c.iii: mapping)
    ("1.A.3.d", "CH4"): 7, ("1.A.3.d", "N2O"): 2,
    ("1.A.4.c.iii", "CH4"): 7, ("1.A.4.c.iii", "N2O"): 2,
}


@pytest.mark.parametrize("category,gas", list(NAVIGATION))
def test_navigation_table_3_5_3(category, gas):
    assert lookup("ipcc2006/navigation.csv", "diesel", category, "ef", gas) == pytest.approx(
        NAVIGATION[(category, gas)])


def test_navigation_has_only_the_pinned_rows():
    table = read(DATA / "ipcc2006" / "navigation.csv")
    assert list(table.columns) == HEADER
    assert set(zip(table["activity"], table["category"], table["gas"], strict=True)) == {
        ("diesel", c, g) for c, g in NAVIGATION}
    fishing = table[table["category"].eq("1.A.4.c.iii")]
    assert fishing["note"].str.startswith("engine mapping: 1.A.4.c.iii").all()


# --------------------------------------------------------------------------- Viet Nam grid

GRID = {2014: 0.6612, 2015: 0.8154, 2016: 0.9185, 2017: 0.8649, 2018: 0.9130,
        2019: 0.8458, 2020: 0.8041, 2021: 0.7221, 2022: 0.6766, 2023: 0.6592}


@pytest.mark.parametrize("year", list(GRID))
def test_vietnam_grid_ef(year):
    assert lookup("vn/grid_ef.csv", "grid_electricity", "*", "ef", "CO2", year=year) == GRID[year]
    table = read(DATA / "vn/grid_ef.csv")
    row = table[table["year_from"].eq(str(year))].iloc[0]
    assert row["year_to"] == str(year) and row["unit"] == "t CO2/MWh"


def test_no_grid_factor_for_unpublished_years():
    table = read(DATA / "vn/grid_ef.csv")
    assert set(table["year_from"].astype(int)) == set(GRID)


@pytest.mark.parametrize("fuel", ["lignite", "coke_oven_coke"])
@pytest.mark.parametrize("file,category", [("stationary_manufacturing.csv", "1.A.2"),
                                           ("stationary_commercial.csv", "1.A.4.a"),
                                           ("stationary_commercial.csv", "1.A.5.a")])
def test_coal_n2o_in_tables_2_3_and_2_4(file, category, fuel):
    # Tables 2.3 and 2.4: N2O 1.5 kg/TJ for every coal type
    assert lookup(f"ipcc2006/{file}", fuel, category, "ef", "N2O") == 1.5
