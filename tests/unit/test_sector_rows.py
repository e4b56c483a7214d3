"""SectorRows on integer-coded columns: codes, choices, numbers and classes judged per distinct
value give what the same checks give row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.sectors.method import SectorRows, class_text, classes, coded, member


def rows_of(**columns) -> SectorRows:
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({"row": np.arange(n), "file": "t.csv", "line": np.arange(2, n + 2),
                          **columns})
    return SectorRows(frame)


def test_categorical_column_is_cleaned_once_and_missing_is_empty():
    column = pd.Categorical.from_codes([0, 1, -1, 0], categories=[" Asia ", "AFRICA"])
    rows = rows_of(ipcc_region=column)
    codes, names = rows.codes("ipcc_region")
    assert names[codes].tolist() == ["asia", "africa", "", "asia"]
    assert rows.text("ipcc_region").tolist() == ["asia", "africa", "", "asia"]
    assert rows.given("ipcc_region").tolist() == [True, True, False, True]


def test_choice_reports_each_bad_row_and_can_give_codes():
    rows = rows_of(water_regime=pd.Categorical(["upland", "", "bogus", "upland"]))
    value = rows.choice("water_regime", ("upland", "deep_water"), default="deep_water",
                        categorical=True)
    assert isinstance(value, pd.Categorical)
    assert np.asarray(value, dtype=object).tolist() == ["upland", "deep_water", "bogus", "upland"]
    assert [(p.line, p.value) for p in rows.problems] == [(4, "bogus")]


def test_number_parses_each_spelling_once_and_reports_rows():
    rows = rows_of(days=np.array(["100", "", "x", "400", "100"], dtype=object))
    days = rows.number("days", default=0.0, maximum=365.0)
    np.testing.assert_array_equal(days, [100.0, 0.0, np.nan, 400.0, 100.0])
    assert [(p.line, p.value) for p in rows.problems] == [(4, "x"), (5, "400")]


def test_classes_number_combinations_in_order_of_first_row():
    activity = coded(np.array([0, 1, 0, 2, 1]), np.array(["swine", "goats", "swine"],
                                                          dtype=object))
    weight = np.array([np.nan, 30.0, np.nan, np.nan, 30.0])
    code, first = classes({"activity": activity, "weight": weight})
    # rows 0, 2 and 3 are swine with no weight (codes 0 and 2 name the same text)
    assert code.tolist() == [0, 1, 0, 0, 1]
    assert first.tolist() == [0, 1]
    text = class_text({"activity": activity},
                      lambda f: np.asarray(activity[f], dtype=object) + " EF")
    assert text.tolist() == ["swine EF", "goats EF", "swine EF", "swine EF", "goats EF"]
    assert member(activity, ("goats",)).tolist() == [False, True, False, False, True]
