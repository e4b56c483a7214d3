"""Combining the results of partitions computed apart into the :class:`Result` of the whole.

:mod:`ghg.engine.distributed` computes each partition (one activity file, or one DataFrame) with
the in-memory engine; :func:`combine_results` joins the partitions' input rows, per-row
calculations and sector records into those the in-memory engine would have made from all rows at
once, then builds the emissions tables, provenance and cube with the very functions the
in-memory pipeline uses (:func:`~ghg.engine.emissions.emission_tables`,
:func:`~ghg.engine.provenance.build_provenance`, :func:`~ghg.engine.cube.emissions_cube`). The
combined :class:`Result` is therefore the in-memory one: same emissions (values, order, dtypes),
same provenance, same cube, same ``detail`` and ``explain``.

The partitions must be those of one inventory (same factor sets, GWP and options) and hold a
source's rows of one category in one partition (:mod:`ghg.engine.distributed` checks this).
Three orders are rebuilt rather than recomputed, and ``tests/integration/test_result_contract.py``
checks them on the bundled inventory: the energy factor table in the key order of
:func:`~ghg.sectors.energy.method.calculate` (:func:`_key_order`); sector records by module, then
partition (a method's records follow its input rows); ``method_notes`` by the first sector module
of the partition that made them (exact when such a partition feeds one module). One cell differs
and reaches no output: ``Result.frame["region"]`` is ``""`` where the in-memory frame has NaN
(rows of a table without a ``region`` column next to tables with one).

:func:`combine_cubes` adds up partition cubes when the rows are too many to gather: the same cube
(dims, coords, dtypes), equal to the in-memory cube up to floating-point rounding (partition sums
are added in another order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ghg.core.errors import ConfigError
from ghg.core.kinds import KINDS
from ghg.core.schema import GASES
from ghg.engine.emissions import emission_tables, merge_sector_emissions
from ghg.engine.provenance import build_provenance
from ghg.engine.result import Result
from ghg.factors.parameters import Parameters
from ghg.factors.pollutants import POLLUTANTS
from ghg.inputs.activity import energy_mask, row_kinds
from ghg.inputs.config import InventoryConfig
from ghg.inputs.folder import Inputs
from ghg.sectors.energy.method import Calculation, not_estimated_codes
from ghg.sectors.method import concat_records
from ghg.sectors.run import SectorResult, reporting_years

if TYPE_CHECKING:
    import xarray as xr

#: The cube's air pollutant variable and its dimensions (:func:`ghg.engine.cube.pollutant_arrays`).
POLLUTANT_VARIABLE = "pollutant_emissions_t"
POLLUTANT_DIMS = ("pollutant_category", "pollutant", "pollutant_year")
#: Text columns of an activity frame held as categoricals (``file`` keeps partition order).
_CATEGORICAL = ("source_id", "category", "activity", "unit", "region", "file")
#: Columns that identify a key of the energy path's factor table (``calculation.factors``).
_FACTOR_KEY = ["source_id", "activity", "category", "year", "unit", "not_estimated"]


@dataclass(frozen=True)
class Partition:
    """One partition's in-memory result, with the inventory metadata it was computed with."""

    result: Result
    config: InventoryConfig | None  # as given, before any reporting years were set for it


def combine_results(parts: Sequence[Partition], options: dict | None = None) -> Result:
    """The :class:`Result` of all partitions' rows, as if computed at once.

    ``parts`` are in partition order (the order of the activity files, as the in-memory engine
    reads them). ``options`` are added to the provenance's ``options`` (e.g. the scheduler).
    """
    if not parts:
        raise ConfigError("no partitions to combine; expected at least one activity table")
    results = [p.result for p in parts]
    first = results[0]
    for result in results[1:]:
        for name in ("gwp", "factor_sets", "options"):
            if result.provenance[name] != first.provenance[name]:
                raise ConfigError(f"partitions were computed with different {name}; expected "
                                  "one inventory's partitions, computed with the same settings")
    frames = [r.all_rows for r in results]
    frame = combine_frames(frames)
    offsets = np.cumsum([0, *(len(f) for f in frames)])[:-1]
    config = parts[0].config
    energy = energy_mask(frame)
    sectors = None
    calc_frame = frame
    if not energy.all():
        sectors = _combine_sectors(parts, frame, offsets, config)
        calc_frame = frame.loc[energy].reset_index(drop=True)
    calculation = _combine_calculations([r.calculation for r in results], calc_frame)
    emissions, biogenic = emission_tables(calculation, first.gwp)
    if sectors is not None:
        emissions, biogenic = merge_sector_emissions(emissions, biogenic, sectors.records, frame,
                                                     first.gwp)
    sources = {r.provenance["source"] for r in results}
    inputs = Inputs(frame, config,
                    files={k: v for r in results for k, v in r.provenance["inputs"].items()},
                    source=Path(sources.pop()) if len(sources) == 1 and None not in sources
                    else None)
    provenance = build_provenance(inputs, first.library, first.gwp, calculation, emissions,
                                  options={**first.provenance["options"], **(options or {})},
                                  sectors=sectors)
    return Result(emissions, biogenic, provenance, calculation, first.library, first.gwp,
                  sectors, frame)


