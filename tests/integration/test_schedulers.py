"""The threads, processes and distributed schedulers give the plain run's results, every time:
50 runs each on a small inventory of several activity files (units parsed and converted in
parallel tasks, energy and sector rows), compared exactly with the in-memory run.

An earlier version raced under ``--scheduler threads`` (pint's context graph, used for GWP
conversions); GWP values are now plain numbers and the unit registry is built once, under a lock.
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

import ghg
from ghg.core.files import json_bytes

pytest.importorskip("dask")
pytest.importorskip("distributed")

from ghg.engine.distributed import compute_folder
from ghg.engine.writers import run_files

ROOT = Path(__file__).resolve().parents[2]
RUNS = 50

FILES = {  # one file per facility: a source's rows of a category are in one partition
    "f1.csv": """source_id,year,category,activity,amount,unit
F1,2021,1.A.2,diesel,1000,t
F1,2022,1.A.2,diesel,1.2,kt
F1,2022,1.A.2,lpg,300,t
F1,2022,1.A.2,grid_electricity,2000,MWh
""",
    "f2.csv": """source_id,year,category,activity,amount,unit
F2,2022,1.A.4.a,diesel,25000,l
F2,2023,1.A.4.a,diesel,30,m3
F2,2022,1.A.4.a,grid_electricity,500000,kWh
F2,2023,1.A.4.a,grid_electricity,500,MWh
""",
    "f3.csv": """source_id,year,category,activity,amount,unit
F3,2021,1.A.1,natural_gas,12,TJ
F3,2022,1.A.1,natural_gas,13000,GJ
F3,2023,1.A.1,natural_gas,14,TJ
""",
}


@pytest.fixture(scope="module")
def inventory(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("schedulers") / "inv"
    (folder / "activity").mkdir(parents=True)
    (folder / "inventory.toml").write_text('name = "schedulers"\n')
    for name, text in FILES.items():
        (folder / "activity" / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def plain(inventory):
    result = ghg.compute(inventory)
    return result, run_files(result)


def same_as_plain(result, plain, files: bool) -> None:
    """The same emissions, memo, cube and provenance (and, with ``files``, the same bytes of
    every run file) as the plain run."""
    expected, written = plain
    pd.testing.assert_frame_equal(result.emissions, expected.emissions, check_exact=True)
    pd.testing.assert_frame_equal(result.biogenic_co2, expected.biogenic_co2, check_exact=True)
    xr.testing.assert_identical(result.cube, expected.cube)
    provenance = {**result.provenance, "options": {
        k: v for k, v in result.provenance["options"].items() if k != "scheduler"}}
    assert provenance == expected.provenance
    if not files:
        return
    ours = run_files(result)
    for name, data in written.items():
        if name == "provenance.json":
            theirs = json.loads(ours[name])
            del theirs["options"]["scheduler"]
            assert json_bytes(theirs) == data
        else:
            assert ours[name] == data, name


def test_threads_give_the_plain_results_50_times(inventory, plain):
    for i in range(RUNS):
        same_as_plain(compute_folder(inventory, scheduler="threads"), plain, files=i == 0)


def test_processes_give_the_plain_results_50_times(inventory, plain):
    import dask

    # one pool of worker processes for all runs (dask would start a pool for each)
    with ProcessPoolExecutor(2) as pool, dask.config.set(pool=pool):
        for i in range(RUNS):
            same_as_plain(compute_folder(inventory, scheduler="processes"), plain, files=i == 0)


def test_a_local_cluster_gives_the_plain_results_50_times(inventory, plain):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True,
                      dashboard_address=":0") as cluster:
        for i in range(RUNS):
            same_as_plain(compute_folder(inventory, scheduler=cluster.scheduler_address),
                          plain, files=i == 0)


def test_the_unit_registry_is_built_once_under_concurrent_first_use():
    from concurrent.futures import ThreadPoolExecutor

    from ghg.core import units

    original = units.registry()
    units._reset_registry()
    try:
        with ThreadPoolExecutor(8) as threads:
            made = list(threads.map(lambda _: units.registry(), range(32)))
        assert len({id(r) for r in made}) == 1 and made[0] is not original
    finally:  # put the registry every cache was built with back
        units._reset_registry()
        units._REGISTRY.append(original)
