"""The same engine on dask, for inventories larger than one process should hold.

Activity data come in partitions (one activity table file, or one DataFrame, per partition). Each
partition is validated and computed by the in-memory engine in a dask task; emission rows and the
provincial cube are then combined. A source's rows of one category must all be in one partition,
so that its groups and its duplicate check are complete; this is checked, never assumed. (An
aggregate source such as ``province`` may appear in several sector files, one per category.)

Schedulers: ``threads`` and ``processes`` (local dask schedulers), ``synchronous``, or the address
of a running ``dask.distributed`` scheduler (``tcp://host:8786``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.schema import GASES

EMISSION_KEY = ["source_id", "year", "category", "scope", "gas"]
CUBE_DIMS = ["scope", "category", "gas", "year"]


@dataclass
class ScaledResult:
    """Combined results of all partitions."""

    emissions: pd.DataFrame | None  # None when rows were not kept
    biogenic_co2: pd.DataFrame | None
    cube: pd.DataFrame  # long: scope, category, gas, year, emissions_t, co2e_t
    rows: int
    partitions: int


def _partition(load: Callable[[], Any], options: dict, keep_rows: bool) -> dict:
    """Compute one partition with the in-memory engine (runs inside a dask task)."""
    from ghg.engine.pipeline import compute

    result = compute(load(), **options)
    emissions = result.emissions.astype({"source_id": str, "category": str, "gas": str})
    biogenic = result.biogenic_co2.astype({"source_id": str, "category": str, "gas": str})
    cube = emissions.groupby(CUBE_DIMS, sort=False)[["emissions_t", "co2e_t"]].sum()\
        .reset_index()
    return {"emissions": emissions if keep_rows else None,
            "biogenic": biogenic if keep_rows else None,
            "cube": cube, "rows": result.provenance["rows"]["read"],
            "sources": np.unique((emissions["source_id"] + " / " + emissions["category"])
                                 .to_numpy(dtype=str))}


def compute_partitions(loaders: Sequence[Callable[[], Any]], *, scheduler: str = "threads",
                       keep_rows: bool = True, **options) -> ScaledResult:
    """Compute every partition in dask and combine them.

    ``loaders`` are zero-argument callables returning one partition (a DataFrame or a table
    path); they run inside the tasks, so a partition is only in memory where it is computed.
    ``options`` go to :func:`ghg.compute` (``factors``, ``gwp``, ``grid_ef_fallback``, ...).
    """
    import dask

    tasks = [dask.delayed(_partition)(load, options, keep_rows) for load in loaders]
    if scheduler in ("threads", "processes", "synchronous"):
        parts = dask.compute(*tasks, scheduler=scheduler)
    else:
        from dask.distributed import Client

        with Client(scheduler) as client:
            parts = client.compute(tasks, sync=True)
    _check_disjoint([p["sources"] for p in parts])
    cube = pd.concat([p["cube"] for p in parts], ignore_index=True)
    cube = cube.groupby(CUBE_DIMS, sort=True)[["emissions_t", "co2e_t"]].sum().reset_index()
    emissions = biogenic = None
    if keep_rows:
        emissions = _ordered(pd.concat([p["emissions"] for p in parts], ignore_index=True))
        biogenic = _ordered(pd.concat([p["biogenic"] for p in parts], ignore_index=True))
    return ScaledResult(emissions, biogenic, cube, sum(p["rows"] for p in parts), len(parts))


def _check_disjoint(sources: list[np.ndarray]) -> None:
    """Every source in one partition only."""
    if not sources:
        return
    everything = np.concatenate(sources)
    owner = np.repeat(np.arange(len(sources)), [len(s) for s in sources])
    order = np.argsort(everything, kind="stable")
    names, owners = everything[order], owner[order]
    repeated = np.flatnonzero(names[1:] == names[:-1])
    if repeated.size:
        raise InputError([Problem(f"partition {owners[i]}", None, "source_id / category",
                                  str(names[i]), f"is also in partition {owners[i + 1]}; expected "
                                  "all rows of a source and category in one partition (one "
                                  "activity file per group of facilities)")
                          for i in repeated[:20]])


def _ordered(table: pd.DataFrame) -> pd.DataFrame:
    """The in-memory engine's row order: source, year, category, scope, then CO2, CH4, N2O."""
    gas_rank = table["gas"].map({g: i for i, g in enumerate(GASES)})
    return (table.assign(_gas=gas_rank)
            .sort_values(["source_id", "year", "category", "scope", "_gas"], kind="stable")
            .drop(columns="_gas").reset_index(drop=True))


def file_loaders(folder: Path) -> list[Callable[[], Any]]:
    """One partition per activity table of an inventory folder (``activity/*.csv|xlsx``)."""
    from functools import partial

    files = sorted(p for p in (Path(folder) / "activity").glob("*")
                   if p.suffix.lower() in (".csv", ".xlsx", ".xlsm"))
    if not files:
        raise ConfigError(f"{folder}/activity: no activity tables; expected .csv or .xlsx files")
    return [partial(_read_table, path) for path in files]


def _read_table(path: Path) -> pd.DataFrame:
    from ghg.inputs.activity import validate
    from ghg.inputs.tables import read_tables

    return validate(read_tables(path, path.name))
