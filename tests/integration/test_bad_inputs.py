"""Every bad-input case gives its exact message, exit status 2, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghg.cli import main

CORPUS = Path(__file__).parent.parent / "bad_inputs"
UNITS = "expected a mass (t, kt, Gg), a volume (l, m3) or a heat energy (TJ, GJ, toe)"
NUMBER = "expected a decimal point and no thousands separator, e.g. 1234.5"
DECLARE = ('declare the number format (number_format = "vi" or "en" in inventory.toml, or '
           "--number-format) or write it with a decimal point and no thousands separator")

EXPECTED = {
    "missing_column.csv": [
        "missing_column.csv:1: header: column 'unit' is missing; expected columns source_id, "
        "year, category, activity, amount, unit (optional: region)"],
    "unknown_category.csv": [
        "unknown_category.csv:3: category: '1.A.9' is not an IPCC 2006 category; expected a code "
        "such as 1.A.5, 1.A.4, 1.A.3"],
    "unknown_activity.csv": [
        "unknown_activity.csv:2: activity: 'disel' is not a known activity key; did you mean "
        "'diesel' (Gas/Diesel Oil / Dầu diesel (DO))?"],
    "unit_unparsable.csv": [
        "unit_unparsable.csv:2: unit: 'tan' is not a unit ghg can parse; did you mean tấn (t)? "
        "expected a unit such as t, kt, Gg, TJ, GJ, toe, MWh, kWh, l, m3, ha, head, person (or "
        "tấn, lít, m³, nghìn m3, TOE, con, người)"],
    "unit_electric_for_fuel.csv": [
        f"unit_electric_for_fuel.csv:2: unit: 'MWh' does not fit activity 'diesel' (fuel); {UNITS}"],
    "unit_head_for_fuel.csv": [
        f"unit_head_for_fuel.csv:2: unit: 'head' does not fit activity 'lpg' (fuel); {UNITS}"],
    "amount_negative.csv": [
        "amount_negative.csv:3: amount: '-3' is negative; amounts must be >= 0 (removals use their "
        "own categories)"],
    "amount_empty.csv": [
        "amount_empty.csv:2: amount: '' is empty; expected a number >= 0, e.g. 1234.5"],
    "amount_nan.csv": [
        "amount_nan.csv:2: amount: 'NaN' is NaN, not a number; expected a number >= 0 (leave out "
        "quantities that are not estimated)"],
    "amount_not_numeric.csv": [
        f"amount_not_numeric.csv:2: amount: 'ten' is not a number; {NUMBER}"],
    "amount_vietnamese_thousands.csv": [
        "amount_vietnamese_thousands.csv:2: amount: '1.234,5' uses '.' for thousands and ',' for "
        f"decimals (Vietnamese style: 1234.5); {DECLARE}"],
    "amount_vietnamese_decimal.csv": [
        "amount_vietnamese_decimal.csv:2: amount: '95,5' uses a comma as the decimal separator "
        f"(Vietnamese style: 95.5); {DECLARE}"],
    "year_not_integer.csv": [
        "year_not_integer.csv:2: year: '2020.5' is not an integer year; expected a year such as "
        "2022",
        "year_not_integer.csv:3: year: 'twenty' is not an integer year; expected a year such as "
        "2022"],
    "year_out_of_range.csv": [
        "year_out_of_range.csv:2: year: '1985' is outside the factor library's range; expected a "
        "year from 1990 to 2050",
        "year_out_of_range.csv:3: year: '2051' is outside the factor library's range; expected a "
        "year from 1990 to 2050"],
    "empty.csv": [
        "empty.csv: file is empty; expected a header line source_id,year,category,activity,"
        "amount,unit and one row per quantity"],
    "header_only.csv": [
        "header_only.csv:1: file has a header but no data rows; expected at least one row of "
        "activity data"],
    "duplicate_rows.csv": [
        "duplicate_rows.csv:4: row: duplicates line 2 (same source_id, year, category, activity "
        "and unit); expected one row per quantity, or run with --sum-duplicates to add them up"],
    "not_utf8.csv": [
        "not_utf8.csv:4: byte 0xf2 is not UTF-8; the file looks like CP1258 (Windows code page); "
        "expected a UTF-8 file: in Excel save as 'CSV UTF-8 (Comma delimited)', or convert it, "
        "e.g. iconv -f CP1258 -t UTF-8"],
    "livestock_without_metadata.csv": [
        "livestock_without_metadata.csv:3: climate_zone: '' is not set; set climate_zone in "
        "inventory.toml or add a column climate_zone (one of tropical_wet, tropical_moist, "
        "tropical_dry, tropical_montane, warm_temperate_moist, warm_temperate_dry, "
        "cool_temperate_moist, cool_temperate_dry, boreal_moist, boreal_dry, polar_moist, "
        "polar_dry)",
        "livestock_without_metadata.csv:3: ipcc_region: '' is not set; set ipcc_region in "
        "inventory.toml or add a column ipcc_region (one of asia, south_east_asia, east_asia, "
        "south_asia, indian_subcontinent, north_america, western_europe, eastern_europe, "
        "oceania, latin_america, africa, middle_east)"],
    "several_problems.csv": [
        "several_problems.csv:3: category: '1.a.2' is not an IPCC 2006 category; expected a code "
        "such as 1.A.2, 1.A.2.m, 1.A.2.l",
        "several_problems.csv:4: amount: '-1' is negative; amounts must be >= 0 (removals use "
        "their own categories)",
        "several_problems.csv:5: activity: 'gasoline' is not a known activity key; did you mean "
        "'motor_gasoline' (Motor Gasoline / Xăng động cơ) or 'swine' (Swine / Lợn)?",
        "several_problems.csv:5: year: '1980' is outside the factor library's range; expected a "
        "year from 1990 to 2050"],
}


def test_corpus_and_expectations_match():
    assert sorted(p.name for p in CORPUS.glob("*.csv")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(CORPUS)
    out = tmp_path / "out"
    status = main(["compute", name, "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.splitlines() == EXPECTED[name]
    assert not out.exists()


def test_duplicates_can_be_summed_and_are_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS)
    assert main(["compute", "duplicate_rows.csv", "-o", str(tmp_path), "--sum-duplicates"]) == 0
    import json

    provenance = json.loads((tmp_path / "provenance.json").read_text())
    assert provenance["options"]["sum_duplicates"] is True
    assert provenance["rows"]["duplicates_summed"] == 1
    emissions = (tmp_path / "emissions.csv").read_text().splitlines()
    # diesel 10 t + 5 t = 15 t: 15 t x 43.0 TJ/Gg / 1000 = 0.645 TJ; x 74,100 kg/TJ = 47.7945 t;
    # lpg 10 t x 47.3 / 1000 = 0.473 TJ x 63,100 = 29.8463 t CO2.  Sum 77.6408 t CO2.
    assert emissions[1] == "F1,2022,1.A.2,1,CO2,77.6408,77.6408"


def test_problems_in_an_xlsx_sheet_name_the_sheet_and_row(tmp_path, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "energy"
    sheet.append(["source_id", "year", "category", "activity", "amount", "unit"])
    sheet.append(["F1", 2022, "1.A.2", "diesel", 10, "t"])
    sheet.append(["F1", 2022, "1.A.2", "lpg", "95,5", "t"])
    notes = book.create_sheet("_notes")
    notes.append(["sheets named _... are ignored"])
    path = tmp_path / "activity.xlsx"
    book.save(path)
    status = main(["compute", str(path), "-o", str(tmp_path / "out")])
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}[energy]:3: amount: '95,5' uses a comma as the decimal separator (Vietnamese "
        f"style: 95.5); {DECLARE}"]
    assert not (tmp_path / "out").exists()


def test_an_unreadable_file_in_a_folder_does_not_hide_the_others(tmp_path, capsys):
    (tmp_path / "activity").mkdir()
    (tmp_path / "inventory.toml").write_text('name = "t"\n')
    (tmp_path / "activity" / "a.csv").write_bytes((CORPUS / "not_utf8.csv").read_bytes())
    (tmp_path / "activity" / "b.csv").write_bytes((CORPUS / "amount_negative.csv").read_bytes())
    out = tmp_path.parent / f"{tmp_path.name}-out"  # never inside the inventory
    status = main(["compute", str(tmp_path), "-o", str(out)])
    errors = capsys.readouterr().err.splitlines()
    assert status == 2
    assert [e.split(":")[0] + ":" + e.split(":")[1] for e in errors] == [
        "activity/a.csv:4", "activity/b.csv:3"]
    assert not out.exists()
