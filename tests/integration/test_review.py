"""The biennial facility-list review: a worked facility set, boundaries, and bad registers.

Expected values are worked by hand from the factors (2006 IPCC Guidelines Vol 2, Viet Nam grid
factors 2022 0.6766 and 2023 0.6592 t/MWh, AR5), the MoIT TOE table (letter 3505/BCT-KHCN) and the
Decree 06/2022 Art. 6 thresholds (3,000 t CO2e; 1,000 TOE; 65,000 t/yr).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.cli import main
from ghg.inputs.register import FACILITY_TYPES
from ghg.review.criteria import load_criteria, review_data
from ghg.review.facility_list import _evaluate, deadlines, review

CASE = Path(__file__).resolve().parents[1] / "review_case"
EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["review", str(CASE), "--year", "2024", "-o", str(out)]) == 0
    table = pd.read_csv(out / "review.csv")
    return table.fillna({"criteria": ""}), out


def test_worked_facility_set_decisions(worked):
    table, _ = worked
    expected = [
        # F1 industrial, not listed: 2022 diesel 1,000 t in 1.A.2 = 3,196.749 t CO2e >= 3,000
        #    and 1,000 t x 1.02 TOE/t = 1,020 TOE >= 1,000 -> add
        ("F1", "yes", "emissions;energy", "add", "no"),
        # F2 commercial, listed: 6,500 MWh x 0.6766 = 4,397.9 t (scope 2 counts) and
        #    6,500,000 kWh x 0.0001543 = 1,002.95 TOE -> keep
        ("F2", "yes", "emissions;energy", "keep", "no"),
        # F3 industrial, listed: LPG 100 t = 298.72 t CO2e, 109 TOE in both years -> remove
        ("F3", "no", "", "remove", "no"),
        # F4 other, not listed: diesel 50 t = 159.84 t CO2e -> none
        ("F4", "no", "", "none", "no"),
        # F5 listed, no activity data at all -> unknown, never removed -> review
        ("F5", "unknown", "", "review", "no"),
        # F6 not listed, 2022 below (1,598.37 t; 510 TOE), 2023 missing -> unknown -> review
        ("F6", "unknown", "", "review", "no"),
        # F7 freight: 2023 road diesel 1,000 t = 3,235.4361 t CO2e and 1,020 TOE -> add
        ("F7", "yes", "emissions;energy", "add", "no"),
        # F8 other: 2023 LPG 920 t = 1,002.8 TOE, but the energy rule does not apply to 'other';
        #    2,748.23 t CO2e is within 10% below 3,000 -> none, on the watch list
        ("F8", "no", "", "none", "yes"),
        # F9 waste treatment, capacity exactly 65,000 t/yr, no activity rows -> add
        ("F9", "yes", "waste_capacity", "add", "no"),
    ]
    got = list(table[["facility_id", "must_be_listed", "criteria", "change", "watch"]]
               .itertuples(index=False, name=None))
    assert got == expected


def test_worked_facility_set_evidence(worked):
    table, _ = worked
    row = table.set_index("facility_id")
    # F1 2023: 900 t diesel = 0.9 Gg x 43.0 = 38.7 TJ; CO2 38.7 x 74.1 = 2,867.67 t;
    # CH4 38.7 x 3 kg = 0.1161 t x 28 = 3.2508; N2O 38.7 x 0.6 kg = 0.02322 t x 265 = 6.1533
    assert row.loc["F1", "emissions_scope1_t_co2e_2023"] == pytest.approx(2877.0741)
    assert row.loc["F1", "energy_toe_2023"] == pytest.approx(918.0)  # 900 t x 1.02
    assert row.loc["F2", "emissions_scope2_t_co2e_2023"] == pytest.approx(4284.8)  # x 0.6592
    assert row.loc["F2", "emissions_scope1_t_co2e_2022"] == 0.0  # reported, no direct emission
    # LPG 920 t = 0.92 Gg x 47.3 = 43.516 TJ: CO2 2,745.8596 + CH4 0.043516 x 28 + N2O
    # 0.0043516 x 265 = 2,748.2314 t CO2e; 920 x 1.09 = 1,002.8 TOE
    assert row.loc["F8", "emissions_scope1_t_co2e_2023"] == pytest.approx(2748.231388)
    assert row.loc["F8", "energy_toe_2023"] == pytest.approx(1002.8)
    assert row.loc["F1", "margin_emissions"] == pytest.approx(196.749)
    assert row.loc["F9", "margin_waste_capacity"] == 0.0
    assert np.isnan(row.loc["F5", "emissions_scope1_t_co2e_2022"])  # no data is not zero


def test_submission_workbook_has_the_officer_layout(worked):
    _, out = worked
    sheets = pd.read_excel(out / "review.xlsx", sheet_name=None)
    assert list(sheets) == ["Bổ sung", "Loại bỏ", "Cần xem xét", "Danh sách đầy đủ", "Tổng hợp",
                            "Ghi chú"]
    additions = sheets["Bổ sung"]
    assert additions["Mã cơ sở"].tolist() == ["F1", "F7", "F9"]
    assert set(additions["Đề xuất"]) == {"Bổ sung"}
    assert sheets["Loại bỏ"]["Mã cơ sở"].tolist() == ["F3"]
    assert "Phát thải trực tiếp 2022 (tấn CO2tđ)" in sheets["Danh sách đầy đủ"].columns
    summary = sheets["Tổng hợp"]
    assert summary["Tổng"].sum() == 9


def test_submission_workbook_speaks_the_officers_language_with_number_formats(worked):
    from openpyxl import load_workbook

    _, out = worked
    sheet = load_workbook(out / "review.xlsx")["Danh sách đầy đủ"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    # criteria met in words, not codes; thresholds and articles from the criteria table
    # (Decree 06/2022 Art. 6(1): 3,000 t CO2e; Art. 6(1)(a): 1,000 TOE)
    assert rows["F1"][header.index("Tiêu chí đáp ứng")].value == \
        "phát thải khí nhà kính; tiêu thụ năng lượng"
    assert "Chênh lệch so với ngưỡng phát thải khí nhà kính 3.000 tấn CO2tđ/năm (Điều 6(1))" \
        in header
    assert "Chênh lệch so với ngưỡng tiêu thụ năng lượng 1.000 TOE/năm (Điều 6(1)(a))" in header
    assert "Bộ quản lý lĩnh vực" in header
    emissions = rows["F1"][header.index("Phát thải trực tiếp 2022 (tấn CO2tđ)")]
    assert emissions.number_format == "#,##0.0"
    assert sheet.freeze_panes == "B2"


def test_review_csv_is_byte_identical_on_rerun(worked, tmp_path):
    _, out = worked
    assert main(["review", str(CASE), "--year", "2024", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "review.csv").read_bytes() == (out / "review.csv").read_bytes()


def test_previous_review_shows_status_changes(worked, tmp_path):
    table, out = worked
    previous = table.copy()
    previous.loc[previous["facility_id"] == "F3", "must_be_listed"] = "yes"
    previous.to_csv(tmp_path / "before.csv", index=False)
    assert main(["review", str(CASE), "--year", "2024", "-o", str(tmp_path / "after"),
                 "--previous", str(tmp_path / "before.csv")]) == 0
    after = pd.read_csv(tmp_path / "after" / "review.csv", keep_default_na=False)
    assert after.loc[after["status_changed"] == "yes", "facility_id"].tolist() == ["F3"]


# ---------------------------------------------------------------------------- boundaries

def evaluate(facility_type: str, emissions: list[float], toe: list[float],
             capacity: float = np.nan, rules: pd.DataFrame | None = None) -> tuple[str, str]:
    """Decision for one facility with direct emissions and TOE in 2023 and 2024."""
    rules = load_criteria() if rules is None else rules
    rules = rules[rules["enabled"]].assign(facility_type_list=lambda r: r["facility_types"]
                                           .str.split(";"))
    register = pd.DataFrame({"facility_id": ["X"], "name": ["x"], "facility_type": [facility_type],
                             "on_current_list": [False], "district": [""],
                             "waste_capacity_t_per_yr": [capacity]})
    evidence = pd.DataFrame({
        "emissions_scope1_t_co2e_2023": [emissions[0]], "emissions_scope1_t_co2e_2024":
        [emissions[1]], "emissions_scope2_t_co2e_2023": [0.0],
        "emissions_scope2_t_co2e_2024": [0.0], "energy_toe_2023": [toe[0]],
        "energy_toe_2024": [toe[1]]})
    row = _evaluate(register, rules, (2023, 2024), evidence).iloc[0]
    return row["must_be_listed"], row["criteria"]


def test_emissions_threshold_is_inclusive():
    assert evaluate("industrial", [3000.0, 0.0], [0.0, 0.0]) == ("yes", "emissions")
    assert evaluate("industrial", [2999.9, 0.0], [0.0, 0.0]) == ("no", "")


def test_energy_threshold_is_inclusive():
    assert evaluate("industrial", [0.0, 0.0], [1000.0, 0.0]) == ("yes", "energy")
    assert evaluate("industrial", [0.0, 0.0], [999.99, 0.0]) == ("no", "")


def test_crossing_in_one_year_follows_the_period_rule():
    # Default rule any_year: crossing in either year of the period lists the facility.
    assert evaluate("industrial", [3100.0, 2000.0], [0.0, 0.0]) == ("yes", "emissions")
    rules = load_criteria().copy()
    rules["period_rule"] = "latest_year"
    assert evaluate("industrial", [3100.0, 2000.0], [0.0, 0.0], rules=rules) == ("no", "")
    rules["period_rule"] = "mean"  # (3,100 + 2,900) / 2 = 3,000
    assert evaluate("industrial", [3100.0, 2900.0], [0.0, 0.0], rules=rules) == ("yes",
                                                                                  "emissions")


def test_energy_rule_does_not_list_a_type_it_does_not_cover():
    assert evaluate("other", [100.0, 100.0], [1500.0, 1500.0]) == ("no", "")
    assert evaluate("freight_transport", [100.0, 100.0], [1500.0, 1500.0]) == ("yes", "energy")


def test_waste_capacity_threshold_is_inclusive():
    assert evaluate("solid_waste_treatment", [0.0, 0.0], [0.0, 0.0], 65000.0) == (
        "yes", "waste_capacity")
    assert evaluate("solid_waste_treatment", [0.0, 0.0], [0.0, 0.0], 64999.9) == ("no", "")
    assert evaluate("solid_waste_treatment", [0.0, 0.0], [0.0, 0.0]) == ("unknown", "")


def criteria_with_rule(path: Path, **changes: str) -> Path:
    """The Decree 06 criteria plus a copy of its emissions rule with ``changes``, as a file."""
    criteria = pd.read_csv(review_data() / "criteria_decree06_2022.csv", dtype=str,
                           keep_default_na=False)
    extra = criteria[criteria["rule_id"] == "emissions"].assign(**changes)
    pd.concat([criteria, extra]).to_csv(path, index=False)
    return path


def test_a_disabled_draft_rule_has_no_effect_until_enabled(tmp_path):
    path = criteria_with_rule(tmp_path / "criteria.csv", rule_id="emissions_draft",
                              threshold="250", enabled="false")
    before = review(CASE, 2024, criteria=path).table.set_index("facility_id")
    assert before.loc["F3", "change"] == "remove"  # 298.7 t: below 3,000, draft off
    after = review(CASE, 2024, criteria=path, enable=("emissions_draft",)).table
    after = after.set_index("facility_id")
    assert after.loc["F3", "change"] == "keep"  # 298.7 t >= 250 once the draft is on
    assert after.loc["F3", "criteria"] == "emissions"


def test_only_rules_in_force_on_the_review_date_apply(tmp_path):
    path = criteria_with_rule(tmp_path / "criteria.csv", rule_id="emissions_2030",
                              threshold="250", valid_from="2030-01-01")
    assert review(CASE, 2024, criteria=path).table.set_index("facility_id").loc[
        "F3", "change"] == "remove"  # the 250 t rule is not yet in force in 2024
    in_force = criteria_with_rule(tmp_path / "criteria_in_force.csv", rule_id="emissions_2024",
                                  threshold="250", valid_from="2024-01-01")
    assert review(CASE, 2024, criteria=in_force).table.set_index("facility_id").loc[
        "F3", "change"] == "keep"  # 298.7 t >= 250 once the rule is in force


def test_livestock_draft_rules_are_disabled_by_default():
    rules = load_criteria()
    drafts = rules[rules["rule_id"].str.startswith("livestock")]
    assert len(drafts) == 2 and not drafts["enabled"].any()


def test_deadlines():
    assert deadlines(2025) == ["facility activity data for 2024: by 31 March 2025",
                               "list review (every 2 years from 2023): submit by 30 June 2025"]
    assert deadlines(2026)[1].endswith("30 June 2027")


def test_the_bundled_inventory_runs_the_readme_review(tmp_path):
    assert main(["review", str(EXAMPLE), "--year", "2025", "--grid-ef-fallback", "latest",
                 "-o", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "review.csv", keep_default_na=False).set_index("facility_id")
    assert table.loc["BT-F08", "change"] == "review"  # listed, no data: never removed
    assert table.loc["BT-F07", "criteria"] == "waste_capacity"


# ------------------------------------------------------------------------ bad registers

def case_copy(tmp_path: Path, register: str | None = None, extra_activity: str = "") -> Path:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    if register is not None:
        (folder / "facilities.csv").write_text(register)
    if extra_activity:
        with (folder / "activity" / "energy.csv").open("a") as stream:
            stream.write(extra_activity)
    return folder


HEADER = "facility_id,name,facility_type,on_current_list,waste_capacity_t_per_yr\n"


@pytest.mark.parametrize(("rows", "message"), [
    ("F1,a,factory,no,\n",
     "facilities.csv:2: facility_type: 'factory' is not a facility type; expected one of "
     + ", ".join(FACILITY_TYPES)),
    ("F1,a,industrial,no,\nF1,b,industrial,no,\n",
     "facilities.csv:3: facility_id: 'F1' duplicates line 2; expected each facility once"),
    ("F1,a,industrial,maybe,\n",
     "facilities.csv:2: on_current_list: 'maybe' is not yes or no; expected yes (on the current "
     "list) or no"),
    ("F1,a,solid_waste_treatment,no,-5\n",
     "facilities.csv:2: waste_capacity_t_per_yr: '-5' is negative; expected a capacity >= 0 "
     "t/yr"),
])
def test_bad_register_rows(tmp_path, capsys, rows, message):
    folder = case_copy(tmp_path, HEADER + rows)
    assert main(["review", str(folder), "--year", "2024", "-o", str(tmp_path / "out"), "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines() == [message]
    assert not (tmp_path / "out").exists()


def test_activity_of_an_unregistered_source_is_listed_not_dropped(tmp_path, capsys):
    folder = case_copy(tmp_path, extra_activity="F99,2023,1.A.2,diesel,10,t\n"
                                                "F98,2022,1.A.2,lpg,5,t\n")
    assert main(["review", str(folder), "--year", "2024", "-o", str(tmp_path / "out"), "--lang", "en"]) == 2
    hint = ("is not in facilities.csv; expected a registered facility_id (or list aggregate "
            "sources in inventory.toml aggregate_sources)")
    assert capsys.readouterr().err.splitlines() == [
        f"activity/energy.csv:15: source_id: 'F99' {hint}",
        f"activity/energy.csv:16: source_id: 'F98' {hint}"]


def test_a_landfill_facility_is_judged_on_its_whole_deposit_history(tmp_path):
    """The review period is two years, but a landfill emits from every earlier deposit: the
    evidence must be the first-order decay over the whole history, as ghg compute gives it."""
    import ghg

    folder = tmp_path / "inv"
    (folder / "activity").mkdir(parents=True)
    (folder / "inventory.toml").write_text(
        'name = "landfill"\nclimate_zone = "tropical_wet"\nipcc_region = "south_east_asia"\n'
        'factors = ["ipcc2019", "ipcc2006"]\n[waste_history]\nrule = "site_opened"\n',
        encoding="utf-8")
    years = range(2000, 2025)
    rows = "".join(f"L1,{y},4.A.1,food_waste,{20000 + 500 * (y - 2000)},t,managed_anaerobic\n"
                   for y in years)
    (folder / "activity" / "waste.csv").write_text(
        "source_id,year,category,activity,amount,unit,site_type\n" + rows, encoding="utf-8")
    (folder / "facilities.csv").write_text(
        "facility_id,name,facility_type,on_current_list,waste_capacity_t_per_yr\n"
        "L1,Landfill,solid_waste_treatment,no,\n", encoding="utf-8")
    computed = ghg.compute(folder).emissions
    table = review(folder, 2025).table.set_index("facility_id")
    for year in (2023, 2024):
        expected = computed.loc[computed["year"] == year, "co2e_t"].sum()
        assert expected > 3000.0  # decades of deposits: well above the threshold
        assert table.loc["L1", f"emissions_scope1_t_co2e_{year}"] == pytest.approx(expected)
    assert table.loc["L1", "must_be_listed"] == "yes"


def test_reviews_judge_each_emissions_table_as_review_does_alone():
    """Recompute's old and new run in one read and one computation of the period: each table
    gets the decisions review() gives it alone, the computed one as well as a given one."""
    from ghg.engine.pipeline import compute_inputs
    from ghg.inputs.folder import read_inputs
    from ghg.review.facility_list import reviews

    inputs = read_inputs(CASE)
    whole = compute_inputs(inputs)
    emissions = whole.emissions
    # F1's 2022 emissions scaled to 0.9: 3,196.749 x 0.9 = 2,877.0741 t CO2e < 3,000; its
    # 1,020 TOE still list it, on energy alone (emissions;energy when computed)
    lower = emissions.assign(co2e_t=np.where(emissions["source_id"] == "F1",
                                             emissions["co2e_t"] * 0.9, emissions["co2e_t"]))
    computed, given = reviews(CASE, 2024, [None, lower], inputs=inputs)
    pd.testing.assert_frame_equal(computed.table, review(CASE, 2024).table)
    pd.testing.assert_frame_equal(given.table, review(CASE, 2024, emissions=lower).table)
    row = given.table.set_index("facility_id").loc["F1"]
    assert (row["must_be_listed"], row["criteria"]) == ("yes", "energy")
    assert computed.table.set_index("facility_id").loc["F1", "criteria"] == "emissions;energy"
    assert row["emissions_scope1_t_co2e_2022"] == pytest.approx(2877.0741)
    # the same from the whole folder's computation, nothing computed again (TOE notes too)
    for year in (2024, 2025):
        alone = [review(CASE, year), review(CASE, year, emissions=lower)]
        shared = reviews(CASE, year, [None, lower], inputs=inputs, computed=whole)
        for one, other in zip(alone, shared, strict=True):
            pd.testing.assert_frame_equal(one.table, other.table)
            assert one.notes == other.notes


@pytest.mark.parametrize("toe_fallback", ["none", "ncv"])
def test_reviews_from_the_whole_computation_of_ben_tre(toe_fallback):
    """Ben Tre's facilities burn anthracite (several MoIT grades) and wood (no MoIT factor):
    the evidence and both notes are the same from the whole inventory's computation."""
    from ghg.engine.pipeline import compute_inputs
    from ghg.inputs.folder import read_inputs
    from ghg.review.facility_list import reviews

    inputs = read_inputs(EXAMPLE)
    alone = review(EXAMPLE, 2025, toe_fallback=toe_fallback)
    shared, = reviews(EXAMPLE, 2025, [None], toe_fallback=toe_fallback, inputs=inputs,
                      computed=compute_inputs(inputs))
    pd.testing.assert_frame_equal(alone.table, shared.table)
    assert alone.notes == shared.notes and len(shared.notes) == 2
    assert "anthracite" in shared.notes[0] and "wood" in shared.notes[1]
