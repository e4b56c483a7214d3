"""Validation of activity frames on integer codes (issue 13): duplicates, empty keys, years and
renamed categories judged on codes and categories, with the rows each problem is on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.core.errors import InputError
from ghg.factors.library import load_library
from ghg.inputs.activity import _empty, _may_have_duplicates, renamed_categories
from ghg.inputs.folder import read_inputs
from ghg.sectors.energy.method import calculate


def _table(**changes: list) -> pd.DataFrame:
    table = pd.DataFrame({"source_id": ["F1", "F1", "F2"], "year": [2020, 2021, 2020],
                          "category": ["1.A.2"] * 3, "activity": ["diesel"] * 3,
                          "amount": [1.0, 2.0, 3.0], "unit": ["t"] * 3})
    return table.assign(**changes)


def test_a_repeated_key_is_found_whatever_the_row_order():
    # key packed from codes, one of them -1 (a missing value): rows 0 and 3 repeat
    source = np.array([0, 1, 2, 0], dtype=np.int8)
    year = np.array([2020, 2020, 2020, 2020], dtype=np.int32)
    unit = np.array([-1, 0, 0, -1], dtype=np.int8)
    assert _may_have_duplicates([source, year, unit])
    assert not _may_have_duplicates([source, year, np.array([-1, 0, 0, 0], dtype=np.int8)])


def test_a_repeated_key_is_found_in_rows_grouped_by_source():
    source = np.array([0, 0, 1, 1], dtype=np.int8)  # a facility's rows together: timsort
    assert not _may_have_duplicates([source, np.array([2021, 2020, 2020, 2021])])
    assert _may_have_duplicates([source, np.array([2021, 2021, 2020, 2020])])


def test_a_key_space_too_wide_for_int64_is_left_to_the_exact_check():
    source = np.array([0, 1], dtype=np.int8)
    wide = np.array([-(2**40), 2**40], dtype=np.int64)  # unchecked numbers, distinct rows
    assert _may_have_duplicates([source, wide, wide])  # "maybe": no overflowed key decides
    with pytest.raises(InputError) as error:  # the exact check finds the real repeat
        read_inputs(pd.concat([_table(), _table().iloc[[0]]], ignore_index=True))
    assert [p.line for p in error.value.problems] == [5]


def test_calculate_refuses_a_frame_that_was_not_checked():
    frame = read_inputs(_table()).frame
    frame["year"] = np.array([2020, 1900, 2020], dtype=frame["year"].dtype)
    with pytest.raises(ValueError, match="checked by read_inputs"):
        calculate(frame, load_library(None))


def test_duplicates_are_reported_with_the_line_of_the_first_row():
    table = pd.concat([_table(), _table().iloc[[1]]], ignore_index=True)
    with pytest.raises(InputError) as error:
        read_inputs(table)
    [problem] = error.value.problems
    assert (problem.line, problem.column) == (5, "row")  # DataFrame row 3 is line 5
    assert "line 3" in problem.message  # the first of the pair: row 1, line 3


def test_empty_keys_are_judged_on_categories_and_codes():
    assert _empty(pd.Series(["a", "b"], dtype="category")) is None
    assert _empty(pd.Series(["a", "", None], dtype="category")).tolist() == [False, True, True]


def test_years_outside_the_library_are_reported_for_integer_years():
    with pytest.raises(InputError) as error:
        read_inputs(_table(year=[2020, 1900, 2020]))
    [problem] = error.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "year", "1900")


def test_renamed_categories_keep_codes_unless_two_names_merge():
    kept = renamed_categories(pd.Series(["b", "a", "b"]), str.upper)
    assert kept.tolist() == ["B", "A", "B"]
    merged = renamed_categories(pd.Series(["l", "x", "L"]), str.lower)
    assert merged.tolist() == ["l", "x", "l"]
    assert list(merged.categories) == ["l", "x"]
