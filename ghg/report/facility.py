"""Writing a facility's inventory report: ``facility_report.xlsx`` and ``facility_report.html``.

The structure is Form 06 of Annex II to Decree 06/2022/NĐ-CP (*Báo cáo kết quả kiểm kê khí nhà
kính cấp cơ sở*): I facility information, II boundary, sources and data system, III method and
factors, activity data, results, reliability and uncertainty (headings and their sources in
``ghg/data/form06_headings.csv``). The form is an outline without tables; the tables are ghg's
layout (:mod:`ghg.review.submission`), which ``ghg verify`` reads back. Every number is the
engine's (:mod:`ghg.report.facility_tables`); the same inventory gives the same bytes.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from ghg import __version__
from ghg.core.files import write_run
from ghg.core.i18n import N_, _, use_language
from ghg.core.xlsx import TONNES_SMALL, Section, workbook_bytes
from ghg.report import facility_tables as tables
from ghg.report.facility_tables import FacilityInventory
from ghg.report.terms import Terms
from ghg.review.output import TYPE_VI
from ghg.review.submission import FIELDS, HEADERS, SHEETS, VALUES, words

FILES = ("facility_report.xlsx", "facility_report.html")
NUMBER = "#,##0.######"
PERCENT = "0.0"
FACILITY_TYPES = {"thermal_power": N_("thermal power plant"),
                  "industrial": N_("industrial facility"),
                  "freight_transport": N_("freight transport company"),
                  "commercial_building": N_("commercial building"),
                  "solid_waste_treatment": N_("solid waste treatment facility"),
                  "other": N_("other facility")}
NOT_GIVEN = N_("not in the facility register: to be completed by the facility")
FORM = N_("Decree 06/2022/NĐ-CP, Annex II, Form 06")
DETAIL = N_("Every line and factor: facility_report.xlsx")


def report_tables(inv: FacilityInventory, lang: str) -> dict[str, pd.DataFrame]:
    """Every table of the report by sheet key, columns by key, texts in ``lang``."""
    with use_language(lang):
        activity = tables.activity_table(inv)
        factors, used = tables.factor_tables(inv)
        lines = tables.lines_table(inv, activity, used)
        totals = tables.totals_table(inv)
        terms = Terms(lang)
        sources = tables.sources_table(lines)
        sources.insert(1, "category_name", terms.categories(sources["category"]).to_numpy())
        out = {
            "form": _form(lang),
            "facility": _facility(inv, lang),
            "boundary": _boundary(inv, activity, lang),
            "sources": sources[["category", "category_name", "activity", "scope", "years"]],
            "factors": factors,
            "activity": activity,
            "lines": lines,
            "totals": totals,
            "uncertainty": tables.uncertainty_table(inv, lines),
            "qaqc": tables.qaqc_table(inv, activity, factors, lines, totals),
            "changes": tables.changes_table(totals),
        }
        names = words(lang, VALUES)
        for key, column in (("lines", "counted"), ("totals", "counted"), ("factors", "origin"),
                            ("factors", "parameter")):
            out[key][column] = out[key][column].map(lambda v: names.get(v, v))
    return out


def _form(lang: str) -> pd.DataFrame:
    """The table of contents: each heading of Form 06, the decree's wording, where answered."""
    headings = tables.form06_headings()
    sheet_names = words(lang, SHEETS)
    where = headings["sheets"].map(lambda keys: "; ".join(sheet_names[k]
                                                          for k in keys.split(";")))
    text = headings["vi"] if lang == "vi" else headings["en"]
    return pd.DataFrame({"heading": headings["number"], "text": text.where(text != "",
                                                                          headings["en"]),
                         "heading_vi": headings["vi"], "where": where,
                         "source": headings["source"]})


def _facility(inv: FacilityInventory, lang: str) -> pd.DataFrame:
    row = inv.facility
    kind = str(row["facility_type"])
    prov = inv.result.provenance
    values = {key: str(row.get(key, "") or "") for key in FIELDS}
    values["legal_representative"] = ""
    described = TYPE_VI.get(kind, kind) if lang == "vi" else _(FACILITY_TYPES.get(kind, kind))
    values["business"] = f"{described}; " + _("line ministry: {ministry}").format(
        ministry=values["line_ministry"] or _("not given"))
    values["years"] = ", ".join(map(str, inv.years))
    values["gwp"] = str(prov["gwp"]["set"])
    values["factor_sets"] = ", ".join(s["name"] for s in prov["factor_sets"])
    values["prepared_with"] = f"ghg {__version__}"
    labels = words(lang, FIELDS)
    return pd.DataFrame({"field": [labels[k] for k in FIELDS],
                         "value": [values[k] or _(NOT_GIVEN) for k in FIELDS]})


