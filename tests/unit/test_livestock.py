"""Livestock method (ghg.sectors.livestock.method): worked cases by hand and bad inputs.

Each expected number is worked out in the comment beside it from the tabulated IPCC values
(pinned in tests/regression/test_livestock_parameters.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.sectors.livestock import kernels as k
from ghg.sectors.livestock import method as livestock
from ghg.sectors.method import SectorContext, SectorRows

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"
CATTLE_SHARES = [("other_cattle", "solid_storage", "0.6"),
                 ("other_cattle", "pasture_range_paddock", "0.4")]


def make_rows(*records: dict) -> SectorRows:
    """Activity rows of kind livestock; unspecified columns take test defaults."""
    base = {"source_id": "province", "year": 2016, "category": "3.A", "unit": "head",
            "region": ""}
    frame = pd.DataFrame([{**base, **r} for r in records]).fillna("")
    frame["amount"] = frame["amount"].astype(float)
    frame["row"] = np.arange(len(frame))
    frame["file"] = "t.csv"
    frame["line"] = np.arange(2, len(frame) + 2)
    return SectorRows(frame)


def shares(*items: tuple[str, str, str], region: str | None = None) -> pd.DataFrame:
    table = pd.DataFrame(items, columns=["activity", "system", "share"])
    if region is not None:
        table["region"] = region
    return table.assign(file="manure_systems.csv", line=np.arange(2, len(table) + 2))


def context(*sets: str, table: pd.DataFrame | None = None, **config) -> SectorContext:
    settings = {"name": "t", "climate_zone": "tropical_wet", "ipcc_region": "south_east_asia",
                **config}
    tables = {"manure_systems": table if table is not None else shares(*CATTLE_SHARES)}
    return SectorContext(parameters=load_parameters([(s, DATA / s) for s in sets]),
                         config=InventoryConfig(**settings), tables=tables,
                         years=np.arange(2016, 2017))


def run(rows: SectorRows, ctx: SectorContext) -> pd.DataFrame:
    return livestock.method(rows, ctx)


def one(out: pd.DataFrame, step: str) -> pd.Series:
    part = out[out["step"] == step]
    assert len(part) == 1, out[["step", "category"]]
    return part.iloc[0]


def messages(rows: SectorRows) -> list[str]:
    return [str(p) for p in rows.problems]


# --- Tier 1 enteric -----------------------------------------------------------------------

def test_other_cattle_asia_ipcc2006_is_9400_t():
    rows = make_rows({"activity": "other_cattle", "amount": 200_000, "weight_kg": "250",
                      "productivity": "low"})  # 2006 Table 10.11 has one EF for any system
    out = run(rows, context("ipcc2006", "ipcc2019"))
    assert rows.problems == []
    record = one(out, "enteric")
    # 2006 Vol 4 Table 10.11, Asia other cattle 47 kg CH4/head/yr:
    # 200,000 head × 47 kg = 9,400,000 kg = 9,400 t CH4 under 3.A.1
    assert record["emissions_t"] == pytest.approx(9400.0)
    assert record["category"] == "3.A.1" and record["gas"] == "CH4"
    assert record["chain"] == "head × EF 47 kg CH4/head/yr [ipcc2006 Table 10.11 p.10.28]"


@pytest.mark.parametrize(("productivity", "ef", "tonnes"), [
    ("", 54, 10_800.0),     # 2019 Table 10.11 (Updated) Asia other cattle 54: 200,000 × 54 kg
    ("low", 56, 11_200.0),  # low-productivity system 56: 200,000 × 56 kg = 11,200 t
    ("high", 43, 8_600.0),  # high-productivity system 43: 200,000 × 43 kg = 8,600 t
])
def test_other_cattle_asia_ipcc2019_follows_its_table(productivity, ef, tonnes):
    rows = make_rows({"activity": "other_cattle", "amount": 200_000, "weight_kg": "250",
                      "productivity": productivity})
    out = run(rows, context("ipcc2019"))
    # Without a productivity system only manure B0 (2019 Table 10.16: high/low only) is missing.
    assert all("no B0 for other_cattle" in m for m in messages(rows))
    assert bool(rows.problems) == (productivity == "")
    record = one(out, "enteric")
    assert record["emissions_t"] == pytest.approx(tonnes)
    assert f"EF {ef} kg CH4/head/yr [ipcc2019 Table 10.11 (Updated)" in record["chain"]


def test_swine_and_goats_use_the_development_column_in_2006():
    rows = make_rows({"activity": "swine", "amount": 1000, "category": "3.A.1"},
                     {"activity": "goats", "amount": 1000, "category": "3.A.1"})
    out = run(rows, context("ipcc2006", "ipcc2019",
                            table=shares(("swine", "daily_spread", "1"),
                                         ("goats", "daily_spread", "1"))))
    enteric = out[out["step"] == "enteric"].sort_values("row")["emissions_t"].to_numpy()
    # Table 10.10 developing countries (South-East Asia): swine 1.0, goats 5 kg/head/yr
    # → 1000 × 1.0 kg = 1 t; 1000 × 5 kg = 5 t
    np.testing.assert_allclose(enteric, [1.0, 5.0])


def test_sheep_under_2019_needs_a_productivity_system():
    rows = make_rows({"activity": "sheep", "amount": 100, "category": "3.A.1",
                      "productivity": ""},
                     {"activity": "sheep", "amount": 100, "category": "3.A.1",
                      "productivity": "high"})
    out = run(rows, context("ipcc2019", table=shares(("sheep", "daily_spread", "1"))))
    text = messages(rows)
    assert any("t.csv:2: activity" in m and "no Tier 1 enteric EF for sheep" in m
               and "productivity not given" in m and "set productivity (high|low)" in m
               for m in text), text
    # 2019 Table 10.10 (Updated), sheep high productivity 9 kg: 100 × 9 kg = 0.9 t
    assert one(out, "enteric")["emissions_t"] == pytest.approx(0.9)


def test_poultry_and_ducks_have_no_enteric_record_and_3A2_rows_only_manure():
    rows = make_rows({"activity": "poultry", "amount": 1000, "weight_kg": "1.8",
                      "productivity": "low"},
                     {"activity": "other_cattle", "amount": 10, "weight_kg": "250",
                      "category": "3.A.2", "productivity": "low"})
    table = shares(("poultry", "poultry_manure_with_litter", "1"), *CATTLE_SHARES)
    out = run(rows, context("ipcc2019", table=table))
    assert rows.problems == []
    assert "enteric" not in set(out["step"])
    # the cattle's pasture share (0.4) feeds managed soils (3.C.4, 3.C.5)
    assert set(out["category"]) == {"3.A.2", "3.C.6", "3.C.4", "3.C.5"}


def test_a_non_livestock_category_is_a_problem_listing_the_valid_ones():
    rows = make_rows({"activity": "other_cattle", "amount": 10, "category": "1.A.4"})
    out = run(rows, context("ipcc2006", "ipcc2019"))
    assert out.empty
    assert any("category: '1.A.4' is not a livestock category; expected 3.A (enteric and "
               "manure), 3.A.1 (enteric only) or 3.A.2 (manure only)" in m
               for m in messages(rows))


def test_row_ipcc_region_overrides_the_inventory():
    rows = make_rows({"activity": "other_cattle", "amount": 10, "category": "3.A.1",
                      "ipcc_region": "Indian_Subcontinent"})
    run(rows, context("ipcc2006"))
    # ipcc2006 here tabulates Table 10.11 for Asia only: the row's own region has no EF.
    assert any("no Tier 1 enteric EF for other_cattle in indian_subcontinent" in m
               and "ipcc2006" in m for m in messages(rows))


# --- Tier 2 enteric ---------------------------------------------------------------------

def test_tier2_dairy_cow_worked_by_hand():
    rows = make_rows({"activity": "dairy_cattle", "amount": 100, "category": "3.A.1",
                      "de_pct": "65", "weight_kg": "600", "milk_kg_day": "20",
                      "milk_fat_pct": "4", "feeding_situation": "stall", "pregnant_pct": "90"})
    out = run(rows, context("ipcc2006", table=shares(("dairy_cattle", "daily_spread", "1"))))
    record = one(out, "enteric_tier2")
    # NEm = Cfi 0.386 (Table 10.4 lactating) × 600^0.75 (121.2309) = 46.7951 MJ/day (eq. 10.3)
    # NEa = Ca 0 (stall, Table 10.5) × NEm = 0 (eq. 10.4)
    # NEl = 20 kg × (1.47 + 0.40 × 4) = 61.4 MJ/day (eq. 10.8)
    # NEp = Cpregnancy 0.10 × 46.7951 × 0.90 pregnant = 4.21156 MJ/day (eq. 10.13)
    # REM = 1.123 − 0.004092×65 + 0.00001126×65² − 25.4/65 = 0.513824 (eq. 10.14)
    # GE = (46.7951 + 61.4 + 4.21156) / 0.513824 / 0.65 = 336.561 MJ/day (eq. 10.16)
    # EF = 336.561 × 6.5/100 (Ym, Table 10.12) × 365 / 55.65 = 143.485 kg CH4/head/yr
    # 100 head × 143.485 kg = 14.3485 t CH4
    assert record["emissions_t"] == pytest.approx(14.3485, rel=1e-5)
    assert "GE 336.561 MJ/day" in record["chain"] and "Ym 6.5 %" in record["chain"]


def test_tier2_growing_steer_on_pasture_worked_by_hand():
    rows = make_rows({"activity": "other_cattle", "amount": 1, "category": "3.A.1",
                      "de_pct": "60", "weight_kg": "300", "mature_weight_kg": "500",
                      "weight_gain_kg_day": "0.5", "feeding_situation": "pasture",
                      "sex": "castrate"})
    out = run(rows, context("ipcc2006", "ipcc2019"))
    # NEm = 0.322 (non-lactating) × 300^0.75 (72.0843) = 23.2112; NEa = 0.17 × 23.2112 = 3.94590
    # NEg = 22.02 × (300 / (1.0 castrate × 500))^0.75 (0.681732) × 0.5^1.097 (0.467488)
    #     = 7.01780 MJ/day (eq. 10.6)
    # REM(60) = 1.123 − 0.24552 + 0.040536 − 0.423333 = 0.494683
    # REG(60) = 1.164 − 0.3096 + 0.047088 − 0.623333 = 0.278155 (eq. 10.15)
    # GE = ((23.2112 + 3.94590) / 0.494683 + 7.01780 / 0.278155) / 0.60 = 133.546 MJ/day
    # EF = 133.546 × 0.065 × 365 / 55.65 = 56.9342 kg CH4/head/yr
    assert one(out, "enteric_tier2")["emissions_t"] == pytest.approx(0.0569342, rel=1e-5)


def test_tier2_ym_column_overrides_and_2019_alone_needs_it():
    row = {"activity": "dairy_cattle", "amount": 100, "category": "3.A.1", "de_pct": "65",
           "weight_kg": "600", "milk_kg_day": "20", "milk_fat_pct": "4",
           "feeding_situation": "stall", "pregnant_pct": "90", "weight_kg_note": ""}
    table = shares(("dairy_cattle", "daily_spread", "1"))
    rows = make_rows(row)
    run(rows, context("ipcc2019", table=table))
    assert any("ym_pct" in m and "no Ym (Table 10.12)" in m for m in messages(rows))
    rows = make_rows({**row, "ym_pct": "6.0"})
    out = run(rows, context("ipcc2019", table=table))
    # same GE 336.561 MJ/day × 6.0/100 × 365 / 55.65 = 132.448 kg → 100 head = 13.2448 t
    assert one(out, "enteric_tier2")["emissions_t"] == pytest.approx(13.2448, rel=1e-5)


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("weight_kg", "-5", "weight_kg: '-5' is below 0"),
    ("weight_kg", "heavy", "weight_kg: 'heavy' is not a number"),
    ("de_pct", "abc", "de_pct: 'abc' is not a number"),
    ("de_pct", "30", "de_pct: '30' is below 40"),
    ("milk_kg_day", "-1", "milk_kg_day: '-1' is below 0"),
    ("feeding_situation", "barn", "feeding_situation: 'barn' is not a valid feeding_situation; "
                                  "expected one of stall, pasture, grazing_large_areas"),
    ("cfi", "cows", "cfi: 'cows' is not a valid cfi; expected one of lactating_cows"),
])
def test_bad_tier2_columns_are_reported(column, value, expected):
    row = {"activity": "dairy_cattle", "amount": 10, "category": "3.A.1", "de_pct": "65",
           "weight_kg": "600", "feeding_situation": "stall", column: value}
    rows = make_rows(row)
    out = run(rows, context("ipcc2006", "ipcc2019",
                            table=shares(("dairy_cattle", "daily_spread", "1"))))
    assert any(expected in m for m in messages(rows)), messages(rows)
    assert "enteric_tier2" not in set(out["step"])


def test_tier2_on_swine_is_refused():
    rows = make_rows({"activity": "swine", "amount": 10, "category": "3.A.1", "de_pct": "80"})
    run(rows, context("ipcc2006", "ipcc2019", table=shares(("swine", "daily_spread", "1"))))
    assert any("de_pct: '80' is given but Tier 2 covers only dairy_cattle" in m
               for m in messages(rows))


# --- Manure ----------------------------------------------------------------------------

def test_manure_two_systems_worked_by_hand_ipcc2019():
    rows = make_rows({"activity": "other_cattle", "amount": 1000, "weight_kg": "250",
                      "productivity": "low"})
    out = run(rows, context("ipcc2019"))
    assert rows.problems == []
    # Shares: solid_storage 0.6, pasture_range_paddock 0.4 (pasture: no 3.A.2/3.C.6 N2O).
    # Nex = Nrate 0.39 (Table 10.19 Asia other cattle low) × 250 kg / 1000 × 365 = 35.5875 kg N
    # Direct: Σ AWMS·EF3 = 0.6 × 0.010 (Table 10.21 solid storage) = 0.006
    #   1000 × 35.5875 × 0.006 × 44/28 / 1000 = 0.335539 t N2O (3.A.2)
    direct = one(out, "manure_n2o_direct")
    assert direct["category"] == "3.A.2"
    assert direct["emissions_t"] == pytest.approx(0.335539, rel=1e-5)
    assert "pasture share 0.4 excluded: its N2O is 3.C.4 and 3.C.5" in direct["chain"]
    # Volatilisation: 0.6 × FracGasMS 0.45 (Table 10.22 other cattle solid storage) = 0.27;
    #   × EF4 0.014 (Table 11.3 wet climate) → 1000 × 35.5875 × 0.27 × 0.014 × 44/28 / 1000
    #   = 9.608625 × 0.014 × 1.571429 = 0.211390 t N2O (3.C.6)
    volatil = one(out, "manure_n2o_volatilisation")
    assert volatil["category"] == "3.C.6"
    assert volatil["emissions_t"] == pytest.approx(0.211390, rel=1e-5)
    # Leaching: 0.6 × FracLeachMS 0.02 = 0.012; × EF5 0.011
    #   → 1000 × 35.5875 × 0.012 × 0.011 × 44/28 / 1000 = 0.00738187 t N2O
    assert one(out, "manure_n2o_leaching")["emissions_t"] == pytest.approx(0.00738187, rel=1e-5)
    # CH4 (eq. 10.23): VS = 10.8 (Table 10.13a low) × 250/1000 = 2.7 kg VS/day;
    #   Σ MCF·AWMS = 0.6 × 0.05 (solid storage, tropical wet) + 0.4 × 0.0047 (pasture) = 0.03188
    #   EF = 2.7 × 365 × B0 0.13 × 0.67 × 0.03188 = 2.73649 kg CH4/head → 2.73649 t for 1000 head
    assert one(out, "manure_ch4")["emissions_t"] == pytest.approx(2.73649, rel=1e-5)


def test_manure_parameters_mix_sets_in_precedence_order():
    rows = make_rows({"activity": "other_cattle", "amount": 1000, "weight_kg": "250",
                      "productivity": "low"})
    out = run(rows, context("ipcc2006", "ipcc2019"))
    # ipcc2006 first: EF3 solid storage 0.005 (2006 Table 10.21) → Σ = 0.6 × 0.005 = 0.003
    #   1000 × 35.5875 × 0.003 × 44/28 / 1000 = 0.167770 t; Nrate still from ipcc2019.
    direct = one(out, "manure_n2o_direct")
    assert direct["emissions_t"] == pytest.approx(0.167770, rel=1e-5)
    assert "ipcc2006 Table 10.21" in direct["chain"] and "ipcc2019 Table 10.19" in direct["chain"]


def test_2006_alone_cannot_give_manure_ch4_and_says_so():
    rows = make_rows({"activity": "other_cattle", "amount": 10, "weight_kg": "250"})
    run(rows, context("ipcc2006"))
    text = messages(rows)
    assert any("no VS excretion rate for other_cattle in asia" in m and "ipcc2006" in m
               for m in text), text


def test_regional_shares_take_precedence_over_the_activity_default():
    rows = make_rows({"activity": "other_cattle", "amount": 1000, "weight_kg": "250",
                      "productivity": "low", "region": "Ba Tri"})
    table = pd.concat([shares(*CATTLE_SHARES),
                       shares(("other_cattle", "daily_spread", "1"), region="Ba Tri")])
    out = run(rows, context("ipcc2019", table=table.reset_index(drop=True)))
    # Ba Tri: all daily spread, EF3 0 → direct N2O 0
    assert one(out, "manure_n2o_direct")["emissions_t"] == 0.0


def test_shares_not_summing_to_one_name_the_group():
    table = shares(("swine", "liquid_slurry", "0.5"), ("swine", "solid_storage", "0.4"))
    rows = make_rows({"activity": "swine", "amount": 10})
    run(rows, context("ipcc2019", table=table))
    assert any("manure_systems.csv:2: share: '0.9' is the sum of the shares of activity swine "
               "(lines 2-3); expected 1" in m for m in messages(rows)), messages(rows)


def test_unknown_system_and_bad_share_are_reported_with_their_line():
    table = shares(("swine", "septic_tank", "0.5"), ("swine", "solid_storage", "half"))
    rows = make_rows({"activity": "swine", "amount": 10})
    run(rows, context("ipcc2019", table=table))
    text = messages(rows)
    assert any(m.startswith("manure_systems.csv:2: system: 'septic_tank' is not a manure "
                            "management system; expected one of pasture_range_paddock")
               for m in text), text
    assert any(m.startswith("manure_systems.csv:3: share: 'half' is not a share") for m in text)


def test_a_species_without_shares_is_reported():
    rows = make_rows({"activity": "goats", "amount": 10})
    run(rows, context("ipcc2019"))
    assert any("t.csv:2: activity: 'goats' no manure management shares for goats; add rows to "
               "manure_systems.csv" in m for m in messages(rows))


def test_missing_climate_zone_says_where_to_set_it():
    rows = make_rows({"activity": "other_cattle", "amount": 10, "weight_kg": "250"})
    run(rows, context("ipcc2019", climate_zone=None))
    text = messages(rows)
    assert any("climate_zone: '' is not set; set climate_zone in inventory.toml" in m
               for m in text), text
    assert len(text) == 1  # nothing else: no parameter can be looked up without it


def test_missing_and_bad_region_list_the_valid_ones():
    rows = make_rows({"activity": "other_cattle", "amount": 10, "ipcc_region": "Mars"})
    run(rows, context("ipcc2019", ipcc_region=None))
    assert any("ipcc_region: 'mars' is not a valid ipcc_region; expected one of asia" in m
               for m in messages(rows)), messages(rows)


def test_unknown_productivity_is_reported():
    rows = make_rows({"activity": "other_cattle", "amount": 10, "productivity": "medium"})
    run(rows, context("ipcc2019"))
    assert any("productivity: 'medium' is not a valid productivity; expected high, low" in m
               for m in messages(rows))


# --- Kernels -----------------------------------------------------------------------------

def test_kernels_follow_their_equations():
    # eq. 10.21: GE 200 MJ/day × 6.5 % × 365 / 55.65 = 85.2650 kg CH4/head/yr
    assert k.enteric_ef_tier2(np.array([200.0]), np.array([6.5]))[0] == pytest.approx(85.26505)
    # eq. 10.30: 0.44 × 386 / 1000 × 365 = 61.9916 kg N/head/yr
    assert k.nitrogen_excretion(np.array([0.44]), np.array([386.0]))[0] == pytest.approx(61.9916)
    # eq. 10.23: VS 3 kg/day × 365 × 0.24 × 0.67 × 0.5 = 88.038 kg CH4/head/yr
    assert k.manure_ch4_ef(np.array([3.0]), np.array([0.24]), np.array([0.5]))[0] \
        == pytest.approx(88.038)
    # eq. 10.25: 10 head × 100 kg N × 0.01 × 44/28 / 1000 = 0.0157143 t N2O
    assert k.manure_n2o_t(np.array([10.0]), np.array([100.0]), np.array([0.01]))[0] \
        == pytest.approx(0.0157143, rel=1e-5)


def test_no_manure_table_at_all_is_a_problem_per_row_not_a_crash():
    rows = make_rows({"activity": "swine", "amount": 1200, "category": "3.A"})
    ctx = context("ipcc2006", "ipcc2019")
    ctx.tables.clear()
    out = run(rows, ctx)
    # enteric still computed: 1200 × 1.0 kg (2006 Table 10.10 developing) = 1.2 t
    assert one(out, "enteric")["emissions_t"] == pytest.approx(1.2)
    assert any("no manure management shares for swine" in m for m in messages(rows))


# --- What each category gives (issue #19) ---------------------------------------------------

CATTLE_ROW = {"activity": "other_cattle", "amount": 200_000, "weight_kg": "250",
              "productivity": "low"}


def test_a_3A1_row_gives_only_its_enteric_record_and_needs_no_shares():
    rows = make_rows({**CATTLE_ROW, "category": "3.A.1"})
    ctx = context("ipcc2006", "ipcc2019")
    ctx.tables.clear()  # no manure_systems table: a 3.A.1 herd does not need one
    out = run(rows, ctx)
    assert rows.problems == []
    assert set(out["category"]) == {"3.A.1"} and list(out["step"]) == ["enteric"]
    # 2006 Table 10.11 Asia other cattle 47 kg: 200,000 × 47 kg = 9,400 t CH4
    assert out["emissions_t"].sum() == pytest.approx(9400.0)


def test_a_3A_row_gives_enteric_manure_and_indirect_manure_records():
    rows = make_rows({**CATTLE_ROW, "category": "3.A"})
    out = run(rows, context("ipcc2006", "ipcc2019"))
    assert rows.problems == []
    # the herd's pasture share (0.4) also feeds managed soils (3.C.4, 3.C.5)
    assert set(out["category"]) == {"3.A.1", "3.A.2", "3.C.6", "3.C.4", "3.C.5"}
    assert set(out["step"]) == {"enteric", "manure_ch4", "manure_n2o_direct",
                                "manure_n2o_volatilisation", "manure_n2o_leaching",
                                "pasture_n2o_direct", "pasture_n2o_volatilisation",
                                "pasture_n2o_leaching"}
    # The herd under 3.A gives exactly its 3.A.1 enteric plus its 3.A.2 manure records.
    enteric = run(make_rows({**CATTLE_ROW, "category": "3.A.1"}), context("ipcc2006", "ipcc2019"))
    manure = run(make_rows({**CATTLE_ROW, "category": "3.A.2"}), context("ipcc2006", "ipcc2019"))
    assert set(manure["category"]) == {"3.A.2", "3.C.6", "3.C.4", "3.C.5"}
    assert out["emissions_t"].sum() == pytest.approx(
        enteric["emissions_t"].sum() + manure["emissions_t"].sum())
    assert one(out, "enteric")["emissions_t"] == pytest.approx(9400.0)


def test_poultry_under_3A1_is_a_problem_not_a_silent_nothing():
    rows = make_rows({"activity": "poultry", "amount": 1000, "weight_kg": "1.8",
                      "productivity": "low", "category": "3.A.1"})
    out = run(rows, context("ipcc2019", table=shares(("poultry", "daily_spread", "1"))))
    assert out.empty
    assert any("t.csv:2: category" in m and "poultry and ducks do not have" in m
               and "enter this flock under 3.A.2 (manure) or 3.A" in m
               for m in messages(rows)), messages(rows)


# --- Manure deposited on pasture: managed soils, once (issue #19) --------------------------

def test_pasture_share_n2o_goes_to_managed_soils_worked_by_hand_ipcc2019():
    rows = make_rows({"activity": "other_cattle", "amount": 1000, "weight_kg": "250",
                      "productivity": "low"})
    out = run(rows, context("ipcc2019"))
    assert rows.problems == []
    # Nex 35.5875 kg N/head (above) × pasture share 0.4 = F_PRP 14.235 kg N/head; 1000 head
    #   = 14,235 kg N. Direct: × EF3PRP,CPP wet 0.006 (2019 Table 11.1) × 44/28
    #   = 134.2157 kg N2O (3.C.4)
    direct = one(out, "pasture_n2o_direct")
    assert direct["category"] == "3.C.4"
    assert direct["emissions_t"] == pytest.approx(0.1342157, rel=1e-6)
    assert "F_PRP 14.235 kg N/head/yr (pasture_n_cpp)" in direct["chain"]
    # Volatilisation: × FracGASM 0.21 × EF4 wet 0.014 × 44/28 = 65.7657 kg N2O (3.C.5)
    volatil = one(out, "pasture_n2o_volatilisation")
    assert volatil["category"] == "3.C.5"
    assert volatil["emissions_t"] == pytest.approx(0.0657657, rel=1e-5)
    # Leaching: × FracLEACH 0.24 × EF5 0.011 × 44/28 = 59.0549 kg N2O (3.C.5)
    assert one(out, "pasture_n2o_leaching")["emissions_t"] == pytest.approx(0.0590549,
                                                                             rel=1e-5)


def test_a_herd_on_pasture_gives_its_3C4_direct_n2o_exactly_once():
    rows = make_rows({"activity": "other_cattle", "amount": 1000, "weight_kg": "250",
                      "productivity": "low"})
    out = run(rows, context("ipcc2006", "ipcc2019",
                            table=shares(("other_cattle", "pasture_range_paddock", "1"))))
    assert rows.problems == []
    n2o = out[out["gas"] == "N2O"]
    # All its manure is on pasture: its manure-management N2O (3.A.2, 3.C.6) is zero ...
    managed = n2o["category"].isin(["3.A.2", "3.C.6"])
    assert n2o.loc[managed, "emissions_t"].sum() == 0.0
    assert set(n2o.loc[~managed, "category"]) == {"3.C.4", "3.C.5"}
    # ... and one 3.C.4 record: F_PRP 1000 × 35.5875 kg N × EF3PRP,CPP 0.02 (2006 Table 11.1)
    #   × 44/28 = 1,118.464 kg N2O
    direct = n2o[n2o["category"] == "3.C.4"]
    assert len(direct) == 1
    assert direct["emissions_t"].sum() == pytest.approx(1.118464, rel=1e-6)
    # 3.C.5: × (FracGASM 0.2 × EF4 0.01 + FracLEACH 0.3 × EF5 0.0075) × 44/28
    #   = 35,587.5 × (0.002 + 0.00225) × 1.5714286 = 237.6736 kg N2O
    assert n2o.loc[n2o["category"] == "3.C.5", "emissions_t"].sum() == pytest.approx(
        0.2376736, rel=1e-6)


def test_sheep_and_goats_on_pasture_use_ef3prp_so():
    rows = make_rows({"activity": "goats", "amount": 100, "weight_kg": "30",
                      "productivity": "low"})
    out = run(rows, context("ipcc2006", "ipcc2019",
                            table=shares(("goats", "pasture_range_paddock", "1"))))
    assert rows.problems == []
    direct = one(out, "pasture_n2o_direct")
    assert "(pasture_n_so)" in direct["chain"] and "EF3PRP 0.01 [" in direct["chain"]
