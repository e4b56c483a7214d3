"""The engine's pint registry and the GWP100 values of its GWP sets.

The registry holds only the definitions in ``units.txt``: the units inventories and factor tables
write (with pint's names and values), kilotonnes, the gases, livestock heads and people. Each gas
is its own dimension, so ``t CH4`` never converts to ``t CO2``: CO2-equivalents are emissions
times :func:`gwp100`, a plain number.

The GWP100 values are those openscm-units' ``AR4GWP100``/``AR5GWP100``/``AR6GWP100`` contexts
carry, read directly from the table they are built from (the ``globalwarmingpotentials``
package: IPCC assessment reports, pinned by tests), without building any pint context.

Importing this module is cheap. The questions the engine asks of units (:func:`scale`,
:func:`fits`, :func:`quantity`, :func:`prefix_readings`) are answered by the registry once and the
answers kept between processes (:mod:`ghg.core.memo`): a command whose units were all seen before
never imports pint (0.15-0.3 s). The registry is created on first use.
"""

from __future__ import annotations

import atexit
import csv
import sys
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from ghg.core import memo
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


#: Set by the command line: import pint with dask hidden from it (:func:`_import_pint`).
HIDE_DASK_FROM_PINT = False


def _import_pint() -> None:
    """Import pint; for a command, imported with dask hidden: ``pint.compat`` imports ``dask.base``
    whenever dask is installed (0.2-0.4 s), only so that quantities can wrap dask arrays, which
    ghg never does. Never on ``import ghg``: a library user's pint keeps its dask support, and
    dask itself still imports normally afterwards (``--scheduler``)."""
    if HIDE_DASK_FROM_PINT and "pint" not in sys.modules and "dask" not in sys.modules:
        sys.modules["dask"] = None  # type: ignore[assignment]  # find_spec("dask") -> None
        try:
            import pint  # noqa: F401
        finally:
            del sys.modules["dask"]


def _build_registry() -> pint.UnitRegistry:
    _import_pint()
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


T = TypeVar("T")
_ANSWERS: dict[tuple, Any] = {}  # question -> the registry's answer, this process
_ANSWERS_LOCK = threading.Lock()
_LOADED: list[bool] = []  # answers kept by earlier processes read in (once)
_MEMO_KEY = b"unit answers"  # one entry: every answer, keyed by code_fingerprint (units.txt)


def _answer(question: tuple, work: Callable[[], T]) -> T:
    """The registry's answer to ``question``: kept, or worked out now and kept for later
    processes (at exit). Questions whose work raises are not kept: they raise each time."""
    if not _LOADED:
        with _ANSWERS_LOCK:
            if not _LOADED:
                kept = memo.recall("units", _MEMO_KEY)
                _ANSWERS.update(kept if isinstance(kept, dict) else {})
                _LOADED.append(True)
    if question in _ANSWERS:
        return _ANSWERS[question]
    value = work()
    with _ANSWERS_LOCK:
        if len(_LOADED) == 1:  # the first new answer of this process: keep them all at exit
            _LOADED.append(True)
            atexit.register(_keep_answers)
        _ANSWERS[question] = value
    return value


def _keep_answers() -> None:
    """Keep this process's answers with those other processes kept meanwhile."""
    kept = memo.recall("units", _MEMO_KEY)
    memo.keep("units", _MEMO_KEY, {**(kept if isinstance(kept, dict) else {}), **_ANSWERS})


def scale(unit: str, to: str) -> float:
    """How many ``to`` one ``unit`` is (pint's conversion); raises pint's error if it is not
    a unit, or not of the same dimension.

    Examples
    --------
    >>> scale("Gg", "t"), scale("kt", "t"), scale("l", "m^3")
    (1000.0, 1000.0, 0.001)
    """
    return _answer(("scale", unit, to),
                   lambda: float(registry().Quantity(1.0, unit).to(to).magnitude))


def fits(unit: str, target: str) -> bool:
    """Whether ``unit`` measures what ``target`` measures (raises pint's error if ``unit`` is
    not a unit).

    Examples
    --------
    >>> fits("ha", "m^2"), fits("t", "ha")
    (True, False)
    """
    def work() -> bool:
        ureg = registry()
        return bool(ureg.Quantity(1.0, unit).check(ureg.Quantity(1.0, target).dimensionality))

    return _answer(("fits", unit, target), work)


def quantity(text: str) -> str | None:
    """What a unit text measures: ``mass``, ``volume``, ``heat``, ``electric``, ``head``,
    ``area``, ``population`` or ``other``; ``None`` if the registry cannot read it.

    Examples
    --------
    >>> [quantity(u) for u in ["t", "MWh", "TJ", "l", "head", "t CO2", "tấn"]]
    ['mass', 'electric', 'heat', 'volume', 'head', 'other', None]
    """
    def work() -> str | None:
        ureg = registry()
        try:
            unit = ureg.Unit(text)
        except Exception:  # pint raises several error types for unparsable text
            return None
        return _quantity_of(ureg, unit)

    return _answer(("quantity", text), work)


def prefix_readings(unit: str) -> tuple[tuple[str, str, str | None], ...]:
    """Each way the registry reads a one-word unit as prefix + unit name, with what that unit
    name measures (:func:`quantity`); empty if it reads none.

    Examples
    --------
    >>> prefix_readings("mt")
    (('milli', 'metric_ton', 'mass'),)
    """
    def work() -> tuple[tuple[str, str, str | None], ...]:
        ureg = registry()
        try:
            candidates = tuple(ureg.parse_unit_name(unit))
        except Exception:
            return ()
        return tuple((prefix, name, _quantity_of(ureg, ureg.Unit(name)))
                     for prefix, name, _suffix in candidates)

    return _answer(("prefix_readings", unit), work)


def _quantity_of(ureg: pint.UnitRegistry, unit: pint.Unit) -> str:
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
