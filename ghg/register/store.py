"""What the register remembers, written and read: facilities, list decisions per review cycle,
submissions, deadlines, and who is late on a given date.

Every write is one transaction (:func:`ghg.register.schema.transaction`): an import or a
submission is in the file whole or not at all.

Which facilities must report in a cycle: those the latest list decision of an *earlier* cycle
says must be listed (``yes``); ``no`` takes a facility off; with ``unknown`` or no earlier
decision, ``on_current_list`` of the facility register decides.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.i18n import N_, _
from ghg.register.deadlines import deadlines
from ghg.register.schema import open_register, register_path, transaction

#: Verification results a submission may carry (``ghg verify`` writes them).
RESULTS = ("pass", "pass_with_remarks", "fail", "not_verified")
#: A facility's state in a cycle on a date, in the order ``status`` lists them.
STATES = {"late": N_("late"), "due": N_("not yet due"), "submitted_late": N_("submitted late"),
          "submitted": N_("submitted on time")}

_FACILITY_COLUMNS = ("facility_id", "name", "facility_type", "on_current_list", "district",
                     "commune", "address", "line_ministry", "tax_code",
                     "waste_capacity_t_per_yr")


def import_facilities(db: sqlite3.Connection, register: pd.DataFrame, source_sha256: str) -> None:
    """Add or update the facilities of a read ``facilities.csv`` (and the shipped deadlines).

    Facilities no longer in the file stay in the register: their history is kept.
    """
    with transaction(db):
        _write_facilities(db, register, source_sha256)
        _write_deadlines(db)


def _write_facilities(db: sqlite3.Connection, register: pd.DataFrame, sha: str) -> None:
    table = register.reindex(columns=list(_FACILITY_COLUMNS)).copy()
    table["on_current_list"] = table["on_current_list"].astype(bool).astype(int)
    capacity = pd.to_numeric(table["waste_capacity_t_per_yr"]).astype(object)
    table["waste_capacity_t_per_yr"] = capacity.where(capacity.notna(), None)
    text = [c for c in _FACILITY_COLUMNS if c not in ("on_current_list",
                                                        "waste_capacity_t_per_yr")]
    table[text] = table[text].fillna("").astype(str)
    table["source_sha256"] = sha
    columns = ", ".join(table.columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in table.columns if c != "facility_id")
    db.executemany(f"INSERT INTO facility ({columns}) VALUES "
                   f"({', '.join('?' * len(table.columns))}) "
                   f"ON CONFLICT (facility_id) DO UPDATE SET {updates}",
                   table.itertuples(index=False, name=None))


def _write_deadlines(db: sqlite3.Connection) -> None:
    table = deadlines()
    db.executemany("INSERT OR REPLACE INTO deadline (cycle, due, covers_from, covers_to, "
                   "legal_source, article) VALUES (?, ?, ?, ?, ?, ?)",
                   table.astype(object).itertuples(index=False, name=None))


def import_decisions(db: sqlite3.Connection, cycle: int, decisions: pd.DataFrame,
                     label: str, source_sha256: str) -> None:
    """Record the list decisions of review ``cycle`` (replacing an earlier import of it).

    Every facility must already be in the register; unknown ones are reported with their line.
    """
    known = set(pd.read_sql_query("SELECT facility_id FROM facility", db)["facility_id"])
    unknown = ~decisions["facility_id"].isin(known)
    if unknown.any():
        rows = decisions.loc[unknown]
        raise InputError([Problem(label, int(n), "facility_id", str(v),
                                  "is not in the register; expected a facility of "
                                  "facilities.csv (import the inventory first)")
                          for n, v in zip(rows["line"], rows["facility_id"], strict=True)])
    rows = decisions[["facility_id", "must_be_listed", "change", "criteria"]].assign(
        cycle=int(cycle), source_sha256=source_sha256)
    with transaction(db):
        db.execute("DELETE FROM list_decision WHERE cycle = ?", (int(cycle),))
        _insert_decisions(db, rows)


def _insert_decisions(db: sqlite3.Connection, rows: pd.DataFrame) -> None:
    db.executemany("INSERT INTO list_decision (facility_id, must_be_listed, change, criteria, "
                   "cycle, source_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                   rows.astype(object).itertuples(index=False, name=None))


def record_submission(db: sqlite3.Connection | str | Path, facility_id: str, cycle: int,
                      received: date | str, file_hash: str, reported_t: float | None,
                      recomputed_t: float | None, result: str) -> int:
    """Record that ``facility_id`` sent its report for ``cycle`` on ``received``.

    ``db`` is an open register, a register file, or an inventory folder (its register is
    created on first use). ``file_hash`` is the SHA-256 of the file received; ``reported_t`` and
    ``recomputed_t`` the facility's total and ghg's (t CO2e, or None before verification);
    ``result`` one of :data:`RESULTS`. The same file recorded twice is one submission. Returns
    the submission's number.
    """
    if not isinstance(db, sqlite3.Connection):
        path = Path(db)
        with _opened(register_path(path) if path.is_dir() else path) as connection:
            return record_submission(connection, facility_id, cycle, received, file_hash,
                                     reported_t, recomputed_t, result)
    day = _day(received, "--received")
    file_hash = str(file_hash).strip().lower()
    if len(file_hash) != 64 or any(c not in "0123456789abcdef" for c in file_hash):
        raise ConfigError(_("file hash {value!r} is not a SHA-256; expected 64 hexadecimal "
                            "digits (ghg register submit --file computes it)").format(
                                value=file_hash))
    if result not in RESULTS:
        raise ConfigError(_("result {value!r} is not known; expected one of {choices}").format(
            value=result, choices=", ".join(RESULTS)))
    for name, value in (("reported_t", reported_t), ("recomputed_t", recomputed_t)):
        if value is not None and not np.isfinite(value):
            raise ConfigError(_("{name} {value!r} is not a finite number; expected t CO2e or "
                                "nothing").format(name=name, value=value))
    with transaction(db):
        _write_deadlines(db)
        if db.execute("SELECT 1 FROM facility WHERE facility_id = ?",
                      (facility_id,)).fetchone() is None:
            raise ConfigError(_("facility {id!r} is not in the register; expected a facility of "
                                "facilities.csv (ghg register import INVENTORY)").format(
                                    id=facility_id))
        _check_cycle(db, cycle)
        db.execute("INSERT INTO submission (facility_id, cycle, received, file_sha256, "
                   "reported_t, recomputed_t, result) VALUES (?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (facility_id, cycle, file_sha256) DO UPDATE SET "
                   "received = excluded.received, reported_t = excluded.reported_t, "
                   "recomputed_t = excluded.recomputed_t, result = excluded.result",
                   (facility_id, int(cycle), day.isoformat(), file_hash, reported_t,
                    recomputed_t, result))
        number = db.execute("SELECT submission_id FROM submission WHERE facility_id = ? AND "
                            "cycle = ? AND file_sha256 = ?",
                            (facility_id, int(cycle), file_hash)).fetchone()[0]
    return int(number)


class _opened:
    """An opened register closed at the end of a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.db = open_register(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def _day(value: date | str, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(_("{what} {value!r} is not a date; expected YYYY-MM-DD, e.g. "
                            "2027-03-31").format(what=what, value=value)) from None


def _check_cycle(db: sqlite3.Connection, cycle: int) -> None:
    cycles = [row[0] for row in db.execute("SELECT cycle FROM deadline ORDER BY cycle")]
    if int(cycle) not in cycles:
        raise ConfigError(_("cycle {cycle} has no report deadline; expected one of {cycles} "
                            "(the years reports are due)").format(
                                cycle=cycle, cycles=", ".join(map(str, cycles))))


def listed_for(db: sqlite3.Connection, cycle: int) -> pd.DataFrame:
    """Every facility with ``must_report`` for ``cycle`` and the decision that says so."""
    table = pd.read_sql_query(
        "SELECT f.facility_id, f.name, f.facility_type, f.on_current_list, "
        "d.cycle AS decided_in, d.must_be_listed FROM facility f LEFT JOIN list_decision d "
        "ON d.facility_id = f.facility_id AND d.cycle = (SELECT max(cycle) FROM list_decision "
        "WHERE facility_id = f.facility_id AND cycle < ?) ORDER BY f.facility_id", db,
        params=(int(cycle),))
    on_list = table["on_current_list"].astype(bool)
    decided = table["must_be_listed"].fillna("unknown")
    table["must_report"] = np.where(decided.eq("yes"), True,
                                    np.where(decided.eq("no"), False, on_list))
    table["decided_in"] = table["decided_in"].astype("Int64")
    return table


def current_cycle(db: sqlite3.Connection, on: date) -> int:
    """The cycle running on ``on``: the latest whose year has begun."""
    row = db.execute("SELECT max(cycle) FROM deadline WHERE cycle <= ?", (on.year,)).fetchone()
    if row[0] is None:
        raise ConfigError(_("no report cycle has begun by {on}; the first is due in {first}")
                          .format(on=on.isoformat(), first=db.execute(
                              "SELECT min(cycle) FROM deadline").fetchone()[0]))
    return int(row[0])


def status(db: sqlite3.Connection, on: date | str,
           cycle: int | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """The cycle's deadline row, and every facility that must report with its state on ``on``.

    States (:data:`STATES`): ``late`` (nothing received and the due date has passed), ``due``
    (nothing yet, still in time), ``submitted_late``, ``submitted``. Only submissions received
    by ``on`` count. Late facilities come first, then by facility id.
    """
    day = _day(on, "--on")
    cycle = current_cycle(db, day) if cycle is None else int(cycle)
    _check_cycle(db, cycle)
    deadline = pd.read_sql_query("SELECT * FROM deadline WHERE cycle = ?", db,
                                 params=(cycle,)).iloc[0]
    listed = listed_for(db, cycle)
    listed = listed[listed["must_report"]]
    first = pd.read_sql_query(
        "SELECT facility_id, min(received) AS received FROM submission WHERE cycle = ? AND "
        "received <= ? GROUP BY facility_id", db, params=(cycle, day.isoformat()))
    table = listed.merge(first, on="facility_id", how="left")
    due = str(deadline["due"])
    received = table["received"]
    table["state"] = np.select(
        [received.isna() & (day.isoformat() > due), received.isna(), received > due],
        ["late", "due", "submitted_late"], "submitted")
    days = (pd.Timestamp(day) - pd.Timestamp(due)).days
    table["days_late"] = np.where(table["state"].eq("late"), days, 0)
    order = table["state"].map({s: i for i, s in enumerate(STATES)})
    table = table.assign(_order=order).sort_values(["_order", "facility_id"], kind="stable")
    columns = ["facility_id", "name", "facility_type", "state", "received", "days_late",
               "decided_in"]
    return deadline, table[columns].reset_index(drop=True)


def facilities(db: sqlite3.Connection) -> tuple[list[int], pd.DataFrame]:
    """The register's facilities, with their list decision (``must_be_listed``) in each cycle."""
    table = pd.read_sql_query("SELECT facility_id, name, facility_type, on_current_list, "
                              "district FROM facility ORDER BY facility_id", db)
    decisions = pd.read_sql_query("SELECT cycle, facility_id, must_be_listed FROM list_decision",
                                  db)
    cycles = sorted(int(c) for c in decisions["cycle"].unique())
    wide = decisions.pivot(index="facility_id", columns="cycle", values="must_be_listed")
    for cycle in cycles:
        table[f"decision_{cycle}"] = table["facility_id"].map(wide[cycle]).fillna("")
    return cycles, table


def history(db: sqlite3.Connection, facility_id: str) -> pd.DataFrame:
    """Everything the register remembers of one facility, cycle by cycle: list decisions and
    submissions (``event`` = ``decision`` or ``submission``)."""
    if db.execute("SELECT 1 FROM facility WHERE facility_id = ?",
                  (facility_id,)).fetchone() is None:
        raise ConfigError(_("facility {id!r} is not in the register; expected a facility of "
                            "facilities.csv").format(id=facility_id))
    decisions = pd.read_sql_query(
        "SELECT cycle, 'decision' AS event, must_be_listed, change, criteria FROM list_decision "
        "WHERE facility_id = ?", db, params=(facility_id,))
    submissions = pd.read_sql_query(
        "SELECT s.cycle, 'submission' AS event, s.received, s.file_sha256, s.reported_t, "
        "s.recomputed_t, s.result, d.due FROM submission s LEFT JOIN deadline d "
        "ON d.cycle = s.cycle WHERE s.facility_id = ?", db, params=(facility_id,))
    submissions["late"] = submissions["received"] > submissions["due"]
    parts = [p for p in (decisions, submissions) if not p.empty]
    if not parts:
        return pd.DataFrame(columns=["cycle", "event"])
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["cycle", "event", "received"], kind="stable",
                             na_position="first").reset_index(drop=True)


def previous_decisions(db: sqlite3.Connection, year: int) -> tuple[int | None, pd.DataFrame]:
    """The list decisions of the latest cycle before ``year``, as ``facility_id,
    must_be_listed`` (what a review in ``year`` compares with), and that cycle."""
    row = db.execute("SELECT max(cycle) FROM list_decision WHERE cycle < ?",
                     (int(year),)).fetchone()
    if row[0] is None:
        return None, pd.DataFrame(columns=["facility_id", "must_be_listed"])
    table = pd.read_sql_query("SELECT facility_id, must_be_listed FROM list_decision WHERE "
                              "cycle = ? ORDER BY facility_id", db, params=(int(row[0]),))
    return int(row[0]), table
