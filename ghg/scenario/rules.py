"""Pure kernels of the scenario engine: BAU projection rules, uptake paths, measure attribution.

Arrays carry the projection years on their LAST axis; any leading axes (variants, lines) are
independent and broadcast. No pandas, no I/O.
"""

from __future__ import annotations

import numpy as np


def growth_as(base: np.ndarray, driver: np.ndarray, elasticity: np.ndarray | float) -> np.ndarray:
    """LEAP ``GrowthAs(X, e)``: ``V(t) = V(t-1) × (X(t) / X(t-1))^e`` from the base year.

    ``driver`` is ``(..., n_years)`` with the base year first; ``base`` the base-year value.

    Examples
    --------
    >>> growth_as(np.array(100.0), np.array([10.0, 11.0, 12.1]), 1.0).round(6).tolist()
    [100.0, 110.0, 121.0]
    """
    x = np.asarray(driver, dtype=float)
    e = np.asarray(elasticity, dtype=float)[..., None]
    step = (x[..., 1:] / x[..., :-1]) ** e
    ones = np.ones(step.shape[:-1] + (1,))
    return np.asarray(base, dtype=float)[..., None] * np.cumprod(
        np.concatenate([ones, step], axis=-1), axis=-1)


def linear_trend(hist_years: np.ndarray, hist_values: np.ndarray, base: float,
                 years: np.ndarray) -> np.ndarray:
    """Least-squares slope of the historical series, drawn from the base-year value.

    The line is anchored at the base year's own value (not the fitted one) so the projection
    continues the inventory without a jump; it never goes below zero.

    Examples
    --------
    >>> years = np.array([2020, 2021, 2022])
    >>> linear_trend(years, np.array([10., 12., 14.]), 14., np.array([2022, 2023]))
    array([14., 16.])
    """
    x = np.asarray(hist_years, dtype=float)
    y = np.asarray(hist_values, dtype=float)
    slope = 0.0 if len(x) < 2 else float(np.polyfit(x, y, 1)[0])
    return np.maximum(base + slope * (np.asarray(years, dtype=float) - years[0]), 0.0)


def uptake_path(years: np.ndarray, points: np.ndarray, shares: np.ndarray, start: int
                ) -> np.ndarray:
    """Share of the activity taken up each year: linear between the given points, flat after
    the last, zero before ``start``.

    Examples
    --------
    >>> uptake_path(np.arange(2025, 2030), np.array([2026, 2028]), np.array([0.2, 0.6]), 2026)
    array([0. , 0.2, 0.4, 0.6, 0.6])
    """
    path = np.interp(years, points, shares, left=0.0, right=float(shares[-1]))
    return np.where(years >= start, path, 0.0)


def water_regime_factor(share: np.ndarray, sfw_from: float, sfw_to: float) -> np.ndarray:
    """Factor on the CH4 of the affected area when ``share`` of it moves to another water
    regime: ``1 - s × (1 - SFw_to / SFw_from)`` (EF ∝ SFw, 2006/2019 Vol 4 Eq 5.2).

    Examples
    --------
    >>> water_regime_factor(np.array([0.5]), 1.0, 0.55)
    array([0.775])
    """
    return 1.0 - np.asarray(share) * (1.0 - sfw_to / sfw_from)


def attribute(bau: np.ndarray, reduction: np.ndarray, added: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Apply measures in order to the remaining emissions; the saving of each.

    ``reduction[m]`` is the fraction of what is left after measures ``0..m-1`` that measure ``m``
    removes; ``added[m]`` what it adds (e.g. composting's own 4.B emissions). Shapes:
    ``bau (..., T)``, ``reduction`` and ``added`` ``(M, ..., T)``. Returns ``(scenario,
    saved)`` with ``saved (M, ..., T)``; ``saved.sum(0) == bau - scenario`` up to rounding
    (a telescoping sum: each measure's saving is the difference it makes in that order).

    Examples
    --------
    >>> s, saved = attribute(np.array([100.0]), np.array([[0.5], [0.2]]), np.zeros((2, 1)))
    >>> s.tolist(), saved.tolist()
    ([40.0], [[50.0], [10.0]])
    """
    keep = np.cumprod(1.0 - reduction, axis=0)
    before = np.concatenate([np.ones_like(keep[:1]), keep[:-1]], axis=0) * bau
    saved = before * reduction - added
    scenario = keep[-1] * bau + added.sum(axis=0) if len(reduction) else bau + 0.0
    return scenario, saved
