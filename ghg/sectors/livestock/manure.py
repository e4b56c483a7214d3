"""Manure management for the livestock method: the shares table, CH4 (3.A.2), N2O (3.A.2, 3.C.6).

The inventory-level table ``manure_systems.csv`` gives, per ``activity`` (and optionally per
``region``, the activity table's sub-provincial unit), the share of manure handled in each system
(columns ``activity, system, share`` plus optional ``region`` and ``source``). Shares of one group
must sum to 1. A row's group is its (activity, region) if the table has one, else the activity's
rows without a region. Changing the shares (e.g. more biogas digesters) is how manure measures act.

Each row is expanded to one long row per system of its group (a merge, no loop over rows); the
per-system factors are looked up on the long rows and summed back per row with ``np.bincount``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.errors import Problem
from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.sectors.livestock import kernels as k
from ghg.sectors.livestock.lookup import lookup
from ghg.sectors.livestock.pasture import pasture_records
from ghg.sectors.method import (
    RecordPart,
    SectorContext,
    SectorRows,
    Texts,
    classes,
    fmt,
    part,
)

SPECIES = ("dairy_cattle", "other_cattle", "buffalo", "swine", "goats", "sheep", "poultry",
           "ducks")
#: Manure management systems (2019 Tables 10.17, 10.21; see livestock_manure_system.toml).
SYSTEMS = ("pasture_range_paddock", "daily_spread", "solid_storage", "dry_lot", "liquid_slurry",
           "uncovered_anaerobic_lagoon", "pit_storage", "anaerobic_digester_low_leakage",
           "anaerobic_digester_high_leakage", "burned_for_fuel", "composting_static_pile",
           "poultry_manure_with_litter", "poultry_manure_without_litter")
#: Manure left on pasture: its CH4 is 3.A.2, its N2O belongs to managed soils (3.C.4, 3.C.5;
#: :mod:`ghg.sectors.livestock.pasture`).
PASTURE = "pasture_range_paddock"
TOLERANCE = 1e-6
TABLE = "manure_systems"


def read_shares(context: SectorContext, rows: SectorRows) -> pd.DataFrame:
    """The valid rows of ``manure_systems`` (``key``, ``system``, ``share``, ``file``, ``line``).

    Problems (unknown activity or system, bad share, group not summing to 1) go to
    ``rows.problems`` with the table's file and line.
    """
    table = context.tables.get(TABLE)
    if table is None or not len(table):
        return pd.DataFrame({"key": pd.Series(dtype=object), "system": pd.Series(dtype=object),
                             "share": pd.Series(dtype=float), "file": pd.Series(dtype=object),
                             "line": pd.Series(dtype=np.int64)})
    text = {c: table[c].fillna("").astype(str).str.strip().str.lower().to_numpy(dtype=object)
            if c in table else np.full(len(table), "", dtype=object)
            for c in ("activity", "system", "share", "region")}
    files = table["file"].astype(str).to_numpy()
    lines = table["line"].to_numpy()
    share = pd.to_numeric(pd.Series(text["share"]), errors="coerce").to_numpy(dtype=float)
    bad_activity = ~np.isin(text["activity"], SPECIES)
    bad_system = ~np.isin(text["system"], SYSTEMS)
    bad_share = ~np.isfinite(share) | (share < 0) | (share > 1)
    checks = ((bad_activity, "activity", text["activity"],
               f"is not a livestock activity; expected one of {', '.join(SPECIES)}"),
              (bad_system, "system", text["system"],
               f"is not a manure management system; expected one of {', '.join(SYSTEMS)}"),
              (bad_share, "share", text["share"], "is not a share; expected a number from 0 to 1"))
    for bad, column, value, message in checks:
        rows.problems += [Problem(files[i], int(lines[i]), column, str(value[i]), message)
                          for i in np.flatnonzero(bad)]
    key = text["activity"] + "|" + text["region"]
    frame = pd.DataFrame({"key": key, "system": text["system"], "share": share,
                          "file": files, "line": lines})
    grouped = frame.groupby("key", sort=False)
    sums = grouped["share"].sum().to_numpy()
    if not (np.isfinite(sums) & (np.abs(sums - 1.0) > TOLERANCE)).any():
        return frame[~(bad_activity | bad_system | bad_share)]  # every group sums to 1
    total = grouped.agg(total=("share", "sum"), file=("file", "first"), first=("line", "min"),
                        last=("line", "max"))
    off = total[np.abs(total["total"].to_numpy() - 1.0) > TOLERANCE]
    off = off[np.isfinite(off["total"].to_numpy())]
    for group, item in off.iterrows():  # one problem per bad group (few), not per data row
        activity, region = str(group).split("|", 1)
        where = f"activity {activity}" + (f", region {region}" if region else "")
        rows.problems.append(Problem(
            item["file"], int(item["first"]), "share", f"{item['total']:.6g}",
            _("is the sum of the shares of {where} (lines {value}-{value2}); expected 1").format(
                where=where, value=item['first'], value2=item['last'])))
    return frame[~(bad_activity | bad_system | bad_share)]


def expand(activity: np.ndarray, region: np.ndarray, shares: pd.DataFrame
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Long arrays (position, system, share) of the given classes, and which have shares."""
    groups = list(shares["key"].unique())
    own = activity + "|" + region
    key = np.where(np.isin(own, groups), own, activity + "|")
    has = np.isin(key, groups)
    wanted = pd.DataFrame({"position": np.flatnonzero(has), "key": key[has]})
    long = wanted.merge(shares[["key", "system", "share"]], on="key", how="inner")
    return (long["position"].to_numpy(dtype=np.int64),
            long["system"].to_numpy(dtype=object), long["share"].to_numpy(dtype=float), has)


