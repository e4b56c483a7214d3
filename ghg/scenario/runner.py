"""BAU baseline, mitigation measures and the 2030 target check (``ghg scenario PATH -o OUT``).

A scenario folder (``scenarios/<name>/``) holds ``scenario.toml`` (inventory, base year, horizon,
target), ``bau.toml`` (projection rule per category), ``drivers.csv`` (driver series with
sources) and ``measures.toml``. The inventory is computed once; its base year is projected with
the rules; measures act in file order on what is left of each line, so the savings attributed to
the measures add up exactly to BAU − scenario. Territorial totals (and the target) are scope 1;
purchased electricity (scope 2) is its own ``electricity`` line, never in those totals.

Usage (the bundled scenario is run by tests/integration/test_scenario_ben_tre.py)::

    result = run_scenario("scenarios/ben-tre")
    result.target.loc[result.target["year"] == 2030, "met"].item()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.core.background import Worker
from ghg.core.errors import ConfigError
from ghg.core.i18n import _, language, number
from ghg.engine.pipeline import compute_inputs
from ghg.engine.pollutants import by_activity
from ghg.inputs.folder import read_inputs
from ghg.scenario.appendix import appendix_table
from ghg.scenario.base import Base, base_from
from ghg.scenario.basis import BASIS_NAMES, basis_lines, verdicts
from ghg.scenario.closing import SHARED, what_it_takes
from ghg.scenario.cobenefits import cobenefits
from ghg.scenario.config import BASES, ScenarioSpec, read_scenario
from ghg.scenario.effects import landfill_effects
from ghg.scenario.lines import Model
from ghg.scenario.model import build_model, project
from ghg.scenario.rules import attribute
from ghg.scenario.uncertain import Draws, line_uncertainty, simulate

if TYPE_CHECKING:
    from ghg.scenario.output import Charts

SENSITIVITY_STEP = 0.2


@dataclass
class ScenarioResult:
    """Trajectories, the target check, wedges, progress and sensitivity of one scenario."""

    spec: ScenarioSpec
    model: Model
    trajectories: pd.DataFrame   # scenario, year, category, scope, gas, co2e_t
    target: pd.DataFrame         # year, bau/scenario co2e, reduction_pct, target_pct, met, gap
    wedges: pd.DataFrame         # year, order, measure, names, territorial and scope 2 saved
    progress: pd.DataFrame
    sensitivity: pd.DataFrame
    summary: str
    verdicts: pd.DataFrame | None = None      # target-year verdict under each basis
    measures: pd.DataFrame | None = None      # the plan's Appendix 4 items with their status
    draws: Draws | None = None                # Monte Carlo of the target-year reduction
    gap_co2e_t: float = 0.0                   # extra t CO2e needed in the target year
    closing: pd.DataFrame | None = None       # each measure's uptake closing the gap alone
    cobenefits: pd.DataFrame | None = None    # NOx, PM2.5 and NH3 each measure saves


def run_scenario(path: str | Path, out: str | Path | None = None, *, basis: str | None = None,
                 draws: int | None = None, seed: int | None = None,
                 workers: Sequence[Worker] = ()) -> ScenarioResult:
    """Run the scenario folder ``path``; write the outputs to ``out`` when given.

    ``basis`` (one of :data:`ghg.scenario.config.BASES`), ``draws`` and ``seed`` override the
    scenario file's [basis] and [uncertainty]; ``workers`` draw the charts in other processes
    (:func:`chart_workers`)."""
    spec = read_scenario(path)
    if basis is not None:
        if basis not in BASES:
            raise ConfigError(_("basis {basis} is not offered; expected one of {bases}").format(
                basis=repr(basis), bases=", ".join(BASES)))
        spec.basis = basis
    if draws is not None:
        spec.uncertainty["draws"] = int(draws)
    if seed is not None:
        spec.uncertainty["seed"] = int(seed)
    if out is not None:  # never into the scenario or its inventory, nor over anything
        from ghg.core.files import check_output

        check_output(Path(out), [path, spec.inventory])
    inputs = read_inputs(spec.inventory)
    inventory = compute_inputs(inputs)
    base = base_from(inventory, inputs, spec.base_year, spec.horizon)
    model = build_model(spec, base)
    line_u = line_uncertainty(model.lines, inputs.inventory_tables.get("uncertainty"))
    pollutants = partial(by_activity, inventory, base.year)  # after the first chart is sent
    if out is None:
        return assemble(spec, model, base, line_u, pollutants=pollutants)
    from ghg.scenario.output import Charts, write_scenario

    charts = Charts(workers)  # each chart drawn there from when what it shows is computed
    result = assemble(spec, model, base, line_u, charts, pollutants)
    write_scenario(result, out, charts)
    return result


def chart_workers() -> list[Worker]:
    """Processes that import matplotlib while the scenario is computed, then draw one chart
    each (:data:`ghg.scenario.output.CHARTS`); none on a single CPU, where they would only add
    their own start-up. One process imports and forks the other
    (:func:`ghg.core.background.prepared_workers`), so the import is paid once beside the
    computing process. It only waits for them once its tables are made."""
    from ghg.core.background import available_cpus, prepared_workers
    from ghg.scenario.output import CHARTS, import_charts

    return prepared_workers(len(CHARTS), import_charts) if available_cpus() >= 2 else []


def territorial(model: Model, lines_by_year: np.ndarray, basis: str = "territorial"
                ) -> np.ndarray:
    """Sum of the lines the ``basis`` counts (scope 1 by default; axis -2 is lines)."""
    return lines_by_year[..., basis_lines(model, basis), :].sum(axis=-2)


def target_path(spec: ScenarioSpec, years: np.ndarray) -> np.ndarray:
    """Target % below BAU: straight from 0 in the base year to ``target_pct`` in the target
    year, held after it."""
    span = max(spec.target_year - int(years[0]), 1)
    return spec.target_pct * np.clip((years - years[0]) / span, 0.0, 1.0)


def reduction_pct(bau: np.ndarray, scenario: np.ndarray) -> np.ndarray:
    return 100.0 * (1.0 - scenario / bau)


def assemble(spec: ScenarioSpec, model: Model, base: Base,
             line_u: pd.DataFrame | None = None, charts: Charts | None = None,
             pollutants: Callable[[], pd.DataFrame] | None = None) -> ScenarioResult:
    """The scenario's result; each of the ``charts`` is submitted as soon as what it shows is
    computed (:class:`ghg.scenario.output.Charts`), so that a worker draws it meanwhile.
    ``pollutants`` gives the base year's pollutants by activity (``base.pollutants`` unless
    given), asked for once the charts are sent: only the co-benefits need them."""
    run = project(model, model.uptake[:, None, :])
    scenario, saved = run["scenario"][0], run["saved"][:, 0]
    years = model.years
    traj = _trajectories(model, scenario)
    bau_t = territorial(model, model.bau, spec.basis)
    scen_t = territorial(model, scenario, spec.basis)
    target = _target(spec, years, bau_t, scen_t)
    wedges = _wedges(model, saved)
    if charts is not None:
        from ghg.scenario.output import Shown

        charts.submit("wedges.png", Shown(spec, model, traj, target, wedges))
    progress = _progress(spec, model, base, bau_t)
    sensitivity = _sensitivity(spec, model)
    row = target[target["year"] == spec.target_year]
    verdict = verdicts(model, scenario, spec.target_year, spec.target_pct, spec.basis)\
        .assign(bau_rule=spec.bau_rule, grid_factor=spec.grid_factor)
    masks = {b: basis_lines(model, b) for b in BASES}
    unc = spec.uncertainty or {}
    mc = simulate(model, masks, spec.basis,
                  line_u if line_u is not None else line_uncertainty(model.lines, None),
                  unc, spec.target_year, spec.target_pct, int(unc.get("draws", 10000)),
                  int(unc.get("seed", 1)))
    if charts is not None:
        charts.submit("tornado.png", Shown(spec, model, traj, target, wedges, mc))
    gap, closing = what_it_takes(model, masks[spec.basis], spec.target_year, spec.target_pct)
    table = appendix_table(spec, wedges)
    summary = _summary(spec, row, wedges)
    summary += "\n" + _decision_lines(spec, verdict, mc, gap, closing, table, progress)
    if pollutants is not None:
        base = replace(base, pollutants=pollutants())
    return ScenarioResult(spec, model, traj, target, wedges, progress, sensitivity, summary,
                          verdict, table, mc, gap, closing,
                          cobenefits(spec, model, base, saved))


def _trajectories(model: Model, scenario: np.ndarray) -> pd.DataFrame:
    lines, years = model.lines, model.years
    parts = []
    for name, values in (("BAU", model.bau), ("measures", scenario)):
        parts.append(pd.DataFrame({
            "scenario": name, "year": np.tile(years, len(lines)),
            "category": np.repeat(lines["category"].to_numpy(dtype=object), len(years)),
            "scope": np.repeat(lines["scope"].to_numpy(), len(years)),
            "gas": np.repeat(lines["gas"].to_numpy(dtype=object), len(years)),
            "co2e_t": values.ravel()}))
    return pd.concat(parts, ignore_index=True).sort_values(
        ["scenario", "year", "scope", "category", "gas"], kind="stable").reset_index(drop=True)


def _target(spec: ScenarioSpec, years, bau, scen) -> pd.DataFrame:
    keep = years <= spec.target_year
    pct = reduction_pct(bau, scen)
    goal = target_path(spec, years)
    met = pct >= goal - 1e-9
    gap = np.where(met, 0.0, scen - bau * (1.0 - goal / 100.0))
    return pd.DataFrame({"year": years, "bau_co2e_t": bau, "scenario_co2e_t": scen,
                         "reduction_pct": pct, "target_pct": goal, "met": met,
                         "gap_co2e_t": gap})[keep].reset_index(drop=True)


def _wedges(model: Model, saved: np.ndarray) -> pd.DataFrame:
    """Each measure's saving per year, t CO2e, split into territorial and scope 2."""
    terr = saved[:, model.territorial, :].sum(axis=1)
    s2 = saved[:, ~model.territorial, :].sum(axis=1)
    n, t = terr.shape
    ids = np.array([m.id for m in model.measures], dtype=object)
    return pd.DataFrame({
        "year": np.tile(model.years, n), "order": np.repeat(np.arange(1, n + 1), t),
        "measure": np.repeat(ids, t),
        "name_en": np.repeat(np.array([m.name_en for m in model.measures], dtype=object), t),
        "name_vi": np.repeat(np.array([m.name_vi for m in model.measures], dtype=object), t),
        "territorial_saved_co2e_t": terr.ravel(), "scope2_saved_co2e_t": s2.ravel()})


