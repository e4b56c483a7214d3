"""Livestock method at 10^6 rows against a plain pandas Tier 1 enteric calculation (same run).

The method does everything for each row (enteric CH4, manure CH4 by system, direct and
indirect N2O, chains with sources); the baseline only merges the Tier 1 EF by species and
multiplies. Both are timed here so the note can put rows/s side by side; the enteric totals
must agree.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bonsai import against_bonsai

from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.inputs.inventory_tables import read_sector_table
from ghg.sectors.livestock import method as livestock
from ghg.sectors.method import TEXT_COLUMNS, SectorContext, SectorRows, record_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ghg" / "factors" / "data"
SPECIES = np.array(["dairy_cattle", "other_cattle", "buffalo", "swine", "goats", "poultry",
                    "ducks"], dtype=object)
WEIGHT = {"other_cattle": "250", "buffalo": "350", "poultry": "1.8"}
N_ROWS = 1_000_000


def livestock_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` activity rows (commune × year × species), seeded."""
    rng = np.random.default_rng(seed)
    activity = SPECIES[rng.integers(0, len(SPECIES), n)]
    return as_read(pd.DataFrame({
        "source_id": "commune_" + pd.Series(rng.integers(0, 5000, n)).astype(str),
        "year": rng.integers(2015, 2025, n), "category": "3.A", "activity": activity,
        "amount": rng.integers(1, 5000, n).astype(float), "unit": "head", "region": "",
        "productivity": "low", "weight_kg": pd.Series(activity).map(WEIGHT).fillna("").to_numpy(),
        "row": np.arange(n), "file": "livestock.csv", "line": np.arange(2, n + 2)}))


def as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns categorical and sector columns plain text, as the activity reader gives them."""
    keys = ("source_id", "category", "activity", "unit", "region", "file")
    return frame.astype({c: "category" if c in keys else object for c in frame.columns
                         if frame[c].dtype.kind not in "iuf"})


def context() -> SectorContext:
    shares = read_sector_table(ROOT / "inventories" / "ben-tre" / "manure_systems.csv",
                               "manure_systems.csv")
    return SectorContext(
        load_parameters([("ipcc2006", DATA / "ipcc2006"), ("ipcc2019", DATA / "ipcc2019")]),
        InventoryConfig(name="bench", climate_zone="tropical_wet", ipcc_region="asia"),
        {"manure_systems": shares}, np.arange(2015, 2025))


def pandas_tier1(frame: pd.DataFrame) -> pd.Series:
    """The plain way: merge the 2006 Tier 1 EF (Asia, developing) by species, multiply, sum."""
    table = pd.read_csv(DATA / "ipcc2006" / "parameters" / "livestock_enteric.csv")
    table = table[table["livestock_region"].isin(["asia", "*"])
                  & table["development"].isin(["developing", "*"])][["activity", "value"]]
    merged = frame[["year", "activity", "amount"]].merge(table, on="activity", how="inner")
    merged["t"] = merged["amount"] * merged["value"] / 1000.0
    return merged.groupby("year")["t"].sum()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return livestock_frame(N_ROWS)


def test_livestock_method_1e6_rows(benchmark, frame):
    ctx = context()

    def run():
        rows = SectorRows(frame)
        out = livestock.method(rows, ctx)
        assert not rows.problems, rows.problems[:3]
        return out

    out = benchmark.pedantic(run, rounds=3, iterations=1)
    seconds = benchmark.stats.stats.median if benchmark.stats else None
    enteric = out[out["step"] == "enteric"].groupby("year")["emissions_t"].sum()
    pd.testing.assert_series_equal(enteric, pandas_tier1(frame), check_names=False, rtol=1e-9)
    benchmark.extra_info.update({"rows": N_ROWS, "records": len(out), "seconds_median": seconds,
                                 "rows_per_s": N_ROWS / seconds if seconds else None})
    if seconds:  # each row is a Tier 1 enteric case (and its manure cases) for bonsai-ipcc
        benchmark.extra_info.update(against_bonsai(N_ROWS / seconds, "enteric"))


def test_pandas_tier1_baseline_1e6_rows(benchmark, frame):
    benchmark.pedantic(pandas_tier1, args=(frame,), rounds=3, iterations=1)
    seconds = benchmark.stats.stats.median if benchmark.stats else None
    benchmark.extra_info.update({"rows": N_ROWS, "seconds_median": seconds,
                                 "rows_per_s": N_ROWS / seconds if seconds else None})


def test_record_table_floor_1e6_rows(benchmark, frame):
    """The floor of the record format, nothing computed: the livestock records' table written
    from codes (four text columns as categoricals, codes gathered through a remap into their
    distinct names; ``row`` and ``year`` gathered), as the method's last step writes it. What
    the method costs above this is the calculation."""
    out = livestock.method(SectorRows(frame), context())
    position = out["row"].to_numpy()  # ``row`` is the position in this frame
    texts = {c: (out[c].cat.codes.to_numpy().astype(np.int64), out[c].cat.categories)
             for c in TEXT_COLUMNS}

    def build() -> pd.DataFrame:
        text = {c: record_text(np.asarray(names, dtype=object), codes)
                for c, (codes, names) in texts.items()}
        return pd.DataFrame({
            "row": frame["row"].to_numpy()[position], "year": frame["year"].to_numpy()[position],
            "category": text["category"], "gas": text["gas"],
            "emissions_t": out["emissions_t"].to_numpy(), "biogenic": out["biogenic"].to_numpy(),
            "step": text["step"], "chain": text["chain"]}, copy=False)

    table = benchmark.pedantic(build, rounds=3, iterations=1)
    for column in TEXT_COLUMNS:  # names and codes (pandas' own check boxes every record)
        pd.testing.assert_index_equal(table[column].cat.categories, out[column].cat.categories)
        np.testing.assert_array_equal(table[column].cat.codes, out[column].cat.codes)
    pd.testing.assert_frame_equal(table.drop(columns=list(TEXT_COLUMNS)),
                                  out.drop(columns=list(TEXT_COLUMNS)))
    seconds = benchmark.stats.stats.median if benchmark.stats else None
    benchmark.extra_info.update({"records": len(out), "seconds_median": seconds})
