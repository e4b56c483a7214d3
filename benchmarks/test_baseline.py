"""The baseline computes what the engine computes (keeps the speed ratio honest).

These are plain tests: ``--benchmark-only`` skips them, but the ``baseline_tables`` fixture runs
the same check before any baseline benchmark is timed.
"""

from __future__ import annotations

import pytest
from baseline import assert_baseline_agrees, build_tables
from synthetic import COMBOS, YEARS, combo_table

import ghg


@pytest.fixture(scope="module")
def tables():
    return build_tables()


def test_baseline_agrees_with_engine_on_10k_rows(tables):
    assert_baseline_agrees(tables, n_rows=10**4, seed=1, rtol=1e-9)


def test_baseline_agrees_on_shuffled_rows(tables):
    assert_baseline_agrees(tables, n_rows=10**4, seed=2, rtol=1e-9, shuffle=True)


def test_every_synthetic_combo_computes():
    # One engine run over every (activity, category, unit) × year the generator can emit; it
    # raises FactorNotFoundError if a factor the benchmarks rely on leaves the library.
    result = ghg.compute(combo_table())
    assert result.provenance["rows"]["computed"] == len(COMBOS) * len(YEARS)
