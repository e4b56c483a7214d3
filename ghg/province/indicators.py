"""The green growth plan's indicators: values from the inventory, status against the targets.

Definitions are data (``ghg/data/indicators.csv``: formula, unit, the 2025 and 2030 targets, the
plan's Vietnamese wording with its line numbers; ``indicators.toml`` names the document). Values
come from two places, never both for one indicator and year:

- computed here from what the inventory already holds: the renewable share of primary energy
  supply (energy rows, facilities counted once, and ``energy_memo.csv``), household solid waste
  collected and treated (``msw_generation`` rows), and emissions and energy per unit of GRDP;
- reported in the inventory's ``indicators.csv`` (indicator, year, value, unit, source), read and
  checked as numbers by :mod:`ghg.inputs.inventory_tables`; ids and units are checked here.

Status of each indicator (:func:`scorecard`): ``on_track``, ``off_track``, ``one_value`` (a single
value below a target still ahead: no path can be drawn yet), ``no_target`` or ``no_data``.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.i18n import _, either
from ghg.engine.result import Result
from ghg.engine.territorial import counted_once

#: Target years of the plan (Decision 2082/QĐ-UBND, sections II.3.1 and II.3.2, Appendix 3).
TARGET_YEARS = (2025, 2030)
#: TJ per MWh (1 MWh = 3.6 GJ): electricity counted at its energy content, as energy balances
#: count traded electricity and wind, solar and hydro generation (physical energy content).
TJ_PER_MWH = 0.0036
#: Renewable electricity items ``energy_memo.csv`` may hold (generation in the province).
RENEWABLE_ITEMS = ("wind_generation", "solar_generation", "hydro_generation")
MWH_PER_UNIT = {"kwh": 0.001, "mwh": 1.0, "gwh": 1000.0}
SETTLEMENTS = ("urban", "rural")
#: Columns of the values table and of ``scorecard.csv``.
VALUE_COLUMNS = ["indicator", "year", "value", "unit", "source"]
SCORECARD_COLUMNS = ["indicator", "name_en", "name_vi", "unit", "population", "population_vi",
                     "how", "target_2025", "target_2025_text", "target_2030", "target_2030_text",
                     "latest_year", "latest_value", "target_year", "path_value", "status",
                     "source", "plan_lines", "note", "note_vi"]
STATUSES = ("on_track", "off_track", "one_value", "no_target", "no_data")


@cache
def definitions() -> pd.DataFrame:
    """The indicator definitions (``ghg/data/indicators.csv``), indexed by indicator id."""
    path = resources.files("ghg") / "data" / "indicators.csv"
    with path.open("r", encoding="utf-8") as stream:
        table = pd.read_csv(stream, dtype=str, keep_default_na=False)
    for column in ("target_2025", "target_2030"):
        table[column] = pd.to_numeric(table[column].replace("", np.nan))
    return table.set_index("indicator", drop=False)


def indicator_values(result: Result, territorial: pd.DataFrame, aggregate_sources: list[str],
                     tables: dict[str, pd.DataFrame], years: np.ndarray) -> pd.DataFrame:
    """Every indicator value the inventory gives: computed ones and ``indicators.csv`` rows.

    Raises :class:`InputError` with every problem of ``indicators.csv`` and ``energy_memo.csv``
    (unknown indicator or item, wrong unit, a year given twice, a reported value for a year the
    inventory computes, a missing source, an MSW ``settlement`` other than urban or rural).
    """
    problems: list[Problem] = []
    memo, found = _renewable_generation(tables.get("energy_memo"))
    problems += found
    supply = primary_energy_supply(result, aggregate_sources, memo, years)
    msw, found = msw_shares(result.all_rows)
    problems += found
    reported, found = _reported(tables.get("indicators"))
    problems += found
    grdp = reported.loc[reported["indicator"] == "grdp"].set_index("year")["value"]
    net = territorial.groupby("year")["co2e_t"].sum()
    parts = [
        _series("re_share_tpes", 100.0 * supply["renewable_tj"] / supply["supply_tj"],
                "computed: energy rows (fuels, grid electricity; facilities counted once) and "
                "energy_memo.csv"),
        msw,
        _series("ghg_per_grdp", net / grdp, "computed: net territorial emissions / grdp"),
        _series("energy_per_grdp", supply["supply_tj"] / grdp,
                "computed: primary energy supply (as re_share_tpes) / grdp"),
    ]
    # empty parts left out: pandas would otherwise let them decide nothing of the dtypes, and
    # warns that it will
    computed = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    clash = reported.merge(computed[["indicator", "year"]], on=["indicator", "year"])
    problems += [Problem(f, int(n), "indicator", i,
                         _("is computed from the inventory for {year}; remove this row (one "
                           "value per indicator and year)").format(year=y))
                 for f, n, i, y in clash[["file", "line", "indicator", "year"]].itertuples(
                     index=False)]
    if problems:
        raise InputError(problems)
    values = pd.concat([computed, reported[VALUE_COLUMNS]], ignore_index=True)
    return values.sort_values(["indicator", "year"], kind="stable").reset_index(drop=True)


def primary_energy_supply(result: Result, aggregate_sources: list[str], renewable_mwh: pd.Series,
                          years: np.ndarray) -> pd.DataFrame:
    """Primary energy supply and its renewable part (TJ) per year.

    Supply = fuels combusted (all brought into the province) + local renewable generation + net
    electricity imports; local generation is fed into the grid, so net imports are grid
    consumption minus local generation, and supply = fuels + grid consumption. Renewable = biomass
    fuels + local renewable generation. Fuel and grid rows are counted once (a facility's row
    counts only where no provincial source reports its category). A year has a value only when it
    has grid electricity rows and a memo row (otherwise its supply would be incomplete).

    Examples
    --------
    A year with 100 TJ of diesel, 20 TJ of wood, 10,000 MWh (36 TJ) from the grid and 5,000 MWh
    (18 TJ) of wind: supply 156 TJ, renewable 38 TJ (24.4%).
    """
    calc = result.calculation
    frame = calc.frame
    electric = calc.scope == 2
    energy = np.where(electric, calc.amount_canonical * TJ_PER_MWH, calc.energy_tj)
    rows = pd.DataFrame({
        "source_id": frame["source_id"].astype(str).to_numpy(),
        "year": frame["year"].to_numpy(dtype=np.int64),
        "category": frame["category"].astype(str).to_numpy(),
        "scope": np.int8(1), "gas": np.where(electric, "grid", "fuel"),
        "emissions_t": energy, "co2e_t": energy,
        "renewable": calc.biogenic & ~electric})
    table, _left_out = counted_once(rows, aggregate_sources, scope=None, by=("renewable",))
    by_year = table.pivot_table(index="year", columns=["gas", "renewable"], values="emissions_t",
                                aggfunc="sum", fill_value=0.0)
    index = pd.Index(years, name="year")

    def part(gas: str, renewable: bool | None = None) -> pd.Series:
        keys = [k for k in by_year.columns if k[0] == gas and renewable in (None, k[1])]
        return by_year[keys].sum(axis=1).reindex(index) if keys else pd.Series(np.nan, index)

    grid = part("grid")
    local = renewable_mwh.reindex(index) * TJ_PER_MWH
    fuel = part("fuel").fillna(0.0)
    supply = (fuel + grid).where(grid.notna() & local.notna())
    renewable = (part("fuel", True).fillna(0.0) + local).where(supply.notna())
    return pd.DataFrame({"supply_tj": supply, "renewable_tj": renewable})


def msw_shares(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Household solid waste collected and treated (%), by settlement and for the province.

    Generated = persons × ``msw_kg_per_capita_day``; collected = generated × ``collection_pct``.
    The MSW method checks that the collected waste's treatment shares (landfill, composting,
    incineration, recycling or other) sum to 100, so all collected waste is treated and the share
    is the generation-weighted ``collection_pct``. Rows with ``settlement`` = urban or rural give
    the urban and rural indicators; every row gives the province-wide one.

    Examples
    --------
    >>> rows = pd.DataFrame({"activity": "msw_generation", "year": 2024, "amount": [100.0, 300.0],
    ...     "msw_kg_per_capita_day": ["1.0", "0.5"], "collection_pct": ["90", "20"],
    ...     "settlement": ["urban", "rural"], "file": "w.csv", "line": [2, 3]})
    >>> shares, _ = msw_shares(rows)
    >>> shares[["indicator", "value"]].values.tolist()
    [['msw_urban_collected_treated', 90.0], ['msw_rural_collected_treated', 20.0], \
['msw_collected_treated', 48.0]]
    """
    msw = rows.loc[rows["activity"].astype(str) == "msw_generation"]
    if msw.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS), []
    settlement = (msw["settlement"].astype(str).str.strip().str.lower()
                  if "settlement" in msw else pd.Series("", index=msw.index))
    settlement = settlement.replace({"nan": "", "<na>": ""})
    bad = ~settlement.isin(("", *SETTLEMENTS))
    problems = [Problem(str(f), int(n), "settlement", v,
                        _("is not a settlement; expected urban or rural (or empty for the "
                          "whole province)"))
                for f, n, v in zip(msw["file"][bad], msw["line"][bad], settlement[bad],
                                   strict=True)]
    generated = msw["amount"].to_numpy(dtype=float) * pd.to_numeric(
        msw["msw_kg_per_capita_day"], errors="coerce").to_numpy(dtype=float)
    collected = generated * pd.to_numeric(msw["collection_pct"],
                                          errors="coerce").to_numpy(dtype=float) / 100.0
    frame = pd.DataFrame({"year": msw["year"].to_numpy(dtype=np.int64),
                          "settlement": settlement.to_numpy(), "generated": generated,
                          "collected": collected})
    parts = []
    for indicator, subset in (("msw_urban_collected_treated", frame["settlement"] == "urban"),
                              ("msw_rural_collected_treated", frame["settlement"] == "rural"),
                              ("msw_collected_treated", pd.Series(True, index=frame.index))):
        sums = frame.loc[subset].groupby("year")[["generated", "collected"]].sum()
        parts.append(_series(indicator, 100.0 * sums["collected"] / sums["generated"],
                             "computed: msw_generation rows (collection_pct weighted by waste "
                             "generated)"))
    return pd.concat(parts, ignore_index=True), problems


