"""``report.html``: one self-contained page (inline CSS, charts as base64 PNG) with the summary
table, the charts, the key findings and the share of each year's total by data-quality class.

No date or clock time is written, so the same report gives the same bytes.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.report.tables import annual_totals, quality_table
from ghg.report.terms import Terms, number

if TYPE_CHECKING:
    from ghg.province.inventory import Provincial

TOP_FINDINGS = 8
STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:1150px;color:#222;
line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;
padding-bottom:.2em;margin-top:1.6em}
.note{background:#fff4e5;border-left:4px solid #e67e22;padding:.6em 1em}
table{border-collapse:collapse;font-size:.82em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:3px 6px}th{background:#f0f0f0;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:bold}
img{max-width:100%;display:block;margin:1em 0}.small{font-size:.85em;color:#555}
"""


def render(provincial: Provincial, terms: Terms, summary: pd.DataFrame,
           charts: dict[str, bytes], extra: str = "") -> bytes:
    """The page as UTF-8 bytes; ``extra`` is HTML placed before the charts (the target section
    of :mod:`ghg.report.target`)."""
    prov = provincial.result.provenance
    years = provincial.years
    sets = ", ".join(s["name"] for s in prov["factor_sets"])
    parts = [
        f'<!DOCTYPE html>\n<html lang="{terms.lang}"><head><meta charset="utf-8">',
        f"<title>{escape(terms('html.title'))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(terms('html.title'))}: {escape(prov['inventory'])}</h1>",
        f"<p class=small>{int(years[0])}–{int(years[-1])}. "
        f"{escape(terms('html.gwp', gwp=prov['gwp']['set'], sets=sets))}</p>",
        _quality(provincial, terms),
        _findings(provincial, terms),
        f"<h2>{escape(terms('sheet.summary'))}</h2>",
        f"<p class=small>{escape(terms('section.summary'))}</p>",
        _table(summary, terms.lang),
        extra,
        f"<h2>{escape(terms('html.charts'))}</h2>",
        *(f'<img alt="{escape(name)}" src="data:image/png;base64,'
          f'{base64.b64encode(data).decode("ascii")}">' for name, data in charts.items()),
        f"<p class=small>{escape(terms('html.files'))}</p>",
        "</body></html>\n",
    ]
    return "\n".join(parts).encode("utf-8")


def _quality(provincial: Provincial, terms: Terms) -> str:
    """The share of each year's net territorial total by data-quality class (computed once in
    :func:`ghg.engine.quality.emissions_by_quality`, as on the workbook's first sheet)."""
    table = quality_table(provincial, terms)  # shares, shown in %
    years = table.columns[1:]
    table[years] = table[years].to_numpy(dtype=float) * 100.0
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + f"<td>{escape(str(row[0]))}</td>"
        + "".join(f"<td class=n>{number(float(v), terms.lang, 1)} %</td>" for v in row[1:])
        + "</tr>" for row in table.itertuples(index=False))  # four classes: layout, not data
    return (f"<h2>{escape(terms('html.illustrative'))}</h2><div class=note>"
            f"<p>{escape(terms('quality.caveat'))}</p><table><tr>{head}</tr>{body}</table>"
            f"<p class=small>{escape(terms('quality.rules'))}</p></div>")


def _findings(provincial: Provincial, terms: Terms) -> str:

    lang = terms.lang
    totals = annual_totals(provincial)
    base, latest = int(totals.index[0]), int(totals.index[-1])
    trend = (totals.iloc[-1] - totals.iloc[0]) / abs(totals.iloc[0]) * 100
    lines = [terms("html.total_line", year=latest, total=number(totals.iloc[-1], lang),
                   trend=f"{'+' if trend >= 0 else '−'}{number(abs(trend), lang, 1)} %",
                   base=base)]
    monte, approach1 = provincial.monte_carlo, provincial.approach1
    if monte is not None and approach1 is not None:
        row = monte.totals.set_index("year").loc[latest]
        lines.append(terms("html.uncertainty_line", year=latest,
                           lower=number(row["lower_t"], lang), upper=number(row["upper_t"], lang),
                           lower_pct=number(row["lower_pct"], lang, 1),
                           upper_pct=number(row["upper_pct"], lang, 1),
                           a1=number(approach1.level_pct, lang, 1)))
    else:
        lines.append(terms("chart.no_uncertainty"))
    keys = provincial.key_categories
    key_items = "".join(f"<li>{escape(c)} {escape(terms.category(c))} ({escape(g)}): "
                        f"{escape(k)}</li>" for c, g, k in
                        zip(keys["category"], keys["gas"], keys["criteria"], strict=True))
    excluded = provincial.trend_excluded
    gases = excluded.groupby(["category", "first_year"], sort=True)["gas"].agg(", ".join)
    trend_note = "" if excluded.empty else "<p>" + escape(terms(
        "html.trend_excluded_line", base=base, series="; ".join(
            f"{c} ({g}; {terms('col.first_year').lower()} {y})" for (c, y), g in gases.items())
    )) + "</p>"
    findings = provincial.qaqc
    warnings = findings[findings["severity"] == "warning"]
    finding_items = "".join(
        f"<li>{escape(terms.value(str(c)))}: {escape(str(cat))} "
        f"{escape(terms.category(str(cat)))} {escape(str(g))} "
        f"{'' if pd.isna(y) else int(y)}: {escape(str(m))}</li>"
        for c, cat, g, y, m in warnings[["check", "category", "gas", "year", "message"]]
        .head(TOP_FINDINGS).itertuples(index=False))
    infos = int((findings["severity"] == "info").sum())
    return (f"<h2>{escape(terms('html.key_findings'))}</h2><ul>"
            + "".join(f"<li>{escape(line)}</li>" for line in lines)
            + f"</ul><p>{escape(terms('html.key_categories_line'))}</p><ul>{key_items}</ul>"
            + trend_note +
            f"<p>{escape(terms('html.qaqc_line', warnings=len(warnings), infos=infos))}</p>"
            f"<ul>{finding_items}</ul><p class=small>{escape(terms('html.messages_english'))}"
            "</p>")


def _table(table: pd.DataFrame, lang: str) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns)
    body = []
    last = len(table) - 3  # the net total row sits before the two memo rows
    for i, row in enumerate(table.itertuples(index=False)):  # a dozen summary rows
        cells = "".join(
            f"<td class=n>{number(float(v), lang)}</td>" if isinstance(v, float | np.floating)
            else f"<td>{escape(str(v))}</td>" for v in row)
        body.append(f"<tr{' class=total' if i == last else ''}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"
