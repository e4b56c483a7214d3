"""The same engine on dask: an inventory computed partition by partition, giving the same
:class:`~ghg.engine.result.Result` as the in-memory run.

Activity data come in partitions: one activity table file of an inventory folder
(:func:`compute_folder`, ``ghg compute FOLDER --scheduler ...``), or one DataFrame or table per
loader (:func:`compute_partitions`). Each partition is validated and computed by the in-memory
engine in a dask task; :func:`ghg.engine.combine.combine_results` then joins the partitions into
the Result the in-memory engine gives all rows at once: the same emissions table, provenance
(plus ``options.scheduler``), cube, ``detail`` and ``explain``, written by the same
:func:`ghg.engine.writers.write_result`. The client holds every input row and per-row result,
as the in-memory run does. For data too large for that, :func:`compute_cube` brings back only the
partitions' cubes and adds them up.

A source's rows of one category must all be in one partition, so that its groups and its
duplicate check are complete; this is checked, never assumed. (An aggregate source such as
``province`` may appear in several sector files, one per category.) Partitions whose data span
fewer years than the whole are recomputed with the reporting years of the whole, so that methods
emitting in years without input rows (first-order decay) see the same years as in memory.

Schedulers: ``threads`` and ``processes`` (local dask schedulers), ``synchronous``, or the address
of a running ``dask.distributed`` scheduler (``tcp://host:8786``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.files import file_sha256
from ghg.engine.combine import Partition, combine_cubes, combine_results
from ghg.engine.result import Result
from ghg.inputs.config import InventoryConfig
from ghg.inputs.folder import Inputs, folder_inputs

if TYPE_CHECKING:
    import xarray as xr

#: A zero-argument callable giving one partition: a DataFrame, a table path, or :class:`Inputs`.
Loader = Callable[[], Any]


def compute_folder(folder: str | Path, *, scheduler: str = "threads",
                   factors: list[str] | None = None, gwp: str | None = None,
                   grid_ef_fallback: str | None = None, sum_duplicates: bool = False,
                   number_format: str | None = None) -> Result:
    """:func:`ghg.compute` of an inventory folder, one dask task per activity table file: the
    same :class:`Result`, whose provenance also records ``options.scheduler``."""
    return compute_partitions(file_loaders(folder, sum_duplicates, number_format),
                              scheduler=scheduler, factors=factors, gwp=gwp,
                              grid_ef_fallback=grid_ef_fallback, sum_duplicates=sum_duplicates)


def compute_partitions(loaders: Sequence[Loader], *, scheduler: str = "threads",
                       **options: Any) -> Result:
    """Compute every partition in dask and combine them into one :class:`Result`.

    ``loaders`` are zero-argument callables returning one partition (a DataFrame, a table path,
    or :class:`~ghg.inputs.folder.Inputs` as :func:`file_loaders` makes); they run inside the
    tasks, so a partition is read where it is computed. ``options`` go to :func:`ghg.compute`
    (``factors``, ``gwp``, ``grid_ef_fallback``, ``sum_duplicates``; ``config`` and ``tables``
    for DataFrames), or to :func:`ghg.engine.pipeline.compute_inputs` for :class:`Inputs`.
    The provenance records ``options.scheduler``. With :func:`file_loaders` everything else is
    that of the in-memory run of the folder; DataFrame partitions number their rows (``line``)
    each from 2, as :func:`ghg.compute` numbers one DataFrame's.
    """
    done = _compute_all(loaders, options, scheduler, cube_only=False)
    return combine_results([d.payload for d in done], options={"scheduler": scheduler})


def compute_cube(loaders: Sequence[Loader], *, scheduler: str = "threads",
                 **options: Any) -> xr.Dataset:
    """Only the cube of :attr:`Result.cube` (same dims, coords and dtypes), for data too large
    to gather: each task sends back its partition's cube and they are added up, so values equal
    the in-memory cube's up to floating-point rounding. Arguments as :func:`compute_partitions`.
    """
    done = _compute_all(loaders, options, scheduler, cube_only=True)
    return combine_cubes([d.payload for d in done])


def file_loaders(folder: str | Path, sum_duplicates: bool = False,
                 number_format: str | None = None) -> list[Loader]:
    """One partition per activity table of an inventory folder (``activity/*.csv|xlsx``), read
    as :func:`ghg.inputs.folder.read_inputs` reads the folder: the same file labels, inventory
    metadata and tables, register, local factor set and input hashes (each partition gets the
    folder's small files; its activity table is read inside its task)."""
    shared, files, problems = folder_inputs(Path(folder), number_format)
    if problems:
        raise InputError(problems)
    assert shared.config is not None  # a folder always has its inventory.toml
    number_format = number_format or shared.config.number_format
    return [partial(_read_partition, shared, path, sum_duplicates, number_format)
            for path in files]


def _read_partition(shared: Inputs, path: Path, sum_duplicates: bool,
                    number_format: str | None) -> Inputs:
    from ghg.inputs.activity import validate
    from ghg.inputs.tables import read_tables

    root = shared.root if shared.root is not None else path.parent
    label = path.relative_to(root).as_posix()
    return replace(shared, frame=validate(read_tables(path, label), sum_duplicates, number_format),
                   files={**shared.files, label: file_sha256(path)})


@dataclass(frozen=True)
class _Done:
    """What a task sends back: its result (or cube), and what the client checks across them."""

    payload: Any  # Partition, or the partition's cube
    sources: np.ndarray  # "source / category" of every emission row
    years: tuple[int, int]  # first and last year of the partition's rows
    sector_years: np.ndarray | None  # reporting years its sector methods ran with
    config: InventoryConfig | None


def _compute_all(loaders: Sequence[Loader], options: dict, scheduler: str,
                 cube_only: bool) -> list[_Done]:
    """Every partition computed, checked disjoint, and recomputed with the reporting years of
    the whole where its own years were fewer."""
    if not loaders:
        raise ConfigError("no partitions to compute; expected at least one activity table")
    done = _run(scheduler, [(load, options, None, cube_only) for load in loaders])
    _check_disjoint([d.sources for d in done])
    config = done[0].config
    if config is not None and config.years:
        return done  # every partition ran with the inventory's own reporting years
    years = np.arange(min(d.years[0] for d in done), max(d.years[1] for d in done) + 1)
    again = [i for i, d in enumerate(done)
             if d.sector_years is not None and not np.array_equal(d.sector_years, years)]
    if again:
        redone = _run(scheduler, [(loaders[i], options, years, cube_only) for i in again])
        for i, d in zip(again, redone, strict=True):
            done[i] = d
    return done


def _run(scheduler: str, calls: list[tuple]) -> list[_Done]:
    import dask

    tasks = [dask.delayed(_partition)(*call) for call in calls]
    if scheduler in ("threads", "processes", "synchronous"):
        return list(dask.compute(*tasks, scheduler=scheduler))
    from dask.distributed import Client

    with Client(scheduler) as client:
        return list(client.compute(tasks, sync=True))


def _partition(load: Loader, options: dict, years: np.ndarray | None, cube_only: bool) -> _Done:
    """Compute one partition with the in-memory engine (runs inside a dask task)."""
    from ghg.engine.pipeline import compute, compute_inputs

    data = load()
    if isinstance(data, Inputs):
        config = data.config
        if years is not None:
            data = replace(data, config=_with_years(config, years))
        result = compute_inputs(data, **options)
    else:
        config = options.get("config")
        result = compute(data, **(options if years is None else
                                  {**options, "config": _with_years(config, years)}))
    # The contract is on input rows: a herd row (3.A) also gives 3.C.4 records, beside the
    # soil-N rows of another file; the combined records are summed per key like in memory.
    rows = result.all_rows
    sources = np.unique((rows["source_id"].astype(str) + " / "
                         + rows["category"].astype(str)).to_numpy(dtype=str))
    year = result.all_rows["year"].to_numpy()
    payload = result.cube if cube_only else Partition(result, config)
    return _Done(payload, sources, (int(year.min()), int(year.max())),
                 None if result.sectors is None else result.sectors.years, config)


def _with_years(config: InventoryConfig | None, years: np.ndarray) -> InventoryConfig:
    if config is None:
        raise ConfigError(f"partitions span the years {years[0]}-{years[-1]} but some with sector "
                          "rows span fewer, and no inventory metadata gives the reporting years; "
                          "pass config=InventoryConfig(name=..., years=[...])")
    return replace(config, years=[int(y) for y in years])


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
