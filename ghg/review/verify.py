"""The province's verification (thẩm định) of a facility's inventory report.

Decree 06/2022/NĐ-CP Art. 11, as amended by Decree 119/2025/NĐ-CP, has the provincial People's
Committee review the results of facilities on three criteria: completeness, the identification of
sources and methods, and the accuracy and reliability of the results. Modelled on EPA e-GGRT's
validation report and inputs verifier, every line of the submission is recomputed by the engine
twice: with the factors the facility states (as a facility factor set, first in precedence) and
with the official sets alone (national, then IPCC). Each finding names the criterion, severity,
where in the submission, and the fix. Any ``error`` fails the report; ``warning`` only passes it
with remarks; no finding passes it.

The submission's result would be recorded in the province's register of submissions (issue 18,
``record_submission``) by the command after :func:`verify` returns; this module records nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import GHGError, InputError, Problem
from ghg.core.i18n import N_, _
from ghg.core.units import gwp100
from ghg.engine.pipeline import compute_inputs
from ghg.factors.library import CANONICAL_UNITS, FACTOR_COLUMNS, activities, library_settings
from ghg.inputs.folder import read_inputs
from ghg.review.submission import VALUES, Submission, decode, read_submission

#: Arithmetic tolerance: a reported number agrees with its recomputation within the larger of
#: 0.1 % and 0.001 t (a report rounded to kilograms, or to four significant digits, passes).
TOLERANCE_PCT = 0.1
TOLERANCE_T = 0.001
#: A stated factor is the official one when they agree within this relative difference (a value
#: copied with six significant digits).
FACTOR_TOLERANCE = 1e-6
#: A year-on-year change of a scope's total above this (per cent) needs an explanation. ghg's
#: default, not a legal threshold; ``--change-threshold`` sets another.
CHANGE_PCT = 10.0
RECOGNISED = ("facility", "national", "ipcc")
CRITERIA = {"completeness": N_("completeness"),
            "sources_methods": N_("sources and methods"),
            "accuracy": N_("accuracy")}
SEVERITIES = {"error": N_("error"), "warning": N_("warning")}
DECISIONS = {"pass": N_("pass"), "pass_with_remarks": N_("pass with remarks"),
             "fail": N_("fail")}
#: Every check: its criterion and severity.
CHECKS = {
    "years": ("completeness", "error"),
    "expected_source": ("completeness", "warning"),
    "source_year": ("completeness", "error"),
    "factor_source": ("sources_methods", "error"),
    "factor_origin": ("sources_methods", "error"),
    "factor_traced": ("sources_methods", "error"),
    "factor_missing": ("sources_methods", "error"),
    "unit": ("sources_methods", "error"),
    "tier": ("sources_methods", "warning"),
    "line": ("accuracy", "error"),
    "not_recomputed": ("accuracy", "warning"),
    "totals": ("accuracy", "error"),
    "change": ("accuracy", "warning"),
}
FINDING_COLUMNS = ["criterion", "check", "severity", "where", "finding", "fix"]


@dataclass
class Verification:
    """The findings on one submission and the recomputation behind them."""

    submission: Submission
    findings: pd.DataFrame  # FINDING_COLUMNS, codes in criterion, check and severity
    recomputed: pd.DataFrame  # per line and gas: reported and recomputed emissions
    factor_sets: tuple[str, ...]

    @property
    def decision(self) -> str:
        """``pass``, ``pass_with_remarks`` or ``fail``."""
        severity = set(self.findings["severity"])
        if "error" in severity:
            return "fail"
        return "pass_with_remarks" if "warning" in severity else "pass"


@cache
def expected_sources() -> pd.DataFrame:
    """Sources expected per facility type (``ghg/data/review/expected_sources.csv``)."""
    path = resources.files("ghg") / "data" / "review" / "expected_sources.csv"
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False)


def verify(submission: str | Path | Submission, *, factors: list[str] | None = None,
           years: tuple[int, ...] | None = None, change_pct: float = CHANGE_PCT
           ) -> Verification:
    """Verify a submission (a path to the report workbook, or one already read).

    ``factors`` are the official sets, first wins (default: the library's default sets);
    ``years`` the reporting cycle's years, if the province fixes them (default: the two years
    the submission states, which must follow each other).
    """
    sub = submission if isinstance(submission, Submission) else read_submission(submission)
    tables = _typed(sub)
    official = list(factors or library_settings()["default_sets"])
    findings: list[dict] = []

    def add(check: str, where: str, finding: str, fix: str) -> None:
        criterion, severity = CHECKS[check]
        findings.append({"criterion": criterion, "check": check, "severity": severity,
                         "where": where, "finding": finding, "fix": fix})

    _completeness(sub, tables, years, add)
    usable = _factor_checks(tables["factors"], add)
    recomputed = _recompute(sub, tables, usable, official, add)
    _totals(tables, add)
    _changes(tables, change_pct, add)
    table = pd.DataFrame(findings, columns=FINDING_COLUMNS)
    return Verification(sub, table, recomputed, tuple(official))


def _typed(sub: Submission) -> dict[str, pd.DataFrame]:
    """The submission's tables with numbers as numbers and coded words as codes; a cell that
    should be a number and is not is bad input (every one reported at once)."""
    numeric = {"factors": ("year", "value"), "activity": ("year", "amount"),
               "lines": ("year", "scope", "emissions_t", "co2e_t"),
               "totals": ("year", "scope", "emissions_t", "co2e_t"),
               "changes": ("scope", "year_from", "year_to"), "sources": ("scope",)}
    problems = []
    out = {}
    for key, table in sub.tables.items():
        table = table.copy()
        for column in numeric.get(key, ()):
            raw = table[column]
            values = pd.to_numeric(raw, errors="coerce")
            bad = values.isna() & raw.notna() & raw.astype(str).str.strip().ne("")
            empty = raw.isna() | raw.astype(str).str.strip().eq("")
            for row, value in zip(table.loc[bad | empty, "row"], raw[bad | empty], strict=True):
                problems.append(Problem(f"{sub.path}[{key}]", int(row), column,
                                        "" if value is None else str(value),
                                        "is not a number; expected a number"))
            table[column] = values
        for column in table.columns:
            if table[column].dtype == object:  # empty cells (None) as "", without fillna's
                cells = table[column].to_numpy(dtype=object)  # downcasting (pandas 2.2 warns)
                table[column] = pd.Series(np.where(pd.isna(cells), "", cells),
                                          index=table.index).astype(str).str.strip()
        out[key] = table
    if problems:
        raise InputError(problems)
    for key, column in (("factors", "parameter"), ("factors", "origin"), ("lines", "counted"),
                        ("totals", "counted")):
        out[key][column] = decode(out[key][column], VALUES)
    for key in ("factors", "activity", "lines", "totals"):
        out[key]["year"] = out[key]["year"].astype(int)
    return out


def _completeness(sub: Submission, tables: dict[str, pd.DataFrame],
                  cycle: tuple[int, ...] | None, add) -> None:
    lines = tables["lines"]
    stated = sub.years
    with_data = sorted(set(tables["activity"]["year"]))
    wanted = tuple(cycle) if cycle else stated
    fix_years = _("report both years of the cycle (the two years before the report year), "
                  "each with its activity data")
    if cycle and tuple(sorted(cycle)) != stated:
        add("years", _("facility: reporting years"),
            _("the report covers {stated}; the cycle is {cycle}").format(
                stated=", ".join(map(str, stated)) or _("no year"),
                cycle=", ".join(map(str, cycle))), fix_years)
    elif len(stated) != 2 or stated[1] != stated[0] + 1:
        add("years", _("facility: reporting years"),
            _("the report covers {stated}; a report covers two consecutive years (Decree "
              "06/2022 Art. 11(1)(e) as amended by Decree 119/2025)").format(
                stated=", ".join(map(str, stated)) or _("no year")), fix_years)
    for year in wanted:
        if year not in with_data and year in stated:
            add("years", _("III.2 activity data, {year}").format(year=year),
                _("no activity data for {year}").format(year=year), fix_years)
    kind = sub.facility.get("facility_type", "")
    expected = expected_sources()
    for row in expected.loc[expected["facility_type"] == kind].itertuples():
        prefixes = tuple(row.categories.split(";"))
        found = lines["category"].str.startswith(prefixes) & lines["scope"].eq(int(row.scope))
        if not found.any():
            add("expected_source", _("II.3 sources"),
                _("no {group} (IPCC {categories}, scope {scope}), expected of a {kind}: "
                  "{basis}").format(group=row.source_group, categories=row.categories,
                                    scope=row.scope, kind=kind, basis=row.basis),
                _("add the source's activity data, or state in II.3 why the facility has "
                  "none"))
    key = ["category", "activity", "scope"]
    declared = pd.concat([tables["sources"][key], lines[key]]).drop_duplicates()
    present = lines[[*key, "year"]].drop_duplicates()
    for year in (y for y in wanted if y in with_data):
        have = present.loc[present["year"] == year, key]
        gone = declared.merge(have, how="left", on=key, indicator=True)
        for row in gone.loc[gone["_merge"] == "left_only"].itertuples():
            add("source_year", _("III.2 activity data, {year}").format(year=year),
                _("source {activity} ({category}, scope {scope}) has no activity data in "
                  "{year}").format(activity=row.activity, category=row.category,
                                   scope=row.scope, year=year),
                _("add its activity data for {year}, or explain in Recalculations why the "
                  "source stopped").format(year=year))


def _factor_checks(factors: pd.DataFrame, add) -> pd.DataFrame:
    """Sources, origins, tiers and units of the stated factors; returns the usable ones."""
    kinds = activities()["kind"]
    usable = np.ones(len(factors), dtype=bool)
    for i, f in enumerate(factors.itertuples(index=False)):
        where = _("III.1 factors, {id}").format(id=f.factor_id)
        if not f.source:
            add("factor_source", where,
                _("{parameter} {gas} of {activity} ({year}) has no source").format(
                    parameter=f.parameter, gas=f.gas, activity=f.activity, year=f.year),
                _("name the document, table and page (or the measurement record) it comes "
                  "from"))
        allowed = (*RECOGNISED, "literature") if f.parameter == "density" else RECOGNISED
        if f.origin not in allowed:
            add("factor_origin", where,
                _("origin {origin!r} is not a recognised set").format(origin=f.origin),
                _("use a facility-specific factor with its evidence, the national list or an "
                  "IPCC default, and say which"))
        if f.tier not in ("1", "2", "3"):
            add("tier", where, _("tier not stated"),
                _("state the tier (1: IPCC default, 2: national or site-specific, 3: measured "
                  "or modelled)"))
        target = CANONICAL_UNITS.get((f.parameter, kinds.get(f.activity, "")))
        if not _unit_fits(f.unit, target.format(gas=f.gas) if target else ""):
            usable[i] = False
            add("unit", where,
                _("unit {unit!r} of {parameter} does not fit; expected a unit convertible to "
                  "{target}").format(unit=f.unit, parameter=f.parameter,
                                     target=(target or "?").format(gas=f.gas)),
                _("state the factor in a unit of that quantity"))
    return factors.loc[usable]


@cache
def _unit_fits(unit: str, target: str) -> bool:
    """Whether ``unit`` measures the same quantity as ``target`` (each pair parsed once)."""
    from ghg.core.units import fits

    if not target:
        return False
    try:
        return fits(unit, target)
    except Exception:  # pint raises several types; all mean "not a unit we read"
        return False


def _recompute(sub: Submission, tables: dict[str, pd.DataFrame], factors: pd.DataFrame,
               official: list[str], add) -> pd.DataFrame:
    """Every energy line recomputed with the stated factors first, then the official sets;
    and with the official sets alone, to trace each stated factor."""
    activity, lines = tables["activity"], tables["lines"]
    energy_ids = set(lines.loc[lines["ef_id"].ne(""), "line_id"])
    others = activity.loc[~activity["line_id"].isin(energy_ids)]
    for row in others.itertuples():
        add("not_recomputed", _("III.2 activity data, {id}").format(id=row.line_id),
            _("{activity} ({category}) is computed by a sector method; its line was not "
              "recomputed").format(activity=row.activity, category=row.category),
            _("check the sector method's inputs by hand"))
    known_ids = set(tables["factors"]["factor_id"])
    for column in ("ncv_id", "density_id", "ef_id"):
        unknown = lines.loc[lines[column].ne("") & ~lines[column].isin(known_ids)]
        for row in unknown.itertuples():
            add("factor_missing", _("III.3 lines, {id} {gas}").format(id=row.line_id,
                                                                      gas=row.gas),
                _("factor {factor} is not in III.1").format(factor=getattr(row, column)),
                _("list every factor a line uses in III.1"))
    rows = activity.loc[activity["line_id"].isin(energy_ids)].reset_index(drop=True)
    if rows.empty:
        return pd.DataFrame()
    frame = pd.DataFrame({"source_id": sub.facility.get("facility_id", "facility"),
                          "year": rows["year"], "category": rows["category"],
                          "activity": rows["activity"], "amount": rows["amount"],
                          "unit": rows["unit"]})
    inputs = read_inputs(frame)
    gwp = sub.facility.get("gwp") or None
    with tempfile.TemporaryDirectory(prefix="ghg-verify-") as folder:
        _write_set(Path(folder), factors, str(frame["source_id"].iloc[0]))
        stated = compute_inputs(replace(inputs, local_factors=Path(folder)), official, gwp,
                                grid_ef_fallback="latest").detail
    try:
        reference = compute_inputs(inputs, official, gwp, grid_ef_fallback="latest").detail
    except GHGError:
        reference = None
    stated = stated.assign(line_id=rows["line_id"].to_numpy()[stated["line"].to_numpy() - 2])
    gwps = {g: gwp100(stated_gwp(sub), g) for g in ("CO2", "CH4", "N2O")}
    merged = lines[["line_id", "gas", "emissions_t", "co2e_t", "ef_id", "ncv_id",
                    "density_id"]].merge(
        stated[["line_id", "gas", "emissions_t", "factor_set"]].rename(
            columns={"emissions_t": "recomputed_t"}),
        how="outer", on=["line_id", "gas"], indicator=True)
    merged = merged.loc[merged["line_id"].isin(energy_ids)]
    merged["expected_co2e_t"] = merged["emissions_t"] * merged["gas"].map(gwps)
    diff = _off(merged["emissions_t"], merged["recomputed_t"]) \
        | _off(merged["co2e_t"], merged["expected_co2e_t"])
    for line_id, part in merged.loc[diff].groupby("line_id", sort=False):
        add("line", _("III.3 lines, {id}").format(id=line_id),
            _("reported {reported} t, recomputed {recomputed} t ({gases})").format(
                reported=_join(part["emissions_t"]), recomputed=_join(part["recomputed_t"]),
                gases=", ".join(part["gas"].astype(str))),
            _("correct the amount, the factors or the emissions of this line"))
    own = merged.loc[merged["factor_set"].notna() & merged["factor_set"].ne("local")]
    for row in own.itertuples():
        add("factor_missing", _("III.3 lines, {id} {gas}").format(id=row.line_id, gas=row.gas),
            _("no stated factor applies; the official set {set} was used").format(
                set=row.factor_set),
            _("state the emission factor of this line in III.1"))
    if reference is not None:
        _trace(tables, rows, reference, add)
    return merged.drop(columns=["_merge"]).reset_index(drop=True)


def stated_gwp(sub: Submission) -> str:
    return (sub.facility.get("gwp") or "AR5").strip().upper()


def _off(reported: pd.Series, recomputed: pd.Series) -> pd.Series:
    """True where two numbers disagree beyond the tolerance (or one of them is missing)."""
    a, b = reported.to_numpy(dtype=float), recomputed.to_numpy(dtype=float)
    limit = np.maximum(TOLERANCE_T, np.abs(b) * TOLERANCE_PCT / 100)
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(a - b) <= limit)
    return pd.Series(bad, index=reported.index)


def _join(values: pd.Series) -> str:
    return "; ".join("—" if pd.isna(v) else f"{v:,.3f}" for v in values)


def _write_set(folder: Path, factors: pd.DataFrame, facility_id: str) -> None:
    """The stated factors as a factor-set folder (the engine's form of facility factors): each
    row is the facility's own (``source_id``), so it wins over every set."""
    table = pd.DataFrame({
        "activity": factors["activity"], "category": factors["category"],
        "parameter": factors["parameter"], "gas": factors["gas"],
        "value": factors["value"].map(repr), "unit": factors["unit"],
        "year_from": factors["year"], "year_to": factors["year"], "lower": "", "upper": "",
        "source_id": facility_id,
        "document": factors["source"].where(factors["source"].ne(""), "not stated"),
        "table": "submission", "page": factors["factor_id"], "note": ""})
    table[list(FACTOR_COLUMNS)].to_csv(folder / "submission.csv", index=False)
    (folder / "set.toml").write_text('name = "local"\ntitle = "factors stated in the '
                                     'submission"\n', encoding="utf-8")


def _trace(tables: dict[str, pd.DataFrame], rows: pd.DataFrame, reference: pd.DataFrame,
           add) -> None:
    """Each stated national or IPCC factor against the value the official sets give."""
    lines, factors = tables["lines"], tables["factors"].set_index("factor_id")
    reference = reference.assign(
        line_id=rows["line_id"].to_numpy()[reference["line"].to_numpy() - 2])
    uses = lines.merge(reference, how="inner", on=["line_id", "gas"], suffixes=("", "_ref"))
    checked: dict[str, bool] = {}
    for column, official in (("ncv_id", "ncv_tj_per_gg"), ("density_id", "density_t_per_m3"),
                             ("ef_id", "emission_factor")):
        ids = uses[column]
        known = ids.isin(factors.index) & ids.ne("")
        stated = factors["value"].reindex(ids[known]).to_numpy(dtype=float)
        origin = factors["origin"].reindex(ids[known]).to_numpy()
        value = uses.loc[known, official].to_numpy(dtype=float)
        same = np.abs(stated - value) <= FACTOR_TOLERANCE * np.abs(value)
        for factor_id, ok, kind in zip(ids[known], same, origin, strict=True):
            if kind in ("national", "ipcc", "literature"):
                checked[factor_id] = checked.get(factor_id, True) and bool(ok)
    for factor_id, ok in checked.items():
        if not ok:
            f = factors.loc[factor_id]
            add("factor_traced", _("III.1 factors, {id}").format(id=factor_id),
                _("{value} {unit} is not the value of the official sets for {activity} "
                  "({origin})").format(value=f["value"], unit=f["unit"],
                                       activity=f["activity"], origin=f["origin"]),
                _("use the official value, or state the factor as facility-specific with its "
                  "evidence"))


def _totals(tables: dict[str, pd.DataFrame], add) -> None:
    key = ["year", "scope", "gas", "counted"]
    sums = tables["lines"].groupby(key)[["emissions_t", "co2e_t"]].sum()
    totals = tables["totals"].groupby(key)[["emissions_t", "co2e_t"]].sum()
    both = totals.merge(sums, how="outer", left_index=True, right_index=True,
                        suffixes=("_reported", "_lines")).fillna(0.0)
    bad = _off(both["emissions_t_reported"], both["emissions_t_lines"]) \
        | _off(both["co2e_t_reported"], both["co2e_t_lines"])
    for (year, scope, gas, _counted), row in both.loc[bad].iterrows():
        add("totals", _("III.3 totals, {year} scope {scope} {gas}").format(
            year=year, scope=scope, gas=gas),
            _("total {total} t CO2e, lines add up to {lines} t CO2e").format(
                total=f"{row['co2e_t_reported']:,.3f}", lines=f"{row['co2e_t_lines']:,.3f}"),
            _("make the total the sum of its lines"))


def _changes(tables: dict[str, pd.DataFrame], limit_pct: float, add) -> None:
    totals = tables["totals"]
    counted = totals.loc[totals["counted"] == "total"].groupby(["scope", "year"])["co2e_t"]\
        .sum().unstack("year")
    years = list(counted.columns)
    explained = tables["changes"].set_index(["scope", "year_from", "year_to"])["explanation"]
    for before, after in zip(years, years[1:], strict=False):
        with np.errstate(divide="ignore", invalid="ignore"):
            change = (counted[after] / counted[before] - 1) * 100
        for scope, pct in change.items():
            if np.isfinite(pct) and abs(pct) <= limit_pct:
                continue
            if str(explained.get((scope, before, after), "")).strip():
                continue
            add("change", _("Recalculations, scope {scope} {before}-{after}").format(
                scope=scope, before=before, after=after),
                _("total changes by {pct}% (more than {limit}%) with no explanation").format(
                    pct=f"{pct:+.1f}" if np.isfinite(pct) else "∞", limit=f"{limit_pct:g}"),
                _("explain the change (output, fuel switch, new or closed source, "
                  "recalculation)"))
