"""Writing results atomically: each file is written to a temporary name, then renamed.

A reader never sees a half-written file, and a failed run leaves nothing behind. Formats are
deterministic (no timestamps, fixed row order, shortest round-trip floats), so the same input
gives byte-identical files.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ghg.inventory import Result


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
        from ghg.errors import ConfigError

        raise ConfigError(f"{out}: already holds a run (provenance.json); runs are never "
                          "changed once written: choose a new output folder")


def json_bytes(document: dict) -> bytes:
    """Deterministic JSON (sorted keys, no timestamps) with a final newline."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_result(result: Result, out: Path, detail: bool = True) -> list[Path]:
    """Write ``emissions.csv``, ``emissions.nc``, ``provenance.json``, ``biogenic_co2.csv`` and
    (with ``detail``) ``calculation.csv`` into ``out``; returns the paths written."""
    out = Path(out)
    refuse_existing_run(out)
    files = {
        "emissions.csv": csv_bytes(result.emissions),
        "biogenic_co2.csv": csv_bytes(result.biogenic_co2),
        "emissions.nc": netcdf_bytes(result),
        "provenance.json": json_bytes(result.provenance),
    }
    if detail:
        files["calculation.csv"] = csv_bytes(result.detail)
    written = []
    for name, data in files.items():  # everything is built before the first file is written
        write_bytes_atomic(out / name, data)
        written.append(out / name)
    return written


def netcdf_bytes(result: Result) -> bytes:
    """The provincial cube as NetCDF 3 (scipy engine: no library timestamps in the file)."""
    cube = result.cube.copy()
    for name in ("category", "gas") + (("region",) if "region" in cube.dims else ()):
        cube[name] = cube[name].astype(str)
    cube["scope"] = cube["scope"].astype("int32")
    cube["year"] = cube["year"].astype("int32")
    return bytes(cube.to_netcdf(engine="scipy"))
