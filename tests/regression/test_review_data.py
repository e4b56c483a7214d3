"""Pin the review data tables (ghg/data/review/, ghg/factors/reference/toe/) to the published values, typed in by hand.

Expected numbers were typed from the sources listed in each table's ``.toml`` sidecar (``checked``
key), never read back from the CSV files. pandas and tomllib only: no engine import.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

REVIEW = Path(__file__).resolve().parents[2] / "ghg" / "data" / "review"
TOE = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "reference" / "toe" / "toe_conversion.csv"
CRITERIA = REVIEW / "criteria_decree06_2022.csv"

TOE_HEADER = ["activity", "unit", "toe_per_unit", "document", "table", "page", "note"]
CRITERIA_HEADER = [
    "rule_id", "metric", "comparison", "threshold", "unit", "facility_types", "scopes",
    "period_rule", "enabled", "valid_from", "valid_to", "legal_source", "article", "note",
]  # fmt: skip
ACTIVITY_KEYS = {
    "diesel", "motor_gasoline", "lpg", "natural_gas", "residual_fuel_oil", "other_kerosene",
    "jet_kerosene", "anthracite", "sub_bituminous_coal", "other_bituminous_coal", "lignite",
    "coke_oven_coke", "wood", "charcoal", "other_primary_solid_biomass", "other_biogas",
    "grid_electricity",
}  # fmt: skip
UNITS = {"t", "kl", "thousand_m3", "kWh"}
SIDECAR_KEYS = {"title", "document", "table", "pages", "url", "checked", "confidence"}


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def sidecar(path: Path) -> dict:
    with open(path.with_suffix(".toml"), "rb") as f:
        return tomllib.load(f)


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("path,header", [(TOE, TOE_HEADER), (CRITERIA, CRITERIA_HEADER)],
                         ids=["toe", "criteria"])
def test_header_and_sidecar(path: Path, header: list[str]):
    table = read(path)
    assert list(table.columns) == header
    assert not table.empty
    meta = sidecar(path)
    missing = SIDECAR_KEYS - set(meta)
    assert not missing, f"{path.name}: sidecar lacks {missing}"
    for key in SIDECAR_KEYS:
        assert str(meta[key]).strip(), f"{path.name}: sidecar key {key} empty"
    assert meta["confidence"] in {"H", "M", "U"}


def test_toe_sources_and_keys():
    table = read(TOE)
    for column in ("document", "table", "page", "note"):
        assert table[column].str.strip().ne("").all(), f"empty {column}"
    assert set(table["activity"]) <= ACTIVITY_KEYS
    assert set(table["unit"]) <= UNITS
    values = pd.to_numeric(table["toe_per_unit"], errors="raise")
    assert (values > 0).all()
    assert table["document"].str.contains("3505/BCT-KHCN").all()
    # anthracite carries three coal grades; every other (activity, unit) is unique
    rest = table[table["activity"].ne("anthracite")]
    assert not rest.duplicated(["activity", "unit"]).any()


def test_criteria_sources():
    table = read(CRITERIA)
    for column in ("rule_id", "metric", "comparison", "threshold", "unit", "facility_types",
                   "period_rule", "enabled", "legal_source", "article", "note"):
        assert table[column].str.strip().ne("").all(), f"empty {column}"
    assert table["rule_id"].is_unique
    assert set(table["comparison"]) == {">="}
    assert set(table["period_rule"]) <= {"any_year", "latest_year", "mean"}
    assert set(table["enabled"]) <= {"true", "false"}
    enabled = table[table["enabled"].eq("true")]
    assert enabled["valid_from"].ne("").all()
    assert enabled["legal_source"].eq("Decree 06/2022/ND-CP").all()
    pd.to_numeric(table["threshold"], errors="raise")


# --------------------------------------------------------------------------- TOE values

TOE_VALUES = {  # (activity, unit): TOE per unit, MOIT letter 3505/BCT-KHCN table
    ("grid_electricity", "kWh"): 0.0001543,
    ("coke_oven_coke", "t"): 0.75,  # table range 0.70-0.75, upper end
    ("diesel", "t"): 1.02,
    ("diesel", "kl"): 0.88,
    ("residual_fuel_oil", "t"): 0.99,
    ("residual_fuel_oil", "kl"): 0.94,
    ("lpg", "t"): 1.09,
    ("natural_gas", "thousand_m3"): 0.90,
    ("motor_gasoline", "t"): 1.05,
    ("motor_gasoline", "kl"): 0.83,
    ("jet_kerosene", "t"): 1.05,
}
COAL_GRADES = {"1, 2": 0.7, "3, 4": 0.6, "5, 6": 0.5}  # 'Than cám loại ...', TOE/t


@pytest.mark.parametrize("key", list(TOE_VALUES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_toe_value(key):
    table = read(TOE)
    hit = table[table["activity"].eq(key[0]) & table["unit"].eq(key[1])]
    assert len(hit) == 1, f"{key}: {len(hit)} rows"
    assert float(hit.iloc[0]["toe_per_unit"]) == pytest.approx(TOE_VALUES[key])


def test_toe_row_set_is_pinned():
    table = read(TOE)
    keys = set(zip(table["activity"], table["unit"], strict=True))
    assert keys == set(TOE_VALUES) | {("anthracite", "t")}
    assert len(table) == len(TOE_VALUES) + len(COAL_GRADES)


@pytest.mark.parametrize("grade", list(COAL_GRADES))
def test_coal_grades(grade):
    table = read(TOE)
    hit = table[table["activity"].eq("anthracite") & table["note"].str.contains(f"loại {grade}")]
    assert len(hit) == 1, f"grade {grade}: {len(hit)} rows"
    assert hit.iloc[0]["unit"] == "t"
    assert float(hit.iloc[0]["toe_per_unit"]) == pytest.approx(COAL_GRADES[grade])


def test_toe_ncv_alternative_documented():
    meta = sidecar(TOE)
    assert meta["ncv_alternative"]["gj_per_toe"] == pytest.approx(41.868)


# --------------------------------------------------------------------------- criteria values

CRITERIA_VALUES = {  # rule_id: (metric, threshold, unit, facility_types, enabled)
    "emissions": ("emissions_co2e_t", 3000, "t CO2e/yr", "*", "true"),
    "energy_thermal_industrial": ("energy_toe", 1000, "TOE/yr", "thermal_power;industrial", "true"),
    "energy_freight": ("energy_toe", 1000, "TOE/yr", "freight_transport", "true"),
    "energy_commercial": ("energy_toe", 1000, "TOE/yr", "commercial_building", "true"),
    "waste_capacity": ("waste_capacity_t_per_yr", 65000, "t/yr", "solid_waste_treatment", "true"),
    "livestock_cattle": ("cattle_head", 1000, "head", "cattle_farm", "false"),
    "livestock_swine": ("swine_head", 3000, "head", "swine_farm", "false"),
}


def row(rule_id: str) -> pd.Series:
    table = read(CRITERIA)
    hit = table[table["rule_id"].eq(rule_id)]
    assert len(hit) == 1, f"{rule_id}: {len(hit)} rows"
    return hit.iloc[0]


def test_criteria_row_set_is_pinned():
    assert set(read(CRITERIA)["rule_id"]) == set(CRITERIA_VALUES)


@pytest.mark.parametrize("rule_id", list(CRITERIA_VALUES))
def test_criterion(rule_id):
    metric, threshold, unit, facility_types, enabled = CRITERIA_VALUES[rule_id]
    r = row(rule_id)
    assert r["metric"] == metric
    assert r["comparison"] == ">="
    assert float(r["threshold"]) == threshold
    assert r["unit"] == unit
    assert r["facility_types"] == facility_types
    assert r["enabled"] == enabled
    assert r["period_rule"] == "any_year"


def test_enabled_rules_dates_and_articles():
    articles = {"emissions": "Art. 6(1)", "energy_thermal_industrial": "Art. 6(1)(a)",
                "energy_freight": "Art. 6(1)(b)", "energy_commercial": "Art. 6(1)(c)",
                "waste_capacity": "Art. 6(1)(d)"}
    for rule_id, article in articles.items():
        r = row(rule_id)
        assert r["valid_from"] == "2022-01-07"
        assert r["valid_to"] == ""
        assert r["article"] == article


def test_emissions_scope_is_direct_plus_electricity():
    assert row("emissions")["scopes"] == "1;2"
    assert sidecar(CRITERIA)["scope_decision"]["scopes"] == "1;2"


@pytest.mark.parametrize("rule_id", ["livestock_cattle", "livestock_swine"])
def test_draft_livestock_rules_disabled(rule_id):
    r = row(rule_id)
    assert r["enabled"] == "false"
    assert "draft" in r["legal_source"].lower()
    assert r["valid_from"] == ""
    assert r["note"].startswith("DRAFT")


def test_period_rule_recommendation():
    meta = sidecar(CRITERIA)["period_rule"]
    assert meta["recommended"] == "any_year"
    assert meta["text_silent"] is True
    assert "hằng năm" in meta["criterion_text_vi"]
