"""Inventory-level tables of an inventory folder, read once with the activity tables.

``notation_keys.csv``, ``uncertainty.csv``, ``fuel_supply.csv``, ``indicators.csv`` and
``energy_memo.csv`` feed the provincial inventory;
``manure_systems.csv``, ``wastewater_pathways.csv`` and ``population.csv`` feed sector methods.
Each is read as stripped text with its ``file`` and ``line``; an unreadable file (empty, not UTF-8,
a row with too many fields, a column named twice), a missing column, a number that is not one, is
negative where it cannot be, or is implausibly large is a ``FILE:LINE`` problem here, so no later
step meets an unparsed value. What the values
mean (a notation key, a manure system) is checked by the module that uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.i18n import N_, _
from ghg.core.text_tables import read_text_table
from ghg.inputs.numbers import implausible, parse_amounts, parse_years


@dataclass(frozen=True)
class TableSpec:
    """Columns a table must have, and which of them hold numbers or years."""

    required: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    #: number columns that cannot be negative, and the quantity each measures (for the
    #: plausibility bound of ``ghg/inputs/plausible_amounts.csv``; None: no bound)
    non_negative: tuple[str, ...] = ()
    quantities: tuple[tuple[str, str], ...] = ()


#: Tables the provincial inventory reads, when present.
INVENTORY_TABLES: dict[str, TableSpec] = {
    "notation_keys": TableSpec(),  # its columns are checked with its keys (province.notation)
    "uncertainty": TableSpec(("category", "gas", "u_activity_pct", "u_factor_pct"),
                             numbers=("u_activity_pct", "u_factor_pct"),
                             non_negative=("u_activity_pct", "u_factor_pct")),
    "fuel_supply": TableSpec(("fuel", "year", "co2_t"), numbers=("co2_t",), years=("year",),
                             non_negative=("co2_t",), quantities=(("co2_t", "t"),)),
    # the plan's indicators: ids, units and the memo's items are checked by province.indicators
    "indicators": TableSpec(("indicator", "year", "value", "unit", "source"), numbers=("value",),
                            years=("year",)),
    "energy_memo": TableSpec(("year", "item", "amount", "unit", "source"), numbers=("amount",),
                             years=("year",), non_negative=("amount",),
                             quantities=(("amount", "MWh"),)),
}
#: Tables a sector method may need; their methods check them.
SECTOR_TABLES: dict[str, TableSpec] = {
    "manure_systems": TableSpec(), "wastewater_pathways": TableSpec(), "population": TableSpec(),
}


def read_sector_table(path: Path, label: str,
                      expected: str = N_("a header line naming its columns and one row per "
                                         "record")) -> pd.DataFrame:
    """A table as stripped text with ``file`` and ``line`` (header = line 1); lower-case names.

    Raises :class:`InputError` if the file cannot be read as a table at all; ``expected``
    says what an empty file should hold.
    """
    table, problems = read_text_table(path, label, expected)
    if table is None:
        raise InputError(problems)
    return table.assign(file=label)[[*(c for c in table.columns if c != "line"), "file",
                                     "line"]]


def read_checked_table(path: Path, label: str, spec: TableSpec, number_format: str | None = None
                       ) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a table and check it against ``spec``: numbers become floats, years integers.

    Every problem of the file is returned (none raised), so all files are reported at once.
    """
    try:
        table = read_sector_table(path, label, _("a header line {columns} and one row per "
                                                 "record").format(columns=",".join(spec.required))
                                  if spec.required else
                                  _("a header line naming its columns and one row per record"))
    except InputError as error:
        return pd.DataFrame(), error.problems
    missing = [c for c in spec.required if c not in table.columns]
    if missing:
        return table, [Problem(label, 1, "header", None,
                               _("column {name} is missing; expected columns {required}").format(
                                   name=repr(c), required=", ".join(spec.required)))
                               for c in missing]
    problems: list[Problem] = []
    files, lines = table["file"], table["line"]
    for column in spec.numbers:
        values, found = parse_amounts(table[column], files, lines, column, number_format)
        problems += found
        if column in spec.non_negative:
            problems += [Problem(label, int(n), column, v, _("is negative; expected a value >= 0"))
                         for n, v in zip(lines[values < 0], table[column][values < 0],
                                         strict=True)]
        unit = dict(spec.quantities).get(column)
        if unit is not None:
            problems += implausible(values, np.full(len(values), unit, dtype=object), files,
                                    lines, column, table[column])
        table[column] = values
    for column in spec.years:
        values, found = parse_years(table[column], files, lines)
        problems += [Problem(p.file, p.line, column, p.value, p.message) for p in found]
        table[column] = np.where(np.isnan(values), 0, values).astype(np.int64)
    return table, problems
