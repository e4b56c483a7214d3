"""Wall time of each ``ghg`` command on the bundled data, each round a fresh process, against
``python -c "import pandas"`` timed in the same run (a yardstick of this machine's speed).

Targets (issue #13): ``compute`` <= 1.5 s (about 3x the yardstick), ``report`` <= 3 s;
``scenario``, ``review``, ``explain``, ``recompute`` <= 2 s; ``--help`` <= 0.2 s; a validation
error on a small file <= 1 s; the first ``ghg.compute(df)`` in a fresh process <= 1.5 s.
``extra_info`` holds ``ratio_to_import_pandas`` (median over median) and whether the target is met.

Commands run with the suite's memo of kept answers (``GHG_CACHE_DIR``, ghg/core/memo.py), warmed by
the first ``compute`` of the ``places`` fixture, as on a machine where ghg has run before; the
``GHG_CACHE_DIR=off`` case is every command's cost the first time.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INVENTORY = "inventories/ben-tre"
ROUNDS = 3

#: name -> (arguments after ``python``, target in seconds, expected exit code); OUT and RUN are
#: replaced by a fresh output folder and by a run folder written once before timing.
COMMANDS = {
    "ghg --help": (["-m", "ghg.cli", "--help"], 0.2, 0),
    "ghg compute": (["-m", "ghg.cli", "compute", INVENTORY, "-o", "OUT"], 1.5, 0),
    "ghg compute (GHG_CACHE_DIR=off)": (["-m", "ghg.cli", "compute", INVENTORY, "-o", "OUT"],
                                        1.5, 0),
    "ghg compute --format csv": (["-m", "ghg.cli", "compute", INVENTORY, "-o", "OUT",
                                  "--format", "csv"], 1.5, 0),
    "ghg report": (["-m", "ghg.cli", "report", INVENTORY, "-o", "OUT"], 3.0, 0),
    "ghg scenario": (["-m", "ghg.cli", "scenario", "scenarios/ben-tre", "-o", "OUT"], 2.0, 0),
    "ghg review --year 2024": (["-m", "ghg.cli", "review", INVENTORY, "--year", "2024", "-o",
                                "OUT"], 2.0, 0),
    "ghg explain": (["-m", "ghg.cli", "explain", INVENTORY, "--source", "BT-F05", "--year",
                     "2023"], 2.0, 0),
    "ghg recompute --gwp AR6": (["-m", "ghg.cli", "recompute", "RUN", "-o", "OUT", "--gwp",
                                 "AR6"], 2.0, 0),
    "ghg compute BAD.csv (validation error)": (["-m", "ghg.cli", "compute", "BAD", "-o", "OUT"],
                                               1.0, 2),
    "ghg compute -o RUN (existing run)": (["-m", "ghg.cli", "compute", INVENTORY, "-o", "RUN"],
                                          1.0, 2),
    "first ghg.compute(df)": (["-c", "import pandas as pd\nimport ghg\n"
                               f"df = pd.read_csv('{INVENTORY}/activity/energy.csv')\n"
                               "ghg.compute(df.drop(columns='source'), "
                               "grid_ef_fallback='latest')"], 1.5, 0),
}
#: An 8-row table with one amount written the Vietnamese way (refused: no number format given).
BAD_TABLE = ("source_id,year,category,activity,amount,unit\n"
             + "".join(f"F{i},2023,1.A.2.e,diesel,{100 + i},t\n" for i in range(7))
             + "F7,2023,1.A.2.e,diesel,\"1.234,5\",t\n")


#: Commands run without the memo of kept answers (ghg/core/memo.py): the first run on a machine.
NO_MEMO = {"ghg compute (GHG_CACHE_DIR=off)"}


def _machine_cpus() -> None:
    """In the command's process: all the machine's CPUs (the suite pins itself to one), as a
    user's command has; the report and the scenario draw their charts in second processes."""
    cpus = os.environ.get("GHG_BENCH_MACHINE_CPUS")
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(c) for c in cpus.split(",")})


def _seconds(args: list[str], memo: str | None = None) -> tuple[float, int]:
    env = {**os.environ, "GHG_CACHE_DIR": memo or os.environ["GHG_CACHE_DIR"]}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, env=env,
                          preexec_fn=_machine_cpus)
    return time.perf_counter() - start, done.returncode


@pytest.fixture(scope="module")
def import_pandas_s() -> float:
    """Median of 5 fresh ``import pandas`` (after one warm-up), the yardstick of this run."""
    _seconds(["-c", "import pandas"])
    return statistics.median(_seconds(["-c", "import pandas"])[0] for _ in range(5))


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """A run folder for ``recompute`` (and to be refused), and the bad table."""
    work = tmp_path_factory.mktemp("cli")
    run = work / "run"
    _, code = _seconds(["-m", "ghg.cli", "compute", INVENTORY, "-o", str(run)])
    assert code == 0
    bad = work / "bad.csv"
    bad.write_text(BAD_TABLE, encoding="utf-8")
    return {"RUN": str(run), "BAD": str(bad), "work": str(work)}


def test_import_pandas(benchmark):
    benchmark.group = "cli"
    benchmark.pedantic(_seconds, args=(["-c", "import pandas"],), rounds=ROUNDS,
                       warmup_rounds=1, iterations=1)
    benchmark.extra_info["impl"] = 'python -c "import pandas"'


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command(benchmark, name, places, import_pandas_s):
    template, target, expected = COMMANDS[name]
    outs: list[Path] = []

    def fresh_output():  # each round writes a new folder
        outs.append(Path(places["work"]) / f"out{len(outs)}")
        shutil.rmtree(outs[-1], ignore_errors=True)
        return ([{"OUT": str(outs[-1])}.get(a, places.get(a, a)) for a in template],
                "off" if name in NO_MEMO else None), {}

    benchmark.group = "cli"
    _, code = benchmark.pedantic(_seconds, setup=fresh_output, rounds=ROUNDS, warmup_rounds=0,
                                 iterations=1)
    assert code == expected
    benchmark.extra_info.update({"impl": name, "target_s": target,
                                 "import_pandas_s": round(import_pandas_s, 3)})
    if benchmark.stats is None:  # --benchmark-disable
        return
    median = benchmark.stats.stats.median
    benchmark.extra_info.update({"ratio_to_import_pandas": round(median / import_pandas_s, 2),
                                 "meets_target": median <= target})
