"""``ghg report``: the workbook, charts and HTML, checked as a person would check them (open the
workbook, convert it to PDF with LibreOffice, render the HTML in headless Chromium)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from ghg import province
from ghg.cli import main
from ghg.core.categories import codes as all_codes
from ghg.report.pollutants import CHART_FILE as POLLUTANT_CHART
from ghg.report.scorecard import SCORECARD_SHEETS
from ghg.report.tables import SHEETS, summary_table
from ghg.report.terms import Terms, _terms_table
from ghg.report.write import CHART_FILES, write_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "ben-tre"
FILES = ["report.xlsx", *CHART_FILES, POLLUTANT_CHART, "report.html", "scorecard.csv"]


@pytest.fixture(scope="module")
def provincial():
    return province.build(EXAMPLE)


@pytest.fixture(scope="module")
def reports(provincial, tmp_path_factory):
    """The report in both languages; Vietnamese through the command line."""
    out = {"vi": tmp_path_factory.mktemp("vi"), "en": tmp_path_factory.mktemp("en")}
    assert main(["report", str(EXAMPLE), "-o", str(out["vi"])]) == 0
    write_report(provincial, out["en"], lang="en")
    return out


def test_all_files_written(reports):
    for out in reports.values():
        assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
        assert all((out / name).stat().st_size > 0 for name in FILES)


def test_credit_sheet_gives_the_2024_coconut_conservative_estimate(reports):
    # Ben Tre 2024: coconut removal 4,979 ha × 2.052 t C/ha/yr × 44/12 = 37,461.996 t CO2;
    # U95 = sqrt(100^2 + 50^2) = 111.8% (uncertainty.csv) -> lognormal, 5th percentile factor
    # 0.362806 (worked in tests/unit/test_credits.py) -> 13,591.4 t; no price column.
    sheet = load_workbook(reports["en"] / "report.xlsx")["Carbon credit potential"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    assert header[:4] == ("IPCC category", "Category", "Gas", "Year")
    row = next(r for r in rows if r[0] == "3.B.2.a" and r[3] == 2024)
    values = dict(zip(header, row, strict=True))
    assert values["Removal (t CO2e)"] == pytest.approx(37461.996, rel=1e-9)
    assert values["Conservative estimate: 5th percentile (t CO2e)"] == pytest.approx(13591.4,
                                                                                      abs=0.1)
    assert values["Distribution"] == "lognormal"
    assert not any("price" in str(h).lower() or "usd" in str(h).lower() for h in header)
    assert any("No money value" in str(r[0]) for r in rows)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_workbook_sheets_are_named_from_the_terms_table(reports, lang):
    book = load_workbook(reports[lang] / "report.xlsx")
    terms = Terms(lang)
    assert book.sheetnames == [terms(f"sheet.{name}") for name in SHEETS] + \
        [terms("sheet.credits"), terms("sheet.pollutants")] + \
        [terms(f"sheet.{name}") for name in SCORECARD_SHEETS]
    if lang == "vi":
        assert book.sheetnames[:4] == ["Tổng hợp", "Chi tiết theo hạng mục IPCC", "Nguồn chính",
                                       "Độ không chắc chắn"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_summary_total_of_latest_year_is_the_territorial_sum(reports, provincial, lang):
    terms = Terms(lang)
    sheet = load_workbook(reports[lang] / "report.xlsx")[terms("sheet.summary")]
    rows = list(sheet.iter_rows(values_only=True))
    # the first sheet opens with the read-first caveat, then the summary table
    assert rows[0][0] == terms("section.caveat")
    header = next(r for r in rows if r[0] == terms("col.sector"))
    latest = int(provincial.years[-1])
    total = next(r for r in rows if r[0] == terms("row.total"))
    cell = total[header.index(str(latest))]
    territorial = provincial.territorial
    expected = territorial.loc[territorial["year"] == latest, "co2e_t"].sum()
    assert cell == expected  # full precision: the cell is not rounded
    assert cell != round(cell)
    # header row bold, panes frozen below it, numbers displayed rounded
    assert sheet.cell(row=2, column=1).font.b
    assert sheet.freeze_panes == "B3"
    assert sheet.cell(row=2 + rows.index(total) - 1, column=3).number_format == "#,##0"


def test_workbook_has_a_categories_row_per_tree_row(reports, provincial):
    sheet = load_workbook(reports["en"] / "report.xlsx")["Category detail"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    tree = provincial.tree
    assert len(rows) == len(tree.drop_duplicates(["category", "part", "gas"]))
    grand = next(r for r in rows if r[0] == "0" and r[4] == "CO2e")
    latest = int(provincial.years[-1])
    grand_rows = tree[(tree["category"] == "0") & (tree["gas"] == "CO2e")]
    expected = grand_rows.loc[grand_rows["year"] == latest, "co2e_t"]
    assert grand[6 + len(provincial.years) - 1] == pytest.approx(float(expected.iloc[0]),
                                                                 rel=1e-12)


def test_summary_puts_removals_on_their_own_line():
    # Hand-made year 2020: 1.A.3.b CO2 100 t; 3.A.1 CH4 10 t x GWP 28 = 280 t CO2e;
    # 3.B.1.a CO2 -30 t (a removal). Emission lines: energy 100, AFOLU CH4 280;
    # removals -30; total 100 + 280 - 30 = 350.
    territorial = pd.DataFrame({"category": ["1.A.3.b", "3.A.1", "3.B.1.a"],
                                "year": 2020, "gas": ["CO2", "CH4", "CO2"],
                                "emissions_t": [100.0, 10.0, -30.0],
                                "co2e_t": [100.0, 280.0, -30.0]})
    empty = pd.DataFrame(columns=["category", "year", "gas", "emissions_t", "co2e_t"])
    fake = SimpleNamespace(territorial=territorial, years=np.array([2020]), scope2=empty,
                           biogenic_co2=empty)
    table = summary_table(fake, Terms("en")).set_index(["Sector", "Gas"])["2020"]
    assert table[("Energy", "CO2")] == 100.0
    assert table[("Agriculture, forestry and other land use", "CH4")] == 280.0
    assert table[("Agriculture, forestry and other land use", "CO2")] == 0.0
    assert table[("Removals (negative values)", "")] == -30.0
    assert table[("Total (net emissions)", "")] == 350.0


def test_terms_table_is_complete_and_sourced(provincial):
    terms = _terms_table()
    assert not terms.index.duplicated().any()
    assert (terms[["en", "vi", "source"]] != "").all().all()
    sources = terms["source"]
    assert (sources.eq("translation: not an official name")
            | sources.str.startswith(("usage", "official: ", "translation: project"))).all()
    # every IPCC 2006 category has a Vietnamese name, official ones citing their document
    assert {f"cat.{c}" for c in all_codes()} <= set(terms.index)
    official = terms[sources.str.startswith("official: ")]
    assert official["source"].str.contains("Nghị định 06/2022|Quyết định 2626|Thông tư").all()
    # every category with emissions has its Vietnamese name (no English fallback)
    codes = {c.removesuffix(" (not allocated)") for c in provincial.tree["category"]}
    assert {f"cat.{c}" for c in codes} <= set(terms.index)
    # the official names (Decision 2626/QĐ-BTNMT Annex III; Decree 06/2022 Annex II form 03)
    assert Terms("vi").category("3.A.1") == "Tiêu hóa thức ăn"
    assert Terms("vi").category("3.A.2") == "Quản lý chất thải vật nuôi"
    assert Terms("vi").category("3.C.7") == "Canh tác lúa"
    # sheet names are valid Excel names in both languages
    names = terms.loc[[f"sheet.{s}" for s in (*SHEETS, "pollutants", *SCORECARD_SHEETS)],
                      ["en", "vi"]].to_numpy().ravel()
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_same_input_gives_byte_identical_files(reports, tmp_path):
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (reports["vi"] / name).read_bytes(), name


def test_html_is_self_contained_and_says_what_is_estimated(reports):
    html = (reports["vi"] / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(CHART_FILES) + 1  # + air pollutants
    assert "<link" not in html and "<script" not in html and "http" not in html
    assert "Kiểm kê có một phần là ước tính" in html and "chưa phân loại" in html
    english = (reports["en"] / "report.html").read_text(encoding="utf-8")
    assert "Partly estimated inventory" in english and "illustrative (invented)" in english


def test_bad_inventory_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    (tmp_path / "inv").mkdir()  # a folder without inventory.toml
    assert main(["report", str(tmp_path / "inv"), "-o", str(out)]) == 2
    assert not out.exists()
    assert "inventory.toml" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_workbook_to_pdf(reports, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(reports["vi"] / "report.xlsx")],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 0
    assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_chromium_renders_the_html_to_a_screenshot(reports, tmp_path):
    shot = tmp_path / "screenshot.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chrome'}", f"--screenshot={shot}",
                    "--window-size=1280,2000", (reports["vi"] / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pollutant_sheet_by_sector_and_year(reports, lang):
    """Air pollutants beside the GHG sheets, facilities counted once: NH3 in 2024 is livestock
    7,306.393 t + fertiliser 212.5 t (tests/regression/test_ben_tre_pollutants.py)."""
    terms = Terms(lang)
    sheet = load_workbook(reports[lang] / "report.xlsx")[terms("sheet.pollutants")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == terms("section.pollutants")
    header = list(rows[1])
    assert header[:2] == [terms("col.pollutant"), terms("col.sector")]
    year = header.index("2024")
    nh3 = {r[1]: r[year] for r in rows[2:] if r[0] == "NH3"}
    assert nh3[f"3 {terms.category('3')}"] == pytest.approx(7306.393 + 212.5)
    total = nh3.pop(terms("chart.total"))
    assert total == pytest.approx(sum(nh3.values()))  # + energy: road and industry NH3
    polluted = {r[0] for r in rows[2:] if r[0] in ("NOx", "SO2", "CO", "NMVOC", "NH3", "PM2.5",
                                                    "PM10", "BC")}
    assert len(polluted) == 8
    assert any(r[0] == terms("section.pollutants_missing") for r in rows)


def test_pollutant_missing_reasons_in_the_reports_language(reports):
    """pollutants_missing.csv's reasons are English; the Vietnamese report says them in
    Vietnamese, their values (table numbers) as written."""
    rows = {}
    for lang in ("vi", "en"):
        terms = Terms(lang)
        sheet = load_workbook(reports[lang] / "report.xlsx")[terms("sheet.pollutants")]
        found = list(sheet.iter_rows(values_only=True))
        start = next(i for i, r in enumerate(found) if r[0] == terms("section.pollutants_missing"))
        reason = max(i for i, h in enumerate(found[start + 1]) if h is not None)  # last column
        rows[lang] = [r[reason] for r in found[start + 2:] if r[0] is not None]
    assert len(rows["vi"]) == len(rows["en"]) > 0
    en, vi = set(rows["en"]), set(rows["vi"])
    assert ("the guidebook Tier 1 table (Table 3-2) has no value for this pollutant in this set; "
            "see pollutants_emep2023.toml") in en
    assert ("bảng Bậc 1 của Sổ tay hướng dẫn (Table 3-2) không có giá trị cho chất ô nhiễm này "
            "trong bộ hệ số; xem pollutants_emep2023.toml") in vi
    assert not vi & en
