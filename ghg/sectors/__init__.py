"""Sector kernels: pure, vectorised functions of numpy arrays, one module per IPCC sector."""
