"""Inventory-level tables of an inventory folder, read once with the activity tables.

``notation_keys.csv``, ``uncertainty.csv`` and ``fuel_supply.csv`` feed the provincial inventory;
``manure_systems.csv``, ``wastewater_pathways.csv`` and ``population.csv`` feed sector methods.
Each is read as stripped text with its ``file`` and ``line``; a missing column or a number that is
not one is a ``FILE:LINE`` problem here, so no later step meets an unparsed value. What the values
mean (a notation key, a manure system) is checked by the module that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import Problem
from ghg.inputs.numbers import parse_amounts, parse_years


@dataclass(frozen=True)
class TableSpec:
    """Columns a table must have, and which of them hold numbers or years."""

    required: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    years: tuple[str, ...] = ()


#: Tables the provincial inventory reads, when present.
INVENTORY_TABLES: dict[str, TableSpec] = {
    "notation_keys": TableSpec(),  # its columns are checked with its keys (province.notation)
    "uncertainty": TableSpec(("category", "gas", "u_activity_pct", "u_factor_pct"),
                             numbers=("u_activity_pct", "u_factor_pct")),
    "fuel_supply": TableSpec(("fuel", "year", "co2_t"), numbers=("co2_t",), years=("year",)),
}
#: Tables a sector method may need; their methods check them.
SECTOR_TABLES: dict[str, TableSpec] = {
    "manure_systems": TableSpec(), "wastewater_pathways": TableSpec(), "population": TableSpec(),
}


def read_sector_table(path: Path, label: str) -> pd.DataFrame:
    """A table as stripped text with ``file`` and ``line`` (header = line 1); lower-case names."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.columns = [str(c).strip().lower() for c in table.columns]
    table = table.apply(lambda column: column.str.strip())
    return table.assign(file=label, line=np.arange(2, len(table) + 2))


def read_checked_table(path: Path, label: str, spec: TableSpec, number_format: str | None = None
                       ) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a table and check it against ``spec``: numbers become floats, years integers.

    Every problem of the file is returned (none raised), so all files are reported at once.
    """
    table = read_sector_table(path, label)
    missing = [c for c in spec.required if c not in table.columns]
    if missing:
        return table, [Problem(label, 1, "header", None,
                               f"column {c!r} is missing; expected columns "
                               f"{', '.join(spec.required)}") for c in missing]
    problems: list[Problem] = []
    files, lines = table["file"], table["line"]
    for column in spec.numbers:
        values, found = parse_amounts(table[column], files, lines, column, number_format)
        table[column] = values
        problems += found
    for column in spec.years:
        values, found = parse_years(table[column], files, lines)
        problems += [Problem(p.file, p.line, column, p.value, p.message) for p in found]
        table[column] = np.where(np.isnan(values), 0, values).astype(np.int64)
    return table, problems
