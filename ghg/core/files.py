"""Files: output folders that appear whole, and deterministic bytes (CSV, JSON), shared by
every writer.

An output folder is built beside its final name and renamed into place last, under a lock
(:func:`write_run`); a single file is written to a temporary name, then renamed
(:func:`write_bytes_atomic`). A reader never sees a half-written output, and a failed or killed
run leaves nothing that looks like one. Formats are deterministic (no timestamps, fixed row order,
12 significant digits), so the same input gives byte-identical files; text that a spreadsheet
would run as a formula is written as text (:func:`formula_safe`).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ghg.core.i18n import _

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
    """A table as UTF-8 CSV with ``\\n`` line ends; text that a spreadsheet would run as a
    formula gets a leading ``'`` (:func:`formula_safe`)."""
    # 12 significant digits: far below any inventory uncertainty, and free of float noise such as
    # 26.669330999999996, so reordered but equal inputs still give the same bytes.
    return formula_safe(table).to_csv(index=False, lineterminator="\n",
                                      float_format="%.12g").encode("utf-8")


#: Text a spreadsheet reads as a formula (``=``, ``+``, ``-``, ``@``) or that hides one behind a
#: tab or carriage return; a leading ``'`` (Excel's and LibreOffice's "this is text") before it.
#: Leading quotes are counted in, so that un-escaping gives back exactly the text written.
_FORMULA_LIKE = r"^'*[=+\-@\t\r]"
#: A plain number written as text (``-12.5``, ``+3e-2``) is no formula and is never prefixed.
_PLAIN_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` typed into a cell as a formula.

    Examples
    --------
    >>> [formula_like(t) for t in ("=1+2", "+84 90", "-", "-12.5", "@A1", "\\tx", "Bến Tre")]
    [True, True, True, False, True, True, False]
    """
    return bool(re.match(_FORMULA_LIKE, text)) and not re.match(_PLAIN_NUMBER, text)


def formula_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell a spreadsheet would read as a formula prefixed by ``'``.

    Only text cells change: numeric columns, and numbers held as text (``-3``), are left alone.
    Returns ``table`` itself when nothing needs a prefix (the usual case: no copy).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"name": ["=1+2", "-5", "@SUM(A1)", "Mỏ Cày"],
    ...                       "co2e_t": [-1.5, 2.0, 3.0, 4.0]})
    >>> formula_safe(table)["name"].tolist()
    ["'=1+2", '-5', "'@SUM(A1)", 'Mỏ Cày']
    >>> formula_unsafe(formula_safe(table)).equals(table)
    True
    """
    return _map_text(table, _escape)


def formula_unsafe(table: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`formula_safe`, for reading a CSV that ghg wrote (one ``'`` less on
    text that starts with quotes and a formula character)."""
    return _map_text(table, _unescape)


def _escape(values: pd.Series) -> pd.Series | None:
    text = values.str
    hit = text.match(_FORMULA_LIKE, na=False) & ~text.match(_PLAIN_NUMBER, na=False)
    return ("'" + values.where(hit, "")).where(hit, values) if hit.any() else None


def _unescape(values: pd.Series) -> pd.Series | None:
    text = values.str
    hit = text.match(r"^'+[=+\-@\t\r]", na=False)
    return values.where(~hit, values.where(hit, "'").str[1:]) if hit.any() else None


def _map_text(table: pd.DataFrame, change) -> pd.DataFrame:
    """Apply ``change`` to the text of every text column (to the categories of categoricals:
    each distinct text once); ``change`` returns ``None`` when nothing is to change. All text is
    looked at in one pass first: usually nothing changes and the table is returned as it is."""
    import pandas as pd

    texts: dict[str, pd.Series] = {}
    for name in table.columns:
        column = table[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if categories.dtype == object or pd.api.types.is_string_dtype(categories.dtype):
                texts[name] = pd.Series(categories, dtype=object)
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            texts[name] = column.astype(object)
    if not texts:
        return table
    try:
        if change(pd.concat(list(texts.values()), ignore_index=True)) is None:
            return table
    except AttributeError:  # object columns without any text (None only)
        return table
    out = table.copy(deep=False)
    for name, values in texts.items():
        try:
            new = change(values)
        except AttributeError:  # this column holds no text
            continue
        if new is None:
            continue
        if isinstance(table[name].dtype, pd.CategoricalDtype):
            out[name] = table[name].cat.rename_categories(list(new))
        else:
            out[name] = new.astype(table[name].dtype)
    return out


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


def check_output(out: Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse an output folder before any input is read: one that is, or lies inside, an input
    (``inputs``: folders and files the command reads), that is a file or lies under one, holds a
    run or anything else, or whose parent cannot be written (:class:`PermissionError`, exit 3).
    Runs are never changed once written, and never written into their inputs."""
    from ghg.core.errors import ConfigError

    out = Path(out)
    where = out.resolve()
    for given in inputs:
        path = Path(given).resolve()
        if where == path or path in where.parents:
            what = _("the output folder is the input {given}") if where == path else \
                _("the output folder lies inside the input {given}")
            raise ConfigError(f"{out}: " + _(
                "{what}; outputs are never written into their inputs: choose a folder outside "
                "it (nothing was changed)").format(what=what.format(given=given)))
    if (out / "provenance.json").exists():
        raise ConfigError(f"{out}: " + _(
            "already holds a run (provenance.json); runs are never changed once written: "
            "choose a new output folder"))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        what = _("is a file") if not out.is_dir() else _("is a folder that holds files")
        raise ConfigError(f"{out}: " + _(
            "{what}; outputs are written into a new or empty folder (nothing was "
            "changed)").format(what=what))
    # The folder is built beside -o and renamed into place: its parent must take new files.
    existing = next((p for p in out.parents if p.exists()), Path("."))
    if not existing.is_dir():
        raise ConfigError(f"{out}: " + _(
            "{path} is a file, not a folder; choose another -o (nothing was changed)").format(
                path=existing))
    if not os.access(existing, os.W_OK | os.X_OK):  # the machine, not the input: exit 3
        raise PermissionError(errno.EACCES, _("the folder is not writable"), str(existing))


def refuse_existing_run(out: Path) -> None:
    """Runs are immutable: a folder that holds a run, or anything else, is never written into."""
    check_output(out)


def write_run(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write an output folder as a whole: built in a temporary folder beside ``out``
    (``.NAME.partial-PID``) and renamed into place last, so an interrupted run leaves no folder
    that looks like a run.

    ``out`` must not exist, or be an empty folder (:func:`check_output`, checked again under the
    lock). A lock beside it (``.NAME.lock``, holding the writer's process id) stops two runs from
    writing the same folder; the operating system releases it when its process ends, however it
    ends, so a lock or a partial folder left by a killed run is taken over and removed by the next
    one. An :class:`OSError` (disk full, file too large, read-only) names the file and leaves
    nothing behind. Returns the paths written, in ``files`` order.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        check_output(out)
        for stale in out.parent.glob(f".{glob.escape(out.name)}.partial-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed run: we hold the lock
        partial = out.parent / f".{out.name}.partial-{os.getpid()}"
        try:
            partial.mkdir()
            for name, data in files.items():
                try:
                    with open(partial / name, "wb") as stream:
                        stream.write(data)
                        stream.flush()
                        os.fsync(stream.fileno())
                except OSError as error:  # name the file the user asked for, not the temporary
                    raise OSError(error.errno, error.strerror, str(out / name)) from error
            if out.exists():
                out.rmdir()  # empty, checked above
            os.rename(partial, out)
            _sync_folder(out.parent)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    return [out / name for name in files]


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; nothing where a folder cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold ``.NAME.lock`` beside ``out``: an advisory lock on the file (released by the system
    when the process ends), which then holds the process id for the message of a second writer.
    Removed when done; a lock file whose lock is free is stale and taken over."""
    from ghg.core.errors import ConfigError

    lock = out.parent / f".{out.name}.lock"
    while True:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        if not _try_lock(handle):
            os.close(handle)
            raise ConfigError(f"{out}: " + _(
                "another ghg run (process {process}) is writing this folder; wait for it, or "
                "choose another folder ({lock} is its lock)").format(process=_holder(lock),
                                                                     lock=lock))
        try:  # the lock file may have been removed, and made anew, since it was opened
            same = os.path.samestat(os.fstat(handle), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode("ascii"))
        yield
    finally:
        lock.unlink(missing_ok=True)  # before it is released, so no one locks a removed file
        os.close(handle)


def _holder(lock: Path) -> str:
    """The process id in a held lock (written just after the lock is taken: a short wait, up to
    2 s on a busy machine; only a refused run waits)."""
    for _attempt in range(200):
        try:
            holder = lock.read_text(encoding="ascii").strip()
        except OSError:
            holder = ""
        if holder:
            return holder
        time.sleep(0.01)
    return "?"


def _try_lock(handle: int) -> bool:
    """Take an exclusive lock on an open file without waiting; False if another process has it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
