"""The engine's pint registry and the GWP100 values of its GWP sets.

The registry holds only the definitions in ``units.txt``: the units inventories and factor tables
write (with pint's names and values), kilotonnes, the gases, livestock heads and people. Each gas
is its own dimension, so ``t CH4`` never converts to ``t CO2``: CO2-equivalents are emissions
times :func:`gwp100`, a plain number.

The GWP100 values are those openscm-units' ``AR4GWP100``/``AR5GWP100``/``AR6GWP100`` contexts
carry, read directly from the table they are built from (the ``globalwarmingpotentials``
package: IPCC assessment reports, pinned by tests), without building any pint context.

Importing this module is cheap; the registry (a few milliseconds) is created on first use.
"""

from __future__ import annotations

import csv
import threading
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ghg.core.errors import UnknownGWPError
from ghg.core.i18n import _
from ghg.core.schema import GWP_SETS

if TYPE_CHECKING:
    import pint

#: Name of each GWP set (:data:`ghg.core.schema.GWP_SETS`) in openscm-units and in the
#: ``globalwarmingpotentials`` table; recorded in every result's provenance.
GWP_CONTEXTS: dict[str, str] = {name: f"{name}GWP100" for name in GWP_SETS}


def definitions() -> list[str]:
    """The lines of ``units.txt``: every unit the engine's registry knows."""
    text = resources.files("ghg.core").joinpath("units.txt").read_text(encoding="utf-8")
    return text.splitlines()


_REGISTRY: list[pint.UnitRegistry] = []  # the one registry, once built
_REGISTRY_LOCK = threading.Lock()


def registry() -> pint.UnitRegistry:
    """Return the engine's unit registry (the units of ``units.txt``), built once: the
    first calls from several threads (dask's threads scheduler) wait for the same registry.

    Examples
    --------
    >>> ureg = registry()
    >>> ureg.Quantity(1, "Gg").to("t").magnitude
    1000.0
    >>> float(ureg.Quantity(2, "kt").to("t").magnitude)  # kilotonnes, not knots
    2000.0
    """
    if not _REGISTRY:
        with _REGISTRY_LOCK:
            if not _REGISTRY:
                _REGISTRY.append(_build_registry())
    return _REGISTRY[0]


def _reset_registry() -> None:
    """Forget the registry (tests of its first use)."""
    with _REGISTRY_LOCK:
        _REGISTRY.clear()


def _build_registry() -> pint.UnitRegistry:
    import pint

    # Only ghg's own definitions (units.txt), not pint's default file: parsing that file and
    # building its cache took about 0.3 s of every command (issue #13).
    ureg: pint.UnitRegistry = pint.UnitRegistry(None)
    ureg.load_definitions(definitions())
    ureg._build_cache()  # pint does this itself only for the file given to the constructor
    return ureg


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
            _("GWP set {name} is not known; expected one of {sets} (100-year GWPs)").format(
                name=repr(gwp), sets=", ".join(GWP_SETS))
        )
    return GWP_CONTEXTS[key]


@cache
def gwp100(gwp: str, gas: str) -> float:
    """Return the GWP100 of ``gas`` in set ``gwp``: tonnes CO2e per tonne of gas.

    A gas without a value in that set raises instead of silently counting as zero.

    Examples
    --------
    >>> gwp100("AR5", "CH4"), gwp100("AR4", "N2O"), gwp100("AR6", "CO2")
    (28.0, 298.0, 1.0)
    >>> gwp100("AR5", "HFC-134a"), gwp100("AR6", "HFC-32")
    (1300.0, 771.0)
    """
    context = gwp_context(gwp)
    if gas == "CO2":
        return 1.0
    values = gwp100_table()[context]
    species = gas.replace("-", "")  # IPCC spells HFC-134a; the table, like openscm-units, HFC134a
    if species not in values:
        raise UnknownGWPError(f"GWP set {context} has no 100-year GWP for gas {gas!r}")
    return values[species]


@cache
def gwp100_table() -> dict[str, dict[str, float]]:
    """GWP100 of every species in each GWP set, by context name, from ``globalwarmingpotentials``.

    That package's CSV (species × metric, ``#`` lines citing the IPCC tables) is the data
    openscm-units builds its contexts from; empty cells (no value in that report) are left out.

    Examples
    --------
    >>> gwp100_table()["AR6GWP100"]["CH4"]
    27.9
    """
    text = (resources.files("globalwarmingpotentials").joinpath("globalwarmingpotentials.csv")
            .read_text(encoding="utf-8"))
    rows = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    header = next(rows)
    columns = {context: header.index(context) for context in GWP_CONTEXTS.values()}
    table: dict[str, dict[str, float]] = {context: {} for context in columns}
    for row in rows:
        for context, column in columns.items():
            if row[column].strip():
                table[context][row[0]] = float(row[column])
    return table
