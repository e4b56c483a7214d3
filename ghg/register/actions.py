"""The ``ghg register`` actions: each opens the register beside an inventory, does one thing,
and returns the lines to print (the command line only prints them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.files import file_sha256
from ghg.core.i18n import N_, _
from ghg.inputs.register import read_register
from ghg.register.decisions import read_decisions
from ghg.register.schema import open_register, register_path
from ghg.register.store import (
    STATES,
    facilities,
    history,
    import_decisions,
    import_facilities,
    record_submission,
    status,
)

#: The words of a list decision (``must_be_listed``), translated when printed.
DECISIONS = {"yes": N_("yes"), "no": N_("no"), "unknown": N_("unknown")}


def _inventory(path: Path) -> Path:
    path = Path(path)
    if not (path / "facilities.csv").is_file():
        raise ConfigError(_("{path}: no facilities.csv; expected an inventory folder with its "
                            "facility register").format(path=path))
    return path


def import_inventory(path: Path, decisions: Path | None = None,
                     cycle: int | None = None) -> list[str]:
    """Import ``facilities.csv`` of the inventory (creating the register on first use) and,
    with ``decisions``, the review.csv of review ``cycle``."""
    if (decisions is None) != (cycle is None):
        raise ConfigError(_("--decisions and --cycle go together: the review.csv of a review "
                            "and the year of that review"))
    folder = _inventory(path)
    register = read_register(folder / "facilities.csv", "facilities.csv")
    table = read_decisions(decisions) if decisions is not None else None  # checked before any write
    db = open_register(register_path(folder))
    try:
        import_facilities(db, register, file_sha256(folder / "facilities.csv"))
        lines = [_("{n} facilities in the register {path}").format(
            n=len(register), path=register_path(folder))]
        if table is not None and decisions is not None and cycle is not None:
            import_decisions(db, cycle, table, Path(decisions).name, file_sha256(decisions))
            lines.append(_("{n} list decisions of cycle {cycle} from {file}").format(
                n=len(table), cycle=cycle, file=decisions))
    finally:
        db.close()
    return lines


def list_facilities(path: Path) -> list[str]:
    """The register's facilities with their list decision per cycle."""
    db = open_register(register_path(Path(path)), create=False)
    try:
        cycles, table = facilities(db)
    finally:
        db.close()
    header = [_("facility"), _("type"), _("on current list"),
              *[_("decision {cycle}").format(cycle=c) for c in cycles], _("name")]
    decided = [[_(DECISIONS[v]) if v else "-" for v in table[f"decision_{c}"]] for c in cycles]
    rows = [[r.facility_id, r.facility_type, _("yes") if r.on_current_list else _("no"),
             *[column[i] for column in decided], r.name]
            for i, r in enumerate(table.itertuples())]  # a few dozen facilities: printing only
    return _columns(header, rows)


def status_lines(path: Path, on: date | str | None = None,
                 cycle: int | None = None) -> list[str]:
    """Who must report in the cycle running on ``on`` (default today), and who is late."""
    db = open_register(register_path(Path(path)), create=False)
    try:
        deadline, table = status(db, on if on is not None else date.today(), cycle)
    finally:
        db.close()
    day = on if on is not None else date.today().isoformat()
    counts = table["state"].value_counts()
    lines = [
        _("cycle {cycle}: reports for {first}-{last} due {due} ({source}, {article})").format(
            cycle=int(deadline["cycle"]), first=int(deadline["covers_from"]),
            last=int(deadline["covers_to"]), due=deadline["due"],
            source=deadline["legal_source"], article=deadline["article"]),
        _("on {on}: {counts}").format(on=day, counts=", ".join(
            f"{counts.get(state, 0)} {_(word)}" for state, word in STATES.items())),
    ]
    rows = [[r.facility_id, _(STATES[r.state]),
             "" if pd.isna(r.received) else str(r.received),
             str(r.days_late) if r.state == "late" else "", r.name]
            for r in table.itertuples()]
    if rows:
        lines += _columns([_("facility"), _("state"), _("received"), _("days late"),
                           _("name")], rows)
    return lines


def history_lines(path: Path, facility_id: str) -> list[str]:
    """Every cycle's list decision and submissions of one facility."""
    db = open_register(register_path(Path(path)), create=False)
    try:
        table = history(db, facility_id)
    finally:
        db.close()
    rows = []
    for r in table.itertuples():  # one facility's few events
        if r.event == "decision":
            detail = _("must be listed: {value}; change: {change}").format(
                value=_(DECISIONS[r.must_be_listed]), change=r.change or "-")
        else:
            detail = _("received {received}{late}; reported {reported} t CO2e, recomputed "
                       "{recomputed} t CO2e; {result}; sha256 {sha}").format(
                received=r.received, late=_(" (late)") if r.late else "",
                reported=_number(r.reported_t), recomputed=_number(r.recomputed_t),
                result=r.result, sha=r.file_sha256[:12])
        rows.append([str(r.cycle), _("decision") if r.event == "decision" else _("submission"),
                     detail])
    if not rows:
        return [_("{id}: nothing recorded yet").format(id=facility_id)]
    return _columns([_("cycle"), _("event"), _("detail")], rows)


def submit(path: Path, facility_id: str, cycle: int, received: str, file: Path | None,
           sha256: str | None, reported_t: float | None, recomputed_t: float | None,
           result: str) -> list[str]:
    """Record a submission (the file's SHA-256 from ``file``, or given)."""
    if (file is None) == (sha256 is None):
        raise ConfigError(_("give the file received (--file) or its SHA-256 (--sha256), not "
                            "both"))
    if file is not None:
        if not Path(file).is_file():
            raise ConfigError(_("--file {path}: no such file").format(path=file))
        sha256 = file_sha256(Path(file))
    assert sha256 is not None
    folder = _inventory(path)
    number = record_submission(register_path(folder), facility_id, cycle, received, sha256,
                               reported_t, recomputed_t, result)
    return [_("submission {n}: {id}, cycle {cycle}, received {received}, {result}").format(
        n=number, id=facility_id, cycle=cycle, received=received, result=result)]


def _number(value: float | None) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:,.1f}"


def _columns(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned text columns, two spaces apart (the last one not padded)."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [str(c).ljust(w) for c, w in zip(cells[:-1], widths, strict=False)]
        return "  ".join([*padded, str(cells[-1])]).rstrip()

    return [line(header), *(line(r) for r in rows)]
