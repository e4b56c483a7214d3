"""First-order decay benchmark: 80 years × 10 waste types × 10^4 sites, the vectorised kernel
(loop over years, arrays over series) against a plain Python loop over series and years.

The plain loop runs on 100 of the 10^4 sites (1,000 series) and its time is scaled by 100:
it is linear in the number of series. Both are checked against each other on that subset.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from bonsai import against_bonsai

from ghg.sectors.waste import disposal as fod

YEARS, TYPES, SITES, SUBSET = 80, 10, 10_000, 100


@pytest.fixture(scope="module")
def deposits():
    rng = np.random.default_rng(0)
    return (rng.uniform(0, 1000, size=(SITES, TYPES, YEARS)),
            rng.uniform(0.02, 0.4, size=TYPES))


def plain_loop(d, k):
    out = np.empty_like(d)
    for s in range(d.shape[0]):
        for j in range(d.shape[1]):
            stock, e = 0.0, math.exp(-k[j])
            for t in range(d.shape[2]):
                out[s, j, t] = stock * (1 - e)
                stock = stock * e + d[s, j, t]
    return out


def test_bench_fod_vectorised(benchmark, deposits):
    d, k = deposits
    out = benchmark(fod.decomposed, d, k)
    assert out.shape == d.shape
    if benchmark.stats is not None:  # a case: one site and waste type over the 80 years
        cases_per_s = SITES * TYPES / benchmark.stats.stats.median
        benchmark.extra_info.update({"cases": SITES * TYPES, "cases_per_s": cases_per_s,
                                     **against_bonsai(cases_per_s, "fod_80_years")})


def test_bench_fod_plain_loop_subset(benchmark, deposits):
    d, k = deposits
    sub = d[:SUBSET]
    out = benchmark.pedantic(plain_loop, args=(sub, k), rounds=1, iterations=1)
    np.testing.assert_allclose(out, fod.decomposed(sub, k), rtol=1e-12)


def test_fod_ratio_note(deposits):
    """Print the ratio (loop time scaled to 10^4 sites / vectorised time)."""
    d, k = deposits
    t0 = time.perf_counter()
    fod.decomposed(d, k)
    vec = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain_loop(d[:SUBSET], k)
    loop = (time.perf_counter() - t0) * SITES / SUBSET
    print(f"FOD 80y×10 types×10^4 sites: vectorised {vec:.3f} s, loop (scaled) {loop:.1f} s, "
          f"ratio {loop / vec:.0f}×")
    assert loop > vec
