"""Reproducible synthetic activity tables for the benchmarks (docs/contracts.md §1 columns).

Rows are drawn from the key space ``sources × years × COMBOS`` *without replacement*, so the
(source_id, year, category, activity, unit) key of every row is unique and the engine's duplicate
check passes without ``sum_duplicates``.

``COMBOS`` lists (activity, category, unit) triples the engine can compute with the built-in
factor library. The (activity, category) pairs were found by running ``ghg.compute`` on one row of
every fuel / grid_electricity activity in every energy category 1.A.1, 1.A.2, 1.A.2.e, 1.A.3.b,
1.A.4.a, 1.A.4.b, 1.A.4.c.i and keeping the pairs that computed (several factor rows are still
missing from the library); :func:`discover_pairs` re-runs that check. The list is fixed here, not
re-discovered at run time, so the workload stays the same when factors are added and figures from
different runs compare. ``tests`` of this folder check every combo still computes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

#: Reporting years (the national grid factor is published for each of them).
YEARS = tuple(range(2014, 2024))

#: Categories in which each activity has every factor it needs (found with discover_pairs()).
PAIRS: dict[str, tuple[str, ...]] = {
    "diesel": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.3.b", "1.A.4.b", "1.A.4.c.i"),
    "motor_gasoline": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.3.b", "1.A.4.b", "1.A.4.c.i"),
    "lpg": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.4.b", "1.A.4.c.i"),
    "natural_gas": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.4.b", "1.A.4.c.i"),
    "residual_fuel_oil": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.4.b", "1.A.4.c.i"),
    "anthracite": ("1.A.1", "1.A.4.b", "1.A.4.c.i"),
    "sub_bituminous_coal": ("1.A.1", "1.A.4.b", "1.A.4.c.i"),
    "other_bituminous_coal": ("1.A.1", "1.A.4.b", "1.A.4.c.i"),
    "lignite": ("1.A.1", "1.A.4.b", "1.A.4.c.i"),
    "wood": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.4.a", "1.A.4.b", "1.A.4.c.i"),  # biogenic CO2
    "grid_electricity": ("1.A.1", "1.A.2", "1.A.2.e", "1.A.3.b", "1.A.4.a", "1.A.4.b",
                         "1.A.4.c.i"),
}
#: Candidate categories tried by discover_pairs().
CATEGORIES = ("1.A.1", "1.A.2", "1.A.2.e", "1.A.3.b", "1.A.4.a", "1.A.4.b", "1.A.4.c.i")
FUEL_UNITS = ("t", "kt", "TJ", "GJ")
LIQUID_UNITS = ("l",)  # litres only for fuels with a density in the library
LIQUIDS = ("diesel", "motor_gasoline")
ELECTRICITY_UNITS = ("MWh", "kWh")

#: Typical size of one row's amount, per unit (median of a log-normal draw).
UNIT_SCALE = {"t": 500.0, "kt": 0.5, "TJ": 20.0, "GJ": 20_000.0, "l": 500_000.0,
              "MWh": 2_000.0, "kWh": 2_000_000.0}


def units_of(activity: str) -> tuple[str, ...]:
    if activity == "grid_electricity":
        return ELECTRICITY_UNITS
    return FUEL_UNITS + (LIQUID_UNITS if activity in LIQUIDS else ())


#: Every (activity, category, unit) a row may carry (206 combos).
COMBOS: tuple[tuple[str, str, str], ...] = tuple(
    (activity, category, unit)
    for activity, categories in PAIRS.items()
    for category in categories
    for unit in units_of(activity)
)

#: Default number of rows per source: a facility reporting ~5 quantities a year for 10 years.
ROWS_PER_SOURCE = 50


def make_activity(n_rows: int, n_sources: int | None = None, seed: int = 0,
                  shuffle: bool = False) -> pd.DataFrame:
    """A synthetic activity table of ``n_rows`` rows with unique keys.

    Columns: ``source_id``, ``category``, ``activity``, ``unit`` (categorical, as the engine's
    reader produces), ``year`` (int32), ``amount`` (float64). ``n_sources`` defaults to
    ``ceil(n_rows / 50)``; it must leave room for ``n_rows`` distinct keys
    (``n_sources * 10 years * 206 combos >= n_rows``). Rows come sorted by source, year, combo (the
    natural order of a facility file) unless ``shuffle``. Same arguments, same table.

    Examples
    --------
    >>> df = make_activity(1000, seed=1)
    >>> df.shape, df["year"].dtype.name, df["source_id"].dtype.name
    ((1000, 6), 'int32', 'category')
    >>> bool(df.duplicated(["source_id", "year", "category", "activity", "unit"]).any())
    False
    """
    if n_rows < 0:
        raise ValueError("n_rows must be >= 0")
    if n_sources is None:
        n_sources = max(1, -(-n_rows // ROWS_PER_SOURCE))
    space = n_sources * len(YEARS) * len(COMBOS)
    if n_rows > space:
        raise ValueError(f"{n_sources} sources × {len(YEARS)} years × {len(COMBOS)} combos give "
                         f"{space} distinct keys, fewer than n_rows={n_rows}")
    rng = np.random.default_rng(seed)
    flat = _sample_distinct(rng, space, n_rows)  # sorted
    if shuffle:
        flat = rng.permutation(flat)
    combo = flat % len(COMBOS)
    rest = flat // len(COMBOS)
    year = (rest % len(YEARS)).astype(np.int32) + np.int32(YEARS[0])
    source = rest // len(YEARS)

    combos = pd.DataFrame(COMBOS, columns=["activity", "category", "unit"])
    width = len(str(n_sources - 1))
    source_names = pd.Index([f"F{i:0{width}d}" for i in range(n_sources)])
    code_type = np.int32 if n_sources > np.iinfo(np.int16).max else np.int16

    def categorical(codes: np.ndarray, names: pd.Index | list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=pd.Index(names))

    columns = {}
    columns["source_id"] = categorical(source.astype(code_type), source_names)
    columns["year"] = year
    for name in ("category", "activity"):
        values = sorted(combos[name].unique())
        lookup = np.array([values.index(v) for v in combos[name]], dtype=np.int8)
        columns[name] = categorical(lookup[combo], values)
    unit_names = sorted(UNIT_SCALE)
    unit_lookup = np.array([unit_names.index(u) for u in combos["unit"]], dtype=np.int8)
    unit_code = unit_lookup[combo]
    columns["unit"] = categorical(unit_code, unit_names)
    median = np.array([UNIT_SCALE[u] for u in unit_names])[unit_code]
    columns["amount"] = median * rng.lognormal(mean=0.0, sigma=1.0, size=n_rows)
    frame = pd.DataFrame(columns)
    return frame[["source_id", "year", "category", "activity", "amount", "unit"]]


def _sample_distinct(rng: np.random.Generator, space: int, n: int) -> np.ndarray:
    """``n`` distinct integers from ``range(space)``, sorted, reproducibly from ``rng``."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n > space // 4:  # dense: a permutation is cheap enough and exact
        return np.sort(rng.permutation(space)[:n].astype(np.int64))
    drawn = _sorted_unique(rng.integers(0, space, size=n + n // 8 + 16, dtype=np.int64))
    while len(drawn) < n:
        more = rng.integers(0, space, size=n - len(drawn) + n // 8 + 16, dtype=np.int64)
        drawn = _sorted_unique(np.concatenate([drawn, more]))
    # drop the surplus at random positions, so the sample stays uniform
    keep = np.sort(rng.choice(len(drawn), size=n, replace=False))
    return drawn[keep]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique in numpy 2.4 hashes first (about 8 s for 10^7 int64); sort + diff is ~1 s.
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def combo_table(years: tuple[int, ...] = YEARS) -> pd.DataFrame:
    """One row per (COMBOS × years), one source: every key the benchmarks can generate."""
    rows = [("ALL", year, category, activity, 1.0, unit)
            for year in years for activity, category, unit in COMBOS]
    return pd.DataFrame(rows, columns=["source_id", "year", "category", "activity", "amount",
                                       "unit"])


def discover_pairs(activities: list[str] | None = None,
                   categories: tuple[str, ...] = CATEGORIES, year: int = 2020
                   ) -> dict[str, list[str]]:
    """Run ``ghg.compute`` on one row of every (activity, category) pair; keep those that compute.

    Slow (one engine run per pair, ~10 s in all); used to derive ``PAIRS``.
    """
    import ghg
    from ghg.core.errors import GHGError
    from ghg.factors.library import activities as registry

    known = registry()
    if activities is None:
        activities = [a for a in known.index if known.loc[a, "kind"] in ("fuel", "electricity")]
    found: dict[str, list[str]] = {}
    for activity in activities:
        unit = "MWh" if known.loc[activity, "kind"] == "electricity" else "t"
        for category in categories:
            row = pd.DataFrame({"source_id": ["S"], "year": [year], "category": [category],
                                "activity": [activity], "amount": [1.0], "unit": [unit]})
            try:
                ghg.compute(row)
            except GHGError:
                continue
            found.setdefault(activity, []).append(category)
    return found


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a docs/contracts.md §1 activity CSV (UTF-8, header, decimal point, no index)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, float_format="%.17g", lineterminator="\n")
    return path
