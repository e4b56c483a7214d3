"""One reader of an inventory folder: every file it reads is checked, and hashed in provenance."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

import ghg
from ghg.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"


def test_provenance_lists_every_file_read_with_its_hash():
    result = ghg.compute(EXAMPLE)
    listed = result.provenance["inputs"]
    activity = sorted(f"activity/{p.name}" for p in (EXAMPLE / "activity").glob("*.csv"))
    assert sorted(listed) == sorted([
        "inventory.toml", *activity, "energy_memo.csv", "facilities.csv", "indicators.csv",
        "manure_systems.csv",
        "notation_keys.csv", "uncertainty.csv", "wastewater_pathways.csv"])
    for name, digest in listed.items():
        assert digest == hashlib.sha256((EXAMPLE / name).read_bytes()).hexdigest(), name


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "inv"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_a_bad_number_in_the_uncertainty_table_is_a_line_problem(copy, tmp_path, capsys):
    path = copy / "uncertainty.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][3] == "u_factor_pct"
    rows[1][3] = "2,5"  # in Vietnamese style: refused, not read as 25 or 2.5
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    assert main(["report", str(copy), "-o", str(tmp_path / "out"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "uncertainty.csv:2: u_factor_pct: '2,5' uses a comma as the decimal separator" in err
    assert not (tmp_path / "out").exists()


def test_fuel_supply_is_read_and_checked_with_the_rest(copy, tmp_path, capsys):
    (copy / "fuel_supply.csv").write_text("fuel,year,co2_t\ndiesel,2O20,12.5\n", encoding="utf-8")
    assert main(["compute", str(copy), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "fuel_supply.csv:2: year: '2O20' is not an integer year" in err
    (copy / "fuel_supply.csv").write_text("fuel,year,co2_t\ndiesel,2020,12.5\n", encoding="utf-8")
    result = ghg.compute(copy)
    assert "fuel_supply.csv" in result.provenance["inputs"]
