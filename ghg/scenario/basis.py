"""Accounting bases of the 9 % verdict: which lines a total counts.

The plan (Decision 2082/QĐ-UBND) names no basis, so every run shows the verdict under each basis
side by side (``verdicts.csv``); the scenario file names the one its summary leads with.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import N_
from ghg.scenario.base import ELECTRICITY
from ghg.scenario.config import BASES
from ghg.scenario.lines import Model

#: IPCC 2006 land categories: land (3.B) and harvested wood products (3.D).
LULUCF = ("3.B", "3.D")
#: Officer-facing name of each basis.
BASIS_NAMES = {
    "territorial": N_("territorial scope 1, LULUCF removals netted"),
    "territorial_without_lulucf": N_("territorial scope 1 without LULUCF"),
    "scope1_2": N_("scope 1 + 2 (with purchased electricity)"),
}


def basis_lines(model: Model, basis: str) -> np.ndarray:
    """(L,) bool: the lines a ``basis`` total counts."""
    cats = model.lines["category"].to_numpy(dtype=str)  # a few dozen lines: numpy, not pandas
    if basis == "territorial":
        return model.territorial.copy()
    if basis == "territorial_without_lulucf":
        land = np.zeros(len(cats), dtype=bool)
        for prefix in LULUCF:
            land |= (cats == prefix) | np.char.startswith(cats, prefix + ".")
        return model.territorial & ~land
    if basis == "scope1_2":
        return model.territorial | (cats == ELECTRICITY)
    raise ValueError(f"unknown basis {basis!r}; expected one of {', '.join(BASES)}")


def verdicts(model: Model, scenario: np.ndarray, year: int, target_pct: float,
             chosen: str) -> pd.DataFrame:
    """The target-year verdict under each basis: BAU, with measures, reduction, met, gap.

    ``scenario`` is the lines × years with-measures array; the gap is the further t CO2e the
    measures must save for ``target_pct`` (0 when met).
    """
    t = int(np.searchsorted(model.years, year))
    rows = []
    for basis in BASES:
        mask = basis_lines(model, basis)
        bau = float(model.bau[mask, t].sum())
        scen = float(scenario[mask, t].sum())
        pct = 100.0 * (1.0 - scen / bau)
        gap = max(scen - bau * (1.0 - target_pct / 100.0), 0.0)
        rows.append((basis, basis == chosen, year, bau, scen, pct, target_pct,
                     pct >= target_pct - 1e-9, gap))
    return pd.DataFrame(rows, columns=["basis", "stated", "year", "bau_co2e_t",
                                       "scenario_co2e_t", "reduction_pct", "target_pct", "met",
                                       "gap_co2e_t"])
