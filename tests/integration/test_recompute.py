"""Recomputation after factor or GWP changes: what changed, why, and nothing else."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ghg.cli import main
from ghg.factors.library import FACTOR_COLUMNS

ACTIVITY = """source_id,year,category,activity,amount,unit
F1,2021,1.A.2,diesel,1000,t
F1,2022,1.A.2,diesel,1000,t
F1,2022,1.A.2,grid_electricity,2000,MWh
F2,2022,1.A.4.a,grid_electricity,500,MWh
F2,2023,1.A.4.a,grid_electricity,500,MWh
"""


@pytest.fixture
def run(tmp_path) -> Path:
    inventory = tmp_path / "inv"
    (inventory / "activity").mkdir(parents=True)
    (inventory / "inventory.toml").write_text('name = "recompute case"\n')
    (inventory / "activity" / "energy.csv").write_text(ACTIVITY)
    out = tmp_path / "run1"
    assert main(["compute", str(inventory), "-o", str(out)]) == 0
    return out


def factor_set(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "set.toml").write_text(f'name = "{folder.name}"\n')
    (folder / "update.csv").write_text("\n".join([",".join(FACTOR_COLUMNS), *rows]) + "\n")
    return folder


def folder_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def recalculation(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "recalculation.csv")


def test_no_change_gives_an_all_zero_diff_and_leaves_the_run_untouched(run, tmp_path):
    before = folder_hashes(run)
    assert main(["recompute", str(run), "-o", str(tmp_path / "run2")]) == 0
    table = recalculation(tmp_path / "run2")
    assert (table["diff_t"] == 0).all()
    assert set(table["cause"]) == {"no change"}
    assert len(table) == len(pd.read_csv(run / "emissions.csv"))
    assert folder_hashes(run) == before


def test_ar5_to_ar6_changes_exactly_ch4_and_n2o_by_the_gwp_ratio(run, tmp_path):
    assert main(["recompute", str(run), "-o", str(tmp_path / "run2"), "--gwp", "AR6"]) == 0
    table = recalculation(tmp_path / "run2")
    moved = table[table["diff_t"] != 0]
    assert set(moved["gas"]) == {"CH4", "N2O"}
    # diesel 1,000 t in 1.A.2: CH4 0.129 t x (27.9 - 28) = -0.0129; N2O 0.0258 t x (273 - 265)
    # = +0.2064 t CO2e, in 2021 and 2022 alike
    diffs = moved.groupby(["year", "gas"])["diff_t"].sum()
    assert diffs.to_dict() == pytest.approx({(2021, "CH4"): -0.0129, (2021, "N2O"): 0.2064,
                                             (2022, "CH4"): -0.0129, (2022, "N2O"): 0.2064})
    assert set(moved["cause"]) == {"GWP AR5 -> AR6: CH4 28 -> 27.9",
                                   "GWP AR5 -> AR6: N2O 265 -> 273"}


def test_a_new_grid_factor_for_one_year_changes_only_that_years_scope_2(run, tmp_path):
    update = factor_set(tmp_path / "vn2024", [
        "grid_electricity,*,ef,CO2,0.7,t CO2/MWh,2022,2022,,,,DCC announcement (test),T,1,"])
    assert main(["recompute", str(run), "-o", str(tmp_path / "run2"), "--factors",
                 str(update), "vn", "ipcc2006", "density"]) == 0
    table = recalculation(tmp_path / "run2")
    moved = table[table["diff_t"] != 0]
    assert set(zip(moved["year"], moved["scope"], moved["gas"], strict=True)) == {(2022, 2, "CO2")}
    # F1: 2,000 MWh x (0.7 - 0.6766) = 46.8 t; F2: 500 MWh x 0.0234 = 11.7 t
    assert moved.set_index("source_id")["diff_t"].to_dict() == pytest.approx(
        {"F1": 46.8, "F2": 11.7})
    cause = moved["cause"].iloc[0]
    assert cause.startswith("ef CO2 grid_electricity 1.A.2 2022: 0.6766 -> 0.7 t CO2/MWh "
                            "(vn/grid_ef.csv:10 ")
    assert "vn2024/update.csv:2 (DCC announcement (test), T, p. 1)" in cause


def test_two_changes_at_once_add_up_to_the_difference(run, tmp_path):
    update = factor_set(tmp_path / "plant", [
        "diesel,1.A.2,ef,CH4,5,kg CH4/TJ,,,,,,lab report (test),T,1,"])
    assert main(["recompute", str(run), "-o", str(tmp_path / "run2"), "--gwp", "AR6",
                 "--factors", str(update), "vn", "ipcc2006", "density"]) == 0
    table = recalculation(tmp_path / "run2")
    ch4 = table[(table["gas"] == "CH4") & (table["year"] == 2022)]
    # old: 43 TJ x 3 kg = 0.129 t x 28 = 3.612; factor step: 43 x 5 kg = 0.215 t x 28 = 6.02
    # (+2.408); GWP step: 0.215 x (27.9 - 28) = -0.0215; new 0.215 x 27.9 = 5.9985
    assert ch4["diff_t"].tolist() == pytest.approx([2.408, -0.0215])
    assert ch4["cause"].iloc[0].startswith("ef CH4 diesel 1.A.2 2022: 3 -> 5 kg CH4/TJ")
    assert ch4["cause"].iloc[1] == "GWP AR5 -> AR6: CH4 28 -> 27.9"
    new = pd.read_csv(tmp_path / "run2" / "emissions.csv")
    old = pd.read_csv(run / "emissions.csv")
    key = ["source_id", "year", "category", "scope", "gas"]
    joined = old.merge(new, on=key, suffixes=("_old", "_new"))
    parts = table.groupby(["source_id", "year", "category", "scope", "gas"])["diff_t"].sum()
    expected = (joined.set_index(key)["co2e_t_new"] - joined.set_index(key)["co2e_t_old"])
    assert parts.reindex(expected.index).to_numpy() == pytest.approx(expected.to_numpy(),
                                                                     abs=1e-9)


def test_a_changed_input_is_detected(run, tmp_path, capsys):
    source = Path(pd.read_json(run / "provenance.json", typ="series")["source"])
    energy = source / "activity" / "energy.csv"
    energy.write_text(ACTIVITY.replace("F1,2021,1.A.2,diesel,1000,t", "F1,2021,1.A.2,diesel,1100,t"))
    assert main(["recompute", str(run), "-o", str(tmp_path / "run2")]) == 2
    message = capsys.readouterr().err
    assert "activity/energy.csv: changed since the run (sha256 " in message
    assert "--allow-changed-inputs" in message
    assert not (tmp_path / "run2").exists()
    assert main(["recompute", str(run), "-o", str(tmp_path / "run3"),
                 "--allow-changed-inputs"]) == 0
    table = recalculation(tmp_path / "run3")
    co2 = table[(table["year"] == 2021) & (table["gas"] == "CO2")]
    assert co2["diff_t"].tolist() == pytest.approx([318.63])  # 100 t x 43 x 74.1 / 1000
    assert co2["cause"].iloc[0] == "amount diesel 1.A.2 2021 (F1): 1000 -> 1100 t"


def test_runs_are_never_overwritten(run, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    assert main(["recompute", str(run), "-o", str(copy)]) == 2
    assert "already holds a run" in capsys.readouterr().err
    assert folder_hashes(copy) == folder_hashes(run)
    source = pd.read_json(run / "provenance.json", typ="series")["source"]
    assert main(["compute", source, "-o", str(run)]) == 2


def test_factors_diff_lists_added_and_changed_rows_with_sources(tmp_path, capsys):
    from ghg.factors.library import builtin_data

    updated = tmp_path / "vn"
    shutil.copytree(builtin_data() / "vn", updated)
    grid = updated / "grid_ef.csv"
    grid.write_text(grid.read_text().replace(",0.6592,", ",0.7,")
                    + "grid_electricity,*,ef,CO2,0.65,t CO2/MWh,2024,2024,,,,announcement,T,1,\n")
    assert main(["factors", "diff", "vn", str(updated), "-o", str(tmp_path / "diff.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "1 added, 0 removed, 1 changed"
    diff = pd.read_csv(tmp_path / "diff.csv")
    assert diff["change"].tolist() == ["added", "changed"]
    assert diff["year_from"].tolist() == [2024, 2023]
    assert diff["value_old"].isna().tolist() == [True, False]
    assert diff.loc[1, "value_old"] == 0.6592
    assert diff["value_new"].tolist() == [0.65, 0.7]
    assert diff.loc[1, "source_old"].startswith("vn/grid_ef.csv:11 (Department of Climate Change")


def test_factors_list_shows_hash_release_and_validity(capsys):
    assert main(["factors", "list"]) == 0
    out = capsys.readouterr().out
    assert "ipcc2006" in out and "2006-04" in out and "vn" in out


def test_facilities_whose_list_status_changes_are_reported(tmp_path):
    case = Path(__file__).resolve().parents[1] / "review_case"
    assert main(["compute", str(case), "-o", str(tmp_path / "run1")]) == 0
    update = factor_set(tmp_path / "lpg", [
        "lpg,1.A.2,ef,CO2,70000,kg CO2/TJ,,,,,,test factor,T,1,"])
    assert main(["recompute", str(tmp_path / "run1"), "-o", str(tmp_path / "run2"),
                 "--factors", str(update), "vn", "ipcc2006", "density"]) == 0
    changes = pd.read_csv(tmp_path / "run2" / "status_changes.csv", keep_default_na=False)
    # F8 burns 920 t LPG in 2023: 43.516 TJ x 70,000 kg/TJ = 3,046.12 t CO2 (+ CH4, N2O)
    # >= 3,000, where 63,100 kg/TJ gave 2,748.23 t CO2e; 2024 has no data, so the 2025 review
    # (period 2023-2024) moves from unknown to yes
    assert changes[["review_year", "facility_id", "before", "after"]].values.tolist() == [
        [2025, "F8", "unknown", "yes"]]
    assert changes["criteria_after"].tolist() == ["emissions"]


def test_a_register_problem_is_a_note_not_a_failed_recalculation(run, tmp_path, capsys):
    source = Path(pd.read_json(run / "provenance.json", typ="series")["source"])
    (source / "facilities.csv").write_text(
        "facility_id,name,facility_type,on_current_list\nF1,plant,industrial,yes\n")
    # the register is an input of the run now (hashed in provenance): a new one is a change
    # (-o is a new folder: the run's own folder would be refused first, before any input is read)
    assert main(["recompute", str(run), "-o", str(tmp_path / "new"), "--gwp", "AR6"]) == 2
    assert "facilities.csv: is new since the run" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
    assert main(["recompute", str(run), "-o", str(tmp_path / "run2"), "--gwp", "AR6",
                 "--allow-changed-inputs"]) == 0
    err = capsys.readouterr().err
    assert "note: list status not checked: activity/energy.csv:5: source_id: 'F2' is not in " \
           "facilities.csv" in err


def test_a_changed_sector_parameter_is_the_cause_of_its_records_only(tmp_path):
    """Rice EFc 1.22 -> 1.30 (a local set ahead of ipcc2019): only 3.C.7 moves, by 1.30/1.22,
    and the cause quotes the old and new factor with its table."""
    from ghg.factors.library import builtin_data

    inventory = tmp_path / "inv"
    (inventory / "activity").mkdir(parents=True)
    (inventory / "inventory.toml").write_text(
        'name = "rice"\nclimate_zone = "tropical_wet"\nipcc_region = "south_east_asia"\n'
        'factors = ["ipcc2019", "ipcc2006"]\n', encoding="utf-8")
    (inventory / "activity" / "crops.csv").write_text(
        "source_id,year,category,activity,amount,unit,season,water_regime,preseason_water,"
        "cultivation_days\n"
        "P,2022,3.C.7,rice,1000,ha,ws,multiple_drainage,non_flooded_short,100\n"
        "P,2022,3.C.7,rice,2000,ha,sa,continuously_flooded,non_flooded_short,100\n"
        "P,2022,3.C.4,synthetic_n,100,t,,,,\n", encoding="utf-8")
    assert main(["compute", str(inventory), "-o", str(tmp_path / "run1")]) == 0
    updated = tmp_path / "rice2026"
    shutil.copytree(builtin_data() / "ipcc2019", updated)
    (updated / "set.toml").write_text('name = "rice2026"\n', encoding="utf-8")
    table = updated / "parameters" / "rice_ch4.csv"
    text = table.read_text(encoding="utf-8")
    assert "efc,south_east_asia,*,*,*,1.22," in text
    table.write_text(text.replace("efc,south_east_asia,*,*,*,1.22,",
                                  "efc,south_east_asia,*,*,*,1.30,"), encoding="utf-8")
    assert main(["recompute", str(tmp_path / "run1"), "-o", str(tmp_path / "run2"),
                 "--factors", str(updated), "ipcc2006"]) == 0
    changes = recalculation(tmp_path / "run2")
    moved = changes[changes["diff_t"] != 0]
    assert moved["category"].unique().tolist() == ["3.C.7"]
    # CH4 = A × 100 d × EFc × SFw × 10^-3: 1000 × 0.55 + 2000 × 1 = 2550 ha·SF; × 0.1 × EFc
    #   old 2550 × 0.1 × 1.22 = 311.1 t, new 2550 × 0.1 × 1.30 = 331.5 t CH4; × 28 (AR5)
    assert moved["old_co2e_t"].iloc[0] == pytest.approx(311.1 * 28)
    assert moved["new_co2e_t"].iloc[0] == pytest.approx(331.5 * 28)
    cause = moved["cause"].iloc[0]
    assert "EFc 1.22 kg CH4/ha/day [ipcc2019 Table 5.11" in cause
    assert "EFc 1.3 kg CH4/ha/day [rice2026 Table 5.11" in cause
    unchanged = changes[changes["category"].isin(["3.C.4", "3.C.5"])]
    assert (unchanged["cause"] == "no change").all() and len(unchanged) > 0
