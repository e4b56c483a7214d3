"""Reading activity tables as text: CSV files, XLSX sheets, every cell a string with its line.

Nothing is interpreted here (numbers, years and units are checked by :mod:`ghg.inputs.activity`),
so a cell is never misread on the way in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.schema import ACTIVITY_REQUIRED


@dataclass(frozen=True)
class RawTable:
    """The text of one table as read: every cell a string, with each row's line number."""

    file: str
    cells: pd.DataFrame
    lines: np.ndarray
    #: cells that were numbers (not text) in a workbook, same shape as ``cells``; None for CSV
    typed: pd.DataFrame | None = None


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
        raise InputError([Problem(label, None, "", None,
                                  "file is empty; expected a header line "
                                  f"{','.join(ACTIVITY_REQUIRED)} and one row per quantity")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise InputError([Problem(
            label, line, "", None,
            f"byte 0x{byte:02x} is not UTF-8; the file looks {_guess_encoding(raw)}; expected a "
            "UTF-8 file: in Excel save as 'CSV UTF-8 (Comma delimited)', or convert it, e.g. "
            f"iconv -f {_guess_encoding(raw, iconv=True)} -t UTF-8")]) from None
    del text  # decoded only to check the encoding; pandas parses the bytes faster
    cells = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False,
                        na_filter=False, skip_blank_lines=False, skipinitialspace=True)
    return _raw_table(label, cells)


def _guess_encoding(raw: bytes, iconv: bool = False) -> str:
    # Vietnamese Windows files are CP1258; try it before the Western code page.
    for name, iconv_name in (("cp1258", "CP1258"), ("cp1252", "CP1252")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return iconv_name if iconv else f"like {iconv_name} (Windows code page)"
    return "LATIN1" if iconv else "like a legacy 8-bit encoding"


def _read_xlsx(path: Path, label: str) -> list[RawTable]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    tables = []
    try:
        for sheet in book.worksheets:
            if sheet.title.startswith("_"):
                continue
            values = list(sheet.iter_rows(values_only=True))
            rows = [tuple(_cell_text(v) for v in row) for row in values]
            sheet_label = f"{label}[{sheet.title}]"
            if not rows or not any(any(rows[0]) for _ in (0,)):
                raise InputError([Problem(sheet_label, None, "", None,
                                          "sheet is empty; expected a header row "
                                          f"{','.join(ACTIVITY_REQUIRED)} and one row per "
                                          "quantity")])
            header = [h.strip() for h in rows[0]]
            cells = pd.DataFrame(rows[1:], columns=header, dtype=str)
            typed = pd.DataFrame([[_is_number(v) for v in row] for row in values[1:]],
                                 columns=header, dtype=bool)
            tables.append(_raw_table(sheet_label, cells, typed))
    finally:
        book.close()
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _raw_table(label: str, cells: pd.DataFrame, typed: pd.DataFrame | None = None) -> RawTable:
    cells.columns = [str(c).strip().lower() for c in cells.columns]
    lines = np.arange(2, len(cells) + 2)
    # Only rows with every cell empty are blank lines; a row of spaces is reported, not dropped.
    blank = np.logical_and.reduce([cells[c].to_numpy() == "" for c in cells.columns]) \
        if len(cells.columns) else np.zeros(len(cells), dtype=bool)
    if typed is not None:
        typed.columns = cells.columns
        typed = typed.loc[~blank].reset_index(drop=True)
    return RawTable(label, cells.loc[~blank].reset_index(drop=True), lines[~blank], typed)
