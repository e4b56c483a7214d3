"""Where activity data come from: an inventory folder, one table file, or a DataFrame."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.files import file_sha256
from ghg.core.i18n import _
from ghg.inputs.activity import as_activity_frame, check_frame, energy_mask, validate
from ghg.inputs.config import InventoryConfig, load_config
from ghg.inputs.inventory_tables import (
    INVENTORY_TABLES,
    SECTOR_TABLES,
    read_checked_table,
)
from ghg.inputs.numbers import parse_amounts, parse_years
from ghg.inputs.register import read_register
from ghg.inputs.table_files import activity_files, table_file_problems
from ghg.inputs.tables import RawTable, read_tables

#: The facility register of an inventory folder, read when present.
REGISTER = "facilities.csv"


@dataclass(frozen=True)
class Inputs:
    """Validated activity rows plus what provenance needs to know about where they came from."""

    frame: pd.DataFrame
    config: InventoryConfig | None
    files: dict[str, str] = field(default_factory=dict)  # label -> sha256
    local_factors: Path | None = None
    root: Path | None = None
    source: Path | None = None  # the folder or file given; None for a DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # SECTOR_TABLES found
    #: INVENTORY_TABLES found (uncertainty, notation_keys, fuel_supply), checked
    inventory_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    register: pd.DataFrame | None = None  # facilities.csv, checked


def select_rows(inputs: Inputs, source_id: str, year: int, category: str | None = None
                ) -> Inputs:
    """The inputs restricted to one source and year (and category), e.g. to explain them.

    Sector rows of the source are all kept: a landfill emits in ``year`` from deposits of
    earlier years, and a livestock row entered under 3.A gives records under 3.A.2 and 3.C.6.
    If nothing matches, the inputs are returned whole so the caller can report what exists.
    """

    frame = inputs.frame
    mask = (frame["source_id"] == source_id) & (frame["year"] == year)
    if category is not None:
        mask &= frame["category"] == category
    mask |= (frame["source_id"] == source_id) & ~energy_mask(frame)
    if not mask.any():
        return inputs
    return replace(inputs, frame=frame.loc[mask.to_numpy()].reset_index(drop=True))


def read_inputs(source: str | Path | pd.DataFrame, sum_duplicates: bool = False,
                number_format: str | None = None) -> Inputs:
    """Read and validate activity data from a folder, a CSV/XLSX file or a DataFrame.

    ``number_format`` (``"vi"`` or ``"en"``) declares how numbers written as text are to be read;
    for a folder it defaults to ``number_format`` in ``inventory.toml``.
    """
    if isinstance(source, pd.DataFrame):
        return _from_frame(source, sum_duplicates, number_format)
    path = Path(source)
    if path.is_dir():
        return _from_folder(path, sum_duplicates, number_format)
    if path.is_file():
        problems = table_file_problems(path, str(path))
        if problems:
            raise InputError(problems)
        tables = read_tables(path, str(path))
        return Inputs(validate(tables, sum_duplicates, number_format), None,
                      {path.name: file_sha256(path)}, root=path.parent, source=path.resolve())
    raise ConfigError(f"{path}: " + _("no such file or folder; expected an inventory folder "
                                      "(with inventory.toml) or an activity table (.csv, "
                                      ".xlsx)"))


def _from_folder(folder: Path, sum_duplicates: bool, number_format: str | None) -> Inputs:
    shared, files, problems = folder_inputs(folder, number_format)
    tables: list[RawTable] = []
    for path in files:
        label = path.relative_to(folder).as_posix()
        try:
            tables += read_tables(path, label)
        except InputError as error:  # unreadable file: keep going to report the others too
            problems += error.problems
    frame = None
    try:
        frame = validate(tables, sum_duplicates, number_format or _declared(shared)) \
            if tables else None
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return replace(shared, frame=frame)


def folder_inputs(folder: Path, number_format: str | None = None
                  ) -> tuple[Inputs, list[Path], list[Problem]]:
    """Everything of an inventory folder but its activity rows, read, checked and hashed.

    Returns the inputs with an empty frame (config, inventory-level tables, register, local
    factors, the SHA-256 of every file read, the activity tables included), the activity table
    paths, and the problems found so far (not raised, so a caller reports them with those of
    the activity tables). The dask path reads each activity table in its own task.
    """
    toml = folder / "inventory.toml"
    if not toml.is_file():
        raise ConfigError(f"{folder}: " + _('inventory.toml is missing; expected a file with at '
                                            'least name = "..." (see README, inventory '
                                            'folders)'))
    config = load_config(toml)
    number_format = number_format or config.number_format
    activity_dir = folder / "activity"
    files, refused = activity_files(activity_dir, folder) if activity_dir.is_dir() else ([], [])
    if not files and not refused:
        raise ConfigError(f"{activity_dir}: " + _("no activity tables; expected .csv or .xlsx "
                                                  "files"))
    unreadable = {p: table_file_problems(p, p.relative_to(folder).as_posix()) for p in files}
    refused += [problem for found in unreadable.values() for problem in found]
    files = [p for p in files if not unreadable[p]]
    tables_read, inventory_tables, register, problems = _other_files(folder, number_format)
    problems = refused + problems
    local = folder / "factors"
    read = [toml, *files, *tables_read]
    hashes = {p.relative_to(folder).as_posix(): file_sha256(p) for p in read}
    sector = {name: table for name, table in inventory_tables.items() if name in SECTOR_TABLES}
    inventory = {name: table for name, table in inventory_tables.items()
                 if name in INVENTORY_TABLES}
    shared = Inputs(pd.DataFrame(), config, hashes, local if local.is_dir() else None, folder,
                    folder.resolve(), sector, inventory, register)
    return shared, files, problems


def _declared(inputs: Inputs) -> str | None:
    return inputs.config.number_format if inputs.config is not None else None


def _other_files(folder: Path, number_format: str | None
                 ) -> tuple[list[Path], dict[str, pd.DataFrame], pd.DataFrame | None,
                            list[Problem]]:
    """The inventory-level tables and the register present in ``folder``, read and checked."""
    read, tables, problems = [], {}, []
    for name, spec in {**SECTOR_TABLES, **INVENTORY_TABLES}.items():
        path = folder / f"{name}.csv"
        if path.is_file():
            tables[name], found = read_checked_table(path, path.name, spec, number_format)
            read.append(path)
            problems += found
    register = None
    if (folder / REGISTER).is_file():
        read.append(folder / REGISTER)
        try:
            register = read_register(folder / REGISTER, REGISTER)
        except InputError as error:
            problems += error.problems
    return sorted(read), tables, register, problems


def _from_frame(table: pd.DataFrame, sum_duplicates: bool, number_format: str | None) -> Inputs:
    missing = [c for c in ("source_id", "year", "category", "activity", "amount", "unit")
               if c not in table.columns]
    if missing:
        raise ConfigError("<DataFrame>: " + _("columns {missing} are missing; expected "
                                              "source_id, year, category, activity, amount, "
                                              "unit").format(missing=missing))
    frame = as_activity_frame(table)
    problems: list[Problem] = []
    lines, files = frame["line"], frame["file"]
    amount_text = None
    if frame["amount"].dtype.kind not in "iuf":  # text amounts: parse them as from a CSV
        amount_text = frame["amount"].astype(str).str.strip().reset_index(drop=True)
        amounts, found = parse_amounts(amount_text, files, lines, number_format=number_format)
        frame["amount"], problems = amounts, problems + found
    year_ok = None
    if frame["year"].dtype.kind not in "iuf":
        years, found = parse_years(frame["year"].astype(str).str.strip().reset_index(drop=True),
                                   files, lines)
        frame["year"], problems, year_ok = years, problems + found, ~np.isnan(years)
    problems += check_frame(frame, sum_duplicates=sum_duplicates, year_ok=year_ok,
                            amount_text=amount_text)
    if problems:
        raise InputError(problems)
    if frame["year"].dtype.kind != "i":
        frame["year"] = frame["year"].astype("int32")
    return Inputs(frame, None, {})
