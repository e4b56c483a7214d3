"""Incineration and open burning of waste (4.C): CO2 from the carbon burnt.

Pure numpy kernel, 2006 IPCC Guidelines Vol 5 ch 5, eq. 5.2 (MSW by component). The fossil part is
reported; the non-fossil part is biogenic CO2 (memo item, not in totals).
"""

from __future__ import annotations

import numpy as np

#: Molecular weight ratio CO2/C.
CO2_PER_C = 44.0 / 12.0


def co2_t(waste_t: np.ndarray, share: np.ndarray, dm: np.ndarray, cf: np.ndarray,
          carbon_fraction: np.ndarray, of: np.ndarray) -> np.ndarray:
    """CO2 from one component of burnt waste, t (eq. 5.2 term):

    ``MSW × WF_j × dm_j × CF_j × FCF_j × OF_j × 44/12``. Pass ``FCF`` for fossil CO2 and
    ``1 - FCF`` for biogenic CO2.
    """
    return waste_t * share * dm * cf * carbon_fraction * of * CO2_PER_C
