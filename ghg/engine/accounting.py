"""Which input rows gave no emission record of their own, and why.

An energy row declaring every gas not estimated gives no record. A sector row can give no
record for two reasons. Either every gas of it is declared not
estimated (notation key NE): it is a row without emissions, and ``ghg compute`` warns. Or its
emissions are recorded on another row: a landfill deposit (an ``swds`` row of waste deposited,
or the landfilled part of an ``msw`` row) feeds its site's first-order decay, whose records for
every later year are attributed to the site's last deposit row (ghg.sectors.waste.landfill).
Such a row is accounted elsewhere, not missing, and raises no warning.

Every input row is exactly one of: computed (it has records), accounted elsewhere, without
emissions; ``rejected`` stays 0, since bad input stops the run (docs/contracts.md §4, §5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.inputs.activity import energy_mask, row_kinds

#: Kinds whose rows are deposits feeding a site's first-order decay.
DEPOSIT_KINDS: tuple[str, ...] = ("swds", "msw")
#: Step of first-order decay records (ghg.sectors.waste.landfill).
FOD_STEP = "swds_fod"


def accounted_elsewhere(frame: pd.DataFrame, records: pd.DataFrame, rows: np.ndarray
                        ) -> np.ndarray:
    """Of the row positions ``rows`` (rows without a record of their own), those that are
    deposits at a site whose first-order decay has records: their emissions are in them.

    >>> frame = pd.DataFrame({"source_id": pd.Categorical(["S1", "S1", "S2"]),
    ...                       "activity": pd.Categorical(["food_waste"] * 3)})
    >>> records = pd.DataFrame({"row": [1], "step": [FOD_STEP]})
    >>> accounted_elsewhere(frame, records, np.array([0, 2])).tolist()
    [True, False]
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows) or records.empty:
        return np.zeros(len(rows), dtype=bool)
    site = frame["source_id"]  # as text only at the rows looked at, not at every row
    fod_rows = records.loc[(records["step"] == FOD_STEP).to_numpy(), "row"]  # by code
    decaying = np.unique(site.iloc[fod_rows.to_numpy(dtype=np.int64)].astype(str).to_numpy())
    deposit = np.isin(row_kinds(frame.iloc[rows]), DEPOSIT_KINDS)
    return deposit & np.isin(site.iloc[rows].astype(str).to_numpy(), decaying)


def energy_rows_without_records(frame: pd.DataFrame, emissions: np.ndarray) -> np.ndarray:
    """Positions in ``frame`` of energy rows with no emission for any gas (every gas declared
    not estimated); ``emissions`` is the energy path's (gas, energy row) array, NaN where a gas
    gives no record.

    >>> frame = pd.DataFrame({"activity": pd.Categorical(["diesel", "diesel"])})
    >>> energy_rows_without_records(frame, np.array([[1.0, np.nan]] * 3)).tolist()
    [1]
    """
    if not emissions.size:
        return np.zeros(0, dtype=np.intp)
    # a row without any emission has none of the first gas: look at those rows only
    candidates = np.flatnonzero(np.isnan(emissions[0]))
    candidates = candidates[np.isnan(emissions[:, candidates]).all(axis=0)]
    if not len(candidates):
        return candidates
    return np.flatnonzero(energy_mask(frame))[candidates]
