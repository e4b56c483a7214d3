"""What a unit measures, and which units fit which activity.

Each distinct unit text is parsed once with the engine's registry and classified as a quantity:
``mass`` (to t), ``volume`` (to m3), ``heat`` (joule-based energy, to TJ), ``electric``
(watt-hour based energy, to MWh), ``head`` (livestock count), ``area`` (to ha) or ``population``
(people). A fuel's energy is heat (TJ, GJ,
toe); MWh is electricity, so ``MWh`` of diesel is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Quantities each activity kind accepts, with the wording used in error messages.
ACCEPTED = {
    "fuel": (("mass", "volume", "heat"), "a mass (t, kt, Gg), a volume (l, m3) or a heat energy "
                                         "(TJ, GJ, toe)"),
    "electricity": (("electric", "heat"), "an energy (kWh, MWh, GWh)"),
    "livestock": (("head",), "a number of animals (head)"),
    "rice": (("area",), "a harvested area (ha)"),
    "soil_n": (("mass",), "a mass of nitrogen (t, kg)"),
    "urea": (("mass",), "a mass of urea (t)"),
    "liming": (("mass",), "a mass of lime (t)"),
    "crop_burning": (("area", "mass"), "an area burnt (ha) or a mass of dry matter burnt (t)"),
    "land": (("area",), "an area (ha)"),
    "aquaculture": (("mass",), "a production mass (t)"),
    "swds": (("mass",), "a mass of waste deposited (t, kt, Gg)"),
    "landfill_gas": (("mass",), "a mass of methane recovered (t)"),
    "msw": (("population",), "a number of people (person)"),
    "biological": (("mass",), "a mass of waste treated (t)"),
    "incineration": (("mass",), "a mass of waste burnt (t)"),
    "open_burning": (("mass",), "a mass of waste burnt (t)"),
    "wastewater_domestic": (("population",), "a number of people (person)"),
    "wastewater_industrial": (("mass",), "a mass of product (t)"),
}


def classify_units(units: Iterable[str]) -> dict[str, str | None]:
    """Map each distinct unit text to its quantity, or ``None`` if it does not parse.

    Examples
    --------
    >>> classify_units(["t", "MWh", "TJ", "l", "head", "t CO2", "tấn"])  # doctest: +ELLIPSIS
    {'t': 'mass', 'MWh': 'electric', 'TJ': 'heat', 'l': 'volume', 'head': 'head', ...}
    >>> classify_units(["t CO2", "tấn"])
    {'t CO2': 'other', 'tấn': None}
    """
    from ghg.units import registry

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


def unit_fits(kind: str, quantity: str) -> bool | str:
    """``True`` if an activity of ``kind`` can be given in ``quantity``, else what is expected.

    Examples
    --------
    >>> unit_fits("fuel", "mass"), unit_fits("fuel", "electric")
    (True, 'a mass (t, kt, Gg), a volume (l, m3) or a heat energy (TJ, GJ, toe)')
    """
    accepted, wording = ACCEPTED[kind]
    return True if quantity in accepted else wording
