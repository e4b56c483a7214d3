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
from pandas.api.types import union_categoricals

from ghg.core.i18n import N_
from ghg.engine.territorial import counted_once
from ghg.factors.library import activities
from ghg.factors.pollutants import BASES, POLLUTANTS, match_activities, pollutant_factors
from ghg.inputs.activity import row_kinds
from ghg.sectors.run import sector_rows

if TYPE_CHECKING:
    from ghg.engine.result import Result

#: Columns of ``pollutants.csv``: the emissions table's key with ``pollutant`` for ``gas``.
POLLUTANT_COLUMNS = ("source_id", "year", "category", "scope", "pollutant", "emissions_t")
#: Columns of ``pollutants_missing.csv``.
MISSING_COLUMNS = ("activity", "category", "pollutant", "factor_id", "rows", "first_year",
                   "last_year", "reason")
#: Text columns of a source row (categoricals).
TEXT = ("source_id", "category", "activity")
#: Activity kinds that emit air pollutants here (purchased electricity does so at the plant).
SOURCE_KINDS = ("fuel", "livestock", "soil_n", "crop_burning")
#: Treatments of the burnt-waste stream and the activity key each is matched as.
BURNT_AS = {"open_burning": "open_burnt_waste", "incineration": "incinerated_waste"}


# Why a pollutant of an activity has no emission (the reason column of pollutants_missing.csv,
# written in English; the report shows it in its language).
NO_GROUP = N_("no EMEP/EEA 2023 factor group is mapped to this activity and category "
              "(ghg/factors/data/pollutant_activities.csv)")
NO_FACTOR = N_("no factor in this set: {note}")
NO_AMOUNT = N_("the activity amount this factor multiplies is not known for these rows "
               "(e.g. fuel mass of an amount in TJ without an NCV)")
NO_VALUE = N_("the guidebook Tier 1 table ({table}) has no value for this pollutant in this set; "
              "see pollutants_emep2023.toml")
#: The reasons, each with its one placeholder (if any).
REASONS = (NO_GROUP, NO_FACTOR, NO_AMOUNT, NO_VALUE)

@dataclass(frozen=True)
class Pollutants:
    """``table``: tonnes per source, year, category and pollutant; ``missing``: activity,
    category and pollutant combinations of the run that have no factor, with the reason."""

    table: pd.DataFrame
    missing: pd.DataFrame


def pollutants(result: Result) -> Pollutants:
    """The run's air pollutants and the factor coverage.

    Factors depend only on a row's activity and category, so they are resolved per distinct
    key into a small (key × pollutant) matrix; each row then costs one gather and one multiply
    per pollutant, and the sums run on integer codes."""
    sources = _sources(result)
    if not len(sources):
        return Pollutants(pd.DataFrame(columns=list(POLLUTANT_COLUMNS)),
                          pd.DataFrame(columns=list(MISSING_COLUMNS)))
    key, keys, values, coef, share = _values(sources)
    table = _table(sources, keys, key, values)
    missing = _missing(sources, keys, key, values, coef, share)
    return Pollutants(table, missing)


def by_activity(result: Result, year: int) -> pd.DataFrame:
    """Tonnes of each pollutant by reported category and activity in ``year``, all sources:
    what a scenario measure that cuts an activity saves (:mod:`ghg.scenario.cobenefits`)."""
    sources = _sources(result)
    sources = sources[sources["year"].to_numpy() == year].reset_index(drop=True)
    if not len(sources):
        return pd.DataFrame(columns=["category", "activity", "pollutant", "emissions_t"])
    key, keys, values, _coef, _share = _values(sources)
    # NaN where no row of the cell has a factor: a missing factor is not a zero
    sums = pd.DataFrame(values, columns=list(POLLUTANTS)).groupby(key).sum(min_count=1)
    cells = keys.iloc[sums.index.to_numpy()]
    wide = sums.assign(category=cells["out_category"].to_numpy(dtype=object),
                       activity=cells["activity"].to_numpy(dtype=object))
    long = wide.melt(id_vars=["category", "activity"], var_name="pollutant",
                     value_name="emissions_t")
    return long.groupby(["category", "activity", "pollutant"], sort=True,
                        as_index=False)["emissions_t"].sum(min_count=1)


