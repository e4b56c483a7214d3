"""Which files of ``activity/`` are tables, and whether each can be read at all, before reading.

Every entry of ``activity/`` is accounted for: ``.csv``, ``.xlsx`` and ``.xlsm`` files are read;
Excel lock files (``~$name.xlsx``, present while the workbook is open) and hidden files
(``.DS_Store``) are skipped with a warning (logged as ``ghg.inputs``; the ``ghg`` command
prints it); anything else (an ``.xls`` workbook, a ``.txt`` or ``.ods`` file) is refused with
the fix, so no table is silently left out. Subfolders are not read (docs/contracts.md §2).
A workbook that cannot be opened, a hidden sheet (its rows would count without being seen:
refused) and a column named twice (``amount`` and ``Amount``) are refused here, with the file
and sheet.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ghg.core.errors import Problem
from ghg.core.i18n import N_, _
from ghg.core.schema import ACTIVITY_REQUIRED
from ghg.core.text_tables import decode_problem, header_problems, is_empty, repeated_columns

LOG = logging.getLogger("ghg.inputs")
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEAD_BYTES = 1 << 16
EMPTY = N_("file is empty; expected a header line {columns} and one row per quantity")


def empty_problem(label: str) -> Problem:
    """An empty activity file or sheet: what its first line should hold."""
    return Problem(label, None, "", None,
                   _(EMPTY).format(columns=",".join(ACTIVITY_REQUIRED)))


def activity_files(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The table files of ``folder`` in name order, and the problems of the files refused;
    skipped files are logged as warnings. Labels are relative to ``root``."""
    files, problems = [], []
    for path in sorted(folder.iterdir()):
        label = path.relative_to(root).as_posix()
        if path.is_dir():
            continue
        if path.name.startswith("~$"):
            LOG.warning(_("{file} skipped: an Excel lock file (the workbook is open in Excel); "
                          "close Excel before computing").format(file=label))
        elif path.name.startswith("."):
            LOG.warning(_("{file} skipped: a hidden file").format(file=label))
        elif path.suffix.lower() in TABLE_SUFFIXES:
            files.append(path)
        else:
            problems.append(suffix_problem(path, label))
    return files, problems


def suffix_problem(path: Path, label: str) -> Problem:
    """Why a file of this type is not read, and what to do."""
    if path.suffix.lower() == ".xls":
        return Problem(label, None, "", None,
                       _("an Excel 97-2003 workbook is not read; expected .xlsx: open it in "
                         "Excel and save as .xlsx (Excel Workbook)"))
    kind = _("a {suffix} file").format(suffix=path.suffix.lower()) if path.suffix \
        else _("a file without extension")
    return Problem(label, None, "", None,
                   _("{kind} is not an activity table; expected .csv, .xlsx or .xlsm files only "
                     "in activity/ (move other files out of it)").format(kind=kind))


def table_file_problems(path: Path, label: str) -> list[Problem]:
    """Whether ``path`` can be read as an activity table: its type, an empty file, a workbook
    that does not open, hidden sheets, columns named twice. Empty if it can be read."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        return [suffix_problem(path, label)]
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_problems(path, label)
    with path.open("rb") as file:  # the start is enough: activity files may be large
        head = file.read(HEAD_BYTES)
    if is_empty(head) and (len(head) < HEAD_BYTES or is_empty(path.read_bytes())):
        return [empty_problem(label)]
    first_line = head.split(b"\n", 1)[0]
    if decode_problem(first_line, label) is not None:
        return []  # reported by the table reader, with the line
    return header_problems(first_line.decode("utf-8-sig"), label)


def _workbook_problems(path: Path, label: str) -> list[Problem]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors: all "not a workbook"
        reason = str(error) or type(error).__name__
        return [Problem(label, None, "", None,
                        _("not a readable .xlsx workbook ({reason}); expected a workbook "
                          "saved by Excel or LibreOffice as .xlsx").format(reason=reason))]
    problems = []
    try:
        for sheet in book.worksheets:
            sheet_label = f"{label}[{sheet.title}]"
            if sheet.title.startswith("_"):  # notes sheets are never read, hidden or not
                continue
            if sheet.sheet_state != "visible":
                problems.append(Problem(sheet_label, None, "", None,
                                        _("sheet is hidden; its rows would be counted "
                                          "without being seen: unhide it, delete it, or "
                                          "rename it to start with '_' (a notes sheet)")))
                continue
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            names = ["" if v is None else str(v) for v in first]
            problems += repeated_columns(names, sheet_label)
    finally:
        book.close()
    return problems
