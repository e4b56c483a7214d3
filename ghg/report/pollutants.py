"""The report's air pollutant sheet and chart: tonnes by sector and year, facilities counted once
(:attr:`ghg.province.inventory.Provincial.pollutants`), and the activities without a factor.
Pollutants sit beside the greenhouse gases, never inside their totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.core.i18n import _, use_language
from ghg.core.schema import sector_of
from ghg.core.xlsx import TONNES_SMALL, Section
from ghg.engine.pollutants import REASONS
from ghg.factors.pollutants import POLLUTANTS
from ghg.report.terms import Terms, number

if TYPE_CHECKING:
    from ghg.province.inventory import Provincial

CHART_FILE = "chart_pollutants.png"


def pollutant_table(provincial: Provincial, terms: Terms) -> pd.DataFrame:
    """One row per pollutant and sector (then the pollutant's total), one column per year, t."""
    years = [int(y) for y in provincial.years]
    cells = provincial.pollutants
    if not len(cells):
        return pd.DataFrame()
    sector = sector_of(cells["category"])
    by_sector = cells.assign(sector=sector).pivot_table(
        index=["pollutant", "sector"], columns="year", values="emissions_t", aggfunc="sum")
    totals = cells.pivot_table(index="pollutant", columns="year", values="emissions_t",
                               aggfunc="sum")
    totals.index = pd.MultiIndex.from_arrays([totals.index, np.full(len(totals), "~")],
                                             names=["pollutant", "sector"])
    table = pd.concat([by_sector, totals]).reindex(columns=years)
    present = [p for p in POLLUTANTS if p in set(cells["pollutant"])]
    table = table.reindex(pd.MultiIndex.from_tuples(
        [(p, s) for p in present for s in sorted(set(by_sector.loc[p].index)) + ["~"]]))
    label = [terms("chart.total") if s == "~" else f"{s} {terms.category(s)}"
             for _, s in table.index]
    out = pd.DataFrame({terms("col.pollutant"): table.index.get_level_values(0),
                        terms("col.sector"): label})
    for year in years:
        out[str(year)] = table[year].to_numpy()
    return out


def missing_table(provincial: Provincial, terms: Terms) -> pd.DataFrame:
    """The run's activity × pollutant combinations without a factor, with the reason (in the
    report's language)."""
    missing = provincial.result.pollutants.missing
    columns = ["activity", "category", "pollutant", "rows", "first_year", "last_year", "reason"]
    reasons = missing["reason"].astype(str)
    distinct = reasons.unique()
    with use_language(terms.lang):
        said = dict(zip(distinct, map(reason_in_language, distinct), strict=True))
    return terms.columns(missing[columns].assign(reason=reasons.map(said)))


def reason_in_language(text: str) -> str:
    """A reason of ``pollutants_missing.csv`` (English, :data:`ghg.engine.pollutants.REASONS`)
    in the current language; its value (a note, a table) as written.

    >>> from ghg.core.i18n import use_language
    >>> with use_language("vi"):
    ...     reason_in_language("no factor in this set: no guidebook value")
    'bộ hệ số này không có hệ số: no guidebook value'
    """
    for reason in REASONS:
        head, _brace, rest = reason.partition("{")
        tail = rest.partition("}")[2]
        name = rest.partition("}")[0]
        if not _brace and text == reason:
            return _(reason)
        if _brace and text.startswith(head) and text.endswith(tail) and \
                len(text) >= len(head) + len(tail):
            return _(reason).format(**{name: text[len(head):len(text) - len(tail)]})
    return text  # a reason this version does not know: as written


def pollutant_sections(provincial: Provincial, terms: Terms) -> list[Section]:
    """The sheet: tonnes by sector and year, then the coverage."""
    table = pollutant_table(provincial, terms)
    if not len(table):
        return [Section(terms("section.no_pollutants"), pd.DataFrame())]
    years = [str(int(y)) for y in provincial.years]
    return [Section(terms("section.pollutants"), table, dict.fromkeys(years, TONNES_SMALL)),
            Section(terms("section.pollutants_missing"), missing_table(provincial, terms))]


def pollutant_chart(provincial: Provincial, terms: Terms) -> bytes:
    """Small multiples, one per pollutant: stacked bars by sector per year (t)."""
    from matplotlib.ticker import FuncFormatter

    from ghg.report.charts import SECTOR_COLOURS, _png, plt, style  # matplotlib: the chart only

    style()  # drawn after the other charts or in a process of its own: the same font
    years = [int(y) for y in provincial.years]
    cells = provincial.pollutants
    present = [p for p in POLLUTANTS if len(cells) and p in set(cells["pollutant"])]
    figure, grid = plt.subplots(2, 4, figsize=(11, 5.6), layout="constrained", squeeze=False)
    sectors = sorted(set(sector_of(cells["category"]))) if len(cells) else []
    for axes, pollutant in zip(grid.flat, POLLUTANTS, strict=True):
        axes.set_title(pollutant)
        axes.tick_params(axis="x", labelrotation=90, labelsize=7)
        axes.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _: number(v, terms.lang)))
        if pollutant not in present:
            axes.set_xticks([])
            continue
        part = cells[cells["pollutant"] == pollutant]
        wide = part.assign(sector=sector_of(part["category"])).pivot_table(
            index="year", columns="sector", values="emissions_t", aggfunc="sum",
            fill_value=0.0).reindex(index=years, fill_value=0.0)
        bottom = np.zeros(len(years))
        for sector in sectors:
            values = wide[sector].to_numpy() if sector in wide else np.zeros(len(years))
            axes.bar(years, values, bottom=bottom, color=SECTOR_COLOURS.get(sector, "#999999"))
            bottom += values
        axes.set_xticks(years)
        axes.grid(axis="y", alpha=0.3)
    for axes in grid[:, 0]:
        axes.set_ylabel(terms("chart.t"))
    handles = [plt.Rectangle((0, 0), 1, 1, color=SECTOR_COLOURS.get(s, "#999999"))
               for s in sectors]
    figure.legend(handles, [f"{s} {terms.category(s)}" for s in sectors], loc="outside lower "
                  "center", ncol=max(len(sectors), 1), frameon=False)
    figure.suptitle(terms("chart.pollutants"))
    return _png(figure)
