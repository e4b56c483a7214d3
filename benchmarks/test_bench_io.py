"""Reading plus validating a 10^6-row CSV, and start-up time of the ``ghg`` command.

Target: ``ghg --help`` in under 0.2 s (issue #13; it imports neither pandas nor numpy).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import peak_rss_mib

CSV_ROWS = 10**6
HELP_TARGET_S = 0.2


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory) -> Path:
    from synthetic import make_activity, write_csv

    return write_csv(make_activity(CSV_ROWS, seed=0),
                     tmp_path_factory.mktemp("io") / "activity.csv")


def test_read_inputs_csv(benchmark, csv_path, warm_engine):
    from ghg.inputs.folder import read_inputs

    benchmark.group = "io"
    inputs = benchmark.pedantic(read_inputs, args=(csv_path,), rounds=3, warmup_rounds=1,
                                iterations=1)
    assert len(inputs.frame) == CSV_ROWS
    if benchmark.stats is None:  # --benchmark-disable
        return
    stats = benchmark.stats.stats
    benchmark.extra_info.update({
        "impl": "read_inputs", "rows": CSV_ROWS, "rows_per_s": CSV_ROWS / stats.median,
        "file_mib": round(csv_path.stat().st_size / 2**20, 1),
        "mib_per_s": csv_path.stat().st_size / 2**20 / stats.median,
        "peak_rss_mib_so_far": round(peak_rss_mib(), 1),
    })


def ghg_command() -> str:
    script = Path(sys.executable).parent / "ghg"
    if not script.exists():
        pytest.skip(f"{script} not found; install the package (pip install -e .)")
    return str(script)


def test_cli_help_startup(benchmark):
    command = [ghg_command(), "--help"]
    benchmark.group = "cli"
    done = benchmark.pedantic(subprocess.run, args=(command,),
                              kwargs={"capture_output": True, "check": True},
                              rounds=10, warmup_rounds=1, iterations=1)
    assert b"usage: ghg" in done.stdout
    if benchmark.stats is None:  # --benchmark-disable
        return
    median = benchmark.stats.stats.median
    benchmark.extra_info.update({"impl": "ghg --help", "target_s": HELP_TARGET_S,
                                 "meets_target": median < HELP_TARGET_S})
