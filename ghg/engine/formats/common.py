"""What the exchange formats share: the sum over sources, and GWP values from ghg.core.units.

Both IAMC and primap2 hold emissions of a region, not of sources: every export first sums the
table over ``source_id`` with :func:`aggregate_sources`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core import units
from ghg.core.errors import UnknownGWPError
from ghg.core.schema import EMISSION_COLUMNS, GASES
from ghg.core.units import gwp100


def gwp_context(gwp: str) -> str:
    """The openscm-units/iam-units context name of a GWP set: ``"AR5"`` → ``"AR5GWP100"``."""
    try:  # the engine's own names, plus the context name itself
        return units.gwp_context(gwp.strip().upper().removesuffix("GWP100"))
    except UnknownGWPError as error:
        raise ValueError(str(error)) from None


def gwp_values(gwp: str) -> dict[str, float]:
    """GWP100 of each gas in a set (t CO2e per t), from the engine's one table."""
    key = gwp_context(gwp).removesuffix("GWP100")
    return {gas: gwp100(key, gas) for gas in GASES}


def aggregate_sources(emissions: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Sum the emissions table over sources; ``source_id`` names the sum.

    Parameters
    ----------
    emissions
        The emissions table (``EMISSION_COLUMNS``; categoricals or plain dtypes).
    source_id
        The one ``source_id`` of the result, e.g. the region.

    Returns
    -------
    pandas.DataFrame
        ``EMISSION_COLUMNS`` with plain dtypes (``str``, ``int64``, ``float64``), one row per
        (year, category, scope, gas), in ghg's order: year, category, scope, CO2, CH4, N2O.

    Examples
    --------
    >>> t = pd.DataFrame({"source_id": ["A", "B"], "year": [2020, 2020],
    ...                   "category": ["3.A.1"] * 2, "scope": [1, 1], "gas": ["CH4"] * 2,
    ...                   "emissions_t": [1.5, 2.0], "co2e_t": [42.0, 56.0]})
    >>> aggregate_sources(t, "VNM").values.tolist()
    [['VNM', 2020, '3.A.1', 1, 'CH4', 3.5, 98.0]]
    """
    missing = [c for c in EMISSION_COLUMNS if c not in emissions.columns]  # tuple in schema
    if missing:
        raise ValueError(f"emissions table lacks column(s) {', '.join(missing)}")
    gas = emissions["gas"].astype(str)
    unknown = sorted(set(gas) - set(GASES))
    if unknown:
        raise ValueError(f"gas {', '.join(unknown)}: expected one of {', '.join(GASES)}")
    frame = pd.DataFrame({"year": emissions["year"].to_numpy(dtype=np.int64),
                          "category": emissions["category"].astype(str).to_numpy(),
                          "scope": emissions["scope"].to_numpy(dtype=np.int64),
                          "gas_order": gas.map({g: i for i, g in enumerate(GASES)}).to_numpy(),
                          "emissions_t": emissions["emissions_t"].to_numpy(dtype=float),
                          "co2e_t": emissions["co2e_t"].to_numpy(dtype=float)})
    summed = frame.groupby(["year", "category", "scope", "gas_order"], sort=True).sum()
    summed = summed.reset_index()
    summed.insert(0, "source_id", source_id)
    summed.insert(4, "gas", np.array(GASES, dtype=object)[summed.pop("gas_order")])
    return summed.astype({"source_id": str, "category": str, "gas": str})


