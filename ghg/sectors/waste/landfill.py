"""Solid waste disposal sites (4.A): deposits, first-order decay and landfill gas recovery.

- ``swds``: waste deposited at a site (``source_id``) in the row's year, t; ``activity`` is the
  waste type; column ``site_type``; optional ``oxidising_cover`` (yes/no: a managed site covered
  with CH4-oxidising material, OX of Table 3.2). CH4 is emitted in every reporting year from the
  deposit year on (:mod:`ghg.sectors.waste.disposal`), category = the row's 4.A code. Landfilled
  MSW (:mod:`ghg.sectors.waste.msw`) joins these deposits.
- ``landfill_gas``: CH4 recovered at a site, t: a negative record ``-R × (1 - OX)`` (eq. 3.1).

Deposit history (``[waste_history]`` in inventory.toml): ``start`` (year), ``rule`` =
``population`` (first-year deposit scaled by the ``population`` table), ``constant``,
``site_opened`` (the data start when the site opened: no fill) or ``none`` (a problem when data
start less than 50 years before the first reporting year), ``delay_months`` (0-6, default 6 = the
printed eq. 3.4-3.5). The rule used is written into every FOD record's ``chain``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.inputs.config import HISTORY_RULES
from ghg.sectors.method import (
    SectorContext,
    SectorRows,
    concat_records,
    fmt,
    member,
    no_records,
    records,
)
from ghg.sectors.waste import disposal as fod
from ghg.sectors.waste.streams import activity_codes, amount, found_or_report, stream

SWDS_TYPES = ("msw_bulk", "food_waste", "garden_waste", "paper_waste", "wood_waste",
              "textile_waste", "nappies", "rubber_leather", "plastics_other_inert")
SITE_TYPES = ("managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep", "unmanaged_shallow",
              "uncategorised", "managed_well_semi_aerobic", "managed_poorly_semi_aerobic",
              "managed_well_active_aeration", "managed_poorly_active_aeration")
HISTORY_YEARS = 50


def deposits(rows: SectorRows, act: pd.Categorical, msw: dict) -> pd.DataFrame:
    """Deposits of the ``swds`` rows and of landfilled MSW (``msw["landfill"]``), as a stream."""
    mask = member(act, SWDS_TYPES)
    idx = np.flatnonzero(mask)
    site = rows.choice("site_type", SITE_TYPES, mask=mask)
    category = rows.frame["category"].iloc[idx].astype(str).to_numpy()
    direct = stream(idx, rows.frame["year"].to_numpy()[idx], amount(rows, "t", mask)[idx],
                    waste_type=np.asarray(act[idx], dtype=object), site_type=site[idx],
                    category=category)
    out = pd.concat([direct, msw["landfill"]], ignore_index=True)
    return out[member(out["site_type"], SITE_TYPES)].reset_index(drop=True)


def _history(context: SectorContext) -> dict:
    raw = context.setting("waste_history", {}) or {}
    return dict(raw) if isinstance(raw, dict) else {}


def fod_series(rows: SectorRows, context: SectorContext, dep: pd.DataFrame) -> dict | None:
    """Deposits of each (site, category, waste type) series as DDOCm by calendar year, with the
    history filled by the inventory's rule and the factors for the chain."""
    if not len(dep):
        return None
    p = context.parameters
    pos = dep["pos"].to_numpy()
    zone = context.climate_zone(rows)[pos]
    wt, st = dep["waste_type"].to_numpy(dtype=object), dep["site_type"].to_numpy(dtype=object)
    cover = rows.text("oxidising_cover")[pos]
    ox_key = np.where((cover == "yes") & np.char.startswith(st.astype(str), "managed"),
                      "managed_covered", st)
    look = {
        "doc": p.lookup("waste_swds", "doc", {"waste_type": wt}, unit="1"),
        "docf": p.lookup("waste_swds", "docf", {"waste_type": wt}, unit="1"),
        "mcf": p.lookup("waste_swds", "mcf", {"site_type": st}, unit="1"),
        "k": p.lookup("waste_swds", "k", {"waste_type": wt, "climate_zone": zone}, unit="1/yr"),
        "f": p.lookup("waste_swds", "f", {"waste_type": wt}, unit="1"),
        "ox": p.lookup("waste_swds", "ox", {"site_type": ox_key}, unit="1"),
    }
    ok = np.ones(len(dep), dtype=bool)
    for name, column, what in (("doc", "activity", "DOC for " + wt),
                               ("docf", "activity", "DOCf for " + wt),
                               ("mcf", "site_type", "MCF for site type " + st),
                               ("f", "activity", "F for " + wt),
                               ("ox", "site_type", "OX for site type " + ox_key)):
        ok &= found_or_report(rows, context, look[name], pos, column, what,
                    "add a factor set or a local waste_swds row with this value")
    degradable = np.nan_to_num(look["doc"].value) > 0
    kmiss = look["k"].missing & degradable
    ok &= found_or_report(rows, context, Lookup(look["k"].value, np.where(kmiss, -1, 0)), pos,
                "climate_zone", "k for " + wt + " in climate zone " + zone,
                "add a factor set or a local waste_swds row with this k")
    dep = dep[ok].reset_index(drop=True)
    look = {n: Lookup(v.value[ok], v.ref[ok]) for n, v in look.items()}
    zone = zone[ok]
    if not len(dep):
        return None
    ddocm = fod.ddocm_deposited(dep["mass"].to_numpy(), look["doc"].value, look["docf"].value,
                                look["mcf"].value)
    site = rows.frame["source_id"].astype(str).to_numpy()[dep["pos"]]
    key = pd.DataFrame({"site": site, "category": dep["category"], "waste_type": dep["waste_type"],
                        "zone": zone})
    sid, uniq = pd.factorize(pd.MultiIndex.from_frame(key))
    hist = _history(context)
    rule = str(hist.get("rule", "none")).lower()
    reaction_month = 7.0 + float(hist.get("delay_months", 6))
    years = np.asarray(context.years, dtype=np.int64)
    first_data = int(dep["year"].min())
    start = int(hist.get("start", first_data)) if rule in ("population", "constant") \
        else first_data
    y0, y1 = min(start, first_data), int(max(years.max(), dep["year"].max()))
    n = y1 - y0 + 1
    grid = np.zeros((len(uniq), n))
    np.add.at(grid, (sid, dep["year"].to_numpy() - y0), ddocm)
    # per-series representative row: the last deposit row (its factors go into the chain)
    last = pd.Series(np.arange(len(dep))).groupby(sid).max().to_numpy()
    site_first = pd.Series(dep["year"].to_numpy()).groupby(site).transform("min").to_numpy()
    series_first = np.zeros(len(uniq), dtype=np.int64)
    series_first[sid] = site_first
    text = _fill_history(rows, context, grid, y0, series_first, rule, start, dep, sid)
    if text is None:
        return None
    context.notes.append(f"solid waste disposal deposit history: {text}")
    k = np.where(degradable[ok], look["k"].value, 0.0)[last]
    return {"grid": grid, "y0": y0, "k": k, "reaction_month": reaction_month, "keys": uniq,
            "rep": last, "dep": dep, "look": look, "rule": text, "site": site[last],
            "category": dep["category"].to_numpy()[last],
            "waste_type": dep["waste_type"].to_numpy()[last], "ox": look["ox"].value[last],
            "f": look["f"].value[last]}


