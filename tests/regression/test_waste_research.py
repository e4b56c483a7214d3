"""Pins the confirmed waste-sector defaults in docs/research/waste/*.csv.

Expected values are typed by hand from the sources listed in docs/research/waste/README.md.
"""
from pathlib import Path

import pandas as pd
import pytest

DIR = Path(__file__).resolve().parents[2] / "docs" / "research" / "waste"
FILES = ["swds_2006.csv", "swds_2019.csv", "biological_2006.csv", "burning_2006.csv",
         "wastewater_2006.csv", "wastewater_2019.csv"]
COLUMNS = ["parameter", "waste_type", "climate_zone", "site_type", "region", "value", "unit",
           "lower", "upper", "document", "table", "page", "note"]


def load(name):
    return pd.read_csv(DIR / name, dtype={"page": str, "table": str})


def one(df, **where):
    sel = df
    for col, val in where.items():
        sel = sel[sel[col] == val]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return float(sel["value"].iloc[0])


@pytest.mark.parametrize("name", FILES)
def test_columns_and_provenance(name):
    df = load(name)
    assert list(df.columns) == COLUMNS
    assert len(df) > 0
    for col in ("document", "table"):
        assert df[col].notna().all() and (df[col].astype(str).str.strip() != "").all(), (name, col)
    if name.endswith("2006.csv"):  # 2019 pages were not reached; 2006 rows must carry a page
        assert df["page"].notna().all(), name
    assert pd.to_numeric(df["value"], errors="coerce").notna().all(), name


@pytest.mark.parametrize("waste_type,expected", [
    ("food", 0.15), ("garden", 0.20), ("paper", 0.40), ("wood", 0.43), ("textiles", 0.24), ("nappies", 0.24)])
def test_doc(waste_type, expected):
    assert one(load("swds_2006.csv"), parameter="DOC", waste_type=waste_type) == pytest.approx(expected)


@pytest.mark.parametrize("site_type,expected", [
    ("managed_anaerobic", 1.0), ("managed_semi_aerobic", 0.5), ("unmanaged_deep", 0.8),
    ("unmanaged_shallow", 0.4), ("uncategorised", 0.6)])
def test_mcf_swds(site_type, expected):
    assert one(load("swds_2006.csv"), parameter="MCF", site_type=site_type) == pytest.approx(expected)


@pytest.mark.parametrize("waste_type,expected", [
    ("food_sewage_sludge", 0.40), ("garden_other_non_food_organic", 0.17), ("paper_textiles", 0.07),
    ("wood_straw", 0.035), ("bulk_msw", 0.17)])
def test_k_tropical_moist_wet(waste_type, expected):
    df = load("swds_2006.csv")
    assert one(df, parameter="k", waste_type=waste_type, climate_zone="tropical_moist_wet") == pytest.approx(expected)


def test_docf_f_ox():
    df = load("swds_2006.csv")
    assert one(df, parameter="DOCf") == pytest.approx(0.5)
    assert one(df, parameter="F") == pytest.approx(0.5)
    ox = df[df["parameter"] == "OX"]["value"].astype(float).sort_values().tolist()
    assert ox == pytest.approx([0.0, 0.1])


def test_composting_efs():
    df = load("biological_2006.csv")
    comp = df[df["waste_type"] == "composting"]
    ch4 = comp[comp["parameter"] == "EF_CH4"].set_index("unit")["value"].astype(float)
    assert ch4["g CH4/kg waste treated (dry weight)"] == pytest.approx(10)
    assert ch4["g CH4/kg waste treated (wet weight)"] == pytest.approx(4)
    n2o = comp[comp["parameter"] == "EF_N2O"].set_index("unit")["value"].astype(float)
    assert n2o["g N2O/kg waste treated (dry weight)"] == pytest.approx(0.6)
    assert n2o["g N2O/kg waste treated (wet weight)"] == pytest.approx(0.3)  # as printed


def test_wastewater_bo_and_septic():
    df = load("wastewater_2006.csv")
    bo = df[df["parameter"] == "Bo"].set_index("unit")["value"].astype(float)
    assert bo["kg CH4/kg BOD"] == pytest.approx(0.6)
    assert bo["kg CH4/kg COD"] == pytest.approx(0.25)
    assert one(df, parameter="MCF", site_type="septic_system") == pytest.approx(0.5)
    assert one(df, parameter="EF_N2O_effluent") == pytest.approx(0.005)
    r19 = load("wastewater_2019.csv")
    assert one(r19, parameter="MCF", site_type="septic_tank") == pytest.approx(0.5)
    assert one(r19, parameter="EF_N2O_plant", site_type="centralised_aerobic_plant") == pytest.approx(0.016)
