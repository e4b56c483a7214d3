"""The emissions table: per-row emissions of energy rows and sector records summed to one row
per (source, year, category, scope, gas), in output order, with CO2e under the run's GWP set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.core.codes import pack
from ghg.core.schema import GASES
from ghg.core.units import gwp100
from ghg.sectors.energy.method import Calculation


def merge_sector_emissions(energy: pd.DataFrame, energy_memo: pd.DataFrame,
                           records: pd.DataFrame, frame: pd.DataFrame, gwp: str
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the sector records to the energy emission tables (same columns, same order).

    Records are summed per (source, year, category, gas) as scope 1; biogenic CO2 records go to
    the memo table. Sector and energy rows of one key are added together, never duplicated.
    """
    memo = records["biogenic"].to_numpy(dtype=bool)
    source = frame["source_id"]
    return (_combine(energy, records.loc[~memo], source, gwp),
            _combine(energy_memo, records.loc[memo], source, gwp))


def _combine(table: pd.DataFrame, records: pd.DataFrame, source: pd.Series, gwp: str
             ) -> pd.DataFrame:
    """The energy table's rows and the records summed per key, in output order.

    Keys are integer codes over the union of both sides' names (alphabetical, so code order is
    output order): no text per row. pandas sums each group (compensated summation, rows in
    table-then-records order), as it did when the keys were text.
    """
    if records.empty:
        return table
    rows = records["row"].to_numpy()
    record_source = source.cat.codes.to_numpy()[rows]
    sources, (table_source, record_source) = _union_codes(
        (table["source_id"].cat.categories, table["source_id"].cat.codes.to_numpy()),
        (source.cat.categories, record_source))
    # record text is codes into a few names: keyed by the codes, no text per record
    categories, (table_category, record_category) = _union_codes(
        (table["category"].cat.categories, table["category"].cat.codes.to_numpy()),
        (records["category"].cat.categories, records["category"].cat.codes.to_numpy()))
    year = np.concatenate([table["year"].to_numpy(dtype=np.int64),
                           records["year"].to_numpy(dtype=np.int64)])
    gas = np.concatenate([table["gas"].cat.codes.to_numpy(dtype=np.int64),
                          pd.Index(list(GASES)).get_indexer(records["gas"].cat.categories)
                          [records["gas"].cat.codes.to_numpy()]])
    scope = np.concatenate([table["scope"].to_numpy(dtype=np.int64),
                            np.ones(len(records), dtype=np.int64)])
    values = np.concatenate([table["emissions_t"].to_numpy(dtype=float),
                             records["emissions_t"].to_numpy(dtype=float)])
    keep = gas >= 0  # a gas outside GASES has no place in the table (pandas dropped it too)
    year0 = int(year.min())
    n_year = int(year.max()) - year0 + 1
    code = np.concatenate([table_source, record_source]).astype(np.int64)
    for part, size in ((year - year0, n_year),
                       (np.concatenate([table_category, record_category]), len(categories)),
                       (scope - 1, 2), (gas, len(GASES))):
        code *= size
        code += part
    summed = pd.Series(values[keep]).groupby(code[keep], sort=True).sum()
    code, gas = np.divmod(summed.index.to_numpy(dtype=np.int64), len(GASES))
    code, scope = np.divmod(code, 2)
    code, category = np.divmod(code, len(categories))
    source_code, year = np.divmod(code, n_year)
    gwps = np.array([gwp100(gwp, g) for g in GASES])
    out = pd.DataFrame({
        "source_id": _present_categorical(source_code, sources),
        "year": (year + year0).astype(np.int32),
        "category": _present_categorical(category, categories),
        "scope": (scope + 1).astype(np.int8),
        "gas": pd.Categorical.from_codes(gas.astype(np.int8), categories=list(GASES)),
        "emissions_t": summed.to_numpy(dtype=float),
    })
    out["co2e_t"] = out["emissions_t"].to_numpy() * gwps[gas]
    return out


