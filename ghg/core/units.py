"""The engine's single pint registry, built on openscm-units.

Each gas is its own dimension (openscm-units), so ``t CH4`` converts to ``t CO2`` only inside a
named GWP context. The GWP100 sets the engine offers are the openscm-units contexts below; their
values come from the IPCC assessment reports as tabulated by openscm-units (pinned by tests).

Importing this module is cheap; the registry (about 1 s to build) is created on first use.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ghg.core.errors import UnknownGWPError
from ghg.core.schema import GWP_SETS

if TYPE_CHECKING:
    import pint

#: openscm-units context of each GWP set the engine offers (:data:`ghg.core.schema.GWP_SETS`).
GWP_CONTEXTS: dict[str, str] = {name: f"{name}GWP100" for name in GWP_SETS}


@cache
def registry() -> pint.UnitRegistry:
    """Return the engine's unit registry (openscm-units plus ``units.txt``).

    Examples
    --------
    >>> ureg = registry()
    >>> ureg.Quantity(1, "Gg").to("t").magnitude
    1000.0
    """
    from openscm_units import unit_registry

    definitions = resources.files("ghg.core").joinpath("units.txt").read_text(encoding="utf-8")
    for line in definitions.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            unit_registry.define(line)
    return unit_registry


def gwp_context(gwp: str) -> str:
    """Return the openscm-units context name of a GWP set name such as ``"AR5"``.

    Examples
    --------
    >>> gwp_context("ar6")
    'AR6GWP100'
    """
    key = gwp.strip().upper()
    if key not in GWP_CONTEXTS:
        raise UnknownGWPError(
            f"GWP set {gwp!r} is not known; expected one of {', '.join(GWP_SETS)} (100-year GWPs)"
        )
    return GWP_CONTEXTS[key]


@cache
def gwp100(gwp: str, gas: str) -> float:
    """Return the GWP100 of ``gas`` in set ``gwp``: tonnes CO2e per tonne of gas.

    The conversion runs through pint inside the named context, so a gas without a value in that
    set raises instead of silently counting as zero.

    Examples
    --------
    >>> gwp100("AR5", "CH4"), gwp100("AR4", "N2O")
    (28.0, 298.0)
    """
    ureg = registry()
    with ureg.context(gwp_context(gwp)):
        return float(ureg.Quantity(1.0, f"t {gas}").to("t CO2").magnitude)
