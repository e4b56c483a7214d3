"""An on-disk memo of work that depends only on files and on ghg's own code.

Parsing and checking the factor library and asking the unit library (pint) about unit spellings
cost about half a second of every command, for answers that change only when those files or ghg
change (issue #13). This module keeps such answers between processes:

- an entry is found by the SHA-256 of what it was built from (the caller's ``key``: file bytes,
  names) together with :func:`code_fingerprint` (ghg's own files, Python, numpy, pandas and pint),
  so an edited factor table, another ghg version or another pint is never served an old answer;
- only results of successful work are kept: a check that fails runs again, and says so, each time;
- the folder is :func:`folder` (``~/.cache/ghg/memo`` by default); ``GHG_CACHE_DIR=off`` turns
  the memo off. A folder that cannot be written, or an entry that
  cannot be read, only means the work is done again: the memo never changes a result.

Entries are pickles written atomically (a temporary file, then renamed). Like every cache in the
user's own home, it trusts that folder as much as the user's other files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

#: Package folders whose files cannot change a memoised answer: translations and the web pages
#: are not part of any entry, and the built-in factor sets (the folders in ``factors/data``, not
#: its own files such as ``activities.csv``) are keyed by their own content.
_NOT_FINGERPRINTED = frozenset({"__pycache__", "locale", "web"})
_FACTOR_SETS = os.path.join("factors", "data")


def folder() -> Path | None:
    """The memo's folder, or ``None`` when ``GHG_CACHE_DIR`` is ``off``: ``GHG_CACHE_DIR``, else
    ``%LOCALAPPDATA%\\ghg\\memo`` on Windows, else ``$XDG_CACHE_HOME/ghg/memo`` or
    ``~/.cache/ghg/memo`` (beside the bug logs, :mod:`ghg.core.bug_report`)."""
    chosen = os.environ.get("GHG_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("off", "0", "no", "") else Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "ghg" / "memo"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ghg" / "memo"


@cache
def code_fingerprint() -> str:
    """SHA-256 of ghg's own files (code and package data) and the versions of what answers
    depend on: a changed line of ghg, or another Python, numpy, pandas or pint, is another key."""
    import numpy
    import pandas

    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{numpy.__version__}\0{pandas.__version__}\0".encode())
    digest.update(_installed("pint").encode())
    root = Path(__file__).resolve().parents[1]
    for dirpath, dirnames, filenames in os.walk(root):
        relative = os.path.relpath(dirpath, root)
        dirnames[:] = [] if relative == _FACTOR_SETS else sorted(
            d for d in dirnames if d not in _NOT_FINGERPRINTED)
        for name in sorted(filenames):
            if name.endswith(".pyc"):
                continue
            with open(os.path.join(dirpath, name), "rb") as stream:
                digest.update(f"{relative}/{name}\0".encode() + stream.read() + b"\0")
    return digest.hexdigest()


def _installed(package: str) -> str:
    """Where a package is installed and when it was written (not imported: pint costs 0.15 s)."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return f"{package}: not installed"
    state = os.stat(spec.origin)
    return f"{package}: {spec.origin} {state.st_size} {state.st_mtime_ns}"


def entry_path(kind: str, key: bytes) -> Path | None:
    """The file that holds (or would hold) the entry of ``kind`` for ``key``."""
    where = folder()
    if where is None:
        return None
    name = hashlib.sha256(code_fingerprint().encode() + b"\0" + key).hexdigest()
    return where / f"{kind}-{name}.pickle"


def recall(kind: str, key: bytes) -> Any | None:
    """The entry kept for ``key``, or ``None`` (none kept, memo off, or unreadable)."""
    path = entry_path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as stream:
            return pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or foreign file: the work is simply done again
        return None


def keep(kind: str, key: bytes, value: Any) -> None:
    """Keep ``value`` for ``key``, atomically; silently nothing if the folder is not writable."""
    path = entry_path(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent)
    except OSError:  # read-only home, full disk: the memo is an optimisation, never required
        return


#: Entries kept at most: each ghg version (or each edit of a working copy) writes new ones, about
#: 0.3 MB a factor set; the oldest written go first.
MAX_ENTRIES = 64


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:max(len(entries) - MAX_ENTRIES, 0)]:
        try:
            old.unlink()
        except OSError:  # another process removed it, or (Windows) has it open
            continue
