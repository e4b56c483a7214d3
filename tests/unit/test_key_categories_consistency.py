"""Key categories by trend on a consistent time series (docs/domain.md §7)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.province import key_categories as kca


def test_series_first_estimated_after_the_base_year_are_listed_with_their_span():
    inventory = pd.DataFrame({
        "category": ["1.A.3.b", "1.A.3.b", "1.A.3.b", "1.A.2.f", "1.A.2.f", "3.B.4.a", "3.A.1"],
        "gas": ["CO2", "CO2", "CO2", "CO2", "CO2", "N2O", "CH4"],
        "year": [2015, 2020, 2024, 2020, 2024, 2023, 2015],
        "co2e_t": [100.0, 150.0, 200.0, 30.0, 40.0, 75.0, 0.0]})
    late = kca.series_after_base_year(inventory, 2015, 2024)
    # 3.A.1 has a (zero) base-year estimate: consistent; 1.A.2.f from 2020, 3.B.4.a only 2023
    assert late.to_dict("records") == [
        {"category": "1.A.2.f", "gas": "CO2", "first_year": 2020, "last_year": 2024,
         "latest_year_co2e_t": 40.0},
        {"category": "3.B.4.a", "gas": "N2O", "first_year": 2023, "last_year": 2023,
         "latest_year_co2e_t": 0.0}]


def test_a_trend_with_no_change_at_all_makes_no_category_key():
    # every category unchanged: every trend score is 0, so no share (not 0/0) and no key
    order, share, cumulative, key = kca.cumulative_key(
        np.zeros(3), 0.95, np.array(["a", "b", "c"]), np.array(["CO2"] * 3))
    assert share.tolist() == [0.0, 0.0, 0.0] and not key.any()
