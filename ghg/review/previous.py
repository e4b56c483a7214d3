"""An earlier ``review.csv`` (``ghg review --previous``), read and checked before it is compared.

Only ``facility_id`` (each once) and ``must_be_listed`` (yes, no or unknown, as ``ghg review``
writes them) are used; every problem is reported with its line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.files import formula_unsafe
from ghg.core.i18n import _
from ghg.core.text_tables import read_text_table
from ghg.register import open_register, previous_decisions, register_path

COLUMNS = ("facility_id", "must_be_listed")
STATUSES = ("yes", "no", "unknown")


def read_previous(path: Path) -> pd.DataFrame:
    """The ``facility_id`` and ``must_be_listed`` columns of an earlier review.csv."""
    path = Path(path)
    if not path.is_file():
        why = _("is a folder") if path.is_dir() else _("no such file")
        raise ConfigError(f"--previous {path}: " + _(
            "{why}; expected the review.csv of an earlier review").format(why=why))
    if path.suffix.lower() != ".csv":
        kind = _("a {suffix} file").format(suffix=path.suffix) if path.suffix \
            else _("a file without extension")
        raise ConfigError(f"--previous {path}: " + _(
            "{kind} is not a review.csv; expected the review.csv an earlier ghg review wrote "
            "(not review.xlsx)").format(kind=kind))
    table, problems = read_text_table(path, path.name, _(
        "the header line and rows of a review.csv written by ghg review"))
    if table is None:
        raise InputError(problems)
    table = formula_unsafe(table)  # as ghg wrote it: a prefixed '=... facility id reads back
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise InputError([Problem(path.name, 1, "header", None,
                                  _("column {name} is missing; expected a review.csv written "
                                    "by ghg review (columns facility_id, must_be_listed, ...)"
                                    ).format(name=repr(c)))
                          for c in missing])
    bad = ~table["must_be_listed"].str.lower().isin(STATUSES)
    problems = [Problem(path.name, int(n), "must_be_listed", v,
                        _("is not yes or no; expected one of {values}").format(
                            values=", ".join(STATUSES)))
                for n, v in zip(table.loc[bad, "line"], table.loc[bad, "must_be_listed"],
                                strict=True)]
    repeated = table["facility_id"].duplicated(keep="first")
    first = table.groupby("facility_id")["line"].transform("min")
    problems += [Problem(path.name, int(n), "facility_id", v,
                         f"duplicates line {f}; expected each facility once")
                 for n, v, f in zip(table.loc[repeated, "line"],
                                    table.loc[repeated, "facility_id"], first[repeated],
                                    strict=True)]
    if problems:
        raise InputError(problems)
    return table[list(COLUMNS)].assign(must_be_listed=table["must_be_listed"].str.lower())


def previous_from_register(inventory: Path, year: int) -> tuple[int | None, pd.DataFrame | None]:
    """The list decisions of the latest cycle before ``year`` in the inventory's register
    (``ghg register``), and that cycle; ``(None, None)`` if there is no register or no earlier
    decision. The register is only read, never created here."""
    path = register_path(Path(inventory))
    if not path.is_file():
        return None, None
    db = open_register(path, create=False)
    try:
        cycle, table = previous_decisions(db, year)
    finally:
        db.close()
    return (cycle, table) if cycle is not None else (None, None)
