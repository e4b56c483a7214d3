"""Carbon-credit potential (plan task 4.6): removals, 90% interval, conservative estimate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.province.credits import COLUMNS, credit_potential


def territorial(*rows: tuple[str, int, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["category", "year", "gas", "co2e_t"])


def stated(*rows: tuple[str, str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["category", "gas", "u_activity_pct", "u_factor_pct"])


def test_normal_case_worked_by_hand():
    # U95 = sqrt(6^2 + 8^2) = 10% -> normal; sigma = 10% / 1.959964 = 5.1021%;
    # 5th percentile = 1 - 1.644854 × 0.051021 = 0.916077 -> 1,000 t × 0.916077 = 916.08 t;
    # 95th = 1.083923 -> 1,083.92 t
    out = credit_potential(territorial(("3.B.2.a", 2024, "CO2", -1000.0)),
                           stated(("3.B.2.a", "CO2", 6.0, 8.0)))
    row = out.iloc[0]
    assert list(out.columns) == list(COLUMNS)
    assert (row["removal_t"], row["u_combined_pct"], row["distribution"]) == (1000.0, 10.0,
                                                                             "normal")
    assert row["conservative_t"] == pytest.approx(916.077, abs=1e-3)
    assert row["upper90_t"] == pytest.approx(1083.923, abs=1e-3)


def test_ben_tre_coconut_case_is_lognormal_worked_by_hand():
    # Ben Tre 3.B.2.a: activity 100%, factor 50% -> U95 = sqrt(100^2 + 50^2) = 111.803% ->
    # lognormal: s^2 = ln(1 + (1.118034 / 1.959964)^2) = ln(1.325397) = 0.281712,
    # s = 0.530766; 5th percentile = exp(-s^2/2 - 1.644854 s) = exp(-1.013888) = 0.362806;
    # 2024 removal 37,461.996 t -> conservative 13,591.4 t
    out = credit_potential(territorial(("3.B.2.a", 2024, "CO2", -37461.996)),
                           stated(("3.B.2.a", "CO2", 100.0, 50.0)))
    assert out["distribution"].tolist() == ["lognormal"]
    assert out["conservative_t"].iloc[0] == pytest.approx(37461.996 * 0.362806, rel=1e-5)
    assert out["conservative_t"].iloc[0] == pytest.approx(13591.4, abs=0.1)


def test_only_net_removals_are_sources_and_gases_of_a_category_are_apart():
    out = credit_potential(territorial(("3.B.2.a", 2024, "CO2", -500.0),
                                       ("3.B.2.a", 2024, "CO2", -500.0),  # summed: -1,000
                                       ("3.B.4.a", 2024, "N2O", 200.0),   # an emission
                                       ("1.A.1", 2024, "CO2", 900.0)),
                           stated(("3.B.2.a", "CO2", 6.0, 8.0)))
    assert out[["category", "gas", "removal_t"]].values.tolist() == [["3.B.2.a", "CO2", 1000.0]]


def test_a_source_without_stated_uncertainty_gets_no_conservative_estimate():
    out = credit_potential(territorial(("3.B.1.a", 2024, "CO2", -300.0)), stated())
    assert out["removal_t"].tolist() == [300.0]
    assert np.isnan(out["conservative_t"].iloc[0]) and np.isnan(out["upper90_t"].iloc[0])
    assert out["distribution"].tolist() == [""]


def test_no_removal_gives_an_empty_table_with_the_columns():
    out = credit_potential(territorial(("1.A.1", 2024, "CO2", 900.0)),
                           stated(("1.A.1", "CO2", 5.0, 5.0)))
    assert len(out) == 0 and list(out.columns) == list(COLUMNS)