def manure_records(rows: SectorRows, context: SectorContext, keys: dict[str, np.ndarray],
                   mask: np.ndarray, heads: np.ndarray, lookup_missing) -> list[RecordPart]:
    """CH4 (3.A.2, eq. 10.23), direct N2O (3.A.2, eq. 10.25) and indirect N2O (3.C.6) records,
    and the N2O of the pasture share's N as managed soils (3.C.4, 3.C.5).

    ``keys`` holds per-row ``activity``, ``livestock_region``, ``productivity``,
    ``climate_zone`` and ``region``; ``lookup_missing`` reports rows lacking a parameter.
    """
    parameters = context.parameters
    describe = parameters.describe
    weight = rows.number("weight_kg", minimum=0.0)
    shares = read_shares(context, rows)
    names = ("activity", "livestock_region", "productivity", "climate_zone", "region")
    code, first = classes({**{c: keys[c] for c in names}, "weight": weight})
    c = {name: np.asarray(keys[name][first], dtype=object) for name in names}  # per class
    c_weight = weight[first]
    n = len(first)
    position, system, share, c_has = expand(c["activity"], c["region"], shares)
    has = c_has[code]
    lacking_shares = mask & ~has
    activity = keys["activity"]
    for name in np.unique(np.asarray(activity[lacking_shares], dtype=object)):  # few species
        rows.report(lacking_shares & np.asarray(activity == name), "activity",
                    _("no manure management shares for {name}; add rows to {TABLE}.csv "
                      "(activity, system, share)").format(name=name, TABLE=TABLE))
    done = mask & has

    def missing(class_bad: np.ndarray, column: str, what, hint: str) -> None:
        if not class_bad.any():  # the usual case: judged per class, nothing done per row
            return
        what = what[code] if isinstance(what, np.ndarray) else what
        lookup_missing(done & class_bad[code], column, what, hint)

    animal = {"activity": c["activity"], "livestock_region": c["livestock_region"],
              "productivity": c["productivity"]}
    tam = lookup(parameters, "livestock_animal", "tam", animal, unit="kg")
    tam_kg = np.where(np.isfinite(c_weight), c_weight, tam.value)
    tam_source = np.where(np.isfinite(c_weight), "weight_kg column", describe(tam.ref))
    missing(~np.isfinite(tam_kg), "weight_kg", "typical animal mass (TAM)",
            "give weight_kg (kg/head) for this row or add a factor set with TAM defaults "
            "(ipcc2019)")
    per_class = {name: lookup(parameters, "livestock_animal", name, animal, unit=unit)
                 for name, unit in (("n_rate", "kg N/(1000 kg animal mass)/day"),
                                    ("vs_rate", "kg VS/(1000 kg animal mass)/day"),
                                    ("b0", "m3 CH4/kg VS"))}
    indirect = {name: lookup(parameters, "livestock_indirect", name,
                             {"climate_zone": c["climate_zone"]}, unit=unit)
                for name, unit in (("ef4", "kg N2O-N/kg N volatilised"),
                                   ("ef5", "kg N2O-N/kg N leached"))}
    long_keys = {"activity": c["activity"][position], "system": system,
                 "climate_zone": c["climate_zone"][position]}
    n2o_part = system != PASTURE
    factor = {}
    for name, unit, used in (("mcf", "1", np.ones(len(system), dtype=bool)),
                             ("ef3", "kg N2O-N/kg N", n2o_part),
                             ("frac_gas", "1", n2o_part), ("frac_leach", "1", n2o_part)):
        found = lookup(parameters, "livestock_manure_system", name, long_keys, unit=unit)
        lacking = used & found.missing
        summed = np.bincount(position, weights=np.where(used, share * np.nan_to_num(
            found.value), 0.0), minlength=n)
        bad = np.bincount(position, weights=lacking.astype(float), minlength=n) > 0
        first_lacking = np.full(n, "", dtype=object)
        at, index = np.unique(position[lacking], return_index=True)
        first_lacking[at] = system[lacking][index]
        missing(bad, "activity", f"{name} for manure system " + first_lacking, "")
        source = np.full(n, "", dtype=object)
        at, index = np.unique(position, return_index=True)
        source[at] = describe(found.ref)[index]  # the source of the class's first system
        factor[name] = (summed, bad, source)
    pasture = np.bincount(position, weights=np.where(n2o_part, 0.0, share), minlength=n)

    def need(found: Lookup, what: str) -> np.ndarray:
        missing(found.missing, "activity", what, "")
        return ~found.missing

    ok_tam = np.isfinite(tam_kg)
    ch4_ok = ok_tam & need(per_class["vs_rate"], "VS excretion rate") \
        & need(per_class["b0"], "B0") & ~factor["mcf"][1]
    nex_ok = ok_tam & need(per_class["n_rate"], "N excretion rate")
    class_ok = {"ef3": nex_ok & ~factor["ef3"][1],
                "frac_gas": nex_ok & ~factor["frac_gas"][1] & need(indirect["ef4"], "EF4"),
                "frac_leach": nex_ok & ~factor["frac_leach"][1] & need(indirect["ef5"], "EF5")}

    out = []
    vs = k.per_head_daily(per_class["vs_rate"].value, tam_kg)
    ef_ch4 = k.manure_ch4_ef(vs, per_class["b0"].value, factor["mcf"][0])
    i = np.flatnonzero(done & ch4_ok[code])
    if len(i):
        middle = ("head × VS " + fmt(per_class["vs_rate"].value) + " kg/1000 kg/day ["
                  + describe(per_class["vs_rate"].ref) + "] × TAM " + fmt(tam_kg) + " kg ["
                  + tam_source + "] / 1000 × 365 × B0 " + fmt(per_class["b0"].value)
                  + " m3/kg [" + describe(per_class["b0"].ref) + "] × 0.67 × Σ MCF·AWMS "
                  + fmt(factor["mcf"][0]) + " [" + TABLE + ".csv; " + factor["mcf"][2]
                  + "] = EF " + fmt(ef_ch4) + " kg CH4/head/yr (eq. 10.23)")
        own = code[i]  # each record's class, gathered once
        tonnes = k.tier1_ch4_t(heads[i], ef_ch4[own])
        # The chain is the class's text: rows share it (their heads and tonnes are columns).
        out.append(part(i, category="3.A.2", gas="CH4", emissions_t=tonnes, step="manure_ch4",
                        chain=Texts(middle, own)))
    nex = k.nitrogen_excretion(np.nan_to_num(per_class["n_rate"].value), np.nan_to_num(tam_kg))
    nex_text = ("Nex " + fmt(nex) + " kg N/head/yr (Nrate " + fmt(per_class["n_rate"].value)
                + " [" + describe(per_class["n_rate"].ref) + "] × TAM " + fmt(tam_kg) + " kg ["
                + tam_source + "] × 365/1000) × ")
    pasture_text = np.where(pasture > 0, " (pasture share " + fmt(pasture)
                            + " excluded: its N2O is 3.C.4 and 3.C.5)", "")
    for name, ef, category, step, label in (
            ("ef3", None, "3.A.2", "manure_n2o_direct", "Σ AWMS·EF3"),
            ("frac_gas", indirect["ef4"], "3.C.6", "manure_n2o_volatilisation",
             "Σ AWMS·FracGasMS"),
            ("frac_leach", indirect["ef5"], "3.C.6", "manure_n2o_leaching",
             "Σ AWMS·FracLeachMS")):
        i = np.flatnonzero(done & class_ok[name][code])
        if not len(i):
            continue
        ef_value = np.ones(n) if ef is None else ef.value
        ef_text = "" if ef is None else (
            " × " + {"frac_gas": "EF4", "frac_leach": "EF5"}[name] + " " + fmt(ef.value) + " ["
            + describe(ef.ref) + "]")
        per_head_t = nex * factor[name][0] * ef_value * k.N2O_PER_N / 1000.0  # eq. 10.25-10.29
        middle = ("head × " + nex_text + label + " " + fmt(factor[name][0]) + " [" + TABLE
                  + ".csv; " + factor[name][2] + "]" + ef_text + " × 44/28" + pasture_text
                  + " = " + fmt(per_head_t * 1000.0) + " kg N2O/head/yr")
        own = code[i]
        out.append(part(i, category=category, gas="N2O", emissions_t=heads[i] * per_head_t[own],
                        step=step, chain=Texts(middle, own)))
    # The pasture share's N, left out above, goes to managed soils here: once, from this row.
    out += pasture_records(rows, context, c["activity"], c["climate_zone"], code,
                           done & nex_ok[code], heads, nex, nex_text, pasture, missing)
    return out