def _union_codes(*sides: tuple[pd.Index, np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Names of all sides sorted (each once), and each side's codes renumbered into them."""
    names = [np.asarray(index, dtype=object).astype(str) for index, _codes in sides]
    union, inverse = np.unique(np.concatenate(names), return_inverse=True)
    bounds = np.cumsum([0, *(len(n) for n in names)])
    return union, [inverse[start:end][codes] for (_, codes), start, end
                   in zip(sides, bounds[:-1], bounds[1:], strict=True)]


def _present_categorical(codes: np.ndarray, names: np.ndarray) -> pd.Categorical:
    """A categorical of the names present only (sorted), as ``pd.Categorical`` of the values."""
    present = np.unique(codes)
    return pd.Categorical.from_codes(np.searchsorted(present, codes),
                                     categories=pd.Categorical(names[present].astype(object))
                                     .categories)


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
    # group = source * (n_year * n_cat * 2) + ((year - year0) * n_cat + category) * 2 + scope - 1.
    # A calculation key fixes the row's year, category and scope, so the second term is worked
    # out once per key (from any one of its rows) and gathered: two passes over the rows, in
    # place in one int64 array (at 10^7 rows each temporary is 80 MB of fresh pages).
    key = calculation.key
    row_of_key = np.zeros(int(key.max()) + 1 if len(key) else 0, dtype=np.int64)
    row_of_key[key] = np.arange(len(key))
    per_key = pack([(year[row_of_key] - year0, n_year),
                    (category_rank.take(frame["category"].cat.codes.to_numpy()[row_of_key]), n_cat),
                    (calculation.scope[row_of_key] - 1, 2)])
    group = source_rank.take(frame["source_id"].cat.codes.to_numpy())
    group *= n_year * n_cat * 2
    group += per_key.take(key)
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
    # gas -> whether each group has it, for the gases some rows do not count
    partial: dict[int, np.ndarray] = {}
    for gas in range(n_gas):  # three gases, each a whole-column bincount
        ok = counted[gas]
        if ok.all():  # the usual case: every row emits the gas, so every group has it
            sums[:, gas] = np.bincount(row_group, weights=emissions[gas], minlength=n_groups)
            continue
        sums[:, gas] = np.bincount(row_group, weights=np.where(ok, emissions[gas], 0.0),
                                   minlength=n_groups)
        partial[gas] = _any_per_group(row_group, ok, sums[:, gas])
    del row_group
    # Decode once per group, code = ((source * n_year + year - year0) * n_cat + category) * 2
    # + scope - 1, in place and straight into the dtypes the output keeps.
    scope = np.empty(n_groups, dtype=np.int8)
    np.bitwise_and(code, 1, out=scope, casting="unsafe")
    scope += 1
    code >>= 1
    category: np.ndarray = np.empty(n_groups, dtype=_code_dtype(len(layout.categories)))
    np.remainder(code, layout.n_cat, out=category, casting="unsafe")
    code //= layout.n_cat
    year = np.empty(n_groups, dtype=np.int32)
    np.remainder(code, layout.n_year, out=year, casting="unsafe")
    year += layout.year0
    code //= layout.n_year
    source: np.ndarray = code.astype(_code_dtype(len(layout.sources)))
    del code
    gwps = np.array([gwp100(layout.gwp, name) for name in GASES[:n_gas]])
    gas_codes = np.arange(n_gas, dtype=np.int8)
    if not partial:  # each group has every gas: row-major (group, gas) is the output order
        counts: int | np.ndarray = n_gas
        gas_code = np.tile(gas_codes, n_groups)
        values = sums.reshape(-1)
        co2e = (sums * gwps).reshape(-1)
    else:
        present = np.ones((n_groups, n_gas), dtype=bool)
        counts = np.full(n_groups, n_gas - len(partial), dtype=np.intp)
        for index, has in partial.items():
            present[:, index] = has
            counts += has
        cells = present.reshape(-1)  # row-major: the output order
        gas_code = np.tile(gas_codes, n_groups)[cells]
        values = sums.reshape(-1)[cells]
        sums *= gwps  # in place, then the same cells: CO2e without a gather through gas codes
        co2e = sums.reshape(-1)[cells]
        del present, cells
    del sums, partial

    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, counts)

    def categorical(codes: np.ndarray, names: np.ndarray | list[str]) -> pd.Categorical:
        # Codes come from ranks of these very categories and are already of the dtype pandas
        # keeps for so many categories: neither validated nor copied again.
        return pd.Categorical.from_codes(codes, categories=names, validate=False)

    columns = {
        "source_id": categorical(per_row(source), layout.sources),
        "year": per_row(year),
        "category": categorical(per_row(category), layout.categories),
        "scope": per_row(scope),
        "gas": categorical(gas_code, list(GASES)),
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
