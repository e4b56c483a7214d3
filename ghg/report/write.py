"""Writing the provincial report: ``report.xlsx``, four PNG charts, ``report.html`` and
``scorecard.csv``.

Everything shown is computed once by :func:`ghg.province.inventory`; the files only lay it out.
Every file is built before the folder is written, whole (:func:`ghg.core.files.write_run`); the
same inventory gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ghg.core.background import Worker, available_cpus, prepared_workers
from ghg.core.files import write_run
from ghg.core.xlsx import TONNES_SMALL, Section, workbook_bytes
from ghg.province.inventory import Provincial
from ghg.report import credits as report_credits
from ghg.report import html as report_html
from ghg.report import pollutants as report_pollutants
from ghg.report import scorecard as report_scorecard
from ghg.report.tables import (
    SHEETS,
    category_table,
    key_sections,
    list_sections,
    provenance_sections,
    summary_sections,
    summary_table,
    uncertainty_sections,
)
from ghg.report.target import TARGET_CHART, target_chart, target_html, target_sections
from ghg.report.terms import Terms
from ghg.scenario.runner import ScenarioResult

CHART_FILES = ("chart_sectors.png", "chart_categories.png", "chart_key_categories.png",
               "chart_uncertainty.png")


def workbook(provincial: Provincial, terms: Terms, scenario: ScenarioResult | None = None,
             summary: pd.DataFrame | None = None) -> bytes:
    """``report.xlsx`` as bytes (sheet names from the terms table, in :data:`SHEETS` order; the
    target sheet last, with a scenario). ``summary``: :func:`summary_table`, if made already."""
    summary = summary_table(provincial, terms) if summary is None else summary
    years = [str(int(y)) for y in provincial.years]
    categories = category_table(provincial, terms)
    sheets = {
        "summary": summary_sections(provincial, terms, summary),
        "categories": [Section(terms("section.categories"), categories,
                               dict.fromkeys(years, TONNES_SMALL))],
        "key_categories": key_sections(provincial, terms),
        "uncertainty": uncertainty_sections(provincial, terms),
        **list_sections(provincial, terms),
        "provenance": provenance_sections(provincial, terms),
    }
    book = {terms(f"sheet.{name}"): sheets[name] for name in SHEETS}
    book[terms("sheet.credits")] = report_credits.credit_sections(provincial, terms)
    book[terms("sheet.pollutants")] = report_pollutants.pollutant_sections(provincial, terms)
    if scenario is not None:
        book[terms("sheet.target")] = target_sections(scenario, terms)
    return workbook_bytes({**book, **report_scorecard.sheets(provincial, terms)})


def write_report(provincial: Provincial, out: str | Path, lang: str = "vi",
                 scenario: ScenarioResult | None = None, *,
                 workers: Sequence[Worker] | None = None) -> list[Path]:
    """Write ``report.xlsx``, the PNG charts and ``report.html`` into ``out``; returns the paths.

    With a ``scenario`` run, the workbook gains its target sheet and ``chart_target.png`` is
    written (:mod:`ghg.report.target`). Every file is built first; the folder appears whole, last
    (:func:`ghg.core.files.write_run`: ``out`` must be new or empty).

    The charts are drawn in second processes (``workers``, from :func:`chart_workers`: started
    before the inventory was computed, they have imported matplotlib meanwhile; else started
    here), one per part of :data:`CHART_PARTS`, while the workbook is written in this one.
    """
    terms = Terms(lang)
    workers = chart_workers() if workers is None else workers
    if len(workers) == len(CHART_PARTS):  # a part each
        jobs: list[tuple[Worker, str | None]] = list(zip(workers, CHART_PARTS, strict=True))
    else:  # every chart in the one process, or here, after the workbook, without one
        jobs = [(workers[0] if workers else Worker(fork=False), None)]
    drawing = [worker.submit(chart_files, provincial, terms, scenario, part)
               for worker, part in jobs]
    summary = summary_table(provincial, terms)  # in the workbook and on the page
    workbook_file = workbook(provincial, terms, scenario, summary)
    drawn: dict[str, bytes] = {}
    for wait in drawing:
        drawn.update(wait())
    # the page shows the charts in this order, whichever process drew them
    shown = {name: drawn[name] for name in (*CHART_FILES, report_pollutants.CHART_FILE,
                                            TARGET_CHART) if name in drawn}
    files = {"report.xlsx": workbook_file, **shown}
    html = report_html.render(provincial, terms, summary, shown,
                              target_html(scenario, terms) if scenario is not None else "")
    # the scorecard section goes before the closing tags (the page is built in one piece)
    files["report.html"] = html.replace(
        b"</body></html>", report_scorecard.html_section(provincial, terms).encode("utf-8")
        + b"\n</body></html>", 1)
    files["scorecard.csv"] = report_scorecard.scorecard_csv(provincial)
    return write_run(Path(out), files)


#: The charts in two parts of about equal drawing time (the air pollutants' eight small
#: multiples take as long as the other four charts), each drawn by its own process.
CHART_PARTS = ("charts", "pollutants")


def chart_workers() -> list[Worker]:
    """The processes that will draw the charts, started now: one imports matplotlib at once,
    then forks the other (:func:`ghg.core.background.prepared_workers`: imported once).

    One per part of :data:`CHART_PARTS` while CPUs allow (this process, once the workbook is
    written, only waits), none on a single CPU (there a second process would only add its own
    start-up)."""
    cpus = available_cpus()
    return prepared_workers(min(len(CHART_PARTS), cpus) if cpus > 1 else 0, _import_charts)


def report_workers() -> tuple[Worker | None, list[Worker]]:
    """The process for the Monte Carlo draws (``province.build``'s ``monte_carlo_worker``) and
    those of :func:`chart_workers`, all forked from one that imports matplotlib: the draws run
    on the CPU that process leaves idle once imported, while this one assembles the inventory.
    ``(None, [])`` on a single CPU."""
    cpus = available_cpus()
    if cpus < 2:
        return None, []
    workers = prepared_workers(1 + min(len(CHART_PARTS), cpus), _import_charts)
    return workers[0], workers[1:]


def _import_charts() -> None:
    import ghg.report.charts  # noqa: F401 - imported to be ready, used by chart_files


def chart_files(provincial: Provincial, terms: Terms, scenario: ScenarioResult | None = None,
                part: str | None = None) -> dict[str, bytes]:
    """The PNG charts by file name: :data:`CHART_FILES` and, with a scenario, its target chart
    (part ``charts``); the air pollutants (part ``pollutants``); all of them without a part."""
    from ghg.report import charts as report_charts  # matplotlib: only where charts are drawn

    drawn: dict[str, bytes] = {}
    if part in (None, "charts"):
        drawn.update(zip(CHART_FILES, report_charts.charts(provincial, terms), strict=True))
        if scenario is not None:
            drawn[TARGET_CHART] = target_chart(scenario)
    if part in (None, "pollutants"):
        drawn[report_pollutants.CHART_FILE] = report_pollutants.pollutant_chart(provincial,
                                                                                 terms)
    return drawn
