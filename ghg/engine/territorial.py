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
    rows = text if scope is None else text[text["scope"] == scope]
    rows = rows.reset_index(drop=True)
    provincial = rows["source_id"].isin(aggregate_sources).to_numpy()
    facility = rows.loc[~provincial].reset_index(drop=True)
    covered = _covered(rows.loc[provincial], facility)
    kept = pd.concat([rows.loc[provincial], facility.loc[~covered]], ignore_index=True)
    keys = ["category", "year", "gas", *by]
    table = kept.groupby(keys, sort=True)[["emissions_t", "co2e_t"]].sum().reset_index()
    return table[[*COLUMNS, *by]], facility.loc[covered].reset_index(drop=True)


def territorial_emissions(emissions: pd.DataFrame, aggregate_sources: list[str]
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scope 1 by (category, year, gas), facilities counted once: the territorial inventory."""
    return counted_once(emissions, aggregate_sources, scope=1)


def _covered(provincial: pd.DataFrame, facility: pd.DataFrame) -> np.ndarray:
    """Facility rows whose category, an ancestor or a descendant is reported provincially."""
    if facility.empty or provincial.empty:
        return np.zeros(len(facility), dtype=bool)
    codes = sorted(set(provincial["category"]) | set(facility["category"]))
    edges = ancestor_edges(codes)  # (leaf, ancestor) incl. (code, code)
    reported = provincial[["year", "gas", "category"]].drop_duplicates()
    # provincial categories and all their ancestors: a facility category among them is covered
    up = reported.merge(edges, left_on="category", right_on="leaf")[["year", "gas", "ancestor"]]
    # a facility category whose ancestor is reported provincially is covered too
    facility_up = facility[["year", "gas", "category"]].reset_index(names="position").merge(
        edges, left_on="category", right_on="leaf")
    hit_up = facility_up.merge(reported, left_on=["year", "gas", "ancestor"],
                               right_on=["year", "gas", "category"])["position"]
    hit_down = facility[["year", "gas", "category"]].reset_index(names="position").merge(
        up.rename(columns={"ancestor": "category"}).drop_duplicates(),
        on=["year", "gas", "category"])["position"]
    covered = np.zeros(len(facility), dtype=bool)
    covered[np.unique(np.concatenate([hit_up.to_numpy(), hit_down.to_numpy()]))
            .astype(np.int64)] = True
    return covered
