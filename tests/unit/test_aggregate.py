"""Aggregation up the IPCC 2006 tree and the children-sum check, on a small hand-made inventory."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from ghg.province.tree import AggregationError, aggregate, check_children_sum

# GWP100 used only to make co2e_t by hand here (AR5: CH4 28, N2O 265); aggregation never uses it.
CH4, N2O = 28.0, 265.0


def emissions(*rows: tuple) -> pd.DataFrame:
    """Rows of (source_id, year, category, scope, gas, emissions_t[, region])."""
    frame = pd.DataFrame([r[:6] for r in rows],
                         columns=["source_id", "year", "category", "scope", "gas", "emissions_t"])
    frame["co2e_t"] = frame["emissions_t"] * frame["gas"].map({"CO2": 1.0, "CH4": CH4,
                                                               "N2O": N2O})
    if any(len(r) > 6 for r in rows):
        frame["region"] = [r[6] for r in rows]
    return frame


INVENTORY = emissions(
    ("F1", 2020, "1.A.2.e", 1, "CO2", 100.0),
    ("F1", 2020, "1.A.2.e", 2, "CO2", 50.0),      # purchased electricity: never in the totals
    ("province", 2020, "1.A.4.b", 1, "CO2", 40.0),
    ("province", 2020, "1.A.4.b", 1, "CH4", 0.5),
    ("province", 2020, "3.A.1.a.ii", 1, "CH4", 10.0),
    ("province", 2020, "3.A.2", 1, "N2O", 0.2),
    ("province", 2020, "3.A", 1, "CH4", 1.0),      # given at a parent: its own, unallocated part
    ("province", 2020, "3.B.2.a", 1, "CO2", -30.0),  # a removal stays negative
    ("province", 2021, "1.A.4.b", 1, "CO2", 44.0),
)


def value(table: pd.DataFrame, category: str, gas: str, year: int = 2020,
          column: str = "emissions_t", **extra: str) -> float:
    mask = (table["category"] == category) & (table["gas"] == gas) & (table["year"] == year)
    for name, wanted in extra.items():
        mask &= table[name] == wanted
    (found,) = table.loc[mask, column].to_numpy()  # exactly one row
    return float(found)


@pytest.mark.parametrize(("category", "gas", "expected"), [
    ("1.A.2", "CO2", 100.0),            # facility direct only; its 50 t scope 2 left out
    ("1.A.4", "CO2", 40.0),
    ("1.A", "CO2", 140.0),              # 100 + 40
    ("1", "CH4", 0.5),
    ("1", "CO2e", 154.0),               # 100 + 40 + 0.5 × 28
    ("3.A.1", "CH4", 10.0),
    ("3.A", "CH4", 11.0),               # 10 (3.A.1) + 1 (own part)
    ("3.A (not allocated)", "CH4", 1.0),
    ("3.A", "CO2e", 361.0),             # 11 × 28 + 0.2 × 265 = 308 + 53
    ("3.B", "CO2", -30.0),
    ("3", "CO2e", 331.0),               # 361 - 30
    ("0", "CO2", 110.0),                # 140 - 30
    ("0", "CH4", 11.5),                 # 0.5 + 11
    ("0", "N2O", 0.2),
    ("0", "CO2e", 485.0),               # 154 + 331
])
def test_sums_up_the_tree_by_hand(category: str, gas: str, expected: float) -> None:
    assert value(aggregate(INVENTORY), category, gas) == pytest.approx(expected, rel=1e-12)


def test_years_are_kept_apart_and_only_categories_with_data_appear() -> None:
    table = aggregate(INVENTORY)
    assert value(table, "0", "CO2", year=2021) == 44.0
    assert set(table.loc[table["year"] == 2021, "category"]) == {"0", "1", "1.A", "1.A.4",
                                                                 "1.A.4.b"}
    assert "1.A.1" not in set(table["category"]) and "2" not in set(table["category"])


def test_layout_order_and_levels() -> None:
    table = aggregate(INVENTORY)
    assert list(table.columns) == ["category", "title", "level", "part", "year", "gas",
                                   "emissions_t", "co2e_t"]
    first = table[(table["year"] == 2020) & (table["gas"] == "CO2e")]["category"].tolist()
    assert first[:4] == ["0", "1", "1.A", "1.A.2"]
    # the total of 3.A comes before its own part, which comes before 3.A's children
    assert first.index("3.A") < first.index("3.A (not allocated)") < first.index("3.A.1")
    levels = dict(zip(table["category"], table["level"], strict=False))
    assert (levels["0"], levels["1"], levels["1.A.2.e"], levels["3.A.1.a.ii"]) == (0, 1, 4, 5)
    part = table.set_index("category")["part"]
    assert set(part.loc["3.A (not allocated)"]) == {"not allocated"}


def test_co2e_rows_carry_co2e_in_both_columns() -> None:
    table = aggregate(INVENTORY)
    assert value(table, "3", "CO2e", column="co2e_t") == value(table, "3", "CO2e") == 331.0


def test_by_region_and_all_regions() -> None:
    rows = emissions(("p", 2020, "3.C.7", 1, "CH4", 3.0, "mo_cay"),
                     ("p", 2020, "3.C.7", 1, "CH4", 4.0, "ba_tri"),
                     ("p", 2020, "3.A.1", 1, "CH4", 2.0, "ba_tri"))
    table = aggregate(rows)
    assert value(table, "3.C", "CH4", region="mo_cay") == 3.0
    assert value(table, "3", "CH4", region="ba_tri") == 6.0     # 4 + 2
    assert value(table, "3.C.7", "CH4", region="(all)") == 7.0  # 3 + 4
    assert value(table, "0", "CH4", region="(all)") == 9.0      # 3 + 4 + 2
    check_children_sum(table)


def test_aggregate_passes_its_own_check() -> None:
    check_children_sum(aggregate(INVENTORY))


def test_unknown_category_is_an_error() -> None:
    rows = emissions(("p", 2020, "1.A.9", 1, "CO2", 1.0))
    with pytest.raises(AggregationError, match=r"outside the IPCC 2006 tree: 1\.A\.9"):
        aggregate(rows)


def test_parent_not_equal_to_children_is_named() -> None:
    table = aggregate(INVENTORY)
    wrong = (table["category"] == "3.A") & (table["gas"] == "CH4") & (table["year"] == 2020)
    table.loc[wrong, "emissions_t"] = 12.0  # children 10 + own part 1 = 11
    with pytest.raises(AggregationError) as error:
        check_children_sum(table)
    lines = str(error.value).splitlines()
    assert "3.A CH4 2020: 12 t is not the sum of its children and own part, 11 t " \
           "(3.A.1, own part)" in lines
    # the grandparent 3 (11 t) now differs from its children too (12 t): both are listed
    assert "3 CH4 2020: 11 t is not the sum of its children and own part, 12 t (3.A)" in lines


def test_value_at_both_parent_and_child_without_own_row_is_caught() -> None:
    # A table built elsewhere that holds 3.A = 5 and 3.A.1 = 5 and 3.A.2 = 2 as totals: 5 ≠ 7.
    table = pd.DataFrame({"category": ["0", "3", "3.A", "3.A.1", "3.A.2"], "part": "total",
                          "year": 2015, "gas": "CH4", "emissions_t": [5.0, 5.0, 5.0, 5.0, 2.0],
                          "co2e_t": np.nan})
    with pytest.raises(AggregationError, match=re.escape(
            "3.A CH4 2015: 5 t is not the sum of its children and own part, 7 t (3.A.1, 3.A.2)")):
        check_children_sum(table)


def test_check_tolerance_is_relative_1e_9() -> None:
    table = pd.DataFrame({"category": ["0", "1", "1.A"], "part": "total", "year": 2020,
                          "gas": "CO2", "emissions_t": [1e6, 1e6, 1e6 * (1 + 1e-10)],
                          "co2e_t": 0.0})
    check_children_sum(table)  # 1e-10 relative: rounding, accepted
    table.loc[2, "emissions_t"] = 1e6 * (1 + 1e-8)
    with pytest.raises(AggregationError, match="1 CO2 2020"):
        check_children_sum(table)
