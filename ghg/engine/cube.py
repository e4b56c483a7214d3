"""The provincial view: emissions summed over sources as a dense cube (numpy arrays, wrapped in
xarray for :attr:`ghg.Result.cube`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd

from ghg.core.codes import alphabetical
from ghg.core.schema import GASES

if TYPE_CHECKING:
    import xarray as xr

    from ghg.engine.result import Result


@dataclass(frozen=True)
class CubeArrays:
    """The cube as plain numpy arrays (what :func:`emissions_cube` wraps in xarray, and what
    ``emissions.nc`` is written from without importing xarray)."""

    dims: tuple[str, ...]  # of both variables: scope, category, gas, year (, region)
    coords: dict[str, np.ndarray]  # in dataset order: scope, category, year, (region,) gas
    emissions_t: np.ndarray
    co2e_t: np.ndarray
    attrs: dict[str, str]

    #: Attributes of the variables and coordinates.
    var_attrs: ClassVar[dict[str, dict[str, str]]] = {
        "emissions_t": {"units": "t", "long_name": "emissions, tonnes of each gas"},
        "category": {"terminology": "IPCC2006"},
        "scope": {"meaning": "1 direct (territorial), 2 purchased electricity"},
    }

    def co2e_attrs(self) -> dict[str, str]:
        return {"units": "t CO2e",
                "long_name": f"CO2-equivalent emissions ({self.attrs['gwp']} GWP100)"}


@dataclass(frozen=True)
class PollutantArrays:
    """Air pollutants summed over sources: ``pollutant_category × pollutant × pollutant_year``
    (their own dimensions: pollutants are never added to the GHG cube's gases)."""

    dims: tuple[str, ...]
    coords: dict[str, np.ndarray]
    emissions_t: np.ndarray

    #: Attributes of the variable.
    attrs: ClassVar[dict[str, str]] = {
        "units": "t",
        "long_name": "air pollutant emissions, tonnes (EMEP/EEA guidebook 2023 Tier 1); "
                     "not part of any GHG total"}


def pollutant_arrays(result: Result) -> PollutantArrays | None:
    """The pollutant variable of the cube; ``None`` when the run has no pollutant (a NetCDF 3
    dimension of length 0 would be read as the unlimited one)."""
    from ghg.factors.pollutants import POLLUTANTS

    table = result.pollutants.table
    if not len(table):
        return None
    cat_codes, categories = alphabetical(table["category"].astype("category"))
    present = [p for p in POLLUTANTS if p in set(table["pollutant"])]
    pol_codes = pd.Index(present).get_indexer(table["pollutant"])
    year_codes, years = _years(table["year"].to_numpy())
    shape = (len(categories), len(present), len(years))
    cell = np.ravel_multi_index((cat_codes, pol_codes, year_codes), shape)
    data = np.bincount(cell, weights=table["emissions_t"].to_numpy(dtype=float),
                       minlength=int(np.prod(shape))).reshape(shape)
    return PollutantArrays(("pollutant_category", "pollutant", "pollutant_year"),
                           {"pollutant_category": categories.astype(str),
                            "pollutant": np.array(present, dtype=str),
                            "pollutant_year": years}, data)


def emissions_cube(result: Result) -> xr.Dataset:
    """``emissions_t`` and ``co2e_t`` over ``scope × category × gas × year`` (× ``region``).

    Scope 1 is the territorial inventory; scope 2 (purchased electricity) is kept apart. See
    :func:`cube_arrays` for how it is built.
    """
    import xarray as xr

    arrays = cube_arrays(result)
    air = pollutant_arrays(result)
    coords = {**arrays.coords, **(air.coords if air is not None else {})}
    dataset = xr.Dataset(coords=coords)  # coordinates first, as xarray users saw them
    dataset["emissions_t"] = (arrays.dims, arrays.emissions_t)
    dataset["co2e_t"] = (arrays.dims, arrays.co2e_t)
    if air is not None:
        dataset["pollutant_emissions_t"] = (air.dims, air.emissions_t)
        dataset["pollutant_emissions_t"].attrs = dict(air.attrs)
    dataset["emissions_t"].attrs = dict(arrays.var_attrs["emissions_t"])
    dataset["co2e_t"].attrs = arrays.co2e_attrs()
    dataset["category"].attrs = dict(arrays.var_attrs["category"])
    dataset["scope"].attrs = dict(arrays.var_attrs["scope"])
    dataset.attrs = dict(arrays.attrs)
    return dataset


def cube_arrays(result: Result) -> CubeArrays:
    """The cube's labels and values, from per-row results with integer codes and one
    ``np.bincount`` per gas into the small dense cube, so a ``region`` column in the input
    becomes a dimension at no extra cost. Biogenic CO2 is left out (memo item). Scopes,
    categories and gases are those present in the data; years run from the first to the last.
    """
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
    coords = {name: labels for name, (_, labels) in axes.items()}
    coords["gas"] = np.array(GASES)
    kept = {name: np.bincount(codes, minlength=len(labels)) > 0
            for name, (codes, labels) in axes.items() if name in ("scope", "category")}
    kept["gas"] = np.bincount(gas, minlength=len(GASES)) > 0
    data = data[kept["scope"]][:, kept["category"]][:, :, kept["gas"]]
    for name, keep in kept.items():
        coords[name] = coords[name][keep]
    # the gases present, in their own width (a run without F-gases keeps its 3-letter names)
    coords["gas"] = np.array(coords["gas"].tolist())
    gwp = result.provenance["gwp"]["values"]
    gwps = np.array([gwp[g] for g in coords["gas"]]).reshape((1, 1, -1) + (1,) * (data.ndim - 3))
    attrs = {"gwp": result.gwp, "gwp_context": result.provenance["gwp"]["context"],
             "ghg_version": result.provenance["ghg_version"],
             "factor_sets": ", ".join(f"{s['name']}:{s['sha256'][:12]}"
                                      for s in result.provenance["factor_sets"]),
             "note": "biogenic CO2 excluded (memo item)"}
    return CubeArrays(dims=("scope", "category", "gas", *list(axes)[2:]), coords=coords,
                      emissions_t=data, co2e_t=data * gwps, attrs=attrs)


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
    """Two text columns end to end, as one categorical of the texts present (missing: ``''``).

    Each side is codes into its distinct texts (a categorical's own), so the union and the
    renumbering are per distinct text, not per entry."""
    sides = [_text_codes(part) for part in (first, second)]
    names = pd.Index(np.unique(np.concatenate([texts[np.unique(codes)] for codes, texts
                                                in sides]).astype(str)))
    codes = [names.get_indexer(texts)[codes] for codes, texts in sides]
    return pd.Series(pd.Categorical.from_codes(np.concatenate(codes), categories=names))


def _text_codes(part: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the distinct texts of ``part`` (a missing value is the last text, ``''``)."""
    if isinstance(part.dtype, pd.CategoricalDtype):
        codes, names = part.cat.codes.to_numpy(), part.cat.categories
    else:
        codes, names = pd.factorize(part.to_numpy(dtype=object))
    texts = np.append(np.asarray(names, dtype=object).astype(str), "")
    return np.where(codes < 0, len(texts) - 1, codes), texts


def _years(year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first = int(year.min())
    return year.astype(np.int64) - first, np.arange(first, int(year.max()) + 1, dtype=np.int32)
