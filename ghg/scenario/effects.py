"""Each measure effect as a line weight (share of a line removed per unit uptake) or an added
emission rate, from base-year inventory quantities and the factor sets' parameters."""

from __future__ import annotations

import numpy as np

from ghg.core.errors import Problem
from ghg.core.schema import GASES
from ghg.core.units import gwp100
from ghg.scenario.base import ELECTRICITY, Base
from ghg.scenario.config import Measure
from ghg.scenario.landfill import landfill_avoided


def set_effect(model, m: int, measure: Measure, base: Base, file: str,
               problems: list[Problem]) -> None:
    """Fill ``model.weight[m]`` / ``model.added[m]`` for one measure (problems appended)."""
    lines = model.lines
    cats = lines["category"].to_numpy(dtype=object)

    def bad(name: str, value, message: str) -> None:
        problems.append(Problem(file, None, f"measure {measure.id}: {name}", value, message))

    for cat in measure.categories:
        if cat not in set(cats):
            bad("categories", cat, "is not a category of the inventory's base year "
                f"{base.year}; expected one of {', '.join(sorted(set(cats)))}")
    if measure.activity and measure.activity not in base.activities:
        bad("activity", measure.activity, "is not an activity of the inventory; expected an "
            "activity key present in its activity tables")
    if any(p.column.startswith(f"measure {measure.id}:") for p in problems):
        return
    on = np.isin(cats, measure.categories) & model.territorial
    elec = cats == ELECTRICITY
    effect = measure.effect
    if effect == "ef_multiplier":
        gases = measure.options.get("gases", list(GASES))
        model.weight[m] = np.where(on & lines["gas"].isin(gases).to_numpy(),
                                   (1.0 - float(measure.option("multiplier")))
                                   * _activity_share(base, lines, measure.activity), 0.0)
    elif effect == "activity_reduction":
        target = elec if measure.activity == "grid_electricity" else on
        share = 1.0 if measure.activity == "grid_electricity" else \
            _activity_share(base, lines, measure.activity)
        model.weight[m] = np.where(target, float(measure.option("reduction")) * share, 0.0)
    elif effect == "grid_displacement":
        model.weight[m] = np.where(elec, 1.0, 0.0)
    elif effect == "fuel_switch":
        _fuel_switch(model, m, measure, base, on, elec)
    elif effect == "rice_water_regime":
        _rice(model, m, measure, base, on, bad)
    elif effect == "manure_system_shift":
        _manure(model, m, measure, base, on, bad)
    elif effect == "landfill_diversion":
        _landfill(model, m, measure, base, bad)


def _activity_share(base: Base, lines, activity: str) -> np.ndarray:
    """Share of each energy line's base-year CO2e that comes from ``activity`` (1 if none)."""
    if not activity:
        return np.ones(len(lines))
    d = base.detail
    d = d[d["scope"].astype(int) == 1] if "scope" in d else d
    total = d.groupby([d["category"].astype(str), d["gas"].astype(str)])["co2e_t"].sum()
    mine = d[d["activity"].astype(str) == activity]
    part = mine.groupby([mine["category"].astype(str), mine["gas"].astype(str)])["co2e_t"].sum()
    keys = list(zip(lines["category"], lines["gas"], strict=True))
    share = (part / total).reindex(keys).to_numpy(dtype=float)
    return np.nan_to_num(share)


def _fuel_switch(model, m, measure, base, on, elec) -> None:
    """Share s of ``activity`` in the categories moves to electricity: the fuel's part of each
    line goes, and ``s × TJ × kWh/MJ`` of electricity is added on the scope 2 line."""
    lines = model.lines
    share = _activity_share(base, lines, measure.activity)
    model.weight[m] = np.where(on, share, 0.0)
    d = base.detail
    mine = d[(d["activity"].astype(str) == measure.activity)
             & d["category"].astype(str).isin(measure.categories)
             & (d["gas"].astype(str) == "CO2")]
    tj = float(mine["energy_tj"].sum())
    co2 = np.flatnonzero(on & (lines["gas"] == "CO2").to_numpy())
    # the fuel grows with its own line's BAU
    growth = model.bau[co2].sum(axis=0) / max(model.bau[co2, 0].sum(), 1e-300) if len(co2) \
        else np.ones(len(model.years))
    mwh = tj * MJ_PER_TJ * float(measure.option("kwh_per_mj")) / 1000.0 * growth
    model.added[m, elec, :] = mwh[None, :] * base.grid_ef


MJ_PER_TJ = 1e6


