"""Waste (composting, 4.B) and domestic wastewater (4.D.1) at 10^6 rows against a plain pandas
merge-multiply of the same Tier 1 arithmetic, in the same run.

The methods validate every column, look up each factor with its source and write each record's
``chain``; the baselines merge the factors and multiply. Totals by year (and gas) must agree.
``extra_info`` holds rows/s and the ratio to the baseline timed in the same test.

Targets (issue #13): >= 2 M rows/s and <= 5x the pandas baseline.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.inputs.inventory_tables import read_sector_table
from ghg.sectors.method import SectorContext, SectorRows
from ghg.sectors.waste import method as waste
from ghg.sectors.waste import wastewater

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ghg" / "factors" / "data"
PATHWAYS = ROOT / "inventories" / "ben-tre" / "wastewater_pathways.csv"
N_ROWS = 1_000_000
TARGET_ROWS_PER_S = 2e6
TARGET_RATIO = 5.0
KEYS = ("source_id", "category", "activity", "unit", "region", "file")


def as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns categorical and sector columns plain text, as the activity reader gives them."""
    return frame.astype({c: "category" if c in KEYS else object for c in frame.columns
                         if frame[c].dtype.kind not in "iuf"})


def composting_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` composting rows (commune × year), t of wet waste."""
    rng = np.random.default_rng(seed)
    return as_read(pd.DataFrame({
        "source_id": "commune_" + pd.Series(rng.integers(0, 5000, n)).astype(str),
        "year": rng.integers(2015, 2025, n), "category": "4.B", "activity": "composting",
        "amount": rng.integers(1, 2000, n).astype(float), "unit": "t", "region": "",
        "basis": "wet", "row": np.arange(n), "file": "waste.csv", "line": np.arange(2, n + 2)}))


def wastewater_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` domestic wastewater rows (commune × year × income group), persons; N2O left out
    (``not_estimated``) as in the Ben Tre inventory, so both sides compute CH4 only."""
    rng = np.random.default_rng(seed)
    return as_read(pd.DataFrame({
        "source_id": "commune_" + pd.Series(rng.integers(0, 5000, n)).astype(str),
        "year": rng.integers(2015, 2025, n), "category": "4.D.1",
        "activity": "domestic_wastewater", "amount": rng.integers(100, 50_000, n).astype(float),
        "unit": "person", "region": "",
        "income_group": np.array(["urban", "rural"], dtype=object)[rng.integers(0, 2, n)],
        "ipcc_region": "south_east_asia", "not_estimated": "n2o",
        "row": np.arange(n), "file": "waste.csv", "line": np.arange(2, n + 2)}))


def context(*sets: str, tables: dict | None = None) -> SectorContext:
    return SectorContext(load_parameters([(s, DATA / s) for s in sets]),
                         InventoryConfig(name="bench", climate_zone="tropical_wet",
                                         ipcc_region="south_east_asia"), tables or {},
                         np.arange(2015, 2025))


def pandas_composting(frame: pd.DataFrame) -> pd.Series:
    """The plain way: merge the wet-basis EF of each gas (Table 4.1), multiply, sum by year."""
    table = pd.read_csv(DATA / "ipcc2006" / "parameters" / "waste_biological.csv")
    ef = table[table["basis"] == "wet"][["parameter", "treatment", "value"]]
    ef = ef.assign(gas=ef["parameter"].str.removeprefix("ef_").str.upper())  # on the 2 EF rows
    merged = frame[["year", "activity", "amount"]].merge(
        ef[["treatment", "gas", "value"]], left_on="activity", right_on="treatment")
    merged["t"] = merged["amount"] * merged["value"] / 1000.0  # t × g/kg = kg; / 1000 = t
    return merged.groupby(["year", "gas"])["t"].sum()


def pandas_wastewater(frame: pd.DataFrame) -> pd.Series:
    """The plain way: merge pathway shares by income group and MCF by pathway, multiply
    persons × share × BOD × 0.001 × I × 365 × Bo × MCF / 1000 (eq. 6.1-6.3), sum by year."""
    shares = pd.read_csv(PATHWAYS)[["income_group", "pathway", "share"]]
    t2006 = pd.read_csv(DATA / "ipcc2006" / "parameters" / "waste_wastewater.csv")
    t2019 = pd.read_csv(DATA / "ipcc2019" / "parameters" / "waste_wastewater.csv")
    mcf = t2019[t2019["parameter"] == "mcf"][["pathway", "value"]].rename(
        columns={"value": "mcf"})
    bod = float(t2006[(t2006["parameter"] == "bod")
                      & (t2006["region"] == "south_east_asia")]["value"].iloc[0])
    bo = float(t2006[t2006["parameter"] == "bo_bod"]["value"].iloc[0])
    uncollected = float(t2006[(t2006["parameter"] == "i_factor")
                              & (t2006["pathway"] == "uncollected")]["value"].iloc[0])
    merged = (frame[["year", "income_group", "amount"]].merge(shares, on="income_group")
              .merge(mcf, on="pathway"))
    # The Ben Tre pathways (septic tank, discharge) are all uncollected: I = 1.0.
    merged["t"] = (merged["amount"] * merged["share"] * bod * 0.001 * uncollected * 365.0 * bo
                   * merged["mcf"] / 1000.0)
    return merged.groupby("year")["t"].sum()


def _median_seconds(function, *args, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def _record(benchmark, frame, out, baseline, *args) -> None:
    if benchmark.stats is None:  # --benchmark-disable: ran once, nothing timed
        return
    seconds = benchmark.stats.stats.median
    baseline_seconds = _median_seconds(baseline, *args)
    benchmark.extra_info.update({
        "rows": len(frame), "records": len(out), "seconds_median": seconds,
        "rows_per_s": len(frame) / seconds, "pandas_seconds_median": baseline_seconds,
        "ratio_to_pandas": seconds / baseline_seconds,
        "meets_rows_per_s": len(frame) / seconds >= TARGET_ROWS_PER_S,
        "meets_ratio": seconds / baseline_seconds <= TARGET_RATIO})


@pytest.fixture(scope="module")
def composting() -> pd.DataFrame:
    return composting_frame(N_ROWS)


@pytest.fixture(scope="module")
def domestic() -> pd.DataFrame:
    return wastewater_frame(N_ROWS)


def test_waste_composting_1e6_rows(benchmark, composting):
    ctx = context("ipcc2006")

    def run() -> pd.DataFrame:
        rows = SectorRows(composting)
        out = waste.method(rows, ctx)
        assert not rows.problems, rows.problems[:3]
        return out

    out = benchmark.pedantic(run, rounds=3, iterations=1)
    # gas as text, as the plain pandas baseline keys it (the records hold it as codes)
    totals = out.astype({"gas": str}).groupby(["year", "gas"])["emissions_t"].sum()
    pd.testing.assert_series_equal(totals, pandas_composting(composting), check_names=False,
                                   rtol=1e-9)
    _record(benchmark, composting, out, pandas_composting, composting)


def test_pandas_composting_baseline_1e6_rows(benchmark, composting):
    benchmark.pedantic(pandas_composting, args=(composting,), rounds=3, iterations=1)


def test_wastewater_domestic_1e6_rows(benchmark, domestic):
    ctx = context("ipcc2019", "ipcc2006", tables={
        "wastewater_pathways": read_sector_table(PATHWAYS, PATHWAYS.name)})

    def run() -> pd.DataFrame:
        rows = SectorRows(domestic)
        out = wastewater.method(rows, ctx)
        assert not rows.problems, rows.problems[:3]
        return out

    out = benchmark.pedantic(run, rounds=3, iterations=1)
    totals = out.groupby("year")["emissions_t"].sum()
    pd.testing.assert_series_equal(totals, pandas_wastewater(domestic), check_names=False,
                                   rtol=1e-9)
    _record(benchmark, domestic, out, pandas_wastewater, domestic)


def test_pandas_wastewater_baseline_1e6_rows(benchmark, domestic):
    benchmark.pedantic(pandas_wastewater, args=(domestic,), rounds=3, iterations=1)
