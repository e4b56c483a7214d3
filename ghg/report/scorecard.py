"""The green growth scorecard and the reporting calendar in the report.

The values and statuses are computed once by :mod:`ghg.province.indicators` (``Provincial.
scorecard``); this module lays them out: a workbook sheet each, a section of ``report.html`` and
``scorecard.csv`` (English data, one row per indicator). The calendar is
``ghg/data/reporting_calendar.csv`` dated for each year from the one after the inventory's latest
year to the plan's end (2030).
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources

import numpy as np
import pandas as pd

from ghg.core.files import csv_bytes
from ghg.core.xlsx import Section
from ghg.province.inventory import Provincial
from ghg.report.terms import Terms

PLAN_END = 2030
#: The sheets this module adds after :data:`ghg.report.tables.SHEETS` (``sheet.<name>`` terms).
SCORECARD_SHEETS = ("scorecard", "calendar")
VALUE_FORMAT = "#,##0.0##"
#: ``scorecard.csv`` columns (docs/contracts.md §3, ``ghg report``).
CSV_COLUMNS = ["indicator", "name_en", "unit", "population", "how", "target_2025",
               "target_2030", "latest_year", "latest_value", "target_year", "path_value",
               "status", "source", "plan_lines", "note"]


@cache
def _calendar_rules() -> pd.DataFrame:
    path = resources.files("ghg") / "data" / "reporting_calendar.csv"
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False)


def scorecard_csv(provincial: Provincial) -> bytes:
    """``scorecard.csv``: the scorecard as data (English, numbers unformatted)."""
    return csv_bytes(provincial.scorecard[CSV_COLUMNS])


def scorecard_table(provincial: Provincial, terms: Terms) -> pd.DataFrame:
    """The scorecard in the report's language."""
    card = provincial.scorecard
    vi = terms.lang == "vi"
    no_target = terms.value("no_target")

    def target(year: int) -> pd.Series:
        text = card[f"target_{year}_text"]
        if vi:
            return text.where(text != "no target", no_target)
        return card[f"target_{year}"].map(lambda v: no_target if pd.isna(v) else f"{v:g}")

    return pd.DataFrame({
        terms("col.sc_indicator"): card["name_vi" if vi else "name_en"],
        terms("col.unit"): card["unit"],
        terms("col.sc_population"): card["population_vi" if vi else "population"],
        terms("col.sc_target_2025"): target(2025),
        terms("col.sc_target_2030"): target(2030),
        terms("col.sc_latest_year"): card["latest_year"].map(
            lambda y: "" if pd.isna(y) else str(int(y))),
        terms("col.sc_latest_value"): card["latest_value"],
        terms("col.sc_path"): card["path_value"],
        terms("col.sc_status"): terms.values(card["status"]),
        terms("col.sc_source"): card["source"],
        terms("col.sc_plan_lines"): card["plan_lines"],
        terms("col.note"): card["note_vi" if vi else "note"],
    })


def calendar_table(provincial: Provincial, terms: Terms) -> pd.DataFrame:
    """The dated checklist: every task of the calendar in each year after the latest inventory
    year up to 2030 (at least the next year), in date order, with an empty box to tick."""
    latest = int(provincial.years[-1]) if len(provincial.years) else PLAN_END - 1
    years = pd.DataFrame({"year": np.arange(latest + 1, max(latest + 1, PLAN_END) + 1)})
    rules = _calendar_rules().merge(years, how="cross")
    start = pd.to_numeric(rules["from_year"], errors="coerce")
    keep = ((rules["repeat"] == "yearly") & (start.isna() | (rules["year"] >= start))
            | (rules["repeat"] == "biennial") & (rules["year"] >= start)
            & ((rules["year"] - start) % 2 == 0)
            | (rules["repeat"] == "once") & (rules["year"] == start))
    rows = rules.loc[keep].copy()
    month = pd.to_numeric(rows["month"], errors="coerce")
    day = pd.to_numeric(rows["day"], errors="coerce")
    dated = month.notna()
    rows["due"] = rows["year"].astype(str) + np.where(
        dated, "-" + month.fillna(0).astype(int).astype(str).str.zfill(2) + "-"
        + day.fillna(0).astype(int).astype(str).str.zfill(2),
        " (" + terms.value("no_day") + ")")
    rows["order"] = month.fillna(13)
    rows = rows.sort_values(["year", "order", "task"], kind="stable")
    vi = terms.lang == "vi"
    return pd.DataFrame({
        terms("col.sc_due"): rows["due"].to_numpy(),
        terms("col.sc_task"): rows["what_vi" if vi else "what_en"].to_numpy(),
        terms("col.sc_who"): rows["who_vi" if vi else "who_en"].to_numpy(),
        terms("col.sc_source"): rows["source"].to_numpy(),
        terms("col.sc_done"): "☐",
    })


def sheets(provincial: Provincial, terms: Terms) -> dict[str, list[Section]]:
    """The scorecard and calendar sheets, by sheet name."""
    card = scorecard_table(provincial, terms)
    formats = {terms("col.sc_latest_value"): VALUE_FORMAT, terms("col.sc_path"): VALUE_FORMAT}
    rule = pd.DataFrame({terms("col.note"): [terms("section.scorecard_rule")]})
    sections = {"scorecard": [Section(terms("section.scorecard"), card, formats),
                              Section("", rule)],
                "calendar": [Section(terms("section.calendar"),
                                     calendar_table(provincial, terms))]}
    return {terms(f"sheet.{name}"): sections[name] for name in SCORECARD_SHEETS}


def html_section(provincial: Provincial, terms: Terms) -> str:
    """The scorecard (indicator, targets, latest value, status, source) and the calendar."""
    card = scorecard_table(provincial, terms)
    shown = card[[terms("col.sc_indicator"), terms("col.sc_target_2025"),
                  terms("col.sc_target_2030"), terms("col.sc_latest_year"),
                  terms("col.sc_latest_value"), terms("col.sc_status"), terms("col.sc_source")]]
    value = shown[terms("col.sc_latest_value")]
    # the page loads and links nothing: addresses stay in report.xlsx and scorecard.csv
    source = shown[terms("col.sc_source")].str.replace(r"\s*https?://\S+", "", regex=True)
    shown = shown.assign(**{terms("col.sc_latest_value"): value.map(
        lambda v: "" if pd.isna(v) else _number(float(v), terms.lang)),
        terms("col.sc_source"): source})
    return (f"<h2>{escape(terms('sheet.scorecard'))}</h2>"
            f"<p class=small>{escape(terms('section.scorecard'))}</p>{_table(shown)}"
            f"<p class=small>{escape(terms('section.scorecard_rule'))}</p>"
            f"<h2>{escape(terms('sheet.calendar'))}</h2>"
            f"<p class=small>{escape(terms('section.calendar'))}</p>"
            f"{_table(calendar_table(provincial, terms))}")


def _number(value: float, lang: str) -> str:
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def _table(table: pd.DataFrame) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in table.itertuples(index=False))  # two dozen indicator rows
    return f"<table><tr>{head}</tr>{body}</table>"
