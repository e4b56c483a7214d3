"""Pin the IPPU parameter tables of ipcc2006 (typed from the sources named in each table's
.toml, never read back from the CSVs) and re-derive the stoichiometric ones from atomic weights."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

PARAMETERS = Path(__file__).resolve().parents[2] / "ghg/factors/data/ipcc2006/parameters"

# (table, parameter, key dims, value, unit)
PINNED = [
    ("ippu_mineral", "ef_clinker_tier1", {"material": "clinker"}, 0.52, "t CO2/t"),
    ("ippu_mineral", "cao_fraction", {"material": "clinker"}, 0.65, "t/t"),
    ("ippu_mineral", "ckd_correction", {"material": "clinker"}, 1.02, "1"),
    ("ippu_mineral", "stoichiometric_ratio", {"material": "cao"}, 0.785, "t CO2/t"),
    ("ippu_mineral", "stoichiometric_ratio", {"material": "cao_mgo"}, 0.913, "t CO2/t"),
    ("ippu_mineral", "ef_carbonate", {"material": "calcite"}, 0.43971, "t CO2/t"),
    ("ippu_mineral", "ef_carbonate", {"material": "magnesite"}, 0.52197, "t CO2/t"),
    ("ippu_mineral", "ef_carbonate", {"material": "dolomite"}, 0.47732, "t CO2/t"),
    ("ippu_mineral", "ef_carbonate", {"material": "siderite"}, 0.37987, "t CO2/t"),
    ("ippu_mineral", "ef_carbonate", {"material": "rhodochrosite"}, 0.38286, "t CO2/t"),
    ("ippu_mineral", "ef_carbonate", {"material": "sodium_carbonate"}, 0.41492, "t CO2/t"),
    ("ippu_nonenergy", "ncv", {"product": "lubricants"}, 40.2, "TJ/Gg"),
    ("ippu_nonenergy", "ncv", {"product": "paraffin_waxes"}, 40.2, "TJ/Gg"),
    ("ippu_nonenergy", "carbon_content", {"product": "lubricants"}, 20.0, "kg C/GJ"),
    ("ippu_nonenergy", "carbon_content", {"product": "paraffin_waxes"}, 20.0, "kg C/GJ"),
    ("refrigerant_blend", "mass_fraction", {"blend": "r-410a", "gas": "hfc-32"}, 0.5, "1"),
    ("refrigerant_blend", "mass_fraction", {"blend": "r-410a", "gas": "hfc-125"}, 0.5, "1"),
    ("refrigerant_blend", "mass_fraction", {"blend": "r-404a", "gas": "hfc-125"}, 0.44, "1"),
    ("refrigerant_blend", "mass_fraction", {"blend": "r-404a", "gas": "hfc-143a"}, 0.52, "1"),
    ("refrigerant_blend", "mass_fraction", {"blend": "r-404a", "gas": "hfc-134a"}, 0.04, "1"),
]


def read(table: str) -> pd.DataFrame:
    return pd.read_csv(PARAMETERS / f"{table}.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize(("table", "parameter", "keys", "value", "unit"), PINNED)
def test_pinned_value(table, parameter, keys, value, unit):
    rows = read(table)
    hit = rows[rows["parameter"].eq(parameter)]
    for column, key in keys.items():
        hit = hit[hit[column].eq(key)]
    assert len(hit) == 1
    assert float(hit["value"].iloc[0]) == value and hit["unit"].iloc[0] == unit


def test_every_row_is_pinned():
    shipped = sum(len(read(t)) for t in ("ippu_mineral", "ippu_nonenergy", "refrigerant_blend"))
    assert shipped == len(PINNED)


# Standard atomic weights (IUPAC, conventional values)
CARBON, OXYGEN, CA, MG, FE, MN = 12.011, 15.999, 40.078, 24.305, 55.845, 54.938
CO2 = CARBON + 2 * OXYGEN


@pytest.mark.parametrize(("material", "formula_mass", "co2"), [
    ("calcite", CA + CARBON + 3 * OXYGEN, CO2), ("magnesite", MG + CARBON + 3 * OXYGEN, CO2),
    ("dolomite", CA + MG + 2 * CARBON + 6 * OXYGEN, 2 * CO2), ("siderite", FE + CARBON + 3 * OXYGEN, CO2),
    ("rhodochrosite", MN + CARBON + 3 * OXYGEN, CO2)])
def test_carbonate_factors_are_the_stoichiometric_ratios(material, formula_mass, co2):
    value = dict(zip(read("ippu_mineral")["material"], read("ippu_mineral")["value"],
                     strict=False))[material]
    assert float(value) == pytest.approx(co2 / formula_mass, abs=1e-5)


def test_lime_ratios_are_the_stoichiometric_ones():
    assert 0.785 == pytest.approx(CO2 / (CA + OXYGEN), abs=5e-4)
    assert 0.913 == pytest.approx(2 * CO2 / (CA + OXYGEN + MG + OXYGEN), abs=5e-4)


def test_blend_fractions_add_up_to_one():
    blends = read("refrigerant_blend").assign(value=lambda t: t["value"].astype(float))
    assert blends.groupby("blend")["value"].sum().to_dict() == pytest.approx(
        {"r-404a": 1.0, "r-410a": 1.0})
