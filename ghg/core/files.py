"""Files: atomic writes and deterministic bytes (CSV, JSON), shared by every writer.

Each file is written to a temporary name, then renamed.

A reader never sees a half-written file, and a failed run leaves nothing behind. Formats are
deterministic (no timestamps, fixed row order, shortest round-trip floats), so the same input
gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with ``\\n`` line ends."""
    # 12 significant digits: far below any inventory uncertainty, and free of float noise such as
    # 26.669330999999996, so reordered but equal inputs still give the same bytes.
    return table.to_csv(index=False, lineterminator="\n", float_format="%.12g").encode("utf-8")


def refuse_existing_run(out: Path) -> None:
    """Runs are immutable: a folder that already holds one is never written into again."""
    if (Path(out) / "provenance.json").exists():
        from ghg.core.errors import ConfigError

        raise ConfigError(f"{out}: already holds a run (provenance.json); runs are never "
                          "changed once written: choose a new output folder")


def json_bytes(document: dict) -> bytes:
    """Deterministic JSON (sorted keys, no timestamps) with a final newline."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as recorded in provenance."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
