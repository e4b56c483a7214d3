"""Shared helpers for the test suite."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(autouse=True, scope="session")
def _own_memo(tmp_path_factory):
    """The suite's own memo folder (ghg.core.memo), empty at the start: the user's is never read
    or written, and the suite runs both cold (first use) and warm (kept answers)."""
    with pytest.MonkeyPatch.context() as patch:  # the environment as it was, afterwards
        patch.setenv("GHG_CACHE_DIR", str(tmp_path_factory.mktemp("ghg-memo")))
        yield


def activity_table(*rows: tuple) -> pd.DataFrame:
    """A DataFrame in the activity-table contract from (source, year, category, activity,
    amount, unit) tuples."""
    return pd.DataFrame(rows, columns=["source_id", "year", "category", "activity", "amount",
                                       "unit"])


@pytest.fixture
def table():
    return activity_table
