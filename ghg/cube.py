"""The provincial view: emissions summed over sources as a dense xarray cube."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ghg.calculate import GASES
from ghg.codes import alphabetical

if TYPE_CHECKING:
    import xarray as xr

    from ghg.inventory import Result


def emissions_cube(result: Result) -> xr.Dataset:
    """``emissions_t`` and ``co2e_t`` over ``scope × category × gas × year`` (× ``region``).

    Built from per-row results with integer codes and one ``np.bincount`` per gas into the small
    dense cube, so a ``region`` column in the input becomes a dimension at no extra cost.
    Biogenic CO2 is left out (memo item). Categories and years are those present in the data.
    """
    import xarray as xr

    calc = result.calculation
    frame = calc.frame
    axes = {
        "scope": (calc.scope.astype(np.int64) - 1, np.array([1, 2], dtype=np.int8)),
        "category": alphabetical(frame["category"]),
        "year": _years(frame["year"].to_numpy()),
    }
    regions = frame["region"]
    if (regions.astype(str) != "").any():
        axes["region"] = alphabetical(regions)
    shape = tuple(len(labels) for _, labels in axes.values())
    cell = np.ravel_multi_index(tuple(codes for codes, _ in axes.values()), shape)
    counted = ~np.isnan(calc.emissions)
    counted[0] &= ~calc.biogenic
    data = np.stack([
        np.bincount(cell, weights=np.where(counted[g], calc.emissions[g], 0.0),
                    minlength=int(np.prod(shape))).reshape(shape)
        for g in range(len(GASES))
    ], axis=2)  # gas goes after scope and category
    dims = ["scope", "category", "gas", *list(axes)[2:]]
    coords = {name: labels for name, (_, labels) in axes.items()}
    coords["gas"] = np.array(GASES)
    cube = xr.DataArray(data, dims=dims, coords=coords)
    has_rows = {name: np.bincount(codes, minlength=len(labels)) > 0
                for name, (codes, labels) in axes.items() if name in ("scope", "category")}
    gas_used = counted.any(axis=1)
    cube = cube.isel(scope=has_rows["scope"], category=has_rows["category"], gas=gas_used)
    gwps = xr.DataArray([result.provenance["gwp"]["values"][g] for g in cube["gas"].values],
                        dims="gas", coords={"gas": cube["gas"].values})
    dataset = xr.Dataset({"emissions_t": cube, "co2e_t": cube * gwps})
    dataset["emissions_t"].attrs = {"units": "t", "long_name": "emissions, tonnes of each gas"}
    dataset["co2e_t"].attrs = {"units": "t CO2e",
                               "long_name": f"CO2-equivalent emissions ({result.gwp} GWP100)"}
    dataset["category"].attrs = {"terminology": "IPCC2006"}
    dataset["scope"].attrs = {"meaning": "1 direct (territorial), 2 purchased electricity"}
    dataset.attrs = {"gwp": result.gwp, "gwp_context": result.provenance["gwp"]["context"],
                     "ghg_version": result.provenance["ghg_version"],
                     "factor_sets": ", ".join(f"{s['name']}:{s['sha256'][:12]}"
                                              for s in result.provenance["factor_sets"]),
                     "note": "biogenic CO2 excluded (memo item)"}
    return dataset


def _years(year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first = int(year.min())
    return year.astype(np.int64) - first, np.arange(first, int(year.max()) + 1, dtype=np.int32)
