"""The vectorised calculation: activity frame + factor library → emissions per row and gas.

Keys are integer codes: each row's (activity, category, year, quantity) is one flat index into a
small dense key space, so factor resolution runs once per distinct key and rows pick their factors
by fancy indexing. No Python loop touches the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ghg.core.codes import pack
from ghg.core.quantities import QUANTITIES, classify_units
from ghg.core.schema import MAIN_GASES
from ghg.factors.library import FactorLibrary, activities, library_settings
from ghg.factors.resolve import YearFallback, resolve
from ghg.sectors.energy import kernels as energy

#: Canonical unit of each (activity kind, quantity) the kernels take.
KIND_UNITS = {("fuel", "mass"): "t", ("fuel", "volume"): "m^3", ("fuel", "heat"): "TJ",
              ("electricity", "electric"): "MWh", ("electricity", "heat"): "MWh"}


@dataclass(frozen=True)
class Calculation:
    """Per-row results of one calculation.

    ``emissions`` has shape (gas, row), tonnes of gas, NaN where the activity does not emit the
    gas. ``key`` gives each row's index into ``factors``: one row per distinct (activity,
    category, year, unit[, source]) with every factor value, its library row, and the
    coefficients the kernels derived from them (``energy_per_unit``, ``coef_<gas>``). All rows
    of a key share its year, category and ``scope`` (the emissions table relies on it).
    """

    frame: pd.DataFrame
    key: np.ndarray
    factors: pd.DataFrame
    emissions: np.ndarray
    scope: np.ndarray
    biogenic: np.ndarray

    @property
    def amount_canonical(self) -> np.ndarray:
        """Amount in the canonical unit of its quantity (t, m3, TJ or MWh)."""
        return self.frame["amount"].to_numpy(dtype=float) * self._per_key("unit_scale")

    @property
    def quantity(self) -> np.ndarray:
        """Index into ``QUANTITIES`` of each row's unit."""
        return self.factors["quantity_code"].to_numpy()[self.key]

    @property
    def energy_tj(self) -> np.ndarray:
        """Fuel energy (TJ) of each row; NaN for electricity."""
        return self.frame["amount"].to_numpy(dtype=float) * self._per_key("energy_per_unit")

    @property
    def fuel_mass_t(self) -> np.ndarray:
        """Fuel mass (t) of each row: the mass the kernels derive (volume × density, or energy
        / NCV for an amount in heat units); NaN for electricity."""
        return self.frame["amount"].to_numpy(dtype=float) * self._per_key("mass_per_unit")

    def _per_key(self, column: str) -> np.ndarray:
        return self.factors[column].to_numpy(dtype=float)[self.key]


def calculate(frame: pd.DataFrame, library: FactorLibrary,
              year_fallback: YearFallback = "none") -> Calculation:
    """Compute emissions of every row of a validated activity frame.

    The IPCC kernels run once per distinct key, turning its factors into emission coefficients
    (t of gas per unit of the row's own unit); each row then costs one gather and one multiply
    per gas.
    """
    registry = activities()
    act_names = frame["activity"].cat.categories
    act_code = frame["activity"].cat.codes.to_numpy()
    # scope 2 for purchased electricity, 1 for fuels: per activity, then one gather per row
    scope = np.where(registry.loc[act_names, "kind"].to_numpy() == "electricity", 2, 1
                     ).astype(np.int8)[act_code]
    biogenic = registry.loc[act_names, "biogenic_co2"].to_numpy(dtype=bool)[act_code]
    key, keys = _keys(frame, act_code, library)
    factors = _coefficients(_factor_slots(library, keys, year_fallback))
    amount = frame["amount"].to_numpy(dtype=float)
    emissions = np.empty((len(MAIN_GASES), len(frame)))
    for index, gas in enumerate(MAIN_GASES):  # three gases, each one gather and one multiply
        np.multiply(amount, factors[f"coef_{gas}"].to_numpy(dtype=float)[key],
                    out=emissions[index])
    return Calculation(frame, key, factors, emissions, scope, biogenic)


def _coefficients(factors: pd.DataFrame) -> pd.DataFrame:
    """Per key: the kernels applied to one unit of the key's own unit.

    Fuel: mass (t) = 1 unit × scale [× density for volumes]; energy = mass × NCV (Vol 2 Table
    1.2), or the heat amount itself; emissions = energy × EF (eq. 2.1 and its mobile forms).
    Electricity: emissions = MWh × grid EF.
    """
    quantity = factors["quantity"].to_numpy(dtype=object)
    electricity = factors["kind"].to_numpy(dtype=object) == "electricity"
    scale = factors["unit_scale"].to_numpy(dtype=float)
    volume = quantity == "volume"
    mass = np.where(volume, energy.fuel_mass_from_volume(scale, factors["density_value"]), scale)
    per_unit_energy = np.where(quantity == "heat", scale,
                               energy.fuel_energy(mass, factors["ncv_value"].to_numpy()))
    per_unit_energy = np.where(electricity, np.nan, per_unit_energy)
    # Mass for factors per t of fuel (air pollutants): a heat amount back through its NCV.
    with np.errstate(divide="ignore", invalid="ignore"):
        mass = np.where(quantity == "heat", scale / factors["ncv_value"].to_numpy(dtype=float)
                        * 1000.0, mass)
    out = factors.assign(energy_per_unit=per_unit_energy,
                         mass_per_unit=np.where(electricity, np.nan, mass),
                         quantity_code=[QUANTITIES.index(q) for q in quantity])
    for gas in MAIN_GASES:
        ef = factors[f"ef_{gas}_value"].to_numpy(dtype=float)
        out[f"coef_{gas}"] = np.where(electricity,
                                      energy.purchased_electricity_emissions(scale, ef),
                                      energy.combustion_emissions(per_unit_energy, ef))
    return out


