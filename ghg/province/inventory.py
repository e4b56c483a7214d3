"""The provincial inventory: territorial totals, the IPCC tree, completeness, QA/QC, uncertainty
and key categories, assembled from one computed run of an inventory folder.

Territorial totals (scope 1), the scope-2 memo and the biogenic CO2 memo come from
:mod:`ghg.engine.territorial`, which counts a facility's emissions only where no aggregate source
covers them. The reconciliation shows facility sums beside the provincial totals. Scope 2
(purchased electricity) never enters the territorial totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.background import Worker
from ghg.core.categories import lineage
from ghg.core.errors import ConfigError, InputError
from ghg.core.i18n import _
from ghg.core.progress import phase
from ghg.engine.pipeline import compute_inputs
from ghg.engine.pollutants import pollutants_counted_once
from ghg.engine.quality import emissions_by_quality
from ghg.engine.result import Result
from ghg.engine.territorial import counted_once, territorial_emissions
from ghg.inputs.config import InventoryConfig
from ghg.inputs.folder import read_inputs
from ghg.inputs.register import unregistered_sources
from ghg.province import error_propagation as ep
from ghg.province import indicators, qaqc, tree
from ghg.province import key_categories as kca
from ghg.province import monte_carlo as mc
from ghg.province.notation import notation_keys, read_notation_keys
from ghg.province.reconcile import reconcile_facilities

#: Monte Carlo defaults (Vol 1 ch 3 §3.2.3): enough draws for stable 2.5/97.5 percentiles.
DRAWS = 10_000
SEED = 20_230_918  # the plan's date (Decision 2082/QĐ-UBND, 18 Sep 2023): fixed, documented


@dataclass
class Provincial:
    """Everything the provincial report shows, computed once."""

    result: Result
    territorial: pd.DataFrame  #: category, year, gas, emissions_t, co2e_t (scope 1, no overlap)
    excluded_facility_rows: pd.DataFrame  #: facility emissions already inside provincial totals
    tree: pd.DataFrame  #: :func:`ghg.province.tree.aggregate` of ``territorial``
    notation: pd.DataFrame
    reconciliation: pd.DataFrame
    qaqc: pd.DataFrame
    uncertainty_inputs: pd.DataFrame  #: per (category, gas) cell of the inventory, matched
    not_assessed: pd.DataFrame  #: cells without a stated uncertainty (excluded, listed)
    approach1: ep.Approach1Result | None
    monte_carlo: mc.MonteCarloResult | None
    key_categories: pd.DataFrame
    key_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    years: np.ndarray = field(default_factory=lambda: np.array([], dtype=int))
    #: purchased electricity by (category, year, gas), facilities counted once
    scope2: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: biogenic CO2 memo by (category, year, gas), facilities counted once
    biogenic_co2: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: net territorial emissions per year and data-quality class, with the share of the year's
    #: total (:func:`ghg.engine.quality.emissions_by_quality`)
    quality: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: series left out of the trend assessment: first estimated after the base year
    #: (:func:`ghg.province.key_categories.series_after_base_year`)
    trend_excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the green growth plan's indicators: every value (computed or reported) and the scorecard
    #: (:mod:`ghg.province.indicators`)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    scorecard: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: air pollutants by (category, year, pollutant), facilities counted once; never in GHG
    #: totals (:func:`ghg.engine.pollutants.pollutants_counted_once`)
    pollutants: pd.DataFrame = field(default_factory=pd.DataFrame)


def build(path: str | Path, *, factors: list[str] | None = None, gwp: str | None = None,
          draws: int = DRAWS, seed: int = SEED, number_format: str | None = None,
          fail_on_breaks: bool = True, monte_carlo_worker: Worker | None = None) -> Provincial:
    """Compute an inventory folder and assemble its provincial inventory.

    A series that appears or vanishes between consecutive years (a time-series break) fails
    it with a :class:`~ghg.core.errors.ConfigError` naming the rows and factors, unless
    inventory.toml accepts it (``time_series_breaks``); ``fail_on_breaks=False`` keeps the
    breaks as QA/QC findings only. With a ``monte_carlo_worker`` (:mod:`ghg.core.background`),
    the Monte Carlo draws run in that process while the rest is assembled here: the same
    numbers (same function, inputs and seed), on the CPU the report's chart process leaves idle.
    """
    folder = Path(path)
    if not (folder / "inventory.toml").is_file():
        raise ConfigError(f"{folder}: " + _(
            "a provincial inventory needs an inventory folder with inventory.toml (and "
            "aggregate_sources naming the provincial sources)"))
    # every file of the folder, read, checked and hashed once
    with phase(_("reading and checking the input tables")):
        inputs = read_inputs(folder, number_format=number_format)
    result = compute_inputs(inputs, factors=factors, gwp=gwp)
    inventory_config = inputs.config
    assert inventory_config is not None  # a folder always has its inventory.toml
    aggregate_sources = list(inventory_config.aggregate_sources)
    if aggregate_sources:  # every other source must be a registered facility (counted once)
        unregistered = unregistered_sources(inputs.frame, inputs.register, aggregate_sources)
        if unregistered:
            raise InputError(unregistered)
    facility_ids = [] if inputs.register is None else \
        inputs.register["facility_id"].astype(str).tolist()
    tables = inputs.inventory_tables
    emissions = result.emissions.astype({"source_id": str, "category": str, "gas": str})
    territorial, excluded = territorial_emissions(emissions, aggregate_sources)
    years = _years(result, inventory_config)
    aggregated = tree.aggregate(territorial.assign(scope=1))
    tree.check_children_sum(aggregated)
    user_keys = read_notation_keys(tables["notation_keys"]) if "notation_keys" in tables else None
    notation = notation_keys(aggregated, user_keys)
    reconciliation = reconcile_facilities(emissions, facility_ids,
                                          aggregate_sources=aggregate_sources)
    cells = _cells(territorial)
    stated, not_assessed = uncertainty_inputs(cells, tables.get("uncertainty"))
    assessed = cells.merge(stated[["category", "gas"]], on=["category", "gas"])
    approach1 = monte = drawing = None
    if len(stated):
        approach1 = ep.approach1(assessed, stated, int(years[0]), int(years[-1]))
        drawing = (monte_carlo_worker or Worker(fork=False)).submit(
            mc.monte_carlo, assessed, stated, draws, seed, int(years[0]), int(years[-1]))
    elif monte_carlo_worker is not None:  # no uncertainty stated: nothing to draw
        monte_carlo_worker.close()
    trend_excluded = kca.series_after_base_year(cells, int(years[0]), int(years[-1]))
    key_tables = _key_tables(cells, stated, int(years[0]), int(years[-1]), trend_excluded)
    findings = qaqc.combine(
        qaqc.year_on_year_jumps(_tree_totals(aggregated), years),
        qaqc.missing_years(_tree_totals(aggregated), years),
        qaqc.source_changes(_activity_sources(result)),
        qaqc.not_allocated(aggregated),
        qaqc.implied_factor_range(implied_energy_factors(result)),
        _reference_approach(tables.get("fuel_supply"), result),
        qaqc.time_series_breaks(_cells(territorial), result.detail, years,
                                inventory_config.time_series_breaks),
    )
    if drawing is not None:
        with phase(_("uncertainty: {draws} Monte Carlo draws").format(draws=draws)):
            monte = drawing()
    if fail_on_breaks:
        qaqc.raise_breaks(findings)
    values = indicators.indicator_values(result, territorial, aggregate_sources, tables, years)
    return Provincial(result, territorial, excluded, aggregated, notation, reconciliation,
                      findings, stated, not_assessed, approach1, monte,
                      kca.key_categories(list(key_tables.values())), key_tables, years,
                      counted_once(emissions, aggregate_sources, scope=2)[0],
                      counted_once(result.biogenic_co2, aggregate_sources, scope=None)[0],
                      emissions_by_quality(result, aggregate_sources, years), trend_excluded,
                      values, indicators.scorecard(values),
                      pollutants=pollutants_counted_once(result.pollutants.table,
                                                         aggregate_sources))


def uncertainty_inputs(cells: pd.DataFrame, stated: pd.DataFrame | None
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Uncertainty of every (category, gas) cell from the inventory's ``uncertainty.csv``
    (``stated``, as :mod:`ghg.inputs.inventory_tables` read and checked it; ``None`` if absent).

    A cell takes the row of its own category, else of its nearest ancestor with one (a row for
    ``3.A.1`` serves ``3.A.1.a.ii``). Cells with no row are returned apart as not assessed: they
    are left out of Approach 1 and 2 and listed in the report, never given an invented value.
    """
    pairs = cells[["category", "gas"]].drop_duplicates().reset_index(drop=True)
    if stated is None:
        return pd.DataFrame(columns=["category", "gas", "u_activity_pct", "u_factor_pct"]), pairs
    edges = pd.DataFrame([(c, a, depth) for c in pairs["category"].unique()
                          for depth, a in enumerate(lineage(c))],
                         columns=["category", "ancestor", "distance"])
    candidates = pairs.merge(edges, on="category").merge(
        stated.drop(columns=["file", "line"]).rename(columns={"category": "ancestor"}),
        on=["ancestor", "gas"])
    best = candidates.sort_values(["category", "gas", "distance"]).drop_duplicates(
        ["category", "gas"])
    keep = [c for c in ("u_activity_pct", "u_factor_pct", "distribution_activity",
                        "distribution_factor", "factor_group", "activity_group") if c in best]
    matched = best[["category", "gas", *keep]].copy()
    for column in ("u_activity_pct", "u_factor_pct"):  # numbers already checked when read
        matched[column] = matched[column].astype(float)
    for column in ("distribution_activity", "distribution_factor", "factor_group",
                   "activity_group"):
        if column in matched:
            matched[column] = matched[column].mask(matched[column].eq(""))
    matched = matched.reset_index(drop=True)
    assessed = pairs.merge(matched[["category", "gas"]], how="left", indicator=True)
    return matched, assessed.loc[assessed["_merge"] == "left_only", ["category", "gas"]]\
        .reset_index(drop=True)


