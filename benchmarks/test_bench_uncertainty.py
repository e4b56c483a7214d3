"""Approach 2 Monte Carlo: 10,000 draws over a whole provincial inventory, all cells and years.

Size of the Ben Tre inventory (issue #5): about 100 (category, gas) cells x 10 years (2015-2024).
The engine (``ghg.province.monte_carlo.monte_carlo``) is timed against a plain per-cell loop
that draws the same distributions cell by cell and year by year (numpy over the draws, Python
over cells).

Target (issue #5): 10,000 draws in under 2 s on one core. The chunked cube of issue #8
(``ghg.province.uncertainty_cube.draws_cube`` in chunks of 1,000 draws, then ``intervals``) is
held to the same target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.province.monte_carlo import Z95, monte_carlo
from ghg.province.uncertainty_cube import draws_cube, intervals

TARGET_S = 2.0
DRAWS = 10_000
YEARS = list(range(2015, 2025))
SECTORS = ["1", "2", "3", "4", "5"]


def synthetic(n_cells: int = 100, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Inventory and uncertainty tables of ``n_cells`` (category, gas) cells over 10 years.

    A third of the cells share one of 10 factor groups; uncertainties 2-150 % so both normal
    and (default) lognormal draws are exercised; sector 4 cells are removals.
    """
    rng = np.random.default_rng(seed)
    sector = np.array(SECTORS)[np.arange(n_cells) % 5]
    category = [f"{s}.A.{i}" for i, s in enumerate(sector)]
    gas = np.array(["CO2", "CH4", "N2O"])[np.arange(n_cells) % 3]
    level = rng.lognormal(8, 1.5, n_cells) * np.where(sector == "4", -1.0, 1.0)
    growth = rng.normal(1.02, 0.03, (n_cells, len(YEARS))).cumprod(axis=1)
    inventory = pd.DataFrame({
        "category": np.repeat(category, len(YEARS)), "gas": np.repeat(gas, len(YEARS)),
        "year": np.tile(YEARS, n_cells), "co2e_t": (level[:, None] * growth).ravel()})
    groups = np.where(np.arange(n_cells) % 3 == 0, [f"ef{i % 10}" for i in range(n_cells)], "")
    u_factor = np.where(groups != "", 20.0, rng.uniform(2, 150, n_cells))
    uncertainty = pd.DataFrame({"category": category, "gas": gas,
                                "u_activity_pct": rng.uniform(2, 30, n_cells),
                                "u_factor_pct": u_factor, "factor_group": groups})
    return inventory, uncertainty


def per_cell_loop(inventory: pd.DataFrame, uncertainty: pd.DataFrame, draws: int,
                  seed: int) -> pd.DataFrame:
    """Baseline: the same model cell by cell and year by year (not the same random stream)."""
    rng = np.random.default_rng(seed)
    unc = uncertainty.set_index(["category", "gas"])
    totals = {year: np.zeros(draws) for year in YEARS}
    shared: dict[str, np.ndarray] = {}

    def draw(u_pct: float) -> np.ndarray:
        z = rng.standard_normal(draws)
        if u_pct < 50:
            return 1.0 + u_pct / 100 / Z95 * z
        s2 = np.log1p((u_pct / 100 / Z95) ** 2)
        return np.exp(-0.5 * s2 + np.sqrt(s2) * z)

    for (category, gas), cell in inventory.groupby(["category", "gas"]):
        row = unc.loc[(category, gas)]
        group = row["factor_group"]
        if group:
            factor = shared.setdefault(group, draw(row["u_factor_pct"]))
        else:
            factor = draw(row["u_factor_pct"])
        for year, value in zip(cell["year"], cell["co2e_t"], strict=True):
            totals[year] += value * factor * draw(row["u_activity_pct"])
    low_high = {y: np.percentile(t, [2.5, 97.5]) for y, t in totals.items()}
    return pd.DataFrame([(y, lo, hi) for y, (lo, hi) in low_high.items()],
                        columns=["year", "lower_t", "upper_t"])


@pytest.fixture(scope="module")
def tables():
    return synthetic()


def test_engine_and_baseline_agree(tables):
    """Both implement the same model: their 95% intervals agree to sampling noise."""
    inventory, uncertainty = tables
    engine = monte_carlo(inventory, uncertainty, draws=20_000, seed=1).totals
    baseline = per_cell_loop(inventory, uncertainty, draws=20_000, seed=1)
    for col in ("lower_t", "upper_t"):
        np.testing.assert_allclose(engine[col], baseline[col], rtol=0.03)


@pytest.mark.parametrize("impl", ["engine", "baseline"])
def test_monte_carlo_10k_draws(benchmark, tables, impl):
    inventory, uncertainty = tables
    benchmark.group = "monte carlo 10k draws x 100 cells x 10 years"
    if impl == "engine":
        result = benchmark.pedantic(monte_carlo, args=(inventory, uncertainty),
                                    kwargs={"draws": DRAWS, "seed": 0}, rounds=5,
                                    warmup_rounds=1, iterations=1)
        assert len(result.totals) == len(YEARS)
    else:
        result = benchmark.pedantic(per_cell_loop, args=(inventory, uncertainty, DRAWS, 0),
                                    rounds=5, warmup_rounds=1, iterations=1)
        assert len(result) == len(YEARS)
    if benchmark.stats is not None:
        median = benchmark.stats.stats.median
        benchmark.extra_info.update({"impl": impl, "draws": DRAWS, "cells": 100,
                                     "years": len(YEARS), "median_s": median})
        if impl == "engine":
            assert median < TARGET_S, f"10k draws took {median:.2f} s (target {TARGET_S} s)"


def cube_intervals(inventory: pd.DataFrame, uncertainty: pd.DataFrame, draws: int, seed: int):
    """The chunked in-memory cube and its intervals (what monte_carlo returns, via the cube)."""
    return intervals(draws_cube(inventory, uncertainty, draws=draws, seed=seed, chunk=1_000))


@pytest.mark.parametrize("stage", ["cube", "cube+intervals"])
def test_monte_carlo_cube_10k_draws(benchmark, tables, stage):
    inventory, uncertainty = tables
    benchmark.group = "monte carlo 10k draws x 100 cells x 10 years"
    run = draws_cube if stage == "cube" else cube_intervals
    result = benchmark.pedantic(run, args=(inventory, uncertainty),
                                kwargs={"draws": DRAWS, "seed": 0}, rounds=5, warmup_rounds=1,
                                iterations=1)
    if stage == "cube":
        assert result.shape == (DRAWS, len(SECTORS), len(YEARS))
    else:
        assert len(result.totals) == len(YEARS)
    if benchmark.stats is not None:
        median = benchmark.stats.stats.median
        benchmark.extra_info.update({"impl": stage, "draws": DRAWS, "cells": 100, "chunk": 1_000,
                                     "years": len(YEARS), "median_s": median})
        assert median < TARGET_S, f"10k-draw cube took {median:.2f} s (target {TARGET_S} s)"
