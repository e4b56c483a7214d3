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
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
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
    try:
        return _workbook_bytes(sheets, direct=True)
    except _NotPlain:  # a cell openpyxl must convert (a date, a decimal): cell by cell
        return _workbook_bytes(sheets, direct=False)


def _workbook_bytes(sheets: dict[str, list[Section]], *, direct: bool) -> bytes:
    """``direct``: the cells' XML is written here (:class:`_SheetCells`), the rest of the file
    by openpyxl; else openpyxl writes every cell (the same bytes, about 8 times slower)."""
    book = Workbook()
    book.remove(book.active)
    cells: dict[str, tuple[bytes, bytes] | None] = {}
    for number, (name, sections) in enumerate(sheets.items(), start=1):
        sheet = book.create_sheet(name)
        if direct:
            cells[f"xl/worksheets/sheet{number}.xml"] = _SheetCells(sheet).write(sections)
        else:
            _write_sheet(sheet, sections)
    return fixed_bytes(book, cells)


def fixed_bytes(book: Workbook, cells: dict[str, tuple[bytes, bytes] | None] | None = None
                ) -> bytes:
    """A workbook's bytes with its dates and zip entries fixed: the same book, the same bytes.
    ``cells``: the cells of sheets (by zip member) that openpyxl writes empty, from
    :class:`_SheetCells`."""
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "ghg"
    raw = io.BytesIO()
    with _FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED) as archive, _round_trip_floats():
        archive.cells = cells or {}
        ExcelWriter(book, archive).write_data()  # save() would stamp the modified date
        if archive.cells:
            raise RuntimeError(f"sheets not written by openpyxl: {sorted(archive.cells)}")
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


class _NotPlain(Exception):
    """A cell holds neither text nor a number (nor is empty)."""


#: First characters of text that may read as a formula (:func:`formula_like` tells).
_FORMULA_START = frozenset("'=+-@\t\r")
_EMPTY_SHEET = (b'<dimension ref="A1:A1" />', b"<sheetData></sheetData>")


