"""The run's exchange formats round-trip on the bundled inventory: Parquet and IAMC read back
equal the emissions table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import ghg
from ghg.engine.formats import aggregate_sources, from_iamc
from ghg.engine.writers import FORMATS, write_result

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"


@pytest.fixture(scope="module")
def result():
    return ghg.compute(EXAMPLE)


def test_parquet_reads_back_as_the_emissions_table(result, tmp_path):
    written = write_result(result, tmp_path / "run", detail=False,
                           formats=("csv", "parquet", "netcdf"))
    assert [p.name for p in written] == [
        "emissions.csv", "biogenic_co2.csv", "emissions.parquet", "biogenic_co2.parquet",
        "emissions.nc", "provenance.json"]
    for name in ("emissions", "biogenic_co2"):
        parquet = pd.read_parquet(tmp_path / "run" / f"{name}.parquet")
        csv = pd.read_csv(tmp_path / "run" / f"{name}.csv")
        pd.testing.assert_frame_equal(parquet, csv, rtol=1e-11)  # the CSV keeps 12 digits
    parquet = pd.read_parquet(tmp_path / "run" / "emissions.parquet")
    table = result.emissions.astype({"source_id": str, "category": str, "gas": str,
                                     "year": "int64", "scope": "int64"})
    pd.testing.assert_frame_equal(parquet.astype({"source_id": str, "category": str,
                                                  "gas": str}), table, check_exact=True)


def test_parquet_is_the_same_bytes_twice(result):
    assert FORMATS["parquet"](result) == FORMATS["parquet"](result)


def test_iamc_reads_back_as_the_emissions_summed_over_sources(result):
    iamc = result.to_iamc()
    assert list(iamc.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                  "value"]
    assert set(iamc["region"]) == {result.provenance["inventory"]}
    back = from_iamc(iamc)
    expected = aggregate_sources(result.emissions, result.provenance["inventory"])
    pd.testing.assert_frame_equal(back, expected, rtol=1e-12)


def test_an_unknown_format_is_refused(result, tmp_path):
    from ghg.core.errors import ConfigError

    with pytest.raises(ConfigError, match="output format xls is not known"):
        write_result(result, tmp_path / "x", formats=("xls",))
    assert not (tmp_path / "x").exists()
