"""List decisions of one review cycle, read from the ``review.csv`` that ``ghg review`` wrote.

Only ``facility_id`` and ``must_be_listed`` are required; ``change`` and ``criteria`` are kept
when present. Every problem is reported with its line, all at once.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.files import formula_unsafe
from ghg.core.i18n import _
from ghg.core.text_tables import read_text_table

REQUIRED = ("facility_id", "must_be_listed")
OPTIONAL = ("change", "criteria")
STATUSES = ("yes", "no", "unknown")


def read_decisions(path: Path) -> pd.DataFrame:
    """``facility_id, must_be_listed, change, criteria, line`` of a review.csv."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() != ".csv":
        raise ConfigError(f"--decisions {path}: " + _(
            "not a CSV file; expected the review.csv that ghg review wrote for the cycle"))
    return decisions_table(path)


def decisions_table(path: Path) -> pd.DataFrame:
    """The decisions of a review.csv at ``path``, checked: each facility once, each
    ``must_be_listed`` one of :data:`STATUSES` (lower case); :class:`InputError` lists every
    problem with its line."""
    table, problems = read_text_table(path, path.name, _(
        "the header line and rows of a review.csv written by ghg review"))
    if table is None:
        raise InputError(problems)
    table = formula_unsafe(table)  # as ghg wrote it: a prefixed '=... id reads back
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError([Problem(path.name, 1, "header", None,
                                  _("column {name} is missing; expected a review.csv written "
                                    "by ghg review (columns facility_id, must_be_listed, ...)"
                                    ).format(name=repr(c)))
                          for c in missing])
    for column in OPTIONAL:
        if column not in table.columns:
            table[column] = ""
    table["must_be_listed"] = table["must_be_listed"].str.strip().str.lower()
    bad = ~table["must_be_listed"].isin(STATUSES)
    problems = [Problem(path.name, int(n), "must_be_listed", v,
                        _("is not yes or no; expected one of {values}").format(
                            values=", ".join(STATUSES)))
                for n, v in zip(table.loc[bad, "line"], table.loc[bad, "must_be_listed"],
                                strict=True)]
    repeated = table["facility_id"].duplicated(keep="first")
    first = table.groupby("facility_id")["line"].transform("min")
    problems += [Problem(path.name, int(n), "facility_id", v,
                         _("duplicates line {first}; expected each facility once").format(
                             first=f))
                 for n, v, f in zip(table.loc[repeated, "line"],
                                    table.loc[repeated, "facility_id"], first[repeated],
                                    strict=True)]
    if problems:
        raise InputError(problems)
    return table[[*REQUIRED, *OPTIONAL, "line"]].reset_index(drop=True)
