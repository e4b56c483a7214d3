"""Sector kernels and methods: one module per IPCC sector or chapter.

Kernels are pure, vectorised functions of numpy arrays. A module that computes activity rows of
its own kinds also has ``KINDS`` and ``method(rows, context)`` (the contract is in
:mod:`ghg.sectors.method`); :data:`METHODS` maps each activity kind to its module. Energy rows
(fuel, electricity) go through :mod:`ghg.calculate` instead.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

#: Module of ``ghg.sectors`` computing each activity kind (imported on first use).
METHODS = {
    "livestock": "livestock",
    "rice": "rice",
    "soil_n": "soils", "urea": "soils", "liming": "soils",
    "crop_burning": "biomass_burning",
    "land": "land",
    "aquaculture": "aquaculture",
    "swds": "waste", "landfill_gas": "waste", "msw": "waste", "biological": "waste",
    "incineration": "waste", "open_burning": "waste",
    "wastewater_domestic": "wastewater", "wastewater_industrial": "wastewater",
}


def method_module(kind: str) -> ModuleType:
    """The module whose ``method`` computes activity rows of ``kind``."""
    return import_module(f"ghg.sectors.{METHODS[kind]}")
