"""Files: atomic writes and deterministic bytes (CSV, JSON), shared by every writer.

Each file is written to a temporary name, then renamed.

A reader never sees a half-written file, and a failed run leaves nothing behind. Formats are
deterministic (no timestamps, fixed row order, shortest round-trip floats), so the same input
gives byte-identical files.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
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
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; colleagues must read it
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


def check_output_folder(out: Path, *, run: bool) -> None:
    """Refuse an output folder that cannot be written, before any input is read.

    ``out`` must be a folder or not exist yet (missing parents are created later); with ``run``
    (a run folder of ``compute``/``recompute``) it must also be empty, as :func:`write_run`
    requires. The folder that would be written into (a run folder is renamed into place in its
    parent) must allow writing: a read-only one raises :class:`PermissionError` (exit 3, the
    machine, not the input) naming it.
    """
    from ghg.core.errors import ConfigError

    out = Path(out)
    if run:
        refuse_existing_run(out)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder; choose a folder for -o "
                          "(nothing was changed)")
    if run and out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out}: exists and is not an empty folder; a run is written into a new "
                          "folder (nothing was changed)")
    target = out.parent if run else out
    existing = next((p for p in (target, *target.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise ConfigError(f"{out}: {existing} is a file, not a folder; choose another -o "
                          "(nothing was changed)")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "the folder is not writable", str(existing))


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


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it; put it back at once
    os.umask(mask)
    return mask


def write_run(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write a run folder as a whole: built in a temporary folder beside ``out``, renamed into
    place last, so an interrupted run leaves no folder that looks like a run.

    ``out`` must not exist, or be an empty folder; a lock file beside it (``.NAME.lock``, with the
    writer's process id) stops two runs from writing the same folder. A lock whose process has
    ended is stale and taken over. Returns the paths written, in ``files`` order.
    """
    out = Path(out)
    check_output_folder(out, run=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}.lock"
    _take_lock(lock, out)
    partial = out.parent / f".{out.name}.partial-{os.getpid()}"
    try:
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir()
        for name, data in files.items():
            with open(partial / name, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        if out.exists():
            out.rmdir()  # empty, checked above
        os.rename(partial, out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        lock.unlink(missing_ok=True)
    return [out / name for name in files]


def _take_lock(lock: Path, out: Path) -> None:
    from ghg.core.errors import ConfigError

    for _ in range(2):  # a second try after removing a stale lock
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="ascii").strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise ConfigError(f"{out}: another ghg run (process {pid}) is writing this folder; "
                                  f"wait for it, or choose another folder ({lock} is its lock)"
                                  ) from None
            lock.unlink(missing_ok=True)  # stale: its process has ended
            continue
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(str(os.getpid()))
        return
    raise ConfigError(f"{out}: could not take the lock {lock}; remove it if no run is writing")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True