def _key_tables(cells: pd.DataFrame, inputs: pd.DataFrame, base: int, latest: int,
                excluded: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Level tables on every cell; trend tables on the series estimated in the base year."""
    consistent = _without(cells, excluded)
    tables = {"level": kca.level_table(cells, latest),
              "trend": kca.trend_table(consistent, base, latest)}
    if len(inputs):
        assessed = cells.merge(inputs[["category", "gas"]], on=["category", "gas"])
        combined = inputs.assign(u_combined_pct=ep.combined_product_pct(
            inputs["u_activity_pct"].to_numpy(float), inputs["u_factor_pct"].to_numpy(float)))
        tables["level_approach2"] = kca.level_table_approach2(assessed, combined, latest)
        tables["trend_approach2"] = kca.trend_table_approach2(_without(assessed, excluded),
                                                              combined, base, latest)
    return tables


def _without(cells: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """``cells`` minus the (category, gas) series listed in ``series``."""
    marked = cells.merge(series[["category", "gas"]], on=["category", "gas"], how="left",
                         indicator=True)
    return cells.loc[(marked["_merge"] == "left_only").to_numpy()]


def _cells(territorial: pd.DataFrame) -> pd.DataFrame:
    return territorial[["category", "gas", "year", "co2e_t"]].copy()


def _tree_totals(aggregated: pd.DataFrame) -> pd.DataFrame:
    """Totals per category and gas (and all gases in CO2e) for the QA/QC series checks."""
    rows = aggregated[aggregated["part"].eq("total")]
    if "region" in rows:
        rows = rows[rows["region"].eq(tree.ALL_REGIONS)]
    return rows[["category", "gas", "year", "emissions_t", "co2e_t"]]


def _activity_sources(result: Result) -> pd.DataFrame:
    rows = result.all_rows
    source = rows["source"].astype(str) if "source" in rows else pd.Series("", index=rows.index)
    return pd.DataFrame({"category": rows["category"].astype(str), "year": rows["year"],
                         "source": source})


def implied_energy_factors(result: Result) -> pd.DataFrame:
    """Implied emission factors of fuel combustion (kg/TJ) per category, gas and year, with the
    range of the factor rows used (their ``lower``/``upper``; NaN where a table gives none)."""
    calc = result.calculation
    table = result.library.table
    energy = calc.energy_tj
    parts = []
    for index, gas in enumerate(("CO2", "CH4", "N2O")):  # three gases, whole columns each
        emitted = ~np.isnan(calc.emissions[index]) & ~np.isnan(energy)
        ef_row = calc.factors[f"ef_{gas}_factor_row"].to_numpy()[calc.key[emitted]]
        parts.append(pd.DataFrame({
            "category": calc.frame["category"].astype(str).to_numpy()[emitted],
            "year": calc.frame["year"].to_numpy()[emitted], "gas": gas,
            "kg": calc.emissions[index, emitted] * 1000.0, "tj": energy[emitted],
            "lower": table["lower"].to_numpy(float)[ef_row],
            "upper": table["upper"].to_numpy(float)[ef_row]}))
    rows = pd.concat(parts, ignore_index=True)
    out = rows.groupby(["category", "gas", "year"], sort=True).agg(
        kg=("kg", "sum"), tj=("tj", "sum"), lower=("lower", "min"), upper=("upper", "max"),
        bounded=("lower", "count"), n=("kg", "size")).reset_index()
    # a range is known only if every factor row behind the series has one
    known = out["bounded"] == out["n"]
    return pd.DataFrame({"category": out["category"], "gas": out["gas"], "year": out["year"],
                         "ief": out["kg"] / out["tj"], "ief_unit": "kg/TJ",
                         "lower": out["lower"].where(known), "upper": out["upper"].where(known)})


def _reference_approach(supply: pd.DataFrame | None, result: Result) -> pd.DataFrame:
    """Fuel supply (``fuel_supply.csv``: fuel, year, co2_t, checked when read) against the
    sectoral CO2."""
    if supply is None:
        return pd.DataFrame([{
            "check": "reference_approach", "severity": "note", "category": "1.A", "gas": "CO2",
            "year": int(result.emissions["year"].max()), "value": "", "expected": "",
            "message": _("Reference Approach not performed: no fuel supply data (add "
                         "fuel_supply.csv with fuel, year, co2_t to compare supply with the "
                         "sectoral approach)")}])
    supply = supply[["fuel", "year", "co2_t"]]
    detail = result.detail
    sectoral = detail[(detail["gas"] == "CO2") & (detail["scope"] == 1)
                      & detail["category"].astype(str).str.startswith("1.A")]
    sectoral = (sectoral.groupby(["activity", "year"])["emissions_t"].sum().reset_index()
                .rename(columns={"activity": "fuel", "emissions_t": "co2_t"}))
    return qaqc.reference_approach(supply, sectoral)


def _years(result: Result, config: InventoryConfig) -> np.ndarray:
    if config.years:
        return np.array(sorted(config.years))
    year = result.emissions["year"].to_numpy()
    return np.arange(int(year.min()), int(year.max()) + 1)
