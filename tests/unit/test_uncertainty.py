"""Uncertainty Approach 1 and 2 (IPCC 2006 Vol 1 ch 3), checked against hand-worked cases.

No published worked example of the IPCC Approach 1 table could be read (the IPCC PDFs are not
readable here), so the Approach 1 checks are two-category cases worked out by hand below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.province.error_propagation import (
    APPROACH1_COLUMNS,
    approach1,
    combined_product_pct,
    combined_sum_pct,
    level_uncertainty_by_year,
)
from ghg.province.monte_carlo import Z95, monte_carlo, multipliers
from ghg.province.uncertainty import UncertaintyInputError


def inventory(values: dict[tuple[str, str], list[float]], years: list[int]) -> pd.DataFrame:
    """Inventory rows from {(category, gas): [co2e_t per year]}."""
    rows = [(c, g, y, v) for (c, g), series in values.items() for y, v in zip(years, series,
                                                                             strict=True)]
    return pd.DataFrame(rows, columns=["category", "gas", "year", "co2e_t"])


def uncertainty(rows: list[tuple], **extra: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["category", "gas", "u_activity_pct", "u_factor_pct"])
    return frame.assign(**extra)


TWO = inventory({("1.A.1", "CO2"): [100.0, 100.0], ("3.A.1", "CH4"): [100.0, 150.0]},
                [2015, 2024])
TWO_U = uncertainty([("1.A.1", "CO2", 3.0, 4.0), ("3.A.1", "CH4", 6.0, 8.0)])


# --- Approach 1 -----------------------------------------------------------------------------

def test_eq_3_1_and_3_2():
    # eq. 3.1: sqrt(3^2 + 4^2) = 5
    assert combined_product_pct(np.array(3.0), np.array(4.0)) == pytest.approx(5.0)
    # eq. 3.2: sqrt((10*100)^2 + (20*300)^2) / 400 = sqrt(1e6 + 36e6) / 400 = 6082.763 / 400
    assert combined_sum_pct(np.array([100.0, 300.0]), np.array([10.0, 20.0])) == \
        pytest.approx(15.206906, abs=1e-6)


def test_approach1_two_categories_by_hand():
    # C (base 2015) = [100, 100], sum C = 200; D (2024) = [100, 150], sum D = 250
    # E = [3, 6] %, F = [4, 8] %  ->  G = sqrt(E^2 + F^2) = [5, 10] %
    # H = (G D)^2 / (sum D)^2 = [(500/250)^2, (1500/250)^2] = [4, 36]; level = sqrt(40) = 6.3246 %
    # I (type A), cat 1: (0.01*100 + 250 - (0.01*100 + 200)) / (0.01*100 + 200) = 50/201
    #   = 0.2487562; minus the total trend 50/200 = 0.25 -> |-0.0012438| * 100 = 0.1243781
    #   cat 2: (1.5 + 250 - 1 - 200) / 201 = 50.5/201 = 0.2512438 - 0.25 -> 0.1243781
    # J (type B) = D / sum C = [0.5, 0.75]
    # K = I F = [0.4975124, 0.9950249]; L = J E sqrt2 = [2.1213203, 6.3639610]
    # M = K^2 + L^2 = [0.2475186 + 4.5, 0.9900745 + 40.5] = [4.7475186, 41.4900745]
    # trend uncertainty = sqrt(46.2375931) = 6.7998230 percentage points; trend = +25 %
    r = approach1(TWO, TWO_U)
    t = r.table
    assert list(t.columns) == list(APPROACH1_COLUMNS.values())
    assert t["u_combined_pct"].tolist() == pytest.approx([5.0, 10.0])
    assert t["variance_contribution"].tolist() == pytest.approx([4.0, 36.0])
    assert t["sensitivity_type_a"].tolist() == pytest.approx([0.1243781, 0.1243781], abs=1e-7)
    assert t["sensitivity_type_b"].tolist() == pytest.approx([0.5, 0.75])
    assert t["trend_u_factor_pct"].tolist() == pytest.approx([0.4975124, 0.9950249], abs=1e-7)
    assert t["trend_u_activity_pct"].tolist() == pytest.approx([2.1213203, 6.3639610], abs=1e-7)
    assert t["trend_variance_contribution"].tolist() == pytest.approx(
        [4.7475186, 41.4900745], abs=1e-6)
    assert r.level_pct == pytest.approx(6.3245553, abs=1e-7)
    assert r.trend_pct == pytest.approx(25.0)
    assert r.trend_uncertainty_pct == pytest.approx(6.7998230, abs=1e-6)
    assert (r.base_year, r.latest_year, r.base_total_t, r.latest_total_t) == (2015, 2024, 200, 250)
    ipcc = r.ipcc_table()
    assert list(ipcc.columns) == list("ABCDEFGHIJKLM")
    assert ipcc.iloc[-1][["A", "C", "D"]].tolist() == ["Total", 200.0, 250.0]
    assert ipcc.iloc[-1]["H"] == pytest.approx(6.3245553, abs=1e-7)


def test_approach1_removal_enters_squared_and_widens_relative_uncertainty():
    # D = [100, -50] (4.A removal), G = [10, 20] % (AD only); sum D = 50
    # H = (10*100/50)^2 + (20*-50/50)^2 = 400 + 400 = 800; level = sqrt(800) = 28.284271 %
    inv = inventory({("1.A.1", "CO2"): [100.0, 100.0], ("4.A.1", "CO2"): [-50.0, -50.0]},
                    [2015, 2024])
    unc = uncertainty([("1.A.1", "CO2", 10.0, 0.0), ("4.A.1", "CO2", 20.0, 0.0)])
    assert approach1(inv, unc).level_pct == pytest.approx(28.284271, abs=1e-6)


def test_level_uncertainty_by_year():
    # 2015: sqrt((5*100)^2 + (10*100)^2) / 200 = 1118.034 / 200 = 5.590170 %
    # 2024: sqrt(40) = 6.324555 % (as above)
    frame = level_uncertainty_by_year(TWO, TWO_U)
    assert frame["year"].tolist() == [2015, 2024]
    assert frame["u_pct"].tolist() == pytest.approx([5.590170, 6.324555], abs=1e-6)


# --- distributions --------------------------------------------------------------------------

def test_95_percent_quantile_maps_to_stated_half_width():
    # normal: 1 +/- (U/1.96) * 1.96 = 1 +/- U; uniform: a = U/0.95, 2*0.975 - 1 = 0.95 -> U;
    # triangular: a = U/(1 - sqrt(0.05)), inverse CDF at 0.975 = 1 - sqrt(0.05) -> U
    z = np.array([[-Z95] * 3, [Z95] * 3])
    kinds = np.array([0, 3, 2])  # normal, uniform, triangular (index into DISTRIBUTIONS)
    out = multipliers(z, np.array([10.0, 30.0, 40.0]), kinds)
    assert out[0].tolist() == pytest.approx([0.9, 0.7, 0.6])
    assert out[1].tolist() == pytest.approx([1.1, 1.3, 1.4])


def test_lognormal_parameterisation_from_half_width():
    # U = 100 %: s^2 = ln(1 + (1/1.959964)^2) = ln(1.260318) = 0.2313639, s = 0.4810030,
    # mu = -s^2/2 = -0.1156819 (mean exactly 1);
    # at z = -/+1.959964: exp(mu -/+ 0.9427486) = 0.3470000, 2.2866014; median exp(mu) = 0.8907585
    z = np.array([[-Z95], [0.0], [Z95]])
    out = multipliers(z, np.array([100.0]), np.array([1]))[:, 0]
    assert out.tolist() == pytest.approx([0.3470000, 0.8907585, 2.2866014], abs=1e-6)
    rng = np.random.Generator(np.random.PCG64(1))
    draws = multipliers(rng.standard_normal((200_000, 1)), np.array([100.0]), np.array([1]))
    assert draws.mean() == pytest.approx(1.0, abs=0.005)  # standard error 0.52/sqrt(2e5)=0.0012


def test_default_is_lognormal_from_50_percent():
    # u_factor 60 %, no distribution given -> lognormal: s^2 = ln(1 + (0.6/1.959964)^2)
    # = 0.0895796, s = 0.2992985, mu = -0.0447898; 2.5/97.5 % at exp(mu -/+ 1.959964 s)
    # = 0.5318445 and 1.7191406 times 1000 t
    inv = inventory({("3.A.1", "CH4"): [1000.0]}, [2024])
    r = monte_carlo(inv, uncertainty([("3.A.1", "CH4", 0.0, 60.0)]), draws=50_000, seed=3)
    row = r.totals.iloc[0]
    assert row["lower_t"] == pytest.approx(531.8445, rel=0.02)
    assert row["upper_t"] == pytest.approx(1719.1406, rel=0.02)


# --- Approach 2 -----------------------------------------------------------------------------

SMALL = inventory({("1.A.1", "CO2"): [400.0, 420.0, 400.0],
                   ("1.A.3", "CO2"): [250.0, 260.0, 250.0],
                   ("3.A.1", "CH4"): [200.0, 190.0, 200.0],
                   ("4.A.1", "CO2"): [-80.0, -85.0, -80.0],
                   ("5.A", "CH4"): [60.0, 70.0, 60.0]}, [2015, 2016, 2017])
SMALL_U = uncertainty([("1.A.1", "CO2", 2.0, 3.0), ("1.A.3", "CO2", 4.0, 3.0),
                       ("3.A.1", "CH4", 5.0, 8.0), ("4.A.1", "CO2", 6.0, 9.0),
                       ("5.A", "CH4", 7.0, 10.0)])


def _half_width_pct(frame: pd.DataFrame) -> np.ndarray:
    return ((frame["lower_pct"] + frame["upper_pct"]) / 2).to_numpy()


def test_monte_carlo_converges_to_approach1_level():
    # linear model, small normal uncertainties: the Approach 1 level half-width (eq. 3.2) is the
    # normal 95 % half-width; 50,000 draws put the percentiles within ~0.5 % of it
    expected = level_uncertainty_by_year(SMALL, SMALL_U)["u_pct"].to_numpy()
    r = monte_carlo(SMALL, SMALL_U, draws=50_000, seed=11)
    assert _half_width_pct(r.totals) == pytest.approx(expected, rel=0.02)
    assert r.totals["estimate_t"].tolist() == pytest.approx([830.0, 855.0, 830.0])


def test_monte_carlo_converges_to_approach1_trend():
    # base 2015 and latest 2017 are equal per category, where Approach 1's trend terms are exact:
    # type A sensitivity 0 (a factor shared by both years cancels), L = J E sqrt2
    a1 = approach1(SMALL, SMALL_U, base_year=2015, latest_year=2017)
    assert a1.trend_pct == pytest.approx(0.0)
    r = monte_carlo(SMALL, SMALL_U, draws=50_000, seed=12, base_year=2015, latest_year=2017)
    trend = r.trend.iloc[0]
    half = (trend["upper_pct"] - trend["lower_pct"]) / 2
    assert half == pytest.approx(a1.trend_uncertainty_pct, rel=0.02)


def test_sectors_first_level_of_code():
    r = monte_carlo(SMALL, SMALL_U, draws=1_000, seed=0)
    latest = r.sectors[r.sectors["year"] == 2017].set_index("sector")["estimate_t"]
    # 1: 400 + 250 = 650; 3: 200; 4: -80; 5: 60
    assert latest.to_dict() == {"1": 650.0, "3": 200.0, "4": -80.0, "5": 60.0}
    assert len(r.sectors) == 4 * 3


def test_same_seed_same_numbers_whatever_row_order():
    a = monte_carlo(SMALL, SMALL_U, draws=2_000, seed=7)
    b = monte_carlo(SMALL.sample(frac=1.0, random_state=1), SMALL_U.iloc[::-1], draws=2_000,
                    seed=7)
    c = monte_carlo(SMALL, SMALL_U, draws=2_000, seed=8)
    pd.testing.assert_frame_equal(a.totals, b.totals)
    pd.testing.assert_frame_equal(a.sectors, b.sectors)
    pd.testing.assert_frame_equal(a.trend, b.trend)
    assert not np.allclose(a.totals["lower_t"], c.totals["lower_t"])


def test_shared_factor_group_widens_total_interval():
    # two categories of 100 t, factor 10 % normal, activity exact:
    # independent: half-width sqrt(10^2 + 10^2) = 14.142 t of 200 t = 7.0711 %
    # one factor_group (fully correlated): 10 + 10 = 20 t of 200 t = 10 %
    inv = inventory({("3.A.1", "CH4"): [100.0], ("3.B.1", "CH4"): [100.0]}, [2024])
    rows = [("3.A.1", "CH4", 0.0, 10.0), ("3.B.1", "CH4", 0.0, 10.0)]
    free = monte_carlo(inv, uncertainty(rows), draws=50_000, seed=5)
    tied = monte_carlo(inv, uncertainty(rows, factor_group=["ef_ch4", "ef_ch4"]),
                       draws=50_000, seed=5)
    assert _half_width_pct(free.totals)[0] == pytest.approx(7.0711, rel=0.02)
    assert _half_width_pct(tied.totals)[0] == pytest.approx(10.0, rel=0.02)


def test_factor_shared_across_years_activity_not():
    # one category, 100 t both years: the factor cancels in the trend, the activity does not:
    # trend half-width = sqrt2 * 5 = 7.0711 percentage points (activity 5 %), whatever the factor
    inv = inventory({("1.A.1", "CO2"): [100.0, 100.0]}, [2015, 2024])
    r = monte_carlo(inv, uncertainty([("1.A.1", "CO2", 5.0, 30.0)]), draws=50_000, seed=9)
    trend = r.trend.iloc[0]
    assert (trend["upper_pct"] - trend["lower_pct"]) / 2 == pytest.approx(7.0711, rel=0.03)


# --- input errors ---------------------------------------------------------------------------

def test_missing_uncertainty_row_is_named():
    with pytest.raises(UncertaintyInputError, match=r"no row for 3\.A\.1 CH4"):
        approach1(TWO, TWO_U.iloc[:1])


def test_bad_distribution_and_inconsistent_group():
    unc = TWO_U.assign(distribution_factor=["normal", "gamma"],
                       activity_group=["g", "g"])
    with pytest.raises(UncertaintyInputError) as err:
        monte_carlo(TWO, unc, draws=10)
    text = str(err.value)
    assert "distribution_factor must be one of" in text and "3.A.1 CH4" in text
    assert "activity_group g has different u_activity_pct" in text


def test_negative_uncertainty_rejected():
    with pytest.raises(UncertaintyInputError, match="u_factor_pct must be a number >= 0"):
        approach1(TWO, TWO_U.assign(u_factor_pct=[-1.0, 8.0]))
