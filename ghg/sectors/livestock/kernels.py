"""Livestock kernels (IPCC 2006 Vol 4 Ch 10, unchanged in the 2019 Refinement): pure numpy.

Every function takes and returns arrays in the units named in its docstring; no lookups, no I/O.
The method that feeds them is :mod:`ghg.sectors.livestock.method`.
"""

from __future__ import annotations

import numpy as np

#: Energy content of methane, MJ/kg CH4 (Vol 4 eq. 10.21).
MJ_PER_KG_CH4 = 55.65
#: Mass of N2O per mass of N2O-N.
N2O_PER_N = 44.0 / 28.0
#: Methane density, kg/m3 (Vol 4 eq. 10.23).
KG_PER_M3_CH4 = 0.67


def tier1_ch4_t(heads: np.ndarray, ef_kg: np.ndarray) -> np.ndarray:
    """Tonnes CH4 from heads and an EF in kg CH4/head/yr (Vol 4 eq. 10.19 and 10.22).

    >>> tier1_ch4_t(np.array([200_000.0]), np.array([47.0]))
    array([9400.])
    """
    return heads * ef_kg / 1000.0


def net_energy_maintenance(cfi: np.ndarray, weight_kg: np.ndarray) -> np.ndarray:
    """NEm, MJ/day = Cfi × weight^0.75 (eq. 10.3)."""
    return cfi * weight_kg ** 0.75


def net_energy_growth(weight_kg: np.ndarray, mature_weight_kg: np.ndarray,
                      gain_kg_day: np.ndarray, c_growth: np.ndarray) -> np.ndarray:
    """NEg, MJ/day = 22.02 × (BW / (C × MW))^0.75 × WG^1.097 (eq. 10.6); 0 without gain."""
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = 22.02 * (weight_kg / (c_growth * mature_weight_kg)) ** 0.75 \
            * gain_kg_day ** 1.097
    return np.where(gain_kg_day > 0, growth, 0.0)


def net_energy_lactation(milk_kg_day: np.ndarray, fat_pct: np.ndarray) -> np.ndarray:
    """NEl, MJ/day = milk × (1.47 + 0.40 × fat %) (eq. 10.8); 0 without milk."""
    return np.where(milk_kg_day > 0, milk_kg_day * (1.47 + 0.40 * fat_pct), 0.0)


def ratio_maintenance(de_pct: np.ndarray) -> np.ndarray:
    """REM = 1.123 − 4.092e-3·DE + 1.126e-5·DE² − 25.4/DE, DE in % (eq. 10.14)."""
    return 1.123 - 4.092e-3 * de_pct + 1.126e-5 * de_pct ** 2 - 25.4 / de_pct


def ratio_growth(de_pct: np.ndarray) -> np.ndarray:
    """REG = 1.164 − 5.160e-3·DE + 1.308e-5·DE² − 37.4/DE, DE in % (eq. 10.15)."""
    return 1.164 - 5.160e-3 * de_pct + 1.308e-5 * de_pct ** 2 - 37.4 / de_pct


def gross_energy(*, cfi: np.ndarray, ca: np.ndarray, c_growth: np.ndarray,
                 c_pregnancy: np.ndarray, weight_kg: np.ndarray, mature_weight_kg: np.ndarray,
                 gain_kg_day: np.ndarray, milk_kg_day: np.ndarray, fat_pct: np.ndarray,
                 work_hours_day: np.ndarray, pregnant_fraction: np.ndarray,
                 de_pct: np.ndarray) -> np.ndarray:
    """GE, MJ/head/day, of cattle or buffalo (eq. 10.3-10.16).

    NEa = Ca × NEm (10.4); NEwork = 0.10 × NEm × hours (10.11); NEp = Cpregnancy × NEm × the
    fraction of the population pregnant (10.13); GE = ((NEm + NEa + NEl + NEwork + NEp) / REM
    + NEg / REG) / (DE / 100) (10.16).
    """
    nem = net_energy_maintenance(cfi, weight_kg)
    nea = ca * nem
    nel = net_energy_lactation(milk_kg_day, fat_pct)
    nework = 0.10 * nem * work_hours_day
    nep = c_pregnancy * nem * pregnant_fraction
    neg = net_energy_growth(weight_kg, mature_weight_kg, gain_kg_day, c_growth)
    return ((nem + nea + nel + nework + nep) / ratio_maintenance(de_pct)
            + neg / ratio_growth(de_pct)) / (de_pct / 100.0)


def enteric_ef_tier2(ge_mj_day: np.ndarray, ym_pct: np.ndarray) -> np.ndarray:
    """EF, kg CH4/head/yr = GE × (Ym / 100) × 365 / 55.65 (eq. 10.21)."""
    return ge_mj_day * (ym_pct / 100.0) * 365.0 / MJ_PER_KG_CH4


def per_head_daily(rate_per_1000kg: np.ndarray, tam_kg: np.ndarray) -> np.ndarray:
    """A per-1000-kg-mass daily rate times TAM/1000: VS (eq. 10.22a) or N per day (eq. 10.30)."""
    return rate_per_1000kg * tam_kg / 1000.0


def nitrogen_excretion(n_rate: np.ndarray, tam_kg: np.ndarray) -> np.ndarray:
    """Nex, kg N/head/yr = Nrate × TAM / 1000 × 365 (eq. 10.30)."""
    return per_head_daily(n_rate, tam_kg) * 365.0


def manure_ch4_ef(vs_kg_day: np.ndarray, b0: np.ndarray,
                  mcf_share: np.ndarray) -> np.ndarray:
    """EF, kg CH4/head/yr = VS × 365 × B0 × 0.67 × Σ_S MCF(S) × AWMS(S) (eq. 10.23).

    ``mcf_share`` is the already summed Σ MCF × AWMS (fractions) of each row.
    """
    return vs_kg_day * 365.0 * b0 * KG_PER_M3_CH4 * mcf_share


def manure_n2o_t(heads: np.ndarray, nex_kg: np.ndarray, share_factor: np.ndarray,
                 ef: np.ndarray | float = 1.0) -> np.ndarray:
    """Tonnes N2O = N × Nex × Σ_S (AWMS × factor) × EF × 44/28 / 1000.

    Direct (eq. 10.25): factor = EF3(S), ef = 1. Volatilisation (eq. 10.26-10.27): factor =
    FracGasMS(S), ef = EF4. Leaching (eq. 10.28-10.29): factor = FracLeachMS(S), ef = EF5.
    """
    return heads * nex_kg * share_factor * ef * N2O_PER_N / 1000.0
