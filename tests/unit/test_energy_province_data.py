"""Checks of the bundled Ben Tre provincial energy data (issue #5, data set).

The rows are estimates scaled from published national figures; these tests recompute a few rows
by hand from the numbers recorded in docs/research/ben-tre/statistics.csv, so a changed input or a
slip in the arithmetic shows up here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.core.categories import is_category

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventories" / "ben-tre"
PROVINCE = INVENTORY / "activity" / "energy_province.csv"
FISHING = INVENTORY / "activity" / "energy_fishing.csv"
MEMO = INVENTORY / "energy_memo.csv"
STATISTICS = ROOT / "docs" / "research" / "ben-tre" / "statistics.csv"
ACTIVITIES = ROOT / "ghg" / "factors" / "data" / "activities.csv"
YEARS = list(range(2015, 2025))


@pytest.fixture(scope="module")
def province() -> pd.DataFrame:
    return pd.read_csv(PROVINCE)


def amount(frame: pd.DataFrame, year: int, category: str, activity: str) -> float:
    row = frame[(frame.year == year) & (frame.category == category)
                & (frame.activity == activity)]
    assert len(row) == 1, (year, category, activity)
    return float(row.amount.iloc[0])


def statistic(indicator: str, year: int, geography: str = "Viet Nam") -> float:
    stats = pd.read_csv(STATISTICS, dtype=str)
    row = stats[(stats.indicator == indicator) & (stats.year == str(year))
                & (stats.geography == geography)]
    assert len(row) >= 1, (indicator, year)
    return float(row.value.iloc[0])


def test_every_year_and_every_row_sourced(province):
    assert sorted(province.year.unique()) == YEARS
    assert (province.source_id == "province").all()
    assert province.source.str.startswith("estimate").all()  # nothing here is published as is
    assert province.category.map(is_category).all()
    known = set(pd.read_csv(ACTIVITIES).activity)
    assert set(province.activity) <= known
    # four quantities a year: road gasoline, road diesel, residential LPG, grid electricity
    assert province.groupby("year").size().eq(4).all()


def test_gasoline_2019_by_hand(province):
    # national 2018 = 2 x 4.43 million m3 (MOIT, H1 2018) = 8.86e6 m3
    # x oil index 339.071 / 320.087 TWh (EI via OWID) = 9,385,477 m3 national 2019
    # x Ben Tre share 1,289,100 / 97,173,778 = 1.32659 %  ->  124,507 m3, rounded to 10 m3
    national = 2 * statistic("gasoline_consumption_national_H1", 2018) * 1e6
    index = statistic("oil_consumption_national", 2019) / statistic("oil_consumption_national",
                                                                    2018)
    share = 1289.1e3 / statistic("population_national", 2019)
    assert national * index * share == pytest.approx(124507, rel=1e-5)
    assert amount(province, 2019, "1.A.3.b", "motor_gasoline") == 124510


def test_diesel_follows_petrolimex_ratio(province):
    # 2019: 124,510 m3 gasoline x 344,935 / 435,800 = 98,549.5 -> 98,550 m3
    ratio = 344935 / 435800
    assert amount(province, 2019, "1.A.3.b", "diesel") == 98550
    gasoline = province[province.activity == "motor_gasoline"].sort_values("year").amount
    diesel = province[province.activity == "diesel"].sort_values("year").amount
    np.testing.assert_allclose(diesel.to_numpy(), gasoline.to_numpy() * ratio, atol=10)


def test_lpg_2018_by_hand(province):
    # 2.06 million t (VGA 2018 midpoint) x 1,268,200 / 96,237,319 = 27,146 t -> 27,150 t
    assert amount(province, 2018, "1.A.4.b", "lpg") == 27150


def test_electricity_2015_by_hand(province):
    # EVN 2015 143.34 TWh x 1,263,700 / 92,823,254 = 1,951,437 MWh -> 1,951,400 MWh
    assert amount(province, 2015, "1.A", "grid_electricity") == 1951400


def test_fishing_rows_estimate_every_gas():
    fishing = pd.read_csv(FISHING)
    assert sorted(fishing.year) == YEARS
    assert (fishing.category == "1.A.4.c.iii").all() and (fishing.activity == "diesel").all()
    # CH4 and N2O come from Vol 2 Table 3.5.3 (issue #19): no gas declared not estimated
    assert fishing.not_estimated.isna().all()
    # 330e6 l/month x 12 / 91,000 vessels = 43,516.5 l/vessel; x 3,882 = 168,931 -> 168,930 m3
    assert (fishing.amount == 168930).all()


def test_wind_memo_by_hand():
    memo = pd.read_csv(MEMO).set_index("year")
    assert list(memo.index) == YEARS and (memo.unit == "MWh").all()
    assert (memo.loc[2015:2020, "amount"] == 0).all()  # first wind farm: 28 Nov 2021
    # V1-3 design yield 90,000 MWh / 30 MW = 3,000 MWh per MW-year
    assert memo.loc[2021, "amount"] == 8384      # 30 x 3,000 x 34/365 = 8,383.6
    assert memo.loc[2022, "amount"] == 279150    # 93.05 MW x 3,000
    assert memo.loc[2023, "amount"] == 810000    # 270 MW x 3,000
