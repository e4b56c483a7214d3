"""Biennial review of the facility list (Decree 06/2022/NĐ-CP Art. 6).

For each facility of the register: which listing criteria hold over the review period, whether it
must be listed, and what changes against the current list. Criteria and TOE conversions are data
(``ghg/data/review/``, ``ghg/factors/reference/toe/``), each row with its legal or published
source; a newer decree is a new criteria table, not a code change.

A facility whose data do not allow a decision is ``unknown`` and its change is ``review``: it is
never silently "not listed", and a listed facility without data is never removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, InputError
from ghg.core.i18n import _
from ghg.core.quantities import QUANTITIES
from ghg.engine.pipeline import compute_inputs
from ghg.engine.result import Result
from ghg.factors.reference import load_toe_conversion
from ghg.inputs.activity import energy_mask
from ghg.inputs.folder import Inputs, read_inputs
from ghg.inputs.register import unregistered_sources
from ghg.review.criteria import CRITERION_NAMES, WATCH_BAND, load_criteria, review_year_problem

if TYPE_CHECKING:
    from ghg.sectors.energy.method import Calculation

#: 1 TOE = 10^7 kcal (IT) = 41.868 GJ (IEA/OECD definition; pint's ``toe``).
TJ_PER_TOE = 0.041868
ToeFallback = Literal["none", "ncv"]


@dataclass
class Review:
    """The result of a review: one row per facility, plus what decided it."""

    year: int
    period: tuple[int, ...]
    table: pd.DataFrame
    criteria: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def review_period(year: int, years: int = 2) -> tuple[int, ...]:
    """The years a review in ``year`` covers: by default the two preceding years
    (Decree 119/2025/NĐ-CP).

    Examples
    --------
    >>> review_period(2025)
    (2023, 2024)
    """
    return tuple(range(year - years, year))


def review(path: str | Path, year: int, *, criteria: Path | None = None,
           enable: tuple[str, ...] = (), toe_fallback: ToeFallback = "none",
           emissions: pd.DataFrame | None = None, **compute_options) -> Review:
    """Review the facility list of the inventory folder ``path`` for the review ``year``.

    ``enable`` switches on rules that are disabled by default (draft rules); ``toe_fallback``
    ``"ncv"`` converts fuels without a MoIT factor through their IPCC NCV (1 TOE = 41.868 GJ)
    and says so in the notes. ``emissions`` (an emissions table, e.g. of an earlier run) replaces
    the computed emissions as evidence. ``compute_options`` go to
    :func:`ghg.engine.pipeline.compute_inputs`.
    """
    return reviews(path, year, [emissions], criteria=criteria, enable=enable,
                   toe_fallback=toe_fallback, **compute_options)[0]


def reviews(path: str | Path, year: int, emissions: Sequence[pd.DataFrame | None], *,
            criteria: Path | None = None, enable: tuple[str, ...] = (),
            toe_fallback: ToeFallback = "none", inputs: Inputs | None = None,
            computed: Result | None = None, **compute_options) -> list[Review]:
    """:func:`review` once per table of ``emissions`` (``None``: the computed emissions), e.g.
    an old and a new run's: the folder is read and the period computed once for all of them.
    ``inputs``: the folder's inputs when the caller has read them already (as
    :func:`ghg.inputs.folder.read_inputs` reads them); ``computed``: those inputs computed
    whole with ``compute_options`` (as recompute has them), whose rows of the register's
    facilities are then the evidence, not computed again (a row's energy and emissions do not
    depend on the other rows computed with it)."""
    folder = Path(path)
    if not (folder / "facilities.csv").is_file():
        raise ConfigError(f"{folder / 'facilities.csv'}: " + _(
            "facility register not found; expected facilities.csv with facility_id, name, "
            "facility_type, on_current_list"))
    rules = load_criteria(criteria)
    unknown_rules = sorted(set(enable) - set(rules["rule_id"]))
    if unknown_rules:
        raise ConfigError(f"rules {unknown_rules} are not in the criteria table; expected one of "
                          f"{', '.join(rules['rule_id'])}")
    rules.loc[rules["rule_id"].isin(enable), "enabled"] = True
    enabled = rules[rules["enabled"]]
    in_force = _in_force(enabled, year)
    rules = enabled[in_force].copy()
    rules["facility_type_list"] = rules["facility_types"].str.split(";")
    period = review_period(year)
    number_format = compute_options.pop("number_format", None)
    if inputs is None:
        inputs = read_inputs(folder, sum_duplicates=compute_options.get("sum_duplicates", False),
                             number_format=number_format)
    register = inputs.register
    assert register is not None  # read with the folder, checked there
    why = review_year_problem(year, period, (int(inputs.frame["year"].min()),
                                             int(inputs.frame["year"].max())), enabled, in_force)
    if why is not None:
        raise ConfigError(why)
    _check_sources(inputs, register)
    frame = inputs.frame
    in_period = frame["year"].isin(period).to_numpy()
    facility = frame["source_id"].isin(register["facility_id"]).to_numpy()
    notes: list[str] = []
    if (in_period & facility).any():
        # Only the register's facilities are evidence. Their energy rows of the period suffice;
        # sector rows keep every year, since a landfill emits from earlier deposits.
        energy_rows = energy_mask(frame)
        keep = facility & (in_period | ~energy_rows)
        frame = frame.loc[keep].reset_index(drop=True)
        if computed is None:
            result = compute_inputs(replace(inputs, frame=frame), **compute_options)
            energy, toe_notes = _energy_toe(result.calculation, toe_fallback)
        else:  # the kept rows of the whole computation; its energy rows are the frame's in order
            result = replace(computed, frame=frame)
            energy, toe_notes = _energy_toe(computed.calculation, toe_fallback,
                                            keep[energy_rows])
        notes += toe_notes
        evidence = [_evidence(register["facility_id"], period, result if table is None else
                              replace(result, emissions=table[table["year"].isin(period)]),
                              energy) for table in emissions]
    else:
        evidence = [_evidence(register["facility_id"], period, None, pd.DataFrame())] \
            * len(emissions)
        notes.append(_("no activity rows for {first}-{last}: every facility is unknown").format(
            first=period[0], last=period[-1]))
    return [Review(year, period, _evaluate(register, rules, period, e), rules, list(notes))
            for e in evidence]


def _in_force(rules: pd.DataFrame, year: int) -> pd.Series:
    """Rules valid on the review's due date (30 June of the review year); empty dates: open."""
    due = f"{year}-06-30"
    starts = rules["valid_from"].eq("") | (rules["valid_from"] <= due)
    ends = rules["valid_to"].eq("") | (rules["valid_to"] >= due)
    return starts & ends


