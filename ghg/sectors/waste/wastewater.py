"""Wastewater treatment and discharge (4.D), 2006 IPCC Guidelines Vol 5 ch 6 and 2019 Refinement.

- ``domestic_wastewater`` (persons, 4.D.1): column ``income_group``; the treatment and discharge
  pathway shares come from the inventory table ``wastewater_pathways`` (``income_group, pathway,
  share``; shares of a group sum to 1). CH4 (eq. 6.1-6.3): ``TOW_j = P × share_j × BOD × 0.001 ×
  I_j × 365`` kg BOD/yr, ``EF_j = Bo × MCF_j``, ``CH4 = Σ EF_j × TOW_j × (1 - S/TOW) - R``
  (optional ``sludge_kg_bod``, ``ch4_recovered_t``). N2O (2019 eq. 6.7-6.10): ``N = P × Protein ×
  F_NPR × F_NON-CON × F_IND-COM`` kg N (``protein_kg_per_capita_yr`` column); plant N2O ``Σ share_j
  × N × EF_plant_j × 44/28`` for treatment pathways; effluent N2O ``(N - N_sludge) × EF_effluent ×
  44/28`` (optional ``sludge_kg_n``; nitrogen removed in treatment is not subtracted). A gas the
  inventory decides not to estimate is listed in ``not_estimated`` (notation key NE).
- ``seafood_processing``, ``coconut_processing``, ``fruit_processing`` (t product, 4.D.2): CH4
  (eq. 6.4-6.6) ``TOW = P × W × COD`` with ``wastewater_m3_per_t`` and ``cod_kg_m3`` (Table 6.9
  defaults where tabulated), ``EF = Bo(COD) × MCF(treatment)``, ``CH4 = (TOW - S) × EF - R``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ghg.core.errors import Problem
from ghg.core.i18n import _
from ghg.factors.parameters import Lookup
from ghg.sectors.method import (
    SectorContext,
    SectorRows,
    chain_text,
    class_codes,
    concat_records,
    fmt,
    member,
    no_records,
    records,
)
from ghg.sectors.waste.streams import activity_codes

N2O_PER_N = 44.0 / 28.0
#: Pathways whose wastewater is collected in sewers (I = 1.25 applies, eq. 6.3).
COLLECTED = ("stagnant_sewer", "flowing_sewer", "centralised_aerobic_plant", "anaerobic_reactor",
             "anaerobic_shallow_lagoon", "anaerobic_deep_lagoon")
#: Pathways that are a treatment system (plant N2O, eq. 6.9).
TREATMENT = ("septic_tank", "septic_tank_with_land_dispersal_field", "latrine_wet",
             "centralised_aerobic_plant", "anaerobic_reactor", "anaerobic_shallow_lagoon",
             "anaerobic_deep_lagoon")
PATHWAYS = (*TREATMENT, "sea_river_lake_discharge", "stagnant_sewer", "flowing_sewer")
INDUSTRIAL = ("seafood_processing", "coconut_processing", "fruit_processing")


def tow_domestic_kg(persons: np.ndarray, bod_g_day: np.ndarray, i: np.ndarray) -> np.ndarray:
    """Organics in domestic wastewater, kg BOD/yr (eq. 6.3): ``P × BOD × 0.001 × I × 365``."""
    return persons * bod_g_day * 0.001 * i * 365.0


def ch4_t(tow_kg: np.ndarray, sludge_kg: np.ndarray, bo: np.ndarray, mcf: np.ndarray,
          recovered_t: np.ndarray | float = 0.0) -> np.ndarray:
    """CH4 emitted, t (eq. 6.1 / 6.4): ``((TOW - S) × Bo × MCF) / 1000 - R``."""
    return (tow_kg - sludge_kg) * bo * mcf / 1000.0 - recovered_t


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """Records of domestic (4.D.1) and industrial (4.D.2) wastewater rows."""
    act = activity_codes(rows)  # the kind checks on codes
    out = [_domestic(rows, context, np.asarray(act == "domestic_wastewater")),
           _industrial(rows, context, member(act, INDUSTRIAL))]
    return concat_records(out)


def _sets(context: SectorContext) -> str:
    names = context.parameters.rows.drop_duplicates("factor_set").sort_values("set_rank")
    return ", ".join(names["factor_set"]) or "none"


def _missing(rows: SectorRows, context: SectorContext, pos: np.ndarray, bad: np.ndarray,
             column: str, what: np.ndarray | Callable[[], np.ndarray]) -> None:
    if not bad.any():
        return
    what = what() if callable(what) else what  # texts of a message: made only when needed
    mask = np.zeros(len(rows), dtype=bool)
    for text in np.unique(np.asarray(what, dtype=object)[bad]):
        mask[:] = False
        mask[pos[bad & (what == text)]] = True
        rows.report(mask, column, _("no {text} in factor sets {value}; add factor set ipcc2019 "
                                    "or a local waste_wastewater row").format(
                                        text=text, value=_sets(context)))


def _pathways(rows: SectorRows, context: SectorContext) -> pd.DataFrame | None:
    table = context.tables.get("wastewater_pathways")
    if table is None:
        return None
    t = table.assign(share=pd.to_numeric(table["share"], errors="coerce"),
                     income_group=table["income_group"].str.strip().str.lower(),
                     pathway=table["pathway"].str.strip().str.lower())
    bad = ~np.isfinite(t["share"].to_numpy()) | (t["share"].to_numpy() < 0)
    bad_path = ~t["pathway"].isin(PATHWAYS).to_numpy()
    total = t.groupby("income_group")["share"].transform("sum").to_numpy()
    off = np.abs(total - 1.0) > 1e-6
    first = ~t.duplicated("income_group").to_numpy()
    rows.problems += [Problem(str(f), int(line), "share", str(v),
                              _("is not a number >= 0; expected a share between 0 and 1"))
                      for f, line, v in zip(t["file"][bad], t["line"][bad],
                                            table["share"][bad], strict=True)]
    message = _("is not a known pathway; expected one of {pathways}").format(
        pathways=", ".join(PATHWAYS))
    rows.problems += [Problem(str(f), int(line), "pathway", p, message)
                      for f, line, p in zip(t["file"][bad_path], t["line"][bad_path],
                                            t["pathway"][bad_path], strict=True)]
    rows.problems += [Problem(str(f), int(line), "share", f"sum {s:.6g}",
                              _("shares of income group {g} sum to {s:.6g}; expected 1").format(
                                  g=repr(g), s=s))
                      for f, line, g, s in zip(t["file"][off & first], t["line"][off & first],
                                               t["income_group"][off & first], total[off & first],
                                               strict=True)]
    if bad.any() or off.any() or bad_path.any():
        return None
    return t[["income_group", "pathway", "share"]]


def _domestic(rows: SectorRows, context: SectorContext, mask: np.ndarray) -> pd.DataFrame:
    if not mask.any():
        return no_records()
    group = rows.text("income_group")
    rows.report(mask & (group == ""), "income_group", _("is empty; expected an income group of "
                                                        "wastewater_pathways.csv (e.g. "
                                                        "urban_high, urban_low, rural)"))
    paths = _pathways(rows, context)
    if paths is None:
        if "wastewater_pathways" not in context.tables:
            rows.report(mask, "income_group", _("needs the inventory table "
                                                "wastewater_pathways.csv (income_group, "
                                                "pathway, share); add it"))
        return no_records()
    known = mask & member(group, paths["income_group"].unique())
    rows.report(mask & ~known, "income_group", _("has no rows in wastewater_pathways.csv; add "
                                                 "the group's pathway shares"))
    idx = np.flatnonzero(known)
    sub = SectorRows(rows.frame[known])
    persons = np.full(len(rows), np.nan)
    persons[known] = sub.amount_in("person")
    link = _link(rows, paths, idx)
    pos = link["pos"].to_numpy()
    path = link["pathway"].array
    share = link["share"].to_numpy()
    p = context.parameters
    region = context.ipcc_region(rows, categorical=True)[pos]
    bod = p.lookup("waste_wastewater", "bod", {"source": "domestic", "region": region},
                   unit="g BOD/person/day")
    collected = pd.Categorical.from_codes(member(path, COLLECTED).astype(np.int8),
                                          ["uncollected", "collected"])
    i = p.lookup("waste_wastewater", "i_factor", {"source": "domestic", "pathway": collected},
                 unit="1")
    bo = p.lookup("waste_wastewater", "bo_bod", {"source": "domestic"}, unit="kg CH4/kg BOD")
    bo, i = _spread(bo, len(link)), _spread(i, len(link))
    mcf = p.lookup("waste_wastewater", "mcf", {"source": "domestic", "pathway": path}, unit="1")
    ok = np.ones(len(link), dtype=bool)
    for look, col, what in (
            (bod, "ipcc_region", lambda: "BOD per capita for region " + _text(region)),
            (i, "income_group", lambda: np.full(len(link), "I factor", dtype=object)),
            (bo, "income_group", lambda: np.full(len(link), "Bo (BOD)", dtype=object)),
            (mcf, "income_group", lambda: "MCF for pathway " + _text(path))):
        _missing(rows, context, pos, look.missing, col, what)
        ok &= ~look.missing
    tow = tow_domestic_kg(persons[pos] * share, bod.value, i.value)
    sludge = rows.number("sludge_kg_bod", default=0.0)
    rec = rows.number("ch4_recovered_t", default=0.0)
    tow_row = pd.Series(np.where(ok, tow, 0.0)).groupby(pos).transform("sum").to_numpy()
    keep = 1.0 - np.divide(sludge[pos], tow_row, out=np.zeros(len(pos)), where=tow_row > 0)
    value = ch4_t(tow * keep, np.zeros(len(pos)), bo.value, mcf.value)
    # The factor parts of the chain are written once per class of rows sharing them.
    pathway_part = class_codes(
        {"share": share, "path": path, "bod": bod.ref, "i": i.ref},
        lambda f: (" persons × share " + fmt(share[f]) + " " + _text(path[f]) + " × BOD "
                   + fmt(bod.value[f]) + " g/day [" + p.describe(bod.ref[f]) + "] × 0.001 × I "
                   + fmt(i.value[f]) + " [" + p.describe(i.ref[f]) + "] × 365 = TOW "))
    factor_part = class_codes(
        {"bo": bo.ref, "mcf": mcf.ref},
        lambda f: (") × Bo " + fmt(bo.value[f]) + " [" + p.describe(bo.ref[f]) + "] × MCF "
                   + fmt(mcf.value[f]) + " [" + p.describe(mcf.ref[f]) + "] / 1000 = "))
    # Per-record numbers (persons, TOW) are in the text: written once per distinct combination.
    chain = chain_text(persons[pos], pathway_part, tow, " kg BOD × (1 - S/TOW ", 1 - keep,
                       factor_part, value, " t CH4")
    out = [records(rows, pos[ok], category="4.D.1", gas="CH4", emissions_t=value[ok],
                   step="wastewater_ch4", chain=chain.at(ok))]
    gross = pd.Series(np.where(ok, value, 0.0)).groupby(pos).sum()
    r_idx = gross.index.to_numpy()
    r = rec[r_idx]
    over = np.zeros(len(rows), dtype=bool)
    over[r_idx[r > gross.to_numpy() * (1 + 1e-9)]] = True
    rows.report(over, "ch4_recovered_t", _("exceeds the CH4 generated by this row; expected at "
                                           "most the generated amount"))
    has = (r > 0) & ~over[r_idx]
    out.append(records(rows, r_idx[has], category="4.D.1", gas="CH4", emissions_t=-r[has],
                       step="wastewater_recovery",
                       chain="CH4 recovered " + fmt(r[has]) + " t (eq. 6.1 R)"))
    out.append(_domestic_n2o(rows, context, link, persons, ok))
    return concat_records(out)


def _link(rows: SectorRows, paths: pd.DataFrame, idx: np.ndarray) -> pd.DataFrame:
    """Each row of ``idx`` once per pathway of its income group (``pos``, ``pathway``, ``share``),
    as an inner merge on the group gives them (rows in order, a group's pathways in table
    order), made from the group codes: no merge on 10^6 strings."""
    codes, names = rows.codes("income_group")
    table = paths["income_group"].to_numpy(dtype=object)
    members = [np.flatnonzero(table == name) for name in names]  # per distinct group: few
    count = np.array([len(m) for m in members], dtype=np.int64)
    start = np.cumsum(count) - count
    flat = np.concatenate([*members, np.zeros(0, dtype=np.int64)]).astype(np.int64)
    group = codes[idx]
    repeat = count[group]
    pos = np.repeat(idx, repeat)
    offset = np.arange(len(pos)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    at = flat[np.repeat(start[group], repeat) + offset]
    path_code, path_names = pd.factorize(paths["pathway"].to_numpy(dtype=object))
    return pd.DataFrame({"pos": pos, "pathway": pd.Categorical.from_codes(
        path_code[at], categories=pd.Index(path_names, dtype=object), validate=False),
        "share": paths["share"].to_numpy()[at]})


def _spread(look: Lookup, n: int) -> Lookup:
    """A lookup on constant keys (one value) as one value per record."""
    if len(look.value) == n:
        return look
    return Lookup(np.broadcast_to(look.value, (n,)).copy(),
                  np.broadcast_to(look.ref, (n,)).copy())


def _text(values: np.ndarray | pd.Categorical) -> np.ndarray:
    return np.asarray(values, dtype=object)


def _domestic_n2o(rows, context, link, persons, ok) -> pd.DataFrame:
    p = context.parameters
    pos = link["pos"].to_numpy()
    path = link["pathway"].to_numpy(dtype=object)
    share = link["share"].to_numpy()
    codes, names = rows.codes("not_estimated")  # judged once per distinct text
    skip = (np.char.find(names.astype(str), "n2o") >= 0)[codes]
    wanted = ok & ~skip[pos]
    if not wanted.any():
        return no_records()
    protein = rows.number("protein_kg_per_capita_yr", required=np.isin(
        np.arange(len(rows)), pos[wanted]))
    region = context.ipcc_region(rows)[pos]
    dom = np.full(len(link), "domestic", dtype=object)
    f_npr = p.lookup("waste_wastewater", "f_npr", {"source": dom}, unit="kg N/kg protein")
    f_non = p.lookup("waste_wastewater", "f_non_con", {"source": dom, "region": region},
                     unit="1")
    f_ind = p.lookup("waste_wastewater", "f_ind_com", {"source": dom}, unit="1")
    ef_eff = p.lookup("waste_wastewater", "ef_n2o_effluent", {"source": dom},
                      unit="kg N2O-N/kg N")
    ef_pl = p.lookup("waste_wastewater", "ef_n2o_plant", {"source": dom, "pathway": path},
                     unit="kg N2O-N/kg N")
    is_plant = member(path, TREATMENT)
    good = wanted & np.isfinite(protein[pos])
    for look, what in ((f_npr, "F_NPR"), (f_non, "F_NON-CON for region " + region),
                       (f_ind, "F_IND-COM"), (ef_eff, "N2O effluent EF")):
        what = np.broadcast_to(np.asarray(what, dtype=object), (len(link),))
        _missing(rows, context, pos, good & look.missing, "not_estimated", what)
        good &= ~look.missing
    _missing(rows, context, pos, good & is_plant & ef_pl.missing, "not_estimated",
             "N2O plant EF for pathway " + path)
    good &= ~(is_plant & ef_pl.missing)
    n = persons[pos] * share * protein[pos] * f_npr.value * f_non.value * f_ind.value
    plant = np.where(is_plant, n * np.nan_to_num(ef_pl.value) * N2O_PER_N / 1000.0, 0.0)
    sludge_n = rows.number("sludge_kg_n", default=0.0)
    n_row = pd.Series(np.where(good, n, 0.0)).groupby(pos).transform("sum").to_numpy()
    keep = 1.0 - np.divide(sludge_n[pos], n_row, out=np.zeros(len(pos)), where=n_row > 0)
    effluent = n * keep * ef_eff.value * N2O_PER_N / 1000.0
    base = (fmt(persons[pos] * share) + " persons " + path + " × protein " + fmt(protein[pos])
            + " kg/yr × F_NPR " + fmt(f_npr.value) + " × F_NON-CON " + fmt(f_non.value)
            + " × F_IND-COM " + fmt(f_ind.value) + " [" + p.describe(f_npr.ref) + "; "
            + p.describe(f_non.ref) + "] = N " + fmt(n) + " kg")
    plant_chain = (base + " × EF_plant " + fmt(ef_pl.value) + " [" + p.describe(ef_pl.ref)
                   + "] × 44/28 / 1000 = " + fmt(plant) + " t N2O")
    eff_chain = (base + " × (1 - N_sludge/N " + fmt(1 - keep) + ") × EF_effluent "
                 + fmt(ef_eff.value) + " [" + p.describe(ef_eff.ref) + "] × 44/28 / 1000 = "
                 + fmt(effluent) + " t N2O")
    sel = good & is_plant
    return concat_records([
        records(rows, pos[sel], category="4.D.1", gas="N2O", emissions_t=plant[sel],
                step="wastewater_n2o_plant", chain=plant_chain[sel]),
        records(rows, pos[good], category="4.D.1", gas="N2O", emissions_t=effluent[good],
                step="wastewater_n2o_effluent", chain=eff_chain[good])])


def _industrial(rows: SectorRows, context: SectorContext, mask: np.ndarray) -> pd.DataFrame:
    if not mask.any():
        return no_records()
    p = context.parameters
    idx = np.flatnonzero(mask)
    act = rows.frame["activity"].astype(str).to_numpy()[idx]
    product = SectorRows(rows.frame[mask]).amount_in("t")
    treat = rows.choice("treatment", PATHWAYS, mask=mask)[idx]
    cod_col = rows.number("cod_kg_m3")[idx]
    w_col = rows.number("wastewater_m3_per_t")[idx]
    cod = p.lookup("waste_wastewater", "cod", {"source": act}, unit="kg COD/m3 wastewater")
    w = p.lookup("waste_wastewater", "wastewater", {"source": act}, unit="m3/t product")
    cod_v = np.where(np.isfinite(cod_col), cod_col, cod.value)
    w_v = np.where(np.isfinite(w_col), w_col, w.value)
    bo = p.lookup("waste_wastewater", "bo_cod", {"source": act}, unit="kg CH4/kg COD")
    mcf = p.lookup("waste_wastewater", "mcf", {"source": act, "pathway": treat}, unit="1")
    miss_cod, miss_w = ~np.isfinite(cod_v), ~np.isfinite(w_v)
    for bad, col in ((miss_cod, "cod_kg_m3"), (miss_w, "wastewater_m3_per_t")):
        m = np.zeros(len(rows), dtype=bool)
        m[idx[bad]] = True
        rows.report(m, col, _("is empty and factor sets {value} have no Table 6.9 default for "
                              "this product; give the measured value").format(value=_sets(context)))
    ok = ~miss_cod & ~miss_w & member(treat, PATHWAYS)
    for look, what in ((bo, np.full(len(idx), "Bo (COD)", dtype=object)),
                       (mcf, "MCF for treatment " + treat)):
        _missing(rows, context, idx, ok & look.missing, "treatment", what)
        ok &= ~look.missing
    tow = product * w_v * cod_v
    sludge = rows.number("sludge_kg_cod", default=0.0)[idx]
    rec = rows.number("ch4_recovered_t", default=0.0)[idx]
    gross = ch4_t(tow, sludge, bo.value, mcf.value)
    over = np.zeros(len(rows), dtype=bool)
    over[idx[ok & ((rec > gross) | (sludge > tow))]] = True
    rows.report(over, "ch4_recovered_t", _("recovered CH4 or sludge exceeds what the wastewater"
                                           " holds; expected R <= (TOW - S) × EF and S <= TOW"))
    ok &= ~over[idx]
    value = gross - rec
    chain = (fmt(product) + " t " + act + " × W " + fmt(w_v) + " m3/t × COD " + fmt(cod_v)
             + " kg/m3 [" + p.describe(w.ref) + "] = TOW " + fmt(tow) + " kg COD; (TOW - S "
             + fmt(sludge) + ") × Bo " + fmt(bo.value) + " [" + p.describe(bo.ref) + "] × MCF "
             + fmt(mcf.value) + " [" + p.describe(mcf.ref) + "] / 1000 - R " + fmt(rec)
             + " = " + fmt(value) + " t CH4")
    return records(rows, idx[ok], category="4.D.2", gas="CH4", emissions_t=value[ok],
                   step="wastewater_industrial", chain=chain[ok])