def combine_frames(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Activity frames end to end, with the dtypes :func:`ghg.inputs.activity.validate` gives
    all tables read at once: key columns categorical (sorted; ``file`` in partition order),
    sector and note columns text with ``""`` where a partition's table did not have them."""
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    out: dict[str, object] = {}
    for column in columns:
        if column in _CATEGORICAL:
            out[column] = union_categoricals([f[column].array for f in frames],
                                             sort_categories=column != "file")
        elif all(column in f for f in frames) and all(f[column].dtype != object for f in frames):
            out[column] = np.concatenate([f[column].to_numpy() for f in frames])
        else:  # text columns of some partitions only
            out[column] = np.concatenate([
                f[column].to_numpy(dtype=object) if column in f
                else np.full(len(f), "", dtype=object) for f in frames])
    return pd.DataFrame(out, columns=columns)


def _combine_calculations(calculations: Sequence[Calculation], frame: pd.DataFrame
                          ) -> Calculation:
    """Per-row results end to end; the factor table with one row per distinct key, in the order
    :func:`ghg.sectors.energy.method.calculate` gives the keys of ``frame``."""
    tables = [c.factors.assign(_part=i) for i, c in enumerate(calculations) if len(c.factors)]
    if not tables:  # no energy row anywhere
        return replace(calculations[0], frame=frame)
    every = pd.concat(tables, ignore_index=True)
    distinct = every.drop_duplicates(_FACTOR_KEY)
    distinct = distinct.iloc[np.lexsort(_key_order(distinct, frame)[::-1])]
    distinct = distinct.assign(key=np.arange(len(distinct)))
    # each partition's keys, renumbered: partition key -> row of ``every`` -> combined key
    new_key = every[_FACTOR_KEY].merge(distinct[[*_FACTOR_KEY, "key"]], on=_FACTOR_KEY,
                                       how="left", validate="many_to_one")["key"].to_numpy()
    starts = np.cumsum([0, *(len(c.factors) for c in calculations)])
    key = np.concatenate([new_key[start:][c.key] for c, start in zip(calculations, starts,
                                                                     strict=False)])
    return Calculation(frame, key, distinct.drop(columns="_part").reset_index(drop=True),
                       np.concatenate([c.emissions for c in calculations], axis=1),
                       np.concatenate([c.scope for c in calculations]),
                       np.concatenate([c.biogenic for c in calculations]))


def _key_order(keys: pd.DataFrame, frame: pd.DataFrame) -> list[np.ndarray]:
    """Sort columns, most significant first, of the flat key code ``calculate`` numbers keys
    by: own-factor keys after shared ones and by source, then activity, category, year, unit
    and declared not-estimated gases, each by its code in ``frame``'s categories."""

    def code(column: str) -> np.ndarray:
        return np.asarray(frame[column].cat.categories.get_indexer(keys[column].astype(str)))

    own = keys["source_id"].astype(str).ne("").to_numpy()
    source = np.where(own, code("source_id"), -1)
    _, ne_names = not_estimated_codes(frame)
    ne_rank = pd.Index(ne_names).get_indexer(keys["not_estimated"].astype(str))
    return [own, source, code("activity"), code("category"),
            keys["year"].to_numpy(dtype=np.int64), code("unit"), ne_rank]


def _combine_sectors(parts: Sequence[Partition], frame: pd.DataFrame, offsets: np.ndarray,
                     config: InventoryConfig | None) -> SectorResult:
    """Sector records of all partitions, in the order ``run_sectors`` makes them: by sector
    module (sorted), then input row; rows renumbered to ``frame``."""
    ends = [*offsets[1:], len(frame)]
    with_sectors = [(p.result.sectors, offset, end)
                    for p, offset, end in zip(parts, offsets, ends, strict=True)
                    if p.result.sectors is not None]
    records = concat_records([s.records.assign(row=s.records["row"].to_numpy() + offset)
                              for s, offset, _ in with_sectors])
    module = np.array([KINDS[k].module for k in row_kinds(frame)], dtype=object)
    modules = np.unique(module)
    rank = np.searchsorted(modules, module)
    order = np.argsort(rank[records["row"].to_numpy()], kind="stable")
    records = records.iloc[order].reset_index(drop=True)
    parameters = with_sectors[0][0].parameters
    used: set[int] = set().union(*(s.parameters.used for s, _, _ in with_sectors))
    # Notes in module order too: a partition's notes go where its first sector module goes
    # (exactly the in-memory order when each partition with notes is of one sector module).
    sector_rank = np.where(energy_mask(frame), len(modules), rank)
    first_module = [sector_rank[offset:end].min() for _, offset, end in with_sectors]
    notes = dict.fromkeys(note for i in np.argsort(first_module, kind="stable")
                          for note in with_sectors[i][0].notes)
    return SectorResult(records, Parameters(parameters.rows, parameters.dimensions, used),
                        reporting_years(frame, config), tuple(notes), config,
                        with_sectors[0][0].tables)


def combine_cubes(cubes: Sequence[xr.Dataset]) -> xr.Dataset:
    """Partition cubes added up, laid out as :func:`ghg.engine.cube.emissions_cube` lays out the
    cube of all rows (labels sorted, gases in output order, every year from first to last)."""
    import xarray as xr

    # Air pollutants have dimensions of their own: added up apart, then put back.
    air = [c[POLLUTANT_VARIABLE] for c in cubes if POLLUTANT_VARIABLE in c]
    cubes = [c.drop_vars([POLLUTANT_VARIABLE, *POLLUTANT_DIMS], errors="ignore") for c in cubes]
    if any("region" in c.dims for c in cubes):
        cubes = [c if "region" in c.dims else c.expand_dims(region=np.array([""]), axis=-1)
                 for c in cubes]
    aligned = xr.align(*cubes, join="outer", fill_value=0.0)
    total = aligned[0]
    for cube in aligned[1:]:
        total = total + cube
    years = total["year"].to_numpy()
    labels = {"scope": np.sort(total["scope"].to_numpy()).astype(np.int8),
              "category": np.sort(total["category"].to_numpy().astype(str)),
              "gas": np.array([g for g in GASES if g in set(total["gas"].to_numpy())]),
              "year": np.arange(int(years.min()), int(years.max()) + 1, dtype=np.int32)}
    if "region" in total.dims:
        labels["region"] = np.sort(total["region"].to_numpy().astype(str))
    first = cubes[0]
    layout = {str(name): labels[str(name)] for name in first.coords}  # the first cube's order
    total = total.reindex(layout, fill_value=0.0).assign_coords(layout)
    total = total.transpose(*first["emissions_t"].dims)
    for name in [*total.data_vars, *total.coords]:
        total[name].attrs = dict(first[name].attrs)
    total.attrs = dict(first.attrs)
    if air:
        total = total.assign_coords(_combined_pollutants(air).coords)
        total[POLLUTANT_VARIABLE] = _combined_pollutants(air)
    return total


def _combined_pollutants(parts: Sequence[xr.DataArray]) -> xr.DataArray:
    """Partition pollutant variables added up, laid out as
    :func:`ghg.engine.cube.pollutant_arrays` lays them out (categories sorted, pollutants in
    output order, every year from first to last)."""
    import xarray as xr

    aligned = xr.align(*parts, join="outer", fill_value=0.0)
    total = aligned[0]
    for part in aligned[1:]:
        total = total + part
    years = total["pollutant_year"].to_numpy()
    present = set(total["pollutant"].to_numpy().astype(str))
    labels = {"pollutant_category": np.sort(total["pollutant_category"].to_numpy().astype(str)),
              "pollutant": np.array([p for p in POLLUTANTS if p in present], dtype=str),
              "pollutant_year": np.arange(int(years.min()), int(years.max()) + 1,
                                          dtype=np.int32)}
    total = total.reindex(labels, fill_value=0.0).assign_coords(labels)
    total.attrs = dict(parts[0].attrs)
    return total.transpose(*POLLUTANT_DIMS)
