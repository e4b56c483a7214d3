"""What a unit measures, and which units fit which activity.

Each distinct unit text is parsed once with the engine's registry and classified as a quantity:
``mass`` (to t), ``volume`` (to m3), ``heat`` (joule-based energy, to TJ), ``electric``
(watt-hour based energy, to MWh), ``head`` (livestock count), ``area`` (to ha) or ``population``
(people). A fuel's energy is heat (TJ, GJ,
toe); MWh is electricity, so ``MWh`` of diesel is refused rather than guessed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from ghg.core.i18n import _, language

#: Every quantity a unit can measure, in code order (an index into this tuple is a quantity code).
QUANTITIES = ("mass", "volume", "heat", "electric", "head")


def normal_text(text: str) -> str:
    """A spelling as it is compared: NFC, case-folded, inner spaces collapsed, ends stripped.

    Examples
    --------
    >>> normal_text("  Tấn  Dầu quy  đổi ") == normal_text("tấn dầu quy đổi")
    True
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def plain_text(text: str) -> str:
    """:func:`normal_text` without accents (``đ`` as ``d``): only to *suggest*, never to accept.

    Examples
    --------
    >>> plain_text("Điện lưới")
    'dien luoi'
    """
    decomposed = unicodedata.normalize("NFD", normal_text(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def unit_aliases() -> dict[str, str]:
    """Spellings officers write (``lít``, ``tấn``, ``TOE``, ``con``) -> the canonical unit.

    Keys are :func:`normal_text` of the aliases in ``unit_aliases.csv``. Only these spellings are
    matched case-insensitively; every other unit text reaches the unit library as written, so
    ``mt``, ``MT`` or ``mWh`` are still refused (:func:`refused_reason`).
    """
    import csv
    from importlib import resources

    path = resources.files("ghg.core").joinpath("unit_aliases.csv")
    with path.open("r", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    table: dict[str, str] = {}
    for row in rows:
        key = normal_text(row["alias"])
        if table.get(key, row["unit"]) != row["unit"]:  # one spelling, one meaning
            raise ValueError(f"unit_aliases.csv: {row['alias']!r} is listed with two units")
        table[key] = row["unit"]
    return table


def canonical_unit(text: str) -> str:
    """The canonical spelling of a unit alias; any other text unchanged.

    Examples
    --------
    >>> [canonical_unit(u) for u in ["lít", "Lít", "TẤN", "m³", "nghìn m3", "TOE", "con", "mt"]]
    ['l', 'l', 't', 'm3', 'thousand_m3', 'toe', 'head', 'mt']
    """
    return unit_aliases().get(normal_text(text), text)


def unit_suggestion(text: str) -> str | None:
    """An alias the text equals but for its accents (``tan`` -> ``tấn``), to suggest it."""
    import csv
    from importlib import resources

    plain = plain_text(text)
    path = resources.files("ghg.core").joinpath("unit_aliases.csv")
    with path.open("r", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if plain_text(row["alias"]) == plain and normal_text(row["alias"]) != normal_text(text):
                return f"{row['alias']} ({row['unit']})"
    return None


def classify_units(units: Iterable[str]) -> dict[str, str | None]:
    """Map each distinct unit text to its quantity, or ``None`` if it does not parse.

    Examples
    --------
    >>> classify_units(["t", "MWh", "TJ", "l", "head", "t CO2", "tấn"])  # doctest: +ELLIPSIS
    {'t': 'mass', 'MWh': 'electric', 'TJ': 'heat', 'l': 'volume', 'head': 'head', ...}
    >>> classify_units(["t CO2", "tấn"])
    {'t CO2': 'other', 'tấn': None}
    """
    from ghg.core.units import quantity

    return {text: quantity(text) for text in units}


#: Prefixes that turn an activity unit into a spelling nobody means for fuel, energy or waste.
_SMALL_PREFIXES = ("milli", "centi", "deci", "micro", "nano")


@cache
def _refused_table() -> dict[str, dict[str, str]]:
    from importlib import resources

    import pandas as pd

    path = resources.files("ghg.core").joinpath("refused_units.csv")
    with path.open("r", encoding="utf-8") as stream:
        table = pd.read_csv(stream, dtype=str, keep_default_na=False)
    return {row["spelling"]: row for row in table.to_dict("records")}


def refused_reason(unit: str) -> str | None:
    """Why a unit spelling is refused for activity data, with what to write; ``None`` if it is
    not. Spellings the unit library would read otherwise than an officer means (``mt``, ``ton``,
    ``bbl``, ``mWh``, ``cm3``) never reach it unchecked; the table is ``refused_units.csv``.

    Examples
    --------
    >>> refused_reason("mt").split(";")[0]
    'is read as millitonnes (0.001 t): pint reads m as milli'
    >>> refused_reason("mWh")
    'is read as milli-watt_hour (a milli prefix); write MWh, Wh or kWh if that was meant'
    >>> refused_reason("t") is None and refused_reason("kWh") is None
    True
    """
    table = _refused_table()
    if unit in table:
        suffix = "_vi" if language() == "vi" else ""
        return _("is read as {read_as}; write {write}").format(
            read_as=table[unit]["read_as" + suffix], write=table[unit]["write" + suffix])
    if not unit or not unit.replace("_", "").isalnum():  # compound units: checked by quantity
        return None
    from ghg.core.units import prefix_readings

    for prefix, name, measures in prefix_readings(unit):
        if name == "m3" and prefix:
            return _("is read as {prefix}-(cubic metre), not a cubic {prefix}metre; write m3 or "
                     "l (1 dm3 = 1 l)").format(prefix=prefix)
        if prefix in _SMALL_PREFIXES and measures in ("mass", "volume", "heat", "electric"):
            hint = _("MWh, Wh or kWh") if name == "watt_hour" else \
                _("the unit without {prefix}-").format(prefix=prefix)
            return _("is read as {prefix}-{name} (a {prefix} prefix); write {hint} if that was "
                     "meant").format(prefix=prefix, name=name, hint=hint)
    return None
