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

#: What ``ghg recompute`` reads from provenance.json, and the run tables it compares with.
PROVENANCE_KEYS: dict[str, type | tuple[type, ...]] = {
    "source": (str, type(None)), "options": dict, "inputs": dict, "gwp": dict}
RUN_TABLES = ("emissions.csv", "calculation.csv")


def check_run_folder(run: Path) -> dict:
    """The provenance of the run folder ``run``; :class:`ConfigError` if it cannot be used."""
    run = Path(run)
    provenance = run / "provenance.json"
    if not run.is_dir() or not provenance.is_file():
        why = "no such folder" if not run.exists() else \
            "a file, not a folder" if not run.is_dir() else "no provenance.json"
        raise ConfigError(f"{run}: not a run folder ({why}); expected the output folder of "
                          "ghg compute")
    raw = provenance.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{provenance}: not valid JSON (byte 0x{raw[error.start]:02x} is not "
                          "UTF-8); the run folder is damaged: compute it again") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{provenance}: not valid JSON ({error.msg} at line {error.lineno}, "
                          f"column {error.colno}); the run folder is damaged or was edited: "
                          "compute it again") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{provenance}: expected a JSON object written by ghg compute, found "
                          f"a JSON {type(data).__name__}; compute the run again")
    for key, kind in PROVENANCE_KEYS.items():
        if key not in data:
            raise ConfigError(f"{provenance}: {key!r} is missing; expected the provenance "
                              "written by ghg compute (compute the run again)")
        if not isinstance(data[key], kind):
            raise ConfigError(f"{provenance}: {key!r} is not what ghg compute writes; compute "
                              "the run again")
    if "set" not in data["gwp"] or "sum_duplicates" not in data["options"]:
        raise ConfigError(f"{provenance}: 'gwp.set' or 'options.sum_duplicates' is missing; "
                          "expected the provenance written by ghg compute")
    if data["source"] and not Path(data["source"]).exists():
        raise ConfigError(f"{provenance}: source {data['source']} no longer exists; expected "
                          "the inventory the run was computed from at the same place (move it "
                          "back, or compute a new run from where it is now)")
    for name in RUN_TABLES:
        table = run / name
        if not table.is_file() or table.stat().st_size == 0:
            raise ConfigError(f"{table}: {'missing' if not table.is_file() else 'empty'}; "
                              "expected the run's table written by ghg compute (the run folder "
                              "is damaged: compute it again)")
    return data
