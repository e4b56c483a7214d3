"""One truth: every output takes a year's totals from ghg.engine.territorial, so they agree.

On the bundled Ben Tre inventory: the report's annual totals, the provincial territorial table,
the Monte Carlo central values, the key-category level table, the scenario's base year and its
progress table give the same territorial total for every historical year, and facilities are
counted once in the scope-2 memo as in the territorial totals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg import province, scenario
from ghg.engine.territorial import counted_once
from ghg.report.tables import annual_totals

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def provincial():
    return province.build(ROOT / "inventories" / "ben-tre")


@pytest.fixture(scope="module")
def run():
    return scenario.run(ROOT / "scenarios" / "ben-tre")


@pytest.fixture(scope="module")
def totals(provincial):
    return provincial.territorial.groupby("year")["co2e_t"].sum()


def test_report_and_territorial_table_agree(provincial, totals):
    assert annual_totals(provincial).to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)


def test_uncertainty_central_values_are_the_territorial_totals(provincial, totals):
    assert len(provincial.not_assessed) == 0  # every cell has a stated uncertainty
    central = provincial.monte_carlo.totals.set_index("year")["estimate_t"]
    assert central.to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)


def test_key_category_level_table_sums_to_the_latest_total(provincial, totals):
    level = provincial.key_tables["level"]
    assert level["latest_year_co2e_t"].sum() == pytest.approx(totals.iloc[-1], rel=1e-12)


def test_scenario_base_year_and_progress_are_the_inventory_totals(run, totals):
    base = run.spec.base_year
    bau = run.trajectories.query("scenario == 'BAU' and scope == 1")
    assert bau.loc[bau["year"] == base, "co2e_t"].sum() == pytest.approx(totals.loc[base],
                                                                          rel=1e-12)
    progress = run.progress.set_index("year")["actual_co2e_t"]
    assert progress.to_dict() == pytest.approx(totals.loc[progress.index].to_dict(), rel=1e-12)


def test_facilities_are_counted_once_in_the_scope2_memo(provincial):
    emissions = provincial.result.emissions
    every_source = emissions[emissions["scope"] == 2].groupby("year")["co2e_t"].sum()
    memo = provincial.scope2.groupby("year")["co2e_t"].sum()
    facilities = ~emissions["source_id"].astype(str).isin(["province"])
    facility_s2 = emissions[facilities & (emissions["scope"] == 2)].groupby("year")["co2e_t"].sum()
    # Ben Tre's facilities buy grid electricity inside the province's own 1.A figure (2020:
    # 2,316,274 t summed over every source = 2,288,308 t provincial + 27,966 t facilities)
    assert every_source.loc[2020] == pytest.approx(2_316_274, abs=1)
    assert memo.loc[2020] == pytest.approx(2_288_308, abs=1)
    assert facility_s2.loc[2020] == pytest.approx(27_966, abs=1)


def test_counted_once_keeps_uncovered_facilities_and_drops_covered_ones():
    rows = pd.DataFrame({
        "source_id": ["province", "province", "F1", "F2", "F3"], "year": 2020,
        "category": ["1.A.3", "4.A", "1.A.3.b", "1.A.2", "4"], "scope": 1, "gas": "CO2",
        "emissions_t": [100.0, 50.0, 10.0, 5.0, 1.0], "co2e_t": [100.0, 50.0, 10.0, 5.0, 1.0]})
    table, left_out = counted_once(rows, ["province"])
    # F1 sits inside the province's 1.A.3 (descendant), F3's 4 is an ancestor of the province's
    # 4.A: both covered; F2's 1.A.2 is reported by nobody else and counts.
    assert table["co2e_t"].sum() == 155.0
    assert sorted(left_out["source_id"]) == ["F1", "F3"]
    assert np.isclose(table.set_index("category").loc["1.A.2", "co2e_t"], 5.0)


def test_the_first_line_of_ghg_compute_is_the_reports_latest_total(provincial, totals, tmp_path,
                                                                    capsys):
    from ghg.cli import main

    assert main(["compute", str(ROOT / "inventories" / "ben-tre"), "-o", str(tmp_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    latest = int(totals.index[-1])
    memo = provincial.scope2.groupby("year")["co2e_t"].sum().loc[latest]
    assert first == (f"{latest}: {totals.iloc[-1]:,.1f} t CO2e net territorial emissions (scope 1, "
                     f"facilities counted once; GWP AR5); memo: purchased electricity (scope 2) "
                     f"{memo:,.1f} t CO2e")


# --- invariants across outputs (issue 14): the same year's total wherever it is shown ---------

@pytest.fixture(scope="module")
def report_files(provincial, tmp_path_factory):
    from ghg.report.write import write_report

    out = tmp_path_factory.mktemp("report")
    write_report(provincial, out, lang="en")
    return out


def test_report_xlsx_first_sheet_total_row_is_the_territorial_total(report_files, provincial,
                                                                      totals):
    import openpyxl

    sheet = openpyxl.load_workbook(report_files / "report.xlsx").worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    header = rows["Sector"]
    total = rows["Total (net emissions)"]
    shown = {int(y): v for y, v in zip(header[2:], total[2:], strict=True) if y}
    # the cell holds the full-precision float of annual_totals (only the number format rounds)
    assert shown == annual_totals(provincial).to_dict()
    assert shown == pytest.approx(totals.to_dict(), rel=1e-12)


def test_report_html_total_row_is_the_territorial_total(report_files, totals):
    import re

    from ghg.report.terms import number

    html = (report_files / "report.html").read_text(encoding="utf-8")
    row = re.search(r"<tr class=total>(.*?)</tr>", html).group(1)
    cells = re.findall(r"<td class=n>([^<]*)</td>", row)
    assert cells == [number(float(v), "en") for v in totals.to_numpy()]


def test_cube_is_every_record_once_and_territorial_is_the_cube_minus_covered_facilities(
        provincial, totals):
    # emissions.nc sums every source (scope 1 and 2 apart): a facility inside a provincial total
    # is in it too. Territorial = cube scope 1 - the facility rows counted_once left out.
    cube = provincial.result.cube["co2e_t"].sel(scope=1).sum(["category", "gas"])
    covered = provincial.excluded_facility_rows
    covered = covered[covered["scope"] == 1].groupby("year")["co2e_t"].sum()
    left = pd.Series(cube.to_numpy(), index=cube["year"].to_numpy()) - covered.reindex(
        totals.index, fill_value=0.0)
    assert left.to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)
    # and summed per scope the cube is the emissions table, record for record
    emissions = provincial.result.emissions
    assert float(provincial.result.cube["co2e_t"].sum()) == pytest.approx(
        float(emissions["co2e_t"].sum()), rel=1e-12)


def test_approach1_totals_are_the_territorial_totals(provincial, totals):
    a1 = provincial.approach1
    assert a1.base_total_t == pytest.approx(totals.loc[a1.base_year], rel=1e-12)
    assert a1.latest_total_t == pytest.approx(totals.loc[a1.latest_year], rel=1e-12)


def test_key_category_trend_table_and_its_exclusions_hold_the_base_and_latest_totals(
        provincial, totals):
    trend = provincial.key_tables["trend"]
    excluded = provincial.trend_excluded
    base, latest = int(totals.index[0]), int(totals.index[-1])
    # a series left out has no base-year estimate, so the base year is all in the trend table
    assert trend["base_year_co2e_t"].sum() == pytest.approx(totals.loc[base], rel=1e-12)
    assert (trend["latest_year_co2e_t"].sum() + excluded["latest_year_co2e_t"].sum()
            == pytest.approx(totals.loc[latest], rel=1e-12))
    assert not set(zip(trend["category"], trend["gas"], strict=True)) & set(
        zip(excluded["category"], excluded["gas"], strict=True))


def test_ben_tre_series_starting_after_2015_are_left_out_of_the_trend(provincial):
    # the invented facilities report from 2020 (1.A.2.e, 1.A.2.f, 1.A.2.l, 1.A.4.a); the one
    # aquaculture figure (2023) is left out since issue #19 (3.B.4.a N2O, notation key NE)
    excluded = provincial.trend_excluded
    assert sorted(set(excluded["category"])) == ["1.A.2.e", "1.A.2.f", "1.A.2.l", "1.A.4.a"]
    assert set(excluded.set_index(["category", "gas"])["first_year"]) == {2020}
    keys = provincial.key_categories.set_index(["category", "gas"])["criteria"]
    assert ("1.A.2.f", "CO2") not in keys.index  # key by trend only through the 2020 start


def test_ipcc_tree_root_is_the_total_and_children_sum_to_parents(provincial, totals):
    from ghg.province.tree import ALL_GASES, check_children_sum

    tree = provincial.tree
    check_children_sum(tree)  # raises on any parent that is not the sum of its children
    root = tree[(tree["category"] == "0") & (tree["gas"] == ALL_GASES)].set_index("year")
    assert root["co2e_t"].to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)


def test_every_input_row_is_computed_accounted_elsewhere_or_without_emissions(provincial):
    rows = provincial.result.provenance["rows"]
    # 305 rows (the aquaculture row pending, #19) + the 10 Ben Tre mangrove rows (2015-2024)
    # that declare CO2 not estimated
    assert rows["read"] == len(provincial.result.all_rows) == 315
    assert rows["without_emissions"] == 10
    assert rows["read"] == (rows["computed"] + rows["accounted_elsewhere"]
                            + rows["without_emissions"] + rows["rejected"])


def test_each_record_has_one_category_and_year_and_sums_to_the_emissions_table(provincial):
    from ghg.core.categories import is_category
    from ghg.core.schema import EMISSION_KEY
    from ghg.engine.quality import emission_records

    records = emission_records(provincial.result)
    assert records["category"].map(is_category).all()
    assert records["year"].between(2015, 2024).all()
    assert records["row"].between(0, len(provincial.result.all_rows) - 1).all()
    summed = records.groupby(list(EMISSION_KEY))["emissions_t"].sum()
    emissions = provincial.result.emissions.astype({"source_id": str, "category": str,
                                                    "gas": str})
    assert not emissions.duplicated(list(EMISSION_KEY)).any()
    table = emissions.set_index(list(EMISSION_KEY))["emissions_t"]
    assert summed.reindex(table.index).to_numpy() == pytest.approx(table.to_numpy(), rel=1e-12)
    assert len(summed) == len(table)


def test_data_quality_classes_add_up_to_each_years_total(provincial, totals):
    quality = provincial.quality
    by_year = quality.groupby("year")
    assert by_year["co2e_t"].sum().to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)
    assert by_year["share"].sum().to_numpy() == pytest.approx(1.0, rel=1e-12)


def test_ben_tre_data_quality_shares(provincial):
    # hand check, 2020: published = the dairy herd (2,400 head) and the goats (174,608 head)
    # of livestock.csv; illustrative = the six invented facilities' scope-1 rows that no
    # provincial source covers plus buffalo, swine, poultry and ducks
    share = provincial.quality.pivot(index="year", columns="data_quality", values="share")
    assert (share["unclassified"] == 0).all()
    assert (share.loc[2015:2019, "published"] == 0).all()
    # Issue #19 added fishing CH4/N2O (estimate, +4,414.05 t CO2e a year: 6,079.96 TJ × (7 kg
    # CH4 × 28 + 2 kg N2O × 265) / 1000), the N2O of the herds' manure on pasture (3.C.4,
    # 3.C.5, each herd in its own class) and composting wet N2O 0.3 (was 0.24): 2020 published
    # (dairy herd and goats, now with their pasture N2O) 33,068.8 t / 1,934,371 t = 0.0171
    assert share.loc[2020, "published"] == pytest.approx(0.0171, abs=5e-5)
    assert share.loc[2021, "published"] == pytest.approx(0.0476, abs=5e-5)
    assert share.loc[2015, "illustrative"] == pytest.approx(0.0720, abs=5e-5)


def test_report_shows_the_quality_shares_computed_once(report_files, provincial):
    import re

    import openpyxl

    from ghg.report.terms import number

    quality = provincial.quality.pivot(index="data_quality", columns="year", values="share")
    html = (report_files / "report.html").read_text(encoding="utf-8")
    estimate = re.search(r"<tr><td>estimate</td>(.*?)</tr>", html).group(1)
    assert re.findall(r"<td class=n>([^<]*) %</td>", estimate) == [
        number(v * 100, "en", 1) for v in quality.loc["estimate"].to_numpy()]
    sheet = openpyxl.load_workbook(report_files / "report.xlsx").worksheets[0]
    values = [r for r in sheet.iter_rows(values_only=True) if r[0] == "estimate"]
    assert list(values[0][1:11]) == quality.loc["estimate"].tolist()  # the shares, then tonnes
    first = [r[0] for r in sheet.iter_rows(values_only=True)][:3]
    assert first[0] == "Read first" and "Partly estimated inventory" in first[2]


def test_ben_tre_empty_categories_carry_a_notation_key_with_its_reason(provincial):
    # Issue #19: no category is empty without a key from notation_keys.csv and its reason.
    # 3.B (land) is left to the land-carbon work of the same issue, which computes part of it.
    table = provincial.notation
    empty = table[table["key"] != "estimated"]
    assert (empty["explanation"].str.len() > 0).all()
    default = empty[empty["basis"] == "default"]
    assert set(default["category"].str[:3]) <= {"3.B"}, default[["category", "gas"]]
    fishing = table[table["category"] == "1.A.4.c.iii"].set_index("gas")["key"]
    assert set(fishing) == {"estimated"}  # CO2, CH4 and N2O since issue #19
