"""Reading the small CSV tables around the activity data (inventory tables, registers, criteria,
drivers, factor tables) as text, with every way a file can be unreadable as a ``FILE:LINE``
problem: empty or BOM-only, not UTF-8, a row with more fields than the header, a column named
twice (``amount`` and ``Amount`` are one name: names are matched ignoring case and spaces).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import Problem
from ghg.core.i18n import N_, _


def decode_problem(raw: bytes, label: str) -> Problem | None:
    """Why ``raw`` is not UTF-8 text (with a BOM or not), naming the line and the likely code
    page; ``None`` if it decodes."""
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            guess, iconv = _("like UTF-16 (Excel's 'Unicode Text')"), "UTF-16"
        else:
            guess, iconv = _code_page(raw)
        return Problem(label, line, "", None,
                       _("byte {byte} is not UTF-8; the file looks {guess}; expected a UTF-8 "
                         "file: in Excel save as 'CSV UTF-8 (Comma delimited)', or convert it, "
                         "e.g. iconv -f {iconv} -t UTF-8").format(
                           byte=f"0x{raw[error.start]:02x}", guess=guess, iconv=iconv))
    return None


def _code_page(raw: bytes) -> tuple[str, str]:
    # Vietnamese Windows files are CP1258; try it before the Western code page.
    for name in ("cp1258", "cp1252"):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return _("like {code_page} (Windows code page)").format(code_page=name.upper()), \
            name.upper()
    return _("like a legacy 8-bit encoding"), "LATIN1"


def is_empty(raw: bytes) -> bool:
    """No text at all: zero bytes, only a BOM, only blank lines."""
    return not raw.removeprefix(b"\xef\xbb\xbf").strip()


def header_problems(text: str, label: str) -> list[Problem]:
    """Columns named twice in the first line of a CSV text (ignoring case and spaces)."""
    first = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), [])
    return repeated_columns([str(c) for c in first], label)


def repeated_columns(names: list[str], label: str) -> list[Problem]:
    """A problem for each column whose name (ignoring case and spaces) appeared before.

    Examples
    --------
    >>> [str(p) for p in repeated_columns(["year", "amount", "Amount "], "a.csv")]
    ["a.csv:1: header: column 'Amount ' appears twice (columns 2 and 3); expected each column \
once (names are matched ignoring case and spaces)"]
    """
    seen: dict[str, int] = {}
    problems = []
    for position, name in enumerate(names, start=1):
        key = name.strip().lower()
        if key == "":
            continue
        if key in seen:
            problems.append(Problem(label, 1, "header", None,
                                    _("column {name} appears twice (columns {first} and "
                                      "{second}); expected each column once (names are "
                                      "matched ignoring case and spaces)").format(
                                        name=repr(name), first=seen[key], second=position)))
        else:
            seen[key] = position
    return problems


def read_text_table(path: Path, label: str,
                    expected: str = N_("a header line and one row per record")
                    ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A CSV file as stripped text cells, lower-case stripped column names and a ``line``
    column (header = line 1); or ``None`` and the problems that make it unreadable.

    ``expected`` describes the content, for the message about an empty file.
    """
    raw = Path(path).read_bytes()
    if is_empty(raw):
        return None, [Problem(label, None, "", None,
                              _("file is empty; expected {expected}").format(expected=_(expected)))]
    bad = decode_problem(raw, label)
    if bad is not None:
        return None, [bad]
    text = raw.decode("utf-8-sig")
    problems = header_problems(text, label)
    if problems:
        return None, problems
    # The csv module, not pandas: pandas turns a row with one field too many into an index
    # column (or a ParserError that stops at the first such row); these tables are small.
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader)]
    width = len(header)
    records, lines = [], []
    line = 2
    for row in reader:
        start = line  # a record's line is where it starts (a quoted cell may hold newlines)
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) > width:
            problems.append(Problem(label, start, "", None,
                                    _("row has {seen} fields, the header {width}; expected "
                                      "one value per column (quote values that contain a "
                                      'comma, e.g. "161,5")').format(seen=len(row), width=width)))
            continue
        records.append([cell.strip() for cell in row] + [""] * (width - len(row)))
        lines.append(start)
    if problems:
        return None, problems
    table = pd.DataFrame(records, columns=header, dtype=str) if records else \
        pd.DataFrame({name: pd.Series(dtype=str) for name in header})
    return table.assign(line=np.array(lines, dtype=np.int64)), []
