"""Recomputing a run after a factor or GWP change, with a report of what changed and why.

A run (the folder ``ghg compute`` wrote) is never modified. ``recompute`` checks the run's files
against the SHA-256 its provenance records for them (an edited ``emissions.csv`` is refused, not
explained as a difference), re-reads the inputs its provenance names, checks their hashes
(``inventory.toml``, every activity and inventory-level table), computes again with the new
factor sets and/or GWP set, and explains every difference (IPCC 2006 Vol 1 ch 5, time-series
consistency and recalculation).

Attribution is sequential, in this order, so that the parts add up to the difference:

1. activity data and emission factors: the new emissions (tonnes of gas) at the **old** GWP set,
   minus the old CO2e; the cause names each factor or amount that changed, with old and new
   values and their sources;
2. GWP: the new CO2e minus the new emissions at the old GWP set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, GHGError, InputError, Problem
from ghg.core.files import csv_bytes, file_sha256, formula_unsafe
from ghg.core.i18n import _
from ghg.core.schema import EMISSION_KEY, GASES
from ghg.core.units import gwp100
from ghg.engine.pipeline import compute_inputs
from ghg.engine.result import Result
from ghg.factors.resolve import YearFallback
from ghg.inputs.folder import Inputs, read_inputs

KEY = list(EMISSION_KEY)
ROW_IDENTITY = ["source_id", "year", "category", "activity", "unit", "gas"]
RECALCULATION_COLUMNS = ["source_id", "year", "category", "gas", "old_co2e_t", "new_co2e_t",
                         "diff_t", "cause", "scope"]


@dataclass
class Recalculation:
    """The new run, the per-row change report and the summary by sector and year."""

    result: Result
    changes: pd.DataFrame
    summary: pd.DataFrame
    status_changes: pd.DataFrame  # facilities whose list status changes (empty if no register)
    notes: list[str]


def recompute(run: str | Path, factors: list[str] | None = None, gwp: str | None = None, *,
              allow_changed_inputs: bool = False,
              grid_ef_fallback: YearFallback | None = None
              ) -> Recalculation:
    """Recompute the run folder ``run`` with new factor sets and/or GWP set."""
    run = Path(run)
    provenance_file = run / "provenance.json"
    provenance = read_provenance(run)
    if not provenance.get("source"):
        raise ConfigError(f"{run}: the run was computed from a DataFrame; recompute needs the "
                          "files it was computed from")
    notes: list[str] = check_run_files(run, provenance)
    options = provenance["options"]
    inputs = read_inputs(provenance["source"], sum_duplicates=options["sum_duplicates"])
    changed = _changed_inputs(provenance["inputs"], inputs.files, provenance["source"])
    if changed and not allow_changed_inputs:
        raise InputError(changed)
    old_gwp = provenance["gwp"]["set"]
    result = compute_inputs(inputs, factors=factors or options.get("factors"),
                            gwp=gwp or old_gwp,
                            grid_ef_fallback=grid_ef_fallback or options["grid_ef_fallback"],
                            sum_duplicates=options["sum_duplicates"])
    result.provenance["recomputed_from"] = {
        "run": str(run.resolve()), "provenance_sha256": file_sha256(provenance_file),
        "changed_inputs": [str(p) for p in changed]}
    old = formula_unsafe(pd.read_csv(run / "emissions.csv"))
    old_detail = formula_unsafe(pd.read_csv(run / "calculation.csv", keep_default_na=False,
                                            na_values={c: [""] for c in _NUMERIC_DETAIL}))
    changes = attribute(old, old_detail, result, old_gwp)
    try:
        statuses = status_changes(Path(provenance["source"]), old, result,
                                  None if options["sum_duplicates"] else inputs)
    except GHGError as error:  # the register has problems: say so, the recalculation stands
        statuses = pd.DataFrame()
        notes.append(f"list status not checked: {error}")
    return Recalculation(result, changes, summarise(changes), statuses, notes)


def read_provenance(run: str | Path) -> dict:
    """The ``provenance.json`` of a run folder, refused with a message if it is not one."""
    run = Path(run)
    provenance_file = run / "provenance.json"
    if not provenance_file.is_file():
        raise ConfigError(f"{run}: " + _("not a run folder ({why}); expected the output folder "
                                         "of ghg compute").format(why=_("no provenance.json")))
    try:
        provenance = json.loads(provenance_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{provenance_file}: not readable as a run's provenance ({error}); "
                          "expected the provenance.json ghg compute wrote") from None
    if not isinstance(provenance, dict) or not isinstance(provenance.get("options"), dict) \
            or not isinstance(provenance.get("inputs"), dict):
        raise ConfigError(f"{provenance_file}: not a run's provenance (no options or inputs); "
                          "expected the provenance.json ghg compute wrote")
    return provenance


def run_inputs(run: str | Path) -> list[Path]:
    """The run folder and the inventory (or table) it was computed from: what a recomputation
    reads, so that its output is never written into them."""
    source = read_provenance(run).get("source")
    return [Path(run), *([Path(source)] if source else [])]


def check_run_files(run: Path, provenance: dict) -> list[str]:
    """Refuse a run whose files differ from the SHA-256 its provenance records (``outputs``),
    naming each file; a run written before ghg recorded them gets a note instead."""
    recorded = provenance.get("outputs")
    if not isinstance(recorded, dict):
        return [f"{run}: the run records no hashes of its files (written by an earlier ghg); "
                "its emissions.csv and calculation.csv were read unchecked"]
    problems = []
    for name, digest in sorted(recorded.items()):
        path = run / name
        if not path.is_file():
            problems.append(Problem(str(path), None, "", None, "is missing from the run; "
                                    "expected every file ghg compute wrote (runs are never "
                                    "edited: compute the inventory again)"))
        elif (now := file_sha256(path)) != digest:
            problems.append(Problem(str(path), None, "", None,
                                    f"was changed after the run was written (sha256 "
                                    f"{digest[:12]}... recorded in provenance.json, now "
                                    f"{now[:12]}...); runs are never edited: recompute from the "
                                    "run as written, or compute the inventory again"))
    if problems:
        raise InputError(problems)
    return []


def recalculation_files(recalculation: Recalculation) -> dict[str, bytes]:
    """The tables a recomputation adds to its run: the changes, the summary and list status."""
    return {"recalculation.csv": csv_bytes(recalculation.changes),
            "recalculation_summary.csv": csv_bytes(recalculation.summary),
            "status_changes.csv": csv_bytes(recalculation.status_changes)}


def status_changes(source: Path, old: pd.DataFrame, result: Result,
                   inputs: Inputs | None = None) -> pd.DataFrame:
    """Facilities whose listing (Decree 06/2022 Art. 6) differs between the old and new
    emissions, for every biennial review year whose period the data cover. ``inputs``: the
    folder as the review reads it (duplicates not summed), if already read and computed as
    ``result``: the reviews then take their evidence from ``result``, computing nothing again."""
    columns = ["review_year", "facility_id", "before", "after", "criteria_before",
               "criteria_after"]
    if not (source.is_dir() and (source / "facilities.csv").is_file()):
        return pd.DataFrame(columns=columns)
    from ghg.review.facility_list import reviews

    years = sorted(set(result.emissions["year"].astype(int)))
    # review years 2023, 2025, ... whose period (the two preceding years) overlaps the data
    review_years = [y for y in range(2023, years[-1] + 3, 2) if y - 1 >= years[0]]
    options = {"factors": result.provenance["options"]["factors"], "gwp": result.gwp,
               "grid_ef_fallback": result.provenance["options"]["grid_ef_fallback"]}
    rows = []
    new = result.emissions.astype({"source_id": str, "category": str, "gas": str})
    for year in review_years:  # a review every two years: a handful of calls
        # one computation of the period for both: they differ only in the emissions judged
        before, after = (r.table for r in reviews(
            source, year, [old, new], inputs=inputs,
            computed=result if inputs is not None else None, **options))
        joined = before.merge(after, on="facility_id", suffixes=("_before", "_after"))
        moved = joined[joined["must_be_listed_before"] != joined["must_be_listed_after"]]
        rows.append(pd.DataFrame({"review_year": year, "facility_id": moved["facility_id"],
                                  "before": moved["must_be_listed_before"],
                                  "after": moved["must_be_listed_after"],
                                  "criteria_before": moved["criteria_before"],
                                  "criteria_after": moved["criteria_after"]}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)


_NUMERIC_DETAIL = ["amount", "ncv_tj_per_gg", "density_t_per_m3", "emission_factor"]


def _changed_inputs(recorded: dict[str, str], now: dict[str, str], source: str
                    ) -> list[Problem]:
    problems = []
    for label in sorted(set(recorded) | set(now)):
        before, after = recorded.get(label), now.get(label)
        if before == after:
            continue
        what = ("is new since the run" if before is None else "is gone since the run"
                if after is None else f"changed since the run (sha256 {before[:12]}... -> "
                f"{after[:12]}...)")
        problems.append(Problem(f"{source}/{label}", None, "", None,
                                f"{what}; expected the inputs of the run, or "
                                "--allow-changed-inputs to recompute with the new data"))
    return problems


def attribute(old: pd.DataFrame, old_detail: pd.DataFrame, result: Result,
              old_gwp: str) -> pd.DataFrame:
    """One row per (source, year, category, scope, gas) and cause; the diffs of a key add up to
    its new minus old CO2e. Unchanged keys get one row with cause ``no change``."""
    new = result.emissions.astype({"source_id": str, "category": str, "gas": str})
    merged = old.astype({"source_id": str, "category": str, "gas": str}).merge(
        new, on=KEY, how="outer", suffixes=("_old", "_new"))
    # The old run is known to the 12 significant digits its CSV holds: compare at that precision
    # so that an unchanged value is exactly unchanged.
    old_co2e = merged["co2e_t_old"].fillna(0.0).to_numpy()
    new_co2e = _stored(merged["co2e_t_new"].fillna(0.0).to_numpy())
    at_old_gwp = _stored(merged["emissions_t_new"].fillna(0.0).to_numpy() * merged["gas"].map(
        {g: gwp100(old_gwp, g) for g in GASES}).to_numpy())
    causes = _factor_causes(old_detail, result)
    merged = merged.merge(causes, on=KEY, how="left")
    step1_cause = merged["cause"].fillna("").to_numpy(dtype=object)
    gwp_cause = _gwp_cause(old_gwp, result.gwp, merged["gas"])
    rows = []
    for label, before, after, cause in (
            ("data", old_co2e, at_old_gwp, step1_cause),
            ("gwp", at_old_gwp, new_co2e, gwp_cause)):
        diff = after - before
        moved = diff != 0
        part = merged.loc[moved, KEY].assign(old_co2e_t=before[moved], new_co2e_t=after[moved],
                                              diff_t=diff[moved], cause=cause[moved], step=label)
        rows.append(part)
    unchanged = (old_co2e == at_old_gwp) & (at_old_gwp == new_co2e)
    rows.append(merged.loc[unchanged, KEY].assign(old_co2e_t=old_co2e[unchanged],
                                                  new_co2e_t=new_co2e[unchanged], diff_t=0.0,
                                                  cause="no change", step="none"))
    table = pd.concat(rows, ignore_index=True)
    missing = (table["step"] == "data") & (table["cause"] == "")
    table.loc[missing, "cause"] = "unexplained: no factor or amount difference found"
    order = {"data": 0, "gwp": 1, "none": 2}
    table = (table.assign(_step=table["step"].map(order),
                          _gas=table["gas"].map({g: i for i, g in enumerate(GASES)}))
             .sort_values(["source_id", "year", "category", "scope", "_gas", "_step"])
             .reset_index(drop=True))
    return table[RECALCULATION_COLUMNS]


def _stored(values: np.ndarray) -> np.ndarray:
    """Values as a run's CSV stores them (12 significant digits, see ``ghg.core.files``)."""
    return np.char.mod("%.12g", values).astype(float)


