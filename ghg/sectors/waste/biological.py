"""Biological treatment of solid waste (4.B): composting and anaerobic digestion.

Pure numpy kernels, 2006 IPCC Guidelines Vol 5 ch 4 (eq. 4.1 and 4.2, Table 4.1 factors).
"""

from __future__ import annotations

import numpy as np


def ch4_emitted_t(waste_t: np.ndarray, ef_g_per_kg: np.ndarray,
                  recovered_t: np.ndarray | float = 0.0) -> np.ndarray:
    """CH4 emitted, t (eq. 4.1): ``Σ M_i × EF_i × 10^-3 - R``.

    ``M`` in t and ``EF`` in g CH4/kg: t × g/kg = kg, so × 10^-3 gives t; ``R`` is CH4
    recovered, t.
    """
    return waste_t * ef_g_per_kg * 1e-3 - recovered_t


def n2o_emitted_t(waste_t: np.ndarray, ef_g_per_kg: np.ndarray) -> np.ndarray:
    """N2O emitted, t (eq. 4.2): ``Σ M_i × EF_i × 10^-3``."""
    return waste_t * ef_g_per_kg * 1e-3