def _fill_history(rows, context, grid, y0, series_first, rule, start, dep, sid) -> str | None:
    """Fill deposits before each site's first data year in place; return the rule's text."""
    years = np.arange(y0, y0 + grid.shape[1])
    before = years[None, :] < series_first[:, None]
    at_first = grid[np.arange(len(grid)), series_first - y0]
    if rule not in HISTORY_RULES:
        rows.report(np.isin(np.arange(len(rows)), dep["pos"]), "waste_history",
                    _("rule {rule} in inventory.toml [waste_history] is not valid; expected one"
                      " of {value}").format(
                          rule=repr(rule), value=', '.join(HISTORY_RULES)),
                          values=np.full(len(rows), rule, dtype=object))
        return None
    if rule == "none":
        need = int(np.min(context.years)) - HISTORY_YEARS
        late = np.zeros(len(rows), dtype=bool)
        first_rows = dep.assign(sid=sid).sort_values("year").drop_duplicates("sid")
        late[first_rows["pos"][first_rows["year"] > need]] = True
        rows.report(late, "year", _("missing deposit history: first-order decay needs deposits "
                                    "from about {need} (50 years before the first reporting "
                                    "year) but this series starts here; set [waste_history] "
                                    'rule = "population" or "constant" with start = <year> in '
                                    "inventory.toml, give earlier deposits, or set rule = "
                                    '"site_opened" if the site opened in this year').format(
                                        need=need))
        return None if late.any() else "none (deposit data cover the history)"
    if rule == "site_opened":
        return "site_opened (no deposits before each site's first data year)"
    scale = before & (years[None, :] >= start)
    if rule == "population":
        pop = _population(rows, context, dep, years[scale.any(axis=0)] if scale.any() else years,
                          series_first)
        if pop is None:
            return None
        ratio = pop(years)[None, :] / pop(series_first)[:, None]
        factor = np.where(scale, ratio, 0.0)
        text = f"population back-cast from {start} (first-year deposit × population ratio)"
    else:
        factor = scale.astype(float)
        text = f"constant back-cast from {start} (first-year deposit repeated)"
    grid += fod.backfill(at_first, factor)
    return text


