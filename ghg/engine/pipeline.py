"""The compute pipeline: read inputs, resolve factors, run the energy path and the sector methods,
sum the emissions table and record provenance, giving one :class:`~ghg.engine.result.Result`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.core.progress import phase
from ghg.core.schema import DEFAULT_GWP
from ghg.core.units import gwp_context
from ghg.engine.emissions import emission_tables, merge_sector_emissions
from ghg.engine.provenance import build_provenance
from ghg.engine.result import Result
from ghg.factors.library import load_library
from ghg.factors.resolve import YearFallback
from ghg.inputs.activity import energy_mask
from ghg.inputs.config import InventoryConfig
from ghg.inputs.folder import Inputs, read_inputs
from ghg.sectors.energy.method import calculate
from ghg.sectors.run import run_sectors

if TYPE_CHECKING:
    pass



def compute(activity: str | Path | pd.DataFrame, factors: list[str] | None = None,
            gwp: str | None = None, *, grid_ef_fallback: YearFallback | None = None,
            sum_duplicates: bool = False, tables: dict[str, pd.DataFrame] | None = None,
            config: InventoryConfig | None = None, number_format: str | None = None) -> Result:
    """Compute emissions from an activity table, an inventory folder or a DataFrame.

    Parameters
    ----------
    activity
        Inventory folder, CSV/XLSX activity table, or DataFrame with the columns of
        docs/contracts.md §1.
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
    number_format
        How numbers written as text are read: ``"vi"`` (1.234,5) or ``"en"`` (1,234.5); default:
        the inventory's ``number_format``, else none, so locale-dependent text is refused.

    Examples
    --------
    >>> table = pd.DataFrame({"source_id": ["F1"], "year": [2020], "category": ["1.A.2"],
    ...                       "activity": ["diesel"], "amount": [1000.0], "unit": ["t"]})
    >>> result = compute(table, gwp="AR5")
    >>> result.emissions[["gas", "emissions_t"]].round(4).values.tolist()
    [['CO2', 3186.3], ['CH4', 0.129], ['N2O', 0.0258]]
    """
    with phase(_("reading and checking the input tables")):
        inputs = read_inputs(activity, sum_duplicates=sum_duplicates,
                             number_format=number_format)
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
    with phase(_("loading the factor sets")):
        library = load_library(set_names, local=inputs.local_factors)
    gwp_name = (gwp or (config.gwp if config else None) or DEFAULT_GWP).strip().upper()
    gwp_context(gwp_name)
    # An inventory may record the fallback as its owner's decision; a caller's choice wins.
    fallback = cast(YearFallback, grid_ef_fallback
                    or (config.grid_ef_fallback if config else "none"))  # checked by config
    frame = inputs.frame
    energy = energy_mask(frame)
    sectors = None
    if not energy.all():
        with phase(_("agriculture, land and waste methods")):
            sectors = run_sectors(frame, library, config, inputs.tables)
        frame = frame.loc[energy].reset_index(drop=True)
    with phase(_("energy and the emissions table")):
        calculation = calculate(frame, library, fallback)
        emissions, biogenic = emission_tables(calculation, gwp_name)
        if sectors is not None:
            emissions, biogenic = merge_sector_emissions(emissions, biogenic, sectors.records,
                                                         inputs.frame, gwp_name)
    with phase(_("provenance")):
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
