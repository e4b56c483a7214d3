"""What a unit measures, and which units fit which activity.

Each distinct unit text is parsed once with the engine's registry and classified as a quantity:
``mass`` (to t), ``volume`` (to m3), ``heat`` (joule-based energy, to TJ), ``electric``
(watt-hour based energy, to MWh), ``head`` (livestock count), ``area`` (to ha) or ``population``
(people). A fuel's energy is heat (TJ, GJ,
toe); MWh is electricity, so ``MWh`` of diesel is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable

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
