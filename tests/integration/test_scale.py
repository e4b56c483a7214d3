"""The same engine on dask: partitions give exactly the in-memory results (the Result
contract on the bundled inventory: test_result_contract.py)."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import ghg
from ghg.core.errors import InputError
from ghg.engine.distributed import compute_cube, compute_partitions
from ghg.engine.result import Result


def activity(n_sources: int = 30, seed: int = 7) -> pd.DataFrame:
    """Facilities with fuels and electricity over 2018-2023 (factors exist for all)."""
    rng = np.random.default_rng(seed)
    combos = [("diesel", "1.A.2", "t"), ("lpg", "1.A.2.e", "t"), ("diesel", "1.A.3.b", "l"),
              ("wood", "1.A.2.e", "t"), ("grid_electricity", "1.A.2", "MWh"),
              ("grid_electricity", "1.A.4.a", "kWh"), ("natural_gas", "1.A.1", "TJ")]
    rows = [(f"S{s:03d}", year, cat, act, float(rng.lognormal(5, 1)), unit)
            for s in range(n_sources) for year in range(2018, 2024)
            for act, cat, unit in combos if rng.random() < 0.7]
    return pd.DataFrame(rows, columns=["source_id", "year", "category", "activity", "amount",
                                       "unit"])


def by_source(table: pd.DataFrame, n_parts: int) -> list:
    groups = np.array_split(np.sort(table["source_id"].unique()), n_parts)
    return [partial(lambda names: table[table["source_id"].isin(names)].reset_index(drop=True),
                    g) for g in groups]


@pytest.mark.parametrize("scheduler", ["threads", "synchronous"])
def test_partitions_reproduce_the_in_memory_emissions(scheduler):
    table = activity()
    expected = ghg.compute(table)
    scaled = compute_partitions(by_source(table, 4), scheduler=scheduler)
    assert isinstance(scaled, Result)
    pd.testing.assert_frame_equal(scaled.emissions, expected.emissions, check_exact=True)
    pd.testing.assert_frame_equal(scaled.biogenic_co2, expected.biogenic_co2, check_exact=True)
    assert scaled.provenance["rows"] == expected.provenance["rows"]
    assert scaled.provenance["options"] == {**expected.provenance["options"],
                                            "scheduler": scheduler}
    xr.testing.assert_identical(scaled.cube, expected.cube)


def test_a_local_cluster_gives_identical_emissions_and_cube():
    from dask.distributed import LocalCluster

    table = activity(n_sources=40, seed=11)
    expected = ghg.compute(table)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        scaled = compute_partitions(by_source(table, 6), scheduler=cluster.scheduler_address)
        cube = compute_cube(by_source(table, 6), scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(scaled.emissions, expected.emissions, check_exact=True)
    xr.testing.assert_identical(scaled.cube, expected.cube)
    # only the cubes came back: the same dataset, added up partition by partition
    assert isinstance(cube, xr.Dataset)
    assert {n: (v.dims, v.dtype) for n, v in cube.variables.items()} == {
        n: (v.dims, v.dtype) for n, v in expected.cube.variables.items()}
    xr.testing.assert_allclose(cube, expected.cube, rtol=1e-12)


def ben_tre_like_uncertainty(n_cells: int = 60, seed: int = 3):
    """Inventory (cells x 2015-2024) and uncertainty tables shaped like Ben Tre's (issue #5).

    Five sectors, removals in sector 4, uncertainties 2-120 % (normal and lognormal draws), a
    third of the cells in shared factor groups and some in shared activity groups.
    """
    rng = np.random.default_rng(seed)
    years = np.arange(2015, 2025)
    sector = np.array(["1", "2", "3", "4", "5"])[np.arange(n_cells) % 5]
    category = np.array([f"{s}.A.{i}" for i, s in enumerate(sector)])
    gas = np.array(["CO2", "CH4", "N2O"])[np.arange(n_cells) % 3]
    level = rng.lognormal(8, 1.5, n_cells) * np.where(sector == "4", -1.0, 1.0)
    values = level[:, None] * rng.normal(1.02, 0.03, (n_cells, len(years))).cumprod(axis=1)
    inventory = pd.DataFrame({"category": np.repeat(category, len(years)),
                              "gas": np.repeat(gas, len(years)),
                              "year": np.tile(years, n_cells), "co2e_t": values.ravel()})
    tied = np.arange(n_cells) % 3 == 0
    factor_group = np.where(tied, [f"ef{i % 4}" for i in range(n_cells)], "")
    activity_group = np.where(np.arange(n_cells) % 7 == 0, "ad_livestock", "")
    uncertainty = pd.DataFrame({
        "category": category, "gas": gas, "u_activity_pct": np.where(
            activity_group != "", 10.0, rng.uniform(2, 30, n_cells)),
        "u_factor_pct": np.where(tied, 25.0, rng.uniform(2, 120, n_cells)),
        "factor_group": factor_group, "activity_group": activity_group})
    return inventory, uncertainty


def test_a_local_cluster_gives_the_in_memory_monte_carlo_cube():
    from dask.distributed import Client, LocalCluster, wait

    from ghg.province.uncertainty_cube import draws_cube, draws_cube_dask, intervals

    inventory, uncertainty = ben_tre_like_uncertainty()
    memory = draws_cube(inventory, uncertainty, draws=5_000, seed=2026, chunk=1_000)
    lazy = draws_cube_dask(inventory, uncertainty, draws=5_000, seed=2026, chunk=1_000)
    assert lazy.chunks[0] == (1_000,) * 5
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        persisted = client.persist(lazy)  # the five blocks are drawn on the workers
        wait(persisted)
        held = client.who_has(persisted)
        assert len(held) == 5 and all(held.values())  # every block sits on a worker
        computed = persisted.compute()
    assert memory.shape == (5_000, 5, 10)
    assert np.array_equal(computed.values, memory.values)
    for name in ("totals", "sectors", "trend"):
        pd.testing.assert_frame_equal(getattr(intervals(computed), name),
                                      getattr(intervals(memory), name), check_exact=True)


def test_a_source_split_across_partitions_is_refused():
    table = activity(n_sources=4)
    first = table[table["year"] <= 2020].reset_index(drop=True)
    second = table[table["year"] > 2020].reset_index(drop=True)
    with pytest.raises(InputError, match="is also in partition 1; expected all rows of a source"):
        compute_partitions([lambda: first, lambda: second], scheduler="synchronous")
