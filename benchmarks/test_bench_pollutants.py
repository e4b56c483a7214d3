"""Air pollutants of a 10^6-row run against the run itself (same process, same data).

The pollutant table reuses the run's amounts (energy, fuel mass) and resolves factors per
distinct activity and category, so it should cost about what the GHG compute costs, not more.
Both are timed here on the synthetic table of benchmarks/synthetic.py (seed 0); the note puts
the two medians side by side. Measured 2026-12-03 on the shared 2-core box: compute 5.0 s,
pollutants 4.5 s.
"""

from __future__ import annotations

import pytest
from synthetic import make_activity

import ghg
from ghg.engine.pollutants import pollutants

N_ROWS = 10**6


@pytest.fixture(scope="module")
def table():
    return make_activity(N_ROWS)


@pytest.fixture(scope="module")
def result(table):
    return ghg.compute(table)


def test_compute(benchmark, table):
    out = benchmark.pedantic(ghg.compute, args=(table,), rounds=3, warmup_rounds=0)
    benchmark.extra_info.update({"impl": "compute", "rows": N_ROWS})
    assert len(out.emissions)


def test_pollutants(benchmark, result):
    out = benchmark.pedantic(pollutants, args=(result,), rounds=3, warmup_rounds=0)
    benchmark.extra_info.update({"impl": "pollutants", "rows": N_ROWS})
    assert len(out.table) and out.table["emissions_t"].gt(0).all()
