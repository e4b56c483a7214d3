"""IPPU methods worked by hand: clinker, lime and carbonates (2006 Vol 3 ch 2), lubricants and
waxes (ch 5), refrigeration and air conditioning Tier 2a with blends split into HFCs (ch 7)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ghg
from ghg.core.errors import InputError
from ghg.sectors.ippu import mineral, products, refrigeration
from ghg.sectors.method import SectorContext, SectorRows


def rows(*records: dict) -> SectorRows:
    return SectorRows.from_records(*({"unit": "t", **r} for r in records))


CONTEXT = SectorContext.for_sets("ipcc2006")


def by_row(out: pd.DataFrame) -> dict[int, float]:
    return dict(zip(out["row"], out["emissions_t"], strict=True))


# --- 2.A mineral industry -------------------------------------------------------------------

def test_clinker_tier1_is_clinker_times_0_52():
    r = rows({"category": "2.A.1", "activity": "clinker", "amount": 10_000})
    out = mineral.method(r, CONTEXT)
    assert r.problems == []
    assert out["emissions_t"].tolist() == pytest.approx([5_200.0])  # 10,000 t × 0.52
    assert out["gas"].tolist() == ["CO2"] and out["category"].tolist() == ["2.A.1"]
    assert "Tier 1, Eq 2.1" in out["chain"].iloc[0]


def test_clinker_tier2_uses_the_rows_cao_and_the_default_or_given_kiln_dust_correction():
    r = rows({"category": "2.A.1", "activity": "clinker", "amount": 10_000, "cao_fraction": "0.6",
              "ckd_correction": "1.0"},
             {"category": "2.A.1", "activity": "clinker", "amount": 10_000,
              "cao_fraction": "0.65"})
    out = by_row(mineral.method(r, CONTEXT))
    assert r.problems == []
    assert out[0] == pytest.approx(4_710.0)  # 10,000 × 0.60 × 0.785 × 1.0
    assert out[1] == pytest.approx(5_204.55)  # 10,000 × 0.65 × 0.785 × 1.02 (default CKD)


def test_lime_tier2_by_type_with_the_stoichiometric_ratio():
    r = rows({"category": "2.A.2", "activity": "lime", "amount": 1_000, "lime_type": "dolomitic",
              "cao_content": "0.95"},
             {"category": "2.A.2", "activity": "lime", "amount": 2_000,
              "lime_type": "High_Calcium", "cao_content": "0.95"})
    out = by_row(mineral.method(r, CONTEXT))
    assert r.problems == []
    assert out[0] == pytest.approx(867.35)  # 1,000 × 0.913 × 0.95
    assert out[1] == pytest.approx(1_491.5)  # 2,000 × 0.785 × 0.95


def test_lime_needs_its_type_and_content():
    r = rows({"category": "2.A.2", "activity": "lime", "amount": 1_000, "lime_type": "quick"},
             {"category": "2.A.2", "activity": "lime", "amount": 1_000, "lime_type": "hydraulic"})
    out = mineral.method(r, CONTEXT)
    assert out.empty
    messages = [(p.line, p.column) for p in r.problems]
    assert (2, "lime_type") in messages and (2, "cao_content") in messages
    assert (3, "cao_content") in messages


def test_clay_carbonates_of_a_brick_kiln_and_a_partly_calcined_dolomite():
    r = rows({"category": "2.A.4.a", "activity": "carbonate_calcined", "amount": 5_000,
              "carbonate": "calcite", "carbonate_share": "0.05"},
             {"category": "2.A.3", "activity": "carbonate_calcined", "amount": 100,
              "carbonate": "dolomite", "calcination_fraction": "0.5"})
    out = by_row(mineral.method(r, CONTEXT))
    assert r.problems == []
    assert out[0] == pytest.approx(109.9275)  # 5,000 t clay × 5% × 0.43971 × 1
    assert out[1] == pytest.approx(23.866)  # 100 t × 1 × 0.47732 × 0.5


def test_a_mineral_row_under_another_category_is_refused():
    r = rows({"category": "2.A.2", "activity": "clinker", "amount": 1},
             {"category": "1.A.2", "activity": "carbonate_calcined", "amount": 1,
              "carbonate": "calcite"})
    assert mineral.method(r, CONTEXT).empty
    assert [(p.line, p.column) for p in r.problems] == [(2, "category"), (3, "category")]
    assert "expected 2.A.1" in r.problems[0].message


# --- 2.D lubricants and paraffin waxes ------------------------------------------------------

def test_lubricants_and_waxes_by_equation_5_2():
    r = rows({"category": "2.D.1", "activity": "lubricants", "amount": 100, "odu": "0.2"},
             {"category": "2.D.2", "activity": "paraffin_waxes", "amount": 50_000, "unit": "kg",
              "odu": "0.2"})
    out = by_row(products.method(r, CONTEXT))
    assert r.problems == []
    # 100 t × 40.2 GJ/t × 20.0 kg C/GJ = 80.4 t C; × ODU 0.2 = 16.08 t C; × 44/12 = 58.96 t CO2
    assert out[0] == pytest.approx(58.96)
    assert out[1] == pytest.approx(29.48)  # 50 t, the same factors


def test_a_lubricant_row_without_odu_is_refused():
    r = rows({"category": "2.D.1", "activity": "lubricants", "amount": 100})
    assert products.method(r, CONTEXT).empty
    assert [(p.line, p.column) for p in r.problems] == [(2, "odu")]


# --- 2.F.1 refrigeration and air conditioning -----------------------------------------------

REFRIGERATION = (
    {"category": "2.F.1.a", "activity": "refrigerant_bank", "amount": 2_000, "unit": "kg",
     "refrigerant": "R-404A", "application": "commercial_refrigeration", "emission_rate": "0.1"},
    {"category": "2.F.1.a", "activity": "refrigerant_charged", "amount": 1_000, "unit": "kg",
     "refrigerant": "r-410a", "application": "stationary_ac", "emission_rate": "0.01"},
    {"category": "2.F.1.b", "activity": "refrigerant_retired", "amount": 1, "unit": "t",
     "refrigerant": "HFC-134a", "application": "mobile_ac", "remaining_fraction": "0.5",
     "recovery_efficiency": "0.2"},
)


def test_tier2a_splits_a_blend_into_its_hfcs_per_stage():
    r = rows(*REFRIGERATION)
    out = refrigeration.method(r, CONTEXT)
    assert r.problems == []
    got = {(row, gas, step): t for row, gas, step, t in
           zip(out["row"], out["gas"], out["step"], out["emissions_t"], strict=True)}
    # bank 2 t R-404A × 10%/yr = 0.2 t: HFC-125 44%, HFC-143a 52%, HFC-134a 4%
    # charge 1 t R-410A × 1% = 0.01 t: HFC-32 and HFC-125 50% each
    # retired 1 t HFC-134a × 50% left × (1 − 20% recovered) = 0.4 t
    assert got == pytest.approx({
        (0, "HFC-125", "operation"): 0.088, (0, "HFC-143a", "operation"): 0.104,
        (0, "HFC-134a", "operation"): 0.008,
        (1, "HFC-32", "assembly"): 0.005, (1, "HFC-125", "assembly"): 0.005,
        (2, "HFC-134a", "disposal"): 0.4})


@pytest.mark.parametrize(("gwp", "co2e"), [
    # 0.2 t R-404A: AR4 0.088×3500 + 0.104×4470 + 0.008×1430 = 784.32 (= 0.2 × blend GWP 3921.6)
    ("AR4", 784.32),
    ("AR5", 788.56),  # 0.088×3170 + 0.104×4800 + 0.008×1300
    ("AR6", 945.6),  # 0.088×3740 + 0.104×5810 + 0.008×1530 = 0.2 × 4728 (IIR AR6 R-404A)
])
def test_co2e_of_a_blend_follows_the_gwp_set(gwp, co2e):
    table = pd.DataFrame([{"source_id": "P", "year": 2020, **REFRIGERATION[0]}])
    result = ghg.compute(table, gwp=gwp)
    emissions = result.emissions
    assert sorted(emissions["gas"].astype(str)) == ["HFC-125", "HFC-134a", "HFC-143a"]
    assert emissions["co2e_t"].sum() == pytest.approx(co2e)
    assert result.provenance["gwp"]["values"]["HFC-143a"] == {
        "AR4": 4470.0, "AR5": 4800.0, "AR6": 5810.0}[gwp]


def test_refrigerant_rows_with_bad_values_are_each_reported():
    r = rows({**REFRIGERATION[0], "refrigerant": "R-22"},
             {**REFRIGERATION[1], "emission_rate": ""},
             {**REFRIGERATION[2], "category": "2.F.1.a"},
             {**REFRIGERATION[0], "application": "mobile_ac"},
             {**REFRIGERATION[2], "recovery_efficiency": "1.5"})
    assert refrigeration.method(r, CONTEXT).empty
    assert sorted((p.line, p.column) for p in r.problems) == [
        (2, "refrigerant"), (3, "emission_rate"), (4, "category"), (5, "category"),
        (6, "recovery_efficiency")]


def test_ippu_rows_through_the_engine_keep_one_record_per_gas():
    table = pd.DataFrame([{"source_id": "P", "year": 2020, **r} for r in (
        {"category": "2.A.1", "activity": "clinker", "amount": 10_000, "unit": "t"},
        {"category": "2.D.1", "activity": "lubricants", "amount": 100, "unit": "t", "odu": "0.2"},
        REFRIGERATION[1])]).fillna("")
    emissions = ghg.compute(table, gwp="AR5").emissions.astype({"category": str, "gas": str})
    keys = list(zip(emissions["category"], emissions["gas"], strict=True))
    assert dict(zip(keys, emissions["emissions_t"], strict=True)) == pytest.approx({
        ("2.A.1", "CO2"): 5_200.0, ("2.D.1", "CO2"): 58.96,
        ("2.F.1.a", "HFC-32"): 0.005, ("2.F.1.a", "HFC-125"): 0.005})
    assert dict(zip(keys, emissions["co2e_t"], strict=True)) == pytest.approx({
        ("2.A.1", "CO2"): 5_200.0, ("2.D.1", "CO2"): 58.96,
        ("2.F.1.a", "HFC-32"): 3.385,  # 0.005 t × 677
        ("2.F.1.a", "HFC-125"): 15.85})  # 0.005 t × 3170


def test_an_unknown_ippu_column_value_stops_the_run_with_file_and_line():
    table = pd.DataFrame([{"source_id": "P", "year": 2020, "category": "2.A.4.a",
                           "activity": "carbonate_calcined", "amount": 1.0, "unit": "t",
                           "carbonate": "chalk"}])
    with pytest.raises(InputError, match="carbonate: 'chalk' is not a valid carbonate"):
        ghg.compute(table)


def test_pure_hfcs_need_no_blend_row():
    fractions, refs = refrigeration.gas_fractions(np.array(["hfc-32", "r-410a", "x"],
                                                           dtype=object), CONTEXT)
    assert fractions.tolist() == [[1, 0, 0, 0, 0], [0.5, 0.5, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert (refs[0] == -1).all() and (refs[1, :2] >= 0).all()


def test_cement_tier1_counts_the_clinker_behind_the_cement_net_of_trade():
    r = rows({"category": "2.A.1", "activity": "cement", "amount": 20_000,
              "clinker_fraction": "0.75", "clinker_imported_t": "1000"},
             {"category": "2.A.1", "activity": "cement", "amount": 1_000})
    out = by_row(mineral.method(r, CONTEXT))
    # (20,000 t × 0.75 − 1,000 t imported + 0 exported) × 0.52 = 14,000 × 0.52
    assert out == pytest.approx({0: 7_280.0})
    assert [(p.line, p.column) for p in r.problems] == [(3, "clinker_fraction")]


def test_fire_protection_bank_leaks_its_agent_under_2_f_3():
    table = pd.DataFrame([{"source_id": "P", "year": 2020, "category": "2.F.3",
                           "activity": "fire_protection_bank", "amount": 1.0, "unit": "t",
                           "refrigerant": "HFC-227ea", "emission_rate": "0.02"}])
    emissions = ghg.compute(table, gwp="AR5").emissions
    assert emissions["gas"].astype(str).tolist() == ["HFC-227ea"]
    assert emissions["emissions_t"].tolist() == pytest.approx([0.02])  # 1 t × 2%/yr
    assert emissions["co2e_t"].tolist() == pytest.approx([67.0])  # 0.02 t × 3350 (AR5)
    r = rows({"category": "2.F.1.a", "activity": "fire_protection_bank", "amount": 1,
              "refrigerant": "HFC-227ea", "emission_rate": "0.02"})
    assert refrigeration.method(r, CONTEXT).empty
    assert [(p.line, p.column) for p in r.problems] == [(2, "category")]
