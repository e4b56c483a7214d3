"""The result of one run: the emissions table, the biogenic memo, provenance, and the way back.

The in-memory pipeline (:mod:`ghg.engine.pipeline`) and the dask path
(:mod:`ghg.engine.distributed`) return the same :class:`Result` contract: the emissions table
of ``docs/contracts.md`` §4 (:data:`ghg.core.schema.EMISSION_COLUMNS`, fixed dtypes), the same
provenance keys, the same cube.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from ghg.core.schema import DEFAULT_GWP
from ghg.factors.library import FactorLibrary
from ghg.sectors.energy.method import Calculation
from ghg.sectors.run import SectorResult

if TYPE_CHECKING:
    import xarray as xr


@dataclass
class Result:
    """Emissions of one run, with everything needed to explain and reproduce them.

    Attributes
    ----------
    emissions
        One row per source, year, category, scope and gas (docs/contracts.md §4). Biogenic CO2 is
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
        from ghg.engine.cube import emissions_cube

        return emissions_cube(self)

    @cached_property
    def detail(self) -> pd.DataFrame:
        """One row per input row and gas: the amount, each factor, its source and the result."""
        from ghg.engine.explain import calculation_table

        return calculation_table(self)

    def explain(self, source_id: str, year: int, category: str | None = None) -> str:
        """The calculation chain behind the numbers of one source and year, as text."""
        from ghg.engine.explain import explain

        return explain(self, source_id, year, category)
