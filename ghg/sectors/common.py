"""Helpers every sector method shares: naming the factor sets searched, reporting missing
parameters the same way in every sector."""

from __future__ import annotations

import numpy as np

from ghg.sectors.method import SectorContext, SectorRows


def factor_set_names(context: SectorContext) -> str:
    """The factor sets searched for parameters, in precedence order (for messages)."""
    sets = context.parameters.rows.drop_duplicates("factor_set").sort_values("set_rank")
    return ", ".join(sets["factor_set"]) or "none"


def report_missing(rows: SectorRows, check: np.ndarray, missing: np.ndarray, column: str,
                   values: np.ndarray, message: str) -> np.ndarray:
    """Report rows in ``check`` whose parameter is missing; the mask of those rows."""
    mask = check & np.asarray(missing, dtype=bool)
    rows.report(mask, column, message + "; add a factor set that has it or a local "
                "parameters table", values=values)
    return mask
