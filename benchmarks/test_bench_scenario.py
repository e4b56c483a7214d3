"""Scenario benchmark: 1,000 variants (a 10 × 10 × 10 grid over the uptake of AWD, composting
and electric motorbikes) of the Ben Tre scenario, projected to 2050 over all categories,
vectorised over a ``variant`` axis, against a plain Python loop over variants.

The loop runs on 20 variants and its time is scaled by 50 (it is linear in the number of
variants); both are checked against each other on that subset. The inventory run and the model
build (once per scenario, not per variant) are outside the timing.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from ghg.engine.pipeline import compute_inputs
from ghg.inputs.folder import read_inputs
from ghg.scenario.base import base_from
from ghg.scenario.config import read_scenario
from ghg.scenario.model import build_model, project

BEN_TRE = Path(__file__).resolve().parents[1] / "scenarios" / "ben-tre"
GRID = np.linspace(0.0, 1.5, 10)   # uptake multipliers
SUBSET = 20


@pytest.fixture(scope="module")
def model():
    spec = read_scenario(BEN_TRE)
    inputs = read_inputs(spec.inventory)
    return build_model(spec, base_from(compute_inputs(inputs), inputs, spec.base_year,
                                       spec.horizon))


def variant_uptake(model) -> np.ndarray:
    """(M, 1000, T): the three grid measures scaled, capped at 1; the others as written."""
    ids = [m.id for m in model.measures]
    a, c, e = np.meshgrid(GRID, GRID, GRID, indexing="ij")
    scale = np.ones((len(ids), a.size))
    for name, s in (("awd", a), ("composting", c), ("e_motorbike", e)):
        scale[ids.index(name)] = s.ravel()
    return np.minimum(model.uptake[:, None, :] * scale[:, :, None], 1.0)


def territorial_totals(model, uptake) -> np.ndarray:
    run = project(model, uptake)
    return run["scenario"][:, model.territorial, :].sum(axis=1)       # (V, T)


def test_bench_scenario_1000_variants(benchmark, model):
    uptake = variant_uptake(model)
    assert uptake.shape[1] == 1000 and model.years[-1] == 2050
    totals = benchmark.pedantic(territorial_totals, args=(model, uptake), rounds=3,
                                iterations=1)
    assert totals.shape == (1000, len(model.years))

    start = time.perf_counter()
    loop = np.stack([territorial_totals(model, uptake[:, v:v + 1])[0] for v in range(SUBSET)])
    loop_seconds = (time.perf_counter() - start) * (1000 / SUBSET)
    assert loop == pytest.approx(totals[:SUBSET], rel=1e-12)
    if benchmark.stats is None:  # --benchmark-disable: the checks above ran, nothing was timed
        return
    vector_seconds = benchmark.stats.stats.min
    benchmark.extra_info.update({"variants": 1000, "years": len(model.years),
                                 "lines": len(model.lines), "measures": len(model.measures),
                                 "loop_seconds_scaled": loop_seconds,
                                 "speedup": loop_seconds / vector_seconds})
    print(f"\n1000 variants × {len(model.years)} years × {len(model.lines)} lines: vectorised "
          f"{vector_seconds:.3f} s, plain loop over variants {loop_seconds:.3f} s (scaled from "
          f"{SUBSET}), speed-up {loop_seconds / vector_seconds:.1f}×")
    assert vector_seconds < 10.0


def _closing_one_measure_at_a_time(model, mask, t, target_pct):
    """The closing search as a loop over measures, each measure's 65-point grid a projection
    of its own (6 rounds): the baseline of the search that projects every grid at once."""
    from ghg.scenario.closing import GRID, ROUNDS, reduction_at, scaled_uptake

    needed = np.full(len(model.measures), np.nan)
    for m in range(len(model.measures)):
        now = float(model.uptake[m, t])
        if now <= 0 or reduction_at(model, mask, t, scaled_uptake(model, m, t,
                                                                  np.array([1.0])))[0] < target_pct:
            continue
        low, high = now, 1.0
        for _ in range(ROUNDS):
            grid = np.linspace(low, high, GRID)
            pct = reduction_at(model, mask, t, scaled_uptake(model, m, t, grid))
            k = int(np.argmax(pct >= target_pct))
            low, high = grid[max(k - 1, 0)], grid[k]
        needed[m] = high
    return needed


def test_bench_scenario_closing_search(benchmark, model):
    """``closing.csv``: every measure's target-year uptake closing the 9 % gap alone."""
    from ghg.scenario.basis import basis_lines
    from ghg.scenario.closing import what_it_takes

    mask = basis_lines(model, "territorial")
    t = int(np.searchsorted(model.years, 2030))
    gap, table = benchmark.pedantic(what_it_takes, args=(model, mask, 2030, 9.0), rounds=3,
                                    iterations=1)
    assert gap > 0
    start = time.perf_counter()
    loop = _closing_one_measure_at_a_time(model, mask, t, 9.0)
    loop_seconds = time.perf_counter() - start
    assert np.array_equal(table["uptake_needed"].to_numpy(), loop, equal_nan=True)
    seconds = benchmark.stats.stats.min if benchmark.stats else float("nan")
    benchmark.extra_info.update({"measures": len(model.measures), "loop_seconds": loop_seconds,
                                 "speedup": loop_seconds / seconds})
    print(f"\nclosing search, {len(model.measures)} measures: all grids at once {seconds:.3f} s,"
          f" one measure at a time {loop_seconds:.3f} s")
