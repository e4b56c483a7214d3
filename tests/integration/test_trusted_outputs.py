"""Outputs that can be trusted when forwarded: formula text stays text in every workbook and CSV,
workbooks are the same bytes on rerun, outputs never land in their inputs, and ``recompute``
refuses a run whose files were edited and names the inputs that changed."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ghg.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "ben-tre"
CASE = ROOT / "tests" / "review_case"
HYPERLINK = '=HYPERLINK("http://x"&A1,"y")'
INVENTORY_NAME = '=1+2 <b>Bến Tre</b>'


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def no_formulas(xlsx: bytes) -> None:
    """No cell of any sheet holds a formula (``<f>`` element) or a formula cell type."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and 't="str"' not in xml, name


def cells_with(xlsx: bytes, text: str) -> list:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == text]


@pytest.fixture(scope="module")
def review_case(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("case") / "inv"
    shutil.copytree(CASE, folder)
    facilities = (folder / "facilities.csv").read_text()
    (folder / "facilities.csv").write_text(facilities.replace(
        "F1,Diesel boiler plant,", f'F1,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",'))
    return folder


def test_review_writes_formula_text_as_text_and_the_same_workbook_twice(review_case, tmp_path):
    for out in ("one", "two"):
        assert main(["review", str(review_case), "--year", "2024", "-o",
                     str(tmp_path / out)]) == 0
    one, two = folder_bytes(tmp_path / "one"), folder_bytes(tmp_path / "two")
    assert one == two  # review.xlsx and review.csv, byte for byte
    csv_line = next(line for line in one["review.csv"].decode().splitlines()
                    if line.startswith("F1,"))
    # the name gets its ' prefix; numbers (negative margins too) are written as they are
    assert ',"\'=HYPERLINK(""http://x""&A1,""y"")",' in csv_line
    table = pd.read_csv(io.BytesIO(one["review.csv"]))
    margins = table.filter(like="margin_").to_numpy().ravel()
    assert (margins[~pd.isna(margins)] < 0).any()  # there are negative numbers, unprefixed
    assert not any(str(v).startswith("'") for v in margins)
    no_formulas(one["review.xlsx"])
    cells = cells_with(one["review.xlsx"], HYPERLINK)
    assert len(cells) == 2  # the "Bổ sung" sheet and the full list
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_review_reads_its_own_csv_back_with_previous(review_case, tmp_path, capsys):
    assert main(["review", str(review_case), "--year", "2024", "-o", str(tmp_path / "a")]) == 0
    assert main(["review", str(review_case), "--year", "2024", "-o", str(tmp_path / "b"),
                 "--previous", str(tmp_path / "a" / "review.csv")]) == 0
    table = pd.read_csv(tmp_path / "b" / "review.csv", dtype=str)
    assert table.loc[table["facility_id"] == "F1", "name"].tolist() == ["'" + HYPERLINK]


def test_emissions_csv_prefixes_formula_text_only_and_recompute_reads_it_back(tmp_path):
    inventory = tmp_path / "inv"
    (inventory / "activity").mkdir(parents=True)
    (inventory / "inventory.toml").write_text('name = "x"\n')
    (inventory / "activity" / "energy.csv").write_text(
        "source_id,year,category,activity,amount,unit\n"
        "@F1,2022,1.A.2,diesel,1000,t\n-F2,2022,1.A.2,diesel,10,t\n"
        f'"{HYPERLINK.replace(chr(34), chr(34) * 2)}",2022,1.A.2,diesel,1,t\n')
    assert main(["compute", str(inventory), "-o", str(tmp_path / "run")]) == 0
    lines = (tmp_path / "run" / "emissions.csv").read_text().splitlines()
    # 1000 t diesel x 43.0 TJ/Gg x 74,100 kg/TJ = 3,186.3 t CO2 (IPCC 2006 Vol 2 Tables 1.2, 2.2)
    assert "'@F1,2022,1.A.2,1,CO2,3186.3,3186.3" in lines
    assert "'-F2,2022,1.A.2,1,CO2,31.863,31.863" in lines
    assert '"\'=HYPERLINK(""http://x""&A1,""y"")",2022,1.A.2,1,CO2,3.1863,3.1863' in lines
    assert not any(line.startswith("=") or line.startswith("@") for line in lines)
    calculation = pd.read_csv(tmp_path / "run" / "calculation.csv", dtype=str)
    assert sorted(set(calculation["source_id"])) == sorted(["'" + HYPERLINK, "'-F2", "'@F1"])
    # recompute reads the run as written: the ids are the same ids, nothing changed
    assert main(["recompute", str(tmp_path / "run"), "-o", str(tmp_path / "again")]) == 0
    changes = pd.read_csv(tmp_path / "again" / "recalculation.csv", dtype={"source_id": str})
    assert set(changes["cause"]) == {"no change"}
    assert sorted(set(changes["source_id"])) == sorted(["'" + HYPERLINK, "'-F2", "'@F1"])


def test_report_name_is_text_in_the_workbook_escaped_in_html_and_reproducible(tmp_path):
    inventory = tmp_path / "inv"
    shutil.copytree(EXAMPLE, inventory)
    toml = (inventory / "inventory.toml").read_text()
    (inventory / "inventory.toml").write_text(re.sub(r'(?m)^name = ".*"$',
                                                     f'name = "{INVENTORY_NAME}"', toml))
    for out in ("one", "two"):
        assert main(["report", str(inventory), "-o", str(tmp_path / out), "--draws", "50",
                     "--lang", "en"]) == 0
    one, two = folder_bytes(tmp_path / "one"), folder_bytes(tmp_path / "two")
    assert one.keys() == two.keys()
    assert one == two  # report.xlsx, the charts and report.html, byte for byte
    no_formulas(one["report.xlsx"])
    cells = [c for c in cells_with(one["report.xlsx"], INVENTORY_NAME)]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    html = one["report.html"].decode()
    assert "=1+2 &lt;b&gt;Bến Tre&lt;/b&gt;" in html and "<b>Bến Tre</b>" not in html


def test_outputs_inside_their_inputs_are_refused_before_reading(tmp_path, capsys):
    inventory = tmp_path / "inv"
    shutil.copytree(CASE, inventory)
    before = folder_bytes(inventory / "activity")
    cases = [
        ["compute", str(inventory), "-o", str(inventory)],
        ["compute", str(inventory), "-o", str(inventory / "out")],
        ["compute", str(inventory / "activity" / "energy.csv"), "-o",
         str(inventory / "activity" / "energy.csv")],
        ["review", str(inventory), "--year", "2024", "-o", str(inventory / "review"),
         "--lang", "en"],
        ["report", str(inventory), "-o", str(inventory / "activity" / "report"), "--lang", "en"],
        ["scenario", str(ROOT / "scenarios" / "ben-tre"), "-o",
         str(ROOT / "scenarios" / "ben-tre" / "out")],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert re.fullmatch(r".*: the output folder (is|lies inside) the input .*; outputs are "
                            r"never written into their inputs: choose a folder outside it "
                            r"\(nothing was changed\)\n", err), err
    assert not (inventory / "out").exists() and not (inventory / "review").exists()
    assert not (ROOT / "scenarios" / "ben-tre" / "out").exists()
    assert folder_bytes(inventory / "activity") == before


def test_scenario_output_inside_its_inventory_is_refused(tmp_path, capsys):
    scenario = tmp_path / "scen"
    shutil.copytree(ROOT / "scenarios" / "ben-tre", scenario)
    toml = scenario / "scenario.toml"
    inventory = re.search(r'(?m)^inventory = "(.*)"$', toml.read_text()).group(1)
    where = (ROOT / "scenarios" / "ben-tre" / inventory).resolve()
    toml.write_text(toml.read_text().replace(f'inventory = "{inventory}"',
                                             f'inventory = "{where}"'))
    assert main(["scenario", str(scenario), "-o", str(where / "scenario-out")]) == 2
    assert "the output folder lies inside the input" in capsys.readouterr().err
    assert not (where / "scenario-out").exists()


@pytest.fixture
def run(tmp_path) -> Path:
    inventory = tmp_path / "inv"
    (inventory / "activity").mkdir(parents=True)
    (inventory / "inventory.toml").write_text('name = "integrity"\n')
    (inventory / "activity" / "energy.csv").write_text(
        "source_id,year,category,activity,amount,unit\nF1,2022,1.A.2,diesel,1000,t\n")
    assert main(["compute", str(inventory), "-o", str(tmp_path / "run")]) == 0
    return tmp_path / "run"


def test_a_run_records_the_hash_of_each_of_its_files(run):
    import hashlib

    provenance = json.loads((run / "provenance.json").read_text())
    assert sorted(provenance["outputs"]) == ["biogenic_co2.csv", "calculation.csv",
                                             "emissions.csv", "emissions.nc", "pollutants.csv",
                                             "pollutants_missing.csv"]
    for name, digest in provenance["outputs"].items():
        assert hashlib.sha256((run / name).read_bytes()).hexdigest() == digest


def test_recompute_refuses_an_edited_run_naming_the_file(run, tmp_path, capsys):
    emissions = run / "emissions.csv"
    emissions.write_text(emissions.read_text().replace("3186.3", "3000"))
    assert main(["recompute", str(run), "-o", str(tmp_path / "again"), "--gwp", "AR6"]) == 2
    err = capsys.readouterr().err
    assert re.fullmatch(rf"{re.escape(str(emissions))}: was changed after the run was written "
                        r"\(sha256 [0-9a-f]{12}\.\.\. recorded in provenance\.json, now "
                        r"[0-9a-f]{12}\.\.\.\); runs are never edited: recompute from the run as "
                        r"written, or compute the inventory again\n", err), err
    assert not (tmp_path / "again").exists()
    (run / "calculation.csv").unlink()
    assert main(["recompute", str(run), "-o", str(tmp_path / "again")]) == 2
    # the damaged-folder check (ghg.engine.run_folder) comes before the hashes are compared
    assert f"{run / 'calculation.csv'}: missing; expected the run's table written by ghg " \
        "compute (the run folder is damaged: compute it again)" in capsys.readouterr().err


def test_recompute_writes_a_run_whose_hashes_hold_and_which_can_be_recomputed(run, tmp_path):
    assert main(["recompute", str(run), "-o", str(tmp_path / "r1"), "--gwp", "AR6"]) == 0
    provenance = json.loads((tmp_path / "r1" / "provenance.json").read_text())
    assert sorted(provenance["outputs"]) == [
        "biogenic_co2.csv", "calculation.csv", "emissions.csv", "emissions.nc",
        "pollutants.csv", "pollutants_missing.csv", "recalculation.csv",
        "recalculation_summary.csv", "status_changes.csv"]
    assert main(["recompute", str(tmp_path / "r1"), "-o", str(tmp_path / "r2"),
                 "--gwp", "AR5"]) == 0
    assert main(["recompute", str(run), "-o", str(run / "inside")]) == 2


WASTE_TOML = """name = "waste history"
gwp = "AR5"
factors = ["ipcc2019", "ipcc2006"]
climate_zone = "tropical_wet"
ipcc_region = "south_east_asia"

[waste_history]
rule = "constant"
start = {start}
delay_months = 6
"""


def test_recompute_names_a_changed_waste_history_in_inventory_toml(tmp_path, capsys):
    inventory = tmp_path / "inv"
    (inventory / "activity").mkdir(parents=True)
    (inventory / "inventory.toml").write_text(WASTE_TOML.format(start=1950))
    lines = (EXAMPLE / "activity" / "waste.csv").read_text().splitlines(keepends=True)
    landfill = [line for line in lines[1:] if line.startswith("BT-SWDS-AnHiep,2015,4.A.3,")]
    (inventory / "activity" / "waste.csv").write_text(lines[0] + "".join(landfill))
    assert main(["compute", str(inventory), "-o", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    (inventory / "inventory.toml").write_text(WASTE_TOML.format(start=1990))
    assert main(["recompute", str(tmp_path / "run"), "-o", str(tmp_path / "r1")]) == 2
    err = capsys.readouterr().err
    assert re.search(r"inv/inventory\.toml: changed since the run \(sha256 [0-9a-f]{12}\.\.\. -> "
                     r"[0-9a-f]{12}\.\.\.\); expected the inputs of the run, or "
                     r"--allow-changed-inputs", err), err
    assert main(["recompute", str(tmp_path / "run"), "-o", str(tmp_path / "r2"),
                 "--allow-changed-inputs"]) == 0
    provenance = json.loads((tmp_path / "r2" / "provenance.json").read_text())
    assert provenance["recomputed_from"]["changed_inputs"] == [
        f"{inventory.resolve()}/inventory.toml: changed since the run (sha256 "
        + re.search(r"\(sha256 (\w{12}\.\.\. -> \w{12}\.\.\.)\)", err).group(1)
        + "); expected the inputs of the run, or --allow-changed-inputs to recompute with the "
        "new data"]
    changes = pd.read_csv(tmp_path / "r2" / "recalculation.csv")
    ch4 = changes[(changes["category"] == "4.A.3") & (changes["gas"] == "CH4")]
    # 40 years of deposits before 2015 instead of 65: less CH4 from the landfill in 2015
    assert (ch4["diff_t"] < 0).all() and len(ch4) >= 1
