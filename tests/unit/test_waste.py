"""Waste sector (4.A-4.D): FOD against the published equations, hand-worked cases, bad input."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.sectors.method import SectorContext, SectorRows
from ghg.sectors.waste import disposal as fod
from ghg.sectors.waste import method as waste
from ghg.sectors.waste import wastewater

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"


def context(history=None, years=(2020,), tables=None, sets=("ipcc2006",)):
    extra = {"waste_history": history} if history else {}
    config = InventoryConfig(name="t", climate_zone="tropical_wet",
                             ipcc_region="south_east_asia", **extra)
    return SectorContext(parameters=load_parameters([(s, DATA / s) for s in sets]),
                         config=config, tables=tables or {}, years=np.array(years))


def sector_rows(records):
    frame = pd.DataFrame(records)
    frame["source_id"] = frame.get("source_id", pd.Series(["site"] * len(frame))).fillna("site")
    frame["unit"] = frame.get("unit", pd.Series(["t"] * len(frame))).fillna("t")
    frame["region"] = ""
    frame["file"] = "t.csv"
    frame["row"] = np.arange(len(frame))
    frame["line"] = np.arange(2, len(frame) + 2)
    for column in frame.columns:
        if column not in ("year", "amount", "row", "line"):
            frame[column] = frame[column].fillna("").astype(str)
    return SectorRows(frame)


# ------------------------------------------------------------------ FOD reference

def reference_fod(deposits, k, reaction_month):
    """Eq. 3.4-3.6 and Annex 3A.1 written as a plain loop over years (the IPCC Waste Model)."""
    stock, out = 0.0, []
    first = 1 - math.exp(-k * (13 - reaction_month) / 12)
    for d in deposits:
        decomposed = stock * (1 - math.exp(-k)) + d * first     # eq. 3.5 (+ deposit-year part)
        stock = stock * math.exp(-k) + d * (1 - first)          # eq. 3.4
        out.append(decomposed)
    return out


@pytest.mark.parametrize("reaction_month", [13, 7])  # 6-month delay (printed eq.) / no delay
def test_fod_matches_plain_loop_reference_1950_2030(reaction_month):
    years = np.arange(1950, 2031)
    rng = np.random.default_rng(1)
    # food, garden, paper, wood, bulk MSW: k tropical wet (ipcc2006 Table 3.3 p.3.17)
    k = np.array([0.40, 0.17, 0.07, 0.035, 0.17])
    deposits = rng.uniform(100, 5000, size=(3, 5, len(years)))  # changes year to year
    got = fod.decomposed(deposits, k, reaction_month)
    for site in range(3):
        for j, kj in enumerate(k):
            want = reference_fod(deposits[site, j], kj, reaction_month)
            np.testing.assert_allclose(got[site, j], want, rtol=1e-3)


def test_single_deposit_closed_form():
    # 1000 t C DDOCm in year 0, k = 0.4, printed eq.: decomposed in year t>=1 is
    # 1000 × e^{-0.4 (t-1)} × (1 - e^{-0.4}); year 1: 1000 × 0.329680 = 329.680 t C,
    # year 3: 1000 × e^{-0.8} × 0.329680 = 148.134 t C.
    d = np.zeros(10)
    d[0] = 1000.0
    got = fod.decomposed(d, 0.4)
    assert got[0] == 0.0
    assert got[1] == pytest.approx(329.680, rel=1e-5)
    assert got[3] == pytest.approx(148.134, rel=1e-5)
    assert fod.contributions(d, 0.4, 3) == pytest.approx(np.r_[148.134, np.zeros(9)], rel=1e-5)


def test_swds_method_rising_food_waste_2000_2010():
    # 1000..11000 t food waste 2000-2010, managed anaerobic, tropical wet (docs/domain.md §9 case):
    # DDOCm_x = W × DOC 0.15 (T2.4 p.2.14) × DOCf 0.5 (p.3.13) × MCF 1 (T3.1 p.3.14) = 0.075 W;
    # CH4_2010 = Σ_x<2010 0.075 W_x e^{-0.4 (2009-x)} (1 - e^{-0.4}) × F 0.5 × 16/12 ≈ 400.2 t
    recs = [dict(year=2000 + i, category="4.A.1", activity="food_waste",
                 amount=1000.0 * (i + 1), site_type="managed_anaerobic") for i in range(11)]
    rows = sector_rows(recs)
    out = waste.method(rows, context({"rule": "site_opened"}, years=range(2000, 2011)))
    assert rows.problems == []
    w = 1000.0 * np.arange(1, 11)
    want = sum(0.075 * w[x] * math.exp(-0.4 * (9 - x)) * (1 - math.exp(-0.4))
               for x in range(10)) * 0.5 * 16 / 12
    got = out[(out.year == 2010) & (out.category == "4.A.1")].emissions_t.sum()
    assert got == pytest.approx(want, rel=1e-9)
    assert want == pytest.approx(400.2, rel=1e-3)
    parts = waste.contributions(rows, context({"rule": "site_opened"}, years=range(2000, 2011)),
                                "site", 2010)
    assert parts.ch4_t.sum() == pytest.approx(want, rel=1e-9)
    assert "site_opened" in out.chain.iloc[0]


def test_history_constant_backfill_and_recovery():
    # One deposit row 2020 of 1000 t food, rule constant from 2000: deposits 2000-2020 of 1000 t;
    # 2020 CH4 = 75 t C × (1 - e^{-0.4}) × Σ_{a=0}^{19} e^{-0.4 a} × 0.5 × 16/12; then R = 5 t.
    rows = sector_rows([dict(year=2020, category="4.A.1", activity="food_waste", amount=1000.0,
                             site_type="managed_anaerobic"),
                        dict(year=2020, category="4.A.1", activity="landfill_ch4_recovered",
                             amount=5.0)])
    out = waste.method(rows, context({"rule": "constant", "start": 2000}, years=(2020,)))
    assert rows.problems == []
    gen = 75 * (1 - math.exp(-0.4)) * sum(math.exp(-0.4 * a) for a in range(20)) * 0.5 * 16 / 12
    assert out.emissions_t.sum() == pytest.approx(gen - 5.0, rel=1e-9)
    assert "constant back-cast from 2000" in out.chain.iloc[0]


def test_composting_by_hand():
    # 100 t wet composted: CH4 = 100 × 4 g/kg (T4.1 p.4.6) × 1e-3 = 0.4 t;
    # N2O = 100 × 0.3 g/kg (T4.1 wet, as printed) × 1e-3 = 0.03 t. Dry 50 t: CH4 50 × 10e-3 = 0.5
    rows = sector_rows([dict(year=2020, category="4.B", activity="composting", amount=100.0),
                        dict(year=2020, category="4.B", activity="composting", amount=50.0,
                             basis="dry")])
    out = waste.method(rows, context())
    got = out.groupby(["row", "gas"], observed=True).emissions_t.sum()
    assert got[(0, "CH4")] == pytest.approx(0.4)
    assert got[(0, "N2O")] == pytest.approx(0.03)
    assert got[(1, "CH4")] == pytest.approx(0.5)
    assert got[(1, "N2O")] == pytest.approx(0.03)   # 50 × 0.6 g/kg dry × 1e-3


def test_domestic_wastewater_two_pathways_by_hand():
    # 1000 persons, 60% septic tank (MCF 0.5), 40% centralised aerobic plant (MCF 0.03, 2019);
    # BOD 40 g/day (T6.4 p.6.14), Bo 0.6 (p.6.12), I 1.0 uncollected / 1.25 collected.
    # septic: 600 × 40 × 0.001 × 1.0 × 365 = 8760 kg BOD × 0.6 × 0.5 / 1000 = 2.628 t CH4
    # plant:  400 × 40 × 0.001 × 1.25 × 365 = 7300 kg BOD × 0.6 × 0.03 / 1000 = 0.1314 t CH4
    table = pd.DataFrame({"income_group": ["urban", "urban"],
                          "pathway": ["septic_tank", "centralised_aerobic_plant"],
                          "share": ["0.6", "0.4"], "file": "p.csv", "line": [2, 3]})
    rows = sector_rows([dict(year=2020, category="4.D.1", activity="domestic_wastewater",
                             amount=1000.0, unit="person", income_group="urban",
                             not_estimated="n2o")])
    out = wastewater.method(rows, context(tables={"wastewater_pathways": table},
                                          sets=("ipcc2019", "ipcc2006")))
    assert rows.problems == []
    assert sorted(out.emissions_t.round(6)) == [0.1314, 2.628]


def test_industrial_seafood_by_hand():
    # 100 t seafood × W 14 m3/t × COD 2.5 kg/m3 (T6.9 p.6.22) = 3500 kg COD × Bo 0.25 × MCF 0.8
    # (anaerobic reactor, 2019 T6.3) / 1000 = 0.7 t CH4
    rows = sector_rows([dict(year=2020, category="4.D.2", activity="seafood_processing",
                             amount=100.0, treatment="anaerobic_reactor")])
    out = wastewater.method(rows, context(sets=("ipcc2019", "ipcc2006")))
    assert out.emissions_t.sum() == pytest.approx(0.7)


# ------------------------------------------------------------------ bad input

def test_missing_history_is_named():
    rows = sector_rows([dict(year=2015, category="4.A.1", activity="food_waste", amount=10.0,
                             site_type="managed_anaerobic")])
    waste.method(rows, context({"rule": "none"}, years=(2015,)))
    assert any("missing deposit history" in p.message for p in rows.problems)


def test_pathway_shares_not_summing_to_one():
    table = pd.DataFrame({"income_group": ["rural", "rural"],
                          "pathway": ["septic_tank", "latrine_wet"], "share": ["0.6", "0.3"],
                          "file": "p.csv", "line": [2, 3]})
    rows = sector_rows([dict(year=2020, category="4.D.1", activity="domestic_wastewater",
                             amount=10.0, unit="person", income_group="rural")])
    wastewater.method(rows, context(tables={"wastewater_pathways": table}))
    assert any("'rural' sum to 0.9" in p.message and p.file == "p.csv" for p in rows.problems)


def test_waste_type_shares_not_summing_to_100():
    rows = sector_rows([dict(year=2020, category="4.C.2", activity="open_burnt_waste",
                             amount=10.0, food_waste_pct="50", plastics_pct="30",
                             not_estimated="ch4 n2o")])
    waste.method(rows, context())
    assert any("sum to a value other than 100" in p.message for p in rows.problems)


def test_unknown_site_type_and_negative_numbers():
    rows = sector_rows([dict(year=2020, category="4.A.1", activity="food_waste", amount=10.0,
                             site_type="volcano"),
                        dict(year=2020, category="4.B", activity="composting", amount=10.0,
                             ch4_recovered_t="-1")])
    waste.method(rows, context({"rule": "site_opened"}))
    text = " ".join(p.message for p in rows.problems)
    assert "not a valid site_type" in text
    assert "is below 0" in text


def test_anaerobic_digestion_wet_as_printed():
    # Table 4.1 as printed: 1 g CH4/kg wet (not 2 × 0.4 = 0.8); N2O assumed negligible (0).
    # 100 t wet × 1 g/kg × 1e-3 = 0.1 t CH4
    rows = sector_rows([dict(year=2020, category="4.B", activity="anaerobic_digestion",
                             amount=100.0)])
    out = waste.method(rows, context())
    assert rows.problems == []
    got = out.groupby("gas", observed=True).emissions_t.sum()
    assert got["CH4"] == pytest.approx(0.1)