def _gwp_cause(old: str, new: str, gases: pd.Series) -> np.ndarray:
    texts = {g: f"GWP {old} -> {new}: {g} {gwp100(old, g):g} -> {gwp100(new, g):g}"
             for g in GASES}
    return gases.map(texts).to_numpy(dtype=object)


def _factor_causes(old_detail: pd.DataFrame, result: Result) -> pd.DataFrame:
    """Per output key, the amounts and factors that differ between the old and new run.

    Differences are found with whole-column comparisons; texts are written once per distinct
    change (a factor that changed is described once, however many rows use it).
    """
    text_columns = ("source_id", "category", "activity", "unit", "gas")
    new_detail = result.detail.astype({c: str for c in text_columns})
    old_detail = old_detail.astype({c: str for c in text_columns})
    sector_parts = _sector_causes(old_detail, new_detail)
    old_detail = old_detail[_is_energy(old_detail)]
    new_detail = new_detail[_is_energy(new_detail)]
    columns = ROW_IDENTITY + ["scope", "amount", "ncv_tj_per_gg", "ncv_source",
                              "density_t_per_m3", "density_source", "emission_factor",
                              "emission_factor_unit", "emission_factor_source"]
    pair = old_detail[columns].merge(new_detail[columns], on=ROW_IDENTITY + ["scope"],
                                     how="outer", suffixes=("_old", "_new"), indicator=True)
    both = (pair["_merge"] == "both").to_numpy()
    what = (pair["activity"] + " " + pair["category"] + " " + pair["year"].astype(str) + " ("
            + pair["source_id"] + ")")
    parts = [
        pair.loc[pair["_merge"] == "left_only", KEY].assign(
            cause="activity row removed: " + what[pair["_merge"] == "left_only"]),
        pair.loc[pair["_merge"] == "right_only", KEY].assign(
            cause="activity row added: " + what[pair["_merge"] == "right_only"]),
    ]
    moved = both & _differs(pair["amount_old"], pair["amount_new"])
    parts.append(pair.loc[moved, KEY].assign(
        cause="amount " + what[moved] + ": " + _text(pair.loc[moved, "amount_old"]) + " -> "
        + _text(pair.loc[moved, "amount_new"]) + " " + pair.loc[moved, "unit"]))
    for value, source, unit, key in (
            ("ncv_tj_per_gg", "ncv_source", "TJ/Gg", ["activity"]),
            ("density_t_per_m3", "density_source", "t/m3", ["activity"]),
            ("emission_factor", "emission_factor_source", None,
             ["gas", "activity", "category", "year"])):
        changed = both & _differs(pair[f"{value}_old"], pair[f"{value}_new"])
        described = [*key, f"{value}_old", f"{value}_new", f"{source}_old", f"{source}_new"]
        if unit is None:
            described.append("emission_factor_unit_new")
        distinct = pair.loc[changed, described].drop_duplicates()
        if distinct.empty:
            continue
        label = {"ncv_tj_per_gg": "ncv", "density_t_per_m3": "density"}.get(value, "ef")
        head = label + " " + distinct[key].astype(str).agg(" ".join, axis=1)
        unit_text = distinct["emission_factor_unit_new"] if unit is None else unit
        distinct = distinct.assign(cause=head + ": " + _text(distinct[f"{value}_old"]) + " -> "
                                   + _text(distinct[f"{value}_new"]) + " " + unit_text + " ("
                                   + distinct[f"{source}_old"] + " -> "
                                   + distinct[f"{source}_new"] + ")")
        wanted = [*KEY, *[c for c in described if c not in KEY]]
        parts.append(pair.loc[changed, wanted].merge(distinct, on=described)[[*KEY, "cause"]])
    causes = pd.concat([*parts, sector_parts], ignore_index=True).drop_duplicates()\
        .sort_values([*KEY, "cause"])
    if causes.empty:
        return pd.DataFrame(columns=[*KEY, "cause"])
    return causes.groupby(KEY, sort=True)["cause"].agg("; ".join).reset_index()


