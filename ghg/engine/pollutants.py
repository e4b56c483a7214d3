"""Air pollutants (NOx, SO2, CO, NMVOC, NH3, PM2.5, PM10, BC) from the run's own activity amounts.

The amounts are those the GHG methods already worked out: fuel energy (TJ) and fuel mass (t) of
the energy path, head of livestock, t of N applied, t of waste burnt (the 4.C stream). Each
source row is matched to an EMEP/EEA 2023 Tier 1 factor group (:mod:`ghg.factors.pollutants`)
and multiplied by every factor of the group, as arrays. Pollutants are a table of their own:
they never enter the emissions table or any GHG total. A row and species without a factor is
listed in the missing table with the reason, never written as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.engine.territorial import counted_once
from ghg.factors.library import activities
from ghg.factors.pollutants import BASES, POLLUTANTS, match_activities, pollutant_factors
from ghg.sectors.run import sector_rows

if TYPE_CHECKING:
    from ghg.engine.result import Result

#: Columns of ``pollutants.csv``: the emissions table's key with ``pollutant`` for ``gas``.
POLLUTANT_COLUMNS = ("source_id", "year", "category", "scope", "pollutant", "emissions_t")
#: Columns of ``pollutants_missing.csv``.
MISSING_COLUMNS = ("activity", "category", "pollutant", "factor_id", "rows", "first_year",
                   "last_year", "reason")
#: Activity kinds that emit air pollutants here (purchased electricity does so at the plant).
SOURCE_KINDS = ("fuel", "livestock", "soil_n", "crop_burning")
#: Treatments of the burnt-waste stream and the activity key each is matched as.
BURNT_AS = {"open_burning": "open_burnt_waste", "incineration": "incinerated_waste"}


@dataclass(frozen=True)
class Pollutants:
    """``table``: tonnes per source, year, category and pollutant; ``missing``: activity,
    category and pollutant combinations of the run that have no factor, with the reason."""

    table: pd.DataFrame
    missing: pd.DataFrame


def pollutants(result: Result) -> Pollutants:
    """The run's air pollutants and the factor coverage."""
    sources = _sources(result)
    keys = sources[["activity", "category"]].drop_duplicates().reset_index(drop=True)
    keys = pd.concat([keys, match_activities(keys)], axis=1)
    sources = sources.merge(keys, on=["activity", "category"], how="left", validate="m:1")
    factors = pollutant_factors()
    pairs = sources.reset_index(names="source").merge(
        factors[["factor_id", "species", "basis", "t_per_unit", "bc_share"]],
        on="factor_id", how="inner")
    amount = np.column_stack([pairs[b].to_numpy(dtype=float) for b in BASES])
    column = pd.Index(BASES).get_indexer(pairs["basis"].where(pairs["basis"].ne(""), BASES[0]))
    direct = amount[np.arange(len(pairs)), column] * pairs["t_per_unit"].to_numpy(dtype=float)
    # BC given as a share of PM2.5: the same source's PM2.5 times the share.
    pm25 = pd.Series(direct, index=pairs["source"])[pairs["species"].eq("PM2.5").to_numpy()]
    bc_base = pm25.reindex(pairs["source"]).to_numpy(dtype=float)
    share = pairs["bc_share"].to_numpy(dtype=float)
    value = np.where(np.isfinite(share), bc_base * share, direct)
    pairs["emissions_t"] = value
    done = pairs[np.isfinite(value)]
    table = _table(done)
    missing = _missing(sources, done, factors)
    return Pollutants(table, missing)


def _sources(result: Result) -> pd.DataFrame:
    """One row per pollutant source: source, year, category, activity and its amounts."""
    parts = [_energy_sources(result)]
    if result.sectors is not None:
        frame = result.all_rows
        parts += [_sector_sources(frame), _burnt_sources(result, frame)]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(
        len(p) for p in parts) else parts[0]
    for basis in BASES:
        out[basis] = out[basis].astype(float) if basis in out else np.nan
    return out


def _energy_sources(result: Result) -> pd.DataFrame:
    calc = result.calculation
    frame = calc.frame
    kind = activities()["kind"].reindex(frame["activity"].astype(str)).to_numpy(dtype=object)
    fuel = kind == "fuel"
    return pd.DataFrame({
        "source_id": frame["source_id"].astype(str).to_numpy()[fuel],
        "year": frame["year"].to_numpy(dtype=np.int64)[fuel],
        "category": frame["category"].astype(str).to_numpy()[fuel],
        "activity": frame["activity"].astype(str).to_numpy()[fuel],
        "energy_tj": calc.energy_tj[fuel], "fuel_t": calc.fuel_mass_t[fuel]})


