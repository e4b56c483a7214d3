"""The scenario model as arrays: BAU lines × years, and each measure's effect per unit uptake.

:func:`build_model` checks the scenario against the inventory (unknown category, absent
activity, combined shares above 1) and turns every measure into a line weight (fraction of the
line removed per unit of uptake), an added-emission rate (per unit uptake) or, for landfill
diversion, first-order decay of the diverted deposits. :func:`project` then runs any number of
variants at once: uptake is ``(measures, variants, years)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.units import gwp100
from ghg.scenario.base import ELECTRICITY, Base
from ghg.scenario.config import Rule, ScenarioSpec
from ghg.scenario.effects import landfill_effects, set_effect
from ghg.scenario.landfill import fod_ch4
from ghg.scenario.lines import Model
from ghg.scenario.rules import attribute, growth_as, linear_trend, uptake_path

MJ_PER_TJ = 1e6


def driver_path(spec: ScenarioSpec, rule: Rule, years: np.ndarray, file: str,
                problems: list[Problem]) -> np.ndarray | None:
    drivers = spec.drivers  # plain arrays: this runs once per line
    mine = drivers["driver"].to_numpy() == rule.driver
    series = dict(zip(drivers["year"].to_numpy()[mine].astype(int),
                      drivers["value"].to_numpy()[mine], strict=True))
    missing = [int(y) for y in years if y not in series]
    if missing:
        problems.append(Problem(file, None, f"rule {rule.key}: driver", rule.driver,
                                f"has no value in drivers.csv for years {missing[:4]}"
                                f"{' ...' if len(missing) > 4 else ''}; expected every year "
                                f"{years[0]}-{years[-1]}"))
        return None
    return np.array([series[int(y)] for y in years])


def rule_for(spec: ScenarioSpec, category: str) -> Rule:
    """The rule of the category, else of its nearest parent (``3.A`` for ``3.A.1``), else
    the default."""
    parts = category.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in spec.rules:
            return spec.rules[key]
    return spec.default_rule


def project_line(spec: ScenarioSpec, rule: Rule, base_value: float, hist: pd.Series | None,
                 years: np.ndarray, problems: list[Problem]) -> np.ndarray:
    """The line's BAU in ``years`` by its ``rule``; ``hist`` (its inventory years) is needed
    by ``linear_trend`` only."""
    if rule.rule == "growth_as":
        x = driver_path(spec, rule, years, spec.bau_file, problems)
        return np.full(len(years), base_value) if x is None else growth_as(
            np.array(base_value), x, rule.elasticity)
    if rule.rule == "linear_trend":
        known = (pd.Series(dtype=float) if hist is None else hist).dropna()
        known = known[known.index <= years[0]]
        return linear_trend(known.index.to_numpy(), known.to_numpy(), base_value, years)
    if rule.rule == "series":
        pts = np.array(rule.series, dtype=float)
        return np.interp(years, pts[:, 0], pts[:, 1])
    return np.full(len(years), base_value)


def build_model(spec: ScenarioSpec, base: Base) -> Model:
    """Arrays of the BAU and of every measure; :class:`InputError` lists every mismatch."""
    problems: list[Problem] = []
    years = np.arange(base.year, spec.horizon + 1)
    lines = base.lines
    cats = lines["category"].to_numpy(dtype=object)
    bau = np.empty((len(lines), len(years)))
    line_driver = np.empty(len(lines), dtype=object)
    history = base.history.to_numpy(dtype=float)
    at = base.history.columns.get_loc(base.year)
    for i, cat in enumerate(cats):  # a few dozen lines, not data rows
        rule = spec.rules.get(ELECTRICITY, spec.default_rule) if cat == ELECTRICITY \
            else rule_for(spec, str(cat))
        series = pd.Series(history[i], index=base.history.columns) \
            if rule.rule == "linear_trend" else None
        bau[i] = project_line(spec, rule, float(history[i, at]), series, years, problems)
        line_driver[i] = rule.driver if rule.rule == "growth_as" else rule.rule
    landfill_lines = np.zeros(len(lines), dtype=bool)
    landfill_bau, fod_cols = None, np.zeros(0, dtype=np.int64)
    lf = base.landfill
    if lf is not None:
        deposit_rule = spec.rules.get("landfill", spec.default_rule)
        index = project_line(spec, deposit_rule, 1.0, pd.Series(dtype=float), years, problems)
        landfill_bau = lf.grid.copy()
        b = int(base.year - lf.y0)
        landfill_bau[:, b:] = lf.grid[:, b:b + 1] * index[None, :]
        fod_cols = years - lf.y0
        ch4 = fod_ch4(lf, landfill_bau)[:, fod_cols] * gwp100(base.gwp, "CH4")
        for j in np.flatnonzero((lines["gas"] == "CH4").to_numpy()):
            mine = lf.category == cats[j]
            if mine.any():
                landfill_lines[j] = True
                line_driver[j] = (deposit_rule.driver if deposit_rule.rule == "growth_as"
                                  else deposit_rule.rule)
                bau[j] = ch4[mine].sum(axis=0)
    weight = np.zeros((len(spec.measures), len(lines)))
    added = np.zeros((len(spec.measures), len(lines), len(years)))
    uptake = np.array([uptake_path(years, m.uptake_years, m.uptake_shares, m.start)
                       for m in spec.measures]).reshape(len(spec.measures), len(years))
    model = Model(years, lines, bau, spec.measures, uptake, weight, added, lf, landfill_bau,
                  landfill_lines, fod_cols, gwp100(base.gwp, "CH4"),
                  (lines["scope"] == 1).to_numpy(), line_driver)
    for m, measure in enumerate(spec.measures):
        set_effect(model, m, measure, base, spec.measures_file, problems)
    _check_shares(model, spec.measures_file, problems)
    if spec.grid_factor == "published":
        ratio = grid_ratio(base, years)
        elec = cats == ELECTRICITY
        model.bau[elec] *= ratio[None, :]
        model.added[:, elec, :] *= ratio[None, None, :]
    if problems:
        raise InputError(problems)
    return model


def grid_ratio(base: Base, years: np.ndarray) -> np.ndarray:
    """Each year's grid EF over the base year's, as the inventory used them; held at the latest
    inventory year's ratio after it.

    >>> from types import SimpleNamespace
    >>> b = SimpleNamespace(year=2020, grid_ef_years=pd.Series({2020: 0.8, 2021: 0.4}))
    >>> grid_ratio(b, np.arange(2020, 2023)).tolist()
    [1.0, 0.5, 0.5]
    """
    ef = base.grid_ef_years
    if ef is None or base.year not in ef.index:
        return np.ones(len(years))
    known = ef[ef.index >= base.year]
    latest = int(known.index.max())
    held = known.reindex(np.arange(base.year, latest + 1)).ffill().reindex(
        np.minimum(years, latest)).to_numpy(dtype=float)
    return held / float(ef.loc[base.year])


def _check_shares(model: Model, file: str, problems: list[Problem]) -> None:
    """Measures taking shares of one activity must not take more than all of it."""
    keys = [m.activity or ("grid_electricity" if m.effect == "grid_displacement" else "")
            for m in model.measures]
    for key in sorted({k for k in keys if k}):
        idx = [i for i, k in enumerate(keys) if k == key]
        total = model.uptake[idx].sum(axis=0)
        if len(idx) > 1 and bool((total > 1.0 + 1e-9).any()):
            t = int(np.argmax(total > 1.0 + 1e-9))
            names = ", ".join(model.measures[i].id for i in idx)
            problems.append(Problem(file, None, f"measure {model.measures[idx[-1]].id}: uptake",
                                    f"{model.years[t]}: {total[t]:g}",
                                    f"measures {names} together take more than all of activity "
                                    f"{key}; their uptake shares must sum to at most 1"))


def project(model: Model, uptake: np.ndarray) -> dict[str, np.ndarray]:
    """Scenario emissions and each measure's saving for every variant.

    ``uptake`` is ``(M, V, T)`` (share of the activity taken up). Returns ``scenario (V, L, T)``
    and ``saved (M, V, L, T)`` in t CO2e; measures act in file order on what is left.
    """
    reduction = np.minimum(uptake[:, :, None, :] * model.weight[:, None, :, None], 1.0)
    added = uptake[:, :, None, :] * model.added[:, None, :, :]
    landfill_effects(model, uptake, reduction)
    scenario, saved = attribute(model.bau[None, :, :], reduction, added)
    return {"scenario": scenario, "saved": saved}
