"""Workbooks (openpyxl): sheets of titled sections, written byte-for-byte reproducibly.

A sheet is a list of :class:`Section` (a bold title unless it is empty, a bold header row, the
rows); column widths are set and the first header row stays in view. Numbers keep
full precision in the cells and are rounded only by their number format. openpyxl stamps the
workbook's created/modified dates and every zip member with the current time; both are fixed
here so that the same report gives the same bytes. Text is always a text cell, never a formula
(:func:`_as_text`).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import openpyxl.cell._writer as cell_writer
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ghg.core.files import formula_like

#: Date written into the workbook properties and zip entries (no clock time in outputs).
FIXED_TIME = datetime.datetime(2000, 1, 1)
TONNES = "#,##0"
TONNES_SMALL = "#,##0.000"
PERCENT = "0.0%"
SHARE = "0.0000"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=12)


@dataclass
class Section:
    """One table of a sheet: ``formats`` maps a column of ``table`` to an Excel number format.
    An empty ``title`` writes no title row (a sheet that is one plain table)."""

    title: str
    table: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)


def workbook_bytes(sheets: dict[str, list[Section]]) -> bytes:
    """An .xlsx file with one sheet per entry, in order; sheet names as given (≤ 31 chars)."""
    book = Workbook()
    book.remove(book.active)
    for name, sections in sheets.items():
        _write_sheet(book.create_sheet(name), sections)
    return fixed_bytes(book)


def fixed_bytes(book: Workbook) -> bytes:
    """A workbook's bytes with its dates and zip entries fixed: the same book, the same bytes."""
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "ghg"
    raw = io.BytesIO()
    with _FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED) as archive, _round_trip_floats():
        ExcelWriter(book, archive).write_data()  # save() would stamp the modified date
    return raw.getvalue()


@contextmanager
def _round_trip_floats():
    """openpyxl writes numbers as ``%.16g``, which can drop the last digit of a double; write
    the shortest text that reads back as the same float instead (``repr``)."""
    original = cell_writer.safe_string

    def exact(value):
        if isinstance(value, float) and np.isfinite(value):
            return repr(value)
        return original(value)

    cell_writer.safe_string = exact
    try:
        yield
    finally:
        cell_writer.safe_string = original


def _write_sheet(sheet, sections: list[Section]) -> None:
    row = 1
    widths: dict[int, int] = {}
    first_header = 0
    for section in sections:
        if section.title:
            title = sheet.cell(row=row, column=1, value=section.title)
            _as_text(title)
            title.font = TITLE
            row += 1
        for j, name in enumerate(section.table.columns, start=1):
            cell = sheet.cell(row=row, column=j, value=str(name))
            _as_text(cell)
            cell.font = BOLD
            widths[j] = max(widths.get(j, 8), min(len(str(name)) + 2, 40))
        first_header = first_header or row
        row += 1
        row = _write_rows(sheet, section, row, widths)
        row += 1  # a blank row between sections
    for j, width in widths.items():
        sheet.column_dimensions[get_column_letter(j)].width = width
    if first_header:  # keep the first header row and the code column in view
        sheet.freeze_panes = sheet.cell(row=first_header + 1, column=2)


def _write_rows(sheet, section: Section, row: int, widths: dict[int, int]) -> int:
    table = section.table
    for j, name in enumerate(table.columns, start=1):
        values = table[name].to_numpy(dtype=object)
        number_format = section.formats.get(name)
        for i, value in enumerate(values):  # openpyxl has no bulk writer: a cell at a time
            cell = sheet.cell(row=row + i, column=j, value=_plain(value))
            if isinstance(cell.value, str):
                _as_text(cell)
            elif number_format and isinstance(cell.value, float | int):
                cell.number_format = number_format
        text_width = max((len(str(v)) for v in values[:200]), default=0) + 2
        if number_format:
            text_width = 14
        widths[j] = max(widths.get(j, 8), min(text_width, 60))
    return row + len(table)


def _as_text(cell) -> None:
    """Text from the data stays text: never a live formula (``=``), and text a spreadsheet would
    read as one when edited (``=``, ``+``, ``-``, ``@``, tab) is marked "quoted" as a typed
    leading ``'`` marks it."""
    cell.data_type = "s"
    if formula_like(cell.value):
        cell.quotePrefix = True


def _plain(value):
    """Python scalars for openpyxl; NaN and None become empty cells."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose every member is dated :data:`FIXED_TIME`, deflated and mode 0600, in the order
    written. openpyxl adds its parts by name (dated now) and its sheets from temporary files
    (dated and moded as the file); both come here as named members, compressed once."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname,
                                               date_time=FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as part:
            self.writestr(arcname or str(filename), part.read(), compress_type, compresslevel)
