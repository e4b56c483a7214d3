"""The emissions table: per-row emissions of energy rows and sector records summed to one row
per (source, year, category, scope, gas), in output order, with CO2e under the run's GWP set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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
    codes are renumbered alphabetically first), so grouping is a numbering of the codes present
    and one ``np.bincount`` per gas, and the result needs no sort. Biogenic CO2 goes to the
    second table. Output order: source_id, year, category, scope, then CO2, CH4, N2O.
    """
    frame = calculation.frame
    source_rank, source_names = _ranks(frame["source_id"])
    category_rank, category_names = _ranks(frame["category"])
    year = frame["year"].to_numpy()
    year0 = int(year.min()) if len(year) else 0
    n_year = int(year.max()) - year0 + 1 if len(year) else 1
    n_cat = len(category_names)
    # (((source * n_year + year - year0) * n_cat + category) * 2 + scope - 1), built in place in
    # one int64 array: at 10^7 rows each temporary of the table's length is 80 MB of fresh pages.
    group = source_rank.take(frame["source_id"].cat.codes.to_numpy())
    group *= n_year
    group += year
    group -= year0
    group *= n_cat
    group += category_rank.take(frame["category"].cat.codes.to_numpy())
    group *= 2
    group += calculation.scope
    group -= 1
    counted = ~np.isnan(calculation.emissions)
    biogenic_co2 = counted[0] & calculation.biogenic
    counted[0] &= ~calculation.biogenic
    layout = _Layout(source_names, category_names, year0, n_year, n_cat, gwp)
    memo_rows = np.flatnonzero(biogenic_co2)
    memo = _sum_groups(group[memo_rows], calculation.emissions[:1, memo_rows],
                       biogenic_co2[memo_rows][None, :], layout)
    del memo_rows, biogenic_co2
    return _sum_groups(group, calculation.emissions, counted, layout), memo


