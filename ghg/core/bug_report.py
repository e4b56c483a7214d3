"""Where an unexpected exception of the ``ghg`` command is written: a log file, never the screen.

An officer sees one line ("this is a bug in ghg, please report it: LOG"); the log holds what a
maintainer needs: the command line, the versions and the full traceback. Logs go to
``$GHG_LOG_DIR`` if set, else the user's cache folder (``$XDG_CACHE_HOME/ghg/logs`` or
``~/.cache/ghg/logs``; ``%LOCALAPPDATA%\\ghg\\logs`` on Windows), else the system's temporary
folder when the cache cannot be written.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path


def log_folder() -> Path:
    """The folder bug logs are written to (see the module text); not created here."""
    if os.environ.get("GHG_LOG_DIR"):
        return Path(os.environ["GHG_LOG_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "ghg" / "logs"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "ghg" / "logs"


def write_bug_log(error: BaseException, argv: list[str]) -> Path:
    """Write the traceback of ``error`` with the command line and versions; returns the file."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ghg_version = version("ghg")
    except PackageNotFoundError:
        ghg_version = "unknown (not installed)"
    text = (f"ghg {ghg_version}, Python {platform.python_version()}, {platform.platform()}\n"
            f"command: ghg {' '.join(argv)}\n"
            f"working folder: {os.getcwd()}\n\n"
            + "".join(traceback.format_exception(error)))
    name = f"ghg-bug-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    for folder in (log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    sys.stderr.write(text)  # nowhere to write: the traceback is the report
    return Path("<stderr>")
