"""Layer 0: what every other layer shares — errors, units, quantities, the IPCC category tree,
integer codes, activity kinds, the emissions-table schema and deterministic file writing.

Nothing here imports from another ``ghg`` subpackage.
"""