def _population(rows, context, dep, need_years, series_first):
    table = context.tables.get("population")
    mask = np.zeros(len(rows), dtype=bool)
    mask[dep["pos"].to_numpy()] = True
    if table is None or not {"year", "population"} <= set(table.columns):
        rows.report(mask, "waste_history", _("rule population needs an inventory table "
                                             "population.csv with columns year, population; add"
                                             " it or choose another rule"),
                    values=np.full(len(rows), "population", dtype=object))
        return None
    y = pd.to_numeric(table["year"], errors="coerce").to_numpy()
    v = pd.to_numeric(table["population"], errors="coerce").to_numpy()
    series = dict(zip(y.astype(int), v, strict=True))
    wanted = np.union1d(need_years, series_first)
    missing = [int(a) for a in wanted if a not in series or not np.isfinite(series[a])
               or series[a] <= 0]
    if missing:
        rows.report(mask, "waste_history", _("population table has no positive population for "
                                             "years {value}{value2}; add them").format(
                                                 value=missing[:5],
                                                 value2=' ...' if len(missing) > 5 else ''),
                    values=np.full(len(rows), "population", dtype=object))
        return None
    return np.vectorize(lambda a: series.get(int(a), np.nan), otypes=[float])


def swds(rows: SectorRows, context: SectorContext, dep: pd.DataFrame) -> pd.DataFrame:
    """CH4 records of the deposits ``dep`` in every reporting year (eq. 3.2-3.6, OX of eq. 3.1),
    and the recovery records of the ``landfill_ch4_recovered`` rows."""
    s = fod_series(rows, context, dep)
    rec_mask = np.asarray(activity_codes(rows) == "landfill_ch4_recovered")  # by code
    if s is None:
        rows.report(rec_mask, "source_id", _("CH4 recovery at a site with no deposits; expected"
                                             " swds rows for this site"))
        return no_records()
    p = context.parameters
    dec = fod.decomposed(s["grid"], s["k"], s["reaction_month"])
    gen = fod.ch4_generated(dec, s["f"][:, None])
    years = np.asarray(context.years, dtype=np.int64)
    col = years - s["y0"]
    ns, ny = len(s["k"]), len(years)
    emitted = gen[:, col] * (1.0 - s["ox"])[:, None]
    sr = np.repeat(np.arange(ns), ny)
    yr = np.tile(years, ns)
    value = emitted.ravel()
    lk = s["look"]
    rep = s["rep"][sr]
    src = {n: p.describe(v.ref[rep]) for n, v in lk.items()}
    val = {n: fmt(v.value[rep]) for n, v in lk.items()}
    chain = (s["site"][sr].astype(object) + " " + s["waste_type"][sr] + ": DDOCm = W × DOC "
             + val["doc"] + " [" + src["doc"] + "] × DOCf " + val["docf"] + " [" + src["docf"]
             + "] × MCF " + val["mcf"] + " [" + src["mcf"] + "]; history: " + s["rule"]
             + "; FOD k " + val["k"] + " [" + src["k"] + "], reaction month "
             + f"{s['reaction_month']:g}; DDOCm decomposed " + fmt(dec[:, col].ravel())
             + " t C × F " + val["f"] + " [" + src["f"] + "] × 16/12 × (1 - OX " + val["ox"]
             + " [" + src["ox"] + "]) = " + fmt(value) + " t CH4")
    pos = s["dep"]["pos"].to_numpy()[rep]
    out = [records(rows, pos, year=yr, category=s["category"][sr], gas="CH4",
                   emissions_t=value, step="swds_fod", chain=chain)]
    out.append(_recovery(rows, s, gen, rec_mask))
    return concat_records(out)


def _recovery(rows: SectorRows, s: dict, gen: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    """-R × (1 - OX) per recovery row (eq. 3.1); R above the site's generation is refused."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return no_records()
    site = rows.frame["source_id"].astype(str).to_numpy()[idx]
    year = rows.frame["year"].to_numpy()[idx].astype(np.int64)
    r = amount(rows, "t", mask)[idx]
    sites = pd.Index(s["site"])
    first = pd.Series(np.arange(len(sites))).groupby(sites.to_numpy()).min()
    known = np.isin(site, first.index)
    col = np.clip(year - s["y0"], 0, gen.shape[1] - 1)
    total = pd.DataFrame(gen).groupby(s["site"]).sum()
    g = np.where(known, total.reindex(np.where(known, site, total.index[0])).to_numpy()[
        np.arange(len(idx)), col], 0.0)
    bad = np.zeros(len(rows), dtype=bool)
    bad[idx[~known]] = True
    rows.report(bad, "source_id", _("CH4 recovery at a site with no deposits; expected swds "
                                    "rows for this site"))
    over = np.zeros(len(rows), dtype=bool)
    over[idx[known & (r > g * (1 + 1e-9))]] = True
    rows.report(over, "amount", _("CH4 recovered exceeds the CH4 generated at this site in this"
                                  " year; expected at most the generated amount"), values=None)
    ok = known & (r <= g * (1 + 1e-9))
    j = first.reindex(site[ok]).to_numpy()
    ox = s["ox"][j]
    value = -r[ok] * (1.0 - ox)
    chain = ("recovered " + fmt(r[ok]) + " t CH4 (generated " + fmt(g[ok]) + ") × (1 - OX "
             + fmt(ox) + ") = " + fmt(value) + " t CH4")
    return records(rows, idx[ok], category=s["category"][j], gas="CH4", emissions_t=value,
                   step="swds_recovery", chain=chain)
