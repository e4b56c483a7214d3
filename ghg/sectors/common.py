"""Helpers every sector method shares: naming the factor sets searched, reporting missing
parameters the same way in every sector."""

from __future__ import annotations

import numpy as np

from ghg.sectors.method import SectorContext, SectorRows


def factor_set_names(context: SectorContext) -> str:
    """The factor sets searched for parameters, in precedence order (for messages)."""
    rows = context.parameters.rows
    # the two columns only, not the whole parameter table: it is read for every method's messages
    _names, first = np.unique(rows["factor_set"].to_numpy(dtype=object), return_index=True)
    first = np.sort(first)  # each set's first row, in table order
    rank = rows["set_rank"].to_numpy()[first]
    return ", ".join(rows["factor_set"].to_numpy(dtype=object)[first][
        np.argsort(rank, kind="stable")]) or "none"


def report_missing(rows: SectorRows, check: np.ndarray, missing: np.ndarray, column: str,
                   values: np.ndarray, message: str) -> np.ndarray:
    """Report rows in ``check`` whose parameter is missing; the mask of those rows."""
    mask = check & np.asarray(missing, dtype=bool)
    rows.report(mask, column, message + "; add a factor set that has it or a local "
                "parameters table", values=values)
    return mask
