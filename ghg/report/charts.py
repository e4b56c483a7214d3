"""The report's PNG charts (matplotlib, Agg): sectors over time, the latest year by category,
key categories and the uncertainty of the total. Labels come from the terms table.

PNG files carry no software tag or date (``metadata={"Software": None}``), so the same data
give the same bytes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # no display: the report is written by a command line run
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ghg.core.schema import sector_of
from ghg.report.tables import annual_totals
from ghg.report.terms import Terms, number

if TYPE_CHECKING:
    from ghg.province.inventory import Provincial

DPI = 110
SECTOR_COLOURS = {"1": "#d95f02", "2": "#7570b3", "3": "#1b9e77", "4": "#a6761d",
                  "5": "#666666"}
KEY_COLOUR, OTHER_COLOUR, REMOVAL_COLOUR = "#c0392b", "#95a5a6", "#2e86c1"
LABEL_CHARS = 48


def thousands(lang: str) -> FuncFormatter:
    """Axis ticks in thousand tonnes, with the language's digit grouping."""

    return FuncFormatter(lambda v, _: number(v / 1000, lang))


def charts(provincial: Provincial, terms: Terms) -> list[bytes]:
    """The four charts as PNG bytes, in :data:`ghg.report.write.CHART_FILES` order."""
    style()
    return [sectors_chart(provincial, terms), categories_chart(provincial, terms),
            key_categories_chart(provincial, terms), uncertainty_chart(provincial, terms)]


def style() -> None:
    """The charts' font, for every chart drawn after (also those of other modules)."""
    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9,
                         "svg.hashsalt": "ghg"})


def _png(figure) -> bytes:
    # savefig would draw the whole figure twice: once, not rendered, to run the constrained
    # layout, then for the pixels. The layout is run here alone, at the output's resolution,
    # and the figure is drawn once; the pixels are the same.
    figure.set_dpi(DPI)
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
        figure.set_layout_engine(None)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def sectors_chart(provincial: Provincial, terms: Terms) -> bytes:
    """Stacked bars of emissions by sector per year; removals below zero; the net total."""
    years = [int(y) for y in provincial.years]
    cells = provincial.territorial.assign(sector=sector_of(provincial.territorial["category"]))
    co2e = cells["co2e_t"].to_numpy(float)
    emitted = cells.assign(v=np.where(co2e > 0, co2e, 0.0)).pivot_table(
        index="year", columns="sector", values="v", aggfunc="sum", fill_value=0.0
    ).reindex(index=years, fill_value=0.0)
    removed = cells.assign(v=np.where(co2e < 0, co2e, 0.0)).groupby("year")["v"].sum() \
        .reindex(years, fill_value=0.0)
    figure, axes = plt.subplots(figsize=(8.5, 4.8), layout="constrained")
    bottom = np.zeros(len(years))
    for sector in emitted.columns:
        values = emitted[sector].to_numpy()
        axes.bar(years, values, bottom=bottom, color=SECTOR_COLOURS.get(sector, "#999999"),
                 label=f"{sector} {terms.category(sector)}")
        bottom += values
    if removed.to_numpy().any():
        axes.bar(years, removed.to_numpy(), color=REMOVAL_COLOUR, label=terms("chart.removals"))
    axes.plot(years, annual_totals(provincial).to_numpy(), color="black", marker="o",
              linewidth=1.2, label=terms("chart.total"))
    axes.axhline(0, color="black", linewidth=0.6)
    axes.set_xticks(years)
    axes.yaxis.set_major_formatter(thousands(terms.lang))
    axes.set_ylabel(terms("chart.kt_co2e"))
    axes.set_title(terms("chart.sectors"))
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, frameon=False)
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)


def categories_chart(provincial: Provincial, terms: Terms) -> bytes:
    """Horizontal bars: every reported category in the latest year, all gases in CO2e."""
    latest = int(provincial.years[-1])
    table = provincial.territorial
    values = (table[table["year"] == latest].groupby("category")["co2e_t"].sum()
              .sort_values())
    zero = int((values == 0).sum())  # a bar of length zero says nothing: named below instead
    values = values[values != 0]
    labels = [_short(f"{code} {terms.category(code)}") for code in values.index]
    colours = [SECTOR_COLOURS.get(str(code).split(".")[0], "#999999") for code in values.index]
    figure, axes = plt.subplots(figsize=(8.5, 1.2 + 0.32 * max(len(values), 1)),
                                layout="constrained")
    axes.barh(np.arange(len(values)), values.to_numpy(), color=colours)
    axes.set_yticks(np.arange(len(values)), labels)
    axes.xaxis.set_major_formatter(thousands(terms.lang))
    axes.set_xlabel(terms("chart.kt_co2e"))
    axes.axvline(0, color="black", linewidth=0.6)
    axes.set_title(terms("chart.categories", year=latest))
    if zero:
        figure.supxlabel(terms("chart.zero_left_out", count=zero), fontsize=8, x=0.99,
                         horizontalalignment="right")
    axes.grid(axis="x", alpha=0.3)
    return _png(figure)