def _progress(spec: ScenarioSpec, model: Model, base: Base, bau_t: np.ndarray) -> pd.DataFrame:
    """Actual inventory years after the base year against BAU, and the straight target path."""
    actual = base.totals  # every territorial line of each year, not only the base year's
    years = [int(y) for y in actual.index if model.years[0] <= int(y) <= model.years[-1]]
    pos = np.array(years) - model.years[0]
    act = actual.loc[years].to_numpy(dtype=float)
    pct = reduction_pct(bau_t[pos], act)
    goal = target_path(spec, np.array(years))
    latest = np.zeros(len(years), dtype=bool)
    if len(years):
        latest[-1] = True
    return pd.DataFrame({"year": years, "actual_co2e_t": act, "bau_co2e_t": bau_t[pos],
                         "reduction_pct": pct, "target_path_pct": goal,
                         "on_path": pct >= goal - 1e-9, "latest": latest,
                         "above_bau": act > bau_t[pos] * (1 + 1e-12)})


def _reduction_2030(spec: ScenarioSpec, model: Model, uptake: np.ndarray | None = None,
                    weight_scale: np.ndarray | None = None) -> float:
    t = int(np.searchsorted(model.years, spec.target_year))
    up = model.uptake if uptake is None else uptake
    run = project(model, up[:, None, :])
    bau = territorial(model, model.bau, spec.basis)
    scen = territorial(model, run["scenario"][0], spec.basis)
    return float(reduction_pct(bau[t], scen[t]))


