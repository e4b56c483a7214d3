"""Assembling results: per-row emissions → the emissions table, the provincial cube, provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.calculate import GASES, Calculation, calculate
from ghg.factors.library import FactorLibrary, load_library
from ghg.factors.resolve import YearFallback
from ghg.inputs import Inputs, read_inputs
from ghg.provenance import build_provenance
from ghg.units import DEFAULT_GWP, gwp100, gwp_context

if TYPE_CHECKING:
    import xarray as xr

#: Columns of ``emissions.csv``, in this order (DESIGN §3.3).
EMISSION_COLUMNS = ["source_id", "year", "category", "scope", "gas", "emissions_t", "co2e_t"]


@dataclass
class Result:
    """Emissions of one run, with everything needed to explain and reproduce them.

    Attributes
    ----------
    emissions
        One row per source, year, category, scope and gas (DESIGN §3.3 columns). Biogenic CO2 is
        not in it.
    biogenic_co2
        Memo item: CO2 from biomass fuels, same columns, never part of totals.
    provenance
        Factor-set hashes, GWP set, package version, inputs, options, fallbacks and row counts.
    """

    emissions: pd.DataFrame
    biogenic_co2: pd.DataFrame
    provenance: dict
    calculation: Calculation = field(repr=False)
    library: FactorLibrary = field(repr=False)
    gwp: str = DEFAULT_GWP

    @cached_property
    def cube(self) -> xr.Dataset:
        """Emissions summed over sources: ``scope × category × gas × year`` (× ``region``).

        Scope 1 is the territorial inventory; scope 2 (purchased electricity) is kept apart so
        it is never added to territorial totals.
        """
        from ghg.cube import emissions_cube

        return emissions_cube(self)

    @cached_property
    def detail(self) -> pd.DataFrame:
        """One row per input row and gas: the amount, each factor, its source and the result."""
        from ghg.explain import calculation_table

        return calculation_table(self)

    def explain(self, source_id: str, year: int, category: str | None = None) -> str:
        """The calculation chain behind the numbers of one source and year, as text."""
        from ghg.explain import explain

        return explain(self, source_id, year, category)


def compute(activity: str | Path | pd.DataFrame, factors: list[str] | None = None,
            gwp: str | None = None, *, grid_ef_fallback: YearFallback = "none",
            sum_duplicates: bool = False) -> Result:
    """Compute emissions from an activity table, an inventory folder or a DataFrame.

    Parameters
    ----------
    activity
        Inventory folder, CSV/XLSX activity table, or DataFrame with the DESIGN §3.1 columns.
    factors
        Factor sets in precedence order (first wins); default: the inventory's, else
        ``["vn", "ipcc2006", "density"]``. An inventory's ``factors/`` folder always comes first.
    gwp
        ``"AR4"``, ``"AR5"`` or ``"AR6"`` (GWP100); default: the inventory's, else AR5.
    grid_ef_fallback
        ``"latest"`` uses the latest earlier published factor for a year without one, and flags
        it; ``"none"`` (default) makes such a year an error.
    sum_duplicates
        Add up rows with the same source, year, category, activity and unit instead of refusing.

    Examples
    --------
    >>> table = pd.DataFrame({"source_id": ["F1"], "year": [2020], "category": ["1.A.2"],
    ...                       "activity": ["diesel"], "amount": [1000.0], "unit": ["t"]})
    >>> result = compute(table, gwp="AR5")
    >>> result.emissions[["gas", "emissions_t"]].round(4).values.tolist()
    [['CO2', 3186.3], ['CH4', 0.129], ['N2O', 0.0258]]
    """
    inputs = read_inputs(activity, sum_duplicates=sum_duplicates)
    return compute_inputs(inputs, factors, gwp, grid_ef_fallback=grid_ef_fallback,
                          sum_duplicates=sum_duplicates)


def compute_inputs(inputs: Inputs, factors: list[str] | None = None, gwp: str | None = None, *,
                   grid_ef_fallback: YearFallback = "none", sum_duplicates: bool = False
                   ) -> Result:
    """:func:`compute` on inputs already read and validated."""
    config = inputs.config
    set_names = factors or (config.factors if config else None)
    library = load_library(set_names, local=inputs.local_factors)
    gwp_name = (gwp or (config.gwp if config else None) or DEFAULT_GWP).strip().upper()
    gwp_context(gwp_name)
    calculation = calculate(inputs.frame, library, grid_ef_fallback)
    emissions, biogenic = emission_tables(calculation, gwp_name)
    provenance = build_provenance(inputs, library, gwp_name, calculation, emissions,
                                  options={"grid_ef_fallback": grid_ef_fallback,
                                           "sum_duplicates": sum_duplicates})
    return Result(emissions, biogenic, provenance, calculation, library, gwp_name)


def emission_tables(calculation: Calculation, gwp: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum per-row emissions to one row per (source, year, category, scope, gas).

    Rows are grouped by integer codes (one factorize, then ``np.bincount`` per gas). Biogenic CO2
    goes to the second table. Output order: source_id, year, category, scope, then CO2, CH4, N2O.
    """
    frame = calculation.frame
    source = frame["source_id"].cat.codes.to_numpy().astype(np.int64)
    category = frame["category"].cat.codes.to_numpy().astype(np.int64)
    year = frame["year"].to_numpy().astype(np.int64)
    year0 = int(year.min()) if len(year) else 0
    n_cat, n_year = len(frame["category"].cat.categories), int(year.max() - year0 + 1)
    combined = ((source * n_year + (year - year0)) * n_cat + category) * 2 + calculation.scope - 1
    group, uniques = pd.factorize(combined, sort=True)
    n_groups = len(uniques)
    tables = []
    for biogenic_table in (False, True):
        parts = []
        for index, gas in enumerate(GASES):
            values = calculation.emissions[index]
            applies = ~np.isnan(values)
            if biogenic_table:
                applies &= calculation.biogenic if gas == "CO2" else False
            elif gas == "CO2":
                applies &= ~calculation.biogenic
            counts = np.bincount(group, weights=applies, minlength=n_groups)
            sums = np.bincount(group, weights=np.where(applies, values, 0.0), minlength=n_groups)
            present = np.flatnonzero(counts > 0)
            parts.append((gas, present, sums[present]))
        tables.append(_emission_table(frame, uniques, parts, n_cat, n_year, year0, gwp))
    return tables[0], tables[1]


