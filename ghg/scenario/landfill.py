"""Landfill methane in scenarios: first-order decay of BAU and of diverted deposits.

Diverting waste saves methane only as its deposits would have decayed, so savings build up
with the decay lag (2006 IPCC Guidelines Vol 5 ch 3, eq. 3.4-3.6).
"""

from __future__ import annotations

import numpy as np

from ghg.scenario.base import Landfill
from ghg.scenario.lines import Model
from ghg.sectors.waste import disposal as fod


def fod_ch4(lf: Landfill, ddocm: np.ndarray) -> np.ndarray:
    """CH4 emitted, t, per series and year of the FOD axis (eq. 3.4-3.6 and 3.1 with OX)."""
    dec = fod.decomposed(ddocm, lf.k, lf.reaction_month)
    return fod.ch4_generated(dec, lf.f[:, None]) * (1.0 - lf.ox)[:, None]


def landfill_avoided(model: Model, uptake: np.ndarray, series: np.ndarray) -> np.ndarray:
    """t CO2e avoided at the landfill per variant and projection year when a share ``uptake``
    ``(V, T)`` of the ``series`` deposits is diverted: FOD of the diverted deposits, so the
    saving builds up with the decay lag. Linear in deposits, so all variants run at once.
    ``T`` may be the first years of the projection only: decay runs forward, so their savings
    need no later year."""
    lf, dep = model.landfill, model.landfill_bau
    assert lf is not None and dep is not None, "landfill_avoided needs the landfill series"
    # nothing is diverted before the first projection year, so the decay of the diverted
    # deposits starts there from an empty stock: the years before it are skipped, not computed
    # as zeros (the same numbers, a third of the FOD steps)
    first = int(model.fod_cols[0])
    cols = model.fod_cols[:uptake.shape[1]] - first
    end = first + int(cols[-1]) + 1                                 # FOD axis up to the last year
    full = np.zeros((uptake.shape[0], end - first))
    full[:, cols] = uptake
    diverted = full[:, None, :] * dep[series][None, :, first:end]  # (V, S_sel, years)
    dec = fod.decomposed(diverted, lf.k[series][None, :], lf.reaction_month)
    ch4 = fod.ch4_generated(dec, lf.f[series][None, :, None]) * (1.0 - lf.ox[series])[None, :,
                                                                                       None]
    return ch4.sum(axis=1)[:, cols] * model.ch4_gwp
