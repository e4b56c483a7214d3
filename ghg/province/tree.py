"""Emissions summed up the IPCC 2006 tree (1 → 1.A → 1.A.2 ...), by gas and in CO2e, and checked.

Territorial totals hold direct (scope 1) emissions only: purchased electricity (scope 2) is
reported beside them, never inside. Removals are negative and summed as they are.

A value given at a non-leaf category (``3.A`` instead of ``3.A.1``) is the parent's own part, not
allocated to any child. It is kept, added to the parent, and shown on its own row as
``3.A (not allocated)``, so that ``parent = sum of children + own part`` holds exactly. Whether
such a value double counts one also given at a child cannot be told from the numbers: the check
:func:`ghg.province.qaqc.not_allocated` lists every case for the inventory officer.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ghg.core.categories import codes, is_category, lineage, title
from ghg.core.codes import ancestor_edges
from ghg.core.errors import GHGError
from ghg.core.schema import GASES

#: Label of the all-gases rows: ``emissions_t`` and ``co2e_t`` both hold tonnes CO2e there.
ALL_GASES = "CO2e"
#: Label of the all-regions rows when a ``region`` column is present.
ALL_REGIONS = "(all)"
NOT_ALLOCATED = " (not allocated)"
#: Relative tolerance of the children-sum check; sums of float tonnes differ only by rounding.
RTOL = 1e-9


class AggregationError(GHGError, ValueError):
    """A parent category whose value is not the sum of its children and its own part."""


def aggregate(emissions: pd.DataFrame) -> pd.DataFrame:
    """Scope 1 emissions of every category with data and of all its ancestors, by year and gas.

    Parameters
    ----------
    emissions
        The engine's emissions table: ``category, year, scope, gas, emissions_t, co2e_t``
        (``source_id`` and other columns are ignored), optionally ``region``. Only pass sources
        that do not overlap: if facility rows are already inside a provincial total, leave them
        out here (see :mod:`ghg.province.reconcile`).

    Returns
    -------
    pandas.DataFrame
        ``category, title, level, part, year, [region,] gas, emissions_t, co2e_t`` in tree order.
        ``category`` ``0`` is the grand total, ``level`` is the depth (``1`` = 1, ``1.A`` = 2).
        ``part`` is ``total`` for a category's full value or ``not allocated`` for the own part of
        a parent (category ``<code> (not allocated)``). Gas ``CO2e`` rows sum all gases in CO2e.
        With a ``region`` column, each region is summed apart and region ``(all)`` holds the sum.

    Examples
    --------
    >>> rows = pd.DataFrame({"category": ["3.A.1", "3.A.2", "1.A.2"], "year": 2020, "scope": 1,
    ...                      "gas": ["CH4", "CH4", "CO2"], "emissions_t": [10.0, 2.0, 100.0],
    ...                      "co2e_t": [280.0, 56.0, 100.0]})
    >>> table = aggregate(rows)
    >>> table.query("gas == 'CH4'")[["category", "emissions_t"]].to_numpy().tolist()
    [['0', 12.0], ['3', 12.0], ['3.A', 12.0], ['3.A.1', 10.0], ['3.A.2', 2.0]]
    >>> float(table.query("category == '0' and gas == 'CO2e'")["co2e_t"].iloc[0])
    436.0
    """
    keys = _keys(emissions)
    direct = emissions.loc[emissions["scope"].astype(int) == 1, [*keys, "emissions_t", "co2e_t"]]
    _check_categories(direct["category"])
    by_gas = direct.groupby(keys, observed=True, sort=False)[["emissions_t", "co2e_t"]].sum()
    own = by_gas.reset_index()
    all_gases = own.groupby([k for k in keys if k != "gas"], observed=True, sort=False)[
        "co2e_t"].sum().reset_index()
    all_gases["gas"] = ALL_GASES
    all_gases["emissions_t"] = all_gases["co2e_t"]
    own = pd.concat([own, all_gases], ignore_index=True)
    if "region" in keys:
        every_region = own.groupby([k for k in keys if k != "region"], observed=True,
                                   sort=False)[["emissions_t", "co2e_t"]].sum().reset_index()
        every_region["region"] = ALL_REGIONS
        own = pd.concat([own, every_region], ignore_index=True)
    own["category"] = own["category"].astype(str)
    edges = ancestor_edges(own["category"].unique())
    totals = own.merge(edges, left_on="category", right_on="leaf", how="inner")
    totals = totals.groupby(["ancestor", *keys[1:]], sort=False)[
        ["emissions_t", "co2e_t"]].sum().reset_index().rename(columns={"ancestor": "category"})
    totals["part"] = "total"
    parents = set(edges.loc[edges["leaf"] != edges["ancestor"], "ancestor"])
    unallocated = own[own["category"].isin(parents)].copy()
    unallocated["part"] = "not allocated"
    table = pd.concat([totals, unallocated], ignore_index=True)
    return _labelled(table, keys)


def check_children_sum(table: pd.DataFrame, rtol: float = RTOL) -> None:
    """Raise :class:`AggregationError` unless every parent = its children + its own part.

    ``table`` has the layout of :func:`aggregate` (a table built elsewhere, or edited, can be
    checked the same way). A child present without its parent counts as a parent of zero. Every
    violation is listed in the message, naming the parent, year, gas (and region).

    Examples
    --------
    >>> bad = pd.DataFrame({"category": ["0", "3", "3.A", "3.C"], "part": "total",
    ...                     "year": 2020, "gas": "CH4", "emissions_t": [5.0, 5.0, 2.0, 2.0],
    ...                     "co2e_t": 0.0})
    >>> try:
    ...     check_children_sum(bad)
    ... except AggregationError as error:
    ...     print(error)
    3 CH4 2020: 5 t is not the sum of its children and own part, 4 t (3.A, 3.C)
    """
    keys = [k for k in ("year", "region", "gas") if k in table.columns]
    rows = table[["category", "part", *keys, "emissions_t"]].copy()
    rows["category"] = rows["category"].astype(str)
    allocated = rows["part"] != "not allocated"
    base = rows["category"].str.removesuffix(NOT_ALLOCATED)
    rows["parent"] = np.where(allocated, base.map(_parent), base)
    rows["child"] = np.where(allocated, rows["category"], "own part")
    children = rows[rows["parent"] != ""]
    summed = children.groupby(["parent", *keys], sort=False)["emissions_t"].sum()
    parents = rows[allocated].set_index(["category", *keys])["emissions_t"]
    parents.index = parents.index.set_names(["parent", *keys])
    compared = pd.DataFrame({"children_t": summed}).join(parents.rename("parent_t"), how="left")
    compared = compared.fillna({"parent_t": 0.0})
    scale = np.maximum(np.abs(compared["parent_t"]), np.abs(compared["children_t"]))
    wrong = compared[np.abs(compared["parent_t"] - compared["children_t"]) > rtol * scale]
    if len(wrong):
        raise AggregationError("\n".join(_violations(wrong, children, keys)))


def _violations(wrong: pd.DataFrame, children: pd.DataFrame, keys: list[str]) -> list[str]:
    """One line per wrong parent (the error path only: a loop over violations, not data)."""
    names = children.groupby(["parent", *keys], sort=False)["child"].agg(
        lambda child: ", ".join(sorted(child)))
    return [f"{' '.join(str(v) for v in _ordered(index, keys))}: {row.parent_t:g} t is "
            f"not the sum of its children and own part, {row.children_t:g} t "
            f"({names.loc[index]})" for index, row in wrong.iterrows()]


def _ordered(index: tuple, keys: list[str]) -> Iterable[object]:
    """Parent, gas, year, region: the order a reader looks for them."""
    named = dict(zip(["parent", *keys], index, strict=True))
    return [named[k] for k in ("parent", "gas", "year", "region") if k in named]


def _keys(emissions: pd.DataFrame) -> list[str]:
    missing = [c for c in ("category", "year", "scope", "gas", "emissions_t", "co2e_t")
               if c not in emissions.columns]
    if missing:
        raise ValueError(f"emissions table lacks column(s) {', '.join(missing)}")
    return ["category", "year", *(["region"] if "region" in emissions.columns else []), "gas"]


def _check_categories(category: pd.Series) -> None:
    unknown = sorted(c for c in pd.unique(category.astype(str)) if not is_category(c))
    if unknown:
        raise AggregationError("emissions carry categories outside the IPCC 2006 tree: "
                               + ", ".join(unknown))


def _parent(code: str) -> str:
    chain = lineage(code) if is_category(code) else ()
    return chain[1] if len(chain) > 1 else ""


def _labelled(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    tree_order = {code: index for index, code in enumerate(codes())}
    base = table["category"]
    table["order"] = base.map(tree_order)
    table["title"] = base.map({c: title(c) for c in base.unique()})
    table["level"] = base.str.count(r"\.") + 1 - (base == "0")
    unallocated = table["part"] == "not allocated"
    table.loc[unallocated, "category"] = base[unallocated] + NOT_ALLOCATED
    gases = [*GASES, *sorted(set(table["gas"]) - {*GASES, ALL_GASES}), ALL_GASES]
    table["gas_order"] = table["gas"].map({g: i for i, g in enumerate(gases)})
    table["own_part"] = unallocated  # a category's total first, then its own part
    sort = ["order", "own_part", "year", *(["region"] if "region" in keys else []), "gas_order"]
    table = table.sort_values(sort, kind="stable").reset_index(drop=True)
    return table[["category", "title", "level", "part", *keys[1:], "emissions_t", "co2e_t"]]
