"""QA/QC checks (Vol 1 ch 6): each rule fires on a crafted case and stays silent on clean data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.core.errors import ConfigError
from ghg.province.qaqc import (
    FINDING_COLUMNS,
    combine,
    implied_factor_range,
    missing_years,
    not_allocated,
    raise_breaks,
    reference_approach,
    source_changes,
    time_series_breaks,
    year_on_year_jumps,
)
from ghg.province.tree import aggregate

YEARS = np.arange(2019, 2023)


def series(category: str, gas: str, values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"category": category, "gas": gas, "year": list(values),
                         "emissions_t": list(values.values())})


def clean_emissions() -> pd.DataFrame:
    """Four years, every change under 10 %, every category in every year."""
    rows = pd.concat([series("3.A.1.a.ii", "CH4", {2019: 100.0, 2020: 104.0, 2021: 108.0,
                                                     2022: 110.0}),
                      series("1.A.4.b", "CO2", {2019: 500.0, 2020: 520.0, 2021: 540.0,
                                                2022: 560.0})], ignore_index=True)
    rows["source_id"], rows["scope"], rows["co2e_t"] = "province", 1, rows["emissions_t"]
    return aggregate(rows)


def test_findings_layout() -> None:
    found = combine(year_on_year_jumps(series("4.A", "CH4", {2019: 1.0, 2020: 2.0}), YEARS))
    assert tuple(found.columns) == FINDING_COLUMNS
    assert found.iloc[0]["check"] == "year_on_year_jump"
    assert found.iloc[0]["severity"] == "warning"
    assert combine().empty and tuple(combine().columns) == FINDING_COLUMNS


# --- year-on-year jumps ----------------------------------------------------------------------

def test_clean_series_raise_nothing() -> None:
    table = clean_emissions()
    assert year_on_year_jumps(table, YEARS).empty
    assert missing_years(table, YEARS).empty
    assert not_allocated(table).empty


def test_jump_above_ten_percent_is_flagged() -> None:
    rows = series("3.C.7", "CH4", {2019: 100.0, 2020: 109.0, 2021: 130.0, 2022: 90.0})
    found = year_on_year_jumps(rows, YEARS)
    # 2020: 9/100 = 9 % (silent); 2021: 21/109 = 19.3 %; 2022: 40/130 = 30.8 %
    assert found["year"].tolist() == [2021, 2022]
    assert found["value"].tolist() == [130.0, 90.0]
    assert found["expected"].tolist() == [109.0, 130.0]
    assert found["message"].iloc[0].startswith("changed 19.3 % from 2020 (threshold 10 %)")
    assert found["message"].iloc[1].startswith("changed 30.8 % from 2021")


def test_threshold_per_category_most_specific_wins() -> None:
    rows = pd.concat([series("3.C.7", "CH4", {2019: 100.0, 2020: 115.0}),
                      series("3.A.1", "CH4", {2019: 100.0, 2020: 115.0}),
                      series("1.A.4", "CO2", {2019: 100.0, 2020: 115.0})])
    found = year_on_year_jumps(rows, YEARS, threshold={"3": 0.20, "3.C.7": 0.10, "*": 0.5})
    # 15 %: above 3.C.7's 10 %, below 3's 20 % (3.A.1 inherits it), below the default 50 %
    assert found["category"].tolist() == ["3.C.7"]


def test_change_from_zero_and_removals() -> None:
    rows = pd.concat([series("4.C.2", "CH4", {2019: 0.0, 2020: 5.0}),
                      series("3.B.1", "CO2", {2019: -100.0, 2020: -120.0})])
    found = year_on_year_jumps(rows, YEARS)
    assert set(found["category"]) == {"4.C.2", "3.B.1"}  # 20 % more removals is a jump too
    assert "from zero" in found.loc[found["category"] == "4.C.2", "message"].iloc[0]


# --- implied emission factors ----------------------------------------------------------------

def ief_table(values: list[float]) -> pd.DataFrame:
    # bounds here are test numbers, not IPCC ranges: the lead supplies real ones from factors
    return pd.DataFrame({"category": "3.A.1.a.ii", "gas": "CH4", "year": [2019, 2020, 2021],
                         "ief": values, "ief_unit": "kg CH4/head/yr", "lower": 40.0,
                         "upper": [55.0, 55.0, np.nan]})


def test_ief_inside_range_is_silent() -> None:
    assert implied_factor_range(ief_table([47.0, 40.0, 400.0])).empty  # no upper bound in 2021


def test_ief_outside_range_is_flagged() -> None:
    found = implied_factor_range(ief_table([39.0, 56.0, 30.0]))
    assert found["year"].tolist() == [2019, 2020, 2021]
    assert found["expected"].tolist() == ["40 to 55 kg CH4/head/yr", "40 to 55 kg CH4/head/yr",
                                          "at least 40 kg CH4/head/yr"]
    assert "is below the IPCC default range" in found["message"].iloc[0]
    assert "is above the IPCC default range" in found["message"].iloc[1]


# --- missing years -----------------------------------------------------------------------------

def test_missing_year_in_a_series_is_flagged() -> None:
    rows = pd.concat([series("4.A", "CH4", {2019: 1.0, 2021: 1.0, 2022: 1.0}),
                      series("3.C.7", "CH4", {y: 1.0 for y in YEARS})])
    found = missing_years(rows, YEARS)
    assert found[["category", "gas", "year"]].to_numpy().tolist() == [["4.A", "CH4", 2020]]


def test_years_outside_the_inventory_are_ignored() -> None:
    rows = series("4.A", "CH4", {2010: 1.0, 2019: 1.0, 2020: 1.0, 2021: 1.0, 2022: 1.0})
    assert missing_years(rows, YEARS).empty


# --- data source changes -----------------------------------------------------------------------

def test_same_source_each_year_is_silent() -> None:
    rows = pd.DataFrame({"category": "3.A.1.a.ii", "year": YEARS,
                         "source": [f"Ben Tre statistical yearbook {y + 1}" for y in YEARS]})
    assert source_changes(rows).empty


def test_changed_source_is_flagged() -> None:
    rows = pd.DataFrame({"category": ["3.C.7"] * 5, "year": [2019, 2020, 2021, 2021, 2022],
                         "source": ["yearbook 2020", "yearbook 2021", "yearbook 2022",
                                    "estimate: district survey", "estimate: district survey"]})
    found = source_changes(rows)
    assert found["year"].tolist() == [2021, 2022]
    assert found["value"].tolist() == ["estimate: district survey; yearbook 2022",
                                       "estimate: district survey"]
    assert found["expected"].tolist() == ["yearbook 2021",
                                          "estimate: district survey; yearbook 2022"]
    assert found["severity"].tolist() == ["info", "info"]


# --- Reference Approach --------------------------------------------------------------------------

def test_reference_within_five_percent_is_silent() -> None:
    ra = pd.DataFrame({"fuel": ["diesel", "lpg"], "year": 2020, "co2_t": [1040.0, 200.0]})
    sa = pd.DataFrame({"fuel": ["diesel", "lpg"], "year": 2020, "co2_t": [1000.0, 200.0]})
    assert reference_approach(ra, sa).empty  # diesel +4 %, all fuels 1240/1200 = +3.3 %


def test_reference_beyond_five_percent_is_flagged() -> None:
    ra = pd.DataFrame({"fuel": ["diesel", "lpg", "anthracite"], "year": 2020,
                       "co2_t": [1100.0, 200.0, 50.0]})
    sa = pd.DataFrame({"fuel": ["diesel", "lpg", "motor_gasoline"], "year": 2020,
                       "co2_t": [1000.0, 200.0, 100.0]})
    found = reference_approach(ra, sa).set_index("category")
    # diesel (1100 - 1000)/1000 = +10 %; all fuels (1350 - 1300)/1300 = +3.8 % (silent);
    # anthracite only in supply, motor gasoline only in the sectoral approach
    assert sorted(found.index) == ["1.A anthracite", "1.A diesel", "1.A motor_gasoline"]
    assert "by +10.0 %" in found.loc["1.A diesel", "message"]
    assert found.loc["1.A diesel", "value"] == 1100.0
    assert found.loc["1.A diesel", "expected"] == 1000.0


def test_reference_total_flagged_and_tolerance_settable() -> None:
    ra = pd.DataFrame({"fuel": ["diesel"], "year": 2020, "co2_t": [1030.0]})
    sa = pd.DataFrame({"fuel": ["diesel"], "year": 2020, "co2_t": [1000.0]})
    assert reference_approach(ra, sa).empty                 # +3 %
    found = reference_approach(ra, sa, tolerance=0.02)      # UNFCCC-review style 2 %
    assert sorted(found["category"]) == ["1.A all", "1.A diesel"]


# --- values at a parent and its children ------------------------------------------------------

def test_parent_and_child_both_given_is_flagged() -> None:
    rows = pd.DataFrame({"source_id": "province", "year": 2020, "scope": 1,
                         "category": ["3.A", "3.A.1", "1.A.2"], "gas": "CH4",
                         "emissions_t": [5.0, 4.0, 1.0], "co2e_t": [5.0, 4.0, 1.0]})
    found = not_allocated(aggregate(rows))
    assert found[["category", "gas", "year", "value", "expected"]].to_numpy().tolist() == [
        ["3.A", "CH4", 2020, 5.0, 4.0]]


def test_parent_only_is_not_flagged() -> None:
    rows = pd.DataFrame({"source_id": "province", "year": 2020, "scope": 1,
                         "category": ["3.A"], "gas": "CH4", "emissions_t": [5.0],
                         "co2e_t": [5.0]})
    assert not_allocated(aggregate(rows)).empty


@pytest.mark.parametrize("check", [year_on_year_jumps, missing_years])
def test_checks_read_the_all_regions_rows_of_a_regional_table(check) -> None:
    rows = pd.DataFrame({"source_id": "p", "year": [2019, 2020, 2020], "scope": 1,
                         "category": "3.C.7", "gas": "CH4", "emissions_t": [10.0, 5.0, 5.2],
                         "co2e_t": 0.0, "region": ["a", "a", "b"]})
    # region b starts in 2020: per region that is a gap and a jump, for the province it is not
    # (10 → 10.2 = 2 %)
    assert check(aggregate(rows), np.arange(2019, 2021)).empty


def test_findings_speak_the_chosen_language_with_its_decimal_mark():
    from ghg.core.i18n import use_language

    series = pd.DataFrame({"category": "3.A.1", "gas": "CH4", "year": [2019, 2020],
                           "emissions_t": [100.0, 112.5]})
    english = year_on_year_jumps(series, np.arange(2019, 2021))["message"].tolist()
    with use_language("vi"):
        vietnamese = year_on_year_jumps(series, np.arange(2019, 2021))["message"].tolist()
    # (112.5 - 100) / 100 = 12.5 %, above the 10 % default
    assert english == ["changed 12.5 % from 2019 (threshold 10 %); explain the change or check "
                       "the activity data and factors"]
    assert vietnamese == ["thay đổi 12,5 % so với năm 2019 (ngưỡng 10 %); hãy giải thích sự thay "
                          "đổi hoặc kiểm tra số liệu hoạt động và hệ số"]


# --- Time-series breaks (issue #19) ---------------------------------------------------------

def break_cells() -> tuple[pd.DataFrame, pd.DataFrame]:
    """3.B.4.a N2O only in 2021 (appears, then vanishes); 3.A.1 CH4 in every year."""
    cells = pd.DataFrame({"category": ["3.B.4.a"] + ["3.A.1"] * 4,
                          "gas": ["N2O"] + ["CH4"] * 4, "year": [2021, 2019, 2020, 2021, 2022],
                          "co2e_t": [175941.0, 10.0, 10.0, 10.0, 10.0]})
    detail = pd.DataFrame({
        "category": ["3.B.4.a", "3.B.4.a"], "gas": "N2O", "year": 2021, "scope": 1,
        "file": ["activity/land.csv", "activity/grid.csv"], "line": [12, 3],
        "emissions_t": [663.9, 0.0], "emission_factor_source": [None, "not this one"],
        "chain": ["250000 t × EF_F 0.00169 kg N2O-N/kg [wetlands2013 Table 4.15 p.4.x] × 44/28",
                  ""]})
    return cells, detail


def test_a_series_that_appears_and_vanishes_is_an_error_naming_rows_and_factor() -> None:
    cells, detail = break_cells()
    found = time_series_breaks(cells, detail, YEARS)
    assert found["check"].eq("time_series_break").all() and found["severity"].eq("error").all()
    assert found[["category", "gas", "year", "value", "expected"]].to_numpy().tolist() == [
        ["3.B.4.a", "N2O", 2021, "appears", "absent in 2020"],
        ["3.B.4.a", "N2O", 2022, "vanishes", "present in 2021"]]
    first = found["message"].iloc[0]
    # the row with emissions is named, the zero one is not; the factor comes from the chain
    assert "appears in 2021 and has no estimate in 2020 (rows activity/land.csv:12; " \
           "factors wetlands2013 Table 4.15 p.4.x)" in first
    assert "activity/grid.csv" not in first
    assert "has estimates in 2021 and none in 2022" in found["message"].iloc[1]
    with pytest.raises(ConfigError, match=r"time_series_breaks: 3\.B\.4\.a N2O appears in 2021"):
        raise_breaks(combine(found))


def test_an_accepted_break_is_info_and_does_not_fail() -> None:
    cells, detail = break_cells()
    for accepted in (["3.B.4.a N2O"], ["3.B"], ["3.B.4.a"]):  # a code covers sub-categories
        found = time_series_breaks(cells, detail, YEARS, accepted)
        assert found["severity"].eq("info").all(), accepted
        assert found["message"].str.endswith(
            "accepted in inventory.toml (time_series_breaks)").all()
        raise_breaks(found)  # nothing to raise
    other_gas = time_series_breaks(cells, detail, YEARS, ["3.B.4.a CH4"])
    assert other_gas["severity"].eq("error").all()
    with pytest.raises(ConfigError, match="expected entries 'CATEGORY' or 'CATEGORY GAS'"):
        time_series_breaks(cells, detail, YEARS, ["3.B.4.a N2O extra"])


def test_series_in_every_year_or_zero_give_no_break() -> None:
    cells, detail = break_cells()
    steady = cells[cells["category"] == "3.A.1"]
    assert time_series_breaks(steady, detail, YEARS).empty
    # a zero value is not an estimate: no series, no break
    zero = cells.assign(co2e_t=np.where(cells["category"] == "3.B.4.a", 0.0, 10.0))
    assert time_series_breaks(zero, detail, YEARS).empty