def _boundary(inv: FacilityInventory, activity: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Form 06 II.1, II.2 and II.4 in words (II.3 is the sources sheet)."""
    fid = inv.facility["facility_id"]
    files = sorted({r.rsplit(":", 1)[0] for r in activity["input_row"]})
    sheet = {key: _(name) for key, name in SHEETS.items()}  # marked where SHEETS is defined
    texts = [
        ("II.1", _("Every activity row with source_id {id} in the inventory's activity tables, "
                   "years {years}. Scope 1: direct emissions from the facility's own sources; "
                   "scope 2: purchased electricity, reported apart and never added to scope 1. "
                   "CO2 from biomass is a memo line outside the totals.").format(
            id=fid, years=", ".join(map(str, inv.years)))),
        ("II.2", _(NOT_GIVEN)),
        ("II.3", _("See the sheet {sheet}: each source by IPCC category, activity and scope; no "
                   "sink (removal) is reported for the facility.").format(
            sheet=sheet["sources"])),
        ("II.4", _("Data from {files}; each row names its source and data-quality class (sheet "
                   "{activity}); the checks made are in the sheet {qaqc}.").format(
            files=", ".join(files), activity=sheet["activity"], qaqc=sheet["qaqc"])),
    ]
    titles = tables.form06_headings().set_index("number")["vi" if lang == "vi" else "en"]
    return pd.DataFrame({"heading": [f"{n} {titles[n]}" for n, _t in texts],
                         "text": [t for _n, t in texts]})


def workbook(report: dict[str, pd.DataFrame], lang: str) -> bytes:
    """``facility_report.xlsx``: one sheet per Form 06 part, headers in ``lang``."""
    sheet_names = words(lang, SHEETS)
    headers = words(lang, HEADERS)
    formats = {"value": NUMBER, "amount": NUMBER, "energy_tj": NUMBER,
               "emissions_t": TONNES_SMALL, "co2e_t": TONNES_SMALL, "co2e_from_t": TONNES_SMALL,
               "co2e_to_t": TONNES_SMALL, "change_pct": PERCENT, "u_activity_pct": PERCENT,
               "u_factor_pct": PERCENT, "u_combined_pct": PERCENT}
    sheets = {}
    for key, table in report.items():
        named = table.rename(columns={c: headers.get(c, c) for c in table.columns})
        sheets[sheet_names[key]] = [Section("", named, {headers[c]: f for c, f in formats.items()
                                                        if c in table.columns})]
    return workbook_bytes(sheets)


STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:1150px;color:#222;
line-height:1.4}h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.82em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:3px 6px}th{background:#f0f0f0;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.small{font-size:.85em;color:#555}
"""
#: Sheets shown in the HTML under each Form 06 heading (the rest stay in the workbook).
HTML_SECTIONS = (("I", "facility"), ("II", "boundary"), ("II.3", "sources"),
                 ("III.1", "factors"), ("III.2", "activity"), ("III.3", "totals"),
                 ("III.4", "uncertainty"), ("III.4", "qaqc"), ("", "changes"))


def html(report: dict[str, pd.DataFrame], inv: FacilityInventory, lang: str) -> bytes:
    """``facility_report.html``: the same tables under the Form 06 headings (no clock time)."""
    with use_language(lang):
        headers = words(lang, HEADERS)
        headings = tables.form06_headings().set_index("number")
        title = _("Report: results of the greenhouse gas inventory for {years}").format(
            years=_(" and ").join(map(str, inv.years)))
        parts = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
                 f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
                 f"<p class=small>{escape(_(FORM))}</p>",
                 f"<h1>{escape(str(inv.facility['name']))}</h1><h2>{escape(title)}</h2>"]
        for number, key in HTML_SECTIONS:
            if number:
                text = headings.at[number, "vi" if lang == "vi" else "en"]
                parts.append(f"<h2>{escape(number)}. {escape(text)}</h2>")
            else:
                parts.append(f"<h2>{escape(_(SHEETS[key]))}</h2>")
            parts.append(_table(report[key].drop(columns=["chain", "step"], errors="ignore"),
                                headers, lang))
        parts.append(f"<p class=small>{escape(_(DETAIL))}</p></body></html>\n")
    return "\n".join(parts).encode("utf-8")


def _table(table: pd.DataFrame, headers: dict[str, str], lang: str) -> str:
    from ghg.report.terms import number

    head = "".join(f"<th>{escape(headers.get(str(c), str(c)))}</th>" for c in table.columns)
    body = []
    for row in table.itertuples(index=False):  # display only: a report table of a few rows
        cells = []
        for value in row:
            if isinstance(value, float):
                text = "" if pd.isna(value) else number(value, lang, 3)
                cells.append(f'<td class="n">{text}</td>')
            else:
                cells.append(f"<td>{escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def facility_files(inv: FacilityInventory, lang: str = "vi") -> dict[str, bytes]:
    """The report's files as bytes, by name."""
    report = report_tables(inv, lang)
    return {"facility_report.xlsx": workbook(report, lang),
            "facility_report.html": html(report, inv, lang)}


def write_facility_report(inv: FacilityInventory, out: str | Path, lang: str = "vi"
                          ) -> list[Path]:
    """Write the report into the new or empty folder ``out`` (whole, atomically)."""
    return write_run(Path(out), facility_files(inv, lang))
