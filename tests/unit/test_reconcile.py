"""Facility emissions reconciled with the provincial categories they sit inside."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.province.reconcile import EXCEEDS, NO_PROVINCIAL, WITHIN, reconcile_facilities


def emissions(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["source_id", "year", "category", "scope", "gas",
                                              "emissions_t"])
    frame["co2e_t"] = frame["emissions_t"] * frame["gas"].map({"CO2": 1.0, "CH4": 28.0})
    return frame


ROWS = emissions(
    ("F1", 2020, "1.A.2.e", 1, "CO2", 300.0),
    ("F1", 2020, "1.A.2.e", 2, "CO2", 80.0),     # purchased electricity
    ("F2", 2020, "1.A.2.e", 1, "CO2", 150.0),
    ("F2", 2020, "1.A.2.e", 1, "CH4", 0.01),
    ("province", 2020, "1.A.2.e", 1, "CO2", 1000.0),
    ("province", 2020, "1.A.2.e", 1, "CH4", 0.05),
    ("province", 2020, "1.A.4.b", 1, "CO2", 500.0),
    ("F1", 2021, "1.A.2.e", 1, "CO2", 1300.0),    # above the provincial 1200 t
    ("province", 2021, "1.A.2.e", 1, "CO2", 1200.0),
    ("F3", 2021, "4.A.1", 1, "CH4", 3.0),         # the province estimates 4.A only as a whole
    ("district_a", 2021, "4.A", 1, "CH4", 10.0),
)


def row(table: pd.DataFrame, category: str, year: int, gas: str) -> pd.Series:
    found = table[(table["category"] == category) & (table["year"] == year)
                  & (table["gas"] == gas)]
    assert len(found) == 1
    return found.iloc[0]


def test_facility_sum_beside_provincial_total() -> None:
    table = reconcile_facilities(ROWS, ["F1", "F2", "F3"])
    food = row(table, "1.A.2.e", 2020, "CO2")
    assert food["facility_t"] == 450.0          # 300 + 150, direct only
    assert food["provincial_t"] == 1000.0       # the province's own rows; facilities not added
    assert food["facility_share"] == pytest.approx(0.45)
    assert food["facilities"] == 2
    assert food["status"] == WITHIN
    assert food["facility_scope2_t"] == 80.0    # shown apart, never in facility_t
    energy = row(table, "1", 2020, "CO2")
    assert energy["provincial_t"] == 1500.0     # 1000 + 500: 1.A.4.b has no facility but counts
    co2e = row(table, "1.A.2.e", 2020, "CO2e")
    assert co2e["facility_t"] == pytest.approx(450.28)   # 450 + 0.01 × 28
    assert co2e["provincial_t"] == pytest.approx(1001.4)  # 1000 + 0.05 × 28


def test_facility_sum_above_provincial_total_is_flagged() -> None:
    table = reconcile_facilities(ROWS, ["F1", "F2", "F3"])
    over = row(table, "1.A.2.e", 2021, "CO2")
    assert (over["facility_t"], over["provincial_t"], over["status"]) == (1300.0, 1200.0, EXCEEDS)
    assert set(table.loc[table["status"] == EXCEEDS, "year"]) == {2021}
    assert not (table.loc[table["year"] == 2020, "status"] == EXCEEDS).any()


def test_provincial_value_only_at_a_parent_is_compared_there() -> None:
    table = reconcile_facilities(ROWS, ["F1", "F2", "F3"])
    leaf = row(table, "4.A.1", 2021, "CH4")
    assert leaf["status"] == NO_PROVINCIAL and np.isnan(leaf["provincial_t"])
    parent = row(table, "4.A", 2021, "CH4")
    assert (parent["facility_t"], parent["provincial_t"], parent["status"]) == (3.0, 10.0, WITHIN)


def test_only_categories_with_facilities_are_listed() -> None:
    table = reconcile_facilities(ROWS, ["F1", "F2", "F3"])
    assert "1.A.4.b" not in set(table["category"])


def test_unlisted_source_is_an_error_when_aggregate_sources_are_given() -> None:
    with pytest.raises(ValueError, match="neither in the facility register nor listed as "
                                         "aggregate sources: F3, district_a"):
        reconcile_facilities(ROWS, ["F1", "F2"], aggregate_sources=["province"])
    reconcile_facilities(ROWS, ["F1", "F2", "F3"], aggregate_sources=["province", "district_a"])
