"""The report's target sheet (``ghg report --scenario PATH``): the 2030 verdict under each
accounting basis with P(meeting it), BAU / with-measures / actual lines with the target path and
the years above BAU flagged, the plan's Appendix 4 measures with their status, and what it would
take; plus the scenario's wedge chart with the target and the gap marked.

Everything shown is computed once by :func:`ghg.scenario.run_scenario`; this module lays it out.
"""

from __future__ import annotations

import pandas as pd

from ghg.core.xlsx import PERCENT, TONNES, Section
from ghg.report.terms import Terms, number
from ghg.scenario.runner import ScenarioResult

TARGET_CHART = "chart_target.png"


def _yes_no(terms: Terms, column: pd.Series) -> pd.Series:
    return column.map({True: terms.value("yes"), False: terms.value("no")})


def target_sections(result: ScenarioResult, terms: Terms) -> list[Section]:
    """The target sheet's tables, in the report's language."""
    spec, year = result.spec, result.spec.target_year
    saved = f"territorial_saved_{year}_co2e_t"
    sections = []
    if result.verdicts is not None:
        v = result.verdicts
        p = result.draws.by_basis.set_index("basis")["p_meet"] if result.draws is not None \
            else pd.Series(float("nan"), index=v["basis"])
        table = pd.DataFrame({
            terms("col.target_basis"): terms.values(v["basis"]),
            terms("col.target_stated"): _yes_no(terms, v["stated"]),
            terms("col.target_bau"): v["bau_co2e_t"],
            terms("col.target_scenario"): v["scenario_co2e_t"],
            terms("col.target_reduction"): v["reduction_pct"] / 100.0,
            terms("col.target_met"): _yes_no(terms, v["met"]),
            terms("col.target_p"): p.reindex(v["basis"]).to_numpy(),
            terms("col.target_gap"): v["gap_co2e_t"]})
        sections.append(Section(
            terms("section.target_verdicts", year=year, target=number(spec.target_pct, terms.lang)),
            table, {terms("col.target_bau"): TONNES, terms("col.target_scenario"): TONNES,
                    terms("col.target_reduction"): PERCENT, terms("col.target_p"): PERCENT,
                    terms("col.target_gap"): TONNES}))
    t = result.target.merge(result.progress[["year", "actual_co2e_t", "above_bau"]], on="year",
                            how="left")
    path = pd.DataFrame({
        terms("col.year"): t["year"].astype(int),
        terms("col.target_bau"): t["bau_co2e_t"],
        terms("col.target_scenario"): t["scenario_co2e_t"],
        terms("col.target_actual"): t["actual_co2e_t"],
        terms("col.target_goal"): t["target_pct"] / 100.0,
        terms("col.target_above"): t["above_bau"].map(
            {True: terms.value("yes"), False: terms.value("no")}).fillna("")})
    sections.append(Section(terms("section.target_path"), path, {
        terms("col.target_bau"): TONNES, terms("col.target_scenario"): TONNES,
        terms("col.target_actual"): TONNES, terms("col.target_goal"): PERCENT}))
    if result.measures is not None:
        m = result.measures
        name = "name_vi" if terms.lang == "vi" else "name_en"
        table = pd.DataFrame({
            terms("col.target_item"): m["item"], terms("col.target_name"): m[name],
            terms("col.target_status"): terms.values(m["status"]),
            terms("col.target_measures"): m["measures"],
            terms("col.target_saved", year=year): m[saved],
            terms("col.target_reason"): m["reason_vi" if terms.lang == "vi" else "reason"]})
        sections.append(Section(terms("section.target_measures"), table,
                                {terms("col.target_saved", year=year): TONNES}))
    if result.closing is not None:
        c = result.closing
        names = {m.id: (m.name_vi if terms.lang == "vi" else m.name_en)
                 for m in result.model.measures}
        table = pd.DataFrame({
            terms("col.target_name"): c["measure"].map(names),
            terms("col.target_uptake_now", year=year): c["uptake_now"],
            terms("col.target_uptake_needed"): c["uptake_needed"],
            terms("col.target_status"): terms.values(c["status"])})
        sections.append(Section(
            terms("section.target_closing", year=year,
                  gap=number(result.gap_co2e_t, terms.lang)), table,
            {terms("col.target_uptake_now", year=year): PERCENT,
             terms("col.target_uptake_needed"): PERCENT}))
    return sections


def target_html(result: ScenarioResult, terms: Terms) -> str:
    """The report page's target section: the verdict under each basis with P(meeting it), the
    gap and the years the inventory is above BAU."""
    from html import escape

    spec, year = result.spec, result.spec.target_year
    if result.verdicts is None:
        return ""
    p = result.draws.by_basis.set_index("basis")["p_meet"] if result.draws is not None \
        else pd.Series(dtype=float)
    head = [terms("col.target_basis"), terms("col.target_bau"), terms("col.target_scenario"),
            terms("col.target_reduction"), terms("col.target_met"), terms("col.target_p"),
            terms("col.target_gap")]
    rows = []
    for r in result.verdicts.itertuples(index=False):  # three bases
        cells = [terms.value(r.basis) + (" *" if r.stated else ""),
                 number(r.bau_co2e_t, terms.lang), number(r.scenario_co2e_t, terms.lang),
                 number(r.reduction_pct, terms.lang, 2) + " %",
                 terms.value("yes" if r.met else "no"),
                 number(100 * float(p.get(r.basis, float("nan"))), terms.lang, 1) + " %",
                 number(r.gap_co2e_t, terms.lang)]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    above = result.progress.loc[result.progress["above_bau"], "year"].astype(int).tolist()
    title = terms("section.target_verdicts", year=year,
                  target=number(spec.target_pct, terms.lang))
    lines = [f"<h2>{escape(terms('sheet.target'))}</h2>",
             f"<p class=small>{escape(title)} (* {escape(terms('col.target_stated'))})</p>",
             "<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"
             + "".join(rows) + "</table>"]
    if above:
        lines.append(f"<p>{escape(terms('col.target_above'))}: "
                     f"{escape(', '.join(str(y) for y in above))}</p>")
    return "\n".join(lines)


def target_chart(result: ScenarioResult) -> bytes:
    """The scenario's wedge chart: BAU wedges, the target path, the target and the gap."""
    from ghg.scenario.output import wedge_chart

    return wedge_chart(result)
