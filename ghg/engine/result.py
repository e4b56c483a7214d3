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

    from ghg.engine.pollutants import Pollutants


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
    def pollutants(self) -> Pollutants:
        """Air pollutants (t) from the same activity rows, and the activity and pollutant
        combinations without a factor; never part of any GHG total."""
        from ghg.engine.pollutants import pollutants

        return pollutants(self)

    @cached_property
    def detail(self) -> pd.DataFrame:
        """One row per input row and gas: the amount, each factor, its source and the result."""
        from ghg.engine.explain import calculation_table

        return calculation_table(self)

    def to_iamc(self, *, model: str = "ghg", scenario: str = "inventory",
                region: str | None = None) -> pd.DataFrame:
        """The emissions in the IAMC long format pyam reads (``model, scenario, region,
        variable, unit, year, value``), summed over sources; see :mod:`ghg.engine.formats.iamc`.
        ``region`` defaults to the inventory's name."""
        from ghg.engine.formats import to_iamc

        return to_iamc(self.emissions, model=model, scenario=scenario,
                       region=region or self._region(), gwp=self.gwp)

    def to_primap2(self, *, area: str, source: str = "ghg", scenario: str | None = None
                   ) -> xr.Dataset:
        """The emissions as a primap2 dataset (``time``, ``area``, ``category
        (IPCC2006_PRIMAP)``, one variable per gas with units); see
        :mod:`ghg.engine.formats.primap2`."""
        from ghg.engine.formats import to_primap2

        return to_primap2(self.emissions, area=area, source=source, scenario=scenario,
                          gwp=self.gwp)

    def _region(self) -> str:
        return str(self.provenance.get("inventory") or "region")

    def explain(self, source_id: str, year: int, category: str | None = None) -> str:
        """The calculation chain behind the numbers of one source and year, as text."""
        from ghg.engine.explain import explain

        return explain(self, source_id, year, category)
