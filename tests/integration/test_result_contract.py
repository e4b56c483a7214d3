"""One Result contract, two ways to compute it: in memory (``ghg.compute``) and on dask
(``ghg.engine.distributed``, one partition per activity file). On the bundled inventory both give
the same emissions, provenance, cube and calculation detail, and write the same files through the
one writer registry, except for the provenance entries listed in :data:`DASK_ONLY`.

Both local schedulers are checked (``threads`` and ``processes``; ``processes`` takes 7-30 s
here on a shared 2-core machine, most of it starting the workers); ``test_scale.py`` checks a
``dask.distributed`` cluster.
"""

from __future__ import annotations

import json
import shutil
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import ghg
from ghg.core.files import json_bytes
from ghg.core.schema import EMISSION_COLUMNS, EMISSION_DTYPES, check_emissions
from ghg.engine.distributed import compute_folder
from ghg.engine.result import Result
from ghg.engine.writers import FORMATS, NEEDS, write_result

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"
#: Provenance entries only the dask run has (path of keys); everything else is equal.
DASK_ONLY = [("options", "scheduler")]


@pytest.fixture(scope="module")
def memory() -> Result:
    return ghg.compute(EXAMPLE)


@pytest.fixture(scope="module", params=["threads", "processes"])
def dask_run(request) -> Result:
    return compute_folder(EXAMPLE, scheduler=request.param)


@pytest.fixture(scope="module")
def written(memory, dask_run, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("runs")
    # every format the registry has and this install can write (parquet needs ghg[parquet])
    formats = [name for name in FORMATS if name not in NEEDS or find_spec(NEEDS[name][0])]
    write_result(memory, out / "memory", formats=formats)
    write_result(dask_run, out / "dask", formats=formats)
    return {"memory": out / "memory", "dask": out / "dask"}


def without_dask_only(provenance: dict) -> dict:
    copy = json.loads(json.dumps(provenance))
    for *parents, name in DASK_ONLY:
        entry = copy
        for parent in parents:
            entry = entry[parent]
        del entry[name]
    return copy


def test_the_dask_run_is_a_result(dask_run):
    assert isinstance(dask_run, Result)
    assert dask_run.provenance["options"]["scheduler"] in ("threads", "processes")


def test_provenance_has_the_same_keys_and_structure(memory, dask_run):
    ours, theirs = memory.provenance, dask_run.provenance
    assert sorted(theirs) == sorted(ours)
    for name in ours:
        assert type(theirs[name]) is type(ours[name]), name
    assert sorted(theirs["inputs"]) == sorted(ours["inputs"])
    assert sorted(theirs["gwp"]) == sorted(ours["gwp"])
    assert sorted(theirs["gwp"]["values"]) == sorted(ours["gwp"]["values"])
    assert [sorted(s) for s in theirs["factor_sets"]] == [sorted(s) for s in ours["factor_sets"]]
    assert sorted(theirs["options"]) == sorted([*ours["options"], "scheduler"])
    assert without_dask_only(theirs) == ours


def test_emissions_tables_are_equal_and_keep_the_contract(memory, dask_run):
    for table in (memory.emissions, dask_run.emissions, memory.biogenic_co2,
                  dask_run.biogenic_co2):
        assert check_emissions(table) == []
        assert list(table.columns) == list(EMISSION_COLUMNS)
        assert {c: str(t) for c, t in table.dtypes.items()} == EMISSION_DTYPES
    pd.testing.assert_frame_equal(dask_run.emissions, memory.emissions, check_exact=True)
    pd.testing.assert_frame_equal(dask_run.biogenic_co2, memory.biogenic_co2, check_exact=True)


def test_the_cube_is_the_same_dataset(memory, dask_run):
    cube, expected = dask_run.cube, memory.cube
    assert isinstance(cube, xr.Dataset) and isinstance(expected, xr.Dataset)
    assert cube.sizes == expected.sizes
    assert {n: v.dims for n, v in cube.variables.items()} == {
        n: v.dims for n, v in expected.variables.items()}
    assert {n: c.dtype for n, c in cube.coords.items()} == {
        n: c.dtype for n, c in expected.coords.items()}
    assert {n: v.dtype for n, v in cube.data_vars.items()} == {
        n: v.dtype for n, v in expected.data_vars.items()}
    xr.testing.assert_identical(cube, expected)


def test_detail_and_explain_are_the_same(memory, dask_run):
    pd.testing.assert_frame_equal(dask_run.detail, memory.detail, check_exact=True)
    for source, year in (("province", 2020), ("BT-SWDS-AnHiep", 2024), ("BT-F01", 2022)):
        assert dask_run.explain(source, year) == memory.explain(source, year)


def test_written_files_are_byte_identical(written):
    memory, dask = written["memory"], written["dask"]
    names = sorted(p.name for p in memory.iterdir())
    assert names == sorted(p.name for p in dask.iterdir())
    assert {"emissions.csv", "biogenic_co2.csv", "emissions.nc", "provenance.json",
            "calculation.csv"} <= set(names)
    for name in names:
        if name != "provenance.json":
            assert (dask / name).read_bytes() == (memory / name).read_bytes(), name
    theirs = json.loads((dask / "provenance.json").read_text(encoding="utf-8"))
    # the same bytes, once the dask-only entries are taken out
    assert json_bytes(without_dask_only(theirs)) == (memory / "provenance.json").read_bytes()


def test_the_command_writes_the_same_run_on_a_scheduler(tmp_path):
    from ghg.cli import main

    assert main(["compute", str(EXAMPLE), "-o", str(tmp_path / "memory")]) == 0
    assert main(["compute", str(EXAMPLE), "-o", str(tmp_path / "dask"),
                 "--scheduler", "threads"]) == 0
    names = sorted(p.name for p in (tmp_path / "memory").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir())
    for name in names:
        ours = (tmp_path / "memory" / name).read_bytes()
        theirs = (tmp_path / "dask" / name).read_bytes()
        if name == "provenance.json":
            assert json_bytes(without_dask_only(json.loads(theirs))) == ours
        else:
            assert theirs == ours, name


def test_partitions_with_fewer_years_get_the_reporting_years_of_the_whole(tmp_path):
    """A road-fuel row for 2014 makes 2014 a reporting year; the landfill, whose file starts in
    2015, must then emit in 2014 too (first-order decay of earlier deposits), as in memory."""
    folder = tmp_path / "ben-tre"
    shutil.copytree(EXAMPLE, folder)
    road = folder / "activity" / "energy_province.csv"
    lines = road.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("province,2015,1.A.3.b,")
    road.write_text("\n".join([*lines, lines[1].replace("province,2015,", "province,2014,", 1)])
                    + "\n", encoding="utf-8")
    memory = ghg.compute(folder)
    dask = compute_folder(folder, scheduler="threads")
    assert np.array_equal(dask.sectors.years, np.arange(2014, 2025))
    landfill = dask.emissions[(dask.emissions["category"] == "4.A.3")
                              & (dask.emissions["year"] == 2014)]
    assert len(landfill) > 0
    pd.testing.assert_frame_equal(dask.emissions, memory.emissions, check_exact=True)
    xr.testing.assert_identical(dask.cube, memory.cube)
    assert without_dask_only(dask.provenance) == memory.provenance
