"""Inventory uncertainty inputs, shared by Approach 1 and Approach 2 (IPCC 2006 Guidelines Vol 1
ch 3, kept unchanged in the 2019 Refinement for these equations).

Approach 1 (error propagation) is :mod:`ghg.province.error_propagation`, Approach 2 (Monte Carlo)
:mod:`ghg.province.monte_carlo` and, as a cube of draws, :mod:`ghg.province.uncertainty_cube`.

Inputs (handed over by the engine):

- ``inventory``: one row per (category, gas, year) with ``co2e_t`` (removals negative).
- ``uncertainty``: one row per (category, gas) with ``u_activity_pct`` and ``u_factor_pct``, the
  half-width of the 95% confidence interval in % of the value; optional ``distribution_activity``,
  ``distribution_factor`` (normal | lognormal | triangular | uniform), ``activity_group`` and
  ``factor_group`` (cells sharing a group id share one draw: fully correlated).

Default distribution: normal below a 50% half-width, lognormal from 50% up (Vol 1 ch 3 advises
asymmetric distributions for large uncertainties; the 50% cut is this project's documented choice).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ghg.core.errors import GHGError

DISTRIBUTIONS = ("normal", "lognormal", "triangular", "uniform")
#: From this half-width (%) up the default distribution is lognormal, below it normal.
LOGNORMAL_FROM_PCT = 50.0


class UncertaintyInputError(GHGError, ValueError):
    """Inventory or uncertainty table that cannot be used; lists every problem found."""


@dataclass(frozen=True)
class Cells:
    """The inventory as a (category, gas) x year matrix, with each cell's uncertainty."""

    keys: pd.DataFrame  # category, gas (sorted)
    years: np.ndarray
    emissions: np.ndarray  # cells x years, t CO2e
    u_activity: np.ndarray
    u_factor: np.ndarray
    kind_activity: np.ndarray
    kind_factor: np.ndarray
    activity_group: np.ndarray  # group id per cell (object)
    factor_group: np.ndarray


