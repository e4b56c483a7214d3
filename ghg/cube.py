"""The provincial view: emissions summed over sources as a dense xarray cube."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.calculate import GASES

if TYPE_CHECKING:
    import xarray as xr

    from ghg.inventory import Result


def emissions_cube(result: Result) -> xr.Dataset:
    """``emissions_t`` and ``co2e_t`` over ``scope × category × gas × year`` (× ``region``).

    Built from per-row results, so a ``region`` column in the input becomes a dimension.
    """
    import xarray as xr

    calc = result.calculation
    frame = calc.frame
    dims = ["scope", "category", "gas", "year"]
    columns = {"scope": calc.scope, "category": frame["category"].to_numpy(dtype=object),
               "year": frame["year"].to_numpy()}
    has_region = (frame["region"].astype(str) != "").any()
    if has_region:
        dims.append("region")
        columns["region"] = frame["region"].to_numpy(dtype=object)
    parts = []
    for index, gas in enumerate(GASES):
        values = calc.emissions[index]
        counted = ~np.isnan(values) & ~(calc.biogenic & (gas == "CO2"))
        part = pd.DataFrame({k: v[counted] for k, v in columns.items()})
        part["gas"] = gas
        part["emissions_t"] = values[counted]
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    summed = long.groupby(dims, sort=True)["emissions_t"].sum()
    cube = summed.to_xarray().fillna(0.0)
    cube = cube.reindex(gas=[g for g in GASES if g in cube["gas"].values])
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
