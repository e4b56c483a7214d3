"""``ghg report --scenario PATH``: the 2030 target sheet and chart in Vietnamese and English,
checked against the scenario run, opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ghg import province
from ghg.cli import main
from ghg.core.i18n import number, use_language
from ghg.report.target import TARGET_CHART
from ghg.report.write import write_report
from ghg.scenario.runner import run_scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "ben-tre"
SCENARIO = ROOT / "scenarios" / "ben-tre"
SHEET = {"vi": "Mục tiêu 2030", "en": "Target 2030"}


@pytest.fixture(scope="module")
def run():
    return run_scenario(SCENARIO)


@pytest.fixture(scope="module")
def reports(run, tmp_path_factory):
    """Vietnamese through the command line, English through the library."""
    out = {"vi": tmp_path_factory.mktemp("vi"), "en": tmp_path_factory.mktemp("en")}
    assert main(["report", str(EXAMPLE), "-o", str(out["vi"]), "--scenario", str(SCENARIO),
                 "--draws", "200"]) == 0
    write_report(province.build(EXAMPLE, draws=200), out["en"], lang="en", scenario=run)
    return out


def _rows(path: Path, sheet: str) -> list[tuple]:
    return list(load_workbook(path / "report.xlsx")[sheet].iter_rows(values_only=True))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_target_sheet_holds_the_verdicts_path_measures_and_gap(reports, run, lang):
    out = reports[lang]
    assert (out / TARGET_CHART).stat().st_size > 0
    rows = _rows(out, SHEET[lang])
    assert SHEET[lang] in load_workbook(out / "report.xlsx").sheetnames
    verdict = rows[2]   # title, header, then the stated basis first
    stated = run.verdicts.iloc[0]
    assert verdict[2] == pytest.approx(stated["bau_co2e_t"], rel=1e-12)
    assert verdict[4] == pytest.approx(stated["reduction_pct"] / 100, rel=1e-12)
    assert run.draws is not None
    assert verdict[6] == pytest.approx(run.draws.by_basis["p_meet"].iloc[0])
    yes = "có" if lang == "vi" else "yes"
    flagged = [r[0] for r in rows if isinstance(r[0], int) and 2015 < r[0] < 2100 and r[5] == yes]
    assert flagged == [2022, 2023, 2024]    # actual above BAU
    items = [r for r in rows if isinstance(r[0], int) and r[0] <= 25 and r[2] is not None
             and isinstance(r[1], str)]
    assert [r[0] for r in items] == list(range(1, 26))
    gap_text = _number(run.gap_co2e_t, lang)  # the scenario's own gap, as the sheet shows it
    assert any(isinstance(r[0], str) and gap_text in r[0] and ("thiếu" in r[0] or "gap" in r[0])
               for r in rows)


def _number(value: float, lang: str, decimals: int = 0) -> str:
    with use_language(lang):  # the marks the report writes numbers with
        return number(value, decimals)


def test_a_scenario_of_another_inventory_is_refused(tmp_path, capsys):
    folder = tmp_path / "sc"
    shutil.copytree(SCENARIO, folder)
    other = tmp_path / "inv"
    shutil.copytree(EXAMPLE, other)
    head = (folder / "scenario.toml").read_text()
    (folder / "scenario.toml").write_text(head.replace('"../../inventories/ben-tre"',
                                                       f'"{other}"'))
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path / "out"), "--scenario",
                 str(folder), "--lang", "en"]) == 2
    assert "expected a scenario of this inventory" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_workbook_with_the_target_sheet(reports, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(reports["en"] / "report.xlsx")],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_has_the_target_section_and_chart(reports, run, lang):
    page = (reports[lang] / "report.html").read_text(encoding="utf-8")
    assert f"<h2>{SHEET[lang]}</h2>" in page
    assert _number(run.verdicts.iloc[0]["reduction_pct"], lang, 2) + " %" in page
    assert 'alt="chart_target.png"' in page
    assert "2022, 2023, 2024" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_chromium_renders_the_page_with_the_target_section(reports, tmp_path):
    shot = tmp_path / "page.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chrome'}", f"--screenshot={shot}",
                    "--window-size=1280,3000", (reports["vi"] / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=300)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