def _check_sources(inputs: Inputs, register: pd.DataFrame) -> None:
    """Activity rows of sources not in the register are reported, never dropped."""
    aggregates = list(inputs.config.aggregate_sources if inputs.config else [])
    problems = unregistered_sources(inputs.frame, register, aggregates)
    if problems:
        raise InputError(problems)


def _evidence(ids: pd.Series, period: tuple[int, ...], result: Result | None,
              energy: pd.DataFrame) -> pd.DataFrame:
    """Per facility: t CO2e per scope and year, and TOE per year (NaN: no data that year).

    A facility with activity rows in a year but none of a scope emitted zero in that scope.
    """
    columns: dict[str, np.ndarray] = {}
    if result is None:
        reported = pd.DataFrame(False, index=ids, columns=list(period))
        by_scope = pd.DataFrame()
    else:
        frame = result.all_rows
        reported = (frame.groupby(["source_id", "year"], observed=True).size().unstack("year")
                    .reindex(index=ids, columns=list(period)).notna())
        by_scope = (result.emissions.groupby(["source_id", "scope", "year"], observed=True)
                    ["co2e_t"].sum().unstack(["scope", "year"]))
    for scope in (1, 2):
        for year in period:
            if (scope, year) in getattr(by_scope, "columns", ()):
                values = by_scope[(scope, year)].reindex(ids).to_numpy(dtype=float, copy=True)
            else:
                values = np.full(len(ids), np.nan)
            values[np.isnan(values) & reported[year].to_numpy()] = 0.0
            columns[f"emissions_scope{scope}_t_co2e_{year}"] = values
    for year in period:
        values = energy[year] if year in energy.columns else pd.Series(dtype=float)
        columns[f"energy_toe_{year}"] = values.reindex(ids).to_numpy(dtype=float)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(ids)))


