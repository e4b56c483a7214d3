"""Integer codes for categorical columns, the currency of the vectorised data path."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def alphabetical(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's rank of its value in alphabetical order, and the values in that order.

    Grouping on these ranks yields groups already in output order, so no sort of rows is needed.

    Examples
    --------
    >>> ranks, names = alphabetical(pd.Series(["b", "a", "b"], dtype="category"))
    >>> ranks.tolist(), names.tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    names = np.asarray(column.cat.categories, dtype=str)
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank[column.cat.codes.to_numpy()], names[order]


def pack(parts: Iterable[tuple[np.ndarray, int]]) -> np.ndarray:
    """One int64 key per row from integer ``(codes, span)`` parts, each code in ``[0, span)``:
    ``((c0 * s1 + c1) * s2 + c2) ...``, as ``np.ravel_multi_index`` numbers them, but built in
    place in one array (at 10^7 rows each temporary is 80 MB of fresh pages).

    Examples
    --------
    >>> pack([(np.array([1, 0]), 2), (np.array([2, 1], dtype=np.int8), 3)]).tolist()
    [5, 1]
    """
    parts = iter(parts)
    codes, _span = next(parts)
    key = codes.astype(np.int64)
    for codes, span in parts:
        key *= span
        key += codes
    return key


def ancestor_edges(categories: Iterable[str]) -> pd.DataFrame:
    """One row per (IPCC category, itself or an ancestor), columns ``leaf, ancestor``: a loop over
    distinct codes, not data rows.

    Examples
    --------
    >>> ancestor_edges(["3.A.1"]).to_numpy().tolist()
    [['3.A.1', '3.A.1'], ['3.A.1', '3.A'], ['3.A.1', '3'], ['3.A.1', '0']]
    """
    from ghg.core.categories import lineage

    pairs = [(code, ancestor) for code in categories for ancestor in lineage(code)]
    return pd.DataFrame(pairs, columns=["leaf", "ancestor"])