def key_categories_chart(provincial: Provincial, terms: Terms, top: int = 20) -> bytes:
    """Level shares (Approach 1) of the largest cells, key ones marked; beside them the
    cumulative share with the 95 % threshold."""
    level = provincial.key_tables["level"].head(top)
    latest = int(provincial.years[-1])
    labels = [_short(f"{c} {g} {terms.category(c)}") for c, g in
              zip(level["category"], level["gas"], strict=True)]
    key = level["key"].eq("yes").to_numpy()
    position = np.arange(len(level))
    figure, (axes, cumulative) = plt.subplots(
        1, 2, sharey=True, figsize=(9.5, 1.6 + 0.34 * max(len(level), 1)),
        gridspec_kw={"width_ratios": [3, 1.4]}, layout="constrained")
    axes.barh(position, level["share"].to_numpy() * 100,
              color=np.where(key, KEY_COLOUR, OTHER_COLOUR))
    axes.set_yticks(position, labels)
    axes.invert_yaxis()
    axes.set_xlabel(terms("chart.share"))
    axes.grid(axis="x", alpha=0.3)
    axes.legend([plt.Rectangle((0, 0), 1, 1, color=KEY_COLOUR),
                 plt.Rectangle((0, 0), 1, 1, color=OTHER_COLOUR)],
                [terms("chart.key"), terms("chart.not_key")], loc="lower right")
    cumulative.plot(level["cumulative"].to_numpy() * 100, position, color="black", marker=".",
                    linewidth=1.0, label=terms("chart.cumulative"))
    cumulative.axvline(95, color=KEY_COLOUR, linestyle="--", linewidth=1.0,
                       label=terms("chart.threshold"))
    cumulative.set_xlim(0, 101)
    cumulative.set_xlabel(terms("chart.cumulative") + " (%)")
    cumulative.grid(axis="x", alpha=0.3)
    cumulative.legend(loc="lower left")
    figure.suptitle(terms("chart.key_categories", year=latest))
    return _png(figure)


def uncertainty_chart(provincial: Provincial, terms: Terms) -> bytes:
    """The total per year with its Monte Carlo 95 % interval and, for the latest year, the
    Approach 1 half-width; without uncertainty inputs, the totals and a plain note."""
    from ghg.report.terms import number

    totals = annual_totals(provincial)
    years = totals.index.to_numpy()
    figure, axes = plt.subplots(figsize=(8.5, 4.4), layout="constrained")
    monte = provincial.monte_carlo
    if monte is not None:
        frame = monte.totals.set_index("year").reindex(years)
        axes.fill_between(years, frame["lower_t"], frame["upper_t"], color=KEY_COLOUR,
                          alpha=0.2, label=terms("chart.mc_interval"))
        axes.plot(years, frame["lower_t"], color=KEY_COLOUR, linewidth=0.6)
        axes.plot(years, frame["upper_t"], color=KEY_COLOUR, linewidth=0.6)
    axes.plot(years, totals.to_numpy(), color="black", marker="o", label=terms("chart.total"))
    approach1 = provincial.approach1
    if approach1 is not None:
        half = approach1.latest_total_t * approach1.level_pct / 100
        axes.errorbar([approach1.latest_year + 0.15], [approach1.latest_total_t], yerr=[half],
                      fmt="s", color="#2c3e50", capsize=5,
                      label=terms("chart.approach1", pct=number(approach1.level_pct, terms.lang, 1),
                                  year=approach1.latest_year))
    if monte is None:
        axes.text(0.5, 0.5, terms("chart.no_uncertainty"), transform=axes.transAxes,
                  ha="center", va="center", wrap=True,
                  bbox={"facecolor": "white", "edgecolor": "#999999"})
    axes.set_xticks(years)
    axes.yaxis.set_major_formatter(thousands(terms.lang))
    axes.set_ylabel(terms("chart.kt_co2e"))
    low = float(pd.concat([totals, monte.totals["lower_t"]]).min()) if monte is not None \
        else float(totals.min())
    axes.set_ylim(bottom=min(0.0, low * 1.1))
    axes.set_title(terms("chart.uncertainty"))
    axes.legend(loc="lower right")
    axes.grid(axis="y", alpha=0.3)
    return _png(figure)
