"""Grouping rows of the emissions table: a flag per code (small key space) and sorting the codes
(large key space) give the same group numbers, in code order."""

from __future__ import annotations

import numpy as np
import pytest

from ghg.engine.emissions import _dense_groups, _Layout


@pytest.mark.parametrize("n_sources", [2, 10_000], ids=["flags", "sort"])
def test_groups_are_numbered_in_code_order(n_sources):
    # 2 sources × 2 years × 1 category × 2 scopes = 8 codes (flags); 10^4 sources: 4×10^4 (sort)
    layout = _Layout(np.array([f"S{i}" for i in range(n_sources)], dtype=object),
                     np.array(["1.A.1"], dtype=object), 2020, 2, 1, "AR5")
    row_group, code = _dense_groups(np.array([5, 1, 5, 3], dtype=np.int64), layout)
    assert row_group.tolist() == [2, 0, 2, 1]
    assert code.tolist() == [1, 3, 5]
