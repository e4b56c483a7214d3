"""Listing factor sets and comparing two versions of them (``ghg factors list|diff``)."""

from __future__ import annotations

import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.i18n import N_, _
from ghg.factors.library import FactorSet, builtin_data, load_set

#: What identifies a factor row across versions of a set.
ROW_KEY = ["activity", "category", "parameter", "gas", "year_from", "year_to", "source_id"]


def resolve_set(name: str) -> FactorSet:
    """A built-in set by name, or a set folder by path."""
    from pathlib import Path

    folder = builtin_data() / name
    if folder.is_dir():
        return load_set(folder)
    if Path(name).is_dir():
        return load_set(Path(name))
    available = sorted(p.name for p in builtin_data().iterdir() if p.is_dir())
    raise ConfigError(_("factor set {name} not found; expected one of {available} or a path to a "
                        "factor-set folder").format(name=repr(name),
                                                    available=", ".join(available)))


def list_sets() -> pd.DataFrame:
    """The built-in sets with their content hash, release date and validity.

    Examples
    --------
    >>> list_sets()["name"].tolist()
    ['density', 'ipcc2006', 'ipcc2019', 'vn', 'vn2626', 'wetlands2013']
    """
    rows = []
    for folder in sorted(p for p in builtin_data().iterdir() if p.is_dir()):
        factor_set = load_set(folder)
        meta = factor_set.metadata
        rows.append({"name": factor_set.name, "sha256": factor_set.sha256,
                     "released": meta.get("released", "unknown"),
                     "released_vi": meta.get("released_vi", meta.get("released", "unknown")),
                     "valid_for": meta.get("valid_for", "unknown"),
                     "valid_for_vi": meta.get("valid_for_vi", meta.get("valid_for", "unknown")),
                     "tables": factor_set.rows["file"].nunique(),
                     "rows": len(factor_set.rows),
                     "parameter_tables": parameters_of(factor_set)["file"].nunique(),
                     "parameter_rows": len(parameters_of(factor_set)),
                     "title": factor_set.title,
                     "title_vi": meta.get("title_vi", factor_set.title)})
    return pd.DataFrame(rows)


#: Column headers of ``ghg factors list`` as printed (the table itself keeps its names).
LIST_HEADERS = {"name": N_("name"), "sha256": N_("sha256"), "released": N_("released"),
                "valid_for": N_("valid for"), "tables": N_("tables"), "rows": N_("rows"),
                "parameter_tables": N_("parameter tables"),
                "parameter_rows": N_("parameter rows"), "title": N_("title")}


def printed_sets(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The list of sets as ``ghg factors list`` prints it: texts and headers in ``lang``."""
    table = table.copy()
    if lang == "vi":
        for column in ("released", "valid_for", "title"):
            table[column] = table[f"{column}_vi"]
    table = table.drop(columns=["released_vi", "valid_for_vi", "title_vi"])
    return table.rename(columns={c: _(h) for c, h in LIST_HEADERS.items()})


def parameters_of(factor_set: FactorSet) -> pd.DataFrame:
    """The set's sector parameter rows, each with its dimensions as one ``key`` text."""
    from ghg.factors.parameters import load_parameters

    rows = load_parameters([(factor_set.name, factor_set.path)]).rows
    dims = [c for c in rows.columns if c.startswith("dim_")]
    key = pd.Series("", index=rows.index)
    for dim in dims:  # a few dimension columns, each a whole-column operation
        part = rows[dim].astype(object)
        key = key + (dim[4:] + "=" + part.fillna("").astype(str) + ";").where(part.notna(), "")
    return rows.assign(key=key.str.rstrip(";"))


def diff_sets(old: FactorSet, new: FactorSet) -> pd.DataFrame:
    """Rows added, removed or changed (value or unit) from ``old`` to ``new``, with sources.

    Sector parameter rows are compared too: their ``activity`` column holds the parameter table
    and ``category`` the row's dimensions (``activity=other_cattle;livestock_region=asia``).

    Examples
    --------
    >>> same = resolve_set("vn")
    >>> len(diff_sets(same, same))
    0
    """
    columns = [*ROW_KEY, "value", "unit", "file", "line", "document", "table", "page"]
    before = _comparable(old, columns)
    after = _comparable(new, columns)
    joined = before.merge(after, on=ROW_KEY, how="outer", suffixes=("_old", "_new"),
                          indicator=True)
    change = joined["_merge"].map({"left_only": "removed", "right_only": "added",
                                   "both": "same"}).astype(str)
    moved = (joined["_merge"] == "both") & ((joined["value_old"] != joined["value_new"])
                                            | (joined["unit_old"] != joined["unit_new"]))
    change[moved] = "changed"
    out = joined.assign(change=change)[change != "same"]

    def source(side: str) -> pd.Series:
        return (out[f"file_{side}"].astype(str) + ":" + out[f"line_{side}"].astype("Int64")
                .astype(str) + " (" + out[f"document_{side}"].astype(str) + ", "
                + out[f"table_{side}"].astype(str) + ", p. " + out[f"page_{side}"].astype(str)
                + ")").where(out[f"file_{side}"].notna(), "")

    table = out[["change", *ROW_KEY, "value_old", "value_new", "unit_old", "unit_new"]].assign(
        source_old=source("old"), source_new=source("new"))
    return table.sort_values(["change", *ROW_KEY]).reset_index(drop=True)


def _comparable(factor_set: FactorSet, columns: list[str]) -> pd.DataFrame:
    """Factor rows and parameter rows in one shape, keyed by ``ROW_KEY``."""
    rows = factor_set.rows[columns].astype({"year_from": str, "year_to": str})
    parameters = parameters_of(factor_set)
    if parameters.empty:
        return rows
    shaped = pd.DataFrame({
        "activity": parameters["table_name"], "category": parameters["key"],
        "parameter": parameters["parameter"], "gas": "", "year_from": "<NA>", "year_to": "<NA>",
        "source_id": "", "value": parameters["value"], "unit": parameters["unit"],
        "file": parameters["file"], "line": parameters["line"],
        "document": parameters["document"], "table": parameters["table"],
        "page": parameters["page"]})
    return pd.concat([rows, shaped], ignore_index=True)
