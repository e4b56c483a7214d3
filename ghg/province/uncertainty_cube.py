"""Approach 2 Monte Carlo as a cube of draws (draw x sector x year), in memory or on dask.

The same model as :func:`ghg.province.monte_carlo.monte_carlo` (IPCC 2006 Vol 1 ch 3 §3.2.3): each
(category, gas) cell value is E x A x F, F drawn once per factor group and shared by every year,
A drawn per activity group and year. The draws are cut into chunks of ``chunk`` draws so that a
chunk can be computed anywhere (a dask worker) and still give the same numbers.

Random stream of the cube (documented, because it is what makes chunks reproducible):

- the draws are split into ``n = ceil(draws / chunk)`` chunks, chunk ``i`` holding draws
  ``i*chunk`` to ``min((i+1)*chunk, draws) - 1``;
- chunk ``i`` draws from ``numpy.random.Generator(PCG64(SeedSequence(seed).spawn(n)[i]))``, in
  monte_carlo's order within the chunk: the factor groups once, then the activity groups year by
  year (groups sorted by distribution and id, so the row order of the tables does not matter).

Child ``i`` of a SeedSequence does not depend on how many children are spawned, so a chunk's
numbers depend only on (inputs, seed, chunk, i): more draws with the same chunk size append draws
and leave the earlier ones unchanged. A different chunk size gives different (equally valid) draws;
the cube is not the same stream as monte_carlo's single ``PCG64(seed)`` either.

The dask cube runs the same chunk function in one task per chunk, so its computed values are
bit-identical to the in-memory cube on the same machine and numpy build (numpy's SIMD exp/log may
differ in the last bit between CPU generations, which matters only on a mixed cluster).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from ghg.province.monte_carlo import (
    DrawModel,
    MonteCarloResult,
    draw_model,
    sector_draws,
    summarise,
)
from ghg.province.uncertainty import UncertaintyInputError, cell_matrix, pick_years

DIMS = ("draw", "sector", "year")
SCHEME = ("chunk i of ceil(draws/chunk): Generator(PCG64(SeedSequence(seed).spawn(n_chunks)[i])); "
          "factor groups once, then activity groups year by year")


def chunk_draws(model: DrawModel, draws: int, seed_seq: np.random.SeedSequence) -> np.ndarray:
    """One chunk of the cube, draws x sectors x years (t CO2e); Vol 1 ch 3 §3.2.3, Approach 2.

    Pure apart from the generator it seeds from ``seed_seq``; runs in a dask task as it is.
    """
    rng = np.random.Generator(np.random.PCG64(seed_seq))
    return np.ascontiguousarray(sector_draws(rng, draws, model).transpose(0, 2, 1))


def _plan(inventory: pd.DataFrame, uncertainty: pd.DataFrame, draws: int, seed: int,
          chunk: int) -> tuple[DrawModel, list[tuple[int, int, np.random.SeedSequence]],
                               xr.DataArray]:
    """Draw model, chunks (start, stop, seed sequence) and an empty cube holding the coordinates."""
    if draws < 2:
        raise UncertaintyInputError("draws must be at least 2")
    if chunk < 1:
        raise UncertaintyInputError("chunk must be at least 1 draw")
    cells = cell_matrix(inventory, uncertainty)
    model, sector_ids = draw_model(cells)
    starts = range(0, draws, chunk)
    children = np.random.SeedSequence(seed).spawn(len(starts))
    chunks = [(a, min(a + chunk, draws), s) for a, s in zip(starts, children, strict=True)]
    template = xr.DataArray(
        np.empty((0, len(sector_ids), len(cells.years))), dims=DIMS,
        coords={"sector": sector_ids.astype(object), "year": cells.years,
                # point estimates, so that intervals() needs nothing but the cube
                "estimate_t": (("sector", "year"), (cells.emissions.T @ model.onehot).T),
                "total_estimate_t": ("year", cells.emissions.sum(axis=0))},
        attrs={"units": "t CO2e", "seed": seed, "chunk": chunk, "random_stream": SCHEME},
        name="co2e_t")
    return model, chunks, template


def _with_draws(template: xr.DataArray, data) -> xr.DataArray:
    coords = {name: template.coords[name] for name in template.coords}
    return xr.DataArray(data, dims=DIMS, coords={**coords, "draw": np.arange(data.shape[0])},
                        attrs=template.attrs, name=template.name)


def draws_cube(inventory: pd.DataFrame, uncertainty: pd.DataFrame, draws: int = 10_000,
               seed: int = 0, chunk: int = 1000) -> xr.DataArray:
    """Monte Carlo draws of every sector and year (t CO2e), in memory, built chunk by chunk.

    Dims (draw, sector, year); coordinates ``estimate_t`` (sector, year) and ``total_estimate_t``
    (year) hold the point estimates. See the module docstring for the random stream.
    """
    model, chunks, template = _plan(inventory, uncertainty, draws, seed, chunk)
    out = np.empty((draws, template.sizes["sector"], template.sizes["year"]))
    for start, stop, seed_seq in chunks:  # chunks of draws, not data rows
        out[start:stop] = chunk_draws(model, stop - start, seed_seq)
    return _with_draws(template, out)


def draws_cube_dask(inventory: pd.DataFrame, uncertainty: pd.DataFrame, draws: int = 10_000,
                    seed: int = 0, chunk: int = 1000) -> xr.DataArray:
    """The cube of :func:`draws_cube` backed by a lazy dask array, one block (task) per chunk.

    Nothing is drawn until ``.compute()`` (or ``.values``), which runs on the active dask
    scheduler, e.g. a ``dask.distributed.Client``; the values are those of :func:`draws_cube`.
    """
    import dask
    import dask.array as da

    model, chunks, template = _plan(inventory, uncertainty, draws, seed, chunk)
    shared = dask.delayed(model, traverse=False)  # one graph key, shipped once per worker
    shape = (template.sizes["sector"], template.sizes["year"])
    blocks = [da.from_delayed(dask.delayed(chunk_draws, pure=True)(shared, stop - start, s),
                              shape=(stop - start, *shape), dtype=float)
              for start, stop, s in chunks]
    return _with_draws(template, da.concatenate(blocks, axis=0))


def intervals(cube: xr.DataArray, base_year: int | None = None,
              latest_year: int | None = None) -> MonteCarloResult:
    """95% intervals (2.5/97.5 percentiles) of the total, each sector and the trend of a cube.

    Same frames and columns as :func:`ghg.province.monte_carlo.monte_carlo`; a dask cube is
    computed here. Years default to the first and last of the cube.
    """
    years = cube["year"].to_numpy().astype(int)
    base, latest = pick_years(years, base_year, latest_year)
    by_sector = np.asarray(cube.transpose("draw", "year", "sector").values)
    return summarise(by_sector, cube["estimate_t"].transpose("year", "sector").to_numpy(),
                     cube["total_estimate_t"].to_numpy(), cube["sector"].to_numpy(), years,
                     base, latest, int(cube.attrs.get("seed", -1)))
