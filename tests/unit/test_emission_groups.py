"""Grouping rows of the emissions table: a flag per code (small key space) and sorting the codes
(large key space) give the same group numbers, in code order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ghg
from ghg.engine.emissions import _any_per_group, _dense_groups, _Layout


@pytest.mark.parametrize("n_sources", [2, 10_000], ids=["flags", "sort"])
def test_groups_are_numbered_in_code_order(n_sources):
    # 2 sources × 2 years × 1 category × 2 scopes = 8 codes (flags); 10^4 sources: 4×10^4 (sort)
    layout = _Layout(np.array([f"S{i}" for i in range(n_sources)], dtype=object),
                     np.array(["1.A.1"], dtype=object), 2020, 2, 1, "AR5")
    row_group, code = _dense_groups(np.array([5, 1, 5, 3], dtype=np.int64), layout)
    assert row_group.tolist() == [2, 0, 2, 1]
    assert code.tolist() == [1, 3, 5]


def test_rows_in_code_order_are_numbered_by_a_running_count():
    layout = _Layout(np.array(["S0", "S1"], dtype=object), np.array(["1.A.1"], dtype=object),
                     2020, 2, 1, "AR5")
    row_group, code = _dense_groups(np.array([1, 1, 3, 6, 6, 6], dtype=np.int64), layout)
    assert row_group.tolist() == [0, 0, 1, 2, 2, 2]
    assert code.tolist() == [1, 3, 6]


def test_a_group_has_a_gas_if_one_of_its_rows_counts_it_even_when_its_sum_is_zero():
    # groups 0..3: group 0 counted row of 0 t (sum 0, has the gas); group 1 no counted row
    # (biogenic CO2 only); group 2 counted rows of 2 t; group 3 one uncounted and one of 0 t
    row_group = np.array([0, 1, 1, 2, 2, 3, 3])
    counted = np.array([True, False, False, True, True, False, True])
    weights = np.where(counted, [0.0, 5.0, 7.0, 1.0, 1.0, 4.0, 0.0], 0.0)
    sums = np.bincount(row_group, weights=weights, minlength=4)
    assert _any_per_group(row_group, counted, sums).tolist() == [True, False, True, True]


def test_wood_only_groups_have_no_fossil_co2_row():
    # one source, one year: wood in 1.A.4.b (biogenic CO2, memo) and diesel in 1.A.2
    table = pd.DataFrame({"source_id": ["F1", "F1"], "year": [2020, 2020],
                          "category": ["1.A.4.b", "1.A.2"], "activity": ["wood", "diesel"],
                          "amount": [10.0, 1000.0], "unit": ["t", "t"]})
    result = ghg.compute(table, gwp="AR5")
    keys = result.emissions[["category", "gas"]].astype(str).values.tolist()
    assert keys == [["1.A.2", "CO2"], ["1.A.2", "CH4"], ["1.A.2", "N2O"],
                    ["1.A.4.b", "CH4"], ["1.A.4.b", "N2O"]]
    assert result.biogenic_co2[["category", "gas"]].astype(str).values.tolist() == [
        ["1.A.4.b", "CO2"]]
    assert result.emissions["source_id"].cat.codes.dtype == np.int8
    assert result.provenance["gwp"]["values"] == {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}
