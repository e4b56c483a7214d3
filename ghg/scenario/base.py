"""What the scenario engine takes from the inventory: base-year lines, their history, and the
activity quantities the measures act on (fuel shares, rice water regimes, manure systems,
electricity, the landfill deposit history for first-order decay).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.core.units import gwp100
from ghg.engine.result import Result
from ghg.engine.territorial import counted_once
from ghg.inputs.folder import Inputs
from ghg.sectors.method import SectorContext
from ghg.sectors.run import sector_rows
from ghg.sectors.waste import method as waste

#: Category label of the purchased-electricity line (scope 2, never in territorial totals).
ELECTRICITY = "electricity"
WASTE_KINDS = ("swds", "landfill_gas", "msw", "biological", "incineration", "open_burning")


@dataclass
class Landfill:
    """Deposit series for first-order decay: DDOCm ``grid (S, Y)`` from year ``y0``."""

    grid: np.ndarray
    y0: int
    k: np.ndarray
    f: np.ndarray
    ox: np.ndarray
    wet_per_ddocm: np.ndarray   # t wet waste per t DDOCm of each series
    waste_type: np.ndarray
    category: np.ndarray
    reaction_month: float


@dataclass
class Base:
    """The inventory seen from the base year."""

    year: int
    lines: pd.DataFrame          # category, gas, scope (one row per line)
    history: pd.DataFrame        # lines × inventory years, t CO2e (NaN where not reported)
    totals: pd.Series            # territorial t CO2e per inventory year, facilities counted once
    detail: pd.DataFrame         # energy detail rows (activity, category, gas, co2e_t, energy_tj)
    records: pd.DataFrame        # sector records of the base year with their input columns
    activities: frozenset[str]
    electricity_mwh: float
    grid_ef: float               # t CO2 / MWh implied by the base year's scope 2
    landfill: Landfill | None
    parameters: object
    tables: dict
    gwp: str
    grid_ef_years: pd.Series | None = None   # t CO2/MWh the inventory used each year
    pollutants: pd.DataFrame | None = None   # base year: category, activity, pollutant, t
                                             # (set by the runner: the computed inventory's)


def base_from(result: Result, inputs: Inputs, year: int | None, horizon: int) -> Base:
    """Collect the base year (``year`` or the latest inventory year) from a computed inventory."""
    em = result.emissions
    year = int(em["year"].max()) if year is None else int(year)
    # the inventory's own totals, facilities counted once (the report shows the same numbers)
    sources = list(inputs.config.aggregate_sources) if inputs.config is not None else []
    direct, _excluded = counted_once(em, sources, scope=1)
    bought, _excluded = counted_once(em, sources, scope=2)
    keyed = pd.concat([direct.assign(scope=1),
                       bought.assign(category=ELECTRICITY, scope=2)], ignore_index=True)
    keyed = keyed[["category", "gas", "scope", "year", "co2e_t"]]
    totals = direct.groupby("year")["co2e_t"].sum()
    history = keyed.pivot_table(index=["category", "gas", "scope"], columns="year",
                                values="co2e_t", aggfunc="sum")
    if year not in history.columns:
        from ghg.core.errors import ConfigError
        raise ConfigError(_("base_year {year} is not an inventory year ({first}-{last})").format(
            year=year, first=min(history.columns), last=max(history.columns)))
    history = history[history[year].notna() & (history[year] != 0)]
    lines = history.index.to_frame(index=False)
    detail = result.detail
    grid = detail[(detail["activity"].astype(str) == "grid_electricity")
                  & (detail["gas"].astype(str) == "CO2")].groupby("year")[
        ["co2e_t", "electricity_mwh"]].sum()
    grid = grid[grid["electricity_mwh"] > 0]
    grid_ef_years = grid["co2e_t"] / grid["electricity_mwh"]
    detail = detail[detail["year"] == year]
    mwh = float(detail.loc[(detail["activity"].astype(str) == "grid_electricity")
                           & (detail["gas"].astype(str) == "CO2"), "electricity_mwh"].sum())
    scope2 = float(keyed.loc[(keyed["scope"] == 2) & (keyed["year"] == year), "co2e_t"].sum())
    rec = result.sectors.records if result.sectors is not None else pd.DataFrame()
    if len(rec) and result.sectors is not None:
        rows = result.all_rows.iloc[rec["row"].to_numpy()].reset_index(drop=True)
        rec = pd.concat([rec.reset_index(drop=True).drop(columns=["year", "category"]),
                         rows.drop(columns=["row"], errors="ignore")
                         .rename(columns={"year": "row_year"})], axis=1)
        rec = rec.assign(year=result.sectors.records["year"].to_numpy(),
                         category=result.sectors.records["category"].to_numpy())
        rec = rec[rec["year"] == year]
    return Base(year, lines, history.reset_index(drop=True), totals, detail, rec,
                frozenset(result.all_rows["activity"].astype(str).unique()), mwh,
                scope2 / mwh if mwh > 0 else 0.0, _landfill(result, inputs, horizon),
                result.sectors.parameters if result.sectors is not None else None,
                inputs.tables, result.gwp, grid_ef_years)


def _landfill(result: Result, inputs: Inputs, horizon: int) -> Landfill | None:
    """The FOD deposit series of the inventory, extended with empty years to the horizon."""
    if result.sectors is None:
        return None
    rows = sector_rows(result.all_rows, tuple(WASTE_KINDS))  # as the engine gives the method
    if not len(rows):
        return None
    years = np.arange(int(result.sectors.years.min()), horizon + 1)
    context = SectorContext(result.sectors.parameters, inputs.config, inputs.tables, years)
    s = waste.deposit_series(rows, context)
    if s is None:
        return None
    look, rep = s["look"], s["rep"]
    per = look["doc"].value[rep] * look["docf"].value[rep] * look["mcf"].value[rep]
    return Landfill(s["grid"], int(s["y0"]), np.asarray(s["k"], float), s["f"], s["ox"],
                    np.where(per > 0, 1.0 / np.where(per > 0, per, 1.0), 0.0),
                    np.asarray(s["waste_type"], dtype=object),
                    np.asarray(s["category"], dtype=object), float(s["reaction_month"]))


def ch4_gwp(base: Base) -> float:
    return gwp100(base.gwp, "CH4")
