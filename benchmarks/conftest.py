"""Fixtures of the performance benchmarks (pytest-benchmark).

Run from the repository root (see benchmarks/README.md)::

    python -m pytest benchmarks -p no:cacheprovider --benchmark-only

The normal test run (``pytest`` with ``testpaths = ["tests"]``) never collects this folder.

The benchmark process is pinned to one CPU (the targets are per core); set
``GHG_BENCH_ALL_CORES=1`` to leave the affinity alone. Whole commands
(``test_bench_cli.py``) run on all the machine's CPUs, as a user's do.
"""

from __future__ import annotations

import functools
import gc
import os
import resource
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # --import-mode=importlib does not add it; the modules import
    sys.path.insert(0, str(HERE))  # each other as plain top-level modules (synthetic, baseline)


@pytest.fixture(autouse=True, scope="session")
def _own_memo(tmp_path_factory):
    """The benchmarks' own memo folder (ghg/core/memo.py), empty at the start: the user's is
    never read or written; the first run of a command fills it, as on a first use."""
    with pytest.MonkeyPatch.context() as patch:  # the environment as it was, afterwards
        patch.setenv("GHG_CACHE_DIR", str(tmp_path_factory.mktemp("ghg-memo")))
        yield


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: 10^7-row benchmarks (deselect with -m 'not slow')")
    if os.environ.get("GHG_BENCH_ALL_CORES") != "1" and hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        # the machine's CPUs, for benchmarks of whole commands, which a user runs on all of them
        os.environ["GHG_BENCH_MACHINE_CPUS"] = ",".join(map(str, cpus))
        os.sched_setaffinity(0, {cpus[0]})


def pytest_benchmark_update_machine_info(config: pytest.Config, machine_info: dict) -> None:
    machine_info["cpu_affinity"] = sorted(os.sched_getaffinity(0)) \
        if hasattr(os, "sched_getaffinity") else None


def peak_rss_mib() -> float:
    """High-water mark of this process's resident memory so far (MiB, Linux ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@functools.lru_cache(maxsize=1)  # one size in memory at a time (10^7 rows: ~200 MB)
def _activity(n_rows: int):
    from synthetic import make_activity

    gc.collect()
    return make_activity(n_rows, seed=0)


@pytest.fixture
def activity_table():
    """``activity_table(n)``: the synthetic table of n rows (seed 0)."""
    return _activity


@pytest.fixture(scope="session")
def warm_engine() -> None:
    """Run the engine once on a small table so unit registry and category tree are built."""
    from synthetic import combo_table

    import ghg

    ghg.compute(combo_table())


@pytest.fixture(scope="session")
def baseline_tables():
    """The baseline's lookup tables, checked against the engine before anything is timed."""
    from baseline import assert_baseline_agrees, build_tables

    tables = build_tables()
    assert_baseline_agrees(tables, n_rows=10**4)
    return tables