def _values(sources: pd.DataFrame):
    """Per source row and pollutant, tonnes (NaN without a factor); with the keys and factors."""
    key, keys = _keys(sources)
    coef, basis, share = _matrices(keys)
    amounts = np.column_stack([sources[b].to_numpy(dtype=float) for b in BASES])
    values = np.full((len(sources), len(POLLUTANTS)), np.nan)
    rows = np.arange(len(sources))
    for j in range(len(POLLUTANTS)):  # eight pollutants, each one gather and one multiply
        values[:, j] = amounts[rows, basis[key, j]] * coef[key, j]
    pm25 = values[:, POLLUTANTS.index("PM2.5")]
    bc = POLLUTANTS.index("BC")
    values[:, bc] = np.where(np.isfinite(share[key]), pm25 * share[key], values[:, bc])
    return key, keys, values, coef, share


def _keys(sources: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's index into the distinct (activity, category) keys, and the keys matched to
    their factor group."""
    codes = [sources[c].cat.codes.to_numpy().astype(np.int64) for c in ("activity", "category")]
    n_cat = len(sources["category"].cat.categories)
    used, key = np.unique(codes[0] * n_cat + codes[1], return_inverse=True)
    keys = pd.DataFrame({
        "activity": np.asarray(sources["activity"].cat.categories, dtype=object)[used // n_cat],
        "category": np.asarray(sources["category"].cat.categories, dtype=object)[used % n_cat]})
    keys = pd.concat([keys, match_activities(keys)], axis=1)
    keys["out_category"] = keys["report_category"].where(keys["report_category"].ne(""),
                                                         keys["category"])
    return key.astype(np.int64), keys


def _matrices(keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per key and pollutant: t per unit of the basis (NaN: no factor) and the basis column;
    per key: the BC share of PM2.5 (NaN where BC is a factor of its own or absent)."""
    factors = pollutant_factors()
    pairs = keys[["factor_id"]].reset_index(names="k").merge(factors, on="factor_id")
    j = pd.Index(POLLUTANTS).get_indexer(pairs["species"])
    k = pairs["k"].to_numpy()
    coef = np.full((len(keys), len(POLLUTANTS)), np.nan)
    basis = np.zeros((len(keys), len(POLLUTANTS)), dtype=np.int64)
    share = np.full(len(keys), np.nan)
    direct = pairs["basis"].ne("").to_numpy()
    coef[k[direct], j[direct]] = pairs["t_per_unit"].to_numpy(dtype=float)[direct]
    basis[k[direct], j[direct]] = pd.Index(BASES).get_indexer(pairs["basis"][direct])
    share[k[~direct]] = pairs["bc_share"].to_numpy(dtype=float)[~direct]
    return coef, basis, share


def _sources(result: Result) -> pd.DataFrame:
    """One row per pollutant source: source, year, category, activity (categoricals) and its
    amounts (NaN where a basis does not apply)."""
    parts = [_energy_sources(result)]
    if result.sectors is not None:
        frame = result.all_rows
        parts += [_sector_sources(frame), _burnt_sources(result, frame)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame()
    out = pd.DataFrame({"year": np.concatenate([p["year"].to_numpy(dtype=np.int64)
                                                for p in parts])})
    for column in TEXT:
        out[column] = union_categoricals([_text(p[column]) for p in parts])
    for basis in BASES:
        out[basis] = np.concatenate([p[basis].to_numpy(dtype=float) if basis in p
                                     else np.full(len(p), np.nan) for p in parts])
    return out


def _text(values) -> pd.Categorical:
    """A text column as a categorical with plain ``str`` categories (parts built from files,
    frames and streams then join without hashing every row again)."""
    cat = pd.Categorical(values)
    return pd.Categorical.from_codes(cat.codes, pd.Index(cat.categories.astype(str), dtype=object))


def _energy_sources(result: Result) -> pd.DataFrame:
    """Fuel rows of the energy path with the energy (TJ) and mass (t) it computed."""
    calc = result.calculation
    frame = calc.frame
    activity = frame["activity"].cat
    fuel = (activities()["kind"].reindex(activity.categories).to_numpy(dtype=object)
            == "fuel")[activity.codes.to_numpy()]
    return pd.DataFrame({**{c: frame[c].array[fuel] for c in TEXT},
                         "year": frame["year"].to_numpy(dtype=np.int64)[fuel],
                         "energy_tj": calc.energy_tj[fuel], "fuel_t": calc.fuel_mass_t[fuel]})


def _sector_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Livestock (head), N applied (t N) and crop residue burning rows (no factor here yet, so
    they appear in the missing table)."""
    at = np.flatnonzero(np.isin(row_kinds(frame), [k for k in SOURCE_KINDS if k != "fuel"]))
    if not len(at):
        return pd.DataFrame()
    activity = frame["activity"].iloc[at].astype(str).to_numpy()
    kind = activities()["kind"].reindex(activity).to_numpy(dtype=object)
    head = np.full(len(at), np.nan)
    n_t = np.full(len(at), np.nan)
    counted = kind == "livestock"
    if counted.any():
        head[counted] = _amount(frame, at[counted], "head")
    mass = kind == "soil_n"
    if mass.any():
        n_t[mass] = _amount(frame, at[mass], "t")
    return pd.DataFrame({"source_id": frame["source_id"].iloc[at].astype(str).to_numpy(),
                         "year": frame["year"].to_numpy(dtype=np.int64)[at],
                         "category": frame["category"].iloc[at].astype(str).to_numpy(),
                         "activity": activity, "head": head, "n_t": n_t})


def _amount(frame: pd.DataFrame, at: np.ndarray, unit: str) -> np.ndarray:
    """The amounts of the rows at ``at`` in ``unit`` (only the two columns it needs taken)."""
    from ghg.sectors.method import SectorRows

    unit_column = frame["unit"].array.take(at)
    if isinstance(unit_column, pd.Categorical):
        unit_column = unit_column.remove_unused_categories()
    return SectorRows(pd.DataFrame({"amount": frame["amount"].to_numpy()[at],
                                    "unit": unit_column})).amount_in(unit)


def _burnt_sources(result: Result, frame: pd.DataFrame) -> pd.DataFrame:
    """Waste burnt, from the same stream the 4.C method computed its CO2 from (kept by the run;
    worked out again only for results that did not keep it)."""
    from ghg.sectors.waste.method import burnt_waste

    assert result.sectors is not None
    burnt = result.sectors.burnt_waste
    if burnt is None:
        rows = sector_rows(frame, ("msw", "incineration", "open_burning"))
        if not len(rows):
            return pd.DataFrame()
        burnt = burnt_waste(rows, result.sectors.context())
    if not len(burnt):
        return pd.DataFrame()
    row = burnt["row"].to_numpy(dtype=np.int64)
    return pd.DataFrame({"source_id": frame["source_id"].iloc[row].astype(str).to_numpy(),
                         "year": burnt["year"].to_numpy(dtype=np.int64),
                         "category": burnt["category"].astype(str).to_numpy(),
                         "activity": burnt["treatment"].map(BURNT_AS).to_numpy(dtype=object),
                         "waste_t": burnt["mass"].to_numpy(dtype=float)})


def _table(sources: pd.DataFrame, keys: pd.DataFrame, key: np.ndarray,
           values: np.ndarray) -> pd.DataFrame:
    """Values summed per source, year, reported category and pollutant: one group index over
    the rows, then one ``np.bincount`` per pollutant; cells without a value are not written."""
    out_cat, cat_names = pd.factorize(keys["out_category"].to_numpy(dtype=object), sort=True)
    source = sources["source_id"].cat
    src_names = np.asarray(source.categories, dtype=str)
    order = np.argsort(src_names, kind="stable")
    src_rank = np.empty(len(order), dtype=np.int64)
    src_rank[order] = np.arange(len(order))  # alphabetical rank of each source code
    year = sources["year"].to_numpy(dtype=np.int64)
    y0 = int(year.min())
    shape = (len(src_names), int(year.max()) - y0 + 1, len(cat_names))
    flat = np.ravel_multi_index((src_rank[source.codes.to_numpy()], year - y0,
                                 out_cat[key]), shape)
    groups, group = np.unique(flat, return_inverse=True)
    finite = np.isfinite(values)
    sums = np.column_stack([np.bincount(group, weights=np.where(finite[:, j], values[:, j], 0.0),
                                        minlength=len(groups)) for j in range(len(POLLUTANTS))])
    present = np.column_stack([np.bincount(group, weights=finite[:, j], minlength=len(groups))
                               for j in range(len(POLLUTANTS))]) > 0
    g, j = np.nonzero(present)  # row-major: group order, then pollutant order
    s, y, c = np.unravel_index(groups[g], shape)
    return pd.DataFrame({  # text as categoricals: millions of rows, a few distinct names
        "source_id": pd.Categorical.from_codes(s, pd.Index(src_names[order], dtype=object))
        .remove_unused_categories(),
        "year": (y + y0).astype(np.int64),
        "category": pd.Categorical.from_codes(c, pd.Index(cat_names, dtype=object))
        .remove_unused_categories(),
        "scope": np.ones(len(g), dtype=np.int64),
        "pollutant": pd.Categorical.from_codes(j, pd.Index(POLLUTANTS, dtype=object)),
        "emissions_t": sums[g, j]})


def _missing(sources: pd.DataFrame, keys: pd.DataFrame, key: np.ndarray, values: np.ndarray,
             coef: np.ndarray, share: np.ndarray) -> pd.DataFrame:
    """Every activity, category and pollutant of the run without a value, and why."""
    lacking = ~np.isfinite(values)
    year = sources["year"].to_numpy(dtype=np.int64)
    y0 = int(year.min())
    n_years, n_pol = int(year.max()) - y0 + 1, len(POLLUTANTS)
    # rows lacking a value, per (key, year) and pollutant: bincounts over the rows
    key_years, group = np.unique(key * n_years + (year - y0), return_inverse=True)
    lack = np.column_stack([np.bincount(group, weights=lacking[:, j], minlength=len(key_years))
                            for j in range(n_pol)])
    ky, j = np.nonzero(lack)
    # per (key, pollutant) cell: rows lacking a value, first and last year (numpy, no groupby)
    hit, cell = np.unique(key_years[ky] // n_years * n_pol + j, return_inverse=True)
    cell = cell.reshape(-1)
    cell_year = key_years[ky] % n_years + y0
    count = np.zeros(hit.max() + 1 if len(hit) else 0, dtype=np.int64)
    first = np.zeros_like(count)
    last = np.zeros_like(count)
    count[hit] = np.bincount(cell, weights=lack[ky, j], minlength=len(hit)).round()\
        .astype(np.int64)
    low = np.full(len(hit), np.iinfo(np.int64).max)
    high = np.full(len(hit), np.iinfo(np.int64).min)
    np.minimum.at(low, cell, cell_year)
    np.maximum.at(high, cell, cell_year)
    first[hit] = low
    last[hit] = high
    hit = np.flatnonzero(count)
    k, j = hit // n_pol, hit % n_pol
    has_factor = np.isfinite(coef[k, j]) | ((np.array(POLLUTANTS)[j] == "BC")
                                             & np.isfinite(share[k]))
    tables = pollutant_factors().drop_duplicates("factor_id").set_index("factor_id")["table"]
    factor_id = keys["factor_id"].to_numpy(dtype=object)[k]
    reason = np.select(
        [~keys["matched"].to_numpy(dtype=bool)[k], factor_id == "", has_factor],
        [NO_GROUP,
         NO_FACTOR.split("{")[0] + pd.Series(keys["note"].to_numpy(dtype=object)[k])
         .astype(str).to_numpy(dtype=object),  # object arrays: numpy 1 has no str "+" ufunc
         NO_AMOUNT],
        default=NO_VALUE.split("{")[0] + pd.Series(factor_id).map(tables).fillna("")
        .astype(str).to_numpy() + NO_VALUE.split("}")[1])
    out = pd.DataFrame({"activity": keys["activity"].to_numpy(dtype=object)[k],
                        "category": keys["category"].to_numpy(dtype=object)[k],
                        "pollutant": np.array(POLLUTANTS, dtype=object)[j],
                        "factor_id": factor_id, "rows": count[hit],
                        "first_year": first[hit], "last_year": last[hit],
                        "reason": reason.astype(object), "_j": j})
    out = out.sort_values(["activity", "category", "_j"], kind="stable")
    return out[list(MISSING_COLUMNS)].reset_index(drop=True)


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
