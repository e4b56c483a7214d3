"""Energy sector kernels (2006 IPCC Guidelines, Volume 2).

Pure functions of numpy arrays in canonical units (t, m3, TJ, MWh; NCV in TJ/Gg; density in
t/m3; fuel emission factors in kg/TJ; grid factors in t/MWh). No I/O, no pandas, no loops.
"""

from __future__ import annotations

import numpy as np

#: Gg per tonne: NCVs are tabulated per Gg (Vol 2 Table 1.2).
GG_PER_T = 1e-3
#: t per kg: fuel emission factors are tabulated in kg per TJ (Vol 2 Tables 1.4, 2.2-2.5, 3.x).
T_PER_KG = 1e-3


def fuel_mass_from_volume(volume_m3: np.ndarray, density_t_per_m3: np.ndarray) -> np.ndarray:
    """Fuel mass (t) from volume (m3) and density (t/m3, equal to kg/l).

    Examples
    --------
    >>> float(fuel_mass_from_volume(np.array([1.0]), np.array([0.84]))[0])
    0.84
    """
    return volume_m3 * density_t_per_m3


def fuel_energy(mass_t: np.ndarray, ncv_tj_per_gg: np.ndarray) -> np.ndarray:
    """Energy content (TJ) of a fuel mass: mass × NCV (Vol 2 ch 1, sec 1.4.1.2, Table 1.2).

    Examples
    --------
    >>> float(fuel_energy(np.array([1000.0]), np.array([43.0]))[0])  # 1,000 t diesel
    43.0
    """
    return mass_t * GG_PER_T * ncv_tj_per_gg


def combustion_emissions(energy_tj: np.ndarray, ef_kg_per_tj: np.ndarray) -> np.ndarray:
    """Emissions (t of the gas) from fuel combustion: fuel (TJ) × EF (kg/TJ).

    Vol 2 eq. 2.1 (stationary, Tier 1), eq. 3.2.1 (road), eq. 3.3.1 (off-road) and eq. 3.5.1
    (navigation) all take this form.

    Examples
    --------
    >>> float(combustion_emissions(np.array([43.0]), np.array([74100.0]))[0])
    3186.3
    """
    return energy_tj * ef_kg_per_tj * T_PER_KG


def purchased_electricity_emissions(electricity_mwh: np.ndarray,
                                    grid_ef_t_per_mwh: np.ndarray) -> np.ndarray:
    """Indirect (scope 2) emissions (t) of electricity bought from the grid: MWh × grid EF.

    Location-based method of TCVN ISO 14064-1 / the GHG Protocol scope 2 guidance, with the
    national grid factor of the year.

    Examples
    --------
    >>> float(purchased_electricity_emissions(np.array([1000.0]), np.array([0.6592]))[0])
    659.2
    """
    return electricity_mwh * grid_ef_t_per_mwh
