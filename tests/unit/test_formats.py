"""Exchange formats of the emissions table: IAMC (pyam), primap2 datasets and Parquet.

Hand-built table: 2 sources, 2 years, 3 gases, a removal, a reported zero and a scope 2 row,
with AR5 GWP100 (CH4 28, N2O 265), so every expected number below is checked by hand. Tests
that load the outputs with pyam or primap2 skip where those libraries are not installed.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from ghg.core.files import csv_bytes
from ghg.core.schema import EMISSION_COLUMNS
from ghg.engine.formats import (
    aggregate_sources,
    area_dimension,
    from_iamc,
    gwp_context,
    parquet_bytes,
    to_iamc,
    to_primap2,
)
from ghg.engine.formats.common import gwp_values

AR5 = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0,  # IPCC AR5 WG1 Table 8.7, GWP100
       "HFC-32": 677.0, "HFC-125": 3170.0, "HFC-134a": 1300.0, "HFC-143a": 4800.0,
       "HFC-227ea": 3350.0}
ROWS = [  # source, year, category, scope, gas, tonnes
    ("F1", 2020, "1.A.3.b", 1, "CO2", 1000.0), ("F1", 2020, "1.A.3.b", 1, "CH4", 0.5),
    ("F1", 2020, "1.A.3.b", 1, "N2O", 0.25), ("F1", 2020, "3.C.7", 1, "CH4", 0.0),
    ("F2", 2020, "1.A.3.b", 1, "CO2", 500.0), ("F2", 2020, "1.A.3.b", 1, "CH4", 0.25),
    ("F2", 2020, "3.A.1", 1, "CH4", 10.0), ("F2", 2020, "1.A.2.e", 2, "CO2", 200.0),
    ("F1", 2021, "1.A.3.b", 1, "CO2", 1100.0), ("F1", 2021, "1.A.3.b", 1, "CH4", 0.5),
    ("F1", 2021, "1.A.3.b", 1, "N2O", 0.5), ("F1", 2021, "1.A.2.e", 2, "CO2", 150.0),
    ("F2", 2021, "3.A.1", 1, "CH4", 12.0), ("F2", 2021, "3.B.2.a", 1, "CO2", -40.0),
    ("F2", 2021, "1.A.2.e", 2, "CO2", 0.0),
]
# The same summed over sources by hand, in ghg's row order (year, category, scope, gas).
SUMMED = [
    (2020, "1.A.2.e", 2, "CO2", 200.0, 200.0), (2020, "1.A.3.b", 1, "CO2", 1500.0, 1500.0),
    (2020, "1.A.3.b", 1, "CH4", 0.75, 21.0), (2020, "1.A.3.b", 1, "N2O", 0.25, 66.25),
    (2020, "3.A.1", 1, "CH4", 10.0, 280.0), (2020, "3.C.7", 1, "CH4", 0.0, 0.0),
    (2021, "1.A.2.e", 2, "CO2", 150.0, 150.0), (2021, "1.A.3.b", 1, "CO2", 1100.0, 1100.0),
    (2021, "1.A.3.b", 1, "CH4", 0.5, 14.0), (2021, "1.A.3.b", 1, "N2O", 0.5, 132.5),
    (2021, "3.A.1", 1, "CH4", 12.0, 336.0), (2021, "3.B.2.a", 1, "CO2", -40.0, -40.0),
]
KW = {"model": "ghg 0.1.0", "scenario": "inventory", "region": "Ben Tre", "gwp": "AR5"}


@pytest.fixture
def emissions() -> pd.DataFrame:
    """The hand-built table with the dtypes ``ghg compute`` gives (categoricals, int32, int8)."""
    t = pd.DataFrame(ROWS, columns=EMISSION_COLUMNS[:-1])
    t["co2e_t"] = t["emissions_t"] * t["gas"].map(AR5)
    return t.astype({"source_id": "category", "year": "int32", "category": "category",
                     "scope": "int8", "gas": "category"})


def summed(source_id: str = "Ben Tre") -> pd.DataFrame:
    t = pd.DataFrame(SUMMED, columns=EMISSION_COLUMNS[1:])
    t.insert(0, "source_id", source_id)
    return t.astype({"source_id": str, "category": str, "gas": str})


def value(iamc: pd.DataFrame, variable: str, year: int) -> float:
    (found,) = iamc.loc[(iamc["variable"] == variable) & (iamc["year"] == year), "value"]
    return found


# --- shared -------------------------------------------------------------------------------------

def test_aggregate_sources_matches_the_hand_sums(emissions):
    pd.testing.assert_frame_equal(aggregate_sources(emissions, "Ben Tre"), summed())


def test_gwp_values_are_the_engines_published_ones():
    assert gwp_values("AR5") == AR5
    assert gwp_values("AR4") == {"CO2": 1.0, "CH4": 25.0, "N2O": 298.0,  # AR4 WG1 Table 2.14
                                 "HFC-32": 675.0, "HFC-125": 3500.0, "HFC-134a": 1430.0,
                                 "HFC-143a": 4470.0, "HFC-227ea": 3220.0}


def test_gwp_context_names():
    assert [gwp_context(g) for g in ("AR4", "ar5", "AR6GWP100")] == [
        "AR4GWP100", "AR5GWP100", "AR6GWP100"]
    with pytest.raises(ValueError, match="SAR"):
        gwp_context("SAR")


def test_unknown_gas_and_scope_refused(emissions):
    with pytest.raises(ValueError, match="SF6"):
        aggregate_sources(emissions.astype({"gas": str}).replace({"gas": {"N2O": "SF6"}}), "x")
    with pytest.raises(ValueError, match="scope"):
        to_iamc(emissions.astype({"scope": "int64"}).replace({"scope": {2: 3}}), **KW)
    with pytest.raises(ValueError, match="co2e_t"):
        aggregate_sources(emissions.drop(columns="co2e_t"), "x")


# --- IAMC ---------------------------------------------------------------------------------------

def test_iamc_columns_and_types_follow_pyam_long_format(emissions):
    iamc = to_iamc(emissions, **KW)
    # pyam docs/data.rst: model, scenario, region, variable, unit, year, and 'value' (long format)
    assert list(iamc.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                  "value"]
    assert iamc["year"].dtype == np.int64 and iamc["value"].dtype == np.float64
    assert not iamc.isna().any().any()
    assert set(iamc["model"]) == {"ghg 0.1.0"} and set(iamc["region"]) == {"Ben Tre"}
    assert not iamc.duplicated(["variable", "year"]).any()
    assert list(iamc.index) == list(range(len(iamc)))


def test_iamc_variables_and_units(emissions):
    iamc = to_iamc(emissions, **KW)
    kyoto = "Kyoto Gases [AR5GWP100]"  # pyam's aggregate_kyoto_ghg name (pyam/core.py)
    expected = {
        "Emissions|CO2": "t CO2/yr", "Emissions|CO2|1.A.3.b": "t CO2/yr",
        "Emissions|CO2|3.B.2.a": "t CO2/yr", "Emissions|CH4": "t CH4/yr",
        "Emissions|CH4|1.A.3.b": "t CH4/yr", "Emissions|CH4|3.A.1": "t CH4/yr",
        "Emissions|CH4|3.C.7": "t CH4/yr", "Emissions|N2O": "t N2O/yr",
        "Emissions|N2O|1.A.3.b": "t N2O/yr", f"Emissions|{kyoto}": "t CO2-equiv/yr",
        f"Emissions|{kyoto}|1.A.3.b": "t CO2-equiv/yr", f"Emissions|{kyoto}|3.A.1":
        "t CO2-equiv/yr", f"Emissions|{kyoto}|3.B.2.a": "t CO2-equiv/yr",
        f"Emissions|{kyoto}|3.C.7": "t CO2-equiv/yr", "Scope 2 Emissions|CO2": "t CO2/yr",
        "Scope 2 Emissions|CO2|1.A.2.e": "t CO2/yr", f"Scope 2 Emissions|{kyoto}":
        "t CO2-equiv/yr", f"Scope 2 Emissions|{kyoto}|1.A.2.e": "t CO2-equiv/yr",
    }
    assert dict(zip(iamc["variable"], iamc["unit"], strict=True)) == expected
    assert list(iamc["variable"]) == sorted(iamc["variable"])  # then years, within a variable


def test_iamc_values_by_hand(emissions):
    iamc = to_iamc(emissions, **KW)
    assert value(iamc, "Emissions|CO2", 2020) == 1500.0  # scope 2's 200 t stays out
    assert value(iamc, "Emissions|CO2", 2021) == 1060.0  # 1100 - 40 removal
    assert value(iamc, "Emissions|CH4|1.A.3.b", 2020) == 0.75
    assert value(iamc, "Emissions|CH4|3.C.7", 2020) == 0.0  # a reported zero stays
    assert ((iamc["variable"] == "Emissions|CH4|3.C.7") & (iamc["year"] == 2021)).sum() == 0
    assert value(iamc, "Emissions|Kyoto Gases [AR5GWP100]", 2020) == 1867.25
    assert value(iamc, "Emissions|Kyoto Gases [AR5GWP100]", 2021) == 1542.5
    assert value(iamc, "Emissions|Kyoto Gases [AR5GWP100]|1.A.3.b", 2020) == 1587.25
    assert value(iamc, "Scope 2 Emissions|CO2|1.A.2.e", 2021) == 150.0


def test_iamc_is_deterministic(emissions):
    shuffled = emissions.sample(frac=1, random_state=3).astype({"gas": str, "year": "int64"})
    first = to_iamc(emissions, **KW)
    pd.testing.assert_frame_equal(to_iamc(shuffled, **KW), first)
    assert csv_bytes(to_iamc(emissions, **KW)) == csv_bytes(first)


def test_iamc_round_trip_equals_sum_over_sources(emissions):
    iamc = to_iamc(emissions, **KW)
    pd.testing.assert_frame_equal(from_iamc(iamc), summed())
    # row order does not matter, nor does a CSV round trip (12 significant digits)
    shuffled = pd.read_csv(io.BytesIO(csv_bytes(iamc.sample(frac=1, random_state=1))))
    pd.testing.assert_frame_equal(from_iamc(shuffled), summed())


@pytest.mark.parametrize("gwp", ["AR4", "AR6"])
def test_iamc_round_trip_other_gwp_sets(emissions, gwp):
    gwps = emissions["gas"].astype(str).map(gwp_values(gwp))
    t = emissions.assign(co2e_t=emissions["emissions_t"] * gwps)
    back = from_iamc(to_iamc(t, **{**KW, "gwp": gwp}))
    pd.testing.assert_frame_equal(back, aggregate_sources(t, "Ben Tre"), rtol=1e-12)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(value=np.where(d["variable"] == "Emissions|Kyoto Gases [AR5GWP100]",
                                       d["value"] + 1, d["value"])), "disagree"),
    (lambda d: d.assign(unit=d["unit"].replace({"t CH4/yr": "kt CH4/yr"})), "unit"),
    (lambda d: d[d["variable"] != "Emissions|N2O"], "missing or extra"),
    (lambda d: d.assign(variable=d["variable"].str.replace("Scope 2 ", "Indirect ")), "not ghg"),
    (lambda d: d.assign(variable=d["variable"].str.replace("AR5", "AR4")), "disagree"),
    (lambda d: d.assign(scenario=np.where(d.index % 2 == 0, "a", "b")), "scenario"),
    (lambda d: pd.concat([d, d.tail(1)]), "repeat"),
    (lambda d: d[~d["variable"].str.contains(r"\|[0-9]")], "no per-category"),
])
def test_from_iamc_refuses_what_it_would_misread(emissions, change, message):
    with pytest.raises(ValueError, match=message):
        from_iamc(change(to_iamc(emissions, **KW)))


# --- primap2 ------------------------------------------------------------------------------------

def test_primap2_layout_follows_the_data_format(emissions):
    ds = to_primap2(emissions, area="VN-50", source="GHG-BENTRE", gwp="AR5",
                    scenario="inventory", provenance="measured")
    dims = ["time", "area (ISO3166-2)", "category (IPCC2006_PRIMAP)", "scope (GHGP)",
            "scenario (ghg)", "provenance", "source"]
    assert list(ds.dims) == dims
    assert ds.attrs.keys() == {"area", "cat", "scen", "comment"}
    assert ds.attrs["area"] == "area (ISO3166-2)" and ds.attrs["scen"] == "scenario (ghg)"
    assert ds.attrs["cat"] == "category (IPCC2006_PRIMAP)"
    assert ds["time"].dtype == "datetime64[ns]"
    assert [str(t)[:10] for t in ds["time"].values] == ["2020-01-01", "2021-01-01"]
    assert list(ds["scope (GHGP)"].values) == ["1", "2"]
    assert list(ds.data_vars) == ["CO2", "CH4", "N2O", "KYOTOGHG (AR5GWP100)"]
    for gas in ("CO2", "CH4", "N2O"):
        assert ds[gas].attrs == {"entity": gas, "units": f"t {gas} / year"}
        assert list(ds[gas].dims) == dims
    # the name is the entity and the gwp_context in parentheses, separated by a space
    assert ds["KYOTOGHG (AR5GWP100)"].attrs == {"entity": "KYOTOGHG", "gwp_context": "AR5GWP100",
                                                "units": "t CO2 / year"}
    assert "CO2, CH4 and N2O only" in ds.attrs["comment"]
    without = to_primap2(emissions, area="VNM", source="S", gwp="AR5")
    assert list(without.dims) == ["time", "area (ISO3)", *dims[2:4], "source"]
    assert "scen" not in without.attrs and without.attrs["area"] == "area (ISO3)"


def test_primap2_values_by_hand(emissions):
    ds = to_primap2(emissions, area="VNM", source="S", gwp="AR5").squeeze(
        ["area (ISO3)", "source"])

    def at(var, year, category, scope):
        return float(ds[var].sel({"time": f"{year}-01-01", "category (IPCC2006_PRIMAP)":
                                  category, "scope (GHGP)": scope}))

    assert at("CH4", 2020, "1.A.3.b", "1") == 0.75
    assert at("CO2", 2021, "3.B.2.a", "1") == -40.0
    assert at("CO2", 2021, "1.A.2.e", "2") == 150.0
    assert at("CH4", 2020, "3.C.7", "1") == 0.0  # a reported zero, not "no data"
    assert np.isnan(at("CH4", 2021, "3.C.7", "1"))  # no row: primap2's NaN
    assert np.isnan(at("N2O", 2020, "3.A.1", "1")) and np.isnan(at("CO2", 2020, "1.A.2.e", "1"))
    assert at("KYOTOGHG (AR5GWP100)", 2020, "1.A.3.b", "1") == 1587.25
    assert at("KYOTOGHG (AR5GWP100)", 2020, "3.A.1", "1") == 280.0
    # back to rows: the same as the table summed over sources
    rows = ds[["CO2", "CH4", "N2O"]].to_dataframe()[["CO2", "CH4", "N2O"]].stack().dropna()
    assert len(rows) == len(SUMMED)
    assert float(rows.sum()) == sum(r[4] for r in SUMMED)


def test_primap2_area_and_provenance_are_checked(emissions):
    assert area_dimension("VNM") == "area (ISO3)" and area_dimension("VN-50") == "area (ISO3166-2)"
    for bad in ("Ben Tre", "vnm", "VN50"):
        with pytest.raises(ValueError, match="ISO"):
            to_primap2(emissions, area=bad, source="S", gwp="AR5")
    with pytest.raises(ValueError, match="provenance"):
        to_primap2(emissions, area="VNM", source="S", gwp="AR5", provenance="estimated")


def test_primap2_categories_are_primary_ipcc2006_primap_codes(emissions):
    cc = pytest.importorskip("climate_categories")
    primap = cc.IPCC2006_PRIMAP
    ds = to_primap2(emissions, area="VNM", source="S", gwp="AR5")
    for code in ds["category (IPCC2006_PRIMAP)"].values:
        assert primap[code].codes[0] == code  # '1.A.3.b' is primary, '1A3b' only an alias
    # every category ghg accepts (climate-categories' IPCC2006) passes through unchanged
    assert all(primap[code].codes[0] == code for code in cc.IPCC2006.keys())


def test_primap2_units_parse_and_gwp_context_holds(emissions):
    ureg = pytest.importorskip("openscm_units").unit_registry  # the registry primap2 uses
    ds = to_primap2(emissions, area="VNM", source="S", gwp="AR5")
    cell = {"category (IPCC2006_PRIMAP)": "3.A.1", "scope (GHGP)": "1", "time": "2020-01-01"}
    ch4 = float(ds["CH4"].sel(cell).squeeze())
    with ureg.context(ds["KYOTOGHG (AR5GWP100)"].attrs["gwp_context"]):
        as_co2e = ureg.Quantity(ch4, ds["CH4"].attrs["units"]).to(
            ds["KYOTOGHG (AR5GWP100)"].attrs["units"]).magnitude
    kyoto = float(ds["KYOTOGHG (AR5GWP100)"].sel(cell).squeeze())
    assert as_co2e == pytest.approx(kyoto) and kyoto == 280.0


# --- Parquet ------------------------------------------------------------------------------------

def test_parquet_same_bytes_twice_whatever_the_dtypes(emissions):
    pytest.importorskip("pyarrow")
    first = parquet_bytes(emissions)
    assert parquet_bytes(emissions) == first
    plain = emissions.astype({"source_id": str, "year": "int64", "category": object,
                              "scope": "int64", "gas": str})
    assert parquet_bytes(plain) == first
    assert parquet_bytes(emissions.assign(co2e_t=emissions["co2e_t"] + 1)) != first


def test_parquet_reads_back_as_the_csv_does(emissions):
    pq = pytest.importorskip("pyarrow.parquet")
    data = parquet_bytes(emissions)
    back = pd.read_parquet(io.BytesIO(data))
    from_csv = pd.read_csv(io.BytesIO(csv_bytes(emissions)))
    pd.testing.assert_frame_equal(back, from_csv, check_exact=True)  # dtypes included
    assert list(back.columns) == list(EMISSION_COLUMNS)  # no index column
    schema = pq.read_schema(io.BytesIO(data))
    assert [str(t) for t in schema.types] == ["string", "int64", "string", "int64", "string",
                                              "double", "double"]
    assert schema.metadata is None  # no pandas metadata, no pandas version in the bytes
    assert pq.read_metadata(io.BytesIO(data)).created_by.startswith("parquet-cpp-arrow")


def test_parquet_keeps_full_precision_and_missing_text():
    pytest.importorskip("pyarrow")
    t = pd.DataFrame({"name": ["a", None], "x": [1 / 3, np.nan]})
    back = pd.read_parquet(io.BytesIO(parquet_bytes(t)))
    assert back["x"].iloc[0] == 1 / 3 and np.isnan(back["x"].iloc[1])
    assert back["name"].iloc[0] == "a" and pd.isna(back["name"].iloc[1])


# --- the real libraries (skipped where they are not installed) -----------------------------------
# pyam 4.0.0 and primap2 0.14.0 still pass inplace=True, which pandas 3.1 deprecates.
LIBRARY_PANDAS_WARNING = "ignore:The inplace keyword in:DeprecationWarning"


@pytest.mark.filterwarnings(LIBRARY_PANDAS_WARNING)
def test_pyam_reads_the_iamc_table(emissions):
    pyam = pytest.importorskip("pyam")
    iamc = to_iamc(emissions, **KW)
    df = pyam.IamDataFrame(iamc)
    pd.testing.assert_frame_equal(df.data[list(iamc.columns)].reset_index(drop=True), iamc,
                                  check_dtype=False, check_categorical=False)
    for variable in ("Emissions|CO2", "Emissions|CH4", "Emissions|N2O",
                     "Emissions|Kyoto Gases [AR5GWP100]", "Scope 2 Emissions|CO2"):
        assert df.check_aggregate(variable) is None, variable  # totals = sum of categories
    kyoto = df.aggregate_kyoto_ghg(metric="AR5GWP100").data  # pyam's own GWP conversion
    assert list(kyoto["unit"].unique()) == ["Mt CO2-equiv/yr"]
    assert kyoto["value"].to_numpy() * 1e6 == pytest.approx([1867.25, 1542.5])
    converted = df.filter(variable="Emissions|CH4|3.A.1").convert_unit(
        "t CH4/yr", to="t CO2-equiv/yr", context="AR5GWP100")
    assert converted.data["value"].tolist() == pytest.approx([280.0, 336.0])
    pd.testing.assert_frame_equal(from_iamc(df.data), summed())


@pytest.mark.filterwarnings(LIBRARY_PANDAS_WARNING)
def test_primap2_validates_and_round_trips_the_dataset(emissions, tmp_path):
    primap2 = pytest.importorskip("primap2")
    from loguru import logger

    logged = []  # primap2 reports deviations from its format through loguru, not exceptions
    sink = logger.add(lambda message: logged.append(str(message)), level="WARNING")
    try:
        ds = to_primap2(emissions, area="VN-50", source="GHG-BENTRE", gwp="AR5",
                        scenario="inventory", provenance="measured")
        ds.pr.ensure_valid()
        ds.pr.to_netcdf(tmp_path / "ds.nc")
        back = primap2.open_dataset(tmp_path / "ds.nc")
        back.pr.ensure_valid()
        table = ds.pr.to_interchange_format()
    finally:
        logger.remove(sink)
    assert logged == []
    assert set(table["entity"]) == {"CO2", "CH4", "N2O", "KYOTOGHG (AR5GWP100)"}
    ch4 = back.pr.loc[{"scope": "1", "category": "3.A.1"}]["CH4"].pint.to("t CH4 / year")
    assert ch4.pint.magnitude.ravel().tolist() == [10.0, 12.0]
    quantified = ds.pr.quantify()
    basket = quantified.pr.gas_basket_contents_sum(basket="KYOTOGHG (AR5GWP100)",
                                                   basket_contents=["CO2", "CH4", "N2O"],
                                                   min_count=1)  # no gas, no data (not 0)
    np.testing.assert_allclose(basket.pint.magnitude,
                               quantified["KYOTOGHG (AR5GWP100)"].pint.magnitude, rtol=1e-12)
