"""``inventory.toml``: inventory folder metadata (docs/contracts.md §2), checked key by key.

Unknown keys are refused with the closest known ones (``grid_ef_falback``: did you mean
``grid_ef_fallback``?): a misspelt setting would otherwise be ignored and its default used.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ghg.core.errors import ConfigError, Problem
from ghg.core.i18n import _, either
from ghg.core.schema import DEFAULT_GWP
from ghg.core.toml_files import read_toml, unknown_keys
from ghg.core.units import gwp_context

#: Rules that fill landfill deposits before the first data year (``[waste_history] rule``;
#: ``ghg/sectors/waste/landfill.py`` applies them).
HISTORY_RULES = ("population", "constant", "site_opened", "none")
#: Keys of ``[waste_history]``, and the range of ``delay_months`` (IPCC 2006 Vol 5 Ch 3: the
#: reaction starts on 1 January of the year after deposit, or up to six months earlier).
HISTORY_KEYS = ("rule", "start", "delay_months")
DELAY_MONTHS = (0, 6)


@dataclass(frozen=True)
class InventoryConfig:
    """Only ``name`` is required; everything else has a documented default or is inferred.

    - ``gwp``: GWP100 set, ``AR4``, ``AR5`` (default) or ``AR6``; one set for the whole series.
    - ``factors``: factor sets in precedence order, first wins; default: the library's
      ``default_sets`` (``vn``, ``ipcc2006``, ``density``). A name that is not a built-in set is
      a folder, relative to the inventory folder. A ``factors/`` folder beside
      ``inventory.toml`` is always used first, as the set ``local``.
    - ``years``: the reporting years; default: the years found in the activity tables.
    - ``grid_ef_fallback``: ``"none"`` (default: a year without a published grid factor is an
      error) or ``"latest"`` (use the latest earlier one, flagged in every output): the inventory
      owner's recorded decision; ``--grid-ef-fallback`` overrides it.
    - ``aggregate_sources``: ``source_id`` values that are not facilities (``province``, a
      district); the facility review requires every other source to be in ``facilities.csv``.
    - ``number_format``: how numbers written as text are to be read, ``"vi"`` (1.234,5) or
      ``"en"`` (1,234.5); default: none declared, so only a decimal point without thousands
      separators is accepted and text such as ``120.000`` is refused, never guessed.
    - ``waste_history``: the landfill deposit history (``rule``, ``start``, ``delay_months``).
    - ``lang``: the language of the command line's messages for this inventory, ``"vi"`` or
      ``"en"`` (default English; ``--lang`` overrides it). The library stays English.
    - ``time_series_breaks``: the series the inventory accepts to appear or vanish between
      consecutive years (the QA/QC check :func:`ghg.province.qaqc.time_series_breaks` fails the
      provincial inventory otherwise), each a category code, optionally with a gas
      (``"1.A.2.e"``, ``"3.B.4.a N2O"``); a code covers its sub-categories. Say why in a comment.
    """

    name: str
    region: str | None = None
    years: list[int] | None = None
    gwp: str = DEFAULT_GWP
    factors: list[str] | None = None
    climate_zone: str | None = None
    ipcc_region: str | None = None
    aggregate_sources: list[str] = field(default_factory=list)
    grid_ef_fallback: str = "none"
    number_format: str | None = None
    waste_history: dict | None = None
    lang: str | None = None
    time_series_breaks: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        problems = _type_problems(self)
        if problems:
            raise ConfigError("\n".join(problems))
        object.__setattr__(self, "gwp", self.gwp.strip().upper())


#: The keys of inventory.toml, in the order of :class:`InventoryConfig`.
KEYS = tuple(f.name for f in fields(InventoryConfig))
#: The values some keys are limited to.
CHOICES = {"grid_ef_fallback": ("none", "latest"), "number_format": ("vi", "en"),
           "lang": ("vi", "en")}
#: What each key must be: text, a whole number, a list of either, or a table.
TEXT = ("name", "region", "gwp", "climate_zone", "ipcc_region", *CHOICES)
TEXT_LISTS = ("factors", "aggregate_sources", "time_series_breaks")


def _type_problems(config: InventoryConfig) -> list[str]:
    """``KEY: VALUE is not valid: what it should be`` for each value of the wrong kind (a plain
    check of the few kinds TOML gives, instead of a validation library: its import alone cost
    a third of a second on every command)."""
    def wrong(where: str, value: object, expected: str) -> str:
        return f"{where}: " + _("{value} is not valid: {reason}").format(
            value=repr(value), reason=expected)

    problems = []
    for key in TEXT:
        value = getattr(config, key)
        if value is None and key != "name" and key != "gwp":
            continue
        if not isinstance(value, str):
            problems.append(wrong(key, value, _("expected text in double quotes")))
        elif key == "name" and not value.strip():
            problems.append(f"{key}: " + _("is missing; expected e.g. {example}").format(
                example='name = "Ben Tre"'))
        elif key in CHOICES and value not in CHOICES[key]:
            problems.append(wrong(key, value, _("expected {choices}").format(
                choices=either([repr(c) for c in CHOICES[key]]))))
    for key in TEXT_LISTS:
        value = getattr(config, key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(wrong(key, value, _('expected a list, e.g. ["a", "b"]')))
            continue
        problems += [wrong(f"{key}.{i}", item, _("expected text in double quotes"))
                     for i, item in enumerate(value) if not isinstance(item, str)]
    if config.years is not None:
        if not isinstance(config.years, list):
            problems.append(wrong("years", config.years, _('expected a list, e.g. ["a", "b"]')))
        else:
            problems += [wrong(f"years.{i}", year, _("expected a whole number"))
                         for i, year in enumerate(config.years)
                         if not isinstance(year, int) or isinstance(year, bool)]
    if config.waste_history is not None and not isinstance(config.waste_history, dict):
        problems.append(wrong("waste_history", config.waste_history,
                              _("expected a table ([{name}] with its keys)").format(
                                  name="waste_history")))
    if isinstance(config.gwp, str):
        try:
            gwp_context(config.gwp)
        except KeyError as error:  # unknown GWP set: the message lists the valid names
            problems.append(f"gwp: {error}")
    return problems


def load_config(path: Path) -> InventoryConfig:
    """Read and check ``inventory.toml``; every problem found is in one :class:`ConfigError`."""
    path = Path(path)
    data, text = read_toml(path, hint=_('expected a file with at least name = "..."'))
    problems = unknown_keys(data, KEYS, str(path), text)
    history = data.get("waste_history")
    if isinstance(history, dict):
        problems += unknown_keys(history, HISTORY_KEYS, str(path), text, "waste_history")
    if problems:
        raise ConfigError("\n".join(str(p) for p in sorted(problems, key=_order)))
    if "name" not in data:
        raise ConfigError(f"{path}: name: " + _("is missing; expected e.g. {example}").format(
            example='name = "Ben Tre"'))
    try:
        config = InventoryConfig(**data)
    except ConfigError as error:
        raise ConfigError("\n".join(f"{path}: {line}" for line in str(error).splitlines())
                          ) from None
    messages = _check_values(config)
    if messages:
        raise ConfigError("\n".join(f"{path}: {m}" for m in messages))
    return replace(config, factors=_factor_paths(config.factors, path))


def _order(problem: Problem) -> tuple[int, str]:
    return (problem.line or 0, problem.column)


def _check_values(config: InventoryConfig) -> list[str]:
    """Values their kinds do not cover: names from reference tables, years, history."""
    import difflib

    from ghg.factors.library import library_settings
    from ghg.factors.reference import climate_zones, ipcc_regions

    messages = []
    for key, table, what in (("climate_zone", climate_zones(), _("a climate zone")),
                             ("ipcc_region", ipcc_regions(), _("an IPCC region"))):
        value = getattr(config, key)
        if value is not None and value.strip().lower() not in table.index:
            close = difflib.get_close_matches(value.strip().lower(), list(table.index), n=1)
            hint = _("did you mean {keys}?").format(keys=repr(close[0])) if close else \
                _("expected one of {keys}").format(keys=", ".join(table.index))
            messages.append(f"{key}: " + _("{value} is not {what}; {hint}").format(
                value=repr(value), what=what, hint=hint))
    settings = library_settings()
    first, last = settings["first_year"], settings["last_year"]
    for year in config.years or []:
        if not first <= year <= last:
            messages.append("years: " + _("{year} is outside the factor library's range; "
                                          "expected years from {first} to {last}").format(
                                              year=year, first=first, last=last))
    if config.waste_history is not None:
        messages += _check_history(config.waste_history)
    return messages


def _check_history(history: dict) -> list[str]:
    messages = []
    rule = history.get("rule", "none")
    if rule not in HISTORY_RULES:
        messages.append("waste_history.rule: " + _(
            "{value} is not a deposit-history rule; expected one of {rules}").format(
                value=repr(rule), rules=", ".join(HISTORY_RULES)))
    start = history.get("start")
    if start is not None and (not isinstance(start, int) or isinstance(start, bool)):
        messages.append("waste_history.start: " + _(
            "{value} is not a year; expected e.g. start = 1950").format(value=repr(start)))
    delay = history.get("delay_months", 6)
    low, high = DELAY_MONTHS
    if isinstance(delay, bool) or not isinstance(delay, int | float):
        messages.append("waste_history.delay_months: " + _(
            "{value} is not a number; expected {low}-{high} months").format(
                value=repr(delay), low=low, high=high))
    elif not low <= delay <= high:
        messages.append("waste_history.delay_months: " + _(
            "{value} is outside {low}-{high}; expected the months from deposit to the start of "
            "decay (IPCC default 6)").format(value=repr(delay), low=low, high=high))
    return messages


def _factor_paths(names: list[str] | None, toml: Path) -> list[str] | None:
    """Built-in set names as they are; any other name is a folder relative to the inventory
    folder (not to the working folder, which changes with where ghg is started)."""
    if names is None:
        return None
    from ghg.factors.library import builtin_data

    out = []
    for name in names:
        if (builtin_data() / name).is_dir() or Path(name).is_absolute():
            out.append(name)
            continue
        folder = toml.parent / name
        if not folder.is_dir():
            available = sorted(p.name for p in builtin_data().iterdir() if p.is_dir())
            raise ConfigError(f"{toml}: factors: " + _(
                "factor set {name} not found: neither a built-in set ({available}) nor a "
                "folder {folder} (paths are relative to the inventory folder)").format(
                    name=repr(name), available=", ".join(available), folder=folder))
        out.append(str(folder))
    return out