def scorecard(values: pd.DataFrame) -> pd.DataFrame:
    """One row per defined indicator: targets, latest value, the linear path and the status.

    The target judged is the first one not yet passed at the latest value's year (else the last
    one). Met (value >= target; every target of the plan is a floor) is on track; a year at or
    past the target year that misses it is off track. Before it, the path runs straight from the
    first value to the target: the latest value at or above the path is on track, below it off
    track; a single value below the target has no path (``one_value``). A rate target (%/yr)
    is judged each year against the rate.

    Examples
    --------
    >>> values = pd.DataFrame({"indicator": "forest_cover", "year": [2021, 2023],
    ...                        "value": [1.8, 1.85], "unit": "%", "source": "s"})
    >>> row = scorecard(values).set_index("indicator").loc["forest_cover"]
    >>> row["status"], float(round(row["path_value"], 3))
    ('off_track', 1.9)
    """
    table = definitions().reset_index(drop=True)
    latest = values.sort_values(["indicator", "year"]).groupby("indicator").agg(
        first_year=("year", "first"), first_value=("value", "first"),
        latest_year=("year", "last"), latest_value=("value", "last"), source=("source", "last"))
    table = table.merge(latest, left_on="indicator", right_index=True, how="left")
    targets = table[["target_2025", "target_2030"]].to_numpy(dtype=float)
    has = np.isfinite(targets)
    year = table["latest_year"].to_numpy(dtype=float)
    ahead = has & (np.array(TARGET_YEARS)[None, :] >= year[:, None])
    pick = np.where(ahead.any(axis=1), ahead.argmax(axis=1),
                    np.where(has[:, 1], 1, 0))  # next target, else the last one set
    target = targets[np.arange(len(table)), pick]
    target_year = np.array(TARGET_YEARS, dtype=float)[pick]
    target_year[~has.any(axis=1)] = np.nan
    value = table["latest_value"].to_numpy(dtype=float)
    first = table["first_value"].to_numpy(dtype=float)
    first_year = table["first_year"].to_numpy(dtype=float)
    rate = table["unit"].to_numpy() == "%/yr"
    with np.errstate(invalid="ignore", divide="ignore"):
        path = first + (target - first) * (year - first_year) / (target_year - first_year)
    path = np.where(rate, target, path)
    met = value >= target
    multiple = first_year < year
    status = np.select(
        [np.isnan(value), ~has.any(axis=1), met | (year >= target_year) | rate, multiple],
        ["no_data", "no_target", np.where(met, "on_track", "off_track"),
         np.where(value >= path, "on_track", "off_track")], "one_value")
    table["target_year"] = np.where(has.any(axis=1) & ~np.isnan(value), target_year, np.nan)
    table["path_value"] = np.where(multiple & ~met & ~np.isnan(target) | rate & ~np.isnan(value),
                                   path, np.nan)
    table["status"] = status
    table["source"] = table["source"].fillna("")
    # how the latest value was obtained; without one, how the definition says it would be
    table["how"] = np.where(table["source"].str.startswith("computed:"), "computed",
                            np.where(np.isnan(value), table["how"], "reported"))
    table["latest_year"] = table["latest_year"].astype("Int64")
    table["target_year"] = pd.array(table["target_year"], dtype="Int64")
    return table[SCORECARD_COLUMNS]


