"""``ghg template``: an Excel workbook for officers to fill in, in Vietnamese or English.

One sheet per activity kind (headers in the chosen language, an example row, drop-down lists for
activity, unit and category), the facility register as sheet ``_facilities`` (drop-downs for
facility type and yes/no), an instructions sheet and the lists, on the hidden sheet ``_lists``,
that the drop-downs refer to. Sheets named ``_...`` are never read as activity tables
(:data:`ghg.inputs.tables.TEMPLATE_SHEETS`), so the filled workbook put in ``activity/`` computes
as it is. The bytes are the same for the same kind and language (dates fixed as in
:mod:`ghg.core.xlsx`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ghg.core.files import write_bytes_atomic
from ghg.core.schema import ACTIVITY_REQUIRED
from ghg.core.xlsx import fixed_bytes
from ghg.inputs.aliases import header_names, kind_activities
from ghg.inputs.listing import kind_categories, kind_columns, kind_units, kinds_named
from ghg.inputs.register import FACILITY_TYPES
from ghg.inputs.register import OPTIONAL as REGISTER_OPTIONAL
from ghg.inputs.register import REQUIRED as REGISTER_REQUIRED
from ghg.inputs.tables import TEMPLATE_SHEETS

LISTS, INSTRUCTIONS, FACILITIES = TEMPLATE_SHEETS
#: Rows of each sheet that get the drop-down lists (the header is row 1).
LAST_ROW = 5000
BOLD = Font(bold=True)
EXAMPLE = {"en": "example: illustrative value, not data of any facility",
           "vi": "ví dụ: giá trị minh họa, không phải số liệu của cơ sở nào"}


def template_kinds(kind: str) -> tuple[tuple[str, ...], bool]:
    """The activity kinds a template has sheets for, and whether it has the facility register.

    Examples
    --------
    >>> template_kinds("facilities"), template_kinds("energy"), template_kinds("landfill_gas")
    (((), True), (('fuel', 'electricity'), False), (('swds', 'landfill_gas'), False))
    """
    if kind == "facilities":
        return (), True
    kinds = kinds_named(kind)
    if "landfill_gas" in kinds and "swds" not in kinds:  # recovery needs the site's deposits
        kinds = ("swds", *kinds)
    return kinds, kind == "all"


def write_template(kind: str, path: Path, lang: str = "vi") -> Path:
    """Write the template workbook for ``kind`` to ``path`` atomically; returns ``path``."""
    write_bytes_atomic(Path(path), template_bytes(kind, lang))
    return Path(path)


def template_bytes(kind: str, lang: str = "vi") -> bytes:
    """The template workbook for ``kind`` (a kind, a group, ``all`` or ``facilities``)."""
    kinds, register = template_kinds(kind)
    book = Workbook()
    book.remove(book.active)
    lists: dict[str, list[str]] = {}
    for name in kinds:
        _kind_sheet(book.create_sheet(name), name, lang, lists)
    if register:
        _register_sheet(book.create_sheet(FACILITIES), lang, lists)
    _instructions_sheet(book.create_sheet(INSTRUCTIONS), lang)
    _lists_sheet(book.create_sheet(LISTS), lists)
    return _workbook_bytes(book)


def _kind_sheet(sheet, kind: str, lang: str, lists: dict[str, list[str]]) -> None:
    example = _examples().loc[kind]
    parameters = dict(p.split("=", 1) for p in example["parameters"].split(";") if p)
    columns = [*ACTIVITY_REQUIRED, *kind_columns(kind), "source"]
    names = kind_activities([kind])
    activity = names.loc[example["activity"], "name_vi"] if lang == "vi" else example["activity"]
    units = kind_units(kind, lang)
    unit = _unit_spelling(example["unit"], units)
    row = {"source_id": example["source_id"], "year": int(example["year"]),
           "category": example["category"], "activity": activity,
           "amount": _number(example["amount"]), "unit": unit, **parameters,
           "source": EXAMPLE[lang]}
    _header(sheet, columns, header_names("activity", lang))
    for j, column in enumerate(columns, start=1):
        sheet.cell(row=2, column=j, value=row.get(column))
    activities = list(names["name_vi"] if lang == "vi" else names.index)
    _drop_down(sheet, columns.index("activity"), f"{kind}.activity", activities, lists, lang)
    _drop_down(sheet, columns.index("unit"), f"{kind}.unit", units, lists, lang)
    _drop_down(sheet, columns.index("category"), f"{kind}.category", kind_categories(kind),
               lists, lang)


def _unit_spelling(canonical: str, units: list[str]) -> str:
    """The example's unit as the sheet's list spells it (``t`` -> ``tấn`` in Vietnamese)."""
    from ghg.core.quantities import canonical_unit

    return next((u for u in units if canonical_unit(u) == canonical), canonical)


def _register_sheet(sheet, lang: str, lists: dict[str, list[str]]) -> None:
    columns = [*REGISTER_REQUIRED, *REGISTER_OPTIONAL, "source"]
    types = _value_names("facility_type", FACILITY_TYPES, lang)
    yes_no = _value_names("on_current_list", ("yes", "no"), lang)
    row = {"facility_id": "CS-01",
           "name": "Nhà máy ví dụ (minh họa)" if lang == "vi" else "Example plant (illustrative)",
           "facility_type": types[FACILITY_TYPES.index("industrial")], "on_current_list":
           yes_no[0], "line_ministry": "Bộ Công Thương" if lang == "vi" else "industry and trade",
           "source": EXAMPLE[lang]}
    _header(sheet, columns, header_names("facilities", lang))
    for j, column in enumerate(columns, start=1):
        sheet.cell(row=2, column=j, value=row.get(column))
    _drop_down(sheet, columns.index("facility_type"), "facility_type", types, lists, lang)
    _drop_down(sheet, columns.index("on_current_list"), "on_current_list", yes_no, lists, lang)


def _value_names(column: str, values: tuple[str, ...], lang: str) -> list[str]:
    """Each canonical value as the template writes it: in vi, its first listed alias."""
    if lang == "en":
        return list(values)
    first: dict[str, str] = {}
    for alias, value in _value_rows(column):
        first.setdefault(value, alias)
    return [first.get(v, v) for v in values]


def _value_rows(column: str) -> list[tuple[str, str]]:
    path = resources.files("ghg.inputs").joinpath("data", "value_aliases.csv")
    with path.open("r", encoding="utf-8") as stream:
        table = pd.read_csv(stream, dtype=str, keep_default_na=False)
    rows = table[(table["table"] == "facilities") & (table["column"] == column)]
    return list(zip(rows["alias"], rows["value"], strict=True))


def _header(sheet, columns: list[str], names: dict[str, str]) -> None:
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j, value=names.get(column, column))
        cell.font = BOLD
        width = max(len(str(cell.value)) + 4, 12 if column != "source" else 40)
        sheet.column_dimensions[get_column_letter(j)].width = min(width, 50)
    sheet.freeze_panes = "A2"


def _drop_down(sheet, index: int, name: str, values: list[str], lists: dict[str, list[str]],
               lang: str) -> None:
    """A list validation on one column, its values a column of the hidden lists sheet."""
    lists[name] = values
    column = get_column_letter(len(lists))
    source = f"{quote_sheetname(LISTS)}!${column}$2:${column}${len(values) + 1}"
    message = ("Chọn từ danh sách (hoặc xem: ghg activities)" if lang == "vi"
               else "Choose from the list (or see: ghg activities)")
    validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                showErrorMessage=True, errorStyle="warning", error=message,
                                errorTitle="ghg")
    letter = get_column_letter(index + 1)
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(validation)
    width = max((len(v) for v in values), default=8) + 4
    current = sheet.column_dimensions[letter].width or 8
    sheet.column_dimensions[letter].width = min(max(current, width), 60)


def _instructions_sheet(sheet, lang: str) -> None:
    rows = _instructions()
    sheet.column_dimensions["A"].width = 110
    for i, text in enumerate(rows[lang], start=1):
        cell = sheet.cell(row=i, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=12)


def _lists_sheet(sheet, lists: dict[str, list[str]]) -> None:
    for j, (name, values) in enumerate(lists.items(), start=1):
        sheet.cell(row=1, column=j, value=name).font = BOLD
        for i, value in enumerate(values, start=2):
            cell = sheet.cell(row=i, column=j, value=value)
            cell.data_type = "s"  # codes such as 3.A stay text
    sheet.sheet_state = "hidden"


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


@cache
def _examples() -> pd.DataFrame:
    path = resources.files("ghg.inputs").joinpath("data", "template_examples.csv")
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False).set_index("kind")


@cache
def _instructions() -> pd.DataFrame:
    path = resources.files("ghg.inputs").joinpath("data", "template_instructions.csv")
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False)


def _workbook_bytes(book: Workbook) -> bytes:
    """The workbook's bytes, the same each time (:func:`ghg.core.xlsx.fixed_bytes`)."""
    book.active = 0
    return fixed_bytes(book)