def _measure_cases_2030(spec: ScenarioSpec, model: Model) -> np.ndarray:
    """2030 reduction % with each measure's effect size, then its uptake, at -20 % and +20 %
    (in that order, measure by measure), as variants of one projection: per variant the same
    arithmetic as :func:`ghg.scenario.model.project` of the changed model alone."""
    uptakes, weights, addeds = [], [], []
    for m in range(len(model.measures)):
        for scale in (1 - SENSITIVITY_STEP, 1 + SENSITIVITY_STEP):
            w = model.weight.copy()
            w[m] *= scale
            a = model.added.copy()
            a[m] *= scale
            uptakes.append(model.uptake)
            weights.append(w)
            addeds.append(a)
        for scale in (1 - SENSITIVITY_STEP, 1 + SENSITIVITY_STEP):
            up = model.uptake.copy()
            up[m] = np.minimum(up[m] * scale, 1.0)
            uptakes.append(up)
            weights.append(model.weight)
            addeds.append(model.added)
    # years after the target year change nothing in it (each year is its own, and landfill
    # decay runs forward): the variants are projected up to the target year only
    t = int(np.searchsorted(model.years, spec.target_year))
    upto = t + 1
    uptake = np.stack(uptakes, axis=1)[:, :, :upto]                         # (M, V, T)
    reduction = np.minimum(uptake[:, :, None, :] * np.stack(weights, axis=1)[:, :, :, None], 1.0)
    added = uptake[:, :, None, :] * np.stack([a[..., :upto] for a in addeds], axis=1)
    landfill_effects(model, uptake, reduction)                              # (M, V, L, T)
    scenario, _saved = attribute(model.bau[None, :, :upto], reduction, added)
    bau = territorial(model, model.bau, spec.basis)
    return reduction_pct(bau[t], territorial(model, scenario, spec.basis)[:, t])


