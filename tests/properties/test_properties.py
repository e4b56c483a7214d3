"""Properties that hold for every valid activity table (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ghg

# (activity, category, unit) combinations with a complete set of factors in the default sets.
COMBOS = [
    ("diesel", "1.A.2", "t"), ("diesel", "1.A.3.b", "l"), ("diesel", "1.A.4.a", "GJ"),
    ("motor_gasoline", "1.A.3.b", "l"), ("lpg", "1.A.4.b", "kt"), ("natural_gas", "1.A.1", "TJ"),
    ("residual_fuel_oil", "1.A.2.l", "t"), ("anthracite", "1.A.2.f", "t"),
    ("other_bituminous_coal", "1.A.1.a", "t"), ("wood", "1.A.2.e", "t"),
    ("grid_electricity", "1.A.2", "MWh"), ("grid_electricity", "1.A.4.a", "kWh"),
]

# Amounts up to 1e5 (of kt at most): scaled by up to 1000 they stay below the plausibility bound
# of 1e12 t (ghg/data/plausible_amounts.csv), above which an amount is refused as a typing error.
rows = st.tuples(st.sampled_from(["F1", "F2", "F3", "F4"]), st.integers(2014, 2023),
                 st.sampled_from(COMBOS),
                 st.floats(0, 1e5, allow_nan=False, allow_infinity=False))


@st.composite
def tables(draw):
    drawn = draw(st.lists(rows, min_size=1, max_size=40,
                          unique_by=lambda r: (r[0], r[1], r[2])))
    return pd.DataFrame({
        "source_id": [r[0] for r in drawn], "year": [r[1] for r in drawn],
        "category": [r[2][1] for r in drawn], "activity": [r[2][0] for r in drawn],
        "amount": [r[3] for r in drawn], "unit": [r[2][2] for r in drawn]})


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def total(result) -> float:
    return float(result.emissions["co2e_t"].sum() + result.biogenic_co2["co2e_t"].sum())


@SETTINGS
@given(tables())
def test_every_row_is_accounted_for(table):
    result = ghg.compute(table)
    assert result.provenance["rows"] == {"read": len(table), "computed": len(table),
                                         "accounted_elsewhere": 0, "rejected": 0,
                                         "without_emissions": 0,
                                         "duplicates_summed": 0}
    detail = result.detail
    assert detail[["file", "line"]].drop_duplicates().shape[0] == len(table)
    # The aggregated tables hold exactly what the per-row detail holds.
    assert total(result) == pytest.approx(float(detail["co2e_t"].sum()), rel=1e-9, abs=1e-9)


@SETTINGS
@given(tables(), st.floats(0.001, 1000.0))
def test_emissions_are_linear_in_amount(table, factor):
    base = ghg.compute(table)
    scaled = ghg.compute(table.assign(amount=table["amount"] * factor))
    np.testing.assert_allclose(scaled.emissions["emissions_t"].to_numpy(),
                               base.emissions["emissions_t"].to_numpy() * factor,
                               rtol=1e-9, atol=1e-12)


@SETTINGS
@given(tables(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_row_order(table, random):
    order = list(range(len(table)))
    random.shuffle(order)
    base = ghg.compute(table).emissions
    shuffled = ghg.compute(table.iloc[order].reset_index(drop=True)).emissions
    pd.testing.assert_frame_equal(base[["source_id", "year", "category", "scope", "gas"]],
                                  shuffled[["source_id", "year", "category", "scope", "gas"]])
    np.testing.assert_allclose(shuffled["co2e_t"], base["co2e_t"], rtol=1e-12, atol=1e-12)


@SETTINGS
@given(tables())
def test_scope_2_is_only_grid_electricity_and_never_in_the_cube_scope_1(table):
    result = ghg.compute(table)
    electricity = table.loc[table["activity"] == "grid_electricity"]
    scope2 = result.emissions[result.emissions["scope"] == 2]
    assert set(scope2["gas"]) <= {"CO2"}
    assert len(scope2) == electricity.groupby(["source_id", "year", "category"]).ngroups
    scope1_cube = float(result.cube["co2e_t"].sel(scope=1).sum()) if 1 in result.cube[
        "scope"].values else 0.0
    scope1_table = float(result.emissions.loc[result.emissions["scope"] == 1, "co2e_t"].sum())
    assert scope1_cube == pytest.approx(scope1_table, rel=1e-9, abs=1e-9)
