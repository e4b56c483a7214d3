"""Reading TOML settings files strictly: unreadable files and unknown keys are refused.

A misspelt key (``grid_ef_falback``, ``base_yaer``) would otherwise be ignored and its default
used without a word; here it is a ``FILE:LINE: KEY: is not a known key; did you mean ...``
problem. tomllib gives no line numbers, so the line is found by the key's text.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from ghg.core.errors import ConfigError, Problem
from ghg.core.i18n import _, either


def read_toml(path: Path, label: str | None = None, hint: str = "") -> tuple[dict, str]:
    """The table and the text of a TOML file; :class:`ConfigError` if it cannot be read.

    ``hint`` is added to the message of a missing file (what the file is for).
    """
    label = label or str(path)
    if not Path(path).is_file():
        why = _("is a folder, not a file") if Path(path).is_dir() else _("not found")
        raise ConfigError(f"{label}: {why}{'; ' + hint if hint else ''}")
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(f"{label}:{line}: " + _(
            "not valid TOML: byte {byte} is not UTF-8; expected a UTF-8 text file (save it as "
            "UTF-8)").format(byte=f"0x{raw[error.start]:02x}")) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{label}: " + _(
            'not valid TOML ({error}); see the TOML syntax: key = "text", key = 1.5, [table]'
        ).format(error=error)) from None


def unknown_keys(data: dict, allowed: Iterable[str], label: str, text: str,
                 table: str = "", index: int = 0, where: str = "") -> list[Problem]:
    """A problem for each key of ``data`` not in ``allowed``, with the closest known keys.

    ``table`` is the header the keys are under (``waste_history``, ``measure`` for the
    ``index``-th ``[[measure]]``), used to find the line and to name the key; ``where`` replaces
    the table name in the message (``measure awd``).

    Examples
    --------
    >>> text = 'name = "x"\\ngrid_ef_falback = "latest"\\n'
    >>> [str(p) for p in unknown_keys({"name": "x", "grid_ef_falback": "latest"},
    ...                               ["name", "grid_ef_fallback"], "inventory.toml", text)]
    ["inventory.toml:2: grid_ef_falback: is not a known key; did you mean 'grid_ef_fallback'?"]
    """
    allowed = list(allowed)
    problems = []
    for key in data:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=2, cutoff=0.6)
        hint = _("did you mean {keys}?").format(keys=either([repr(c) for c in close])) \
            if close else _("expected one of {keys}").format(keys=", ".join(allowed))
        name = f"{where}: {key}" if where else (f"{table}.{key}" if table else key)
        problems.append(Problem(label, toml_line(text, key, table, index), name, None,
                                _("is not a known key; {hint}").format(hint=hint)))
    return problems


def toml_line(text: str, key: str, table: str = "", index: int = 0) -> int | None:
    """The line of ``key = ...`` under ``[table]`` (or the ``index``-th ``[[table]]``).

    Examples
    --------
    >>> toml_line('a = 1\\n[t]\\nb = 2\\n[[m]]\\nc = 1\\n[[m]]\\nc = 2\\n', "c", "m", 1)
    7
    """
    lines = text.splitlines()
    header = re.compile(r"\s*\[\[?\s*([\w.\"' -]+?)\s*\]\]?\s*(#.*)?$")
    starts = [number + 1 for number, line in enumerate(lines)
              if (found := header.match(line)) and found.group(1).replace('"', "") == table]
    if table and len(starts) <= index:
        return None
    start = starts[index] if table else 0
    pattern = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number in range(start, len(lines)):
        if header.match(lines[number]):
            return None
        if pattern.match(lines[number]):
            return number + 1
    return None
