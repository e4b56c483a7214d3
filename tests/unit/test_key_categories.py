"""Key category analysis (IPCC 2006 Vol 1 ch 4) on a hand-made inventory with known answers.

Inventory (t CO2e), base year 2015 and latest year 2024:

    category gas   2015   2024   U (combined %)
    1.A.1    CO2    400    500     5
    3.A.1    CH4    200    200    40
    4.A.1    CO2   -100   -150    50   (removal)
    5.A      CH4     50    110    60
    1.A.3    CO2      0     20    10   (new since the base year: eq. 4.3)
    3.C.4    N2O     20     20   100
"""

from __future__ import annotations

import pandas as pd
import pytest

from ghg.province.key_categories import (
    KeyCategoryInputError,
    key_categories,
    level_table,
    level_table_approach2,
    trend_table,
    trend_table_approach2,
)

ROWS = [("1.A.1", "CO2", 400.0, 500.0, 5.0), ("3.A.1", "CH4", 200.0, 200.0, 40.0),
        ("4.A.1", "CO2", -100.0, -150.0, 50.0), ("5.A", "CH4", 50.0, 110.0, 60.0),
        ("1.A.3", "CO2", 0.0, 20.0, 10.0), ("3.C.4", "N2O", 20.0, 20.0, 100.0)]
INVENTORY = pd.DataFrame(
    [(c, g, 2015, b) for c, g, b, _, _ in ROWS] + [(c, g, 2024, t) for c, g, _, t, _ in ROWS],
    columns=["category", "gas", "year", "co2e_t"])
UNCERTAINTY = pd.DataFrame([(c, g, u) for c, g, _, _, u in ROWS],
                           columns=["category", "gas", "u_combined_pct"])


def test_level_approach1_cuts_after_the_category_crossing_95_percent():
    # eq. 4.1 with |E|: sum |E_2024| = 500 + 200 + 150 + 110 + 20 + 20 = 1000
    # sorted: 1.A.1 0.50 (cum 0.50), 3.A.1 0.20 (0.70), 4.A.1 0.15 (0.85, a removal),
    # 5.A 0.11 (0.96: crosses 95 % -> key), 1.A.3 0.02 (0.98, no), 3.C.4 0.02 (1.00, no);
    # 1.A.3 and 3.C.4 tie at 0.02 and are ordered by category code
    t = level_table(INVENTORY)
    assert t["category"].tolist() == ["1.A.1", "3.A.1", "4.A.1", "5.A", "1.A.3", "3.C.4"]
    assert t["level"].tolist() == pytest.approx([0.5, 0.2, 0.15, 0.11, 0.02, 0.02])
    assert t["cumulative"].tolist() == pytest.approx([0.5, 0.7, 0.85, 0.96, 0.98, 1.0])
    assert t["key"].tolist() == ["yes", "yes", "yes", "yes", "no", "no"]
    assert t.loc[2, "latest_year_co2e_t"] == -150.0 and t.loc[2, "abs_co2e_t"] == 150.0
    assert set(t["criterion"]) == {"L1"}


def test_trend_approach1_with_removal_and_new_category():
    # sum E_2015 = 570 (net), sum |E_2015| = 770, sum E_2024 = 700; total trend 130/570 = 0.228070
    # eq. 4.2: T = |E0|/770 * |(Et - E0)/|E0| - 0.228070|
    #   1.A.1: 400/770 * |0.25 - 0.228070| = 0.519481 * 0.021930 = 0.011392
    #   3.A.1: 200/770 * |0 - 0.228070|    = 0.259740 * 0.228070 = 0.059239
    #   4.A.1: 100/770 * |-50/100 - 0.228070| = 0.129870 * 0.728070 = 0.094555
    #   5.A:    50/770 * |60/50 - 0.228070| = 0.064935 * 0.971930 = 0.063112
    #   3.C.4:  20/770 * 0.228070 = 0.005924
    # eq. 4.3 (E0 = 0): 1.A.3: 20/770 = 0.025974
    # sum T = 0.260196; shares 4.A.1 0.363398, 5.A 0.242557, 3.A.1 0.227671, 1.A.3 0.099825,
    # 1.A.1 0.043783, 3.C.4 0.022767; cumulative 0.3634, 0.6060, 0.8336, 0.9335, 0.9772, 1
    # key while the cumulative before is < 0.95: the first five (1.A.1 starts at 0.9335)
    t = trend_table(INVENTORY)
    assert t["category"].tolist() == ["4.A.1", "5.A", "3.A.1", "1.A.3", "1.A.1", "3.C.4"]
    assert t["trend"].tolist() == pytest.approx(
        [0.094555, 0.063112, 0.059239, 0.025974, 0.011392, 0.005924], abs=1e-6)
    assert t["share"].tolist() == pytest.approx(
        [0.363398, 0.242557, 0.227671, 0.099825, 0.043783, 0.022767], abs=1e-6)
    assert t["cumulative"].tolist() == pytest.approx(
        [0.363398, 0.605955, 0.833626, 0.933451, 0.977234, 1.0], abs=2e-6)
    assert t["key"].tolist() == ["yes"] * 5 + ["no"]
    assert t.loc[0, ["base_year_co2e_t", "latest_year_co2e_t"]].tolist() == [-100.0, -150.0]