def _sensitivity(spec: ScenarioSpec, model: Model) -> pd.DataFrame:
    """2030 reduction % when each measure's effect size or uptake, or the BAU growth of the
    lines following each driver (or rule), moves by ±20 %. Landfill diversion's ``effect`` is
    the composting EF (its landfill saving is FOD of the diverted waste, not a factor); for
    the landfill line the driver row scales its BAU CH4 growth, not the deposits."""
    from dataclasses import replace

    rows = []
    central = _reduction_2030(spec, model)
    cases = iter(_measure_cases_2030(spec, model))
    for measure in model.measures:
        kind = "composting_ef" if measure.effect == "landfill_diversion" else "effect"
        for what in (kind, "uptake"):
            for label, scale in (("low", 1 - SENSITIVITY_STEP), ("high", 1 + SENSITIVITY_STEP)):
                rows.append((what, measure.id, label, scale, float(next(cases))))
    drivers = model.line_driver if model.line_driver is not None else \
        np.full(len(model.lines), "all", dtype=object)
    for driver in sorted(set(drivers)):  # growth of the lines following each driver or rule
        mine = (drivers == driver)[:, None]
        for label, scale in (("low", 1 - SENSITIVITY_STEP), ("high", 1 + SENSITIVITY_STEP)):
            growth = model.bau / np.where(model.bau[:, :1] != 0, model.bau[:, :1], 1.0)
            bau = np.where(mine, model.bau[:, :1] * (1.0 + scale * (growth - 1.0)), model.bau)
            rows.append(("driver", str(driver), label, scale,
                         _reduction_2030(spec, replace(model, bau=bau))))
    out = pd.DataFrame(rows, columns=["kind", "name", "case", "scale", "reduction_2030_pct"])
    out["central_pct"] = central
    out["swing_pct"] = out["reduction_2030_pct"] - central
    return out


