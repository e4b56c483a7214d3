"""Monte Carlo cube (draw x sector x year), chunked in memory and on dask (issue #8 item 4).

The model is ghg.province.monte_carlo.monte_carlo's (IPCC 2006 Vol 1 ch 3 §3.2.3); the checks are
the cube's random stream (chunk i seeded by SeedSequence(seed).spawn(n)[i]), its correlation
structure and the convergence of its intervals to Approach 1, worked by hand below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.province.error_propagation import approach1, level_uncertainty_by_year
from ghg.province.uncertainty import UncertaintyInputError
from ghg.province.uncertainty_cube import DIMS, draws_cube, draws_cube_dask, intervals


def inventory(values: dict[tuple[str, str], list[float]], years: list[int]) -> pd.DataFrame:
    rows = [(c, g, y, v) for (c, g), series in values.items()
            for y, v in zip(years, series, strict=True)]
    return pd.DataFrame(rows, columns=["category", "gas", "year", "co2e_t"])


def uncertainty(rows: list[tuple], **extra: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["category", "gas", "u_activity_pct", "u_factor_pct"])
    return frame.assign(**extra)


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


def test_cube_shape_coordinates_and_point_estimates():
    cube = draws_cube(SMALL, SMALL_U, draws=2_500, seed=0, chunk=1_000)
    assert cube.dims == DIMS == ("draw", "sector", "year")
    assert cube.shape == (2_500, 4, 3)
    assert cube["sector"].values.tolist() == ["1", "3", "4", "5"]
    assert cube["year"].values.tolist() == [2015, 2016, 2017]
    # sector 1 = 1.A.1 + 1.A.3: 400 + 250 = 650, 420 + 260 = 680, 650
    assert cube["estimate_t"].sel(sector="1").values.tolist() == [650.0, 680.0, 650.0]
    # totals: 650 + 200 - 80 + 60 = 830; 680 + 190 - 85 + 70 = 855; 830
    assert cube["total_estimate_t"].values.tolist() == [830.0, 855.0, 830.0]
    assert np.isfinite(cube.values).all()
    assert cube.attrs["units"] == "t CO2e" and cube.attrs["chunk"] == 1_000


def test_same_seed_and_chunk_same_numbers_whatever_row_order():
    a = draws_cube(SMALL, SMALL_U, draws=3_000, seed=7, chunk=1_000)
    b = draws_cube(SMALL.sample(frac=1.0, random_state=1), SMALL_U.iloc[::-1], draws=3_000,
                   seed=7, chunk=1_000)
    c = draws_cube(SMALL, SMALL_U, draws=3_000, seed=8, chunk=1_000)
    assert np.array_equal(a.values, b.values)
    assert not np.array_equal(a.values, c.values)


def test_more_draws_with_the_same_chunk_append_draws():
    # chunk i depends only on SeedSequence(seed).spawn(n)[i], and child i does not depend on n:
    # 2,500 draws in chunks of 1,000 start with the 1,000 draws of a one-chunk cube
    short = draws_cube(SMALL, SMALL_U, draws=1_000, seed=3, chunk=1_000)
    long = draws_cube(SMALL, SMALL_U, draws=2_500, seed=3, chunk=1_000)
    assert np.array_equal(long.values[:1_000], short.values)
    # chunks draw from different streams: draws 1000.. are not a copy of draws 0..
    assert not np.allclose(long.values[1_000:2_000], long.values[:1_000])


def test_chunk_seeds_follow_the_documented_scheme():
    # one cell, factor exact, activity 10 % normal: value = 100 x (1 + 0.1/1.96 x z), z the
    # first standard normal of chunk i's generator PCG64(SeedSequence(5).spawn(2)[i])
    inv = inventory({("1.A.1", "CO2"): [100.0]}, [2020])
    cube = draws_cube(inv, uncertainty([("1.A.1", "CO2", 10.0, 0.0)]), draws=4, seed=5, chunk=2)
    children = np.random.SeedSequence(5).spawn(2)
    z = np.concatenate([np.random.Generator(np.random.PCG64(s)).standard_normal(2 + 2)[2:]
                        for s in children])
    # within a chunk the factor draws (2 x 1 group) come first, then the activity draws
    z95 = 1.959963984540054
    np.testing.assert_allclose(cube.values[:, 0, 0], 100.0 * (1.0 + 0.1 / z95 * z),
                               rtol=1e-15)


def test_factor_shared_by_years_and_by_group_activity_drawn_each_year():
    inv = inventory({("1.A.1", "CO2"): [100.0, 200.0], ("3.A.1", "CH4"): [50.0, 50.0]},
                    [2015, 2024])
    # activity exact, factor 20 % in one group: every draw is one factor f times the values,
    # so 2024 / 2015 = 200 / 100 = 2 in sector 1, and sector 1 / sector 3 = 100 / 50 = 2 in 2015
    tied = draws_cube(inv, uncertainty([("1.A.1", "CO2", 0.0, 20.0),
                                        ("3.A.1", "CH4", 0.0, 20.0)], factor_group=["f", "f"]),
                      draws=500, seed=1, chunk=200)
    np.testing.assert_allclose(tied.sel(sector="1", year=2024) / tied.sel(sector="1", year=2015),
                               2.0, rtol=1e-12)
    np.testing.assert_allclose(tied.sel(sector="1", year=2015) / tied.sel(sector="3", year=2015),
                               2.0, rtol=1e-12)
    # factor exact, activity 20 %: years drawn independently, correlation ~ 0 (|r| < 0.05 at
    # 20,000 draws: the standard error of r is 1/sqrt(20000) = 0.007)
    free = draws_cube(inv, uncertainty([("1.A.1", "CO2", 20.0, 0.0),
                                        ("3.A.1", "CH4", 20.0, 0.0)]), draws=20_000, seed=2)
    r = np.corrcoef(free.sel(sector="1", year=2015), free.sel(sector="1", year=2024))[0, 1]
    assert abs(r) < 0.05


def test_intervals_converge_to_approach1_level():
    # as monte_carlo's test: linear model, small normal uncertainties, so the Approach 1 level
    # half-width (eq. 3.2) is the normal 95 % half-width; 50,000 draws -> within 2 %
    expected = level_uncertainty_by_year(SMALL, SMALL_U)["u_pct"].to_numpy()
    r = intervals(draws_cube(SMALL, SMALL_U, draws=50_000, seed=11))
    assert _half_width_pct(r.totals) == pytest.approx(expected, rel=0.02)
    assert r.totals["estimate_t"].tolist() == pytest.approx([830.0, 855.0, 830.0])
    assert r.draws == 50_000 and r.seed == 11


def test_intervals_converge_to_approach1_trend():
    # base 2015 = latest 2017 per category: type A sensitivity 0, trend half-width sqrt(sum L^2)
    a1 = approach1(SMALL, SMALL_U, base_year=2015, latest_year=2017)
    r = intervals(draws_cube(SMALL, SMALL_U, draws=50_000, seed=12), 2015, 2017)
    trend = r.trend.iloc[0]
    assert (trend["base_year"], trend["latest_year"]) == (2015, 2017)
    assert trend["estimate_pct"] == pytest.approx(0.0)
    assert (trend["upper_pct"] - trend["lower_pct"]) / 2 == pytest.approx(
        a1.trend_uncertainty_pct, rel=0.02)


def test_intervals_have_monte_carlo_columns_and_sectors():
    from ghg.province.monte_carlo import monte_carlo

    r = intervals(draws_cube(SMALL, SMALL_U, draws=1_000, seed=0))
    m = monte_carlo(SMALL, SMALL_U, draws=1_000, seed=0)
    for name in ("totals", "sectors", "trend"):
        assert list(getattr(r, name).columns) == list(getattr(m, name).columns)
    pd.testing.assert_frame_equal(r.sectors[["sector", "year", "estimate_t"]],
                                  m.sectors[["sector", "year", "estimate_t"]])
    # percentiles of the cube itself: sector 3 in 2017 (200 t, 5 % and 8 %)
    lower, upper = np.percentile(
        draws_cube(SMALL, SMALL_U, draws=1_000, seed=0).sel(sector="3", year=2017), [2.5, 97.5])
    row = r.sectors[(r.sectors["sector"] == "3") & (r.sectors["year"] == 2017)].iloc[0]
    assert (row["lower_t"], row["upper_t"]) == (lower, upper)


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_cube_is_lazy_and_bit_identical(scheduler):
    memory = draws_cube(SMALL, SMALL_U, draws=2_500, seed=4, chunk=1_000)
    lazy = draws_cube_dask(SMALL, SMALL_U, draws=2_500, seed=4, chunk=1_000)
    assert lazy.chunks == ((1_000, 1_000, 500), (4,), (3,))  # one block per chunk of draws
    computed = lazy.compute(scheduler=scheduler)
    assert np.array_equal(computed.values, memory.values)
    pd.testing.assert_frame_equal(intervals(lazy).totals, intervals(memory).totals,
                                  check_exact=True)


def test_bad_draws_or_chunk_refused():
    with pytest.raises(UncertaintyInputError, match="draws must be at least 2"):
        draws_cube(SMALL, SMALL_U, draws=1)
    with pytest.raises(UncertaintyInputError, match="chunk must be at least 1"):
        draws_cube_dask(SMALL, SMALL_U, draws=10, chunk=0)
