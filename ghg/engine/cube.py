"""The provincial view: emissions summed over sources as a dense xarray cube."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.core.codes import alphabetical
from ghg.core.schema import GASES

if TYPE_CHECKING:
    import xarray as xr

    from ghg.engine.result import Result


def emissions_cube(result: Result) -> xr.Dataset:
    """``emissions_t`` and ``co2e_t`` over ``scope × category × gas × year`` (× ``region``).

    Built from per-row results with integer codes and one ``np.bincount`` per gas into the small
    dense cube, so a ``region`` column in the input becomes a dimension at no extra cost.
    Biogenic CO2 is left out (memo item). Categories and years are those present in the data.
    """
    import xarray as xr

    scope, category, year, region, gas, value = _flat_emissions(result)
    axes = {
        "scope": (scope.astype(np.int64) - 1, np.array([1, 2], dtype=np.int8)),
        "category": alphabetical(category),
        "year": _years(year),
    }
    if (region.astype(str) != "").any():
        axes["region"] = alphabetical(region)
    shape = tuple(len(labels) for _, labels in axes.values())
    cell = np.ravel_multi_index(tuple(codes for codes, _ in axes.values()), shape)
    n_cells = int(np.prod(shape))
    data = np.stack([
        np.bincount(cell[gas == g], weights=value[gas == g], minlength=n_cells).reshape(shape)
        for g in range(len(GASES))
    ], axis=2)  # gas goes after scope and category
    dims = ["scope", "category", "gas", *list(axes)[2:]]
    coords = {name: labels for name, (_, labels) in axes.items()}
    coords["gas"] = np.array(GASES)
    cube = xr.DataArray(data, dims=dims, coords=coords)
    has_rows = {name: np.bincount(codes, minlength=len(labels)) > 0
                for name, (codes, labels) in axes.items() if name in ("scope", "category")}
    gas_used = np.bincount(gas, minlength=len(GASES)) > 0
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


def _flat_emissions(result: Result) -> tuple[np.ndarray, pd.Series, np.ndarray, pd.Series,
                                             np.ndarray, np.ndarray]:
    """Every counted emission as flat arrays: scope, category, year, region, gas code, tonnes.

    Energy rows give one entry per row and gas emitted; sector records one entry each. Biogenic
    CO2 (memo) is left out. Category and region stay categorical (codes, not strings).
    """
    calc = result.calculation
    frame = calc.frame
    counted = ~np.isnan(calc.emissions)
    counted[0] &= ~calc.biogenic
    gas_index, row = np.nonzero(counted)
    scope = calc.scope[row]
    category = frame["category"].iloc[row].reset_index(drop=True)
    year = frame["year"].to_numpy()[row].astype(np.int64)
    region = frame["region"].iloc[row].reset_index(drop=True)
    value = calc.emissions[gas_index, row]
    if result.sectors is None or not len(result.sectors.records):
        return scope, category, year, region, gas_index.astype(np.int64), value
    records = result.sectors.records
    records = records.loc[~records["biogenic"].to_numpy(dtype=bool)]
    origin = records["row"].to_numpy()
    return (np.concatenate([scope, np.ones(len(records), dtype=np.int8)]),
            _joined(category, records["category"]),
            np.concatenate([year, records["year"].to_numpy(dtype=np.int64)]),
            _joined(region, result.all_rows["region"].iloc[origin]),
            np.concatenate([gas_index, records["gas"].map(
                {g: i for i, g in enumerate(GASES)}).to_numpy(dtype=np.int64)]),
            np.concatenate([value, records["emissions_t"].to_numpy(dtype=float)]))


def _joined(first: pd.Series, second: pd.Series) -> pd.Series:
    """Two text columns end to end, as one categorical."""
    first, second = (part.astype(object).fillna("").astype(str) for part in (first, second))
    names = pd.Index(first.unique()).union(pd.Index(second.unique()))
    codes = [pd.Categorical(part, categories=names).codes for part in (first, second)]
    return pd.Series(pd.Categorical.from_codes(np.concatenate(codes), categories=names))


def _years(year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first = int(year.min())
    return year.astype(np.int64) - first, np.arange(first, int(year.max()) + 1, dtype=np.int32)
