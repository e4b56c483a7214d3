"""A synthetic national data set, made partition by partition (for the dask benchmarks).

``national_partitions(provinces, facilities, years, rows_per_facility_year)`` returns one loader
per (province, block of facilities): a zero-argument callable that builds that partition when a
dask task calls it, so the whole data set never sits in one process. Facilities are named
``P07-F01234``; each belongs to one partition. The mix of fuels, categories and units is that of
:mod:`synthetic` (the combinations the factor library covers), drawn per facility and year.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
from synthetic import COMBOS, UNIT_SCALE, YEARS


def national_partitions(provinces: int = 34, facilities: int = 2000, years: int = 10,
                        rows_per_facility_year: int = 5, facilities_per_partition: int = 20_000,
                        seed: int = 0) -> list[Callable[[], pd.DataFrame]]:
    """Loaders of the partitions; rows = provinces × facilities × years × rows per year."""
    if years > len(YEARS):
        raise ValueError(f"at most {len(YEARS)} years (those with a grid factor)")
    loaders = []
    for province in range(provinces):
        for first in range(0, facilities, facilities_per_partition):
            count = min(facilities_per_partition, facilities - first)
            loaders.append(partial(make_partition, province, first, count, years,
                                   rows_per_facility_year, seed))
    return loaders


def make_partition(province: int, first: int, count: int, years: int, rows_per_year: int,
                   seed: int) -> pd.DataFrame:
    """One partition: ``count`` facilities of a province, each with distinct combos per year.

    Examples
    --------
    >>> part = make_partition(3, 0, 10, 2, 5, seed=1)
    >>> len(part), part["source_id"].iloc[0]
    (100, 'P03-F00000')
    >>> bool(part.duplicated(["source_id", "year", "category", "activity", "unit"]).any())
    False
    """
    rng = np.random.default_rng([seed, province, first])
    n = count * years * rows_per_year
    facility = np.repeat(np.arange(count), years * rows_per_year)
    year = np.tile(np.repeat(np.arange(years), rows_per_year), count) + YEARS[-years]
    # distinct combos within a facility-year: an offset plus a stride through COMBOS
    start = rng.integers(0, len(COMBOS), count * years)
    combo = (np.repeat(start, rows_per_year) + np.tile(np.arange(rows_per_year), count * years)
             * 37) % len(COMBOS)  # 37 is coprime with the number of combos: no repeats
    combos = pd.DataFrame(COMBOS, columns=["activity", "category", "unit"])
    names = [f"P{province:02d}-F{first + i:05d}" for i in range(count)]
    columns = {"source_id": pd.Categorical.from_codes(facility, categories=names),
               "year": year.astype(np.int32)}
    for column in ("category", "activity", "unit"):
        values = sorted(combos[column].unique())
        lookup = np.array([values.index(v) for v in combos[column]], dtype=np.int16)
        columns[column] = pd.Categorical.from_codes(lookup[combo], categories=values)
    median = np.array([UNIT_SCALE[u] for u in combos["unit"]])[combo]
    columns["amount"] = median * rng.lognormal(0.0, 1.0, n)
    return pd.DataFrame(columns)[["source_id", "year", "category", "activity", "amount",
                                  "unit"]]
