"""The emissions table as a primap2 dataset (data format of primap2 0.13 and 0.14).

Layout, field by field (primap2 ``docs/source/data_format/data_format_details.md``):

* dims ``time`` (1 January of each year, ``datetime64[ns]``), ``area (ISO3)`` or
  ``area (ISO3166-2)``, ``category (IPCC2006_PRIMAP)``, ``scope (GHGP)``, optionally
  ``scenario (ghg)`` and ``provenance``, and ``source``; each of length 1 except time, category
  and scope.
* ``category (IPCC2006_PRIMAP)`` holds ghg's codes unchanged: ``1.A.3.b`` is the terminology's
  primary code (``1A3b`` is only an alternative code in climate-categories).
* ``scope (GHGP)`` is a secondary category (``"1"`` direct, ``"2"`` purchased electricity), so
  nothing is lost; select ``scope (GHGP)="1"`` for the territorial inventory and never add the
  two. primap2 0.13+ needs no ``sec_cats`` attr for it (older versions log a warning).
* one data variable per gas, ``t CH4 / year`` in the ``units`` attr (not quantified, as primap2
  stores data), and ``KYOTOGHG (AR5GWP100)`` in ``t CO2 / year`` with ``gwp_context``: the sum of
  ``co2e_t`` over the gases present (CO2, CH4, N2O only; the comment attr says so).
* attrs ``area``, ``cat``, ``scen`` (with a scenario) and ``comment``. NaN means no row in the
  table (primap2's "no data"); a reported zero stays zero.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import xarray as xr

from ghg.engine.formats.common import GASES, aggregate_sources, gwp_context

CATEGORY_DIM = "category (IPCC2006_PRIMAP)"
SCOPE_DIM = "scope (GHGP)"
SCENARIO_DIM = "scenario (ghg)"
PROVENANCES = ("measured", "projected", "derived")
COMMENT = ("Emissions from ghg, summed over sources. KYOTOGHG covers CO2, CH4 and N2O only "
           "(HFCs, PFCs, SF6 and NF3 not estimated). scope (GHGP): '1' direct (territorial), "
           "'2' purchased electricity (location-based; never add it to scope '1').")


def area_dimension(area: str) -> str:
    """The primap2 area dimension for a code: ``area (ISO3)`` for a country, e.g. ``VNM``;
    ``area (ISO3166-2)`` for a subdivision, e.g. ``VN-50`` (Ben Tre).

    primap2 checks only the ``area (<set>)`` form; climate-categories' ISO3 set has countries
    and country groups, no subdivisions, hence a set of its own for them.

    Examples
    --------
    >>> area_dimension("VNM"), area_dimension("VN-50")
    ('area (ISO3)', 'area (ISO3166-2)')
    """
    if re.fullmatch(r"[A-Z]{3}", area):
        return "area (ISO3)"
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", area):
        return "area (ISO3166-2)"
    raise ValueError(f"area {area!r}: expected an ISO 3166-1 alpha-3 code such as 'VNM' or an "
                     "ISO 3166-2 code such as 'VN-50'")


def to_primap2(emissions: pd.DataFrame, *, area: str, source: str, scenario: str | None = None,
               gwp: str, provenance: str | None = None) -> xr.Dataset:
    """The emissions table, summed over sources, as a primap2 dataset (module docstring).

    Parameters
    ----------
    emissions
        The emissions table (``EMISSION_COLUMNS``).
    area
        ISO 3166-1 alpha-3 code (``"VNM"``) or ISO 3166-2 code (``"VN-50"``); see
        :func:`area_dimension`.
    source
        primap2's short source identifier, e.g. ``"GHG-BENTRE-2026"``.
    scenario
        Adds a ``scenario (ghg)`` dimension of this one value.
    gwp
        The run's GWP set; names the ``KYOTOGHG`` variable and its ``gwp_context``.
    provenance
        Adds a ``provenance`` dimension: ``"measured"``, ``"projected"`` or ``"derived"``.

    Returns
    -------
    xarray.Dataset
        Not quantified: units in ``attrs`` (``ds.pr.quantify()`` attaches them).

    Examples
    --------
    >>> t = pd.DataFrame({"source_id": ["A", "B"], "year": [2020, 2020],
    ...                   "category": ["3.A.1"] * 2, "scope": [1, 1], "gas": ["CH4"] * 2,
    ...                   "emissions_t": [1.5, 2.0], "co2e_t": [42.0, 56.0]})
    >>> ds = to_primap2(t, area="VN-50", source="GHG-BENTRE", gwp="AR5")
    >>> list(ds.data_vars), ds["CH4"].attrs["units"], float(ds["CH4"].sum())
    (['CH4', 'KYOTOGHG (AR5GWP100)'], 't CH4 / year', 3.5)
    """
    context = gwp_context(gwp)
    if provenance is not None and provenance not in PROVENANCES:
        raise ValueError(f"provenance {provenance!r}: expected one of {', '.join(PROVENANCES)}")
    table = aggregate_sources(emissions, area)
    years = np.unique(table["year"])
    categories = np.unique(table["category"].to_numpy(dtype=str))
    scopes = np.unique(table["scope"])
    coords: dict[str, np.ndarray | list[str]] = {
        "time": np.array([f"{y}-01-01" for y in years], dtype="datetime64[ns]"),
        area_dimension(area): [area], CATEGORY_DIM: categories,
        SCOPE_DIM: [str(s) for s in scopes]}
    if scenario is not None:
        coords[SCENARIO_DIM] = [scenario]
    if provenance is not None:
        coords["provenance"] = [provenance]
    coords["source"] = [source]
    dims = list(coords)
    # Every variable spans all dims; rows absent from the table become NaN, primap2's "no data".
    index = pd.MultiIndex.from_product([years, categories, scopes])
    shape = tuple(len(values) for values in coords.values())
    keyed = table.set_index(["year", "category", "scope"])

    def cube(values: pd.Series) -> np.ndarray:
        return values.reindex(index).to_numpy(dtype=float).reshape(shape)

    data = {}
    for gas in GASES:
        rows = keyed[keyed["gas"] == gas]
        if len(rows):
            data[gas] = (dims, cube(rows["emissions_t"]),
                         {"entity": gas, "units": f"t {gas} / year"})
    kyoto = keyed.groupby(level=[0, 1, 2])["co2e_t"].sum()
    data[f"KYOTOGHG ({context})"] = (dims, cube(kyoto), {
        "entity": "KYOTOGHG", "gwp_context": context, "units": "t CO2 / year"})
    attrs = {"area": area_dimension(area), "cat": CATEGORY_DIM, "comment": COMMENT}
    if scenario is not None:
        attrs["scen"] = SCENARIO_DIM
    return xr.Dataset(data, coords=coords, attrs=attrs)
