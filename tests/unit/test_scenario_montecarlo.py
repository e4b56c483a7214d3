"""Monte Carlo of the target check on a hand-built one-line model: reproducible with a seed,
0 or 1 without uncertainty, and the analytic probability for one measure with a normal effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from ghg.scenario.config import Measure
from ghg.scenario.lines import Model
from ghg.scenario.uncertain import line_uncertainty, simulate

YEARS = np.arange(2020, 2031)


def _model(weight: float) -> Model:
    """One line of 100 t every year; one measure removing ``weight`` of it at full uptake,
    taken up linearly from 0 in 2020 to 1 in 2030."""
    lines = pd.DataFrame({"category": ["1.A.4.c.iii"], "gas": ["CO2"], "scope": [1]})
    measure = Measure("m", "m", "m", "activity_reduction", ("1.A.4.c.iii",), "", 2020,
                      np.array([2020, 2030]), np.array([0.0, 1.0]), "test")
    return Model(years=YEARS, lines=lines, bau=np.full((1, len(YEARS)), 100.0),
                 measures=[measure], uptake=np.linspace(0.0, 1.0, len(YEARS))[None, :],
                 weight=np.array([[weight]]), added=np.zeros((1, 1, len(YEARS))), landfill=None,
                 landfill_bau=None, landfill_lines=np.array([False]),
                 fod_cols=np.zeros(0, dtype=np.int64), ch4_gwp=28.0,
                 territorial=np.array([True]), line_driver=np.array(["population"], dtype=object))


def _run(model: Model, draws: int, seed: int, effect_pct: float = 0.0, uptake_pct: float = 0.0,
         driver_pct: float = 0.0):
    settings = {"effect_pct": effect_pct, "uptake_pct": uptake_pct, "driver_pct": driver_pct}
    return simulate(model, {"territorial": model.territorial}, "territorial",
                    line_uncertainty(model.lines, None), settings, 2030, 9.0, draws, seed)


def test_zero_uncertainty_gives_certainty_matching_the_deterministic_verdict():
    # 10 % removed in 2030 (met) and 8 % (not met)
    met = _run(_model(0.10), 50, 1)
    short = _run(_model(0.08), 50, 1)
    assert met.by_basis["p_meet"].item() == 1.0
    assert short.by_basis["p_meet"].item() == 0.0
    assert met.reduction[:, -1] == pytest.approx(10.0)
    assert short.reduction[:, 5] == pytest.approx(4.0)  # 2025: uptake 0.5 x 8 %


def test_one_measure_with_a_normal_effect_matches_the_analytic_probability():
    # reduction = 10 % x e, e ~ N(1, 0.1) (95 % half-width 19.6 %): P(10 e >= 9) = Phi(1)
    draws = _run(_model(0.10), 200_000, 7, effect_pct=1.959963984540054 * 10)
    assert draws.by_basis["p_meet"].item() == pytest.approx(norm.cdf(1.0), abs=0.01)
    assert norm.cdf(1.0) == pytest.approx(0.841345, abs=1e-6)


def test_same_seed_same_draws_other_seed_other_draws():
    model = _model(0.09)
    a = _run(model, 2000, 11, 30.0, 30.0, 20.0)
    b = _run(model, 2000, 11, 30.0, 30.0, 20.0)
    c = _run(model, 2000, 12, 30.0, 30.0, 20.0)
    assert np.array_equal(a.reduction, b.reduction)
    assert a.by_basis.equals(b.by_basis)
    assert not np.array_equal(a.reduction, c.reduction)


def test_a_line_takes_its_nearest_rows_uncertainty_and_group():
    lines = pd.DataFrame({"category": ["1.A.3.b", "1.A.4.b"], "gas": ["CO2", "CO2"],
                          "scope": [1, 1]})
    stated = pd.DataFrame({"category": ["1.A.3", "1.A.4.b"], "gas": ["CO2", "CO2"],
                           "u_activity_pct": [5.0, 5.0], "u_factor_pct": [3.0, 3.0],
                           "factor_group": ["diesel", "diesel"]})
    u = line_uncertainty(lines, stated)
    assert u["u_activity_pct"].tolist() == [5.0, 5.0]   # 1.A.3.b takes its parent's row
    assert u["factor_group"].tolist() == ["diesel", "diesel"]


def test_base_year_counts_a_facility_inside_a_provincial_total_once():
    """Synthetic inventory: facility F1's road diesel (10 t) sits inside the province's 1.A.3
    (100 t); F2's manufacturing (5 t) is reported by no aggregate source. Every year's total is
    105 t, as the report's territorial totals give, not 115 t."""
    from types import SimpleNamespace

    from ghg.engine.territorial import counted_once
    from ghg.scenario.base import base_from

    years = [2020, 2021]
    emissions = pd.DataFrame({
        "source_id": ["province", "F1", "F2"] * 2, "year": np.repeat(years, 3),
        "category": ["1.A.3", "1.A.3.b", "1.A.2"] * 2, "scope": 1, "gas": "CO2",
        "emissions_t": [100.0, 10.0, 5.0, 110.0, 10.0, 5.0]})
    emissions["co2e_t"] = emissions["emissions_t"]
    result = SimpleNamespace(
        emissions=emissions, sectors=None, gwp="AR5",
        detail=pd.DataFrame({"year": years, "activity": "diesel", "gas": "CO2",
                             "electricity_mwh": 0.0, "co2e_t": 0.0, "category": "1.A.3",
                             "energy_tj": 0.0}),
        all_rows=pd.DataFrame({"activity": ["diesel"]}))
    inputs = SimpleNamespace(config=SimpleNamespace(aggregate_sources=["province"]), tables={})
    base = base_from(result, inputs, 2020, 2030)
    report = counted_once(emissions, ["province"])[0].groupby("year")["co2e_t"].sum()
    assert base.totals.to_dict() == {2020: 105.0, 2021: 115.0} == report.to_dict()
    assert base.history[2020].sum() == 105.0
