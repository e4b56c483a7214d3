"""Air pollutant factors (EMEP/EEA guidebook 2023, Tier 1) and which activity they apply to.

Two data tables beside the factor sets (not a factor set: they never enter GHG totals and have no
precedence): ``data/pollutants_emep2023.csv`` (one row per factor group and species, with the
guidebook chapter, table, page and how many transcriptions agree) and
``data/pollutant_activities.csv`` (activity key and IPCC category prefix -> factor group; the
longest matching prefix wins). Each factor's unit says what it multiplies: energy (TJ), fuel mass
(t), head of livestock, t of N applied or t of waste burnt (:data:`UNITS`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError
from ghg.factors.library import builtin_data

#: The species reported, in output order (SO2 stands for the guidebook's SOx as SO2).
POLLUTANTS: tuple[str, ...] = ("NOx", "SO2", "CO", "NMVOC", "NH3", "PM2.5", "PM10", "BC")

#: Factor unit -> (the activity amount it multiplies, tonnes of pollutant per unit of that
#: amount for a factor value of 1). BC given as % of PM2.5 has no entry: it scales PM2.5.
UNITS: dict[str, tuple[str, float]] = {
    "g/GJ": ("energy_tj", 1e-3),            # g/GJ = kg/TJ = 1e-3 t/TJ
    "g/kg fuel": ("fuel_t", 1e-3),
    "kg/t fuel": ("fuel_t", 1e-3),
    "g/t fuel": ("fuel_t", 1e-6),
    "kg/t waste": ("waste_t", 1e-3),
    "kg NH3/head/yr": ("head", 1e-3),       # per average animal place and year
    "kg NH3/kg N": ("n_t", 1.0),
    "kg NO2/kg N": ("n_t", 1.0),           # NOx is reported as NO2
    "g NH3/kg N": ("n_t", 1e-3),
}
BC_SHARE_UNIT = "% of PM2.5"
#: The amounts a factor may multiply, as named in :data:`UNITS`.
BASES: tuple[str, ...] = ("energy_tj", "fuel_t", "head", "n_t", "waste_t")

_FACTOR_COLUMNS = ("factor_id", "nfr", "fuel_or_activity", "species", "value", "unit", "chapter",
                   "table", "page", "transcriptions", "sources", "note")
_MAP_COLUMNS = ("activity", "category", "factor_id", "report_category", "note")


@cache
def pollutant_factors() -> pd.DataFrame:
    """The factor table, checked, with ``basis`` and ``t_per_unit`` (t of pollutant per unit of
    the basis; NaN for BC given as a share of PM2.5, whose ``bc_share`` is set instead)."""
    path = builtin_data() / "pollutants_emep2023.csv"
    table = _read(path, _FACTOR_COLUMNS)
    value = pd.to_numeric(table["value"], errors="coerce")
    unit = table["unit"]
    problems = [f"{path.name}:{i + 2}: {what}" for i, what in enumerate(
        np.where(value.isna() | (value < 0), "value is not a number >= 0",
                 np.where(~unit.isin([*UNITS, BC_SHARE_UNIT]), "unit is not known",
                          np.where(~table["species"].isin(POLLUTANTS), "species is not known",
                                   "")))) if what]
    if table.duplicated(["factor_id", "species"]).any():
        problems.append(f"{path.name}: a factor_id has two rows for one species")
    if problems:
        raise ConfigError("; ".join(problems))
    known = unit.isin(list(UNITS))
    table["value"] = value
    table["basis"] = unit.map({u: b for u, (b, _) in UNITS.items()}).fillna("")
    table["t_per_unit"] = np.where(known, value * unit.map(
        {u: s for u, (_, s) in UNITS.items()}).fillna(np.nan), np.nan)
    table["bc_share"] = np.where(unit == BC_SHARE_UNIT, value / 100.0, np.nan)
    table["transcriptions"] = table["transcriptions"].astype(int)
    return table


@cache
def pollutant_activities() -> pd.DataFrame:
    """The activity -> factor group table, checked against the factor table."""
    path = builtin_data() / "pollutant_activities.csv"
    table = _read(path, _MAP_COLUMNS)
    groups = set(pollutant_factors()["factor_id"])
    bad = table["factor_id"].ne("") & ~table["factor_id"].isin(groups)
    if bad.any():
        raise ConfigError(f"{path.name}:{int(np.flatnonzero(bad)[0]) + 2}: factor_id "
                          f"{table.loc[bad, 'factor_id'].iloc[0]!r} is not in "
                          "pollutants_emep2023.csv")
    if table.duplicated(["activity", "category"]).any():
        raise ConfigError(f"{path.name}: an activity and category appear twice")
    return table


def match_activities(keys: pd.DataFrame) -> pd.DataFrame:
    """For each distinct ``activity, category`` of ``keys``: the mapping row whose category is
    the longest prefix of it (``factor_id``, ``report_category``, ``note``); ``matched`` is False
    where no row applies. A loop over the few distinct keys, never over data rows."""
    by_activity = _mapping_by_activity()
    matched, factor_id, report_category, note = [], [], [], []
    for activity, category in zip(keys["activity"], keys["category"], strict=True):
        fits = [row for row in by_activity.get(activity, ())
                if category == row[0] or category.startswith(row[0] + ".")]
        # the longest prefix; among equal ones (never two: checked unique) the first
        hit = max(fits, key=lambda row: len(row[0])) if fits else ("", "", "", "")
        matched.append(bool(fits))
        factor_id.append(hit[1])
        report_category.append(hit[2])
        note.append(hit[3])
    return pd.DataFrame({"matched": np.array(matched, dtype=bool),
                         "factor_id": pd.Series(factor_id, dtype=object, index=keys.index),
                         "report_category": pd.Series(report_category, dtype=object,
                                                      index=keys.index),
                         "note": pd.Series(note, dtype=object, index=keys.index)},
                        index=keys.index)


@cache
def _mapping_by_activity() -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    """The mapping table as plain tuples (category, factor_id, report_category, note) per
    activity, in file order: matching the run's keys then costs no frame indexing."""
    table = pollutant_activities()
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in zip(table["activity"], table["category"], table["factor_id"],
                   table["report_category"], table["note"], strict=True):
        out.setdefault(row[0], []).append(row[1:])
    return {activity: tuple(rows) for activity, rows in out.items()}


def _read(path, columns: tuple[str, ...]) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(table.columns) != columns:
        raise ConfigError(f"{path.name}: columns {list(table.columns)} are not {list(columns)}")
    return table
