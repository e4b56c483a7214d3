"""Writing a scenario run: CSV tables, NetCDF trajectories, the wedge chart (a folder that appears
whole, byte-identical on rerun)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ghg.core.files import csv_bytes, write_run
from ghg.core.i18n import _, language, number, use_language
from ghg.scenario.basis import BASIS_NAMES

if TYPE_CHECKING:

    import pandas as pd

    from ghg.core.background import Worker
    from ghg.scenario.config import ScenarioSpec
    from ghg.scenario.lines import Model
    from ghg.scenario.runner import ScenarioResult
    from ghg.scenario.uncertain import Draws


def write_scenario(result: ScenarioResult, out: str | Path,
                   workers: Sequence[Worker] | Charts = ()) -> list[Path]:
    """Write ``trajectories.csv/.nc``, ``target.csv``, ``wedges.csv/.png``, ``progress.csv``,
    ``sensitivity.csv`` and ``summary.txt`` into ``out`` (new or empty; the folder appears whole,
    :func:`ghg.core.files.write_run`); returns the paths written.

    With ``workers`` (:class:`ghg.core.background.Worker`), each chart is drawn in a worker's
    process while the tables are made here (the same bytes); with :class:`Charts`, those it
    was already sent while the scenario was assembled are taken from it."""
    charts = workers if isinstance(workers, Charts) else Charts(workers)
    names = CHARTS if result.draws is not None else CHARTS[:1]
    for name in names:
        charts.submit(name, result)  # unless already sent
    files = {
        "trajectories.csv": csv_bytes(result.trajectories),
        "trajectories.nc": _netcdf(result),
        "target.csv": csv_bytes(result.target),
        "wedges.csv": csv_bytes(result.wedges),
        "wedges.png": b"",  # drawn below; this keeps the files' order
        "progress.csv": csv_bytes(result.progress),
        "sensitivity.csv": csv_bytes(result.sensitivity),
        "summary.txt": (result.summary + "\n").encode("utf-8"),
    }
    if result.verdicts is not None:
        files["verdicts.csv"] = csv_bytes(result.verdicts)
    if result.measures is not None:
        files["measures.csv"] = csv_bytes(result.measures)
    if result.closing is not None:
        files["closing.csv"] = csv_bytes(result.closing.assign(gap_co2e_t=result.gap_co2e_t))
    if result.cobenefits is not None:
        files["cobenefits.csv"] = csv_bytes(result.cobenefits)
    if result.draws is not None:
        files["probability.csv"] = csv_bytes(result.draws.by_basis)
        files["spread.csv"] = csv_bytes(result.draws.spread)
    for name in names:
        files[name] = charts.bytes(name)  # wedges.png in its place, tornado.png last
    return write_run(Path(out), files)  # everything is built before the folder is written


#: The scenario's charts, in the order they are written (tornado.png only with draws).
CHARTS = ("wedges.png", "tornado.png")


class Shown(NamedTuple):
    """What the charts show, sent to a worker as soon as it is computed: ``wedges.png`` needs
    all but ``draws``, ``tornado.png`` all (a :class:`ScenarioResult` has the same fields)."""

    spec: ScenarioSpec
    model: Model
    trajectories: pd.DataFrame
    target: pd.DataFrame
    wedges: pd.DataFrame
    draws: Draws | None = None


class Charts:
    """The scenario's charts, each sent to the next of ``workers`` when :meth:`submit`-ted (as
    soon as what it shows is computed, so that it is drawn there while this process goes on),
    or drawn here when :meth:`bytes` asks for it and no worker is left."""

    def __init__(self, workers: Sequence[Worker] = (), lang: str | None = None) -> None:
        self._workers = list(workers)
        self._lang = language() if lang is None else lang
        self._drawn: dict[str, Callable[[], bytes]] = {}

    def submit(self, name: str, shown: Shown | ScenarioResult) -> None:
        """Send chart ``name`` of ``shown`` to a worker, unless it was sent already."""
        if name in self._drawn:
            return
        if self._workers:
            self._drawn[name] = self._workers.pop(0).submit(scenario_chart, shown, self._lang,
                                                            name)
        else:
            self._drawn[name] = partial(scenario_chart, shown, self._lang, name)

    def bytes(self, name: str) -> bytes:
        """The PNG of chart ``name`` (submitted before)."""
        return self._drawn.pop(name)()


def scenario_chart(result: ScenarioResult | Shown, lang: str, name: str) -> bytes:
    """One of :data:`CHARTS`, in ``lang``, with matplotlib's default style whatever was drawn
    before in this process (the report's charts set their own), so that the bytes never depend
    on it."""
    import matplotlib.style

    with use_language(lang), matplotlib.style.context("default"):
        return _wedge_chart(result) if name == "wedges.png" else _tornado(result)


def import_charts() -> None:
    """Import what the charts need (done in the workers while the scenario is computed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot


def wedge_chart(result: ScenarioResult) -> bytes:
    """``wedges.png``: BAU wedges, the target path, the target-year target and gap (also the
    report's target chart)."""
    return _wedge_chart(result)


def _netcdf(result: ScenarioResult) -> bytes:
    """``trajectories.nc``: CO2e by scenario, line and year, written from numpy arrays (no
    xarray, so no dask import); the bytes are those ``xarray.to_netcdf(engine="scipy")`` wrote
    before, with the lines' category, scope and gas as coordinates."""
    from ghg.core.netcdf3 import Variable, netcdf3_bytes

    model = result.model
    lines = model.lines
    traj = result.trajectories
    values = np.stack([model.bau, traj.loc[traj["scenario"] == "measures"]
                       .set_index(["category", "scope", "gas", "year"])["co2e_t"]
                       .reindex(_index(lines, model.years)).to_numpy()
                       .reshape(model.bau.shape)])
    per_line = {"category": lines["category"].astype(str).to_numpy(),
                "scope": lines["scope"].astype("int32").to_numpy(),
                "gas": lines["gas"].astype(str).to_numpy()}
    variables = [  # xarray's order: data, dimension coordinates, the lines' coordinates
        Variable("co2e_t", ("scenario", "line", "year"), values,
                 {"coordinates": " ".join(sorted(per_line))}),
        Variable("scenario", ("scenario",), np.array(["BAU", "measures"])),
        Variable("line", ("line",), np.arange(len(lines), dtype="int32")),
        Variable("year", ("year",), model.years.astype("int32")),
        *(Variable(name, ("line",), column) for name, column in per_line.items())]
    return netcdf3_bytes(variables, {"title": result.spec.name, "units": "t CO2e"})


def _index(lines, years):
    import pandas as pd

    return pd.MultiIndex.from_arrays([
        np.repeat(lines["category"].to_numpy(dtype=object), len(years)),
        np.repeat(lines["scope"].to_numpy(), len(years)),
        np.repeat(lines["gas"].to_numpy(dtype=object), len(years)),
        np.tile(years, len(lines))])


def _wedge_chart(result: ScenarioResult | Shown) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = result.wedges
    years = result.model.years
    stacks = [w.loc[w["measure"] == m, "territorial_saved_co2e_t"].to_numpy() / 1e3
              for m in dict.fromkeys(w["measure"])]
    names = list(dict.fromkeys(w["name_vi" if language() == "vi" else "name_en"]))
    bau = result.target
    fig, ax = plt.subplots(figsize=(12, 5.5), dpi=100)
    scen = result.trajectories
    scen = scen[(scen["scenario"] == "measures") & (scen["scope"] == 1)]
    total = scen.groupby("year")["co2e_t"].sum().reindex(years).to_numpy() / 1e3
    colours = plt.get_cmap("tab20")(np.arange(len(stacks) + 1) % 20)  # 20 distinct colours
    ax.stackplot(years, total, *stacks, labels=[_("with measures"), *names], alpha=0.85,
                 colors=colours)
    ax.plot(bau["year"], bau["bau_co2e_t"] / 1e3 * (1 - bau["target_pct"] / 100), "k--",
            label=_("target path"))
    last = bau.iloc[-1]
    goal = last["bau_co2e_t"] / 1e3 * (1 - last["target_pct"] / 100)
    ax.plot([last["year"]], [goal], "kv")
    if last["gap_co2e_t"] > 0:  # the gap: from the target to where the measures leave 2030
        text = _("gap {year}: {gap} t CO2e").format(year=int(last["year"]),
                                                     gap=number(last["gap_co2e_t"]))
        ax.vlines(last["year"], goal, last["scenario_co2e_t"] / 1e3, colors="red", lw=4,
                  label=text)
        ax.annotate(text, (last["year"], goal), xytext=(last["year"] - 9, goal * 0.55),
                    color="red", fontsize=8, arrowprops={"arrowstyle": "->", "color": "red"})
    ax.set_xlabel(_("year"))
    ax.set_ylabel(_("kt CO2e ({basis})").format(basis=_(BASIS_NAMES[result.spec.basis])))
    ax.set_title(result.spec.name + ": " + _("BAU wedges"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6)
    _laid_out(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _tornado(result: ScenarioResult | Shown) -> bytes:
    """The inputs driving the spread of the target-year reduction: swing per ±1 sd."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    assert result.draws is not None
    top = result.draws.spread.head(12).iloc[::-1]
    kinds = {"effect": _("effect"), "uptake": _("uptake"), "driver": _("BAU driver"),
             "inventory": _("base-year inventory")}
    names = {m.id: (m.name_vi if language() == "vi" else m.name_en)
             for m in result.model.measures}
    labels = [kinds[k] if k == "inventory" else f"{kinds.get(k, k)}: {names.get(n, n)}"
              for k, n in zip(top["kind"], top["input"], strict=True)]
    swing = top["swing_pct_per_sd"].abs().to_numpy()
    central = float(result.target.iloc[-1]["reduction_pct"])
    fig, ax = plt.subplots(figsize=(10, 5), dpi=100)
    ax.barh(labels, 2 * swing, left=central - swing, color="tab:blue")
    ax.axvline(central, color="k", lw=1)
    ax.axvline(result.spec.target_pct, color="red", ls="--", label=_("target"))
    ax.set_xlabel(_("reduction in {year}, % below BAU (±1 standard deviation of each input)")
                  .format(year=result.spec.target_year))
    ax.set_title(_("What drives the spread: P(reduction >= {target}%) = {p}").format(
        target=number(result.spec.target_pct, None),
        p=number(100 * float(result.draws.by_basis.loc[result.draws.by_basis["stated"],
                                                         "p_meet"].iloc[0]), 1) + "%"))
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(loc="lower right", fontsize=7)
    _laid_out(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _laid_out(fig) -> None:
    """Tight layout, done once: without a layout engine left on the figure, ``savefig`` draws
    it once instead of drawing it a second time just to lay it out again (the same pixels)."""
    import matplotlib

    fig.tight_layout()
    with matplotlib.rc_context({"figure.autolayout": False,
                                "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # None with these settings: no engine, no pre-draw
