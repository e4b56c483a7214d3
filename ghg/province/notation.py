"""Notation keys (2006 IPCC Guidelines Vol 1 ch 8 §8.2.2): what each category and gas holds.

For every category of the IPCC 2006 tree down to a chosen depth, and every gas the engine
computes, the key is ``estimated`` (a number is reported) or one of:

- ``NO`` not occurring, ``IE`` included elsewhere, ``C`` confidential: only the inventory can say,
  in its ``notation_keys.csv`` (``category, gas, key, explanation``);
- ``NA`` not applicable: the inventory's table, else the gas is not listed for the category in
  ``ghg/data/gas_applicability.csv`` (Vol 1 ch 8 Table 8.2, see its ``.toml``);
- ``NE`` not estimated: the inventory's table, and the default for everything else, so that gaps
  in completeness show instead of reading as zero; a default NE says that no key was given and
  asks for one with its reason (issue #19: every empty category carries a key and a reason).

A key given for a parent (``2, *, NO``) also holds for its sub-categories that have no key and no
estimate of their own. ``C`` may sit beside an estimate (the number stays in the totals and is
hidden in the published table); NO, NE, NA and IE for a category with an estimate contradict it
and are rejected.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from ghg.core.categories import closest_codes, codes, is_category, lineage, title
from ghg.core.errors import InputError, Problem
from ghg.core.i18n import N_, _
from ghg.core.schema import MAIN_GASES
from ghg.province.tree import ALL_GASES, ALL_REGIONS

KEYS = {"NO": N_("not occurring"), "NE": N_("not estimated"), "NA": N_("not applicable"),
        "IE": N_("included elsewhere"), "C": N_("confidential")}
ESTIMATED = "estimated"
#: ``gas`` value of a notation-key row meaning every gas.
ANY_GAS = "*"
COLUMNS = ("category", "gas", "key", "explanation")


def notation_keys(aggregated: pd.DataFrame, keys: pd.DataFrame | None = None, depth: int = 4,
                  gases: tuple[str, ...] = MAIN_GASES) -> pd.DataFrame:
    """The notation-key table: one row per category (to ``depth``) and gas.

    Parameters
    ----------
    aggregated
        The table of :func:`ghg.province.tree.aggregate`; a category and gas with a row there is
        estimated (a computed zero is an estimate too).
    keys
        The inventory's ``notation_keys.csv`` as read (text columns ``category, gas, key,
        explanation``, plus ``file`` and ``line``), or ``None``.
    depth
        Deepest level listed (``1`` = sectors, ``3`` = ``1.A.1``, ``4`` = ``1.A.1.a``); deeper
        categories are listed too when they are estimated or named in ``keys``.
    gases
        Gases listed for every category.

    Returns
    -------
    pandas.DataFrame
        ``category, title, gas, key, explanation, basis`` in tree order; ``basis`` says where the
        key came from (``emissions``, ``notation_keys.csv:LINE``, ``inherited from <code>``,
        ``gas_applicability``, ``default``).

    Examples
    --------
    >>> done = pd.DataFrame({"category": ["0", "3", "3.C", "3.C.7"], "part": "total",
    ...                      "gas": "CH4", "year": 2020, "emissions_t": 5.0, "co2e_t": 140.0})
    >>> table = notation_keys(done, depth=2).set_index(["category", "gas"])["key"]
    >>> table["3", "CH4"], table["3.C", "N2O"], table["3.A", "CO2"], table["3.C.7", "CH4"]
    ('estimated', 'NE', 'NA', 'estimated')
    """
    user = read_notation_keys(keys) if keys is not None else _empty_keys()
    estimated = _estimated(aggregated)
    _reject_contradictions(user, estimated)
    listed = [c for c in codes() if c != "0" and (_depth(c) <= depth)]
    extra = set(estimated["category"]) | set(user["category"])
    categories = [c for c in codes() if c in extra or c in set(listed)]
    categories = [c for c in categories if c != "0"]
    grid = pd.DataFrame({"category": np.repeat(categories, len(gases)),
                         "gas": np.tile(np.array(gases, dtype=object), len(categories))})
    grid["title"] = grid["category"].map({c: title(c) for c in categories})
    grid["key"], grid["basis"] = "NE", "default"
    # An empty category without a key still says why it is empty and how to give the reason.
    grid["explanation"] = _("no estimate and no notation key given: add the key and its reason "
                            "to notation_keys.csv")
    not_applicable = grid.merge(_inapplicable(), on=["category", "gas"], how="left",
                                indicator=True)["_merge"].eq("both").to_numpy()
    grid.loc[not_applicable, ["key", "basis"]] = ["NA", "gas_applicability"]
    grid.loc[not_applicable, "explanation"] = _("gas not listed for this category in IPCC 2006 "
                                                "Vol 1 ch 8 Table 8.2")
    _apply_user_keys(grid, user, not_applicable)
    is_estimated = grid.merge(estimated, on=["category", "gas"], how="left",
                              indicator=True)["_merge"].eq("both").to_numpy()
    odd = is_estimated & not_applicable
    confidential = grid["key"].eq("C").to_numpy()
    grid.loc[is_estimated & ~confidential, ["key", "basis"]] = [ESTIMATED, "emissions"]
    grid.loc[is_estimated & ~confidential, "explanation"] = ""
    grid.loc[odd, "explanation"] = _("estimated for a gas not listed for this category in "
                                     "IPCC 2006 Vol 1 ch 8 Table 8.2: check the category")
    return grid[["category", "title", "gas", "key", "explanation", "basis"]]


def read_notation_keys(keys: pd.DataFrame, label: str = "notation_keys.csv") -> pd.DataFrame:
    """Check an inventory's notation-key rows; every bad row is reported at once.

    Raises :class:`ghg.core.errors.InputError` naming the file, line, column and value of each
    problem (unknown category, gas or key; IE without saying where; a category and gas given twice).
    Rows with gas ``*`` are expanded to every gas.
    """
    table = keys.copy()
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise InputError([Problem(label, 1, "header", None,
                                  f"column {c!r} is missing; expected columns "
                                  f"{', '.join(COLUMNS)}") for c in missing])
    if "file" not in table.columns:
        table["file"] = label
    if "line" not in table.columns:
        table["line"] = np.arange(2, len(table) + 2)
    for column in COLUMNS:
        table[column] = table[column].fillna("").astype(str).str.strip()
    table["key"] = table["key"].str.upper()
    problems: list[Problem] = []

    def report(mask: pd.Series, column: str, message: str) -> None:
        for file, line, value in zip(table.loc[mask, "file"], table.loc[mask, "line"],
                                     table.loc[mask, column], strict=True):
            problems.append(Problem(str(file), int(line), column, value, message))

    known = table["category"].map(is_category).astype(bool)
    for file, line, value in zip(table.loc[~known, "file"], table.loc[~known, "line"],
                                 table.loc[~known, "category"], strict=True):
        near = ", ".join(closest_codes(value)) or _("none close")
        problems.append(Problem(str(file), int(line), "category", value,
                                _("is not an IPCC 2006 category; expected a code such as 1.A.2 "
                                  "(closest: {near})").format(near=near)))
    report(~table["gas"].isin([*MAIN_GASES, ANY_GAS]), "gas",
           _("is not a gas the engine reports; expected one of {gases} or {any}").format(
               gases=", ".join(MAIN_GASES), any=ANY_GAS))
    report(~table["key"].isin(list(KEYS)), "key",
           _("is not a notation key; expected one of {keys}").format(
               keys=", ".join(f"{k} ({_(v)})" for k, v in KEYS.items())))
    report(table["key"].eq("IE") & table["explanation"].eq(""), "explanation",
           _("is empty; IE needs the category where the emissions are included"))
    expanded = _expand_any_gas(table)
    repeated = expanded.duplicated(["category", "gas"], keep="first")
    first = expanded.groupby(["category", "gas"])["line"].transform("min")
    for file, line, category, gas, before in zip(
            expanded.loc[repeated, "file"], expanded.loc[repeated, "line"],
            expanded.loc[repeated, "category"], expanded.loc[repeated, "gas"],
            first[repeated], strict=True):
        problems.append(Problem(str(file), int(line), "category", category,
                                _("with gas {gas} is already given on line {line}; expected "
                                  "one key per category and gas").format(gas=gas, line=before)))
    if problems:
        raise InputError(problems)
    return expanded.reset_index(drop=True)


@cache
def gas_applicability() -> pd.DataFrame:
    """``ghg/data/gas_applicability.csv``: ``category, gas, applicable`` (bool)."""
    text = resources.files("ghg").joinpath("data/gas_applicability.csv")
    with resources.as_file(text) as path:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["applicable"] = table["applicable"].map({"yes": True, "no": False}).astype(bool)
    return table


def _inapplicable() -> pd.DataFrame:
    table = gas_applicability()
    return table.loc[~table["applicable"], ["category", "gas"]]


def _estimated(aggregated: pd.DataFrame) -> pd.DataFrame:
    rows = aggregated[aggregated["gas"] != ALL_GASES]
    if "part" in rows.columns:
        rows = rows[rows["part"] != "not allocated"]
    if "region" in rows.columns:
        rows = rows[rows["region"] == ALL_REGIONS]
    return rows[["category", "gas"]].astype(str).drop_duplicates()


def _apply_user_keys(grid: pd.DataFrame, user: pd.DataFrame, not_applicable: np.ndarray) -> None:
    """Own keys first, then the nearest ancestor's key (a loop over the few hundred codes).

    An inherited key does not replace NA for a gas that does not apply to the sub-category.
    """
    given = {(c, g): (k, e, f"{file}:{line}") for c, g, k, e, file, line in zip(
        user["category"], user["gas"], user["key"], user["explanation"], user["file"],
        user["line"], strict=True)}
    if not given:
        return
    found = []
    for category, gas, inapplicable in zip(grid["category"], grid["gas"], not_applicable,
                                           strict=True):
        hit = None
        for ancestor in lineage(category):
            if inapplicable and ancestor != category:
                break
            if (ancestor, gas) in given:
                key, explanation, where = given[(ancestor, gas)]
                basis = where if ancestor == category else _(
                    "inherited from {ancestor} ({where})").format(ancestor=ancestor, where=where)
                hit = (key, explanation, basis)
                break
        found.append(hit)
    mask = np.array([hit is not None for hit in found])
    if mask.any():
        values = [hit for hit in found if hit is not None]
        grid.loc[mask, ["key", "explanation", "basis"]] = values


def _reject_contradictions(user: pd.DataFrame, estimated: pd.DataFrame) -> None:
    both = user.merge(estimated, on=["category", "gas"], how="inner")
    both = both[both["key"] != "C"]
    if len(both):
        raise InputError([Problem(str(f), int(line), "key", key,
                                  _("contradicts the estimate of {gas} in category {category}; "
                                    "expected no notation key for an estimated category and gas "
                                    "(only C may hide an estimate)").format(gas=gas, category=c))
                          for f, line, key, gas, c in zip(both["file"], both["line"], both["key"],
                                                          both["gas"], both["category"],
                                                          strict=True)])


def _expand_any_gas(table: pd.DataFrame) -> pd.DataFrame:
    every = table[table["gas"] == ANY_GAS]
    own = table[table["gas"] != ANY_GAS]
    spread = every.loc[every.index.repeat(len(MAIN_GASES))].copy()
    spread["gas"] = np.tile(np.array(MAIN_GASES, dtype=object), len(every))
    return pd.concat([own, spread], ignore_index=True).sort_values("line", kind="stable")


def _empty_keys() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in (*COLUMNS, "file", "line")})


def _depth(code: str) -> int:
    return code.count(".") + 1