def _series(indicator: str, series: pd.Series, source: str) -> pd.DataFrame:
    values = series[np.isfinite(series.to_numpy(dtype=float))]  # no inf, no NaN
    return pd.DataFrame({"indicator": indicator, "year": values.index.to_numpy(dtype=np.int64),
                         "value": values.to_numpy(dtype=float),
                         "unit": definitions().at[indicator, "unit"], "source": source})


def _reported(table: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Problem]]:
    """``indicators.csv`` rows whose id, unit and source are right, and the problems of the rest."""
    if table is None or table.empty:
        return pd.DataFrame(columns=[*VALUE_COLUMNS, "file", "line"]), []
    known = definitions()
    ids = table["indicator"].astype(str)
    problems = []
    unknown = ~ids.isin(known.index)
    for f, n, v in zip(table["file"][unknown], table["line"][unknown], ids[unknown],
                       strict=True):
        close = difflib.get_close_matches(v, known.index, n=3)
        hint = "; " + _("did you mean {keys}?").format(keys=either(list(map(repr, close)))) \
            if close else ""
        problems.append(Problem(f, int(n), "indicator", v, _(
            "is not a known indicator; expected an id of ghg/data/indicators.csv{hint}").format(
                hint=hint)))
    expected = ids.map(known["unit"])
    wrong = ~unknown & (table["unit"].astype(str) != expected)
    problems += [Problem(f, int(n), "unit", u, _("is not the unit of {indicator}; expected "
                                                 "{unit}").format(indicator=i, unit=repr(e)))
                 for f, n, u, i, e in zip(table["file"][wrong], table["line"][wrong],
                                          table["unit"][wrong], ids[wrong], expected[wrong],
                                          strict=True)]
    empty = table["source"].astype(str).str.strip() == ""
    problems += [Problem(f, int(n), "source", "", _("is empty; expected the document, table "
                                                    "and page the value comes from"))
                 for f, n in
                 zip(table["file"][empty], table["line"][empty], strict=True)]
    twice = table.duplicated(["indicator", "year"], keep="first")
    problems += [Problem(f, int(n), "row", f"{i} {y}", _(
                    "gives this indicator and year again; expected one value per indicator and "
                    "year"))
                 for f, n, i, y in zip(table["file"][twice], table["line"][twice], ids[twice],
                                       table["year"][twice], strict=True)]
    good = table.loc[~(unknown | wrong | empty | twice)]
    return good.assign(year=good["year"].astype(np.int64),
                       value=good["value"].astype(float)), problems


