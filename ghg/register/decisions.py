"""List decisions of one review cycle, read from the ``review.csv`` that ``ghg review`` wrote.

Only ``facility_id`` and ``must_be_listed`` are required; ``change`` and ``criteria`` are kept
when present. Every problem is reported with its line, all at once.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.files import formula_unsafe
from ghg.core.text_tables import read_text_table

REQUIRED = ("facility_id", "must_be_listed")
OPTIONAL = ("change", "criteria")
STATUSES = ("yes", "no", "unknown")


def read_decisions(path: Path) -> pd.DataFrame:
    """``facility_id, must_be_listed, change, criteria, line`` of a review.csv."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() != ".csv":
        raise ConfigError(f"--decisions {path}: not a CSV file; expected the review.csv that "
                          "ghg review wrote for the cycle")
    table, problems = read_text_table(path, path.name, "the header line and rows of a "
                                      "review.csv written by ghg review")
    if table is None:
        raise InputError(problems)
    table = formula_unsafe(table)  # as ghg wrote it: a prefixed '=... id reads back
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError([Problem(path.name, 1, "header", None,
                                  f"column {c!r} is missing; expected a review.csv written by "
                                  "ghg review (columns facility_id, must_be_listed, ...)")
                          for c in missing])
    for column in OPTIONAL:
        if column not in table.columns:
            table[column] = ""
    table["must_be_listed"] = table["must_be_listed"].str.strip().str.lower()
    bad = ~table["must_be_listed"].isin(STATUSES)
    problems = [Problem(path.name, int(n), "must_be_listed", v,
                        f"is not one of {', '.join(STATUSES)}; expected the value ghg review "
                        "wrote")
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
    return table[[*REQUIRED, *OPTIONAL, "line"]].reset_index(drop=True)
