"""Facility emissions set beside the provincial totals of the same categories.

Facility direct emissions sit inside the provincial categories, not on top of them: the provincial
total of a category comes from the aggregate sources (``province``, districts: every source that is
not in the facility register), and the facilities' sum must fit inside it. The reconciliation
shows, per category (and every ancestor), year and gas, the facility sum beside the provincial
total and flags a facility sum above it. Purchased electricity (scope 2) of the facilities is shown
in its own column and never enters the territorial totals.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ghg.core.categories import codes
from ghg.core.codes import ancestor_edges
from ghg.core.schema import GASES
from ghg.province.tree import ALL_GASES, aggregate

#: Relative slack before a facility sum counts as above the provincial total (float rounding).
RTOL = 1e-9
EXCEEDS = "exceeds provincial total"
WITHIN = "within provincial total"
NO_PROVINCIAL = "no provincial estimate at this level"


def reconcile_facilities(emissions: pd.DataFrame, facility_ids: Iterable[str],
                         aggregate_sources: Iterable[str] | None = None) -> pd.DataFrame:
    """Facility sums beside provincial totals, per category (with ancestors), year and gas.

    Parameters
    ----------
    emissions
        The engine's emissions table (``source_id, year, category, scope, gas, emissions_t,
        co2e_t``).
    facility_ids
        The register's facility codes; every other ``source_id`` is an aggregate source.
    aggregate_sources
        If given, the aggregate sources expected (e.g. ``["province"]``): a source in neither
        list is an error, so a mistyped facility code is not silently taken as provincial.

    Returns
    -------
    pandas.DataFrame
        ``category, title, year, gas, facilities, facility_t, provincial_t, facility_share,
        status, facility_scope2_t`` for every category, year and gas where a facility reports
        (gas ``CO2e`` sums all gases in t CO2e). ``facilities`` counts the facilities with any
        row (direct or electricity) in the category or its sub-categories that year. ``status``
        is ``exceeds provincial total``, ``within provincial total`` or ``no provincial estimate
        at this level`` (a provincial value given only at a parent is compared at that parent).

    Examples
    --------
    >>> rows = pd.DataFrame({"source_id": ["F1", "F1", "province"], "year": 2020,
    ...                      "category": ["1.A.2.e", "1.A.2.e", "1.A.2"], "scope": [1, 2, 1],
    ...                      "gas": "CO2", "emissions_t": [120.0, 30.0, 100.0],
    ...                      "co2e_t": [120.0, 30.0, 100.0]})
    >>> table = reconcile_facilities(rows, ["F1"]).query("gas == 'CO2'")
    >>> shown = table[["category", "facility_t", "provincial_t", "status"]].iloc[3:]
    >>> print(shown.to_string(index=False))
    category  facility_t  provincial_t                               status
       1.A.2       120.0         100.0             exceeds provincial total
     1.A.2.e       120.0           NaN no provincial estimate at this level
    """
    facilities = set(facility_ids)
    source = emissions["source_id"].astype(str)
    if aggregate_sources is not None:
        unknown = sorted(set(source) - facilities - set(aggregate_sources))
        if unknown:
            raise ValueError("sources neither in the facility register nor listed as aggregate "
                             f"sources: {', '.join(unknown)}; add them to facilities.csv or to "
                             "the aggregate sources")
    columns = ["source_id", "category", "year", "scope", "gas", "emissions_t", "co2e_t"]
    rows = emissions[columns]
    is_facility = source.isin(facilities).to_numpy()
    direct = rows["scope"].astype(int).to_numpy() == 1
    keys = ["category", "year", "gas"]
    facility = _totals(rows[is_facility & direct], "facility_t")
    scope2 = _totals(rows[is_facility & ~direct].assign(scope=1), "facility_scope2_t")
    provincial = _totals(rows[~is_facility & direct], "provincial_t")
    table = facility.merge(scope2, on=[*keys, "title"], how="outer")
    table = table.merge(provincial.drop(columns="title"), on=keys, how="left")
    table = table.merge(_facility_counts(rows[is_facility]), on=["category", "year"], how="left")
    table[["facility_t", "facility_scope2_t"]] = table[
        ["facility_t", "facility_scope2_t"]].fillna(0.0)
    has_provincial = table["provincial_t"].notna().to_numpy()
    above = table["facility_t"].to_numpy() > (
        table["provincial_t"].to_numpy() + RTOL * np.abs(table["provincial_t"].to_numpy()))
    table["status"] = np.where(~has_provincial, NO_PROVINCIAL,
                               np.where(above, EXCEEDS, WITHIN))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = table["facility_t"].to_numpy() / table["provincial_t"].to_numpy()
    table["facility_share"] = np.where(has_provincial & (table["provincial_t"] != 0), share,
                                       np.nan)
    table = table.sort_values(["category", "year", "gas"], key=_display_order, kind="stable")
    return table[["category", "title", "year", "gas", "facilities", "facility_t", "provincial_t",
                  "facility_share", "status", "facility_scope2_t"]].reset_index(drop=True)


def _totals(rows: pd.DataFrame, name: str) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame({"category": pd.Series(dtype=object), "title": pd.Series(dtype=object),
                             "year": pd.Series(dtype="int64"), "gas": pd.Series(dtype=object),
                             name: pd.Series(dtype=float)})
    table = aggregate(rows)
    table = table[table["part"] == "total"]
    return table[["category", "title", "year", "gas", "emissions_t"]].rename(
        columns={"emissions_t": name})


def _facility_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """How many facilities report in each category (with its sub-categories) and year."""
    edges = ancestor_edges(rows["category"].astype(str).unique())
    spread = rows[["source_id", "category", "year"]].astype({"category": str}).merge(
        edges, left_on="category", right_on="leaf")
    counts = spread.groupby(["ancestor", "year"])["source_id"].nunique().rename("facilities")
    return counts.reset_index().rename(columns={"ancestor": "category"})


def _display_order(column: pd.Series) -> pd.Series:
    """Tree order of categories, gases as in :func:`aggregate` (CO2, CH4, N2O, ..., CO2e)."""
    if column.name == "category":
        return column.map({code: index for index, code in enumerate(codes())})
    if column.name == "gas":
        known = {gas: index for index, gas in enumerate(GASES)}
        return column.map(lambda gas: known.get(gas, len(known) + (gas == ALL_GASES)))
    return column
