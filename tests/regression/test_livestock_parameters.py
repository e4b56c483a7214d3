"""Pins every livestock parameter value tabulated in ghg/factors/data/*/parameters/livestock_*.

Each case names its document, table and page (``unconfirmed`` where the transcriptions give no
page). The 2019 manure system table (generated once from bonsai-ipcc data, 255 rows) is pinned by
the rows the worked cases and the Ben Tre data use, plus a count and sum per parameter.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"
TABLES = ("livestock_enteric", "livestock_tier2", "livestock_animal", "livestock_manure_system",
          "livestock_indirect")


def table(factor_set: str, name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / factor_set / "parameters" / f"{name}.csv", dtype=str,
                       keep_default_na=False)


def value(factor_set: str, name: str, parameter: str, **dims: str) -> float:
    rows = table(factor_set, name)
    rows = rows[rows["parameter"] == parameter]
    for dim, cell in dims.items():
        rows = rows[rows[dim] == cell]
    assert len(rows) == 1, (factor_set, name, parameter, dims, len(rows))
    return float(rows["value"].iloc[0])


ENTERIC = "livestock_enteric"
# (set, activity, livestock_region, development, productivity, value): kg CH4/head/yr
ENTERIC_CASES = [
    ("ipcc2006", "dairy_cattle", "asia", "*", "*", 68),    # 2006 Table 10.11 p.10.28
    ("ipcc2006", "other_cattle", "asia", "*", "*", 47),    # 2006 Table 10.11 p.10.28
    ("ipcc2006", "buffalo", "*", "*", "*", 55),            # 2006 Table 10.10 p.10.27
    ("ipcc2006", "goats", "*", "*", "*", 5),               # 2006 Table 10.10 p.10.27
    ("ipcc2006", "swine", "*", "developing", "*", 1.0),    # 2006 Table 10.10 p.10.27
    ("ipcc2006", "swine", "*", "developed", "*", 1.5),     # 2006 Table 10.10 p.10.27
    ("ipcc2006", "sheep", "*", "developing", "*", 5),      # 2006 Table 10.10 p.10.27
    ("ipcc2006", "sheep", "*", "developed", "*", 8),       # 2006 Table 10.10 p.10.27
    ("ipcc2019", "dairy_cattle", "asia", "*", "*", 78),    # 2019 Table 10.11 (Updated)
    ("ipcc2019", "dairy_cattle", "asia", "*", "high", 96),
    ("ipcc2019", "dairy_cattle", "asia", "*", "low", 71),
    ("ipcc2019", "other_cattle", "asia", "*", "*", 54),
    ("ipcc2019", "other_cattle", "asia", "*", "high", 43),
    ("ipcc2019", "other_cattle", "asia", "*", "low", 56),
    ("ipcc2019", "buffalo", "asia", "*", "*", 68),
    ("ipcc2019", "sheep", "*", "*", "high", 9),            # 2019 Table 10.10 (Updated)
    ("ipcc2019", "sheep", "*", "*", "low", 5),
    ("ipcc2019", "goats", "*", "*", "high", 9),
    ("ipcc2019", "goats", "*", "*", "low", 5),
    ("ipcc2019", "swine", "*", "*", "high", 1.5),
    ("ipcc2019", "swine", "*", "*", "low", 1.0),
]


@pytest.mark.parametrize(("factor_set", "activity", "region", "development", "productivity",
                          "expected"), ENTERIC_CASES)
def test_tier1_enteric_ef(factor_set, activity, region, development, productivity, expected):
    assert value(factor_set, ENTERIC, "ef", activity=activity, livestock_region=region,
                 development=development, productivity=productivity) == expected


def test_every_enteric_row_is_pinned():
    for factor_set in ("ipcc2006", "ipcc2019"):
        assert len(table(factor_set, ENTERIC)) == sum(c[0] == factor_set for c in ENTERIC_CASES)


# (set, parameter, activity, coefficient, value); 2006 Tables 10.4 p.10.16, 10.5 p.10.17,
# eq. 10.6 text p.10.17, Table 10.7 p.10.19, Table 10.12 p.10.30; 2019 (Updated) unconfirmed
TIER2_COMMON = [("cfi", "*", "lactating_cows", 0.386), ("cfi", "*", "non_lactating", 0.322),
                ("cfi", "*", "bulls", 0.370), ("ca", "*", "stall", 0.0),
                ("ca", "*", "pasture", 0.17), ("ca", "*", "grazing_large_areas", 0.36),
                ("c_growth", "*", "female", 0.8), ("c_growth", "*", "castrate", 1.0),
                ("c_growth", "*", "bull", 1.2), ("c_pregnancy", "*", "*", 0.10)]
TIER2_CASES = ([("ipcc2006", *c) for c in TIER2_COMMON] + [("ipcc2019", *c) for c in TIER2_COMMON]
               + [("ipcc2006", "ym", a, "*", 6.5)
                  for a in ("dairy_cattle", "other_cattle", "buffalo")])


@pytest.mark.parametrize(("factor_set", "parameter", "activity", "coefficient", "expected"),
                         TIER2_CASES)
def test_tier2_coefficients(factor_set, parameter, activity, coefficient, expected):
    assert value(factor_set, "livestock_tier2", parameter, activity=activity,
                 coefficient=coefficient) == expected


def test_every_tier2_row_is_pinned():
    for factor_set in ("ipcc2006", "ipcc2019"):
        assert len(table(factor_set, "livestock_tier2")) == sum(
            c[0] == factor_set for c in TIER2_CASES)


# 2019 Annex 10A (TAM, kg), Table 10.19 (Nrate), Table 10.13a (VSrate), Table 10.16 (B0)
ANIMAL_CASES = [
    ("tam", "dairy_cattle", "asia", "*", 386), ("tam", "dairy_cattle", "asia", "high", 485),
    ("tam", "dairy_cattle", "asia", "low", 355), ("tam", "swine", "asia", "*", 58),
    ("tam", "swine", "asia", "high", 69), ("tam", "swine", "asia", "low", 52),
    ("tam", "goats", "asia", "*", 24), ("tam", "sheep", "*", "*", 55),
    ("tam", "sheep", "*", "high", 65), ("tam", "sheep", "*", "low", 45),
    ("tam", "ducks", "*", "*", 2.7),
    ("n_rate", "dairy_cattle", "asia", "*", 0.44), ("n_rate", "dairy_cattle", "asia", "high", 0.55),
    ("n_rate", "dairy_cattle", "asia", "low", 0.41), ("n_rate", "other_cattle", "asia", "*", 0.38),
    ("n_rate", "other_cattle", "asia", "high", 0.36),
    ("n_rate", "other_cattle", "asia", "low", 0.39), ("n_rate", "buffalo", "asia", "*", 0.44),
    ("n_rate", "swine", "asia", "*", 0.61), ("n_rate", "swine", "asia", "high", 0.54),
    ("n_rate", "swine", "asia", "low", 0.67), ("n_rate", "goats", "asia", "*", 0.34),
    ("n_rate", "sheep", "asia", "*", 0.32), ("n_rate", "poultry", "asia", "*", 1.10),
    ("n_rate", "poultry", "asia", "high", 1.10), ("n_rate", "poultry", "asia", "low", 1.52),
    ("n_rate", "ducks", "asia", "*", 0.83),
    ("vs_rate", "dairy_cattle", "asia", "*", 9.0), ("vs_rate", "dairy_cattle", "asia", "high", 8.1),
    ("vs_rate", "dairy_cattle", "asia", "low", 9.2), ("vs_rate", "other_cattle", "asia", "*", 9.8),
    ("vs_rate", "other_cattle", "asia", "high", 6.8),
    ("vs_rate", "other_cattle", "asia", "low", 10.8), ("vs_rate", "buffalo", "asia", "*", 13.5),
    ("vs_rate", "swine", "asia", "*", 5.8), ("vs_rate", "swine", "asia", "high", 4.3),
    ("vs_rate", "swine", "asia", "low", 7.1), ("vs_rate", "goats", "asia", "*", 10.4),
    ("vs_rate", "sheep", "asia", "*", 8.3), ("vs_rate", "poultry", "asia", "*", 11.2),
    ("vs_rate", "poultry", "asia", "high", 10.6), ("vs_rate", "poultry", "asia", "low", 14.3),
    ("vs_rate", "ducks", "*", "*", 7.4),
    ("b0", "dairy_cattle", "asia", "high", 0.24), ("b0", "dairy_cattle", "asia", "low", 0.13),
    ("b0", "other_cattle", "asia", "high", 0.18), ("b0", "other_cattle", "asia", "low", 0.13),
    ("b0", "buffalo", "asia", "*", 0.10), ("b0", "swine", "asia", "high", 0.45),
    ("b0", "swine", "asia", "low", 0.29), ("b0", "goats", "asia", "high", 0.18),
    ("b0", "goats", "asia", "low", 0.13), ("b0", "sheep", "asia", "high", 0.19),
    ("b0", "sheep", "asia", "low", 0.13), ("b0", "poultry", "asia", "high", 0.36),
    ("b0", "poultry", "asia", "low", 0.24), ("b0", "ducks", "asia", "high", 0.36),
    ("b0", "ducks", "asia", "low", 0.24),
]


@pytest.mark.parametrize(("parameter", "activity", "region", "productivity", "expected"),
                         ANIMAL_CASES)
def test_2019_animal_defaults(parameter, activity, region, productivity, expected):
    assert value("ipcc2019", "livestock_animal", parameter, activity=activity,
                 livestock_region=region, productivity=productivity) == expected


def test_every_animal_row_is_pinned():
    assert len(table("ipcc2019", "livestock_animal")) == len(ANIMAL_CASES)


# EF3 (kg N2O-N/kg N): 2006 Table 10.21 p.10.62-10.63; 2019 Table 10.21 (Updated)
EF3_CASES = [
    ("ipcc2006", "daily_spread", 0), ("ipcc2006", "solid_storage", 0.005),
    ("ipcc2006", "dry_lot", 0.02), ("ipcc2006", "liquid_slurry", 0),
    ("ipcc2006", "uncovered_anaerobic_lagoon", 0), ("ipcc2006", "anaerobic_digester_low_leakage", 0),
    ("ipcc2006", "anaerobic_digester_high_leakage", 0),
    ("ipcc2006", "composting_static_pile", 0.006),
    ("ipcc2006", "poultry_manure_with_litter", 0.001),
    ("ipcc2006", "poultry_manure_without_litter", 0.001),
    ("ipcc2019", "daily_spread", 0), ("ipcc2019", "solid_storage", 0.010),
    ("ipcc2019", "dry_lot", 0.02), ("ipcc2019", "liquid_slurry", 0),
    ("ipcc2019", "uncovered_anaerobic_lagoon", 0), ("ipcc2019", "pit_storage", 0.002),
    ("ipcc2019", "anaerobic_digester_low_leakage", 0.0006),
    ("ipcc2019", "anaerobic_digester_high_leakage", 0.0006),
    ("ipcc2019", "composting_static_pile", 0.010),
    ("ipcc2019", "poultry_manure_with_litter", 0.001),
    ("ipcc2019", "poultry_manure_without_litter", 0.001),
]


@pytest.mark.parametrize(("factor_set", "system", "expected"), EF3_CASES)
def test_ef3(factor_set, system, expected):
    assert value(factor_set, "livestock_manure_system", "ef3", activity="*", system=system,
                 climate_zone="*") == expected


# 2019 Table 10.17 (Updated) MCF, tropical wet, every system tabulated
MCF_TROPICAL_WET = {
    "pasture_range_paddock": 0.0047, "daily_spread": 0.01, "solid_storage": 0.05,
    "dry_lot": 0.02, "liquid_slurry": 0.67, "uncovered_anaerobic_lagoon": 0.80,
    "pit_storage": 0.76, "anaerobic_digester_low_leakage": 0.01,
    "anaerobic_digester_high_leakage": 0.10, "burned_for_fuel": 0.10,
    "composting_static_pile": 0.025, "poultry_manure_with_litter": 0.015,
    "poultry_manure_without_litter": 0.015}


@pytest.mark.parametrize(("system", "expected"), MCF_TROPICAL_WET.items())
def test_mcf_tropical_wet(system, expected):
    assert value("ipcc2019", "livestock_manure_system", "mcf", activity="*", system=system,
                 climate_zone="tropical_wet") == expected


# 2019 Table 10.22 (Updated) FracGasMS / FracLeachMS used by the worked cases and Ben Tre
FRACTION_CASES = [
    ("frac_gas", "other_cattle", "solid_storage", 0.45),
    ("frac_gas", "other_cattle", "daily_spread", 0.07),
    ("frac_gas", "other_cattle", "anaerobic_digester_high_leakage", 0.275),
    ("frac_gas", "dairy_cattle", "solid_storage", 0.30),
    ("frac_gas", "swine", "liquid_slurry", 0.48), ("frac_gas", "swine", "solid_storage", 0.45),
    ("frac_gas", "swine", "anaerobic_digester_high_leakage", 0.275),
    ("frac_gas", "buffalo", "solid_storage", 0.12),
    ("frac_gas", "poultry", "poultry_manure_with_litter", 0.40),
    ("frac_gas", "poultry", "poultry_manure_without_litter", 0.48),
    ("frac_gas", "ducks", "poultry_manure_without_litter", 0.48),
    ("frac_leach", "other_cattle", "solid_storage", 0.02),
    ("frac_leach", "swine", "solid_storage", 0.02),
    ("frac_leach", "swine", "liquid_slurry", 0.0),
]


@pytest.mark.parametrize(("parameter", "activity", "system", "expected"), FRACTION_CASES)
def test_fractions(parameter, activity, system, expected):
    assert value("ipcc2019", "livestock_manure_system", parameter, activity=activity,
                 system=system, climate_zone="*") == expected


def test_generated_manure_system_table_is_unchanged():
    sums = table("ipcc2019", "livestock_manure_system").assign(
        value=lambda t: t["value"].astype(float)).groupby("parameter")["value"].agg(
        ["count", "sum"])
    expected = {"ef3": (11, 0.0452), "frac_gas": (96, 22.46), "frac_leach": (96, 0.85),
                "mcf": (52, 9.8688)}
    for parameter, (count, total) in expected.items():
        assert sums.loc[parameter, "count"] == count
        assert sums.loc[parameter, "sum"] == pytest.approx(total)
    assert len(table("ipcc2006", "livestock_manure_system")) == 10


@pytest.mark.parametrize(("factor_set", "parameter", "zone", "expected"), [
    ("ipcc2006", "ef4", "*", 0.010),            # 2006 Vol 4 Table 11.3 p.11.24
    ("ipcc2006", "ef5", "*", 0.0075),           # 2006 Vol 4 Table 11.3 p.11.24
    ("ipcc2019", "ef4", "tropical_wet", 0.014),  # 2019 Table 11.3 (Updated), wet climate
    ("ipcc2019", "ef4", "tropical_moist", 0.014),
    ("ipcc2019", "ef4", "tropical_dry", 0.005),  # dry climate
    ("ipcc2019", "ef5", "*", 0.011),
])
def test_indirect_ef4_ef5(factor_set, parameter, zone, expected):
    assert value(factor_set, "livestock_indirect", parameter, climate_zone=zone) == expected


@pytest.mark.parametrize("factor_set", ["ipcc2006", "ipcc2019"])
def test_every_row_names_its_source_and_every_table_its_check(factor_set):
    for name in TABLES:
        path = DATA / factor_set / "parameters" / f"{name}.csv"
        if not path.exists():
            continue
        rows = table(factor_set, name)
        assert (rows["document"] != "").all() and (rows["table"] != "").all()
        assert (rows["page"] != "").all()
        single = rows["note"].str.startswith("SINGLE transcription:")
        agreed = rows["note"].str.startswith("Two transcriptions agree:")
        assert (single | agreed).all(), rows.loc[~(single | agreed), "note"].tolist()
        meta = tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))
        assert meta["checked"].endswith("2026-11-29") and meta["dimensions"]