def _emission_table(frame: pd.DataFrame, uniques: np.ndarray,
                    parts: list[tuple[str, np.ndarray, np.ndarray]], n_cat: int, n_year: int,
                    year0: int, gwp: str) -> pd.DataFrame:
    groups = np.concatenate([p[1] for p in parts]).astype(np.int64)
    gas_code = np.concatenate([np.full(len(p[1]), i, dtype=np.int8) for i, p in enumerate(parts)])
    values = np.concatenate([p[2] for p in parts])
    key = uniques[groups]
    scope = key % 2 + 1
    key //= 2
    category = key % n_cat
    key //= n_cat
    year = key % n_year + year0
    source = key // n_year
    sources = frame["source_id"].cat.categories
    categories = frame["category"].cat.categories
    # Sort by the text of source and category, not by code, so output order is stable.
    source_rank = np.argsort(np.argsort(np.asarray(sources, dtype=str)))
    category_rank = np.argsort(np.argsort(np.asarray(categories, dtype=str)))
    order = np.lexsort((gas_code, scope, category_rank[category], year, source_rank[source]))
    gwps = np.array([gwp100(gwp, gas) for gas in GASES])
    table = pd.DataFrame({
        "source_id": np.asarray(sources, dtype=object)[source[order]],
        "year": year[order].astype(np.int32),
        "category": np.asarray(categories, dtype=object)[category[order]],
        "scope": scope[order].astype(np.int8),
        "gas": np.asarray(GASES, dtype=object)[gas_code[order]],
        "emissions_t": values[order],
        "co2e_t": values[order] * gwps[gas_code[order]],
    })
    return table
