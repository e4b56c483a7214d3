"""Reading a scenario folder: ``scenario.toml``, ``bau.toml``, ``drivers.csv``, ``measures.toml``.

Every mistake is collected as a :class:`~ghg.core.errors.Problem` naming the file, the measure (or
rule) and the field, and raised together as one :class:`~ghg.core.errors.InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem
from ghg.core.i18n import _

RULES = ("growth_as", "constant", "linear_trend", "series")
EFFECTS = ("ef_multiplier", "activity_reduction", "fuel_switch", "manure_system_shift",
           "rice_water_regime", "landfill_diversion", "grid_displacement")
#: Fields each effect needs besides the common ones.
EFFECT_FIELDS = {"ef_multiplier": ("multiplier",), "activity_reduction": ("reduction",),
                 "fuel_switch": ("to", "kwh_per_mj"), "manure_system_shift": ("to_system",),
                 "rice_water_regime": ("from_regime", "to_regime"),
                 "landfill_diversion": ("waste_types",), "grid_displacement": ()}


@dataclass(frozen=True)
class Rule:
    """A BAU projection rule for one category (or ``electricity`` / ``landfill``)."""

    key: str
    rule: str
    driver: str = ""
    elasticity: float = 1.0
    series: tuple[tuple[int, float], ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Measure:
    """One mitigation measure as written in the measures file."""

    id: str
    name_vi: str
    name_en: str
    effect: str
    categories: tuple[str, ...]
    activity: str
    start: int
    uptake_years: np.ndarray
    uptake_shares: np.ndarray
    source: str
    options: dict = field(default_factory=dict)

    def option(self, name: str):
        return self.options[name]


@dataclass
class ScenarioSpec:
    """Everything a scenario folder says, checked for form (not yet against the inventory)."""

    folder: Path
    name: str
    inventory: Path
    base_year: int | None
    horizon: int
    target_year: int
    target_pct: float
    target_source: str
    rules: dict[str, Rule]
    default_rule: Rule
    drivers: pd.DataFrame
    measures: list[Measure]
    measures_file: str
    bau_file: str
    basis: str = "territorial"            # accounting basis of the verdict (BASES)
    bau_rule: str = "drivers"             # BAU rule named in [basis] (BAU_RULES)
    grid_factor: str = "frozen"           # grid EF of scope 2 lines (GRID_FACTORS)
    basis_source: str = ""
    uncertainty: dict = field(default_factory=dict)   # Monte Carlo settings ([uncertainty])
    appendix: list = field(default_factory=list)      # the plan's Appendix 4 items


#: Keys of scenario.toml and its tables, of a BAU rule, and of a measure (besides its effect's).
SCENARIO_KEYS = ("name", "inventory", "base_year", "horizon", "target", "files", "basis",
                 "uncertainty")
#: Accounting bases a verdict can rest on: territorial scope 1 (LULUCF removals netted),
#: territorial scope 1 without LULUCF (3.B, 3.D), scope 1 plus purchased electricity (scope 2).
BASES = ("territorial", "territorial_without_lulucf", "scope1_2")
BASIS_KEYS = ("accounting", "bau", "grid_factor", "source")
#: BAU rules: the driver-based rules of bau.toml (the only one with a sourced set of values;
#: the NDC 2022 sector growth rule is not offered, see scenarios/ben-tre/README.md).
BAU_RULES = ("drivers",)
#: Grid EF of scope 2 lines: ``frozen`` at the base year's implied EF, or ``published``: each
#: year's EF as the inventory's own factor set gives it (Viet Nam's published grid EFs, e.g.
#: ghg/factors/data/vn/grid_ef.csv), held at the latest inventory year's after it. No sourced
#: projection of the grid EF (PDP8) was found, so none is offered.
GRID_FACTORS = ("frozen", "published")
#: [uncertainty] keys: draws, seed, and the 95 % half-widths (% of the central value) of the
#: measures' effect sizes, their uptake and the BAU drivers' growth.
UNCERTAINTY_KEYS = ("draws", "seed", "effect_pct", "uptake_pct", "driver_pct", "source")
APPENDIX_KEYS = ("item", "section", "name_vi", "name_en", "measures", "reason", "reason_vi")
TARGET_KEYS = ("year", "pct", "source")
FILES_KEYS = ("bau", "drivers", "measures")
RULE_KEYS = ("rule", "driver", "elasticity", "series", "source")
MEASURE_KEYS = ("id", "name_vi", "name_en", "effect", "categories", "activity", "start", "uptake",
                "source")
#: Optional fields of an effect (besides EFFECT_FIELDS): the gases an EF multiplier applies to,
#: the climate zone of the manure MCFs.
EFFECT_OPTIONS = {"ef_multiplier": ("gases",), "manure_system_shift": ("climate_zone",)}
#: Sanity range of a BAU elasticity (emissions growth per unit of driver growth). Published
#: energy-GDP and emissions-driver elasticities lie between about -1 and 2; 5 in absolute value
#: would make a category grow 5 % for each 1 % of its driver: a typing error, not an estimate.
ELASTICITY_RANGE = (-5.0, 5.0)
#: Fields of a measure that are fractions (0-1): the EF multiplier (1 = no change) and the share
#: of the activity removed.
FRACTIONS = ("multiplier", "reduction")


def _toml(path: Path) -> tuple[dict, str]:
    from ghg.core.toml_files import read_toml

    return read_toml(path, path.name, "a scenario folder needs it")


def _number(value: object) -> float | None:
    """A TOML number as float; None for text, booleans, lists."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _year(value: object) -> int | None:
    """A TOML integer as a year; None for anything else (text, 2022.5, true)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _table(data: dict, key: str, file: str, problems: list[Problem]) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(Problem(file, None, key, repr(value).strip("'"),
                                _("is not a table; expected [{name}] with its keys").format(
                                    name=key)))
        return {}
    return value


def read_scenario(folder: str | Path) -> ScenarioSpec:
    """Read and check a scenario folder; :class:`InputError` lists every problem found."""
    from ghg.core.toml_files import unknown_keys

    folder = Path(folder)
    head, text = _toml(folder / "scenario.toml")
    name = "scenario.toml"
    problems = unknown_keys(head, SCENARIO_KEYS, name, text)
    files = _table(head, "files", name, problems)
    target = _table(head, "target", name, problems)
    problems += unknown_keys(files, FILES_KEYS, name, text, "files")
    problems += unknown_keys(target, TARGET_KEYS, name, text, "target")
    bau_name = str(files.get("bau", "bau.toml"))
    measures_name = str(files.get("measures", "measures.toml"))
    base_year, horizon, target_year, target_pct = _head_numbers(head, target, name, problems)
    inventory = head.get("inventory", "")
    if not isinstance(inventory, str):
        problems.append(Problem(name, None, "inventory", str(inventory),
                                _("is not a folder path; expected e.g. inventory = "
                                  '"../../inventories/ben-tre" (relative to the scenario '
                                  "folder)")))
        inventory = ""
    elif not (folder / inventory / "inventory.toml").is_file():
        problems.append(Problem(name, None, "inventory", inventory,
                                _("is not an inventory folder (no inventory.toml in {value}); "
                                  "expected a path relative to the scenario folder").format(
                                      value=(folder / inventory).resolve())))
    spec = ScenarioSpec(
        folder=folder, name=str(head.get("name", folder.name)),
        inventory=(folder / inventory).resolve(), base_year=base_year, horizon=horizon,
        target_year=target_year, target_pct=target_pct,
        target_source=str(target.get("source", "")),
        rules={}, default_rule=Rule("default", "constant"),
        drivers=_drivers(folder / str(files.get("drivers", "drivers.csv")), problems),
        measures=[], measures_file=measures_name, bau_file=bau_name)
    _basis_and_uncertainty(head, spec, name, text, problems)
    bau, bau_text = _toml(folder / bau_name)
    problems += unknown_keys(bau, ("default", "rules"), bau_name, bau_text)
    default = _table(bau, "default", bau_name, problems) or {"rule": "constant"}
    problems += unknown_keys(default, RULE_KEYS, bau_name, bau_text, "default")
    spec.default_rule = _rule(bau_name, "default", default, problems)
    for key, raw in _table(bau, "rules", bau_name, problems).items():
        if not isinstance(raw, dict):
            problems.append(Problem(bau_name, None, f"rules.{key}", str(raw),
                                    _('is not a table; expected [rules."CATEGORY"] with rule = '
                                      "...")))
            continue
        problems += unknown_keys(raw, RULE_KEYS, bau_name, bau_text, f"rules.{key}")
        spec.rules[key] = _rule(bau_name, key, raw, problems)
    measures, measures_text = _toml(folder / measures_name)
    problems += unknown_keys(measures, ("measure", "appendix4"), measures_name, measures_text)
    raw_measures = measures.get("measure", [])
    if not isinstance(raw_measures, list):
        problems.append(Problem(measures_name, None, "measure", None,
                                _("is not a list of [[measure]] tables")))
        raw_measures = []
    spec.measures = [m for m in (_measure(measures_name, measures_text, i, raw, spec, problems)
                                 for i, raw in enumerate(raw_measures)) if m is not None]
    seen: set[str] = set()
    for measure in spec.measures:
        if measure.id in seen:
            problems.append(Problem(measures_name, None, f"measure {measure.id}: id", measure.id,
                                    _("is used twice; expected each measure once, with its own "
                                      "id")))
        seen.add(measure.id)
    spec.appendix = _appendix(measures.get("appendix4", []), seen, measures_name, measures_text,
                              problems)
    if problems:
        raise InputError(problems)
    return spec


def _head_numbers(head: dict, target: dict, file: str, problems: list[Problem]
                  ) -> tuple[int | None, int, int, float]:
    """base_year, horizon, target year and target % of scenario.toml, checked and in order."""
    def year(where: str, raw: object, default: int | None) -> int | None:
        if raw is None:
            return default
        value = _year(raw)
        if value is None:
            problems.append(Problem(file, None, where, str(raw),
                                    _("is not a year; expected an integer such as 2030")))
        return value if value is not None else default

    base_year = year("base_year", head.get("base_year"), None)
    horizon = year("horizon", head.get("horizon"), 2050) or 2050
    target_year = year("target.year", target.get("year"), 2030) or 2030
    raw_pct = target.get("pct", 9.0)
    pct = _number(raw_pct)
    if pct is None:
        problems.append(Problem(file, None, "target.pct", str(raw_pct),
                                _("is not a number; expected the % below BAU, e.g. 9.0")))
        pct = 0.0
    elif not np.isfinite(pct):
        problems.append(Problem(file, None, "target.pct", None,
                                _("{pct} is not a finite number; expected the % below BAU, e.g."
                                  " 9.0").format(pct=pct)))
    elif not 0.0 <= pct <= 100.0:
        problems.append(Problem(file, None, "target.pct", None,
                                _("{pct:g} is outside 0-100; expected the % below BAU, e.g. "
                                  "9.0").format(pct=pct)))
    if base_year is not None and horizon <= base_year:
        problems.append(Problem(file, None, "horizon", None,
                                _("{horizon} is not after base_year {base_year}; expected a "
                                  "later year, e.g. 2050").format(
                                      horizon=horizon, base_year=base_year)))
    elif base_year is not None and target_year <= base_year:
        problems.append(Problem(file, None, "target.year", None,
                                _("{target_year} is not after base_year {base_year}; expected a"
                                  " year from {value} to the horizon {horizon}").format(
                                      target_year=target_year, base_year=base_year,
                                      value=base_year + 1, horizon=horizon)))
    elif target_year > horizon:
        problems.append(Problem(file, None, "target.year", None,
                                _("{target_year} is after the horizon {horizon}; expected a "
                                  "year up to {horizon}, or a later horizon").format(
                                      target_year=target_year, horizon=horizon)))
    return base_year, horizon, target_year, pct


def _drivers(path: Path, problems: list[Problem]) -> pd.DataFrame:
    from ghg.core.text_tables import read_text_table
    from ghg.inputs.numbers import parse_years

    if not path.is_file():
        raise ConfigError(f"{path}: " + _("not found; the BAU drivers table is required"))
    table, unreadable = read_text_table(path, path.name, _(
        "a header line year,driver,value,unit,source and one row per driver and year"))
    if table is None:
        problems += unreadable
        return pd.DataFrame(columns=["year", "driver", "value", "unit", "source"])
    missing = [c for c in ("year", "driver", "value", "unit", "source") if c not in table]
    if missing:
        problems += [Problem(path.name, 1, "header", None,
                             _("column {c} is missing; expected columns year, driver, value, "
                               "unit, source").format(c=repr(c))) for c in missing]
        return pd.DataFrame(columns=["year", "driver", "value", "unit", "source"])
    lines = table.pop("line")
    files = pd.Series(path.name, index=table.index)
    years, found = parse_years(table["year"], files, lines)
    problems += found
    value = pd.to_numeric(table["value"], errors="coerce")
    for line, text in zip(lines[~np.isfinite(value) | (value <= 0)],
                          table["value"][~np.isfinite(value) | (value <= 0)], strict=True):
        problems.append(Problem(path.name, int(line), "value", text,
                                _("is not a positive number; expected the driver's value")))
    for line in lines[table["source"] == ""]:
        problems.append(Problem(path.name, int(line), "source", "",
                                _("is empty; every driver value needs its source or 'estimate: "
                                  "<how>'")))
    return table.assign(year=np.nan_to_num(years).astype(np.int64), value=value)


def _pairs(raw: object) -> tuple[np.ndarray, np.ndarray] | None:
    """``[[year, number], ...]`` as arrays; None if it is not such a list."""
    if not isinstance(raw, list):
        return None
    years, values = [], []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2 or _year(pair[0]) is None \
                or _number(pair[1]) is None:
            return None
        years.append(pair[0])
        values.append(float(pair[1]))
    return np.array(years, dtype=np.int64), np.array(values, dtype=float)


def _rule(file: str, key: str, raw: dict, problems: list[Problem]) -> Rule:
    where = f"rule {key}"
    rule = str(raw.get("rule", ""))
    if rule not in RULES:
        problems.append(Problem(file, None, f"{where}: rule", rule,
                                _("is not a projection rule; expected one of {value}").format(
                                    value=', '.join(RULES))))
    if rule == "growth_as" and not raw.get("driver"):
        problems.append(Problem(file, None, f"{where}: driver", None,
                                _("is missing; growth_as needs a driver from drivers.csv")))
    series: tuple[tuple[int, float], ...] = ()
    if "series" in raw:
        pairs = _pairs(raw["series"])
        if pairs is None:
            problems.append(Problem(file, None, f"{where}: series", str(raw["series"]),
                                    _("is not a list of [year, t CO2e] pairs; expected e.g. "
                                      "[[2025, 1200.0], [2030, 1100.0]]")))
        elif not np.isfinite(pairs[1]).all():
            problems.append(Problem(file, None, f"{where}: series", None,
                                    _("holds a value that is not a finite number; expected t "
                                      "CO2e")))
        else:
            series = tuple((int(y), float(v)) for y, v in zip(*pairs, strict=True))
    if rule == "series" and not series and "series" not in raw:
        problems.append(Problem(file, None, f"{where}: series", None,
                                "is missing; give [[year, value], ...] in t CO2e"))
    elasticity = _number(raw.get("elasticity", 1.0))
    low, high = ELASTICITY_RANGE
    if elasticity is None:
        problems.append(Problem(file, None, f"{where}: elasticity", str(raw["elasticity"]),
                                _("is not a number; expected e.g. elasticity = 0.8")))
        elasticity = 1.0
    elif not (np.isfinite(elasticity) and low <= elasticity <= high):
        problems.append(Problem(file, None, f"{where}: elasticity", None,
                                _("{elasticity:g} is outside {low:g} to {high:g}; expected the "
                                  "growth of emissions per unit growth of the driver, e.g. "
                                  "0.8").format(elasticity=elasticity, low=low, high=high)))
    return Rule(key, rule, str(raw.get("driver", "")), elasticity, series,
                str(raw.get("source", "")))


def _measure(file: str, text: str, index: int, raw: object, spec: ScenarioSpec,
             problems: list[Problem]) -> Measure | None:
    from ghg.core.toml_files import unknown_keys

    if not isinstance(raw, dict):
        problems.append(Problem(file, None, f"measure #{index + 1}", None, _("is not a table")))
        return None
    mid = str(raw.get("id", f"#{index + 1}"))
    before = len(problems)

    def bad(name: str, value, message: str) -> None:
        problems.append(Problem(file, None, f"measure {mid}: {name}",
                                None if value is None else str(value), message))

    for name in ("id", "name_vi", "name_en", "effect", "start", "uptake", "source"):
        if name not in raw:
            bad(name, None, _("is missing"))
    effect = str(raw.get("effect", ""))
    if "effect" in raw and effect not in EFFECTS:
        bad("effect", effect, _("is not a measure effect; expected one of {value}").format(
            value=', '.join(EFFECTS)))
    allowed = (*MEASURE_KEYS, *EFFECT_FIELDS.get(effect, ()), *EFFECT_OPTIONS.get(effect, ()))
    if effect in EFFECTS:  # an unknown effect is reported once, not with each of its fields
        problems += unknown_keys(raw, allowed, file, text, "measure", index, f"measure {mid}")
    for name in EFFECT_FIELDS.get(effect, ()):
        if name not in raw:
            bad(name, None, _("is missing; a {effect} measure needs it").format(effect=effect))
    for name in FRACTIONS:
        if name in raw and effect in EFFECTS:
            value = _number(raw[name])
            if value is None:
                bad(name, raw[name], _("is not a number; expected a fraction from 0 to 1"))
            elif not 0.0 <= value <= 1.0:
                bad(name, raw[name], _("is outside 0-1; expected a fraction from 0 to 1"))
    if "kwh_per_mj" in raw:
        value = _number(raw["kwh_per_mj"])
        if value is None or not np.isfinite(value):
            bad("kwh_per_mj", raw["kwh_per_mj"], _("is not a number; expected kWh of "
                                                   "electricity per MJ of fuel replaced"))
        elif value <= 0:
            bad("kwh_per_mj", raw["kwh_per_mj"], _("is negative or zero; expected kWh of "
                                                   "electricity per MJ of fuel replaced, > 0"))
    for name in ("categories", "waste_types", "gases"):
        if name in raw and not (isinstance(raw[name], list)
                                and all(isinstance(v, str) for v in raw[name])):
            bad(name, raw[name], _('is not a list of names; expected e.g. ["1.A.2"]'))
    start = _year(raw.get("start", 0))
    if start is None:
        bad("start", raw["start"], _("is not a year; expected an integer such as 2026"))
        start = 0
    elif start > spec.horizon:
        bad("start", start, _("is after the horizon {horizon}; expected a year up to "
                              "{horizon}").format(horizon=spec.horizon))
    elif spec.base_year is not None and 0 < start < spec.base_year:
        bad("start", start, _("is before the base year {base_year}; a measure acts on the "
                              "projection, expected a year after the base year").format(
                                  base_year=spec.base_year))
    points = raw.get("uptake", [])
    pairs = _pairs(points)
    if pairs is None:
        bad("uptake", points, _("is not a list of [year, share] pairs"))
        return None
    years, shares = pairs
    if "uptake" in raw and not len(years):
        bad("uptake", points, "is empty; expected [[year, share], ...]")
    for y, s in zip(years, shares, strict=True):
        if not 0.0 <= s <= 1.0:
            bad("uptake", f"{y}: {s:g}", _("share is outside 0-1; expected the share of the "
                                           "activity taken up (0 to 1)"))
    if len(years) > 1 and bool((np.diff(years) <= 0).any()):
        bad("uptake", points, _("years are not increasing"))
    if "source" in raw and not str(raw["source"]).strip():
        bad("source", "", _("is empty; say where the effect size comes from (or 'estimate: "
                            "why')"))
    if len(problems) > before:
        return None
    return Measure(mid, str(raw["name_vi"]), str(raw["name_en"]), effect,
                   tuple(str(c) for c in raw.get("categories", [])), str(raw.get("activity", "")),
                   start, years, shares, str(raw["source"]),
                   {k: v for k, v in raw.items() if k not in MEASURE_KEYS})


def _basis_and_uncertainty(head: dict, spec: ScenarioSpec, file: str, text: str,
                           problems: list[Problem]) -> None:
    """[basis] (accounting basis, BAU rule, grid factor) and [uncertainty] of scenario.toml."""
    from ghg.core.toml_files import unknown_keys

    basis = _table(head, "basis", file, problems)
    problems += unknown_keys(basis, BASIS_KEYS, file, text, "basis")
    for key, allowed, attr in (("accounting", BASES, "basis"), ("bau", BAU_RULES, "bau_rule"),
                               ("grid_factor", GRID_FACTORS, "grid_factor")):
        value = str(basis.get(key, getattr(spec, attr)))
        if value not in allowed:
            problems.append(Problem(file, None, f"basis.{key}", value,
                                    _("is not offered; expected one of {value}").format(
                                        value=', '.join(allowed))))
        else:
            setattr(spec, attr, value)
    spec.basis_source = str(basis.get("source", ""))
    raw = _table(head, "uncertainty", file, problems)
    problems += unknown_keys(raw, UNCERTAINTY_KEYS, file, text, "uncertainty")
    settings: dict = {"draws": 10000, "seed": 1, "effect_pct": 0.0, "uptake_pct": 0.0,
                      "driver_pct": 0.0, "source": str(raw.get("source", ""))}
    for key in ("draws", "seed"):
        whole = _year(raw.get(key, settings[key]))  # a whole number
        if whole is None or whole < (1 if key == "draws" else 0):
            problems.append(Problem(file, None, f"uncertainty.{key}", str(raw.get(key)),
                                    _("is not a whole number; expected e.g. 10000")))
        else:
            settings[key] = whole
    for key in ("effect_pct", "uptake_pct", "driver_pct"):
        number = _number(raw.get(key, 0.0))
        if number is None or not np.isfinite(number) or number < 0:
            problems.append(Problem(file, None, f"uncertainty.{key}", str(raw.get(key)),
                                    _("is not a number >= 0; expected the 95 % half-width in % "
                                      "of the central value, e.g. 30")))
        else:
            settings[key] = number
    spec.uncertainty = settings


def _appendix(raw: object, measures: set[str], file: str, text: str,
              problems: list[Problem]) -> list[dict]:
    """The plan's Appendix 4 items: each names its quantified measures or why it has none."""
    from ghg.core.toml_files import unknown_keys

    if not isinstance(raw, list):
        problems.append(Problem(file, None, "appendix4", None,
                                _("is not a list of [[appendix4]] tables")))
        return []
    items = []
    for index, item in enumerate(raw):
        where = f"appendix4 #{index + 1}"
        if not isinstance(item, dict):
            problems.append(Problem(file, None, where, None, _("is not a table")))
            continue
        problems += unknown_keys(item, APPENDIX_KEYS, file, text, "appendix4", index, where)
        for key in ("item", "section", "name_vi", "name_en"):
            if key not in item:
                problems.append(Problem(file, None, f"{where}: {key}", None, _("is missing")))
        ids = item.get("measures", [])
        if not isinstance(ids, list) or not all(isinstance(v, str) for v in ids):
            problems.append(Problem(file, None, f"{where}: measures", str(ids),
                                    _('is not a list of measure ids; expected e.g. ["awd"]')))
            ids = []
        for mid in ids:
            if mid not in measures:
                problems.append(Problem(file, None, f"{where}: measures", mid,
                                        _("is not the id of a [[measure]] in this file")))
        if not ids and not str(item.get("reason", "")).strip():
            problems.append(Problem(file, None, f"{where}: reason", None,
                                    _("is missing; an item without measures needs the reason it"
                                      " is not quantified")))
        items.append({**item, "measures": list(ids)})
    return items
