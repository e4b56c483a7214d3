"""Reading activity tables as text: CSV files, XLSX sheets, every cell a string with its line.

Nothing is interpreted here (numbers, years and units are checked by :mod:`ghg.inputs.activity`),
so a cell is never misread on the way in. Headers are mapped to the contract's names here
(Vietnamese or English, :mod:`ghg.inputs.aliases`).

CSV files are UTF-8 (a BOM is accepted) or UTF-16 with its BOM (Excel's "Unicode text"). The
separator is read from the header line alone, never guessed per row: a comma when it has one;
``;`` (Excel in a Vietnamese locale) or a tab (Unicode text) when that is the only one there. A
line with more or fewer cells than the header is a ``FILE:LINE`` problem with the fix, and the
other lines are still checked.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.i18n import N_, _
from ghg.core.schema import ACTIVITY_REQUIRED
from ghg.core.text_tables import decode_problem
from ghg.inputs.aliases import canonical_headers
from ghg.inputs.table_files import empty_problem

#: Sheets of a ``ghg template`` workbook that are never activity tables, by name: its drop-down
#: lists (a hidden sheet), its instructions and its facility register. Named, so a reader that
#: refuses hidden sheets still knows these ones (docs/contracts.md §1).
TEMPLATE_SHEETS = ("_lists", "_instructions", "_facilities")
#: Separators a CSV header line may show, in the order they are tried.
SEPARATORS = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab")}


@dataclass(frozen=True)
class RawTable:
    """The text of one table as read: every cell a string, with each row's line number."""

    file: str
    cells: pd.DataFrame
    lines: np.ndarray
    #: cells that were numbers (not text) in a workbook, same shape as ``cells``; None for CSV
    typed: pd.DataFrame | None = None
    #: problems found while reading (lines that could not be split into the header's cells)
    problems: tuple[Problem, ...] = ()


def read_tables(path: Path, label: str | None = None) -> list[RawTable]:
    """Read a CSV file, or every sheet of an XLSX file (sheets named ``_...`` are notes).

    Raises :class:`InputError` for files that cannot be read as tables at all.
    """
    path = Path(path)
    label = label or str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, label)
    return [_read_csv(path.read_bytes(), label)]


def _read_csv(raw: bytes, label: str) -> RawTable:
    if not raw.strip():
        raise InputError([empty_problem(label)])
    raw = _utf8(raw, label)
    separator = _separator(raw, label)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # header=None: the header line sets the number of cells, so a first row with one cell
        # too many is reported like any other instead of turning into an index column.
        cells = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, header=None,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            skipinitialspace=True, sep=separator, on_bad_lines="warn")
    # An empty header cell is named as pandas names it when it reads the header itself.
    header = [name if name.strip() else f"Unnamed: {i}" for i, name in
              enumerate(cells.iloc[0].tolist())]
    cells = cells.iloc[1:]  # a view: _raw_table copies the rows it keeps once
    cells.columns = header
    bad = _bad_lines(caught)
    problems = tuple(Problem(label, line, "row", None,
                             _("has {seen} cells, the header {expected}; {fix}").format(
                                 seen=seen, expected=expected, fix=_split_fix(separator)))
                     for line, expected, seen in bad)
    records = np.arange(2, len(cells) + len(bad) + 2)
    lines = records[~np.isin(records, [line for line, _expected, _seen in bad])]
    return _raw_table(label, cells, lines=lines, problems=problems)


