"""The register's SQLite file: opened, created on first use, migrated by version.

The schema version is SQLite's ``user_version``; each migration is a list of statements applied in
one transaction, so a file is always at one version. A file made by a newer ghg is refused rather
than guessed at. The file uses SQLite's rollback journal (not WAL): between commands it is one
self-contained file, safe to copy or send.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ghg.core.errors import ConfigError
from ghg.core.i18n import _

#: The register's file name inside an inventory folder.
FILE_NAME = "register.sqlite"

#: Migrations by the version they bring the file to. Never edit one that has shipped: add the next.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE facility (
            facility_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            facility_type TEXT NOT NULL,
            on_current_list INTEGER NOT NULL CHECK (on_current_list IN (0, 1)),
            district TEXT NOT NULL DEFAULT '',
            commune TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            line_ministry TEXT NOT NULL DEFAULT '',
            tax_code TEXT NOT NULL DEFAULT '',
            waste_capacity_t_per_yr REAL,
            source_sha256 TEXT NOT NULL)""",
        """CREATE TABLE deadline (
            cycle INTEGER PRIMARY KEY,
            due TEXT NOT NULL CHECK (due = date(due)),
            covers_from INTEGER NOT NULL,
            covers_to INTEGER NOT NULL CHECK (covers_to >= covers_from),
            legal_source TEXT NOT NULL,
            article TEXT NOT NULL)""",
        """CREATE TABLE list_decision (
            cycle INTEGER NOT NULL,
            facility_id TEXT NOT NULL REFERENCES facility (facility_id),
            must_be_listed TEXT NOT NULL CHECK (must_be_listed IN ('yes', 'no', 'unknown')),
            change TEXT NOT NULL DEFAULT '',
            criteria TEXT NOT NULL DEFAULT '',
            source_sha256 TEXT NOT NULL,
            PRIMARY KEY (cycle, facility_id))""",
        """CREATE TABLE submission (
            submission_id INTEGER PRIMARY KEY,
            facility_id TEXT NOT NULL REFERENCES facility (facility_id),
            cycle INTEGER NOT NULL,
            received TEXT NOT NULL CHECK (received = date(received)),
            file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
            reported_t REAL,
            recomputed_t REAL,
            result TEXT NOT NULL
                CHECK (result IN ('pass', 'pass_with_remarks', 'fail', 'not_verified')),
            UNIQUE (facility_id, cycle, file_sha256))""",
        "CREATE INDEX submission_by_cycle ON submission (cycle, facility_id)",
    ),
}
VERSION = max(MIGRATIONS)


def register_path(inventory: Path) -> Path:
    """Where the register of an inventory folder lives: beside its tables."""
    return Path(inventory) / FILE_NAME


def open_register(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and, if ``create``, create) the register at ``path``, migrated to :data:`VERSION`.

    The connection is in autocommit mode: writes go through :func:`transaction`.
    """
    path = Path(path)
    if not path.is_file():
        if path.exists():
            raise ConfigError(_("{path}: is not a register file; expected the SQLite file ghg "
                                "register writes").format(path=path))
        if not create:
            raise ConfigError(_("{path}: no register yet; create it with ghg register import "
                                "INVENTORY").format(path=path))
        if not path.parent.is_dir():
            raise ConfigError(_("{path}: folder not found; expected an inventory folder").format(
                path=path.parent))
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = DELETE")  # one file between commands: safe to copy
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        db.close()
        raise ConfigError(_("{path}: not a register file ({error}); expected the SQLite file ghg "
                            "register writes").format(path=path, error=error)) from None
    if version > VERSION:
        db.close()
        raise ConfigError(_("{path}: register version {version} was written by a newer ghg "
                            "(this one reads up to {latest}); update ghg").format(
                                path=path, version=version, latest=VERSION))
    for target in range(version + 1, VERSION + 1):
        with transaction(db):
            for statement in MIGRATIONS[target]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {target:d}")
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write: everything inside is committed together or not at all (also if the process
    is killed: SQLite's journal rolls an unfinished write back when the file is next opened)."""
    db.execute("BEGIN IMMEDIATE")  # take the write lock now: two writers wait, never interleave
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
