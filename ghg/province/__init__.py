"""The provincial inventory: territorial totals, the IPCC tree, notation keys, facility
reconciliation, QA/QC, uncertainty and key categories.

``province.build(path)`` assembles them from one computed run of an inventory folder.
"""

from ghg.province.inventory import DRAWS, SEED, Provincial, build

__all__ = ["DRAWS", "SEED", "Provincial", "build"]
