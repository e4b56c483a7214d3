"""Assembling results: per-row emissions → the emissions table, the provincial cube, provenance."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.calculate import GASES, Calculation, calculate
from ghg.codes import alphabetical
from ghg.config import InventoryConfig
from ghg.factors.library import FactorLibrary, load_library
from ghg.factors.resolve import YearFallback
from ghg.inputs import Inputs, read_inputs
from ghg.provenance import build_provenance
from ghg.sector_run import SectorResult, energy_mask, run_sectors
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
    sectors: SectorResult | None = field(default=None, repr=False)
    frame: pd.DataFrame | None = field(default=None, repr=False)  # every input row

    @property
    def all_rows(self) -> pd.DataFrame:
        """Every input row (energy and sector rows); ``calculation.frame`` has the energy rows."""
        return self.frame if self.frame is not None else self.calculation.frame

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
            gwp: str | None = None, *, grid_ef_fallback: YearFallback | None = None,
            sum_duplicates: bool = False, tables: dict[str, pd.DataFrame] | None = None,
            config: InventoryConfig | None = None) -> Result:
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
        it; ``"none"`` makes such a year an error. Default: the inventory's
        ``grid_ef_fallback``, else ``"none"``.
    sum_duplicates
        Add up rows with the same source, year, category, activity and unit instead of refusing.
    tables
        Inventory-level tables for sector methods when ``activity`` is a DataFrame or a single
        file (e.g. ``{"manure_systems": frame}``); an inventory folder reads its own.
    config
        Inventory metadata (climate zone, IPCC region, years ...) for a DataFrame or a single
        file; an inventory folder reads its ``inventory.toml``.

    Examples
    --------
    >>> table = pd.DataFrame({"source_id": ["F1"], "year": [2020], "category": ["1.A.2"],
    ...                       "activity": ["diesel"], "amount": [1000.0], "unit": ["t"]})
    >>> result = compute(table, gwp="AR5")
    >>> result.emissions[["gas", "emissions_t"]].round(4).values.tolist()
    [['CO2', 3186.3], ['CH4', 0.129], ['N2O', 0.0258]]
    """
    inputs = read_inputs(activity, sum_duplicates=sum_duplicates)
    if tables or config is not None:
        inputs = replace(inputs, tables={**inputs.tables, **_text_tables(tables or {})},
                         config=config or inputs.config)
    return compute_inputs(inputs, factors, gwp, grid_ef_fallback=grid_ef_fallback,
                          sum_duplicates=sum_duplicates)


def compute_inputs(inputs: Inputs, factors: list[str] | None = None, gwp: str | None = None, *,
                   grid_ef_fallback: YearFallback | None = None, sum_duplicates: bool = False
                   ) -> Result:
    """:func:`compute` on inputs already read and validated."""
    config = inputs.config
    set_names = factors or (config.factors if config else None)
    library = load_library(set_names, local=inputs.local_factors)
    gwp_name = (gwp or (config.gwp if config else None) or DEFAULT_GWP).strip().upper()
    gwp_context(gwp_name)
    # An inventory may record the fallback as its owner's decision; a caller's choice wins.
    fallback: YearFallback = grid_ef_fallback or (config.grid_ef_fallback if config else "none")
    frame = inputs.frame
    energy = energy_mask(frame)
    sectors = None
    if not energy.all():
        sectors = run_sectors(frame, library, config, inputs.tables)
        frame = frame.loc[energy].reset_index(drop=True)
    calculation = calculate(frame, library, fallback)
    emissions, biogenic = emission_tables(calculation, gwp_name)
    if sectors is not None:
        emissions, biogenic = merge_sector_emissions(emissions, biogenic, sectors.records,
                                                     inputs.frame, gwp_name)
    provenance = build_provenance(inputs, library, gwp_name, calculation, emissions,
                                  options={"grid_ef_fallback": fallback,
                                           "sum_duplicates": sum_duplicates,
                                           "factors": list(set_names) if set_names else None},
                                  sectors=sectors)
    return Result(emissions, biogenic, provenance, calculation, library, gwp_name, sectors,
                  inputs.frame)


def _text_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Caller-given tables in the form read from files: text cells, ``file`` and ``line``."""
    out = {}
    for name, table in tables.items():
        if {"file", "line"} <= set(table.columns):  # already read from a file: keep its lines
            out[name] = table
            continue
        text = table.astype(str).apply(lambda column: column.str.strip())
        text.columns = [str(c).strip().lower() for c in text.columns]
        out[name] = text.assign(file=f"<{name}>", line=np.arange(2, len(text) + 2))
    return out


def merge_sector_emissions(energy: pd.DataFrame, energy_memo: pd.DataFrame,
                           records: pd.DataFrame, frame: pd.DataFrame, gwp: str
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the sector records to the energy emission tables (same columns, same order).

    Records are summed per (source, year, category, gas) as scope 1; biogenic CO2 records go to
    the memo table. Sector and energy rows of one key are added together, never duplicated.
    """
    source = frame["source_id"].astype(str).to_numpy(dtype=object)[records["row"].to_numpy()]
    keyed = records.assign(source_id=source, scope=np.int8(1))
    memo = keyed["biogenic"].to_numpy(dtype=bool)
    return (_combine(energy, keyed.loc[~memo], gwp), _combine(energy_memo, keyed.loc[memo], gwp))