def _is_energy(detail: pd.DataFrame) -> np.ndarray:
    """Detail rows of the energy kernels (the others are sector records with a ``chain``)."""
    if "step" not in detail:  # a run written before sector methods existed
        return np.ones(len(detail), dtype=bool)
    return detail["step"].fillna("").isin(["combustion", "purchased electricity", ""]).to_numpy()


def _sector_causes(old_detail: pd.DataFrame, new_detail: pd.DataFrame) -> pd.DataFrame:
    """Causes for sector records: a changed amount, or changed factors (the new chain, which
    names each value with its factor set, table and page), matched record by record."""
    if "chain" not in old_detail or "chain" not in new_detail:
        return pd.DataFrame(columns=[*KEY, "cause"])
    identity = ["file", "line", "step", "source_id", "year", "category", "gas", "scope"]
    sides = []
    for detail in (old_detail, new_detail):
        rows = detail[~_is_energy(detail)]
        # one input row may give several records of one step (landfill series by waste type)
        sides.append(rows.assign(nth=rows.groupby(identity, sort=False).cumcount()))
    pair = sides[0][[*identity, "nth", "amount", "unit", "chain", "activity"]].merge(
        sides[1][[*identity, "nth", "amount", "chain"]], on=[*identity, "nth"], how="outer",
        suffixes=("_old", "_new"), indicator=True)
    where = (pair["activity"].fillna("").astype(str) + " " + pair["category"] + " "
             + pair["year"].astype(str) + " (" + pair["source_id"] + ", "
             + pair["file"].astype(str) + ":" + pair["line"].astype(str) + ")")
    both = (pair["_merge"] == "both").to_numpy()
    amount = both & _differs(pair["amount_old"], pair["amount_new"])
    factors = both & ~amount & (pair["chain_old"] != pair["chain_new"]).to_numpy()
    parts = [
        pair.loc[pair["_merge"] == "left_only", KEY].assign(
            cause="record removed: " + where[pair["_merge"] == "left_only"]),
        pair.loc[pair["_merge"] == "right_only", KEY].assign(
            cause="record added: " + where[pair["_merge"] == "right_only"]),
        pair.loc[amount, KEY].assign(
            cause="amount " + where[amount] + ": " + _text(pair.loc[amount, "amount_old"])
            + " -> " + _text(pair.loc[amount, "amount_new"]) + " " + pair.loc[amount, "unit"]),
        pair.loc[factors, KEY].assign(
            cause=pair.loc[factors, "step"] + " factors of " + where[factors] + ": "
            + pair.loc[factors, "chain_old"] + " -> " + pair.loc[factors, "chain_new"]),
    ]
    return pd.concat(parts, ignore_index=True)


