"""ghg: greenhouse-gas inventories from activity tables with IPCC-style emission factors.

The public API is imported lazily so that ``ghg --help`` starts fast.

Examples
--------
>>> import ghg
>>> ghg.GWP_SETS
('AR4', 'AR5', 'AR6')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghg.inventory import Result, compute

__all__ = ["GWP_SETS", "Result", "compute", "__version__"]

#: GWP100 sets the engine offers (AR5 is the default).
GWP_SETS = ("AR4", "AR5", "AR6")


def __getattr__(name: str) -> Any:
    if name in ("compute", "Result"):
        from ghg import inventory

        return getattr(inventory, name)
    if name == "__version__":
        from ghg.provenance import package_version

        return package_version()
    raise AttributeError(f"module 'ghg' has no attribute {name!r}")
