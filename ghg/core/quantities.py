"""What a unit measures, and which units fit which activity.

Each distinct unit text is parsed once with the engine's registry and classified as a quantity:
``mass`` (to t), ``volume`` (to m3), ``heat`` (joule-based energy, to TJ), ``electric``
(watt-hour based energy, to MWh), ``head`` (livestock count), ``area`` (to ha) or ``population``
(people). A fuel's energy is heat (TJ, GJ,
toe); MWh is electricity, so ``MWh`` of diesel is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

#: Every quantity a unit can measure, in code order (an index into this tuple is a quantity code).
QUANTITIES = ("mass", "volume", "heat", "electric", "head")


def classify_units(units: Iterable[str]) -> dict[str, str | None]:
    """Map each distinct unit text to its quantity, or ``None`` if it does not parse.

    Examples
    --------
    >>> classify_units(["t", "MWh", "TJ", "l", "head", "t CO2", "tấn"])  # doctest: +ELLIPSIS
    {'t': 'mass', 'MWh': 'electric', 'TJ': 'heat', 'l': 'volume', 'head': 'head', ...}
    >>> classify_units(["t CO2", "tấn"])
    {'t CO2': 'other', 'tấn': None}
    """
    from ghg.core.units import registry

    ureg = registry()
    result: dict[str, str | None] = {}
    for text in units:
        try:
            unit = ureg.Unit(text)
        except Exception:  # pint raises several error types for unparsable text
            result[text] = None
            continue
        result[text] = _quantity_of(ureg, unit)
    return result


def _quantity_of(ureg, unit) -> str:
    dims = unit.dimensionality
    if dims == ureg.get_dimensionality("[mass]"):
        return "mass"
    if dims == ureg.get_dimensionality("[length]**3"):
        return "volume"
    if dims == ureg.get_dimensionality("[energy]"):
        return "electric" if "hour" in str(unit) else "heat"
    if dims == ureg.get_dimensionality("[livestock]"):
        return "head"
    if dims == ureg.get_dimensionality("[length]**2"):
        return "area"
    if dims == ureg.get_dimensionality("[population]"):
        return "population"
    return "other"


#: Prefixes that turn an activity unit into a spelling nobody means for fuel, energy or waste.
_SMALL_PREFIXES = ("milli", "centi", "deci", "micro", "nano")


@cache
def _refused_table() -> dict[str, tuple[str, str]]:
    from importlib import resources

    import pandas as pd

    path = resources.files("ghg.core").joinpath("refused_units.csv")
    with path.open("r", encoding="utf-8") as stream:
        table = pd.read_csv(stream, dtype=str, keep_default_na=False)
    return {row.spelling: (row.read_as, row.write) for row in table.itertuples(index=False)}


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
        read_as, write = table[unit]
        return f"is read as {read_as}; write {write}"
    if not unit or not unit.replace("_", "").isalnum():  # compound units: checked by quantity
        return None
    from ghg.core.units import registry

    ureg = registry()
    try:
        candidates = ureg.parse_unit_name(unit)
    except Exception:
        return None
    for prefix, name, _ in candidates:
        if name == "m3" and prefix:
            return (f"is read as {prefix}-(cubic metre), not a cubic {prefix}metre; write m3 or "
                    "l (1 dm3 = 1 l)")
        if prefix in _SMALL_PREFIXES and _quantity_of(ureg, ureg.Unit(name)) in (
                "mass", "volume", "heat", "electric"):
            hint = "MWh, Wh or kWh" if name == "watt_hour" else f"the unit without {prefix}-"
            return f"is read as {prefix}-{name} (a {prefix} prefix); write {hint} if that was meant"
    return None
