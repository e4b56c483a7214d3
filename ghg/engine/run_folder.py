"""Checking a run folder of ``ghg compute`` before it is read again (``ghg recompute``).

A damaged run (provenance.json missing, not JSON, not written by ``ghg compute``, the emissions
or calculation table missing or empty, its inventory moved away) is refused with what is wrong
and where, never a traceback. Whether the files still match the hashes in provenance.json is
checked by :mod:`ghg.recompute`.
"""

from __future__ import annotations

import json
from pathlib import Path

from ghg.core.errors import ConfigError
from ghg.core.i18n import _

#: What ``ghg recompute`` reads from provenance.json, and the run tables it compares with.
PROVENANCE_KEYS: dict[str, type | tuple[type, ...]] = {
    "source": (str, type(None)), "options": dict, "inputs": dict, "gwp": dict}
RUN_TABLES = ("emissions.csv", "calculation.csv")


def check_run_folder(run: Path) -> dict:
    """The provenance of the run folder ``run``; :class:`ConfigError` if it cannot be used."""
    run = Path(run)
    provenance = run / "provenance.json"
    if not run.is_dir() or not provenance.is_file():
        why = _("no such folder") if not run.exists() else \
            _("a file, not a folder") if not run.is_dir() else _("no provenance.json")
        raise ConfigError(f"{run}: " + _("not a run folder ({why}); expected the output folder "
                                         "of ghg compute").format(why=why))
    raw = provenance.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{provenance}: " + _(
            "not valid JSON (byte {byte} is not UTF-8); the run folder is damaged: compute it "
            "again").format(byte=f"0x{raw[error.start]:02x}")) from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{provenance}: " + _(
            "not valid JSON ({error} at line {line}, column {column}); the run folder is "
            "damaged or was edited: compute it again").format(
                error=error.msg, line=error.lineno, column=error.colno)) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{provenance}: " + _(
            "expected a JSON object written by ghg compute, found a JSON {kind}; compute the run "
            "again").format(kind=repr(type(data).__name__)))
    for key, kind in PROVENANCE_KEYS.items():
        if key not in data:
            raise ConfigError(f"{provenance}: " + _(
                "{key} is missing; expected the provenance written by ghg compute (compute the "
                "run again)").format(key=repr(key)))
        if not isinstance(data[key], kind):
            raise ConfigError(f"{provenance}: " + _(
                "{key} is not what ghg compute writes; compute the run again").format(
                    key=repr(key)))
    if "set" not in data["gwp"] or "sum_duplicates" not in data["options"]:
        raise ConfigError(f"{provenance}: " + _(
            "'gwp.set' or 'options.sum_duplicates' is missing; expected the provenance written "
            "by ghg compute"))
    if data["source"] and not Path(data["source"]).exists():
        raise ConfigError(f"{provenance}: " + _(
            "source {source} no longer exists; expected the inventory the run was computed from "
            "at the same place (move it back, or compute a new run from where it is now)").format(
                source=data["source"]))
    for name in RUN_TABLES:
        table = run / name
        if not table.is_file() or table.stat().st_size == 0:
            raise ConfigError(f"{table}: " + _(
                "{state}; expected the run's table written by ghg compute (the run folder is "
                "damaged: compute it again)").format(
                    state=_("missing") if not table.is_file() else _("empty")))
    return data
