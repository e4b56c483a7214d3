"""Rice CH4 (3.C.7) at 10^6 rows — commune × season × water regime × year — against a plain
pandas implementation of the same Tier 1 arithmetic, in the same run.

The method validates every column, looks up EFc and the scaling factors per row, and writes the
arithmetic of each record (``chain``); the baseline merges SFw by regime and multiplies. Totals
by year must agree.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.sectors import rice
from ghg.sectors.method import SectorContext, SectorRows

DATA = Path(__file__).resolve().parents[1] / "ghg" / "factors" / "data"
REGIMES = np.array(["continuously_flooded", "single_drainage", "multiple_drainage",
                    "rainfed_regular"], dtype=object)
N_ROWS = 1_000_000


def rice_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return as_read(pd.DataFrame({
        "source_id": "commune_" + pd.Series(rng.integers(0, 2000, n)).astype(str),
        "year": rng.integers(2015, 2025, n), "category": "3.C.7", "activity": "rice",
        "amount": rng.integers(1, 500, n).astype(float), "unit": "ha", "region": "",
        "season": np.array(["winter_spring", "summer_autumn", "autumn_winter"],
                           dtype=object)[rng.integers(0, 3, n)],
        "water_regime": REGIMES[rng.integers(0, len(REGIMES), n)],
        "preseason_water": "non_flooded_short", "cultivation_days": "100",
        "row": np.arange(n), "file": "rice.csv", "line": np.arange(2, n + 2)}))


def as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns categorical and sector columns plain text, as the activity reader gives them."""
    keys = ("source_id", "category", "activity", "unit", "region", "file")
    return frame.astype({c: "category" if c in keys else object for c in frame.columns
                         if frame[c].dtype.kind not in "iuf"})


def context() -> SectorContext:
    return SectorContext(load_parameters([("ipcc2019", DATA / "ipcc2019")]),
                         InventoryConfig(name="bench", climate_zone="tropical_wet",
                                         ipcc_region="south_east_asia"), {},
                         np.arange(2015, 2025))


def pandas_rice(frame: pd.DataFrame) -> pd.Series:
    """The plain way: merge SFw by regime, multiply area × days × EFc × SFw × SFp, sum by year."""
    table = pd.read_csv(DATA / "ipcc2019" / "parameters" / "rice_ch4.csv")
    sfw = table[table["parameter"] == "sfw"][["water_regime", "value"]]
    efc = table[(table["parameter"] == "efc") & (table["rice_region"] == "south_east_asia")]
    sfp = table[(table["parameter"] == "sfp") & (table["preseason_water"] == "non_flooded_short")]
    merged = frame[["year", "amount", "water_regime"]].merge(sfw, on="water_regime")
    merged["t"] = (merged["amount"] * 100 * float(efc["value"].iloc[0]) * merged["value"]
                   * float(sfp["value"].iloc[0]) / 1000.0)
    return merged.groupby("year")["t"].sum()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return rice_frame(N_ROWS)


def test_rice_method_1e6_rows(benchmark, frame):
    ctx = context()

    def run() -> pd.DataFrame:
        rows = SectorRows(frame)
        out = rice.method(rows, ctx)
        assert not rows.problems, rows.problems[:3]
        return out

    out = benchmark.pedantic(run, rounds=3, iterations=1)
    by_year = out.groupby("year")["emissions_t"].sum()
    pd.testing.assert_series_equal(by_year, pandas_rice(frame), check_names=False, rtol=1e-9)
    seconds = benchmark.stats.stats.median if benchmark.stats else None
    benchmark.extra_info.update({"rows": N_ROWS, "seconds_median": seconds,
                                 "rows_per_s": N_ROWS / seconds if seconds else None})


def test_pandas_rice_baseline_1e6_rows(benchmark, frame):
    benchmark.pedantic(pandas_rice, args=(frame,), rounds=3, iterations=1)
    seconds = benchmark.stats.stats.median if benchmark.stats else None
    benchmark.extra_info.update({"rows": N_ROWS, "seconds_median": seconds,
                                 "rows_per_s": N_ROWS / seconds if seconds else None})
