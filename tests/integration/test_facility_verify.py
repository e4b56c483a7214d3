"""The facility report (Form 06) and the province's verification of it, on Ben Tre's BT-F05.

Acceptance of issue 18 points 1-2: the report of a bundled facility, read back by ``ghg verify``,
passes with no finding; a copy with (a) one activity line's arithmetic altered, (b) a source
removed, (c) a factor without a source, (d) a missing year gets exactly the matching finding.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ghg.cli import main
from ghg.core.i18n import use_language
from ghg.report.facility import facility_files
from ghg.report.facility_tables import facility_inventory
from ghg.review.submission import SHEETS, read_submission
from ghg.review.verify import verify

BEN_TRE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"
YEARS = (2023, 2024)


def _report(tmp: Path, inventory: Path = BEN_TRE, facility: str = "BT-F05",
            years: tuple[int, ...] = YEARS, lang: str = "en") -> Path:
    files = facility_files(facility_inventory(inventory, facility, years), lang)
    path = tmp / f"{facility}-{lang}.xlsx"
    path.write_bytes(files["facility_report.xlsx"])
    (tmp / f"{facility}-{lang}.html").write_bytes(files["facility_report.html"])
    return path


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return _report(tmp_path_factory.mktemp("report"))


def _checks(path: Path) -> list[tuple[str, str]]:
    findings = verify(path).findings
    return list(zip(findings["criterion"], findings["check"], strict=True))


def _sheet(book, key: str):
    return book.worksheets[list(SHEETS).index(key)]


def _edit(source: Path, target: Path, edit) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def _inventory_without(tmp: Path, line_start: str) -> Path:
    """A copy of Ben Tre without the energy rows starting with ``line_start``."""
    folder = tmp / "inventory"
    shutil.copytree(BEN_TRE, folder)
    energy = folder / "activity" / "energy.csv"
    lines = energy.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(line_start)]
    assert len(kept) < len(lines)
    energy.write_text("".join(kept), encoding="utf-8")
    return folder


# --- the report -------------------------------------------------------------------------------


def test_report_follows_form_06_and_shows_the_engines_numbers(clean):
    book = openpyxl.load_workbook(clean)
    assert book.sheetnames == list(SHEETS.values())
    headings = [row[0] for row in _sheet(book, "form").iter_rows(min_row=2, values_only=True)]
    assert headings == ["I", "I.1", "I.2", "I.3", "II", "II.1", "II.2", "II.3", "II.4", "III",
                        "III.1", "III.2", "III.3", "III.4", None]
    sub = read_submission(clean)
    lines = sub.tables["lines"]
    co2 = lines.loc[(lines["line_id"] == "L1") & (lines["gas"] == "CO2")].iloc[0]
    # by hand: 1,488,200 l diesel x 0.837 kg/l = 1,245.6234 t; x 43 TJ/Gg = 53.5618062 TJ;
    # x 74,100 kg CO2/TJ = 3,968.92983942 t CO2
    assert co2["energy_tj"] == pytest.approx(53.5618062, rel=1e-12)
    assert co2["emissions_t"] == pytest.approx(3968.92983942, rel=1e-12)
    totals = sub.tables["totals"]
    co2_2024 = totals.loc[(totals["year"] == 2024) & (totals["gas"] == "CO2"), "emissions_t"]
    # diesel 1,503,200 l and gasoline 95,000 l (0.741 kg/l, 44.3 TJ/Gg, 69,300 kg/TJ)
    by_hand = 1503.2 * 0.837 * 43 * 74.1 / 1000 + 95.0 * 0.741 * 44.3 * 69.3 / 1000
    assert float(co2_2024.iloc[0]) == pytest.approx(by_hand, rel=1e-12)
    assert sub.facility["facility_id"] == "BT-F05" and sub.years == YEARS


def test_report_totals_are_the_engines_emissions_table(clean):
    inv = facility_inventory(BEN_TRE, "BT-F05", YEARS)
    table = inv.result.emissions
    engine = table.loc[table["year"].isin(YEARS)].groupby("year")["co2e_t"].sum()
    totals = read_submission(clean).tables["totals"]
    reported = totals.groupby("year")["co2e_t"].sum()
    assert reported.to_dict() == pytest.approx(engine.to_dict(), rel=1e-15)


def test_report_is_byte_identical_and_vietnamese(tmp_path, clean):
    again = _report(tmp_path)
    assert again.read_bytes() == clean.read_bytes()
    vi = _report(tmp_path, lang="vi")
    book = openpyxl.load_workbook(vi)
    with use_language("vi"):
        assert _sheet(book, "activity").title == "III.2 Số liệu hoạt động"
    html = (tmp_path / "BT-F05-vi.html").read_text(encoding="utf-8")
    assert "Ranh giới và phạm vi hoạt động của cơ sở" in html
    assert "Kết quả kiểm kê khí nhà kính cho năm 2023 và 2024" in html


# --- the verification: acceptance ---------------------------------------------------------


def test_clean_report_passes_with_no_finding(clean, tmp_path):
    result = verify(clean)
    assert result.findings.empty and result.decision == "pass"
    # the Vietnamese workbook reads back the same way
    assert verify(_report(tmp_path, lang="vi")).findings.empty


def test_summary_numbers_in_the_languages_marks(clean):
    from ghg.review.verify_output import summary

    result = verify(clean)
    with use_language("vi"):
        vi = dict(summary(result).itertuples(index=False))
    en = dict(summary(result).itertuples(index=False))
    # verify.py: 0.1 % or 0.001 t, a change above 10 % needs an explanation
    assert en["Arithmetic tolerance"] == "the larger of 0.1% and 0.001 t"
    assert vi["Sai số cho phép khi tính lại"] == "giá trị lớn hơn giữa 0,1% và 0,001 tấn"
    assert vi["Mức thay đổi giữa hai năm cần giải thích"] == "> 10%"


def test_a_altered_arithmetic_is_one_accuracy_finding(clean, tmp_path):
    def alter(book):
        sheet = _sheet(book, "activity")
        assert sheet["A2"].value == "L1" and sheet["E2"].value == 1488200
        sheet["E2"] = 1500000.0  # the line's emissions stay those of 1,488,200 l

    assert _checks(_edit(clean, tmp_path / "a.xlsx", alter)) == [("accuracy", "line")]


def test_b_source_removed_is_one_completeness_finding(tmp_path):
    inventory = _inventory_without(tmp_path, "BT-F05,2024,1.A.3.b,motor_gasoline")
    path = _report(tmp_path, inventory)
    result = verify(path)
    assert list(result.findings["check"]) == ["source_year"]
    assert "motor_gasoline" in result.findings["finding"].iloc[0]
    assert result.decision == "fail"


def test_c_factor_without_source_is_one_finding(clean, tmp_path):
    def blank(book):
        sheet = _sheet(book, "factors")
        assert sheet["A4"].value == "F3" and sheet["L4"].value.startswith("ipcc2006/road.csv")
        sheet["L4"] = None

    assert _checks(_edit(clean, tmp_path / "c.xlsx", blank)) == [
        ("sources_methods", "factor_source")]


def test_d_missing_year_is_one_completeness_finding(clean, tmp_path):
    def drop_2023(book):
        for key in ("activity", "lines", "totals"):
            sheet = _sheet(book, key)
            year = 2 if key != "totals" else 1
            for row in range(sheet.max_row, 1, -1):
                if sheet.cell(row=row, column=year).value == 2023:
                    sheet.delete_rows(row)

    result = verify(_edit(clean, tmp_path / "d.xlsx", drop_2023))
    assert list(zip(result.findings["criterion"], result.findings["check"], strict=True)) == [
        ("completeness", "years")]
    assert "2023" in result.findings["finding"].iloc[0]


# --- the verification: other checks -------------------------------------------------------


def test_expected_source_missing_is_a_remark(tmp_path):
    inventory = _inventory_without(tmp_path, "BT-F01,2023,1.A.2.e,grid_electricity")
    energy = inventory / "activity" / "energy.csv"
    text = energy.read_text(encoding="utf-8").splitlines(keepends=True)
    energy.write_text("".join(t for t in text if not t.startswith(
        "BT-F01,2024,1.A.2.e,grid_electricity")), encoding="utf-8")
    result = verify(_report(tmp_path, inventory, "BT-F01"))
    assert list(result.findings["check"]) == ["expected_source"]
    assert result.decision == "pass_with_remarks"


def test_a_changed_ipcc_factor_is_not_traced(clean, tmp_path):
    def change(book):
        sheet = _sheet(book, "factors")
        assert sheet["A4"].value == "F3" and sheet["G4"].value == 74100
        sheet["G4"] = 72000.0

    checks = _checks(_edit(clean, tmp_path / "f.xlsx", change))
    assert sorted(checks) == [("accuracy", "line"), ("sources_methods", "factor_traced")]


def test_a_factor_in_a_unit_of_another_quantity(clean, tmp_path):
    def unit(book):
        sheet = _sheet(book, "factors")
        assert sheet["A4"].value == "F3" and sheet["H4"].value == "kg CO2/TJ"
        sheet["H4"] = "kg CO2/m^3"  # not per energy: the factor is left out of the recomputation

    result = verify(_edit(clean, tmp_path / "u.xlsx", unit))
    # the line then takes the official factor (the same value): no arithmetic finding
    assert list(result.findings["check"]) == ["unit", "factor_missing"]
    assert "kg CO2/TJ" in result.findings["finding"].iloc[0]


def test_unexplained_change_above_threshold(clean):
    result = verify(clean, change_pct=1.0)  # BT-F05 grows 1.16 % from 2023 to 2024
    assert list(result.findings["check"]) == ["change"]
    assert "+1.2%" in result.findings["finding"].iloc[0]


def test_cli_exit_codes(clean, tmp_path, capsys):
    assert main(["verify", str(clean), "-o", str(tmp_path / "ok"), "--lang", "en"]) == 0
    assert (tmp_path / "ok" / "verify.xlsx").is_file()
    findings = pd.read_csv(tmp_path / "ok" / "verify.csv")
    assert findings.empty

    def alter(book):
        _sheet(book, "activity")["E2"] = 1500000.0

    bad = _edit(clean, tmp_path / "a.xlsx", alter)
    assert main(["verify", str(bad), "-o", str(tmp_path / "fail"), "--lang", "en"]) == 4
    assert "fail (1 errors, 0 warnings)" in capsys.readouterr().out


def test_cli_bad_input_exit_2_nothing_written(clean, tmp_path, capsys):
    def text_amount(book):
        _sheet(book, "activity")["E3"] = "many"

    bad = _edit(clean, tmp_path / "bad.xlsx", text_amount)
    assert main(["verify", str(bad), "-o", str(tmp_path / "out"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "[activity]:3: amount: 'many' is not a number" in err
    assert not (tmp_path / "out").exists()
    assert main(["facility-report", str(BEN_TRE), "--facility", "BT-F99", "--years",
                 "2023,2024", "-o", str(tmp_path / "r"), "--lang", "en"]) == 2
    assert "BT-F99: not in facilities.csv" in capsys.readouterr().err
    assert main(["facility-report", str(BEN_TRE), "--facility", "BT-F07", "--years",
                 "2023,2024", "-o", str(tmp_path / "r"), "--lang", "en"]) == 2
    assert not (tmp_path / "r").exists()