def _utf8(raw: bytes, label: str) -> bytes:
    """The file as UTF-8 bytes: UTF-16 with a BOM is converted, anything else must be UTF-8."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel "Unicode text": UTF-16 with its BOM
        try:
            return raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError([Problem(label, None, "", None,
                                      _("starts like UTF-16 (Excel 'Unicode text') but is not "
                                        "UTF-16 throughout; expected a UTF-8 file: in Excel "
                                        "save as 'CSV UTF-8 (Comma delimited)'"))]) from None
    if b"\x00" in raw[:4096]:  # UTF-16 without its BOM (ASCII in it is valid UTF-8 + NULs)
        raise InputError([Problem(
            label, 1, "", None,
            _("has NUL bytes; the file looks like UTF-16 without a byte-order mark; expected a "
              "UTF-8 file: in Excel save as 'CSV UTF-8 (Comma delimited)', or convert it, e.g. "
              "iconv -f UTF-16LE -t UTF-8"))])
    problem = decode_problem(raw, label)
    if problem is not None:
        raise InputError([problem])
    return raw


def _separator(raw: bytes, label: str) -> str:
    """The separator the header line shows: a comma if it has one, else ``;`` or a tab if that
    is the only one of them there. Only the header decides; rows are never looked at."""
    header = raw.split(b"\n", 1)[0].decode("utf-8-sig")
    unquoted = re.sub(r'"[^"]*"', "", header)
    found = [s for s in SEPARATORS if s in unquoted]
    if not found or found[0] == ",":
        return ","
    if len(found) > 1:
        raise InputError([Problem(label, 1, "header", None,
                                  _("has both semicolons and tabs between names, so the "
                                    "separator is not clear; expected one separator: save as "
                                    "'CSV UTF-8 (Comma delimited)'"))])
    return found[0]


def _bad_lines(caught: list[warnings.WarningMessage]) -> list[tuple[int, int, int]]:
    """(line, cells expected, cells seen) of each line pandas could not split like the header."""
    text = "\n".join(str(w.message) for w in caught)
    return [(int(line), int(expected), int(seen)) for line, expected, seen in
            re.findall(r"line (\d+): expected (\d+) fields, saw (\d+)", text)]


def _split_fix(separator: str) -> str:
    if separator == ",":
        return _("a comma inside a cell splits it (a decimal comma such as 161,5, or a note): "
                 "write 161.5, or put the cell in double quotes (\"161,5\"); a file whose "
                 "header uses ';' is read with ';' between cells")
    return _("a {separator} inside a cell splits it: put the cell in double quotes, or remove "
             "the extra separator").format(separator=_(SEPARATORS[separator]))




def _read_xlsx(path: Path, label: str) -> list[RawTable]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tables = []
    try:
        for sheet in book.worksheets:
            if sheet.title in TEMPLATE_SHEETS or sheet.title.startswith("_"):
                continue
            values = list(sheet.iter_rows(values_only=True))
            rows = [tuple(_cell_text(v) for v in row) for row in values]
            sheet_label = f"{label}[{sheet.title}]"
            if not rows or not any(any(rows[0]) for _ in (0,)):
                raise InputError([Problem(sheet_label, None, "", None,
                                          _("sheet is empty; expected a header row {columns} "
                                            "and one row per quantity").format(
                                              columns=",".join(ACTIVITY_REQUIRED)))])
            header = canonical_headers(rows[0], "activity", sheet_label)
            cells = pd.DataFrame(rows[1:], columns=header, dtype=str)
            typed = pd.DataFrame([[_is_number(v) for v in row] for row in values[1:]],
                                 columns=header, dtype=bool)
            tables.append(_raw_table(sheet_label, cells, typed))
    finally:
        book.close()
    if not tables:  # e.g. the register template (_facilities) put among the activity tables
        raise InputError([Problem(label, None, "", None,
                                  _("has no activity sheet (sheets named _... are notes, lists "
                                    "or the facility register); expected a sheet with the "
                                    "columns {columns}; a _facilities sheet is saved as "
                                    "facilities.csv beside inventory.toml").format(
                                      columns=",".join(ACTIVITY_REQUIRED)))])
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _raw_table(label: str, cells: pd.DataFrame, typed: pd.DataFrame | None = None,
               lines: np.ndarray | None = None, problems: tuple[Problem, ...] = ()) -> RawTable:
    cells.columns = canonical_headers(list(cells.columns), "activity", label)
    lines = np.arange(2, len(cells) + 2) if lines is None else lines
    # Only rows with every cell empty are blank lines; a row of spaces is reported, not dropped.
    blank = np.logical_and.reduce([cells.iloc[:, j].to_numpy() == ""
                                   for j in range(len(cells.columns))]) \
        if len(cells.columns) else np.zeros(len(cells), dtype=bool)
    if typed is not None:
        typed.columns = cells.columns
        typed = typed.loc[~blank].reset_index(drop=True)
    return RawTable(label, cells.loc[~blank].reset_index(drop=True), lines[~blank], typed,
                    problems)