def _energy_toe(calc: Calculation, toe_fallback: ToeFallback, rows: np.ndarray | None = None
                ) -> tuple[pd.DataFrame, list[str]]:
    """TOE per facility and year; NaN where any row of that facility-year has no conversion.
    ``rows``: the rows of ``calc`` to count (default all)."""
    frame, amount, unit_quantity, energy_tj = (calc.frame, calc.amount_canonical,
                                               calc.quantity, calc.energy_tj)
    if rows is not None:
        frame = frame.loc[rows].reset_index(drop=True)
        amount, unit_quantity, energy_tj = amount[rows], unit_quantity[rows], energy_tj[rows]
    conversion = load_toe_conversion()
    activity_names = list(frame["activity"].cat.categories)
    lookup = np.full((len(activity_names), len(QUANTITIES)), np.nan)
    known = conversion[conversion["activity"].isin(activity_names)]
    lookup[[activity_names.index(a) for a in known["activity"]],
           [QUANTITIES.index(q) for q in known["quantity"]]] = known["toe_per_canonical"]
    unit_quantity = unit_quantity.astype(np.int64)  # float when there are no energy rows
    toe = amount * lookup[frame["activity"].cat.codes.to_numpy(), unit_quantity]
    heat = unit_quantity == QUANTITIES.index("heat")
    toe[heat] = energy_tj[heat] / TJ_PER_TOE  # energy given directly: a unit conversion
    notes = []
    graded = known.loc[known["alternatives"], "activity"]
    used_graded = sorted(set(graded) & set(frame["activity"].astype(str)))
    if used_graded:
        notes.append(_("TOE of {fuels}: the MoIT table gives several grades; the highest factor "
                       "is used (no grade in the activity data)").format(
                           fuels=", ".join(used_graded)))
    missing = np.isnan(toe)
    if missing.any():
        names = sorted(set(frame.loc[missing, "activity"].astype(str)))
        if toe_fallback == "ncv":
            toe[missing] = energy_tj[missing] / TJ_PER_TOE
            notes.append(_("TOE of {fuels} from the IPCC NCV (1 TOE = 41.868 GJ): no MoIT "
                           "conversion factor (--toe-fallback ncv)").format(
                               fuels=", ".join(names)))
        else:
            notes.append(_("no MoIT TOE factor for {fuels}: energy unknown where they are used "
                           "(choose --toe-fallback ncv to use the IPCC NCV)").format(
                               fuels=", ".join(names)))
    table = pd.DataFrame({"source_id": frame["source_id"], "year": frame["year"], "toe": toe})
    summed = table.groupby(["source_id", "year"], observed=True)["toe"].sum(min_count=1)
    has_gap = table.assign(gap=np.isnan(toe)).groupby(["source_id", "year"],
                                                       observed=True)["gap"].any()
    summed[has_gap] = np.nan
    return summed.unstack("year"), notes


