"""``ghg report`` draws its charts in a second process (issue #13): the same bytes as drawn
here, and the commands that draw no chart import neither matplotlib nor scipy.special (the
report's Monte Carlo imports it only for uniform or triangular draws)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ghg import province
from ghg.core.background import Worker
from ghg.report.terms import Terms
from ghg.report.write import _import_charts, chart_files, write_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "ben-tre"


@pytest.fixture(scope="module")
def provincial():
    return province.build(EXAMPLE)


def test_charts_drawn_in_the_second_process_are_those_drawn_here(tmp_path, provincial):
    write_report(provincial, tmp_path / "report", lang="en")
    here = chart_files(provincial, Terms("en"))
    assert sorted(here) == ["chart_categories.png", "chart_key_categories.png",
                            "chart_pollutants.png", "chart_sectors.png", "chart_uncertainty.png"]
    for name, png in here.items():
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert (tmp_path / "report" / name).read_bytes() == png, name


def _imported(args: list[str]) -> list[str]:
    """The modules of interest that ``ghg ARGS`` imported in its own process."""
    watch = ("matplotlib", "scipy.special")
    code = ("import sys\nfrom ghg.cli import main\ncode = main(sys.argv[1:])\n"
            f"print(sorted(m for m in {watch!r} if m in sys.modules))\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    return eval(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="the second process is a fork")
def test_report_draws_its_charts_outside_its_own_process(tmp_path):
    # Ben Tre's Monte Carlo groups are normal and lognormal: no scipy.special either
    assert _imported(["report", str(EXAMPLE), "-o", str(tmp_path / "r")]) == []
    assert len(list((tmp_path / "r").glob("chart_*.png"))) == 5


@pytest.mark.parametrize("args", [
    ["facility-report", str(EXAMPLE), "--facility", "BT-F05", "--years", "2023,2024"],
    ["review", str(EXAMPLE), "--year", "2024"]])
def test_commands_without_charts_or_draws_import_neither(tmp_path, args):
    assert _imported([*args, "-o", str(tmp_path / "out")]) == []


@pytest.mark.parametrize("processes", [0, 1, 2])
def test_charts_are_the_same_whatever_the_number_of_processes(tmp_path, provincial, processes):
    write_report(provincial, tmp_path / "drawn", lang="en",
                 workers=[Worker(prepare=_import_charts) for _ in range(processes)])
    for name, png in chart_files(provincial, Terms("en")).items():
        assert (tmp_path / "drawn" / name).read_bytes() == png, name


@pytest.mark.skipif(sys.platform != "linux", reason="the second process is a fork")
def test_scenario_charts_drawn_in_worker_processes_are_those_drawn_here(tmp_path):
    from ghg.scenario.output import CHARTS, import_charts, scenario_chart, write_scenario
    from ghg.scenario.runner import run_scenario

    result = run_scenario(ROOT / "scenarios" / "ben-tre", draws=200)
    workers = [Worker(prepare=import_charts) for _ in CHARTS]
    write_scenario(result, tmp_path / "workers", workers)
    write_scenario(result, tmp_path / "here")
    for name in CHARTS:
        drawn = (tmp_path / "workers" / name).read_bytes()
        assert drawn[:8] == b"\x89PNG\r\n\x1a\n"
        assert drawn == (tmp_path / "here" / name).read_bytes() == \
            scenario_chart(result, "en", name), name
    # the command's own process draws no chart
    assert _imported(["scenario", str(ROOT / "scenarios" / "ben-tre"), "--draws", "200",
                      "-o", str(tmp_path / "cli")]) == []
    assert (tmp_path / "cli" / "tornado.png").read_bytes() == \
        (tmp_path / "here" / "tornado.png").read_bytes()



class _Recording(Worker):
    """A worker that does its work here and records what it was sent."""

    def __init__(self) -> None:
        super().__init__(fork=False)
        self.sent: list[str] = []

    def submit(self, work, *args):
        self.sent.append(work.__name__)
        return super().submit(work, *args)


@pytest.mark.parametrize("worker", [_Recording, Worker])
def test_monte_carlo_in_a_worker_gives_the_same_intervals(provincial, worker):
    """``ghg report`` draws the Monte Carlo in the chart process while the inventory is
    assembled here (``monte_carlo_worker``): the same intervals, to the last digit."""
    sent_to = worker()
    elsewhere = province.build(EXAMPLE, monte_carlo_worker=sent_to)
    if isinstance(sent_to, _Recording):
        assert sent_to.sent == ["monte_carlo"]
    for name in ("totals", "sectors", "trend"):
        pd.testing.assert_frame_equal(getattr(provincial.monte_carlo, name),
                                      getattr(elsewhere.monte_carlo, name), check_exact=True)