@cache
def _unit_scale(unit: str, kind: str, quantity: str) -> float:
    """Factor from ``unit`` to the canonical unit the kernels take for this activity kind."""
    from ghg.core.units import scale

    return scale(unit, KIND_UNITS[(kind, quantity)])


def _keys(frame: pd.DataFrame, act_code: np.ndarray,
          library: FactorLibrary) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's key index, and the distinct (activity, category, year, unit[, source]) keys."""
    unit_code = frame["unit"].cat.codes.to_numpy()
    cat_code = frame["category"].cat.codes.to_numpy()
    first = library_settings()["first_year"]
    year = frame["year"].to_numpy()
    year = year if year.dtype.kind in "iu" else year.astype(np.int64)
    n_year = int(year.max()) - first + 1 if len(frame) else 1
    shape: tuple[int, ...] = (len(frame["activity"].cat.categories),
                              len(frame["category"].cat.categories), n_year,
                              len(frame["unit"].cat.categories))
    parts = (act_code, cat_code, year - np.asarray(first, dtype=year.dtype), unit_code)
    if len(frame) and min(int(part.min()) for part in parts) < 0:  # not a validated frame
        raise ValueError("activity, category or unit missing, or a year before "
                         f"{first}: calculate() takes a frame checked by read_inputs")
    flat = pack(zip(parts, shape, strict=True))
    ne_code, ne_names = not_estimated_codes(frame)
    if len(ne_names) > 1:  # rows declaring gases not estimated get keys of their own
        shape = (*shape, len(ne_names))
        flat = flat * len(ne_names) + ne_code
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
    act, cat, year, unit, *ne = np.unravel_index(base, shape)
    source = used // np.prod(shape) - 1
    source_names = np.asarray(frame["source_id"].cat.categories, dtype=object)
    activity = np.asarray(frame["activity"].cat.categories, dtype=object)[act]
    unit_name = np.asarray(frame["unit"].cat.categories, dtype=object)[unit]
    kind = activities().loc[activity, "kind"].to_numpy(dtype=object)
    quantities = classify_units(frame["unit"].cat.categories)
    quantity = np.array([quantities[u] for u in unit_name], dtype=object)
    keys = pd.DataFrame({
        "key": np.arange(len(used)),
        "source_id": np.where(source >= 0, source_names[np.maximum(source, 0)], ""),
        "activity": activity,
        "category": np.asarray(frame["category"].cat.categories, dtype=object)[cat],
        "year": year + first,
        "unit": unit_name,
        "quantity": quantity,
        "kind": kind,
        "unit_scale": [_unit_scale(u, k, q) for u, k, q in zip(unit_name, kind, quantity,
                                                                strict=True)],
        "not_estimated": ne_names[ne[0]] if ne else "",
    })
    return key, keys


def not_estimated_codes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the code of the gases its ``not_estimated`` column declares (notation key NE),
    normalised (``"N2O ch4"`` -> ``"CH4 N2O"``); and the distinct normalised texts."""
    if "not_estimated" not in frame:  # the common case: no per-row array at all
        return np.zeros(0, dtype=np.int64), np.array([""], dtype=object)
    codes, names = pd.factorize(frame["not_estimated"].astype(object).fillna(""))
    clean = np.array([" ".join(sorted(set(str(n).upper().split()))) for n in names],
                     dtype=object)  # a loop over the few distinct spellings, not over rows
    distinct, remap = np.unique(np.append(clean, ""), return_inverse=True)
    return remap[:-1][codes].astype(np.int64), distinct.astype(object)


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
    """One row per key: value and library row of each slot (ncv, density, ef per gas).

    Factors do not depend on the unit, only on its quantity, so resolution runs on the distinct
    (source, activity, category, year, quantity) and the result is joined back to the keys.
    """
    by = ["source_id", "activity", "category", "year", "quantity"]
    if keys["not_estimated"].ne("").any():  # declared NE gases change what a key needs
        by.append("not_estimated")
    targets = keys[by].drop_duplicates().reset_index(drop=True)
    targets["key"] = np.arange(len(targets))
    chosen = resolve(library, targets, year_fallback)
    chosen["slot"] = np.where(chosen["gas"].eq(""), chosen["parameter"],
                              chosen["parameter"] + "_" + chosen["gas"])
    wide = chosen.pivot(index="key", columns="slot", values=["value", "factor_row"])
    slots = targets[by].copy()
    for slot_name in ("ncv", "density", *(f"ef_{g}" for g in MAIN_GASES)):
        for field, fill in (("value", np.nan), ("factor_row", -1)):
            column = wide[(field, slot_name)] if (field, slot_name) in wide else None
            values = (column.reindex(targets["key"]).to_numpy() if column is not None
                      else np.full(len(targets), fill))
            slots[f"{slot_name}_{field}"] = pd.to_numeric(pd.Series(values)).fillna(fill)\
                .to_numpy()
    flagged = chosen[chosen["flag"].ne("")].drop_duplicates(["key", "flag"])
    flags = flagged.sort_values(["key", "flag"]).groupby("key")["flag"].agg("; ".join)
    slots["flag"] = flags.reindex(targets["key"]).fillna("").to_numpy(dtype=object)
    for column in [c for c in slots if c.endswith("_factor_row")]:
        slots[column] = slots[column].astype(np.int64)
    return keys.merge(slots, on=by, how="left", validate="many_to_one")