def test_level_approach2_uses_90_percent():
    # eq. 4.4: L x U = 1.A.1 0.5*5 = 2.5, 3.A.1 0.2*40 = 8, 4.A.1 0.15*50 = 7.5,
    # 5.A 0.11*60 = 6.6, 1.A.3 0.02*10 = 0.2, 3.C.4 0.02*100 = 2; sum 26.8
    # sorted shares: 3.A.1 0.298507, 4.A.1 0.279851, 5.A 0.246269, 1.A.1 0.093284,
    # 3.C.4 0.074627, 1.A.3 0.007463; cumulative 0.2985, 0.5784, 0.8246, 0.9179, 0.9925, 1
    # key while the cumulative before is < 0.90: the first four
    t = level_table_approach2(INVENTORY, UNCERTAINTY)
    assert t["category"].tolist() == ["3.A.1", "4.A.1", "5.A", "1.A.1", "3.C.4", "1.A.3"]
    assert t["level_x_uncertainty"].tolist() == pytest.approx([8.0, 7.5, 6.6, 2.5, 2.0, 0.2])
    assert t["share"].tolist() == pytest.approx(
        [0.298507, 0.279851, 0.246269, 0.093284, 0.074627, 0.007463], abs=1e-6)
    assert t["key"].tolist() == ["yes"] * 4 + ["no"] * 2
    assert set(t["criterion"]) == {"L2"}


def test_trend_approach2():
    # eq. 4.5: T x U = 4.A.1 0.094555*50 = 4.72773, 5.A 0.063112*60 = 3.78674,
    # 3.A.1 0.059239*40 = 2.36956, 3.C.4 0.005924*100 = 0.59239, 1.A.3 0.025974*10 = 0.25974,
    # 1.A.1 0.011392*5 = 0.05696; sum 11.79312; cumulative 0.4009, 0.7220, 0.9229, ...
    # key while the cumulative before is < 0.90: the first three (3.C.4 starts at 0.9229)
    t = trend_table_approach2(INVENTORY, UNCERTAINTY)
    assert t["category"].tolist() == ["4.A.1", "5.A", "3.A.1", "3.C.4", "1.A.3", "1.A.1"]
    assert t["trend_x_uncertainty"].tolist() == pytest.approx(
        [4.72773, 3.78674, 2.36956, 0.59239, 0.25974, 0.05696], abs=1e-5)
    assert t["cumulative"].tolist()[:3] == pytest.approx([0.400889, 0.721987, 0.922914], abs=1e-5)
    assert t["key"].tolist() == ["yes"] * 3 + ["no"] * 3


def test_summary_lists_criteria_per_key_category():
    tables = [level_table(INVENTORY), trend_table(INVENTORY),
              level_table_approach2(INVENTORY, UNCERTAINTY),
              trend_table_approach2(INVENTORY, UNCERTAINTY)]
    summary = key_categories(tables).set_index(["category", "gas"])["criteria"].to_dict()
    assert summary == {
        ("1.A.1", "CO2"): "L1, T1, L2",
        ("1.A.3", "CO2"): "T1",
        ("3.A.1", "CH4"): "L1, T1, L2, T2",
        ("4.A.1", "CO2"): "L1, T1, L2, T2",
        ("5.A", "CH4"): "L1, T1, L2, T2",
    }  # 3.C.4 N2O is key by no criterion


def test_approach2_takes_the_approach1_table():
    from ghg.province.error_propagation import approach1

    unc = UNCERTAINTY.assign(u_activity_pct=UNCERTAINTY["u_combined_pct"], u_factor_pct=0.0)
    a1 = approach1(INVENTORY, unc[["category", "gas", "u_activity_pct", "u_factor_pct"]])
    t = level_table_approach2(INVENTORY, a1.table)
    assert t["level_x_uncertainty"].tolist() == pytest.approx([8.0, 7.5, 6.6, 2.5, 2.0, 0.2])


def test_missing_uncertainty_named():
    with pytest.raises(KeyCategoryInputError, match=r"3\.C\.4 N2O"):
        level_table_approach2(INVENTORY, UNCERTAINTY.iloc[:-1])
