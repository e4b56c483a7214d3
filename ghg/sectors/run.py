"""Running the sector methods (livestock, rice, soils, land, waste ...) on their activity rows.

The activity frame is split by activity kind: energy rows go through
:mod:`ghg.sectors.energy.method`; every other kind goes to the method of its sector module
(:data:`ghg.core.kinds.KINDS`), which returns emission records (:mod:`ghg.sectors.method`).
All problems of all methods are collected and raised together, like the activity table's own
checks, so an officer sees every bad row at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.kinds import ENERGY_KINDS, KINDS, kinds_of
from ghg.factors.library import FactorLibrary
from ghg.factors.parameters import Parameters
from ghg.inputs.activity import energy_mask, row_kinds
from ghg.inputs.config import InventoryConfig
from ghg.sectors.method import RECORD_COLUMNS, SectorContext, SectorRows, concat_records, no_records


def method_module(kind: str) -> ModuleType:
    """The module whose ``method(rows, context)`` computes activity rows of ``kind``."""
    return import_module(f"ghg.sectors.{KINDS[kind].module}")


@dataclass(frozen=True)
class SectorResult:
    """Records of every sector row, and the context they were computed in."""

    records: pd.DataFrame
    parameters: Parameters
    years: np.ndarray
    notes: tuple[str, ...] = ()
    config: InventoryConfig | None = None
    tables: dict[str, pd.DataFrame] | None = None
    #: Waste burnt (t wet) per input ``row``, year, 4.C category and treatment, as the 4.C
    #: records were computed from it (:func:`ghg.sectors.waste.method.burnt_waste`); ``None``
    #: where the methods did not record it (no waste rows, or results combined from chunks).
    burnt_waste: pd.DataFrame | None = None

    def rows_without_records(self, frame: pd.DataFrame) -> np.ndarray:
        """Positions of sector rows of ``frame`` that gave no record at all."""
        sector = np.flatnonzero(~energy_mask(frame))
        return sector[~np.isin(sector, self.records["row"].to_numpy())]

    def context(self) -> SectorContext:
        """A context like the one the methods ran in (e.g. to explain a landfill result)."""
        return SectorContext(self.parameters, self.config, self.tables or {}, self.years)


def reporting_years(frame: pd.DataFrame, config: InventoryConfig | None) -> np.ndarray:
    """The inventory's ``years`` if set, else every year from the first to the last in the data."""
    if config is not None and config.years:
        return np.array(sorted(config.years), dtype=np.int64)
    year = frame["year"].to_numpy()
    return np.arange(int(year.min()), int(year.max()) + 1, dtype=np.int64)


def run_sectors(frame: pd.DataFrame, library: FactorLibrary, config: InventoryConfig | None,
                tables: dict[str, pd.DataFrame], years: np.ndarray | None = None
                ) -> SectorResult:
    """Records of the non-energy rows of ``frame``; :class:`InputError` lists all problems."""
    parameters = library.parameters()
    years = reporting_years(frame, config) if years is None else years
    kinds = row_kinds(frame)
    sector = ~np.isin(kinds, ENERGY_KINDS)
    if not sector.any():
        return SectorResult(no_records(), parameters, years, (), config, tables)
    context = SectorContext(parameters, config, tables, years)
    modules = sorted({KINDS[k].module for k in np.unique(kinds[sector])})
    parts, problems = [], []
    for module_name in modules:  # one call per sector module, each vectorised over its rows
        module_kinds = kinds_of(module_name)
        module = method_module(module_kinds[0])
        mine = np.flatnonzero(np.isin(kinds, module_kinds))
        rows = SectorRows(_plain(frame, mine))
        out = module.method(rows, context)
        problems += rows.problems
        parts.append(out[RECORD_COLUMNS])
    if problems:
        raise InputError(sorted(problems, key=_problem_order))
    records = concat_records(parts)  # text columns stay codes across modules
    _check_records(records)
    return SectorResult(records, parameters, years, tuple(dict.fromkeys(context.notes)), config,
                        tables, context.amounts.get("burnt_waste"))


def _problem_order(problem: Problem) -> tuple:
    return (problem.file, problem.line or 0, problem.column)


def sector_rows(frame: pd.DataFrame, kinds: tuple[str, ...]) -> SectorRows:
    """The rows of the given activity kinds, as a sector method receives them."""
    return SectorRows(_plain(frame, np.flatnonzero(np.isin(row_kinds(frame), kinds))))


def _plain(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """The rows at ``positions`` and their ``row`` position.

    Text columns stay categorical as the reader made them: methods work on their integer codes
    (:meth:`SectorRows.codes`) instead of hashing 10^6 strings again.
    """
    columns = {"row": positions}
    for column in frame.columns:  # column by column: no block manager take of the whole frame
        values = frame[column].array.take(positions)
        columns[column] = values.remove_unused_categories() \
            if isinstance(values, pd.Categorical) else values
    return pd.DataFrame(columns, index=np.arange(len(positions)), copy=False)


def _check_records(records: pd.DataFrame) -> None:
    """A method must never hand back NaN or infinite emissions: that would be a bug, not input."""
    bad = ~np.isfinite(records["emissions_t"].to_numpy(dtype=float))
    if bad.any():
        first = records.loc[bad].iloc[0]
        raise RuntimeError(f"sector method gave a non-finite emission for input row "
                           f"{first['row']} ({first['step']}, {first['category']}, "
                           f"{first['gas']}); this is a bug in ghg")
