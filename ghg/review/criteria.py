"""The listing criteria of the facility-list review, as data with their legal sources.

The default table is Decree 06/2022/NĐ-CP Art. 6 (``ghg/data/review/``); a newer decree is a
new criteria table, not a code change. Every rule names the legal text it comes from.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.i18n import _, together
from ghg.factors.reference import fingerprint

#: Share below a threshold that puts a facility on the watch list ("within 10% below a
#: threshold").
WATCH_BAND = 0.10
PERIOD_RULES = ("any_year", "latest_year", "mean")
METRICS = ("emissions_co2e_t", "energy_toe", "waste_capacity_t_per_yr", "cattle_head",
           "swine_head")
CRITERION_NAMES = {"emissions_co2e_t": "emissions", "energy_toe": "energy",
                   "waste_capacity_t_per_yr": "waste_capacity", "cattle_head": "livestock",
                   "swine_head": "livestock"}


def review_data() -> Path:
    """Folder of the criteria tables shipped with the package."""
    return Path(str(resources.files("ghg").joinpath("data", "review")))


#: Columns a criteria table must have (``article`` and ``note`` are optional).
CRITERIA_COLUMNS = ("rule_id", "metric", "comparison", "threshold", "unit", "facility_types",
                    "scopes", "period_rule", "enabled", "valid_from", "valid_to", "legal_source")


def load_criteria(path: Path | None = None) -> pd.DataFrame:
    """The listing criteria table; ``path`` defaults to Decree 06/2022's.

    :class:`ConfigError` lists every problem of the table with its line.
    """
    path = Path(path) if path else review_data() / "criteria_decree06_2022.csv"
    if not path.is_file():
        why = _("is a folder") if path.is_dir() else _("no such file")
        raise ConfigError(f"--criteria {path}: " + _(
            "{why}; expected a criteria table (CSV with {columns}), e.g. "
            "ghg/data/review/criteria_decree06_2022.csv").format(
                why=why, columns=", ".join(CRITERIA_COLUMNS)))
    return _load_criteria(path, fingerprint(path)).copy()


@cache
def _load_criteria(path: Path, fingerprint: tuple[int, int]) -> pd.DataFrame:
    from ghg.core.text_tables import read_text_table

    table, unreadable = read_text_table(path, path.name, _(
        "a header line {columns} and one row per rule").format(
            columns=",".join(CRITERIA_COLUMNS)))
    if table is None:
        raise ConfigError("\n".join(str(p) for p in unreadable))
    missing = [c for c in CRITERIA_COLUMNS if c not in table.columns]
    if missing:
        raise ConfigError("\n".join(f"{path.name}:1: header: " + _(
            "column {name} is missing; expected columns {required}").format(
                name=repr(c), required=", ".join(CRITERIA_COLUMNS)) for c in missing))
    problems = _problems(table, path.name)
    if problems:
        raise ConfigError("\n".join(problems))
    table = table.drop(columns="line")
    table["threshold"] = pd.to_numeric(table["threshold"])
    table["enabled"] = table["enabled"].str.lower().eq("true")
    return table


def _problems(table: pd.DataFrame, name: str) -> list[str]:
    """Every problem of a criteria table, one line each (a handful of rules)."""
    from ghg.inputs.register import FACILITY_TYPES

    problems = []
    threshold = pd.to_numeric(table["threshold"], errors="coerce")
    for row, value in zip(table.itertuples(index=False), threshold, strict=True):
        where = f"{name}:{row.line}"
        if row.metric not in METRICS:
            problems.append(f"{where}: metric: " + _(
                "{value} is not known; expected one of {values}").format(
                    value=repr(row.metric), values=", ".join(METRICS)))
        if row.period_rule not in PERIOD_RULES:
            problems.append(f"{where}: period_rule: " + _(
                "{value} is not known; expected one of {values}").format(
                    value=repr(row.period_rule), values=", ".join(PERIOD_RULES)))
        if row.comparison != ">=":
            problems.append(f"{where}: comparison: " + _(
                "{value} is not supported; expected >=").format(value=repr(row.comparison)))
        if not row.legal_source:
            problems.append(f"{where}: legal_source: '' " + _(
                "is empty; expected the legal text the rule comes from"))
        if not np.isfinite(value):
            problems.append(f"{where}: threshold: " + _(
                "{value} is not a number; expected the threshold in the rule's unit with a "
                "decimal point and no thousands separator, e.g. 3000").format(
                    value=repr(row.threshold)))
        elif value < 0:
            problems.append(f"{where}: threshold: " + _(
                "{value} is negative; expected a threshold >= 0").format(
                    value=repr(row.threshold)))
        if row.enabled.lower() not in ("true", "false"):
            problems.append(f"{where}: enabled: " + _(
                "{value} is not true or false; expected true (applied) or false (a draft rule, "
                "switched on with --enable-rule)").format(value=repr(row.enabled)))
        for column in ("valid_from", "valid_to"):
            text = getattr(row, column)
            if text and not _is_date(text):
                problems.append(f"{where}: {column}: " + _(
                    "{value} is not a date; expected YYYY-MM-DD (e.g. 2022-01-07) or empty "
                    "(open)").format(value=repr(text)))
        scopes = [s for s in row.scopes.split(";") if s]
        if any(s not in ("1", "2") for s in scopes):
            problems.append(f"{where}: scopes: " + _(
                "{value} is not a list of scopes; expected 1, 2 or 1;2 (or empty for rules not "
                "on emissions)").format(value=repr(row.scopes)))
        types = row.facility_types.split(";")
        unknown = [t for t in types if t not in FACILITY_TYPES] if row.facility_types != "*" \
            else []
        if unknown:
            problems.append(f"{where}: facility_types: " + _(
                "{value} holds unknown types {unknown}; expected * or types separated by ';' "
                "from {types}").format(value=repr(row.facility_types), unknown=unknown,
                                       types=", ".join(FACILITY_TYPES)))
    return problems


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def review_year_problem(year: int, period: tuple[int, ...], data_years: tuple[int, int],
                        rules: pd.DataFrame, in_force: pd.Series) -> str | None:
    """Why ``--year`` cannot be reviewed (no data in its period, or before every rule), with
    the years that can; None if it can.

    ``rules`` are the enabled rules and ``in_force`` marks those in force in ``year``.
    """
    first, last = data_years
    outside = period[-1] < first or period[0] > last
    before = not bool(in_force.any())
    if not outside and not before:
        return None
    starts = rules["valid_from"][rules["valid_from"] != ""]
    opens = int(starts.min()[:4]) if len(starts) else first + 1
    # a rule from date D applies to reviews whose due date, 30 June, is on or after D
    opens += 0 if not len(starts) or starts.min()[5:] <= "06-30" else 1
    lowest, highest = max(first + 1, opens), last + 2
    reasons = []
    if outside:
        reasons.append(_("outside the data (years {first}-{last})").format(first=first,
                                                                          last=last))
    if before:
        reasons.append(_("before the criteria's first rule (in force from {date})").format(
            date=starts.min() if len(starts) else _("no date")))
    return f"--year {year}: " + _(
        "the review covers {first}-{last}, {reasons}; expected a year from {lowest} to "
        "{highest}").format(first=period[0], last=period[-1], reasons=together(reasons),
                            lowest=lowest, highest=highest)
