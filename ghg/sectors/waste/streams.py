"""Waste streams handed between the solid-waste builders (4.A-4.C), and factor lookups that
found nothing.

A stream is a frame of ``pos`` (the source row), ``year``, ``mass`` (t) and text columns (waste
type, site type, treatment ...): rows of the inventory and waste derived from MSW generation
(:mod:`ghg.sectors.waste.msw`) take the same path from here on.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.sectors.common import factor_set_names
from ghg.sectors.method import SectorContext, SectorRows, coded


def activity_codes(rows: SectorRows) -> pd.Categorical:
    """Each row's ``activity`` (as written) by code into its few names: the kind checks below
    compare codes, not 10^6 strings; a stream takes its rows' names as text."""
    values = rows.frame["activity"].astype("category").array
    names = np.append(np.asarray(values.categories.astype(str), dtype=object), np.nan)
    return coded(np.where(values.codes < 0, len(names) - 1, values.codes), names)


def amount(rows: SectorRows, unit: str, mask: np.ndarray) -> np.ndarray:
    """Amounts of the rows in ``mask`` in ``unit`` (other kinds' rows have other units)."""
    out = np.full(len(rows), np.nan)
    if mask.any():
        out[mask] = SectorRows(rows.frame[mask]).amount_in(unit)
    return out


def stream(pos, year, mass, **text) -> pd.DataFrame:
    """A stream frame: source row ``pos``, ``year``, ``mass`` (t) and the ``text`` columns."""
    return pd.DataFrame({"pos": np.asarray(pos, dtype=np.int64),
                         "year": np.asarray(year, dtype=np.int64),
                         "mass": np.asarray(mass, dtype=float), **text})


def factor_sets(context: SectorContext) -> str:
    """The factor sets searched, by rank, for a problem's message."""
    return factor_set_names(context)


def found_or_report(rows: SectorRows, context: SectorContext, look, pos: np.ndarray,
                    column: str, what: np.ndarray | Callable[[], np.ndarray],
                    fix: str) -> np.ndarray:
    """Report rows whose lookup found nothing; return the mask of rows that have a value.

    ``what`` (the missing factor's name per row) may be a function: it is then made only when a
    row lacks the factor.
    """
    bad = look.missing
    if not bad.any():
        return ~bad
    what = what() if callable(what) else what
    mask = np.zeros(len(rows), dtype=bool)
    for text in np.unique(what[bad]):
        mask[:] = False
        mask[pos[bad & (what == text)]] = True
        rows.report(mask, column, _("no {text} in factor sets {value}; {fix}").format(
            text=text, value=factor_sets(context), fix=fix))
    return ~bad