def _ranks(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The alphabetical rank of each category of ``column`` (int64, indexed by code, with the
    rank of a missing value last, as ``ranks[-1]``) and the categories in alphabetical order:
    rows are ranked by ``ranks.take(codes)``, without a per-row array in between."""
    names = np.asarray(column.cat.categories, dtype=str)
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank, names[order]


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
    """Group rows by ``group`` code and sum each gas over the rows where it is ``counted``.

    Columns are made per group (decoded from its code) and repeated for the group's gases, in
    the dtype the output keeps (codes as pandas stores them), so no per-row index array is
    gathered through.
    """
    row_group, code = _dense_groups(group, layout)
    n_groups = len(code)
    n_gas = emissions.shape[0]  # the first gases of GASES (CO2, CH4, N2O)
    sums = np.empty((n_groups, n_gas))
    partial = {}  # gas -> whether each group has it, for gases some rows do not count
    for gas in range(n_gas):  # three gases, each a whole-column bincount
        ok = counted[gas]
        if ok.all():  # the usual case: every row emits the gas, so every group has it
            sums[:, gas] = np.bincount(row_group, weights=emissions[gas], minlength=n_groups)
            continue
        sums[:, gas] = np.bincount(row_group, weights=np.where(ok, emissions[gas], 0.0),
                                   minlength=n_groups)
        partial[gas] = _any_per_group(row_group, ok, sums[:, gas])
    del row_group
    # decode once per group: code = ((source * n_year + year - year0) * n_cat + category) * 2
    # + scope - 1
    code, scope = np.divmod(code, 2)
    scope += 1
    code, category = np.divmod(code, layout.n_cat)
    source, year = np.divmod(code, layout.n_year)
    del code
    year += layout.year0
    gwps = np.array([gwp100(layout.gwp, gas) for gas in GASES[:n_gas]])
    gas_codes = np.arange(n_gas, dtype=np.int8)
    if not partial:  # each group has every gas: row-major (group, gas) is the output order
        counts: int | np.ndarray = n_gas
        gas = np.tile(gas_codes, n_groups)
        values = sums.reshape(-1)
    else:
        present = np.ones((n_groups, n_gas), dtype=bool)
        counts = np.full(n_groups, n_gas - len(partial), dtype=np.intp)
        for index, has in partial.items():
            present[:, index] = has
            counts += has
        gas = np.broadcast_to(gas_codes, present.shape)[present]
        values = sums[present]
        del present
    del sums, partial
    co2e = gwps.take(gas)
    co2e *= values  # in place: no second temporary as long as the table

    def per_row(values: np.ndarray, dtype: type) -> np.ndarray:
        return np.repeat(values.astype(dtype, copy=False), counts)

    def categorical(codes: np.ndarray, names: np.ndarray | list[str]) -> pd.Categorical:
        # Codes come from ranks of these very categories and are already of the dtype pandas
        # keeps for so many categories: neither validated nor copied again.
        return pd.Categorical.from_codes(codes, categories=names, validate=False)

    columns = {
        "source_id": categorical(per_row(source, _code_dtype(len(layout.sources))),
                                 layout.sources),
        "year": per_row(year, np.int32),
        "category": categorical(per_row(category, _code_dtype(len(layout.categories))),
                                layout.categories),
        "scope": per_row(scope, np.int8),
        "gas": categorical(gas, list(GASES)),
        "emissions_t": values,
        "co2e_t": co2e,
    }
    return pd.DataFrame(columns, copy=False)  # the arrays are fresh: no need to copy them


def _code_dtype(n_categories: int) -> type:
    """The integer type pandas keeps the codes of ``n_categories`` categories in."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _any_per_group(row_group: np.ndarray, flag: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """Whether any row of each group is flagged, given each group's sum over flagged rows only.

    A non-zero sum has a flagged row (unflagged rows add exactly 0.0), so only groups summing
    to 0 are looked at row by row: no pass over the rows beyond a gather of one flag each.
    """
    has = sums != 0
    doubtful = np.flatnonzero(~has)
    if len(doubtful):
        look = np.zeros(len(sums), dtype=bool)
        look[doubtful] = True
        has[row_group[look[row_group] & flag]] = True
    return has


def _dense_groups(group: np.ndarray, layout: _Layout) -> tuple[np.ndarray, np.ndarray]:
    """Per row its group's number (0, 1, ... in code order), and the code of each group.

    Rows in code order (a file sorted by source, year and category) are numbered by a running
    count of code changes. Otherwise, where the space of codes (sources × years × categories ×
    2 scopes) is not much larger than the table, a flag per code replaces sorting the rows'
    codes (the costliest step at 10^7 rows); else the codes are sorted (only the codes: rows
    stay where they are).
    """
    n = len(group)
    if n == 0 or bool((group[1:] >= group[:-1]).all()):
        first = np.empty(n, dtype=bool)
        first[:1] = True
        np.not_equal(group[1:], group[:-1], out=first[1:])
        row_group = np.cumsum(first)
        row_group -= 1
        return row_group, group[first]
    space = len(layout.sources) * layout.n_year * layout.n_cat * 2
    if space <= 4 * n + 4096:
        used = np.zeros(space, dtype=bool)
        used[group] = True
        code = np.flatnonzero(used)
        del used
        # int32 numbers where they fit: half the fresh pages of a table as long as the code space
        kind = np.int32 if len(code) <= np.iinfo(np.int32).max else np.int64
        number = np.empty(space, dtype=kind)
        number[code] = np.arange(len(code), dtype=kind)
        return number.take(group).astype(np.int64, copy=False), code
    order = np.argsort(group, kind="stable")  # stable: fast on nearly sorted codes
    ordered = group[order]
    first = np.ones(n, dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    sorted_row_group = np.cumsum(first) - 1
    row_group = np.empty_like(sorted_row_group)
    row_group[order] = sorted_row_group
    return row_group, ordered[first]