def _rice(model, m, measure, base, on, bad) -> None:
    """AWD and other regime changes: ``1 - s × (1 - SFw_to / SFw_from)`` on the rice CH4 of the
    area now under ``from_regime`` (its base-year share of 3.C.7 CH4)."""
    src, dst = str(measure.option("from_regime")), str(measure.option("to_regime"))
    look = base.parameters.lookup("rice_ch4", "sfw", {"water_regime": np.array([src, dst])},
                                  unit="1")
    if bool(np.any(look.missing)):
        bad("to_regime", f"{src} -> {dst}", "has no SFw in the factor sets (rice_ch4 sfw)")
        return
    rec = base.records
    rice = rec[rec["step"] == "rice"]
    total = float(rice["emissions_t"].sum())
    part = float(rice.loc[rice["water_regime"].astype(str) == src, "emissions_t"].sum())
    frac = part / total if total > 0 else 0.0
    ch4 = on & (model.lines["gas"] == "CH4").to_numpy()
    model.weight[m] = np.where(ch4, frac * (1.0 - look.value[1] / look.value[0]), 0.0)
    measure.options["_sfw"] = (float(look.value[0]), float(look.value[1]), frac)


def _manure(model, m, measure, base, on, bad) -> None:
    """Share s of the manure of ``activity`` animals moves to ``to_system``: manure CH4 of
    those animals × ``1 - s × (1 - MCF_to / MCF_mix)`` (Vol 4 Eq 10.23: CH4 ∝ Σ MCF × MS)."""
    shares = base.tables.get("manure_systems")
    rec = base.records
    manure = rec[rec["step"] == "manure_ch4"]
    animals = [measure.activity] if measure.activity else \
        sorted(manure["activity"].astype(str).unique())
    zone = np.array([measure.options.get("climate_zone", "tropical_wet")])
    to = str(measure.option("to_system"))
    total = float(manure["emissions_t"].sum())
    cut = 0.0
    for animal in animals:  # a handful of animal types
        mix = shares[shares["activity"] == animal]
        systems = mix["system"].to_numpy(dtype=object)
        look = base.parameters.lookup(
            "livestock_manure_system", "mcf",
            {"activity": np.full(len(systems) + 1, animal, dtype=object),
             "system": np.append(systems, to),
             "climate_zone": np.repeat(zone, len(systems) + 1)}, unit="1")
        if bool(np.any(look.missing)):
            bad("to_system", to, f"has no MCF for {animal} in the factor sets")
            return
        mcf_mix = float((mix["share"].astype(float).to_numpy() * look.value[:-1]).sum())
        own = float(manure.loc[manure["activity"].astype(str) == animal, "emissions_t"].sum())
        if mcf_mix > 0 and total > 0:
            cut += own / total * (1.0 - look.value[-1] / mcf_mix)
    ch4 = on & (model.lines["gas"] == "CH4").to_numpy()
    model.weight[m] = np.where(ch4, cut, 0.0)


def _landfill(model, m, measure, base, bad) -> None:
    """Diversion to composting: landfill CH4 avoided through FOD (set per variant in
    :func:`landfill_effects`), plus composting's own 4.B CH4 and N2O (Vol 5 Eq 4.1-4.2)."""
    lf = model.landfill
    if lf is None:
        bad("effect", "landfill_diversion", "the inventory has no landfill deposits")
        return
    types = [str(t) for t in measure.option("waste_types")]
    series = np.isin(lf.waste_type, types)
    if not series.any():
        bad("waste_types", ", ".join(types), "no landfill deposit series of these waste types")
        return
    measure.options["_series"] = series
    wet = (model.landfill_bau[series] * lf.wet_per_ddocm[series, None]).sum(axis=0)
    wet = wet[model.fod_cols]                                       # t wet waste per year
    lines = model.lines
    for gas in ("CH4", "N2O"):
        ef = base.parameters.lookup("waste_biological", f"ef_{gas.lower()}",
                                    {"treatment": np.array(["composting"]),
                                     "basis": np.array(["wet"])}, unit=f"g {gas}/kg waste")
        hit = np.flatnonzero((lines["category"] == "4.B").to_numpy()
                             & (lines["gas"] == gas).to_numpy())
        if bool(np.any(ef.missing)) or not len(hit):
            bad("waste_types", "composting", f"no 4.B {gas} line or composting EF to add")
            continue
        model.added[m, hit[0]] = wet * float(ef.value[0]) / 1000.0 * gwp100(base.gwp, gas)


def landfill_share(model, m: int, uptake: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(line, share of its BAU avoided ``(V, T)``) for a diversion measure ``m`` at ``uptake``
    ``(V, T)`` (``T``: every projection year, or the first ones); empty for any other
    measure."""
    measure = model.measures[m]
    if measure.effect != "landfill_diversion" or "_series" not in measure.options:
        return []
    cats = model.lines["category"].to_numpy(dtype=object)
    out = []
    for i in np.flatnonzero(model.landfill_lines):  # one line per 4.A category
        series = measure.options["_series"] & (model.landfill.category == cats[i])
        avoided = landfill_avoided(model, uptake, series)   # (V, T)
        bau = model.bau[i, :uptake.shape[-1]]
        out.append((int(i), avoided / np.where(bau > 0, bau, 1.0)))
    return out


def landfill_effects(model, uptake: np.ndarray, reduction: np.ndarray) -> None:
    """Landfill CH4 avoided by each diversion measure, as its share of the BAU landfill line."""
    for m in range(len(model.measures)):
        for i, share in landfill_share(model, m, uptake[m]):
            reduction[m, :, i, :] = share