def _combine(table: pd.DataFrame, records: pd.DataFrame, gwp: str) -> pd.DataFrame:
    if records.empty:
        return table
    keys = ["source_id", "year", "category", "scope", "gas"]
    both = pd.concat([table[[*keys, "emissions_t"]].astype({"source_id": str, "category": str,
                                                             "gas": str}),
                      records[[*keys, "emissions_t"]]], ignore_index=True)
    both["gas_order"] = both["gas"].map({g: i for i, g in enumerate(GASES)})
    summed = (both.groupby(["source_id", "year", "category", "scope", "gas_order"], sort=True)
              ["emissions_t"].sum().reset_index())
    gwps = np.array([gwp100(gwp, g) for g in GASES])
    gas_code = summed["gas_order"].to_numpy()
    out = pd.DataFrame({
        "source_id": pd.Categorical(summed["source_id"]),
        "year": summed["year"].astype(np.int32),
        "category": pd.Categorical(summed["category"]),
        "scope": summed["scope"].astype(np.int8),
        "gas": pd.Categorical.from_codes(gas_code.astype(np.int8), categories=list(GASES)),
        "emissions_t": summed["emissions_t"].to_numpy(dtype=float),
    })
    out["co2e_t"] = out["emissions_t"].to_numpy() * gwps[gas_code]
    return out


def emission_tables(calculation: Calculation, gwp: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum per-row emissions to one row per (source, year, category, scope, gas).

    Each row gets one int64 group code whose order is the output order (source and category
    codes are renumbered alphabetically first), so grouping is a sort check, a cumulative sum and
    one ``np.bincount`` per gas, and the result needs no sort. Biogenic CO2 goes to the second
    table. Output order: source_id, year, category, scope, then CO2, CH4, N2O.
    """
    frame = calculation.frame
    source_rank, source_names = alphabetical(frame["source_id"])
    category_rank, category_names = alphabetical(frame["category"])
    year = frame["year"].to_numpy().astype(np.int64)
    year0 = int(year.min()) if len(year) else 0
    n_year = int(year.max()) - year0 + 1 if len(year) else 1
    n_cat = len(category_names)
    group = (((source_rank * n_year + (year - year0)) * n_cat + category_rank) * 2
             + calculation.scope - 1)
    counted = ~np.isnan(calculation.emissions)
    biogenic_co2 = counted[0] & calculation.biogenic
    counted[0] &= ~calculation.biogenic
    layout = _Layout(source_names, category_names, year0, n_year, n_cat, gwp)
    memo_rows = np.flatnonzero(biogenic_co2)
    memo = _sum_groups(group[memo_rows], calculation.emissions[:1, memo_rows],
                       biogenic_co2[memo_rows][None, :], layout)
    return _sum_groups(group, calculation.emissions, counted, layout), memo


@dataclass(frozen=True)
class _Layout:
    sources: np.ndarray
    categories: np.ndarray
    year0: int
    n_year: int
    n_cat: int
    gwp: str


def _sum_groups(group: np.ndarray, emissions: np.ndarray, counted: np.ndarray,
                layout: _Layout) -> pd.DataFrame:
    """Group rows by ``group`` code and sum each gas over the rows where it is ``counted``."""
    order = None
    if len(group) and not bool((group[1:] >= group[:-1]).all()):
        order = np.argsort(group)  # only the codes are sorted; rows stay where they are
        group = group[order]
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    sorted_row_group = np.cumsum(first) - 1
    n_groups = int(sorted_row_group[-1]) + 1 if len(group) else 0
    if order is None:
        row_group = sorted_row_group
    else:
        row_group = np.empty_like(sorted_row_group)
        row_group[order] = sorted_row_group
    n_gas = emissions.shape[0]
    sums = np.zeros((n_groups, len(GASES)))
    present = np.zeros((n_groups, len(GASES)), dtype=bool)
    for gas in range(n_gas):  # three gases, each a whole-column bincount
        weights = np.where(counted[gas], emissions[gas], 0.0)
        sums[:, gas] = np.bincount(row_group, weights=weights, minlength=n_groups)
        present[:, gas] = np.bincount(row_group[counted[gas]], minlength=n_groups) > 0
    cell = np.flatnonzero(present)  # row-major: group order, then CO2, CH4, N2O
    out_group, gas_code = np.divmod(cell, len(GASES))
    code = group[first]  # decode once per group, then repeat for its gases
    scope = (code % 2 + 1).astype(np.int8)
    code //= 2
    category = (code % layout.n_cat).astype(np.int32)
    code //= layout.n_cat
    year = (code % layout.n_year + layout.year0).astype(np.int32)
    source = (code // layout.n_year).astype(np.int32)
    values = sums.ravel()[cell]
    gwps = np.array([gwp100(layout.gwp, gas) for gas in GASES])

    def categorical(codes: np.ndarray, names: np.ndarray | list[str]) -> pd.Categorical:
        # Codes come from ranks of these very categories: no need to validate them again.
        return pd.Categorical.from_codes(codes, categories=names, validate=False)

    columns = {
        "source_id": categorical(source[out_group], layout.sources),
        "year": year[out_group],
        "category": categorical(category[out_group], layout.categories),
        "scope": scope[out_group],
        "gas": categorical(gas_code.astype(np.int8), list(GASES)),
        "emissions_t": values,
        "co2e_t": values * gwps[gas_code],
    }
    return pd.DataFrame(columns, copy=False)  # the arrays are fresh: no need to copy them