def _decide(values: pd.DataFrame, rule: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(holds: True/False/NaN, decisive value) per facility under the rule's period rule."""
    threshold = rule["threshold"]
    if rule["period_rule"] == "latest_year":
        decisive = values.iloc[:, -1]
    elif rule["period_rule"] == "mean":
        decisive = values.mean(axis=1, skipna=False)
    else:  # any_year: the largest year decides; a missing year can only leave it unknown
        decisive = values.max(axis=1, skipna=True)
        complete = values.notna().all(axis=1)
        holds = decisive >= threshold
        state = pd.Series(np.where(holds, 1.0, np.where(complete, 0.0, np.nan)),
                          index=values.index)
        return state, decisive
    state = pd.Series(np.where(decisive.isna(), np.nan, (decisive >= threshold).astype(float)),
                      index=values.index)
    return state, decisive


def _evaluate(register: pd.DataFrame, rules: pd.DataFrame, period: tuple[int, ...],
              evidence: pd.DataFrame) -> pd.DataFrame:
    states, margins = {}, {}
    criteria = pd.Series("", index=register.index, dtype=object)
    watch = np.zeros(len(register), dtype=bool)
    for _row, rule in rules.iterrows():  # a handful of rules, each a whole-column operation
        applies = (register["facility_type"].isin(rule["facility_type_list"])
                   | (rule["facility_types"] == "*")).to_numpy()
        state, decisive = _decide(_metric(rule, register, period, evidence), rule)
        state = state.where(applies, 0.0)  # a rule that does not apply never holds
        states[rule["rule_id"]] = state
        margins[rule["rule_id"]] = (decisive - rule["threshold"]).where(applies)
        watch |= (applies & (decisive >= (1 - WATCH_BAND) * rule["threshold"])
                  & (decisive < rule["threshold"])).to_numpy()
        name = CRITERION_NAMES[rule["metric"]]  # several energy rules share one name
        listed = (";" + criteria + ";").str.contains(f";{name};", regex=False).to_numpy()
        new = state.eq(1.0).to_numpy() & ~listed
        criteria = criteria.where(~new, np.where(criteria.eq(""), name, criteria + ";" + name))
    state_table = pd.DataFrame(states)
    must = np.where(state_table.eq(1.0).any(axis=1), "yes",
                    np.where(state_table.isna().any(axis=1), "unknown", "no"))
    listed = register["on_current_list"].to_numpy(dtype=bool)
    change = np.select([must == "unknown", (must == "yes") & ~listed, (must == "yes") & listed,
                        (must == "no") & listed], ["review", "add", "keep", "remove"], "none")
    out = pd.DataFrame({
        "facility_id": register["facility_id"].to_numpy(),
        "must_be_listed": must, "criteria": criteria.to_numpy(), "change": change,
        "watch": np.where(watch & (must != "yes"), "yes", "no"),
        "name": register["name"].to_numpy(), "facility_type": register["facility_type"].to_numpy(),
        "district": register["district"].to_numpy(),
        "on_current_list": np.where(listed, "yes", "no"),
        # the register's identification, as the official list gives it
        **{c: register[c].to_numpy() for c in ("address", "commune", "line_ministry", "tax_code")
           if c in register.columns},
    })
    out = pd.concat([out, evidence], axis=1)
    out["waste_capacity_t_per_yr"] = register["waste_capacity_t_per_yr"].to_numpy()
    for rule_id, margin in margins.items():
        out[f"margin_{rule_id}"] = margin.to_numpy()
    return out


def _metric(rule: pd.Series, register: pd.DataFrame, period: tuple[int, ...],
            evidence: pd.DataFrame) -> pd.DataFrame:
    """Per facility (rows) and year (columns), the rule's metric."""
    metric = rule["metric"]
    if metric == "emissions_co2e_t":
        scopes = [int(s) for s in str(rule["scopes"]).split(";") if s]
        values = pd.DataFrame({year: evidence[[f"emissions_scope{s}_t_co2e_{year}"
                                               for s in scopes]].sum(axis=1, min_count=1)
                               for year in period})
        return values
    if metric == "energy_toe":
        return pd.DataFrame({year: evidence[f"energy_toe_{year}"] for year in period})
    if metric == "waste_capacity_t_per_yr":
        capacity = register["waste_capacity_t_per_yr"].to_numpy(dtype=float)
        return pd.DataFrame({year: capacity for year in period})
    # Livestock head counts: no livestock method in this version, so always unknown.
    return pd.DataFrame(np.nan, index=register.index, columns=list(period))


def deadlines(year: int) -> list[str]:
    """The dates an officer works to around a review year.

    Activity data of the previous year by 31 March: Decree 06/2022/NĐ-CP Art. 11(4)(a); list
    review every two years, first before 30 June 2023: Ben Tre Green Growth Action Plan
    (Decision 2082/QĐ-UBND, 2023), task list and footnote 1 (see criteria_decree06_2022.toml).

    Examples
    --------
    >>> deadlines(2025)[1]
    'list review (every 2 years from 2023): submit by 30 June 2025'
    """
    review_due = year if (year - 2023) % 2 == 0 else year + 1
    return [_("facility activity data for {data_year}: by 31 March {year}").format(
                data_year=year - 1, year=year),
            _("list review (every 2 years from 2023): submit by 30 June {year}").format(
                year=review_due)]


def compare_with_previous(table: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Add the status of an earlier review (e.g. before a factor update) and whether it changed.

    Examples
    --------
    >>> now = pd.DataFrame({"facility_id": ["A", "B"], "must_be_listed": ["yes", "no"]})
    >>> before = pd.DataFrame({"facility_id": ["A"], "must_be_listed": ["no"]})
    >>> table = compare_with_previous(now, before)
    >>> table[["previous_must_be_listed", "status_changed"]].values.tolist()
    [['no', 'yes'], ['not reviewed', 'yes']]
    """
    earlier = previous.set_index("facility_id")["must_be_listed"]
    out = table.copy()
    out["previous_must_be_listed"] = out["facility_id"].map(earlier).fillna("not reviewed")
    out["status_changed"] = np.where(out["previous_must_be_listed"] != out["must_be_listed"],
                                     "yes", "no")
    return out
