"""The emissions table: per-row emissions of energy rows and sector records summed to one row
per (source, year, category, scope, gas), in output order, with CO2e under the run's GWP set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.core.codes import alphabetical
from ghg.core.schema import EMISSION_KEY, GASES
from ghg.core.units import gwp100
from ghg.sectors.energy.method import Calculation


def merge_sector_emissions(energy: pd.DataFrame, energy_memo: pd.DataFrame,
                           records: pd.DataFrame, frame: pd.DataFrame, gwp: str
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the sector records to the energy emission tables (same columns, same order).

    Records are summed per (source, year, category, gas) as scope 1; biogenic CO2 records go to
    the memo table. Sector and energy rows of one key are added together, never duplicated.
    """
    source = frame["source_id"].astype(str).to_numpy(dtype=object)[records["row"].to_numpy()]
    keyed = records.assign(source_id=source, scope=np.int8(1))
    memo = keyed["biogenic"].to_numpy(dtype=bool)
    return (_combine(energy, keyed.loc[~memo], gwp), _combine(energy_memo, keyed.loc[memo], gwp))


def _combine(table: pd.DataFrame, records: pd.DataFrame, gwp: str) -> pd.DataFrame:
    if records.empty:
        return table
    keys = list(EMISSION_KEY)
    both = pd.concat([table[[*keys, "emissions_t"]].astype({"source_id": str, "category": str,
                                                             "gas": str}),
                      records[[*keys, "emissions_t"]]], ignore_index=True)
    both["gas_order"] = both["gas"].map({g: i for i, g in enumerate(GASES)})
    summed = (both.groupby(["source_id", "year", "category", "scope", "gas_order"], sort=True)
              ["emissions_t"].sum().reset_index())
    gwps = np.array([gwp100(gwp, g) for g in GASES])
    gas_code = summed["gas_order"].to_numpy()
    out = pd.DataFrame({
        "source_id": pd.Categorical(summed["source_id"]),
        "year": summed["year"].astype(np.int32),
        "category": pd.Categorical(summed["category"]),
        "scope": summed["scope"].astype(np.int8),
        "gas": pd.Categorical.from_codes(gas_code.astype(np.int8), categories=list(GASES)),
        "emissions_t": summed["emissions_t"].to_numpy(dtype=float),
    })
    out["co2e_t"] = out["emissions_t"].to_numpy() * gwps[gas_code]
    return out


def emission_tables(calculation: Calculation, gwp: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sum per-row emissions to one row per (source, year, category, scope, gas).

    Each row gets one int64 group code whose order is the output order (source and category
    codes are renumbered alphabetically first), so grouping is a sort check, a cumulative sum and
    one ``np.bincount`` per gas, and the result needs no sort. Biogenic CO2 goes to the second
    table. Output order: source_id, year, category, scope, then CO2, CH4, N2O.
    """
    frame = calculation.frame
    source_rank, source_names = alphabetical(frame["source_id"])
    category_rank, category_names = alphabetical(frame["category"])
    year = frame["year"].to_numpy().astype(np.int64)
    year0 = int(year.min()) if len(year) else 0
    n_year = int(year.max()) - year0 + 1 if len(year) else 1
    n_cat = len(category_names)
    group = (((source_rank * n_year + (year - year0)) * n_cat + category_rank) * 2
             + calculation.scope - 1)
    counted = ~np.isnan(calculation.emissions)
    biogenic_co2 = counted[0] & calculation.biogenic
    counted[0] &= ~calculation.biogenic
    layout = _Layout(source_names, category_names, year0, n_year, n_cat, gwp)
    memo_rows = np.flatnonzero(biogenic_co2)
    memo = _sum_groups(group[memo_rows], calculation.emissions[:1, memo_rows],
                       biogenic_co2[memo_rows][None, :], layout)
    return _sum_groups(group, calculation.emissions, counted, layout), memo


@dataclass(frozen=True)
class _Layout:
    sources: np.ndarray
    categories: np.ndarray
    year0: int
    n_year: int
    n_cat: int
    gwp: str


def _sum_groups(group: np.ndarray, emissions: np.ndarray, counted: np.ndarray,
                layout: _Layout) -> pd.DataFrame:
    """Group rows by ``group`` code and sum each gas over the rows where it is ``counted``."""
    row_group, code = _dense_groups(group, layout)
    n_groups = len(code)
    n_gas = emissions.shape[0]
    sums = np.zeros((n_groups, len(GASES)))
    present = np.zeros((n_groups, len(GASES)), dtype=bool)
    for gas in range(n_gas):  # three gases, each a whole-column bincount
        weights = np.where(counted[gas], emissions[gas], 0.0)
        sums[:, gas] = np.bincount(row_group, weights=weights, minlength=n_groups)
        present[:, gas] = np.bincount(row_group[counted[gas]], minlength=n_groups) > 0
    cell = np.flatnonzero(present)  # row-major: group order, then CO2, CH4, N2O
    out_group, gas_code = np.divmod(cell, len(GASES))
    # decode once per group, then repeat for its gases
    scope = (code % 2 + 1).astype(np.int8)
    code //= 2
    category = (code % layout.n_cat).astype(np.int32)
    code //= layout.n_cat
    year = (code % layout.n_year + layout.year0).astype(np.int32)
    source = (code // layout.n_year).astype(np.int32)
    values = sums.ravel()[cell]
    gwps = np.array([gwp100(layout.gwp, gas) for gas in GASES])

    def categorical(codes: np.ndarray, names: np.ndarray | list[str]) -> pd.Categorical:
        # Codes come from ranks of these very categories: no need to validate them again.
        return pd.Categorical.from_codes(codes, categories=names, validate=False)

    columns = {
        "source_id": categorical(source[out_group], layout.sources),
        "year": year[out_group],
        "category": categorical(category[out_group], layout.categories),
        "scope": scope[out_group],
        "gas": categorical(gas_code.astype(np.int8), list(GASES)),
        "emissions_t": values,
        "co2e_t": values * gwps[gas_code],
    }
    return pd.DataFrame(columns, copy=False)  # the arrays are fresh: no need to copy them


def _dense_groups(group: np.ndarray, layout: _Layout) -> tuple[np.ndarray, np.ndarray]:
    """Per row its group's number (0, 1, ... in code order), and the code of each group.

    Codes span sources × years × categories × 2 scopes; where that space is not much larger
    than the table, a flag per code replaces sorting the rows' codes (the costliest step at
    10^7 rows). Otherwise the codes are sorted (only the codes: rows stay where they are).
    """
    space = len(layout.sources) * layout.n_year * layout.n_cat * 2
    if space <= 4 * len(group) + 4096:
        used = np.zeros(space, dtype=bool)
        used[group] = True
        code = np.flatnonzero(used)
        del used
        number = np.empty(space, dtype=np.int64)
        number[code] = np.arange(len(code))
        return number[group], code
    order = None
    if len(group) and not bool((group[1:] >= group[:-1]).all()):
        order = np.argsort(group)
        group = group[order]
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    sorted_row_group = np.cumsum(first) - 1
    if order is None:
        return sorted_row_group, group[first]
    row_group = np.empty_like(sorted_row_group)
    row_group[order] = sorted_row_group
    return row_group, group[first]
