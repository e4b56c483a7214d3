"""ghg: greenhouse-gas inventories from activity tables with IPCC-style emission factors.

The public API, imported lazily so that ``ghg --help`` starts fast:

- :func:`compute` and :class:`Result`: activity data to emissions, with provenance;
- :mod:`ghg.province` (``province.build``), :mod:`ghg.review` (``review.review``),
  :mod:`ghg.scenario` (``scenario.run``), :mod:`ghg.recompute` (``recompute.recompute``),
  :mod:`ghg.report` (``report.write``), :mod:`ghg.factors`;
- :data:`GWP_SETS` and ``__version__``.

Examples
--------
>>> import ghg
>>> ghg.GWP_SETS
('AR4', 'AR5', 'AR6')
>>> "compute" in dir(ghg)
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ghg.core.schema import GWP_SETS

if TYPE_CHECKING:
    from ghg import factors, province, recompute, report, review, scenario
    from ghg.engine import Result, compute

__all__ = ["GWP_SETS", "Result", "__version__", "compute", "factors", "province", "recompute",
           "report", "review", "scenario"]

_FROM_ENGINE = ("compute", "Result")
_SUBPACKAGES = ("factors", "province", "recompute", "report", "review", "scenario")


def __getattr__(name: str) -> Any:
    if name in _FROM_ENGINE:
        return getattr(import_module("ghg.engine"), name)
    if name in _SUBPACKAGES:
        return import_module(f"ghg.{name}")
    if name == "__version__":
        from ghg.engine.provenance import package_version

        return package_version()
    raise AttributeError(f"module 'ghg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
