"""The plan's indicators: definitions, computed values worked by hand, status rules, checks."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest

import ghg
from ghg.core.errors import InputError
from ghg.province import indicators as ind


def test_every_indicator_has_a_2025_or_2030_target_or_says_no_target():
    table = ind.definitions()
    for row in table.itertuples():
        has = [not np.isnan(getattr(row, f"target_{y}")) for y in (2025, 2030)]
        texts = [getattr(row, f"target_{y}_text") for y in (2025, 2030)]
        assert any(has) or texts == ["no target", "no target"], row.indicator
        for present, text in zip(has, texts, strict=True):
            assert present != (text == "no target"), row.indicator
        if any(has):  # a target always carries the plan's words and where they are
            assert row.quote_vi and row.plan_lines and row.gist_en, row.indicator
    assert table.index.is_unique
    assert (table["name_vi"] != "").all() and (table["population_vi"] != "").all()
    assert ((table["note"] != "") == (table["note_vi"] != "")).all()


def test_each_target_is_the_number_the_plan_s_words_give():
    for row in ind.definitions().itertuples():
        for year in (2025, 2030):
            text = getattr(row, f"target_{year}_text")
            if text == "no target":
                continue
            numbers = re.findall(r"\d+(?:,\d+)?", text)
            # the target is the text's first number (decimal comma), and every number of the
            # text is in the quoted Vietnamese wording
            assert float(numbers[0].replace(",", ".")) == getattr(row, f"target_{year}"), text
            assert all(n in row.quote_vi for n in numbers), (row.indicator, text)


def test_the_plan_s_targets_as_written():
    table = ind.definitions()
    expected = {"re_share_tpes": (10, 15), "forest_cover": (2, 2.1),
                "msw_urban_collected_treated": (95.5, 98.5),
                "msw_rural_collected_treated": (80, 90), "waste_separation_at_source": (70, 90),
                "hazardous_waste_treated": (85, 85), "wastewater_ben_tre_city": (15, 50),
                "wastewater_class_iv_towns": (10, 30), "public_vehicles_green_energy": (2, 5),
                "people_switching_to_ev": (2, 5), "air_quality_plan_districts": (20, 100),
                "livestock_farm_scale_share": (30, 50), "green_buildings_growth": (10, 10),
                "fishing_energy_savings": (10, 10)}
    for key, (t25, t30) in expected.items():
        assert (table.at[key, "target_2025"], table.at[key, "target_2030"]) == (t25, t30), key
    transport = table.loc[table.index.str.startswith("public_transport_share")]
    assert transport[["target_2025", "target_2030"]].fillna(-1).values.tolist() == [
        [10, -1], [-1, 20], [5, 10]]
    # the plan's own inconsistency is recorded, both figures with their lines
    note = table.at["wastewater_class_iv_towns", "note"]
    assert "30-40%" in note and "25-40%" in note and "96" in note and "1656" in note
    assert table.loc[["ghg_per_grdp", "energy_per_grdp"], "target_2030_text"].eq(
        "no target").all()


@cache
def _small_result() -> ghg.Result:
    # province: 100 TJ diesel (road), 20 TJ wood, 10,000 MWh from the grid; facility F1's road
    # diesel is inside the provincial road total, F2's manufacturing diesel is not
    rows = pd.DataFrame({
        "source_id": ["province", "province", "province", "F1", "F2"], "year": 2020,
        "category": ["1.A.3.b", "1.A.4.b", "1.A", "1.A.3.b", "1.A.2"],
        "activity": ["diesel", "wood", "grid_electricity", "diesel", "diesel"],
        "amount": [100.0, 20.0, 10000.0, 50.0, 30.0], "unit": ["TJ", "TJ", "MWh", "TJ", "TJ"]})
    return ghg.compute(rows)


def test_renewable_share_of_primary_supply_by_hand():
    result = _small_result()
    supply = ind.primary_energy_supply(result, ["province"], pd.Series({2020: 5000.0}), [2020])
    # fuels 100 + 20 + 30 (F1 counted once, inside the province's road diesel) + grid 36 TJ;
    # renewable: wood 20 + wind 5,000 MWh x 0.0036 = 18 TJ
    assert supply.loc[2020, "supply_tj"] == pytest.approx(186.0)
    assert supply.loc[2020, "renewable_tj"] == pytest.approx(38.0)
    grdp = pd.DataFrame({"indicator": "grdp", "year": [2020], "value": [400.0],
                         "unit": "billion VND", "source": "s", "file": "indicators.csv",
                         "line": [2]})
    values = ind.indicator_values(
        result, pd.DataFrame({"year": [2020, 2020], "co2e_t": [9000.0, -1000.0]}),
        ["province"], {"energy_memo": _memo([2020], [5.0], "GWh"), "indicators": grdp},
        np.array([2020])).set_index("indicator")["value"]
    assert values["re_share_tpes"] == pytest.approx(100 * 38 / 186)  # 20.43 %
    # net 8,000 t CO2e and 186 TJ over a GRDP of 400 billion VND
    assert values["ghg_per_grdp"] == pytest.approx(20.0)
    assert values["energy_per_grdp"] == pytest.approx(0.465)
    assert values["grdp"] == 400.0


def test_no_share_without_a_memo_row_for_the_year():
    supply = ind.primary_energy_supply(_small_result(), ["province"], pd.Series(dtype=float),
                                       [2020])
    assert supply["supply_tj"].isna().all()


def test_msw_shares_by_hand():
    rows = pd.DataFrame({
        "activity": ["msw_generation"] * 4 + ["diesel"], "year": [2023, 2023, 2023, 2024, 2023],
        "amount": [100_000.0, 50_000.0, 400_000.0, 200_000.0, 1.0],
        "msw_kg_per_capita_day": ["1.2", "1.0", "0.8", "1.0", ""],
        "collection_pct": ["90", "60", "25", "50", ""],
        "settlement": ["urban", "Urban ", "rural", "", ""], "file": "w.csv",
        "line": [2, 3, 4, 5, 6]})
    shares, problems = ind.msw_shares(rows)
    got = shares.set_index(["indicator", "year"])["value"]
    # urban 2023: (120,000 x 0.9 + 50,000 x 0.6) / 170,000 kg = 81.176 %
    assert got[("msw_urban_collected_treated", 2023)] == pytest.approx(138_000 / 170_000 * 100)
    assert got[("msw_rural_collected_treated", 2023)] == pytest.approx(25.0)
    # whole province 2023: (108,000 + 30,000 + 80,000) / 490,000 kg = 44.49 %
    assert got[("msw_collected_treated", 2023)] == pytest.approx(218_000 / 490_000 * 100)
    assert got[("msw_collected_treated", 2024)] == pytest.approx(50.0)
    assert ("msw_urban_collected_treated", 2024) not in got.index
    assert problems == []
    bad = rows.assign(settlement=["urban", "town", "rural", "", ""])
    assert [str(p) for p in ind.msw_shares(bad)[1]] == [
        "w.csv:3: settlement: 'town' is not a settlement; expected urban or rural (or empty for "
        "the whole province)"]


def _values(indicator: str, years: list[int], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "year": years, "value": values,
                         "unit": ind.definitions().at[indicator, "unit"], "source": "s"})


@pytest.mark.parametrize(("indicator", "years", "values", "status", "path"), [
    # path from 1.8 (2021) to 2.0 (2025): 1.9 in 2023; 1.85 is below it
    ("forest_cover", [2021, 2023], [1.8, 1.85], "off_track", 1.9),
    ("forest_cover", [2021, 2023], [1.8, 1.95], "on_track", 1.9),
    ("forest_cover", [2021, 2025], [1.8, 2.0], "on_track", None),  # met in the target year
    # past 2025, the next target is 2030's 2.1: path 1.8 + 0.3 x 5/9 = 1.9667 in 2026
    ("forest_cover", [2021, 2026], [1.8, 1.95], "off_track", 1.8 + 0.3 * 5 / 9),
    ("forest_cover", [2021, 2026], [1.8, 1.99], "on_track", 1.8 + 0.3 * 5 / 9),
    ("forest_cover", [2024], [1.5], "one_value", None),
    ("forest_cover", [2024], [2.5], "on_track", None),
    ("forest_cover", [2031], [2.0], "off_track", None),  # past 2030, below 2.1
    ("public_transport_share_class_i", [2024], [25.0], "on_track", None),
    ("green_buildings_growth", [2023, 2024], [15.0, 8.0], "off_track", 10.0),
    ("ghg_per_grdp", [2024], [30.0], "no_target", None),
])
def test_status(indicator, years, values, status, path):
    row = ind.scorecard(_values(indicator, years, values)).set_index("indicator").loc[indicator]
    assert row["status"] == status
    if path is None:
        assert np.isnan(row["path_value"])
    else:
        assert row["path_value"] == pytest.approx(path)
    assert row["latest_value"] == values[-1]


def test_an_indicator_without_values_says_no_data():
    card = ind.scorecard(_values("hdi", [2020], [0.664]))
    assert card.set_index("indicator").drop(index="hdi")["status"].eq("no_data").all()
    assert card["latest_value"].isna().sum() == len(card) - 1


def _memo(years, amounts, unit="MWh", item="wind_generation"):
    n = len(years)
    return pd.DataFrame({"year": years, "item": item, "amount": amounts, "unit": unit,
                         "source": "s", "file": "energy_memo.csv", "line": range(2, 2 + n)})


def test_bad_indicator_rows_are_reported_with_file_line_column_value():
    table = pd.DataFrame({
        "indicator": ["forest_covr", "forest_cover", "forest_cover", "hdi", "re_share_tpes"],
        "year": [2020, 2021, 2021, 2020, 2020], "value": [2.0, 1.9, 1.8, 0.6, 12.0],
        "unit": ["%", "%", "%", "%", "%"], "source": ["s", "s", "s", "", "s"],
        "file": "indicators.csv", "line": [2, 3, 4, 5, 6]})
    memo = pd.concat([_memo([2020], [5000.0]),
                      _memo([2020], [1.0], unit="t").assign(line=3),
                      _memo([2020], [1.0], item="tidal").assign(line=4)])
    with pytest.raises(InputError) as caught:
        ind.indicator_values(_small_result(), pd.DataFrame({"year": [2020], "co2e_t": [1.0]}),
                             ["province"], {"indicators": table, "energy_memo": memo},
                             np.array([2020]))
    assert sorted(str(p) for p in caught.value.problems) == [
        "energy_memo.csv:3: unit: 't' is not an electricity unit; expected kWh, MWh or GWh",
        "energy_memo.csv:4: item: 'tidal' is not a memo item; expected one of wind_generation, "
        "solar_generation, hydro_generation",
        "indicators.csv:2: indicator: 'forest_covr' is not a known indicator; expected an id of "
        "ghg/data/indicators.csv; did you mean 'forest_cover'?",
        "indicators.csv:4: row: 'forest_cover 2021' gives this indicator and year again; "
        "expected one value per indicator and year",
        "indicators.csv:5: source: '' is empty; expected the document, table and page the value "
        "comes from",
        "indicators.csv:5: unit: '%' is not the unit of hdi; expected 'index'",
        "indicators.csv:6: indicator: 're_share_tpes' is computed from the inventory for 2020; "
        "remove this row (one value per indicator and year)",
    ]
