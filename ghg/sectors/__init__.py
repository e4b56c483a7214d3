"""Sector kernels and methods: one module (or small subpackage) per IPCC sector or chapter.

Kernels are pure, vectorised functions of numpy arrays. A module that computes activity rows has
``method(rows, context)`` (the contract is in :mod:`ghg.sectors.method`); which module computes
which activity kind is declared once, in :data:`ghg.core.kinds.KINDS`. :mod:`ghg.sectors.run`
dispatches the rows; energy rows (fuel, electricity) go to :mod:`ghg.sectors.energy.method`.
"""