def cell_matrix(inventory: pd.DataFrame, uncertainty: pd.DataFrame) -> Cells:
    """The validated inputs as :class:`Cells`; every problem found is raised at once."""
    problems: list[str] = []
    for name, frame, cols in (
        ("inventory", inventory, ("category", "gas", "year", "co2e_t")),
        ("uncertainty", uncertainty, ("category", "gas", "u_activity_pct", "u_factor_pct")),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            problems.append(f"{name}: missing column(s) {', '.join(missing)}")
    if problems:
        raise UncertaintyInputError("\n".join(problems))
    inv = inventory[["category", "gas", "year", "co2e_t"]].copy()
    inv["category"] = inv["category"].astype(str)
    inv["gas"] = inv["gas"].astype(str)
    if inv.duplicated(["category", "gas", "year"]).any():
        dup = inv[inv.duplicated(["category", "gas", "year"], keep=False)]
        problems.append("inventory: more than one row for " + _list(dup))
    values = pd.to_numeric(inv["co2e_t"], errors="coerce")
    if not np.isfinite(values.to_numpy(dtype=float)).all():
        problems.append("inventory: co2e_t not a finite number for "
                        + _list(inv[~np.isfinite(values.to_numpy(dtype=float))]))
    if problems:
        raise UncertaintyInputError("\n".join(problems))
    inv["co2e_t"] = values.astype(float)
    matrix = inv.pivot(index=["category", "gas"], columns="year", values="co2e_t")
    matrix = matrix.sort_index().sort_index(axis=1).fillna(0.0)  # a missing year adds nothing
    keys = matrix.index.to_frame(index=False)

    unc = uncertainty.copy()
    unc["category"] = unc["category"].astype(str)
    unc["gas"] = unc["gas"].astype(str)
    if unc.duplicated(["category", "gas"]).any():
        problems.append("uncertainty: more than one row for "
                        + _list(unc[unc.duplicated(["category", "gas"], keep=False)]))
        raise UncertaintyInputError("\n".join(problems))
    unc = unc.set_index(["category", "gas"]).reindex(matrix.index)
    absent = unc["u_activity_pct"].isna() & unc["u_factor_pct"].isna()
    if absent.any():
        problems.append("uncertainty: no row for " + _list(keys[absent.to_numpy()])
                        + "; add u_activity_pct and u_factor_pct for them")
    u_ad = _percent(unc, "u_activity_pct", keys, problems)
    u_ef = _percent(unc, "u_factor_pct", keys, problems)
    kind_ad = _kind(unc, "distribution_activity", u_ad, keys, problems)
    kind_ef = _kind(unc, "distribution_factor", u_ef, keys, problems)
    cell_id = (keys["category"] + "|" + keys["gas"]).to_numpy(dtype=object)
    group_ad = _groups(unc, "activity_group", cell_id)
    group_ef = _groups(unc, "factor_group", cell_id)
    for group, u, kind, what in ((group_ad, u_ad, kind_ad, "activity"),
                                 (group_ef, u_ef, kind_ef, "factor")):
        _check_group_consistent(group, u, kind, what, problems)
    if problems:
        raise UncertaintyInputError("\n".join(problems))
    return Cells(keys, matrix.columns.to_numpy(dtype=int), matrix.to_numpy(dtype=float),
                  u_ad, u_ef, kind_ad, kind_ef, group_ad, group_ef)


def _list(frame: pd.DataFrame, limit: int = 10) -> str:
    pairs = (frame["category"].astype(str) + " " + frame["gas"].astype(str)).drop_duplicates()
    shown = ", ".join(pairs.head(limit))
    return shown + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")


def _percent(unc: pd.DataFrame, col: str, keys: pd.DataFrame, problems: list[str]) -> np.ndarray:
    values = pd.to_numeric(unc[col], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        problems.append(f"uncertainty: {col} must be a number >= 0 (% half-width of the 95% "
                        f"interval) for {_list(keys[bad])}")
    return values


def _kind(unc: pd.DataFrame, col: str, u_pct: np.ndarray, keys: pd.DataFrame,
          problems: list[str]) -> np.ndarray:
    default = np.where(u_pct >= LOGNORMAL_FROM_PCT, "lognormal", "normal")
    if col in unc.columns:
        given = unc[col].astype("string").str.strip().str.lower().fillna("")
        names = np.where(given.to_numpy(dtype=object) == "", default, given.to_numpy(dtype=object))
    else:
        names = default
    codes = pd.Index(DISTRIBUTIONS).get_indexer(pd.Index(names, dtype=object))
    if (codes < 0).any():
        problems.append(f"uncertainty: {col} must be one of {', '.join(DISTRIBUTIONS)} for "
                        f"{_list(keys[codes < 0])}")
    return np.asarray(codes, dtype=np.int64)


def _groups(unc: pd.DataFrame, col: str, cell_id: np.ndarray) -> np.ndarray:
    if col not in unc.columns:
        return cell_id
    given = unc[col].astype("string").str.strip().fillna("").to_numpy(dtype=object)
    # an ungrouped cell is its own group; the prefix keeps it apart from user group names
    return np.where(given == "", "cell:" + cell_id, "group:" + given).astype(object)


def _check_group_consistent(group: np.ndarray, u: np.ndarray, kind: np.ndarray, what: str,
                            problems: list[str]) -> None:
    frame = pd.DataFrame({"group": group, "u": u, "kind": kind})
    spread = frame.groupby("group").agg(u=("u", "nunique"), kind=("kind", "nunique"))
    bad = spread.index[(spread["u"] > 1) | (spread["kind"] > 1)]
    if len(bad):
        names = ", ".join(str(g).removeprefix("group:") for g in bad)
        problems.append(f"uncertainty: {what}_group {names} has different u_{what}_pct or "
                        f"distribution_{what} in its rows; one shared draw needs one distribution")


def pick_years(years: np.ndarray, base_year: int | None, latest_year: int | None
               ) -> tuple[int, int]:
    """Base and latest year, defaulting to the first and last of ``years``; both must be there."""
    base = int(years.min()) if base_year is None else int(base_year)
    latest = int(years.max()) if latest_year is None else int(latest_year)
    for year in (base, latest):
        if year not in years:
            raise UncertaintyInputError(f"year {year} is not in the inventory "
                                        f"({years.min()}-{years.max()})")
    return base, latest
