"""The vectorised calculation: activity frame + factor library → emissions per row and gas.

Keys are integer codes: each row's (activity, category, year, quantity) is one flat index into a
small dense key space, so factor resolution runs once per distinct key and rows pick their factors
by fancy indexing. No Python loop touches the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.factors.library import FactorLibrary, activities, library_settings
from ghg.factors.resolve import YearFallback, resolve
from ghg.quantities import classify_units
from ghg.sectors import energy

GASES = ("CO2", "CH4", "N2O")
QUANTITIES = ("mass", "volume", "heat", "electric", "head")
#: Canonical unit of each (activity kind, quantity) the kernels take.
KIND_UNITS = {("fuel", "mass"): "t", ("fuel", "volume"): "m^3", ("fuel", "heat"): "TJ",
              ("electricity", "electric"): "MWh", ("electricity", "heat"): "MWh"}


@dataclass(frozen=True)
class Calculation:
    """Per-row results of one calculation.

    ``emissions`` has shape (gas, row), tonnes of gas, NaN where the activity does not emit the
    gas. ``key`` gives each row's index into ``factors`` (one row per key with ``activity,
    category, year, quantity, source_id`` and, per slot, the value and library row).
    """

    frame: pd.DataFrame
    key: np.ndarray
    keys: pd.DataFrame
    factors: pd.DataFrame
    amount_canonical: np.ndarray
    quantity: np.ndarray  # per row: index into QUANTITIES of the unit's quantity
    energy_tj: np.ndarray
    emissions: np.ndarray
    scope: np.ndarray
    biogenic: np.ndarray


def calculate(frame: pd.DataFrame, library: FactorLibrary,
              year_fallback: YearFallback = "none") -> Calculation:
    """Compute emissions of every row of a validated activity frame."""
    registry = activities()
    act_names = frame["activity"].cat.categories
    act_code = frame["activity"].cat.codes.to_numpy()
    kind = registry.loc[act_names, "kind"].to_numpy()
    is_electricity = (kind == "electricity")[act_code]
    biogenic = registry.loc[act_names, "biogenic_co2"].to_numpy(dtype=bool)[act_code]

    unit_names = frame["unit"].cat.categories
    unit_code = frame["unit"].cat.codes.to_numpy()
    unit_quantity = classify_units(unit_names)
    quantity_code = np.array([QUANTITIES.index(unit_quantity[u]) if unit_quantity[u] in
                              QUANTITIES else -1 for u in unit_names], dtype=np.int8)[unit_code]
    scale = _unit_scales(unit_names, unit_quantity)  # (2, n_units): fuel, electricity
    amount = frame["amount"].to_numpy(dtype=float) * scale[is_electricity.astype(np.int8),
                                                           unit_code]

    key, keys = _keys(frame, act_code, quantity_code, library)
    factors = _factor_slots(library, keys, year_fallback)

    def slot(name: str) -> np.ndarray:
        return factors[f"{name}_value"].to_numpy(dtype=float)[key]

    quantity = quantity_code
    mass = np.where(quantity == QUANTITIES.index("volume"),
                    energy.fuel_mass_from_volume(amount, slot("density")), amount)
    energy_tj = np.where(quantity == QUANTITIES.index("heat"), amount,
                         energy.fuel_energy(mass, slot("ncv")))
    energy_tj = np.where(is_electricity, np.nan, energy_tj)
    emissions = np.empty((len(GASES), len(frame)))
    for index, gas in enumerate(GASES):  # three gases, each a whole-column operation
        ef = slot(f"ef_{gas}")
        emissions[index] = np.where(is_electricity,
                                    energy.purchased_electricity_emissions(amount, ef),
                                    energy.combustion_emissions(energy_tj, ef))
    scope = np.where(is_electricity, 2, 1).astype(np.int8)
    return Calculation(frame, key, keys, factors, amount, quantity, energy_tj, emissions, scope,
                       biogenic)


def _unit_scales(unit_names: pd.Index, unit_quantity: dict[str, str | None]) -> np.ndarray:
    scale = np.full((2, len(unit_names)), np.nan)
    for index, unit in enumerate(unit_names):  # distinct units, parsed once each
        for row, kind in enumerate(("fuel", "electricity")):
            target = KIND_UNITS.get((kind, unit_quantity[unit] or ""))
            if target is not None:
                from ghg.units import registry

                scale[row, index] = registry().Quantity(1.0, unit).to(target).magnitude
    return scale


def _keys(frame: pd.DataFrame, act_code: np.ndarray, quantity_code: np.ndarray,
          library: FactorLibrary) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's key index, and the distinct keys as a table."""
    cat_code = frame["category"].cat.codes.to_numpy().astype(np.int64)
    first = library_settings()["first_year"]
    year_index = frame["year"].to_numpy().astype(np.int64) - first
    n_act = len(frame["activity"].cat.categories)
    n_cat = len(frame["category"].cat.categories)
    n_year = int(year_index.max()) + 1 if len(frame) else 1
    shape = (n_act, n_cat, n_year, len(QUANTITIES))
    flat = np.ravel_multi_index((act_code.astype(np.int64), cat_code, year_index,
                                 quantity_code.astype(np.int64)), shape)
    own_sources = _sources_with_own_factors(library, frame)
    if own_sources.any():
        # Facilities with their own factors get keys of their own; everyone else shares.
        source_code = frame["source_id"].cat.codes.to_numpy().astype(np.int64)
        own = own_sources[source_code]
        flat = np.where(own, flat + (source_code + 1) * np.prod(shape), flat)
    if own_sources.any():
        used = np.unique(flat)  # sort-based; searchsorted is far faster than return_inverse
        key = np.searchsorted(used, flat)
    else:
        used, key = _dense_unique(flat, int(np.prod(shape)))
    base = used % np.prod(shape)
    act, cat, year, quantity = np.unravel_index(base, shape)
    source = used // np.prod(shape) - 1
    source_names = np.asarray(frame["source_id"].cat.categories, dtype=object)
    keys = pd.DataFrame({
        "key": np.arange(len(used)),
        "source_id": np.where(source >= 0, source_names[np.maximum(source, 0)], ""),
        "activity": np.asarray(frame["activity"].cat.categories, dtype=object)[act],
        "category": np.asarray(frame["category"].cat.categories, dtype=object)[cat],
        "year": year + first,
        "quantity": np.asarray(QUANTITIES, dtype=object)[quantity],
    })
    return key, keys


