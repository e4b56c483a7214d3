"""Shared helpers for the test suite."""

from __future__ import annotations

import pandas as pd
import pytest


def activity_table(*rows: tuple) -> pd.DataFrame:
    """A DataFrame in the activity-table contract from (source, year, category, activity,
    amount, unit) tuples."""
    return pd.DataFrame(rows, columns=["source_id", "year", "category", "activity", "amount",
                                       "unit"])


@pytest.fixture
def table():
    return activity_table
