"""An earlier ``review.csv`` (``ghg review --previous``), read and checked before it is compared.

Only ``facility_id`` (each once) and ``must_be_listed`` (yes, no or unknown, as ``ghg review``
writes them) are used; every problem is reported with its line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.i18n import _
from ghg.register import open_register, previous_decisions, register_path
from ghg.register.decisions import decisions_table

COLUMNS = ("facility_id", "must_be_listed")


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
    table = decisions_table(path)
    return table[list(COLUMNS)]


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
