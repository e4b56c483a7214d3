"""The bundled Ben Tre scenario end to end: target table, attribution, measure effects, files."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.core.errors import InputError
from ghg.scenario.output import write_scenario
from ghg.scenario.runner import run_scenario

ROOT = Path(__file__).resolve().parents[2]
BEN_TRE = ROOT / "scenarios" / "ben-tre"


@pytest.fixture(scope="module")
def result():
    return run_scenario(BEN_TRE)


def _line(result, scenario, category, gas, scope=1):
    t = result.trajectories
    pick = t[(t["scenario"] == scenario) & (t["category"] == category) & (t["gas"] == gas)
             & (t["scope"] == scope)]
    return pick.set_index("year")["co2e_t"]


def test_target_table_is_internally_consistent(result):
    t = result.target
    assert list(t.columns[:6]) == ["year", "bau_co2e_t", "scenario_co2e_t", "reduction_pct",
                                   "target_pct", "met"]
    assert t["year"].tolist() == list(range(2020, 2031))
    assert t["reduction_pct"].to_numpy() == pytest.approx(
        100 * (1 - t["scenario_co2e_t"] / t["bau_co2e_t"]), rel=1e-12)
    assert (t["met"] == (t["reduction_pct"] >= t["target_pct"] - 1e-9)).all()
    # 9 % in 2030 on a straight path from 2020: 0.9 points a year
    assert t["target_pct"].tolist() == pytest.approx([0.9 * i for i in range(11)])
    gap = t["scenario_co2e_t"] - t["bau_co2e_t"] * (1 - t["target_pct"] / 100)
    assert np.where(t["met"], 0.0, gap) == pytest.approx(t["gap_co2e_t"].to_numpy())


def test_attribution_adds_up_to_the_total_reduction(result):
    w = result.wedges.groupby("year")["territorial_saved_co2e_t"].sum()
    t = result.target.set_index("year")
    total = t["bau_co2e_t"] - t["scenario_co2e_t"]
    assert w.reindex(total.index).to_numpy() == pytest.approx(total.to_numpy(), rel=1e-9,
                                                              abs=1e-6)


def test_bau_landfill_reproduces_the_inventory_in_the_base_year(result):
    # 4.A.3 in 2020 from the FOD model = the inventory's own 4.A.3 CH4 (× GWP AR5 28)
    hist = result.model.bau[(result.model.lines["category"] == "4.A.3").to_numpy()][0, 0]
    inv = _line(result, "BAU", "4.A.3", "CH4").loc[2020]
    assert hist == pytest.approx(inv, rel=1e-9)


def test_composting_saving_lags(result):
    w = result.wedges[result.wedges["measure"] == "composting"].set_index("year")
    landfill = (_line(result, "BAU", "4.A.3", "CH4") - _line(result, "measures", "4.A.3", "CH4"))
    # the 2026 diverted waste has not started to decay in 2026 (6-month delay, eq. 3.4-3.5)
    assert landfill.loc[2026] == pytest.approx(0.0, abs=1e-6)
    assert 0 < landfill.loc[2027] < landfill.loc[2028] < landfill.loc[2030]
    # composting's own 4.B emissions appear at once, so the net saving is negative in 2026
    assert w.loc[2026, "territorial_saved_co2e_t"] < 0


def test_fuel_switch_lowers_gasoline_and_raises_electricity(result):
    model = result.model
    m = [x.id for x in model.measures].index("e_motorbike")
    elec = (model.lines["category"] == "electricity").to_numpy()
    t2030 = 2030 - 2020
    # uptake in 2030: 0.05 of gasoline (the plan's 5 % switching to electric vehicles);
    # electricity added = 0.05 × gasoline TJ × 1e6 MJ/TJ
    # × 0.038 kWh/MJ / 1000 × growth of 1.A.3.b CO2 × grid EF (base year)
    assert model.uptake[m, t2030] == pytest.approx(0.05)
    assert model.added[m, elec, t2030][0] > 0
    w = result.wedges[(result.wedges["measure"] == "e_motorbike") & (result.wedges["year"] == 2030)]
    assert w["territorial_saved_co2e_t"].item() > 0     # less gasoline burnt in Ben Tre
    assert w["scope2_saved_co2e_t"].item() < 0           # more purchased electricity
    road = _line(result, "measures", "1.A.3.b", "CO2").loc[2030]
    bau_road = _line(result, "BAU", "1.A.3.b", "CO2").loc[2030]
    assert road < bau_road


def test_awd_saving_in_2030(result):
    model = result.model
    m = [x.id for x in model.measures].index("awd")
    sfw_from, sfw_to, frac = model.measures[m].options["_sfw"]
    assert (sfw_from, sfw_to) == (1.0, 0.55)   # 2019 Refinement Table 5.12 p.5.54
    bau = _line(result, "BAU", "3.C.7", "CH4").loc[2030]
    w = result.wedges[(result.wedges["measure"] == "awd") & (result.wedges["year"] == 2030)]
    # AWD is first in order: saving = BAU × share of CF CH4 × uptake 0.5 × (1 - 0.55)
    assert w["territorial_saved_co2e_t"].item() == pytest.approx(bau * frac * 0.5 * 0.45,
                                                                  rel=1e-12)


def test_outputs_are_byte_identical_on_rerun(result, tmp_path):
    write_scenario(result, tmp_path / "a")
    write_scenario(run_scenario(BEN_TRE), tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert {"trajectories.csv", "trajectories.nc", "target.csv", "wedges.csv", "wedges.png",
            "progress.csv", "sensitivity.csv"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_mistakes_against_the_inventory_are_all_reported(tmp_path):
    folder = tmp_path / "sc"
    shutil.copytree(BEN_TRE, folder)
    head = (folder / "scenario.toml").read_text().replace(
        '"../../inventories/ben-tre"', f'"{ROOT / "inventories" / "ben-tre"}"')
    (folder / "scenario.toml").write_text(head)
    text = (folder / "measures.toml").read_text()
    text = text.replace('categories = ["1.A.2.f"]', 'categories = ["1.A.9"]', 1)
    text = text.replace('activity = "swine"', 'activity = "camels"', 1)
    text = text.replace("[[2025, 0.05], [2030, 0.3], [2050, 0.5]]\nsource = \"estimate: 50%",
                        "[[2025, 0.5], [2030, 0.95], [2050, 0.95]]\nsource = \"estimate: 50%", 1)
    (folder / "measures.toml").write_text(text)
    with pytest.raises(InputError) as error:
        run_scenario(folder)
    message = str(error.value)
    assert "measures.toml: measure non_fired_bricks: categories: '1.A.9' is not a category" \
        in message
    assert "measures.toml: measure biogas: activity: 'camels' is not an activity of the " \
        "inventory" in message
    assert "measures rooftop_solar, efficient_lighting, solar_water_heaters together take more " \
        "than all of activity grid_electricity" in message


def test_the_command_writes_the_target_check_and_refuses_an_existing_run(tmp_path, capsys):
    from pathlib import Path

    from ghg.cli import main

    folder = Path(__file__).resolve().parents[2] / "scenarios" / "ben-tre"
    assert main(["scenario", str(folder), "-o", str(tmp_path / "s")]) == 0
    target = pd.read_csv(tmp_path / "s" / "target.csv")
    assert list(target.columns[:6]) == ["year", "bau_co2e_t", "scenario_co2e_t", "reduction_pct",
                                        "target_pct", "met"]
    assert "target met:" in capsys.readouterr().out
    assert main(["scenario", str(folder), "-o", str(tmp_path / "s")]) == 2