def _renewable_generation(memo: pd.DataFrame | None) -> tuple[pd.Series, list[Problem]]:
    """Renewable generation in the province (MWh) per year from ``energy_memo.csv``."""
    if memo is None or memo.empty:
        return pd.Series(dtype=float), []
    item = memo["item"].astype(str).str.strip().str.lower()
    unit = memo["unit"].astype(str).str.strip().str.lower()
    bad_item = ~item.isin(RENEWABLE_ITEMS)
    bad_unit = ~bad_item & ~unit.isin(MWH_PER_UNIT)
    problems = [Problem(f, int(n), "item", v, _("is not a memo item; expected one of {items}")
                        .format(items=", ".join(RENEWABLE_ITEMS)))
                for f, n, v in zip(memo["file"][bad_item], memo["line"][bad_item],
                                   memo["item"][bad_item], strict=True)]
    problems += [Problem(f, int(n), "unit", v, _("is not an electricity unit; expected kWh, "
                                                 "MWh or GWh"))
                 for f, n, v in zip(memo["file"][bad_unit], memo["line"][bad_unit],
                                    memo["unit"][bad_unit], strict=True)]
    ok = ~(bad_item | bad_unit)
    mwh = memo["amount"][ok].astype(float) * unit[ok].map(MWH_PER_UNIT)
    return mwh.groupby(memo["year"][ok].astype(np.int64)).sum(), problems