def _sector_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Livestock (head), N applied (t N) and crop residue burning rows (no factor here yet, so
    they appear in the missing table)."""
    rows = sector_rows(frame, tuple(k for k in SOURCE_KINDS if k != "fuel"))
    if not len(rows):
        return pd.DataFrame()
    kind = activities()["kind"].reindex(rows.frame["activity"].astype(str)).to_numpy(dtype=object)
    head = np.full(len(rows), np.nan)
    n_t = np.full(len(rows), np.nan)
    counted = kind == "livestock"
    if counted.any():
        head[counted] = _amount(rows, counted, "head")
    mass = kind == "soil_n"
    if mass.any():
        n_t[mass] = _amount(rows, mass, "t")
    return pd.DataFrame({"source_id": rows.frame["source_id"].astype(str).to_numpy(),
                         "year": rows.frame["year"].to_numpy(dtype=np.int64),
                         "category": rows.frame["category"].astype(str).to_numpy(),
                         "activity": rows.frame["activity"].astype(str).to_numpy(),
                         "head": head, "n_t": n_t})


def _amount(rows, mask: np.ndarray, unit: str) -> np.ndarray:
    from ghg.sectors.method import SectorRows

    return SectorRows(rows.frame[mask]).amount_in(unit)


def _burnt_sources(result: Result, frame: pd.DataFrame) -> pd.DataFrame:
    """Waste burnt, from the same stream the 4.C method computes its CO2 from."""
    from ghg.sectors.waste.method import burnt_waste

    assert result.sectors is not None
    rows = sector_rows(frame, ("msw", "incineration", "open_burning"))
    if not len(rows):
        return pd.DataFrame()
    burnt = burnt_waste(rows, result.sectors.context())
    pos = burnt["pos"].to_numpy(dtype=np.int64)
    return pd.DataFrame({"source_id": rows.frame["source_id"].astype(str).to_numpy()[pos],
                         "year": burnt["year"].to_numpy(dtype=np.int64),
                         "category": burnt["category"].astype(str).to_numpy(),
                         "activity": burnt["treatment"].map(BURNT_AS).to_numpy(dtype=object),
                         "waste_t": burnt["mass"].to_numpy(dtype=float)})


def _table(done: pd.DataFrame) -> pd.DataFrame:
    category = done["report_category"].where(done["report_category"].ne(""), done["category"])
    order = {p: i for i, p in enumerate(POLLUTANTS)}
    table = pd.DataFrame({"source_id": done["source_id"].to_numpy(dtype=object),
                          "year": done["year"].to_numpy(dtype=np.int64),
                          "category": category.to_numpy(dtype=object),
                          "scope": np.ones(len(done), dtype=np.int64),
                          "pollutant": done["species"].to_numpy(dtype=object),
                          "emissions_t": done["emissions_t"].to_numpy(dtype=float)})
    table["_order"] = table["pollutant"].map(order)
    table = table.groupby(["source_id", "year", "category", "scope", "_order", "pollutant"],
                          as_index=False, sort=True)["emissions_t"].sum()
    return table[list(POLLUTANT_COLUMNS)].reset_index(drop=True)


def _missing(sources: pd.DataFrame, done: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Every activity, category and pollutant of the run without a computed value, and why."""
    if not len(sources):
        return pd.DataFrame(columns=list(MISSING_COLUMNS))
    every = sources.reset_index(names="source").merge(
        pd.DataFrame({"pollutant": POLLUTANTS}), how="cross")
    got = pd.MultiIndex.from_arrays([done["source"], done["species"]])
    lacking = every[~pd.MultiIndex.from_arrays([every["source"], every["pollutant"]]).isin(got)]
    if not len(lacking):
        return pd.DataFrame(columns=list(MISSING_COLUMNS))
    grouped = lacking.groupby(["activity", "category", "pollutant", "factor_id", "note",
                               "matched"], as_index=False, sort=False).agg(
        rows=("source", "size"), first_year=("year", "min"), last_year=("year", "max"))
    has = pd.MultiIndex.from_arrays([factors["factor_id"], factors["species"]])
    in_group = pd.MultiIndex.from_arrays([grouped["factor_id"], grouped["pollutant"]]).isin(has)
    tables = factors.drop_duplicates("factor_id").set_index("factor_id")["table"]
    reason = np.select(
        [~grouped["matched"].to_numpy(dtype=bool), grouped["factor_id"].eq("").to_numpy(),
         in_group],
        ["no EMEP/EEA 2023 factor group is mapped to this activity and category "
         "(ghg/factors/data/pollutant_activities.csv)",
         "no factor in this set: " + grouped["note"].astype(str),
         "the activity amount this factor multiplies is not known for these rows "
         "(e.g. fuel mass of an amount in TJ without an NCV)"],
        default="the guidebook Tier 1 table (" + grouped["factor_id"].map(tables).fillna("")
        .astype(str) + ") has no value for this pollutant in this set; see "
        "pollutants_emep2023.toml")
    grouped["reason"] = reason
    order = {p: i for i, p in enumerate(POLLUTANTS)}
    grouped = grouped.assign(_o=grouped["pollutant"].map(order)).sort_values(
        ["activity", "category", "_o"], kind="stable")
    return grouped[list(MISSING_COLUMNS)].reset_index(drop=True)


def pollutants_counted_once(table: pd.DataFrame, aggregate_sources: list[str]) -> pd.DataFrame:
    """Pollutants by (category, year, pollutant), each emission counted once: a facility's row
    counts only where no aggregate source reports its category (the territorial rule of
    :func:`ghg.engine.territorial.counted_once`, applied per pollutant as it is per gas)."""
    as_gas = table.rename(columns={"pollutant": "gas"}).assign(co2e_t=0.0)
    once, _ = counted_once(as_gas, aggregate_sources, scope=1)
    order = {p: i for i, p in enumerate(POLLUTANTS)}
    once = once.rename(columns={"gas": "pollutant"}).drop(columns="co2e_t")
    once = once.assign(_o=once["pollutant"].map(order)).sort_values(
        ["category", "year", "_o"], kind="stable")
    return once[["category", "year", "pollutant", "emissions_t"]].reset_index(drop=True)