class _SheetCells:
    """The ``<sheetData>`` of one sheet, written as openpyxl writes it cell by cell
    (:func:`_write_sheet`), without a ``Cell`` object per value: the report's 15,000 cells took
    most of the workbook's time. The styles are registered in the book in openpyxl's order
    (fonts and number formats when assigned, cell formats row by row when written), so that
    ``styles.xml`` and every ``s`` index are the same too; text goes through openpyxl's checks
    (length, illegal characters). Only text, numbers and empty cells: anything else raises
    :class:`_NotPlain`."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.book = sheet.parent
        #: every cell openpyxl would create, empty ones too (they count in the dimension)
        self.rows: dict[int, list[tuple[int, StyleArray | None, str]]] = {}
        self._text_styles: dict[tuple[int, bool], StyleArray] = {}  # by font and quote

    def write(self, sections: list[Section]) -> tuple[bytes, bytes] | None:
        """The sheet's ``<dimension>`` and ``<sheetData>`` (None without cells); its column
        widths and frozen panes are set on ``sheet``."""
        row = 1
        widths: dict[int, int] = {}
        first_header = 0
        for section in sections:
            if section.title:
                self._text_row(row, [section.title], self.book._fonts.add(TITLE))
                row += 1
            names = [str(name) for name in section.table.columns]
            if names:
                self._text_row(row, names, self.book._fonts.add(BOLD))
            for j, name in enumerate(names, start=1):
                widths[j] = max(widths.get(j, 8), min(len(name) + 2, 40))
            first_header = first_header or row
            row += 1
            self._table(section, row, widths)
            row += len(section.table) + 1  # a blank row between sections
        for j, width in widths.items():
            self.sheet.column_dimensions[get_column_letter(j)].width = width
        if first_header:  # keep the first header row and the code column in view
            self.sheet.freeze_panes = f"B{first_header + 1}"
            self._cell(first_header + 1, 2, None, "")  # openpyxl's pane cell (empty)
        return self._xml()

    def _text_row(self, row: int, texts: list[str], font_id: int) -> None:
        for j, text in enumerate(texts, start=1):
            self._cell(row, j, *self._text(text, font_id))

    def _table(self, section: Section, first: int, widths: dict[int, int]) -> None:
        table = section.table
        for j, name in enumerate(table.columns, start=1):
            values = table[name].to_numpy(dtype=object)
            number_format = section.formats.get(name)
            number_style = None
            for i, value in enumerate(values):
                kind = type(value)
                if kind is not str:  # text needs no conversion
                    value = _plain(value)
                    kind = type(value)
                if kind is str:
                    self._cell(first + i, j, *self._text(value, 0))
                elif kind is float or kind is int or kind is bool:
                    if number_format and number_style is None:  # registered when first used
                        number_style = self._number_style(number_format)
                    text = repr(value) if kind is float else format(value, ".16g")
                    self._cell(first + i, j, number_style if number_format else None,
                               f'{"b" if kind is bool else "n"}"><v>{text}</v></c>')
                elif value is None:
                    self._cell(first + i, j, None, "")
                else:
                    raise _NotPlain(kind)
            text_width = 14 if number_format else \
                max((len(str(v)) for v in values[:200]), default=0) + 2
            widths[j] = max(widths.get(j, 8), min(text_width, 60))

    def _text(self, text: str, font_id: int) -> tuple[StyleArray | None, str]:
        """A text cell's style and XML after its ``t=`` (openpyxl's checks; never a formula)."""
        text = _check_text(text)
        style = None
        quoted = text[:1] in _FORMULA_START and formula_like(text)
        if font_id or quoted:
            style = self._text_styles.get((font_id, quoted))
            if style is None:
                style = self._text_styles[font_id, quoted] = StyleArray()
                style.fontId = font_id
                style.quotePrefix = int(quoted)
        if text == "":
            return style, 'inlineStr" />'
        space = ' xml:space="preserve"' if text.strip() and text.strip() != text else ""
        return style, f'inlineStr"><is><t{space}>{_escape_text(text)}</t></is></c>'

    def _number_style(self, number_format: str) -> StyleArray:
        style = StyleArray()
        style.numFmtId = (BUILTIN_FORMATS_REVERSE[number_format]
                          if number_format in BUILTIN_FORMATS_REVERSE
                          else self.book._number_formats.add(number_format)
                          + BUILTIN_FORMATS_MAX_SIZE)
        return style

    def _cell(self, row: int, column: int, style: StyleArray | None, xml: str) -> None:
        self.rows.setdefault(row, []).append((column, style, xml))

    def _xml(self) -> tuple[bytes, bytes] | None:
        if not self.rows:
            return None
        cell_styles = self.book._cell_styles
        style_ids: dict[int, str] = {}  # by id() of the few style objects, in order of use
        out = ["<sheetData>"]
        left, right = 1 << 14, 0
        for row in sorted(self.rows):
            out.append(f'<row r="{row}">')
            cells = sorted(self.rows[row], key=lambda cell: cell[0])
            left, right = min(left, cells[0][0]), max(right, cells[-1][0])
            for column, style, xml in cells:
                if not xml:
                    continue  # an empty cell: openpyxl writes its row only
                ref = f"{get_column_letter(column)}{row}"
                if style is not None:
                    s = style_ids.get(id(style))
                    if s is None:  # openpyxl registers a cell's style when it writes it
                        s = style_ids[id(style)] = (f' s="{cell_styles.add(style)}"'
                                                    if any(style) else "")
                    out.append(f'<c r="{ref}"{s} t="{xml}')
                else:
                    out.append(f'<c r="{ref}" t="{xml}')
            out.append("</row>")
        out.append("</sheetData>")
        dimension = (f'<dimension ref="{get_column_letter(left)}{min(self.rows)}:'
                     f'{get_column_letter(right)}{max(self.rows)}" />')
        return dimension.encode(), "".join(out).encode("utf-8")


def _check_text(text: str) -> str:
    """openpyxl's checks of a text cell: at most 32,767 characters, no control characters."""
    text = text[:32767]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    return text


def _escape_text(text: str) -> str:
    """XML text as ElementTree escapes it (``&``, ``<``, ``>``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


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

    cells: dict[str, tuple[bytes, bytes] | None] = {}

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        arcname = arcname or str(filename)
        with open(filename, "rb") as part:
            data = part.read()
        if arcname in self.cells:  # a sheet whose cells openpyxl wrote empty: put them in
            written = self.cells.pop(arcname)
            if written is not None:
                for empty, xml in zip(_EMPTY_SHEET, written, strict=True):
                    if data.count(empty) != 1:
                        raise RuntimeError(f"{arcname}: openpyxl wrote no {empty!r}")
                    data = data.replace(empty, xml)
        self.writestr(arcname, data, compress_type, compresslevel)
