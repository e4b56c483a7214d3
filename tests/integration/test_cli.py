"""The ``ghg`` command on the bundled example inventory and on single tables."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

from ghg.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "ben-tre"


@pytest.fixture(scope="module")
def example_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["compute", str(EXAMPLE), "-o", str(out), "--grid-ef-fallback", "latest"]) == 0
    return out


def test_compute_writes_the_contract_files(example_out):
    names = sorted(p.name for p in example_out.iterdir())
    assert names == ["biogenic_co2.csv", "calculation.csv", "emissions.csv", "emissions.nc",
                     "pollutants.csv", "pollutants_missing.csv", "provenance.json"]
    emissions = pd.read_csv(example_out / "emissions.csv")
    assert list(emissions.columns) == ["source_id", "year", "category", "scope", "gas",
                                       "emissions_t", "co2e_t"]
    assert not emissions.duplicated(["source_id", "year", "category", "scope", "gas"]).any()
    assert set(emissions["scope"]) == {1, 2}
    assert (emissions.loc[emissions["scope"] == 2, "gas"] == "CO2").all()


def activity_files() -> list[str]:
    return sorted(p.name for p in (EXAMPLE / "activity").glob("*.csv"))


def test_every_input_row_is_accounted_for(example_out):
    provenance = json.loads((example_out / "provenance.json").read_text())
    rows = sum(len(pd.read_csv(EXAMPLE / "activity" / name)) for name in activity_files())
    # the 10 mangrove rows (activity/land.csv, 2015-2024) declare CO2 not estimated (NE)
    assert provenance["rows"] == {"read": rows, "computed": rows - 10,
                                  "accounted_elsewhere": 0, "rejected": 0,
                                  "without_emissions": 10,
                                  "duplicates_summed": 0}
    detail = pd.read_csv(example_out / "calculation.csv", low_memory=False)
    # every computed input row has at least one line of calculation detail: none vanished
    assert detail[["file", "line"]].drop_duplicates().shape[0] == rows - 10
    assert not detail["activity"].eq("mangrove").any()


def test_the_inventorys_recorded_fallback_applies_without_the_flag(tmp_path, example_out):
    assert main(["compute", str(EXAMPLE), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "emissions.csv").read_bytes() == (
        example_out / "emissions.csv").read_bytes()


def test_provenance_records_gwp_sets_inputs_and_the_fallback(example_out):
    provenance = json.loads((example_out / "provenance.json").read_text())
    assert provenance["gwp"]["set"] == "AR5"
    # the inventory's own factors/ folder (local Tier 2 factors) always comes first
    assert [s["name"] for s in provenance["factor_sets"]] == [
        "local", "vn", "ipcc2019", "ipcc2006", "wetlands2013", "density"]
    assert all(len(s["sha256"]) == 64 for s in provenance["factor_sets"])
    # every file the run read, each once (the register and the provincial tables included)
    tables = sorted(p.name for p in EXAMPLE.glob("*.csv"))
    assert list(provenance["inputs"]) == sorted(
        [f"activity/{n}" for n in activity_files()] + tables + ["inventory.toml"])
    assert provenance["options"]["grid_ef_fallback"] == "latest"
    assert {f["year"] for f in provenance["fallbacks"]} == {2024}
    # F01, F02, F03, F06 and the province's electricity in 2024
    assert sum(f["rows"] for f in provenance["fallbacks"]) == 5


def test_netcdf_holds_the_same_totals_as_the_csv(example_out):
    emissions = pd.read_csv(example_out / "emissions.csv")
    with xr.open_dataset(example_out / "emissions.nc", engine="scipy") as cube:
        for scope in (1, 2):
            expected = emissions.loc[emissions["scope"] == scope, "co2e_t"].sum()
            assert float(cube["co2e_t"].sel(scope=scope).sum()) == pytest.approx(expected)
        assert cube.attrs["gwp"] == "AR5"


def test_same_input_gives_byte_identical_outputs(example_out, tmp_path):
    assert main(["compute", str(EXAMPLE), "-o", str(tmp_path), "--grid-ef-fallback",
                 "latest"]) == 0
    for name in ("emissions.csv", "emissions.nc", "provenance.json", "calculation.csv",
                 "biogenic_co2.csv"):
        assert (tmp_path / name).read_bytes() == (example_out / name).read_bytes(), name


def test_gwp_choice_changes_co2e_but_not_tonnes_of_gas(example_out, tmp_path):
    assert main(["compute", str(EXAMPLE), "-o", str(tmp_path), "--grid-ef-fallback", "latest",
                 "--gwp", "AR6"]) == 0
    ar5 = pd.read_csv(example_out / "emissions.csv")
    ar6 = pd.read_csv(tmp_path / "emissions.csv")
    pd.testing.assert_series_equal(ar5["emissions_t"], ar6["emissions_t"])
    ch4 = ar6["gas"] == "CH4"
    assert (ar6.loc[ch4, "co2e_t"] / ar6.loc[ch4, "emissions_t"]).round(6).unique().tolist() == [
        27.9]


def test_without_a_fallback_2024_is_refused_and_nothing_written(tmp_path, capsys):
    assert main(["compute", str(EXAMPLE), "-o", str(tmp_path / "out"), "--grid-ef-fallback",
                 "none"]) == 2
    assert "year 2024: missing ef CO2" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_explain_shows_the_chain_with_sources(capsys):
    assert main(["explain", str(EXAMPLE), "--source", "BT-F05", "--year", "2023"]) == 0
    text = capsys.readouterr().out
    assert "1.A.3.b Road Transportation (scope 1)" in text
    assert "t/m3" in text and "density/density.csv" in text  # litres → mass
    assert "ipcc2006/road.csv" in text and "Table 3.2.2" in text
    assert "(AR5GWP100)" in text


def test_explain_of_an_absent_source_is_bad_input(capsys):
    assert main(["explain", str(EXAMPLE), "--source", "NOPE", "--year", "2023",
                 "--grid-ef-fallback", "latest"]) == 2
    assert "no activity rows for source 'NOPE', year 2023" in capsys.readouterr().err


def test_usage_errors_exit_2():
    process = subprocess.run([sys.executable, "-m", "ghg.cli", "compute"], capture_output=True,
                             text=True, check=False)
    assert process.returncode == 2
    assert "PATH" in process.stderr


def test_a_folder_with_only_inventory_toml_and_activity_works(tmp_path):
    (tmp_path / "activity").mkdir()
    (tmp_path / "inventory.toml").write_text('name = "minimal"\n')
    (tmp_path / "activity" / "fuel.csv").write_text(
        "source_id,year,category,activity,amount,unit\nF1,2022,1.A.2,diesel,1000,t\n")
    out = tmp_path.parent / f"{tmp_path.name}-out"  # never inside the inventory
    assert main(["compute", str(tmp_path), "-o", str(out)]) == 0
    emissions = pd.read_csv(out / "emissions.csv")
    assert emissions["emissions_t"].tolist() == pytest.approx([3186.3, 0.129, 0.0258])


def test_inventory_toml_without_a_name_is_refused(tmp_path, capsys):
    (tmp_path / "activity").mkdir()
    (tmp_path / "inventory.toml").write_text('gwp = "AR5"\n')
    assert main(["compute", str(tmp_path), "-o", str(tmp_path.parent / f"{tmp_path.name}-out")]) == 2
    assert 'inventory.toml: name: is missing; expected e.g. name = "Ben Tre"' \
        in capsys.readouterr().err


def test_an_xlsx_sheet_gives_the_same_result_as_the_csv(tmp_path):
    import openpyxl

    rows = pd.read_csv(EXAMPLE / "activity" / "energy.csv")
    rows = rows[rows["year"] < 2024]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "energy"
    sheet.append(list(rows.columns))
    for record in rows.itertuples(index=False):
        sheet.append(list(record))
    book.save(tmp_path / "energy.xlsx")
    rows.to_csv(tmp_path / "energy.csv", index=False)
    assert main(["compute", str(tmp_path / "energy.xlsx"), "-o", str(tmp_path / "x")]) == 0
    assert main(["compute", str(tmp_path / "energy.csv"), "-o", str(tmp_path / "c")]) == 0
    assert (tmp_path / "x" / "emissions.csv").read_bytes() == (
        tmp_path / "c" / "emissions.csv").read_bytes()
