"""The scenario model's arrays: BAU lines × years and each measure's effect per unit uptake.

Built by :func:`ghg.scenario.model.build_model`, read by the effects and the projection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.scenario.base import Landfill
from ghg.scenario.config import Measure


@dataclass
class Model:
    years: np.ndarray            # (T,) base year first
    lines: pd.DataFrame          # category, gas, scope
    bau: np.ndarray              # (L, T) t CO2e
    measures: list[Measure]
    uptake: np.ndarray           # (M, T) uptake path as written
    weight: np.ndarray           # (M, L) fraction of a line removed per unit uptake
    added: np.ndarray            # (M, L, T) t CO2e added per unit uptake
    landfill: Landfill | None
    landfill_bau: np.ndarray | None   # (S, Y) DDOCm deposits, BAU
    landfill_lines: np.ndarray   # (L,) bool: lines computed by FOD
    fod_cols: np.ndarray         # columns of the FOD year axis that are the projection years
    ch4_gwp: float
    territorial: np.ndarray      # (L,) bool: scope 1
    line_driver: np.ndarray | None = None   # (L,) driver (or rule) each BAU line follows