def _summary(spec: ScenarioSpec, row: pd.DataFrame, wedges: pd.DataFrame) -> str:
    if row.empty:
        return _("target year outside the projection")
    r = row.iloc[0]
    top = (wedges[wedges["year"] == spec.target_year]
           .sort_values("territorial_saved_co2e_t", ascending=False).head(3))
    name = "name_vi" if language() == "vi" else "name_en"
    names = ", ".join(_("{measure} ({tonnes} t)").format(measure=n, tonnes=number(v)) for n, v in
                      zip(top[name], top["territorial_saved_co2e_t"], strict=True))
    verdict = (_("target met: yes") if r["met"] else
               _("target met: no (gap {gap} t CO2e)").format(gap=number(r["gap_co2e_t"])))
    return _("BAU {year} = {bau} t CO2e ({basis}), with measures {scenario} t CO2e, "
             "reduction {reduction}% (target {target}%), {verdict}; largest measures: {names}"
             ).format(year=spec.target_year, basis=_(BASIS_NAMES[spec.basis]),
                      bau=number(r["bau_co2e_t"]),
                      scenario=number(r["scenario_co2e_t"]),
                      reduction=number(r["reduction_pct"], 2),
                      target=number(r["target_pct"], None), verdict=verdict, names=names)


def _decision_lines(spec: ScenarioSpec, verdict: pd.DataFrame, mc: Draws, gap: float,
                    closing: pd.DataFrame, table: pd.DataFrame, progress: pd.DataFrame) -> str:
    """The verdict under each basis, P(meeting the target), the gap and what would close it."""
    lines = []
    p = mc.by_basis.set_index("basis")["p_meet"]
    for r in verdict.itertuples(index=False):
        mark = _(" (stated basis)") if r.stated else ""
        lines.append(_("{basis}{mark}: reduction {reduction}%, {verdict}, P(reduction >= "
                       "{target}%) = {p}").format(
            basis=_(BASIS_NAMES[r.basis]), mark=mark, reduction=number(r.reduction_pct, 2),
            verdict=_("met") if r.met else _("not met"),
            target=number(spec.target_pct, None), p=number(100.0 * float(p[r.basis]), 1) + "%"))
    named = {m.id: (m.name_vi if language() == "vi" else m.name_en) for m in spec.measures}
    if gap > 0:
        lines.append(_("gap in {year}: {gap} t CO2e more must be saved").format(
            year=spec.target_year, gap=number(gap)))
        for r in closing[closing["status"] == "closes the gap"].itertuples(index=False):
            lines.append(_("  {measure}: uptake {now}% -> {needed}% in {year} closes the gap "
                           "alone").format(measure=named[r.measure],
                                           now=number(100 * r.uptake_now, 1),
                                           needed=number(100 * r.uptake_needed, 1),
                                           year=spec.target_year))
        for r in closing[closing["status"] == SHARED].itertuples(index=False):
            lines.append(_("  {measure}: {needed}% in {year} would close it alone, but with the "
                           "measures sharing its activity above 100%").format(
                measure=named[r.measure], needed=number(100 * r.uptake_needed, 1),
                year=spec.target_year))
        cannot = closing.loc[~closing["status"].isin(["closes the gap", SHARED]), "measure"]
        if len(cannot):
            lines.append(_("  cannot close it alone, even at 100%: {measures}").format(
                measures="; ".join(named[m] for m in cannot)))
    above = progress.loc[progress["above_bau"], "year"].tolist()
    if above:
        lines.append(_("inventory years above BAU: {years}").format(
            years=", ".join(str(y) for y in above)))
    quantified = int((table["status"] == "quantified").sum())
    lines.append(_("Appendix 4: {quantified} of {items} items quantified").format(
        quantified=quantified, items=len(table)))
    return "\n".join(lines)
