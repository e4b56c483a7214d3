"""Territorial totals: every emission counted once, whoever reported it.

Aggregate sources (``aggregate_sources`` in inventory.toml: provincial statistics, district data,
the MSW stream) report whole categories. A facility's emissions sit inside those totals, not on
top of them: a facility row counts only where no aggregate source reports the same category, one
of its ancestors or one of its descendants in that year and gas (e.g. manufacturing covered only
by facility reports). Scope 1 gives the territorial inventory; the same rule gives the scope-2
memo (purchased electricity, never inside territorial totals) and the biogenic CO2 memo.

This is the one place these totals are computed: the report, the uncertainty and key-category
analysis, the scenario's base year and its progress all take them from here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.codes import ancestor_edges

#: Columns of a counted-once table.
COLUMNS = ["category", "year", "gas", "emissions_t", "co2e_t"]


def counted_once(emissions: pd.DataFrame, aggregate_sources: list[str], scope: int | None = 1,
                 by: tuple[str, ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Emissions of ``scope`` (all rows if ``None``) by (category, year, gas), each counted once.

    Returns the table (sorted by category, year, gas and the extra columns ``by``, e.g. the
    records' data-quality class) and the facility rows left out because an aggregate source
    covers them. Whether a row counts depends only on its source, category, year and gas.

    Examples
    --------
    >>> rows = pd.DataFrame({"source_id": ["province", "F1", "F2"], "year": 2020,
    ...                      "category": ["1.A.3", "1.A.3.b", "1.A.2"], "scope": 1, "gas": "CO2",
    ...                      "emissions_t": [100.0, 10.0, 5.0], "co2e_t": [100.0, 10.0, 5.0]})
    >>> table, left_out = counted_once(rows, ["province"])
    >>> table[["category", "co2e_t"]].values.tolist(), left_out["source_id"].tolist()
    ([['1.A.2', 5.0], ['1.A.3', 100.0]], ['F1'])
    """
    text = emissions.astype({"source_id": str, "category": str, "gas": str})
    rows = text if scope is None else text[text["scope"].to_numpy() == scope]
    provincial = rows["source_id"].isin(aggregate_sources).to_numpy()
    covered = _covered(rows, provincial)
    # the provincial rows first, then the facilities' rows counted: the order of each sum
    kept = np.concatenate([np.flatnonzero(provincial), np.flatnonzero(~provincial & ~covered)])
    keys = ["category", "year", "gas", *by]
    table = rows[[*keys, "emissions_t", "co2e_t"]].take(kept).groupby(keys, sort=True)[
        ["emissions_t", "co2e_t"]].sum().reset_index()
    return table[[*COLUMNS, *by]], rows.take(np.flatnonzero(covered)).reset_index(drop=True)


def territorial_emissions(emissions: pd.DataFrame, aggregate_sources: list[str]
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scope 1 by (category, year, gas), facilities counted once: the territorial inventory."""
    return counted_once(emissions, aggregate_sources, scope=1)


def _covered(rows: pd.DataFrame, provincial: np.ndarray) -> np.ndarray:
    """Facility rows (not ``provincial``) whose category, an ancestor or a descendant is
    reported provincially in the same year and gas.

    Reported cells form a 0/1 matrix (year and gas) x category; times the matrix of (category,
    ancestor or itself) it counts, for every category, the reported ancestors and descendants:
    a few hundred categories, whatever the number of rows."""
    facility = ~provincial
    if not facility.any() or not provincial.any():
        return np.zeros(len(rows), dtype=bool)
    category, codes = pd.factorize(rows["category"].to_numpy())
    year = pd.factorize(rows["year"].to_numpy())[0]
    gas, gases = pd.factorize(rows["gas"].to_numpy())
    cell = year * len(gases) + gas
    edges = ancestor_edges(codes)  # (leaf, itself or an ancestor)
    leaf, ancestor = (pd.Index(codes).get_indexer(edges[c]) for c in ("leaf", "ancestor"))
    present = ancestor >= 0  # ancestors no row reports play no part
    is_ancestor = np.zeros((len(codes), len(codes)), dtype=np.int64)  # [leaf, ancestor]
    is_ancestor[leaf[present], ancestor[present]] = 1
    reported = np.zeros((int(cell.max()) + 1, len(codes)), dtype=np.int64)
    reported[cell[provincial], category[provincial]] = 1
    ancestors_reported = reported @ is_ancestor.T  # [cell, category]: itself or an ancestor
    descendants_reported = reported @ is_ancestor  # itself or a descendant
    at = cell[facility], category[facility]
    covered = np.zeros(len(rows), dtype=bool)
    covered[facility] = (ancestors_reported[at] > 0) | (descendants_reported[at] > 0)
    return covered
