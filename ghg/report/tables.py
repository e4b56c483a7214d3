"""The report's tables: summary by sector and gas, category detail, and the sheet sections.

Numbers keep full precision in the workbook and are rounded only by number formats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.schema import GASES, sector_of
from ghg.core.xlsx import PERCENT, SHARE, TONNES, TONNES_SMALL, Section
from ghg.province.inventory import Provincial
from ghg.province.tree import ALL_GASES
from ghg.report.terms import Terms

SHEETS = ("summary", "categories", "key_categories", "uncertainty", "qaqc", "notation",
          "reconciliation", "provenance")
PCT = "0.0"  # values already in % (e.g. 12.3 for 12.3 %)


# --- tables ------------------------------------------------------------------------------------

def summary_table(provincial: Provincial, terms: Terms) -> pd.DataFrame:
    """Sector x gas emissions (CO2e) per year, a removals line, the net total and memo lines.

    Emission lines hold the positive cells, the removals line the negative ones (e.g. 3.B), so
    emission lines + removals = total. The total is the sum of ``territorial`` for the year.
    """
    years = [int(y) for y in provincial.years]
    cells = provincial.territorial.assign(sector=sector_of(provincial.territorial["category"]))
    co2e = cells["co2e_t"].to_numpy(float)
    cells = cells.assign(emitted=np.where(co2e > 0, co2e, 0.0),
                         removed=np.where(co2e < 0, co2e, 0.0))
    by_gas = cells.pivot_table(index=["sector", "gas"], columns="year", values="emitted",
                               aggfunc="sum", fill_value=0.0).reindex(columns=years,
                                                                      fill_value=0.0)
    sectors = sorted(by_gas.index.get_level_values("sector").unique(), key=_code_key)
    rows = []
    for sector in sectors:  # a handful of sectors x gases: layout, not data rows
        name = terms.category(sector)
        for gas in GASES:
            if (sector, gas) in by_gas.index:
                rows.append([name, gas, *by_gas.loc[(sector, gas)].to_numpy()])
        rows.append([name, terms("row.all_gases"), *by_gas.loc[sector].sum().to_numpy()])
    removed = cells.groupby("year")["removed"].sum().reindex(years, fill_value=0.0)
    rows.append([terms("row.removals"), "", *removed.to_numpy()])
    rows.append([terms("row.total"), "", *annual_totals(provincial).to_numpy()])
    # both memos count a facility once, like the territorial total (ghg.engine.territorial)
    rows.append([terms("row.memo_scope2"), "", *_memo(provincial.scope2, years)])
    rows.append([terms("row.memo_biogenic"), "", *_memo(provincial.biogenic_co2, years)])
    return pd.DataFrame(rows, columns=[terms("col.sector"), terms("col.gas"),
                                       *[str(y) for y in years]])


def quality_table(provincial: Provincial, terms: Terms, value: str = "share") -> pd.DataFrame:
    """One row per data-quality class, one column per reporting year: the class's ``share`` of
    the year's net territorial total, or its ``co2e_t``. Computed once in
    :func:`ghg.engine.quality.emissions_by_quality`; laid out here."""
    years = [int(y) for y in provincial.years]
    quality = provincial.quality
    wide = quality.pivot(index="data_quality", columns="year", values=value)
    wide = wide.reindex(index=list(dict.fromkeys(quality["data_quality"])), columns=years)
    labels = terms.values(pd.Series(wide.index, dtype=object))
    table = pd.DataFrame(wide.to_numpy(dtype=float), columns=[str(y) for y in years])
    table.insert(0, terms("col.data_quality"), labels.to_numpy())
    return table


def summary_sections(provincial: Provincial, terms: Terms, summary: pd.DataFrame
                     ) -> list[Section]:
    """The first sheet: what to read first, the summary table, the data-quality shares."""
    years = [str(int(y)) for y in provincial.years]
    caveat = pd.DataFrame({terms("col.note"): [terms("quality.caveat"), terms("quality.rules")]})
    return [Section(terms("section.caveat"), caveat),
            Section(terms("section.summary"), summary, dict.fromkeys(years, TONNES)),
            Section(terms("section.quality"), quality_table(provincial, terms),
                    dict.fromkeys(years, PERCENT)),
            Section(terms("section.quality_t"), quality_table(provincial, terms, "co2e_t"),
                    dict.fromkeys(years, TONNES))]


def annual_totals(provincial: Provincial) -> pd.Series:
    """Net territorial total per reporting year, summed as ``Series.sum`` sums (full precision)."""
    table = provincial.territorial
    return pd.Series([float(table.loc[table["year"] == y, "co2e_t"].sum())
                      for y in provincial.years], index=[int(y) for y in provincial.years])


def _memo(table: pd.DataFrame, years: list[int]) -> np.ndarray:
    if table.empty:
        return np.zeros(len(years))
    return table.groupby("year")["co2e_t"].sum().reindex(years, fill_value=0.0).to_numpy()


def category_table(provincial: Provincial, terms: Terms) -> pd.DataFrame:
    """The IPCC tree with titles: one row per category, part and gas, one column per year."""
    tree = provincial.tree
    if "region" in tree:
        tree = tree[tree["region"].eq("(all)")]
    keys = ["category", "part", "gas"]
    wide = tree.pivot_table(index=keys, columns="year", values="emissions_t", aggfunc="sum",
                            sort=False).reindex(columns=[int(y) for y in provincial.years])
    rows = tree.drop_duplicates(keys)[[*keys, "title", "level"]].reset_index(drop=True)
    values = wide.reindex(pd.MultiIndex.from_frame(rows[keys])).to_numpy()
    indent = pd.Series("  ", index=rows.index).str.repeat(rows["level"].clip(lower=0))
    unit = terms("unit.t") + " " + rows["gas"].astype(str)
    table = pd.DataFrame({
        terms("col.category"): rows["category"],
        terms("col.title"): indent + terms.categories(rows["category"], rows["title"]),
        terms("col.level"): rows["level"],
        terms("col.part"): terms.values(rows["part"]),
        terms("col.gas"): rows["gas"],
        terms("col.unit"): unit.where(rows["gas"] != ALL_GASES, terms("chart.t_co2e")),
    })
    return pd.concat([table, pd.DataFrame(values, columns=[str(y) for y in provincial.years])],
                     axis=1)


def _titled(table: pd.DataFrame, terms: Terms) -> pd.DataFrame:
    """Insert the translated category name after the code."""
    out = table.copy()
    out.insert(1, "title", terms.categories(out["category"]).to_numpy())
    return out


def key_sections(provincial: Provincial, terms: Terms) -> list[Section]:
    tables = provincial.key_tables
    layouts = {  # IPCC 2006 Vol 1 Table 4.2 / 4.3 columns, then our key flag
        "level": ["category", "title", "gas", "latest_year_co2e_t", "abs_co2e_t", "level",
                  "cumulative", "key"],
        "trend": ["category", "title", "gas", "base_year_co2e_t", "latest_year_co2e_t",
                  "trend", "share", "cumulative", "key"],
        "level_approach2": ["category", "title", "gas", "latest_year_co2e_t", "level",
                            "u_combined_pct", "level_x_uncertainty", "share", "cumulative",
                            "key"],
        "trend_approach2": ["category", "title", "gas", "base_year_co2e_t",
                            "latest_year_co2e_t", "trend", "u_combined_pct",
                            "trend_x_uncertainty", "share", "cumulative", "key"],
    }
    formats = {"latest_year_co2e_t": TONNES, "abs_co2e_t": TONNES, "base_year_co2e_t": TONNES,
               "level": SHARE, "trend": SHARE, "share": PERCENT, "cumulative": PERCENT,
               "u_combined_pct": PCT, "level_x_uncertainty": SHARE,
               "trend_x_uncertainty": SHARE}
    rename = {"level": "col.level_assessment", "key": "col.key_category"}
    sections = []
    for name, columns in layouts.items():
        if name not in tables:
            continue
        table = _titled(tables[name], terms).assign(key=lambda t: terms.values(t["key"]))
        sections.append(_section(terms(f"section.{name}"), table[columns], formats, terms,
                                 rename))
    summary = _titled(provincial.key_categories, terms)
    sections.append(_section(terms("section.key_summary"), summary, {}, terms))
    excluded = provincial.trend_excluded
    if len(excluded):
        sections.append(_section(terms("section.trend_excluded"), _titled(excluded, terms),
                                 {"latest_year_co2e_t": TONNES}, terms))
    return sections


def uncertainty_sections(provincial: Provincial, terms: Terms) -> list[Section]:
    sections = []
    if provincial.approach1 is None:
        sections.append(Section(terms("section.no_uncertainty"), pd.DataFrame()))
    else:
        table = provincial.approach1.ipcc_table()
        table["A"] = table["A"].replace({"Total": terms("row.total_approach1")})
        letters = {c: terms(f"a1.{c}") for c in table.columns}
        formats = {"C": TONNES, "D": TONNES, "E": PCT, "F": PCT, "G": PCT, "H": "0.000",
                   "I": "0.000", "J": "0.0000", "K": "0.000", "L": "0.000", "M": "0.000"}
        sections.append(Section(terms("section.approach1"), table.rename(columns=letters),
                                {letters[k]: v for k, v in formats.items()}))
    monte = provincial.monte_carlo
    if monte is not None:
        interval = {"estimate_t": TONNES, "mean_t": TONNES, "lower_t": TONNES,
                    "upper_t": TONNES, "lower_pct": PCT, "upper_pct": PCT}
        sectors = monte.sectors.assign(sector=terms.categories(monte.sectors["sector"]))
        trend_rename = {"lower_pct": "col.trend_lower_pct", "upper_pct": "col.trend_upper_pct"}
        sections += [
            _section(terms("section.mc_totals"), monte.totals, interval, terms),
            _section(terms("section.mc_sectors"), sectors, interval, terms),
            _section(terms("section.mc_trend"), monte.trend,
                     {"estimate_pct": PCT, "mean_pct": PCT, "lower_pct": PCT,
                      "upper_pct": PCT}, terms, trend_rename),
        ]
    sections.append(_section(terms("section.not_assessed"),
                             _titled(provincial.not_assessed, terms), {}, terms))
    return sections


def _section(title: str, table: pd.DataFrame, formats: dict[str, str], terms: Terms,
             rename: dict[str, str] | None = None) -> Section:
    """A section with translated headers; ``formats`` are keyed by the original column names."""
    shown = terms.columns(table, rename)
    names = dict(zip(table.columns, shown.columns, strict=True))
    return Section(title, shown, {names[c]: f for c, f in formats.items() if c in names})


def list_sections(provincial: Provincial, terms: Terms) -> dict[str, list[Section]]:
    """The QA/QC, notation and reconciliation sheets."""
    findings = provincial.qaqc.assign(check=lambda t: terms.values(t["check"]),
                                      severity=lambda t: terms.values(t["severity"]))
    notation = provincial.notation.assign(
        title=terms.categories(provincial.notation["category"], provincial.notation["title"]),
        key=terms.values(provincial.notation["key"]),
        basis=terms.values(provincial.notation["basis"]))
    reconciliation = provincial.reconciliation.assign(
        title=terms.categories(provincial.reconciliation["category"],
                               provincial.reconciliation["title"]),
        status=terms.values(provincial.reconciliation["status"]))
    return {
        "qaqc": [_section(terms("section.qaqc"), findings,
                          {"value": TONNES_SMALL, "expected": TONNES_SMALL}, terms)],
        "notation": [_section(terms("section.notation"), notation, {}, terms)],
        "reconciliation": [_section(
            terms("section.reconciliation"), reconciliation,
            {"facility_t": TONNES_SMALL, "provincial_t": TONNES_SMALL,
             "facility_share": PERCENT, "facility_scope2_t": TONNES_SMALL}, terms)],
    }


def provenance_sections(provincial: Provincial, terms: Terms) -> list[Section]:
    prov = provincial.result.provenance
    rows = prov["rows"]
    gwp = prov["gwp"]
    monte = provincial.monte_carlo
    run = pd.DataFrame([
        (terms("item.inventory"), prov["inventory"]),
        (terms("item.ghg_version"), prov["ghg_version"]),
        (terms("item.gwp"), f"{gwp['set']}: " + ", ".join(f"{g} {v:g}" for g, v in
                                                          gwp["values"].items())),
        (terms("item.rows"), f"{rows['read']} / {rows['computed']} / {rows['rejected']}"),
        (terms("item.draws"), f"{monte.draws} / {monte.seed}" if monte is not None else "-"),
    ], columns=["item", "value"])
    sets = pd.DataFrame(prov["factor_sets"], columns=["name", "title", "sha256", "path"])
    inputs = pd.DataFrame(sorted(prov["inputs"].items()), columns=["file", "sha256"])
    notes = pd.DataFrame({"note": list(prov["method_notes"])})
    fallbacks = pd.DataFrame(prov["fallbacks"], columns=["activity", "category", "year",
                                                         "source_id", "rows", "flag"])
    parameters = pd.DataFrame(prov["parameters_used"], columns=[
        "factor_set", "file", "line", "parameter", "key", "value", "unit", "document",
        "table", "page"])
    parameters["key"] = [", ".join(f"{k}={v}" for k, v in key.items())
                         for key in parameters["key"]]
    factors = pd.DataFrame(prov["factors_used"], columns=[
        "factor_set", "file", "line", "activity", "category", "parameter", "gas", "value",
        "unit", "year_from", "year_to", "document", "table", "page"])
    return [_section(terms(f"section.{name}"), table, {}, terms) for name, table in (
        ("run", run), ("factor_sets", sets), ("inputs", inputs), ("method_notes", notes),
        ("fallbacks", fallbacks), ("parameters_used", parameters),
        ("factors_used", factors))]


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in str(code).split("."))
