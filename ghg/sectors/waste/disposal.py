"""First-order decay (FOD) of degradable organic carbon in solid waste disposal sites (4.A).

Pure numpy kernels, 2006 IPCC Guidelines Vol 5 ch 3 and its Annex 3A.1. Arrays of deposits are
shaped ``(..., n_years)``: the leading axes are independent series (sites × waste types) and the
last axis is consecutive calendar years. The recurrence runs over the year axis only, each step
being a whole-array operation over every series at once.

Timing (Annex 3A.1, IPCC Waste Model): waste is deposited on average in the middle of the year
and decay starts in month ``M`` of the deposit year (``M = 7 + delay months``). With the 6-month
delay, ``M = 13``: nothing decays in the deposit year and decay starts on 1 January of the next
year, which is exactly eq. 3.4-3.5 as printed. ``M = 7`` is the no-delay variant: a fraction
``1 - exp(-k (13 - M) / 12)`` of the year's deposit decomposes in the deposit year.
"""

from __future__ import annotations

import numpy as np

#: Molecular weight ratio CH4/C (eq. 3.6).
CH4_PER_C = 16.0 / 12.0

#: Reaction start month of the printed equations (6-month delay, decay from 1 January next year).
PRINTED_REACTION_MONTH = 13


def ddocm_deposited(waste_t: np.ndarray, doc: np.ndarray, docf: np.ndarray,
                    mcf: np.ndarray) -> np.ndarray:
    """Decomposable DOC deposited, t C (eq. 3.2): ``DDOCm = W × DOC × DOCf × MCF``."""
    return waste_t * doc * docf * mcf


def first_year_fraction(k: np.ndarray, reaction_month: float) -> np.ndarray:
    """Share of a year's deposit decomposed in the deposit year (Annex 3A.1).

    ``1 - exp(-k × (13 - M) / 12)``: zero for ``M = 13`` (the printed eq. 3.4-3.5).
    """
    return 1.0 - np.exp(-np.asarray(k, dtype=float) * (13.0 - reaction_month) / 12.0)


def decomposed(ddocm_d: np.ndarray, k: np.ndarray,
               reaction_month: float = PRINTED_REACTION_MONTH) -> np.ndarray:
    """DDOCm decomposed in each year, t C (eq. 3.4-3.5 with the Annex 3A.1 start month).

    ``DDOCma_T = DDOCmd_T × exp(-k (13-M)/12) + DDOCma_(T-1) × exp(-k)`` (eq. 3.4),
    ``DDOCm decomp_T = DDOCma_(T-1) × (1 - exp(-k)) + DDOCmd_T × (1 - exp(-k (13-M)/12))``
    (eq. 3.5 plus the deposit year's own share). ``ddocm_d`` is ``(..., n_years)``; ``k`` has
    the leading shape (one rate per series) or broadcasts to it.
    """
    d = np.asarray(ddocm_d, dtype=float)
    k = np.broadcast_to(np.asarray(k, dtype=float), d.shape[:-1]).reshape(-1)
    keep = np.exp(-k)                                   # share of last year's stock not decayed
    first = first_year_fraction(k, reaction_month)      # share decayed in the deposit year
    decay, settle = 1.0 - keep, 1.0 - first
    years = d.shape[-1]
    # Years as rows: each year's series are contiguous, and the products go into buffers made
    # once (the same products and sums as written in eq. 3.4-3.5, so the same numbers).
    deposit = np.ascontiguousarray(d.reshape(len(k), years).T)
    out = np.empty_like(deposit)
    stock, term = np.zeros(deposit.shape[1]), np.empty(deposit.shape[1])
    for t in range(years):                              # loop over years, arrays over series
        np.multiply(stock, decay, out=out[t])
        out[t] += np.multiply(deposit[t], first, out=term)
        np.multiply(stock, keep, out=stock)
        stock += np.multiply(deposit[t], settle, out=term)
    return out.T.reshape(d.shape)


def ch4_generated(ddocm_decomposed: np.ndarray, f: np.ndarray) -> np.ndarray:
    """CH4 generated, t CH4 (eq. 3.6): ``DDOCm decomp × F × 16/12``."""
    return ddocm_decomposed * f * CH4_PER_C


def contributions(ddocm_d: np.ndarray, k: float, year_index: int,
                  reaction_month: float = PRINTED_REACTION_MONTH) -> np.ndarray:
    """DDOCm decomposed in year ``year_index`` from each deposit year of one series, t C.

    Closed form of :func:`decomposed` for one series: deposit year ``x < T`` contributes
    ``DDOCmd_x × exp(-k (13-M)/12) × exp(-k (T-x-1)) × (1 - exp(-k))``; ``x = T`` contributes
    ``DDOCmd_T × (1 - exp(-k (13-M)/12))``; later years nothing. Multiply by F × 16/12 for CH4.
    The contributions sum to ``decomposed(ddocm_d, k)[year_index]``.
    """
    d = np.asarray(ddocm_d, dtype=float)
    x = np.arange(d.shape[-1])
    first = float(first_year_fraction(np.asarray(k), reaction_month))
    age = year_index - x - 1
    older = d * (1.0 - first) * np.exp(-k * np.maximum(age, 0)) * (1.0 - np.exp(-k))
    return np.where(x < year_index, older, np.where(x == year_index, d * first, 0.0))


def backfill(first_deposit: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Deposits of the years before the first data year: ``first deposit × scale_year``.

    ``first_deposit`` is ``(n_series,)``; ``scale`` is ``(n_series, n_history_years)`` (1 for a
    constant back-cast, population_y / population_first for a per-capita back-cast, 0 where a
    series has data or no history).
    """
    return np.asarray(first_deposit, dtype=float)[:, None] * scale
