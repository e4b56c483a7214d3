"""Reading an inventory: its folder, activity tables (CSV/XLSX), ``inventory.toml``, the facility
register and inventory-level tables, every problem reported as ``FILE:LINE``.

>>> from ghg import inputs
>>> inputs.read_inputs.__name__
'read_inputs'
"""

from ghg.inputs.config import InventoryConfig, load_config
from ghg.inputs.folder import Inputs, read_inputs

__all__ = ["Inputs", "InventoryConfig", "load_config", "read_inputs"]
