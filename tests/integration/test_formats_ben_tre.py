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
    pytest.importorskip("pyarrow")  # the parquet extra; CI's lower-bound venv has it
    written = write_result(result, tmp_path / "run", detail=False,
                           formats=("csv", "parquet", "netcdf"))
    assert [p.name for p in written] == [
        "emissions.csv", "biogenic_co2.csv", "pollutants.csv", "pollutants_missing.csv",
        "emissions.parquet", "biogenic_co2.parquet", "emissions.nc", "provenance.json"]
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
    pytest.importorskip("pyarrow")
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


def test_parquet_without_pyarrow_is_refused_before_any_work(result, tmp_path, monkeypatch):
    import importlib.util

    from ghg.core.errors import ConfigError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    with pytest.raises(ConfigError, match=r"output format parquet needs pyarrow: pip install "
                                          r"'ghg\[parquet\]'"):
        write_result(result, tmp_path / "x", formats=("csv", "parquet"))
    assert not (tmp_path / "x").exists()