def _differs(before: pd.Series, after: pd.Series) -> np.ndarray:
    old, new = before.to_numpy(dtype=float), after.to_numpy(dtype=float)
    same = (np.isnan(old) & np.isnan(new)) | np.isclose(old, new, rtol=1e-12, atol=0.0)
    return ~same


def _text(values: pd.Series) -> pd.Series:
    """Numbers as short text (up to 10 significant digits)."""
    return pd.Series(np.char.mod("%.10g", values.to_numpy(dtype=float)), index=values.index)


def summarise(changes: pd.DataFrame) -> pd.DataFrame:
    """Totals by sector (IPCC category to three levels, e.g. ``1.A.2``) and year, old and new."""
    sector = changes["category"].str.split(".").str[:3].str.join(".")
    per_key = changes.assign(sector=sector).groupby(
        [*KEY, "sector"], sort=False).agg(old_co2e_t=("old_co2e_t", "first"),
                                           diff_t=("diff_t", "sum")).reset_index()
    per_key["new_co2e_t"] = per_key["old_co2e_t"] + per_key["diff_t"]
    table = per_key.groupby(["sector", "year", "scope"], sort=True)[
        ["old_co2e_t", "new_co2e_t"]].sum().reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["change_pct"] = np.where(table["old_co2e_t"] != 0,
                                       (table["new_co2e_t"] / table["old_co2e_t"] - 1) * 100,
                                       np.nan)
    return table
