"""emissions.nc and trajectories.nc are written without xarray: the same bytes xarray's scipy
engine wrote (the way they were written before), and they open in xarray with the same values."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg.engine.pipeline import compute_inputs
from ghg.engine.writers import netcdf_bytes
from ghg.inputs.folder import read_inputs

xr = pytest.importorskip("xarray")
pytest.importorskip("scipy")

ROOT = Path(__file__).resolve().parents[2]


def _as_xarray_wrote_it(cube) -> bytes:
    """What ghg wrote before: the cube, text as str, scope and year int32, scipy engine."""
    cube = cube.copy()
    for name in ("category", "gas", "region", "pollutant_category", "pollutant"):
        if name in cube.coords:
            cube[name] = cube[name].astype(str)
    cube["scope"] = cube["scope"].astype("int32")
    cube["year"] = cube["year"].astype("int32")
    if "pollutant_year" in cube.coords:
        cube["pollutant_year"] = cube["pollutant_year"].astype("int32")
    return bytes(cube.to_netcdf(engine="scipy"))


@pytest.fixture(scope="module")
def inputs():
    return read_inputs(ROOT / "inventories" / "ben-tre")


@pytest.fixture(scope="module")
def with_regions(inputs):
    """The bundled rows spread over two districts and none, so ``region`` is a dimension."""
    frame = inputs.frame
    position = np.arange(len(frame)) % 3
    frame["region"] = pd.Categorical(np.choose(position, ["Ba Tri", "Chợ Lách", ""]))
    return compute_inputs(inputs, grid_ef_fallback="latest")


def test_emissions_nc_is_what_xarray_wrote_and_reads_back(inputs):
    result = compute_inputs(read_inputs(ROOT / "inventories" / "ben-tre"),
                            grid_ef_fallback="latest")
    data = netcdf_bytes(result)
    assert data == _as_xarray_wrote_it(result.cube)
    back = xr.open_dataset(io.BytesIO(data), engine="scipy")
    cube = result.cube
    assert back["category"].values.tolist() == cube["category"].values.tolist()
    assert back["year"].values.tolist() == cube["year"].values.tolist()
    np.testing.assert_array_equal(back["co2e_t"].values, cube["co2e_t"].values)
    np.testing.assert_array_equal(back["emissions_t"].values, cube["emissions_t"].values)
    assert back.attrs == cube.attrs
    assert back["co2e_t"].attrs == cube["co2e_t"].attrs
    assert back["scope"].attrs == cube["scope"].attrs


def test_a_region_dimension_with_vietnamese_names(with_regions):
    cube = with_regions.cube
    assert cube["region"].values.tolist() == ["", "Ba Tri", "Chợ Lách"]
    data = netcdf_bytes(with_regions)
    assert data == _as_xarray_wrote_it(cube)
    back = xr.open_dataset(io.BytesIO(data), engine="scipy")
    assert back["region"].values.tolist() == ["", "Ba Tri", "Chợ Lách"]
    np.testing.assert_array_equal(back["co2e_t"].values, cube["co2e_t"].values)


def test_trajectories_nc_is_what_xarray_wrote():
    from ghg.scenario.output import _index, _netcdf
    from ghg.scenario.runner import run_scenario

    result = run_scenario(ROOT / "scenarios" / "ben-tre")
    model, traj = result.model, result.trajectories
    lines = model.lines
    values = np.stack([model.bau, traj.loc[traj["scenario"] == "measures"]
                       .set_index(["category", "scope", "gas", "year"])["co2e_t"]
                       .reindex(_index(lines, model.years)).to_numpy()
                       .reshape(model.bau.shape)])
    dataset = xr.Dataset(  # the xarray dataset ghg wrote before
        {"co2e_t": (("scenario", "line", "year"), values)},
        coords={"scenario": ["BAU", "measures"],
                "line": np.arange(len(lines), dtype="int32"),
                "year": model.years.astype("int32"),
                "category": ("line", lines["category"].astype(str).to_numpy()),
                "scope": ("line", lines["scope"].astype("int32").to_numpy()),
                "gas": ("line", lines["gas"].astype(str).to_numpy())},
        attrs={"title": result.spec.name, "units": "t CO2e"})
    data = _netcdf(result)
    assert data == bytes(dataset.to_netcdf(engine="scipy"))
    back = xr.open_dataset(io.BytesIO(data), engine="scipy")
    np.testing.assert_array_equal(back["co2e_t"].values, values)
    assert back["gas"].values.tolist() == lines["gas"].astype(str).tolist()
