"""Report deadlines per cycle as data (``ghg/data/register/deadlines.csv``, sources in its
``.toml`` sidecar): the cycle (the year reports are sent), the due date, the years covered, and
the decree's article."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

COLUMNS = ("cycle", "due", "covers_from", "covers_to", "legal_source", "article")


@cache
def _shipped() -> pd.DataFrame:
    path = resources.files("ghg").joinpath("data", "register", "deadlines.csv")
    with path.open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    for column in ("cycle", "covers_from", "covers_to"):
        table[column] = table[column].astype(int)
    return table[list(COLUMNS)]


def deadlines() -> pd.DataFrame:
    """The shipped deadline table, one row per cycle.

    Examples
    --------
    >>> row = deadlines().set_index("cycle").loc[2027]
    >>> row["due"], int(row["covers_from"]), int(row["covers_to"])
    ('2027-03-31', 2025, 2026)
    """
    return _shipped().copy()
