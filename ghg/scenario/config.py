"""Reading a scenario folder: ``scenario.toml``, ``bau.toml``, ``drivers.csv``, ``measures.toml``.

Every mistake is collected as a :class:`~ghg.core.errors.Problem` naming the file, the measure (or
rule) and the field, and raised together as one :class:`~ghg.core.errors.InputError`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError, InputError, Problem

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


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; a scenario folder needs it") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def read_scenario(folder: str | Path) -> ScenarioSpec:
    """Read and check a scenario folder; :class:`InputError` lists every problem found."""
    folder = Path(folder)
    head = _toml(folder / "scenario.toml")
    problems: list[Problem] = []
    files = head.get("files", {})
    bau_name = files.get("bau", "bau.toml")
    measures_name = files.get("measures", "measures.toml")
    target = head.get("target", {})
    horizon = int(head.get("horizon", 2050))
    spec = ScenarioSpec(
        folder=folder, name=str(head.get("name", folder.name)),
        inventory=(folder / str(head.get("inventory", ""))).resolve(),
        base_year=int(head["base_year"]) if "base_year" in head else None, horizon=horizon,
        target_year=int(target.get("year", 2030)), target_pct=float(target.get("pct", 9.0)),
        target_source=str(target.get("source", "")),
        rules={}, default_rule=Rule("default", "constant"),
        drivers=_drivers(folder / files.get("drivers", "drivers.csv"), problems),
        measures=[], measures_file=measures_name, bau_file=bau_name)
    bau = _toml(folder / bau_name)
    spec.default_rule = _rule(bau_name, "default", bau.get("default", {"rule": "constant"}),
                              problems)
    for key, raw in bau.get("rules", {}).items():
        spec.rules[key] = _rule(bau_name, key, raw, problems)
    raw_measures = _toml(folder / measures_name).get("measure", [])
    spec.measures = [m for m in (_measure(measures_name, i, raw, horizon, problems)
                                 for i, raw in enumerate(raw_measures)) if m is not None]
    if problems:
        raise InputError(problems)
    return spec


def _drivers(path: Path, problems: list[Problem]) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype={"driver": str, "unit": str, "source": str},
                            keep_default_na=False)
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; the BAU drivers table is required") from None
    missing = {"year", "driver", "value", "unit", "source"} - set(table.columns)
    if missing:
        raise ConfigError(f"{path}: missing columns {sorted(missing)}")
    value = pd.to_numeric(table["value"], errors="coerce")
    for line in np.flatnonzero(~np.isfinite(value) | (value <= 0)) + 2:
        problems.append(Problem(path.name, int(line), "value", str(table["value"].iloc[line - 2]),
                                "is not a positive number; expected the driver's value"))
    for line in np.flatnonzero(table["source"].str.strip() == "") + 2:
        problems.append(Problem(path.name, int(line), "source", "",
                                "is empty; every driver value needs its source or "
                                "'estimate: <how>'"))
    return table.assign(value=value)


def _rule(file: str, key: str, raw: dict, problems: list[Problem]) -> Rule:
    where = f"rule {key}"
    rule = str(raw.get("rule", ""))
    if rule not in RULES:
        problems.append(Problem(file, None, f"{where}: rule", rule,
                                f"is not a projection rule; expected one of {', '.join(RULES)}"))
    if rule == "growth_as" and not raw.get("driver"):
        problems.append(Problem(file, None, f"{where}: driver", None,
                                "is missing; growth_as needs a driver from drivers.csv"))
    series = tuple((int(y), float(v)) for y, v in raw.get("series", []))
    if rule == "series" and not series:
        problems.append(Problem(file, None, f"{where}: series", None,
                                "is missing; give [[year, value], ...] in t CO2e"))
    return Rule(key, rule, str(raw.get("driver", "")), float(raw.get("elasticity", 1.0)),
                series, str(raw.get("source", "")))


def _measure(file: str, index: int, raw: dict, horizon: int,
             problems: list[Problem]) -> Measure | None:
    mid = str(raw.get("id", f"#{index + 1}"))
    before = len(problems)

    def bad(name: str, value, message: str) -> None:
        problems.append(Problem(file, None, f"measure {mid}: {name}",
                                None if value is None else str(value), message))

    for name in ("id", "name_vi", "name_en", "effect", "start", "uptake", "source"):
        if name not in raw:
            bad(name, None, "is missing")
    effect = str(raw.get("effect", ""))
    if "effect" in raw and effect not in EFFECTS:
        bad("effect", effect, f"is not a measure effect; expected one of {', '.join(EFFECTS)}")
    for name in EFFECT_FIELDS.get(effect, ()):
        if name not in raw:
            bad(name, None, f"is missing; a {effect} measure needs it")
    start = int(raw.get("start", 0) or 0)
    if start > horizon:
        bad("start", start, f"is after the horizon {horizon}; expected a year up to {horizon}")
    points = raw.get("uptake", [])
    try:
        years = np.array([int(p[0]) for p in points], dtype=np.int64)
        shares = np.array([float(p[1]) for p in points], dtype=float)
    except (TypeError, ValueError, IndexError):
        bad("uptake", points, "is not a list of [year, share] pairs")
        return None
    if "uptake" in raw and not len(years):
        bad("uptake", points, "is empty; expected [[year, share], ...]")
    for y, s in zip(years, shares, strict=True):
        if not 0.0 <= s <= 1.0:
            bad("uptake", f"{y}: {s:g}", "share is outside 0-1; expected the share of the "
                "activity taken up (0 to 1)")
    if len(years) > 1 and bool((np.diff(years) <= 0).any()):
        bad("uptake", points, "years are not increasing")
    if "source" in raw and not str(raw["source"]).strip():
        bad("source", "", "is empty; say where the effect size comes from (or 'estimate: why')")
    if len(problems) > before:
        return None
    common = {"id", "name_vi", "name_en", "effect", "categories", "activity", "start", "uptake",
              "source"}
    return Measure(mid, str(raw["name_vi"]), str(raw["name_en"]), effect,
                   tuple(str(c) for c in raw.get("categories", [])), str(raw.get("activity", "")),
                   start, years, shares, str(raw["source"]),
                   {k: v for k, v in raw.items() if k not in common})
