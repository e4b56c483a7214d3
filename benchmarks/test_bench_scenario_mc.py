"""Scenario Monte Carlo benchmark: 10,000 draws of the Ben Tre scenario to 2050 (BAU drivers,
effect sizes, uptake and base-year inventory uncertainty; P(reduction >= 9 %) under each basis),
vectorised as a draw × line × year array, against a plain Python loop over draws.

The loop runs on 20 draws and its time is scaled by 500 (it is linear in the number of draws);
both are checked against each other on that subset. The inventory run and the model build (once
per scenario, not per draw) are outside the timing. Target: under 2 s for 10,000 draws.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from ghg.engine.pipeline import compute_inputs
from ghg.inputs.folder import read_inputs
from ghg.scenario.base import base_from
from ghg.scenario.basis import basis_lines
from ghg.scenario.config import BASES, read_scenario
from ghg.scenario.model import build_model
from ghg.scenario.uncertain import line_uncertainty, scenario_draws, simulate

BEN_TRE = Path(__file__).resolve().parents[1] / "scenarios" / "ben-tre"
DRAWS = 10_000
SUBSET = 20
TARGET_S = 2.0


@pytest.fixture(scope="module")
def setup():
    spec = read_scenario(BEN_TRE)
    inputs = read_inputs(spec.inventory)
    model = build_model(spec, base_from(compute_inputs(inputs), inputs, spec.base_year,
                                        spec.horizon))
    return spec, model, line_uncertainty(model.lines, inputs.inventory_tables.get("uncertainty"))


def _simulate(spec, model, line_u, draws):
    masks = {b: basis_lines(model, b) for b in BASES}
    return simulate(model, masks, spec.basis, line_u, spec.uncertainty, spec.target_year,
                    spec.target_pct, draws, spec.uncertainty["seed"])


def test_bench_scenario_monte_carlo_10000_draws(benchmark, setup):
    spec, model, line_u = setup
    assert model.years[-1] == 2050
    cpu = time.process_time()
    draws = benchmark.pedantic(_simulate, args=(spec, model, line_u, DRAWS), rounds=3,
                               iterations=1)
    cpu_seconds = (time.process_time() - cpu) / 3   # the shared machine inflates wall time
    assert draws.reduction.shape == (DRAWS, len(model.years))

    # the plain loop: one draw at a time through the same kernel
    rng = np.random.default_rng(0)
    effect = rng.uniform(0.7, 1.3, (len(model.measures), SUBSET))
    start = time.perf_counter()
    loop = np.stack([scenario_draws(model, model.bau[:, None, :], model.uptake[:, None, :],
                                    effect[:, v:v + 1])[:, 0] for v in range(SUBSET)], axis=1)
    loop_seconds = (time.perf_counter() - start) * (DRAWS / SUBSET)
    vector = scenario_draws(model, np.repeat(model.bau[:, None, :], SUBSET, axis=1),
                            np.repeat(model.uptake[:, None, :], SUBSET, axis=1), effect)
    assert loop == pytest.approx(vector, rel=1e-12)
    if benchmark.stats is None:  # --benchmark-disable: the checks above ran, nothing was timed
        return
    seconds = benchmark.stats.stats.min
    benchmark.extra_info.update({"draws": DRAWS, "years": len(model.years),
                                 "lines": len(model.lines), "measures": len(model.measures),
                                 "loop_seconds_scaled": loop_seconds,
                                 "ratio_to_loop": seconds / loop_seconds,
                                 "cpu_seconds_mean": cpu_seconds, "target_s": TARGET_S,
                                 "meets_target": seconds < TARGET_S})
    print(f"\n{DRAWS} draws × {len(model.years)} years × {len(model.lines)} lines: vectorised "
          f"{seconds:.3f} s ({cpu_seconds:.3f} s CPU), plain loop over draws "
          f"{loop_seconds:.3f} s (scaled from {SUBSET})")


def test_bench_scenario_monte_carlo_target_year_against_every_year(benchmark, setup):
    """The probabilities need the target year only: the draws are projected for it alone, and
    every year (``Draws.reduction``) only when asked; both in this run, same draws."""
    spec, model, line_u = setup
    draws = benchmark.pedantic(_simulate, args=(spec, model, line_u, DRAWS), rounds=3,
                               iterations=1)
    start = time.perf_counter()
    every_year = draws.reduction  # the whole projection of the same draws
    every_year_seconds = time.perf_counter() - start
    t = int(np.searchsorted(model.years, spec.target_year))
    stated = draws.by_basis[draws.by_basis["stated"]].iloc[0]
    assert stated["mean_pct"] == pytest.approx(every_year[:, t].mean(), rel=1e-12)
    if benchmark.stats is None:
        return
    seconds = benchmark.stats.stats.min
    benchmark.extra_info.update({"every_year_seconds": every_year_seconds,
                                 "ratio_to_every_year": seconds / every_year_seconds})
    print(f"\n{DRAWS} draws: target year {seconds:.3f} s, every year "
          f"{every_year_seconds:.3f} s (projection only)")