def _dense_unique(flat: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(flat, return_inverse=True)`` without sorting, for a small key space."""
    present = np.zeros(size, dtype=bool)
    present[flat] = True
    used = np.flatnonzero(present)
    index = np.zeros(size, dtype=np.int64)
    index[used] = np.arange(len(used))
    return used, index[flat]


def _sources_with_own_factors(library: FactorLibrary, frame: pd.DataFrame) -> np.ndarray:
    own = library.table["source_id"].unique()
    return np.asarray(frame["source_id"].cat.categories.isin(own[own != ""]))


def _factor_slots(library: FactorLibrary, keys: pd.DataFrame,
                  year_fallback: YearFallback) -> pd.DataFrame:
    """One row per key: value and library row of each slot (ncv, density, ef per gas)."""
    chosen = resolve(library, keys, year_fallback)
    chosen["slot"] = np.where(chosen["gas"].eq(""), chosen["parameter"],
                              chosen["parameter"] + "_" + chosen["gas"])
    wide = chosen.pivot(index="key", columns="slot", values=["value", "factor_row"])
    factors = keys.copy()
    for slot_name in ("ncv", "density", *(f"ef_{g}" for g in GASES)):
        for field, fill in (("value", np.nan), ("factor_row", -1)):
            column = wide[(field, slot_name)] if (field, slot_name) in wide else None
            values = (column.reindex(keys["key"]).to_numpy() if column is not None
                      else np.full(len(keys), fill))
            factors[f"{slot_name}_{field}"] = pd.to_numeric(pd.Series(values)).fillna(fill)\
                .to_numpy()
    flagged = chosen[chosen["flag"].ne("")].drop_duplicates(["key", "flag"])
    flags = flagged.sort_values(["key", "flag"]).groupby("key")["flag"].agg("; ".join)
    factors["flag"] = flags.reindex(keys["key"]).fillna("").to_numpy(dtype=object)
    for column in [c for c in factors if c.endswith("_factor_row")]:
        factors[column] = factors[column].astype(np.int64)
    return factors
