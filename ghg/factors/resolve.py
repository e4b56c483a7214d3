"""Resolving factors for distinct (source, activity, category, year) keys.

Resolution works on the distinct keys of an activity table, never on its rows: the caller maps
the result back to rows by integer codes. For each key and each needed (parameter, gas):

1. candidate rows are those of the same activity whose category is the key's category, one of its
   ancestors, or ``*``, whose valid years contain the key's year, and whose ``source_id`` is empty
   or the key's source;
2. the winner is the candidate of the facility's own factor (``source_id`` given) first, then of
   the set listed first, then of the most specific category.

A need with no candidate is an error listing every missing key, unless a documented year fallback
applies (``latest``: the most recent earlier year of the same factor), which is then flagged.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
import pandas as pd

from ghg.core.categories import ANY, lineage
from ghg.core.errors import FactorNotFoundError
from ghg.core.i18n import N_, _, fill_english
from ghg.factors.library import FactorLibrary, activities

YearFallback = Literal["none", "latest"]

#: Parameters each quantity of an activity needs besides its emission factors.
NEEDS_BY_QUANTITY = {"mass": ("ncv",), "volume": ("ncv", "density"), "heat": (), "electric": ()}


#: The flag of a factor taken from an earlier year. Run files keep it in English (they are data);
#: :func:`fallback_message` gives it in the user's language.
YEAR_FALLBACK = N_("year fallback: latest published year {latest} used for {year}")
_YEAR_FALLBACK = re.compile(r"year fallback: latest published year (\d+) used for (\d+)")


def fallback_message(flag: str) -> str:
    """A fallback ``flag`` of a run in the current language (other flags as they are).

    >>> fallback_message("year fallback: latest published year 2023 used for 2024")
    'year fallback: latest published year 2023 used for 2024'
    """
    match = _YEAR_FALLBACK.fullmatch(flag)
    return _(YEAR_FALLBACK).format(latest=match[1], year=match[2]) if match else flag


def needs(keys: pd.DataFrame) -> pd.DataFrame:
    """Expand keys (``activity``, ``quantity`` columns) into one row per (parameter, gas) needed.

    Examples
    --------
    >>> keys = pd.DataFrame({"key": [0], "activity": ["diesel"], "quantity": ["volume"]})
    >>> needs(keys)[["parameter", "gas"]].values.tolist()
    [['ncv', ''], ['density', ''], ['ef', 'CO2'], ['ef', 'CH4'], ['ef', 'N2O']]
    """
    registry = activities()
    rows = []
    for quantity, parameters in NEEDS_BY_QUANTITY.items():
        rows += [(quantity, parameter, "") for parameter in parameters]
    extra = pd.DataFrame(rows, columns=["quantity", "parameter", "gas"])
    # (activity, gas) pairs of the registry's few rows in plain Python (an activity without
    # gases keeps one row, gas NaN, as Series.explode gives): pandas 2.2's explode on the shared
    # cached registry fails now and then when two threads run it at once (dask's threaded
    # scheduler; tests/integration/test_schedulers.py, 3 runs in 6 at the lowest versions).
    gases = pd.DataFrame([(activity, gas) for activity, listed
                          in zip(registry.index, registry["gases"], strict=True)
                          for gas in (listed or [np.nan])], columns=["activity", "gas"])
    emission = keys[["key", "activity"]].merge(gases, on="activity").assign(parameter="ef")
    if "not_estimated" in keys:  # gases a row declares not estimated (NE) need no factor
        declared = keys.set_index("key")["not_estimated"].reindex(emission["key"]).fillna("")
        skip = [gas in text.split() for gas, text in zip(emission["gas"], declared,
                                                          strict=True)]  # one per key and gas
        emission = emission[~np.asarray(skip, dtype=bool)]
    other = keys[["key", "quantity"]].merge(extra, on="quantity")
    wanted = pd.concat([other[["key", "parameter", "gas"]], emission[["key", "parameter", "gas"]]])
    order = {"ncv": 0, "density": 1, "ef": 2}
    wanted = wanted.assign(_o=wanted["parameter"].map(order)).sort_values(["key", "_o"],
                                                                           kind="stable")
    return wanted.drop(columns="_o").merge(keys, on="key").reset_index(drop=True)


def resolve(library: FactorLibrary, keys: pd.DataFrame,
            year_fallback: YearFallback = "none") -> pd.DataFrame:
    """Choose the winning factor for every need of every key.

    ``keys`` has columns ``key, source_id, activity, category, year, quantity`` (``source_id``
    empty for keys without facility factors). Returns one row per need with ``key, parameter,
    gas, value`` (canonical unit), ``factor_row`` (index into ``library.table``) and ``flag``.

    Raises
    ------
    FactorNotFoundError
        listing every (activity, category, year) with a missing factor.
    """
    wanted = needs(keys)
    wanted["need"] = np.arange(len(wanted))
    chains = _lineages(wanted["category"].unique())
    candidates = (
        wanted.merge(chains, on="category")
        .merge(_factor_rows(library), on=["activity", "factor_category", "parameter", "gas"])
    )
    generic = candidates["source_id_factor"].eq("")
    own = candidates["source_id_factor"].eq(candidates["source_id"])
    # A facility's own factor (source_id given and matching) ranks before every generic one.
    candidates = candidates.assign(own_rank=np.where(own & ~generic, 0, 1))[generic | own]
    year = candidates["year"]
    after_start = candidates["year_from"].isna() | (candidates["year_from"] <= year)
    before_end = candidates["year_to"].isna() | (candidates["year_to"] >= year)
    in_years = (after_start & before_end).fillna(False).to_numpy(dtype=bool)
    order = ["need", "own_rank", "set_rank", "depth"]
    chosen = candidates[in_years].sort_values(order, kind="stable").drop_duplicates("need")
    chosen = chosen.assign(flag="")
    missing = wanted[~wanted["need"].isin(chosen["need"])]
    if len(missing) and year_fallback == "latest":
        earlier = candidates[~in_years & (candidates["year_to"] < year).fillna(False)]
        earlier = earlier[earlier["need"].isin(missing["need"])]
        latest = earlier.sort_values(["need", "own_rank", "set_rank", "year_to", "depth"],
                                     ascending=[True, True, True, False, True], kind="stable")
        latest = latest.drop_duplicates("need")
        latest = latest.assign(flag=fill_english(YEAR_FALLBACK, latest=latest["year_to"],
                                                 year=latest["year"]))
        chosen = pd.concat([chosen, latest])
        missing = wanted[~wanted["need"].isin(chosen["need"])]
    if len(missing):
        raise FactorNotFoundError(_missing_messages(missing, year_fallback))
    chosen = chosen.sort_values("need")
    return chosen[["key", "parameter", "gas", "canonical_value", "factor_row", "flag"]].rename(
        columns={"canonical_value": "value"}).reset_index(drop=True)


def _lineages(categories: np.ndarray) -> pd.DataFrame:
    rows = []
    for code in categories:
        chain = lineage(code)
        rows += [(code, ancestor, depth) for depth, ancestor in enumerate(chain)]
        rows.append((code, ANY, len(chain)))
    return pd.DataFrame(rows, columns=["category", "factor_category", "depth"])


def _factor_rows(library: FactorLibrary) -> pd.DataFrame:
    table = library.table
    return pd.DataFrame({
        "activity": table["activity"], "factor_category": table["category"],
        "parameter": table["parameter"], "gas": table["gas"],
        "year_from": table["year_from"], "year_to": table["year_to"],
        "source_id_factor": table["source_id"], "set_rank": table["set_rank"],
        "canonical_value": table["canonical_value"], "factor_row": np.arange(len(table)),
    })


def _missing_messages(missing: pd.DataFrame, year_fallback: YearFallback) -> list[str]:
    named = missing.assign(need_name=missing["parameter"].where(
        missing["gas"].eq(""), missing["parameter"] + " " + missing["gas"]))
    per_key = (named.groupby(["activity", "category", "source_id", "year"], sort=True)["need_name"]
               .agg(lambda names: ", ".join(dict.fromkeys(names))).rename("names").reset_index())
    per_key["year"] = per_key["year"].astype(int)
    grouped = per_key.groupby(["activity", "category", "source_id", "names"], sort=True)["year"]
    messages = []
    for (activity, category, source_id, names), years in grouped:
        who = f" for source {source_id!r}" if source_id else ""
        electricity = activities().loc[activity, "kind"] == "electricity"
        hint = ("add a factor for that year to a factor set, or choose a documented fallback "
                "(--grid-ef-fallback latest)" if year_fallback == "none" and electricity else
                "add the factor to a factor set (inventory factors/ folder) or use another set")
        messages.append(f"no factor for activity {activity!r}, category {category!r}{who}, "
                        f"{_years_text(years.to_numpy())}: missing {names}; {hint}")
    return messages


def _years_text(years: np.ndarray) -> str:
    """``year 2024`` or ``years 2020-2022, 2024``: runs of consecutive years joined."""
    years = np.unique(years)
    breaks = np.flatnonzero(np.diff(years) != 1) + 1
    runs = [f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in np.split(years, breaks)]
    return ("year " if len(years) == 1 else "years ") + ", ".join(runs)
