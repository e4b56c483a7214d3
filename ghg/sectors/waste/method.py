"""Solid waste (4.A-4.C): disposal sites (FOD), landfill gas recovery, MSW derivation,
composting and anaerobic digestion, incineration and open burning.

Activity kinds and their rows:

- ``swds``: waste deposited at a site (``source_id``) in the row's year, t; ``activity`` is the
  waste type; column ``site_type``; optional ``oxidising_cover`` (yes/no: a managed site covered
  with CH4-oxidising material, OX of Table 3.2). CH4 is emitted in every reporting year from the
  deposit year on (:mod:`ghg.sectors.waste.disposal`), category = the row's 4.A code.
- ``landfill_gas``: CH4 recovered at a site, t: a negative record ``-R × (1 - OX)`` (eq. 3.1).
- ``msw``: persons × ``msw_kg_per_capita_day`` × 365 = waste generated. ``collection_pct`` of it
  is collected and split by ``landfill_pct``, ``composting_pct``, ``incineration_pct`` (+
  ``recycling_pct`` or ``other_pct``; the group must sum to 100); ``open_burning_pct`` of the
  UNCOLLECTED waste is burnt in the open. Composition: ``<component>_pct`` columns (must sum to
  100) or the regional default of Table 2.3 (``waste_composition``, rescaled to sum to 1).
  Landfilled waste becomes deposits by component (rubber/leather, plastics, metal, glass and
  other inert go to ``plastics_other_inert``, DOC 0: Table 2.4 gives natural rubber no
  anaerobic degradation), composted waste goes to 4.B (wet basis), incinerated and open-burnt
  waste to 4.C.1 / 4.C.2.
- ``biological``: ``composting`` / ``anaerobic_digestion``, t treated; ``basis`` wet|dry; optional
  ``ch4_recovered_t``. Eq. 4.1-4.2, category 4.B.
- ``incineration`` / ``open_burning``: t wet waste burnt; ``waste_type`` (a component or
  ``msw_bulk`` = composition). Eq. 5.2 fossil CO2 (biogenic CO2 as memo); CH4 and N2O from the
  factor sets' ``ef_ch4`` / ``ef_n2o`` (kg/t wet waste); a gas the inventory decides not to
  estimate is listed in the ``not_estimated`` column (IPCC notation key NE) instead of being
  silently dropped.

Deposit history (``[waste_history]`` in inventory.toml): ``start`` (year), ``rule`` =
``population`` (first-year deposit scaled by the ``population`` table), ``constant``,
``site_opened`` (the data start when the site opened: no fill) or ``none`` (a problem when data
start less than 50 years before the first reporting year), ``delay_months`` (0-6, default 6 = the
printed eq. 3.4-3.5). The rule used is written into every FOD record's ``chain``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.factors.parameters import Lookup
from ghg.sectors.method import SectorContext, SectorRows, fmt, no_records, records
from ghg.sectors.waste import biological as bio
from ghg.sectors.waste import burning as burn
from ghg.sectors.waste import disposal as fod

SWDS_TYPES = ("msw_bulk", "food_waste", "garden_waste", "paper_waste", "wood_waste",
              "textile_waste", "nappies", "rubber_leather", "plastics_other_inert")
SITE_TYPES = ("managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep", "unmanaged_shallow",
              "uncategorised", "managed_well_semi_aerobic", "managed_poorly_semi_aerobic",
              "managed_well_active_aeration", "managed_poorly_active_aeration")
#: Table 2.3 / 2.4 components of MSW, and the SWDS waste type each is deposited as.
COMPONENTS = {"food_waste": "food_waste", "garden_waste": "garden_waste",
              "paper_waste": "paper_waste", "wood_waste": "wood_waste",
              "textile_waste": "textile_waste", "nappies": "nappies",
              "rubber_leather": "plastics_other_inert", "plastics": "plastics_other_inert",
              "metal": "plastics_other_inert", "glass": "plastics_other_inert",
              "other_inert": "plastics_other_inert"}
#: Components without carbon (Table 2.4 gives metal and glass no carbon content).
NO_CARBON = ("metal", "glass")
HISTORY_RULES = ("population", "constant", "site_opened", "none")
HISTORY_YEARS = 50
SHARE_TOLERANCE = 0.5  # percentage points


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """Records of every waste row (4.A, 4.B, 4.C); problems go to ``rows.problems``."""
    act = rows.frame["activity"].astype(str).to_numpy()
    msw = _msw_streams(rows, context, act == "msw_generation")
    out = [_swds(rows, context, _deposits(rows, act, msw)),
           _biological(rows, context, act, msw),
           _burning(rows, context, act, msw)]
    out = [o for o in out if len(o)]
    return pd.concat(out, ignore_index=True) if out else no_records()


# ---------------------------------------------------------------- streams (rows or derived)

def _amount(rows: SectorRows, unit: str, mask: np.ndarray) -> np.ndarray:
    """Amounts of the rows in ``mask`` in ``unit`` (other kinds' rows have other units)."""
    out = np.full(len(rows), np.nan)
    if mask.any():
        out[mask] = SectorRows(rows.frame[mask]).amount_in(unit)
    return out


def _stream(pos, year, mass, **text) -> pd.DataFrame:
    return pd.DataFrame({"pos": np.asarray(pos, dtype=np.int64),
                         "year": np.asarray(year, dtype=np.int64),
                         "mass": np.asarray(mass, dtype=float), **text})


def _composition(rows: SectorRows, context: SectorContext, mask: np.ndarray) -> np.ndarray:
    """Share of each component (rows × components) from columns or the regional default."""
    names = list(COMPONENTS)
    given = np.column_stack([rows.number(f"{c}_pct", default=np.nan, maximum=100.0)
                             for c in names])
    custom = mask & np.isfinite(given).any(axis=1)
    total = np.nansum(given, axis=1)
    rows.report(custom & (np.abs(total - 100.0) > SHARE_TOLERANCE), f"{names[0]}_pct",
                "waste-type shares (*_pct composition columns) sum to "
                + "a value other than 100; expected shares of wet waste summing to 100",
                values=np.char.mod("sum %.4g", total))
    share = np.nan_to_num(given) / np.where(total > 0, total, 1.0)[:, None]
    default = mask & ~custom
    if default.any():
        region = context.ipcc_region(rows, mask=default)
        table = np.column_stack([context.parameters.lookup(
            "waste_composition", "msw_share", {"waste_type": c, "region": region},
            unit="percent of wet MSW").value for c in names])
        known = np.isfinite(table).any(axis=1)
        rows.report(default & ~known, "ipcc_region",
                    "has no default MSW composition (waste_composition msw_share) in the factor "
                    "sets; give *_pct composition columns or an ipcc_region with a Table 2.3 row",
                    values=region)
        table = np.nan_to_num(table)
        share[default] = (table / np.maximum(table.sum(axis=1), 1e-12)[:, None])[default]
    return share


def _msw_streams(rows: SectorRows, context: SectorContext, mask: np.ndarray) -> dict:
    """Split ``msw_generation`` rows into landfill, composting and burning streams."""
    empty = {k: _stream([], [], []) for k in ("landfill", "composting", "burning")}
    if not mask.any():
        return empty
    per_day = rows.number("msw_kg_per_capita_day", required=mask)
    collect = rows.number("collection_pct", required=mask, maximum=100.0)
    parts = {c: rows.number(f"{c}_pct", default=0.0, maximum=100.0)
             for c in ("landfill", "composting", "incineration", "recycling", "other")}
    total = sum(parts.values())
    rows.report(mask & (np.abs(total - 100.0) > SHARE_TOLERANCE), "landfill_pct",
                "collected-waste shares landfill_pct + composting_pct + incineration_pct + "
                "recycling_pct + other_pct do not sum to 100; expected shares of collected waste",
                values=np.char.mod("sum %.4g", total))
    burnt = rows.number("open_burning_pct", default=0.0, maximum=100.0)
    site = rows.choice("site_type", SITE_TYPES, mask=mask & (parts["landfill"] > 0))
    generated = _amount(rows, "person", mask) * per_day * 365.0 / 1000.0          # t/yr
    collected = generated * collect / 100.0
    good = mask & np.isfinite(generated) & np.isfinite(collected)
    share = _composition(rows, context, good)
    idx = np.flatnonzero(good)
    years = rows.frame["year"].to_numpy()
    cat = rows.frame["category"].astype(str).to_numpy()
    names = np.array(list(COMPONENTS), dtype=object)
    nc = len(names)
    r, c = np.repeat(idx, nc), np.tile(np.arange(nc), len(idx))
    keep = share[r, c] > 0
    r, c = r[keep], c[keep]
    landfill = _stream(r, years[r], collected[r] * parts["landfill"][r] / 100 * share[r, c],
                       waste_type=[COMPONENTS[n] for n in names[c]], site_type=site[r],
                       category=np.where(np.char.startswith(cat[r].astype(str), "4.A"), cat[r],
                                         "4.A"))
    composting = _stream(idx, years[idx], collected[idx] * parts["composting"][idx] / 100,
                         treatment="composting", basis="wet")
    inc = collected[r] * parts["incineration"][r] / 100 * share[r, c]
    ob = (generated[r] - collected[r]) * burnt[r] / 100 * share[r, c]
    burning = pd.concat([
        _stream(r, years[r], inc, component=names[c], treatment="incineration",
                category="4.C.1"),
        _stream(r, years[r], ob, component=names[c], treatment="open_burning",
                category="4.C.2")], ignore_index=True)
    return {"landfill": landfill[landfill["mass"] > 0], "burning": burning[burning["mass"] > 0],
            "composting": composting[composting["mass"] > 0]}


def _deposits(rows: SectorRows, act: np.ndarray, msw: dict) -> pd.DataFrame:
    mask = np.isin(act, SWDS_TYPES)
    idx = np.flatnonzero(mask)
    site = rows.choice("site_type", SITE_TYPES, mask=mask)
    category = rows.frame["category"].astype(str).to_numpy()
    direct = _stream(idx, rows.frame["year"].to_numpy()[idx], _amount(rows, "t", mask)[idx],
                     waste_type=act[idx], site_type=site[idx], category=category[idx])
    out = pd.concat([direct, msw["landfill"]], ignore_index=True)
    return out[np.isin(out["site_type"], SITE_TYPES)].reset_index(drop=True)


# ---------------------------------------------------------------- 4.A first-order decay

def _sets(context: SectorContext) -> str:
    names = context.parameters.rows.drop_duplicates("factor_set").sort_values("set_rank")
    return ", ".join(names["factor_set"]) or "none"


def _need(rows: SectorRows, context: SectorContext, look, pos: np.ndarray, column: str,
          what: np.ndarray, fix: str) -> np.ndarray:
    """Report rows whose lookup found nothing; return the mask of rows that have a value."""
    bad = look.missing
    mask = np.zeros(len(rows), dtype=bool)
    for text in np.unique(what[bad]):
        mask[:] = False
        mask[pos[bad & (what == text)]] = True
        rows.report(mask, column, f"no {text} in factor sets {_sets(context)}; {fix}")
    return ~bad


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
        ok &= _need(rows, context, look[name], pos, column, what,
                    "add a factor set or a local waste_swds row with this value")
    degradable = np.nan_to_num(look["doc"].value) > 0
    kmiss = look["k"].missing & degradable
    ok &= _need(rows, context, Lookup(look["k"].value, np.where(kmiss, -1, 0)), pos,
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
                    f"rule {rule!r} in inventory.toml [waste_history] is not valid; expected one "
                    f"of {', '.join(HISTORY_RULES)}", values=np.full(len(rows), rule, dtype=object))
        return None
    if rule == "none":
        need = int(np.min(context.years)) - HISTORY_YEARS
        late = np.zeros(len(rows), dtype=bool)
        first_rows = dep.assign(sid=sid).sort_values("year").drop_duplicates("sid")
        late[first_rows["pos"][first_rows["year"] > need]] = True
        rows.report(late, "year", "missing deposit history: first-order decay needs deposits "
                    f"from about {need} (50 years before the first reporting year) but this "
                    "series starts here; set [waste_history] rule = \"population\" or \"constant\" "
                    "with start = <year> in inventory.toml, give earlier deposits, or set rule = "
                    "\"site_opened\" if the site opened in this year")
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
        rows.report(mask, "waste_history", "rule population needs an inventory table "
                    "population.csv with columns year, population; add it or choose another rule",
                    values=np.full(len(rows), "population", dtype=object))
        return None
    y = pd.to_numeric(table["year"], errors="coerce").to_numpy()
    v = pd.to_numeric(table["population"], errors="coerce").to_numpy()
    series = dict(zip(y.astype(int), v, strict=True))
    wanted = np.union1d(need_years, series_first)
    missing = [int(a) for a in wanted if a not in series or not np.isfinite(series[a])
               or series[a] <= 0]
    if missing:
        rows.report(mask, "waste_history", "population table has no positive population for "
                    f"years {missing[:5]}{' ...' if len(missing) > 5 else ''}; add them",
                    values=np.full(len(rows), "population", dtype=object))
        return None
    return np.vectorize(lambda a: series.get(int(a), np.nan), otypes=[float])


def _swds(rows: SectorRows, context: SectorContext, dep: pd.DataFrame) -> pd.DataFrame:
    act = rows.frame["activity"].astype(str).to_numpy()
    s = fod_series(rows, context, dep)
    rec_mask = act == "landfill_ch4_recovered"
    if s is None:
        rows.report(rec_mask, "source_id", "CH4 recovery at a site with no deposits; expected "
                    "swds rows for this site")
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
    return pd.concat(out, ignore_index=True)


def _recovery(rows: SectorRows, s: dict, gen: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    """-R × (1 - OX) per recovery row (eq. 3.1); R above the site's generation is refused."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return no_records()
    site = rows.frame["source_id"].astype(str).to_numpy()[idx]
    year = rows.frame["year"].to_numpy()[idx].astype(np.int64)
    r = _amount(rows, "t", mask)[idx]
    sites = pd.Index(s["site"])
    first = pd.Series(np.arange(len(sites))).groupby(sites.to_numpy()).min()
    known = np.isin(site, first.index)
    col = np.clip(year - s["y0"], 0, gen.shape[1] - 1)
    total = pd.DataFrame(gen).groupby(s["site"]).sum()
    g = np.where(known, total.reindex(np.where(known, site, total.index[0])).to_numpy()[
        np.arange(len(idx)), col], 0.0)
    bad = np.zeros(len(rows), dtype=bool)
    bad[idx[~known]] = True
    rows.report(bad, "source_id", "CH4 recovery at a site with no deposits; expected swds rows "
                "for this site")
    over = np.zeros(len(rows), dtype=bool)
    over[idx[known & (r > g * (1 + 1e-9))]] = True
    rows.report(over, "amount", "CH4 recovered exceeds the CH4 generated at this site in this "
                "year; expected at most the generated amount", values=None)
    ok = known & (r <= g * (1 + 1e-9))
    j = first.reindex(site[ok]).to_numpy()
    ox = s["ox"][j]
    value = -r[ok] * (1.0 - ox)
    chain = ("recovered " + fmt(r[ok]) + " t CH4 (generated " + fmt(g[ok]) + ") × (1 - OX "
             + fmt(ox) + ") = " + fmt(value) + " t CH4")
    return records(rows, idx[ok], category=s["category"][j], gas="CH4", emissions_t=value,
                   step="swds_recovery", chain=chain)


def deposit_series(rows: SectorRows, context: SectorContext) -> dict | None:
    """The first-order decay series of the waste rows: deposits by site and waste type over the
    years (history filled by the inventory's rule) with their factors; ``None`` if none."""
    act = rows.frame["activity"].astype(str).to_numpy()
    msw = _msw_streams(rows, context, act == "msw_generation")
    return fod_series(rows, context, _deposits(rows, act, msw))


def contributions(rows: SectorRows, context: SectorContext, site: str,
                  year: int) -> pd.DataFrame:
    """CH4 generated at ``site`` in ``year`` by deposit year and waste type (for explain)."""
    s = deposit_series(rows, context)
    if s is None:
        return pd.DataFrame(columns=["deposit_year", "waste_type", "ch4_t"])
    pick = np.flatnonzero(s["site"] == site)
    t = int(year) - s["y0"]
    frames = []
    for i in pick:  # a few series of one site
        part = fod.contributions(s["grid"][i], float(s["k"][i]), t, s["reaction_month"])
        ch4 = fod.ch4_generated(part, s["f"][i])
        frames.append(pd.DataFrame({"deposit_year": s["y0"] + np.arange(len(part)),
                                    "waste_type": s["waste_type"][i], "ch4_t": ch4}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["deposit_year", "waste_type", "ch4_t"])
    return out[out["ch4_t"] > 0].reset_index(drop=True)


# ---------------------------------------------------------------- 4.B biological treatment

def _biological(rows: SectorRows, context: SectorContext, act: np.ndarray,
                msw: dict) -> pd.DataFrame:
    mask = np.isin(act, ("composting", "anaerobic_digestion"))
    idx = np.flatnonzero(mask)
    basis = rows.choice("basis", ("wet", "dry"), default="wet", mask=mask)
    rec = rows.number("ch4_recovered_t", default=0.0)
    direct = _stream(idx, rows.frame["year"].to_numpy()[idx], _amount(rows, "t", mask)[idx],
                     treatment=act[idx], basis=basis[idx], recovered=rec[idx])
    derived = msw["composting"].assign(recovered=0.0)
    st = pd.concat([direct, derived], ignore_index=True)
    st = st[np.isin(st["basis"], ("wet", "dry"))].reset_index(drop=True)
    if not len(st):
        return no_records()
    p = context.parameters
    pos = st["pos"].to_numpy()
    keys = {"treatment": st["treatment"].to_numpy(dtype=object),
            "basis": st["basis"].to_numpy(dtype=object)}
    out = []
    for gas in ("CH4", "N2O"):
        look = p.lookup("waste_biological", f"ef_{gas.lower()}", keys, unit=f"g {gas}/kg waste")
        what = f"{gas} EF for " + keys["treatment"] + " (" + keys["basis"] + " basis)"
        ok = _need(rows, context, look, pos, "activity", what,
                   "add a factor set or a local waste_biological row")
        mass = st["mass"].to_numpy()
        if gas == "CH4":
            gross = bio.ch4_emitted_t(mass, look.value, 0.0)
            r = st["recovered"].to_numpy()
            over = np.zeros(len(rows), dtype=bool)
            over[pos[ok & (r > gross)]] = True
            rows.report(over, "ch4_recovered_t", "exceeds the CH4 generated by this treatment; "
                        "expected at most M × EF")
            ok &= r <= gross
            value = bio.ch4_emitted_t(mass, look.value, r)
            tail: np.ndarray | str = " - R " + fmt(r)
        else:
            value, tail = bio.n2o_emitted_t(mass, look.value), ""
        chain = (fmt(mass) + " t " + keys["treatment"] + " (" + keys["basis"] + ") × EF "
                 + fmt(look.value) + f" g {gas}/kg [" + p.describe(look.ref) + "] × 10^-3"
                 + tail + " = " + fmt(value) + f" t {gas}")
        out.append(records(rows, pos[ok], year=st["year"].to_numpy()[ok], category="4.B",
                           gas=gas, emissions_t=value[ok], step="biological_treatment",
                           chain=chain[ok]))
    return pd.concat(out, ignore_index=True)


# ---------------------------------------------------------------- 4.C incineration, burning

def _burning(rows: SectorRows, context: SectorContext, act: np.ndarray,
             msw: dict) -> pd.DataFrame:
    mask = np.isin(act, ("incinerated_waste", "open_burnt_waste"))
    comp_names = np.array(list(COMPONENTS), dtype=object)
    wtype = rows.choice("waste_type", (*COMPONENTS, "msw_bulk"), default="msw_bulk", mask=mask)
    bulk = mask & (wtype == "msw_bulk")
    share = _composition(rows, context, bulk)
    idx = np.flatnonzero(mask & np.isin(wtype, (*COMPONENTS, "msw_bulk")))
    nc = len(comp_names)
    r, c = np.repeat(idx, nc), np.tile(np.arange(nc), len(idx))
    frac = np.where(wtype[r] == "msw_bulk", share[r, c], (comp_names[c] == wtype[r]) * 1.0)
    keep = frac > 0
    r, c, frac = r[keep], c[keep], frac[keep]
    treatment = np.where(act[r] == "incinerated_waste", "incineration", "open_burning")
    category = rows.frame["category"].astype(str).to_numpy()[r]
    category = np.where(np.char.startswith(category.astype(str), "4.C"), category,
                        np.where(treatment == "incineration", "4.C.1", "4.C.2"))
    direct = _stream(r, rows.frame["year"].to_numpy()[r], _amount(rows, "t", mask)[r] * frac,
                     component=comp_names[c], treatment=treatment, category=category)
    st = pd.concat([direct, msw["burning"]], ignore_index=True)
    if not len(st):
        return no_records()
    return _burning_records(rows, context, st)


def _burning_records(rows: SectorRows, context: SectorContext, st: pd.DataFrame) -> pd.DataFrame:
    p = context.parameters
    pos = st["pos"].to_numpy()
    comp = st["component"].to_numpy(dtype=object)
    treat = st["treatment"].to_numpy(dtype=object)
    carbon = ~np.isin(comp, NO_CARBON)
    look = {n: p.lookup("waste_burning", n, {"waste_type": comp}, unit="1")
            for n in ("dm", "cf", "fcf")}
    look["of"] = p.lookup("waste_burning", "of", {"treatment": treat}, unit="1")
    ok = np.ones(len(st), dtype=bool)
    for n, v in look.items():
        miss = Lookup(v.value, np.where(carbon & v.missing, -1, 0))
        ok &= _need(rows, context, miss, pos, "waste_type",
                    f"{n} for " + (treat if n == "of" else comp),
                    "add a factor set or a local waste_burning row") | ~carbon
    use = ok & carbon
    mass = st["mass"].to_numpy()
    whole = np.ones(len(mass))
    fossil = burn.co2_t(mass, whole, look["dm"].value, look["cf"].value, look["fcf"].value,
                        look["of"].value)
    biogenic = burn.co2_t(mass, whole, look["dm"].value, look["cf"].value,
                          1.0 - look["fcf"].value, look["of"].value)
    # One record per source row, treatment and category: components summed.
    group = pd.DataFrame({"pos": pos, "year": st["year"], "category": st["category"],
                          "treatment": treat})[use]
    out = []
    for value, memo in ((fossil, False), (biogenic, True)):
        g = group.assign(v=value[use], m=mass[use]).groupby(
            ["pos", "year", "category", "treatment"], as_index=False).agg(v=("v", "sum"),
                                                                          m=("m", "sum"))
        of_src = p.describe(look["of"].ref[use][:1])[0] if use.any() else ""
        chain = (fmt(g["m"]) + " t " + g["treatment"].to_numpy(dtype=object)
                 + " = Σ W_j × dm_j × CF_j × " + ("(1 - FCF_j)" if memo else "FCF_j")
                 + " × OF × 44/12 (eq. 5.2; Table 2.4 components, OF [" + of_src + "]) = "
                 + fmt(g["v"]) + " t CO2")
        out.append(records(rows, g["pos"].to_numpy(), year=g["year"].to_numpy(),
                           category=g["category"].to_numpy(), gas="CO2",
                           emissions_t=g["v"].to_numpy(), step="burning",
                           chain=chain, biogenic=memo))
    out.append(_burning_ch4_n2o(rows, context, st))
    return pd.concat(out, ignore_index=True)


def _burning_ch4_n2o(rows: SectorRows, context: SectorContext, st: pd.DataFrame) -> pd.DataFrame:
    """CH4 and N2O of burnt waste: EF (kg/t wet waste) from the factor sets, or NE by choice."""
    p = context.parameters
    g = st.groupby(["pos", "year", "category", "treatment"], as_index=False)["mass"].sum()
    pos = g["pos"].to_numpy()
    treat = g["treatment"].to_numpy(dtype=object)
    skip = rows.text("not_estimated")[pos]
    out = []
    for gas in ("CH4", "N2O"):
        chosen = np.char.find(skip.astype(str), gas.lower()) >= 0
        try:
            look = p.lookup("waste_burning", f"ef_{gas.lower()}", {"treatment": treat},
                            unit=f"kg {gas}/t waste")
        except Exception:  # the table itself is absent from every set: same as no row
            look = None
        value = np.full(len(g), np.nan) if look is None else look.value
        ref = np.full(len(g), -1) if look is None else look.ref
        need = ~chosen & (ref < 0)
        mask = np.zeros(len(rows), dtype=bool)
        mask[pos[need]] = True
        rows.report(mask, "not_estimated", f"no {gas} EF for waste burning in factor sets "
                    f"{_sets(context)} (IPCC 2006 Vol 5 Tables 5.3-5.6 not yet tabulated); add "
                    f"a local waste_burning ef_{gas.lower()} row or list {gas} in column "
                    "not_estimated (notation key NE)")
        ok = ~chosen & (ref >= 0)
        e = g["mass"].to_numpy() * np.nan_to_num(value) * 1e-3
        chain = (fmt(g["mass"]) + " t × EF " + fmt(value) + f" kg {gas}/t ["
                 + p.describe(ref) + "] × 10^-3 = " + fmt(e) + f" t {gas}")
        out.append(records(rows, pos[ok], year=g["year"].to_numpy()[ok],
                           category=g["category"].to_numpy()[ok], gas=gas, emissions_t=e[ok],
                           step="burning", chain=chain[ok]))
    return pd.concat(out, ignore_index=True)
