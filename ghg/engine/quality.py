"""Emission records with the input row they come from, and the data quality behind each year's
territorial total.

Every activity row carries a data-quality class (``data_quality``: published, estimate,
illustrative; none given = unclassified, docs/contracts.md §1). A record takes the class of the
row it was computed from; territorial emissions per class are counted once exactly as the
territorial totals are (:func:`ghg.engine.territorial.counted_once`), so the classes of a year
add up to that year's net total. This is the one place the shares are computed: the report's
first sheet and its HTML page both take them from here.

A landfill's first-order decay record of a year rests on every deposit of its site up to that
year; it takes the weakest class among the site's deposit rows, and at most ``estimate`` where
``[waste_history]`` fills the years before the data by a rule (``constant``, ``population``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.core.schema import DATA_QUALITY, GASES, MAIN_GASES, UNCLASSIFIED
from ghg.core.units import gwp100
from ghg.engine.accounting import DEPOSIT_KINDS, FOD_STEP
from ghg.engine.territorial import counted_once
from ghg.inputs.activity import QUALITY_COLUMN, energy_mask, row_kinds

if TYPE_CHECKING:
    from ghg.engine.result import Result

#: Classes from strongest to weakest; the report lists them in this order.
CLASSES: tuple[str, ...] = (*DATA_QUALITY, UNCLASSIFIED)
#: Waste-history rules that fill years before the data by assumption.
FILLING_RULES = ("constant", "population")
RECORD_COLUMNS = ["row", "source_id", "year", "category", "scope", "gas", "emissions_t",
                  "co2e_t", "step"]


def row_classes(frame: pd.DataFrame) -> np.ndarray:
    """The data-quality class of each input row (``unclassified`` where none is given)."""
    if QUALITY_COLUMN not in frame:
        return np.full(len(frame), UNCLASSIFIED, dtype=object)
    codes, names = pd.factorize(frame[QUALITY_COLUMN].astype(object).fillna(""))
    cleaned = np.array([str(n).strip().lower() or UNCLASSIFIED for n in names], dtype=object)
    return cleaned[codes] if len(names) else np.full(len(frame), UNCLASSIFIED, dtype=object)


def emission_records(result: Result) -> pd.DataFrame:
    """Every emission record of the run (scope 1 and 2, biogenic CO2 left out, as in
    ``emissions.csv``) with the input row (position in ``result.all_rows``) it belongs to.

    Summed per (source_id, year, category, scope, gas) these are ``result.emissions``.
    """
    frame = result.all_rows
    calc = result.calculation
    positions = np.flatnonzero(energy_mask(frame)) if len(frame) else np.zeros(0, np.int64)
    parts = []
    for index, gas in enumerate(MAIN_GASES):  # three gases, whole columns each
        counted = ~np.isnan(calc.emissions[index])
        if gas == "CO2":
            counted &= ~calc.biogenic
        rows = positions[counted]
        parts.append(pd.DataFrame({
            "row": rows, "year": frame["year"].to_numpy()[rows].astype(np.int64),
            "category": frame["category"].astype(str).to_numpy()[rows],
            "scope": calc.scope[counted].astype(np.int64), "gas": gas,
            "emissions_t": calc.emissions[index, counted], "step": "energy"}))
    if result.sectors is not None and len(result.sectors.records):
        records = result.sectors.records
        records = records.loc[~records["biogenic"].to_numpy(dtype=bool)]
        parts.append(pd.DataFrame({
            "row": records["row"].to_numpy(dtype=np.int64),
            "year": records["year"].to_numpy(dtype=np.int64),
            # the records' names, gathered by code (no text made per record)
            "category": records["category"].to_numpy(dtype=object), "scope": 1,
            "gas": records["gas"].to_numpy(dtype=object),
            "emissions_t": records["emissions_t"].to_numpy(dtype=float),
            "step": records["step"].to_numpy(dtype=object)}))
    out = pd.concat(parts, ignore_index=True)
    out["source_id"] = frame["source_id"].astype(str).to_numpy()[out["row"].to_numpy()]
    gwps = {gas: gwp100(result.gwp, gas) for gas in GASES}
    out["co2e_t"] = out["emissions_t"].to_numpy() * out["gas"].map(gwps).to_numpy(dtype=float)
    return out[RECORD_COLUMNS]


def record_classes(result: Result, records: pd.DataFrame) -> np.ndarray:
    """The data-quality class of each record: its row's, or for first-order decay the weakest
    of its site's deposit rows (at most ``estimate`` when the history is filled by a rule)."""
    frame = result.all_rows
    rank = pd.Series(np.arange(len(CLASSES)), index=list(CLASSES))
    row_rank = rank.reindex(row_classes(frame)).to_numpy()
    ranks = row_rank[records["row"].to_numpy()]
    fod = records["step"].to_numpy() == FOD_STEP
    if fod.any():
        deposit = np.isin(row_kinds(frame), DEPOSIT_KINDS)
        site = frame["source_id"].astype(str).to_numpy()
        weakest = pd.Series(row_rank[deposit]).groupby(site[deposit]).max()
        ranks[fod] = weakest.reindex(records.loc[fod, "source_id"]).to_numpy()
        if _history_rule(result) in FILLING_RULES:
            ranks[fod] = np.maximum(ranks[fod], rank["estimate"])
    return np.asarray(CLASSES, dtype=object)[ranks]


def _history_rule(result: Result) -> str:
    if result.sectors is None:
        return "none"
    history = result.sectors.context().setting("waste_history", {})
    return str(history.get("rule", "none")).lower() if isinstance(history, dict) else "none"


def emissions_by_quality(result: Result, aggregate_sources: list[str],
                         years: list[int] | np.ndarray) -> pd.DataFrame:
    """Net territorial emissions (scope 1, facilities counted once) of each year by
    data-quality class: ``year, data_quality, co2e_t, share`` with every class of
    :data:`CLASSES` for every year (0 where none), ``share`` of the year's net total.

    The classes of a year add up to its territorial total (removals count, net, in the class
    of their rows), so the shares add up to 1.
    """
    records = emission_records(result)
    records = records.assign(data_quality=record_classes(result, records))
    table, _ = counted_once(records, aggregate_sources, scope=1, by=("data_quality",))
    wide = (table.pivot_table(index="year", columns="data_quality", values="co2e_t",
                              aggfunc="sum", fill_value=0.0)
            .reindex(index=[int(y) for y in years], columns=list(CLASSES), fill_value=0.0))
    long = wide.stack().rename("co2e_t").reset_index()
    long.columns = ["year", "data_quality", "co2e_t"]
    total = long.groupby("year")["co2e_t"].transform("sum").to_numpy()
    share = np.divide(long["co2e_t"].to_numpy(), total, out=np.zeros(len(long)),
                      where=total != 0)
    return long.assign(share=share)
