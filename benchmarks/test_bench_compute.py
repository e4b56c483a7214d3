"""Engine vs pandas baseline: activity DataFrame in memory → emissions table.

Both run in this process on the same synthetic DataFrame (benchmarks/synthetic.py, seed 0, about
50 rows per source). The engine is timed end to end as a user calls it, ``ghg.compute(df)``:
validation, factor library loading and resolution, calculation, emissions table and provenance.
The baseline is timed from the same DataFrame to its emissions table; its lookup tables are built
(and checked against the engine) before timing.

Targets (issue figures): engine >= 5 million activity rows/s on one core, and >= 3x the baseline.
"""

from __future__ import annotations

import gc

import pytest
from conftest import peak_rss_mib

import ghg

TARGET_ROWS_PER_S = 5e6
TARGET_RATIO = 3.0

SIZES = [
    pytest.param(10**5, id="1e5"),
    pytest.param(10**6, id="1e6"),
    pytest.param(10**7, id="1e7", marks=pytest.mark.slow),
]
#: (rounds, warmup rounds) per size; 10^7 rows take tens of seconds per round.
ROUNDS = {10**5: (10, 1), 10**6: (5, 1), 10**7: (3, 0)}


def _record(benchmark, impl: str, n_rows: int, emissions) -> None:
    if benchmark.stats is None:  # --benchmark-disable: ran once, nothing timed
        return
    stats = benchmark.stats.stats
    benchmark.extra_info.update({
        "impl": impl,
        "rows": n_rows,
        "rows_per_s": n_rows / stats.median,
        "rows_per_s_best": n_rows / stats.min,
        "output_rows": len(emissions),
        "total_co2e_t": float(emissions["co2e_t"].sum()),
        "peak_rss_mib_so_far": round(peak_rss_mib(), 1),
    })


@pytest.mark.parametrize("impl", ["engine", "baseline"])
@pytest.mark.parametrize("size", SIZES)
def test_compute(benchmark, request, activity_table, warm_engine, size, impl):
    df = activity_table(size)
    rounds, warmup = ROUNDS[size]
    benchmark.group = f"compute {size:.0e} rows"
    gc.collect()
    if impl == "engine":
        result = benchmark.pedantic(ghg.compute, args=(df,), rounds=rounds,
                                    warmup_rounds=warmup, iterations=1)
        emissions = result.emissions
        del result
    else:
        import baseline

        tables = request.getfixturevalue("baseline_tables")
        emissions = benchmark.pedantic(baseline.compute, args=(df, tables), rounds=rounds,
                                       warmup_rounds=warmup, iterations=1)
    _record(benchmark, impl, size, emissions)
    del emissions
    gc.collect()
