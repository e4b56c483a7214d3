"""Writing a run: one writer per output format, registered in :data:`FORMATS`.

A writer turns a :class:`~ghg.engine.result.Result` into ``{file name: bytes}``; every file is
built before the first one is written, and the run folder appears whole, last
(:func:`ghg.core.files.write_run`). Formats are deterministic, so the same input gives
byte-identical files. The in-memory and the dask path write through the same registry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ghg.core.files import check_output, csv_bytes, json_bytes, write_run
from ghg.core.i18n import _

if TYPE_CHECKING:
    from ghg.engine.result import Result

#: Formats written when none are asked for.
DEFAULT_FORMATS = ("csv", "netcdf")


def csv_files(result: Result) -> dict[str, bytes]:
    """``emissions.csv``, the biogenic CO2 memo ``biogenic_co2.csv``, the air pollutants
    ``pollutants.csv`` (never in GHG totals) and ``pollutants_missing.csv`` (sources and
    pollutants without a factor, with the reason)."""
    return {"emissions.csv": csv_bytes(result.emissions),
            "biogenic_co2.csv": csv_bytes(result.biogenic_co2),
            "pollutants.csv": csv_bytes(result.pollutants.table),
            "pollutants_missing.csv": csv_bytes(result.pollutants.missing)}


def netcdf_files(result: Result) -> dict[str, bytes]:
    """``emissions.nc``: the cube ``scope × category × gas × year`` (× region), NetCDF 3."""
    return {"emissions.nc": netcdf_bytes(result)}


def netcdf_bytes(result: Result) -> bytes:
    """The provincial cube as NetCDF 3, written from numpy arrays (no xarray, so no dask
    import); the bytes are those ``xarray.to_netcdf(engine="scipy")`` wrote before (text
    labels as chars, ``scope`` and ``year`` as int32, no library timestamps)."""
    from ghg.core.netcdf3 import Variable, netcdf3_bytes
    from ghg.engine.cube import cube_arrays, pollutant_arrays

    cube = cube_arrays(result)
    air = pollutant_arrays(result)
    labels_of = {**cube.coords, **(air.coords if air is not None else {})}
    coords = [Variable(name, (name,), labels.astype("int32") if name.endswith(("scope", "year"))
                       else labels.astype(str), cube.var_attrs.get(name, {}))
              for name, labels in labels_of.items()]
    values = [Variable("emissions_t", cube.dims, cube.emissions_t,
                       cube.var_attrs["emissions_t"]),
              Variable("co2e_t", cube.dims, cube.co2e_t, cube.co2e_attrs())]
    if air is not None:  # air pollutants: dimensions of their own, never in the GHG variables
        values.append(Variable("pollutant_emissions_t", air.dims, air.emissions_t, air.attrs))
    return netcdf3_bytes(coords + values, cube.attrs)


def parquet_files(result: Result) -> dict[str, bytes]:
    """``emissions.parquet`` and ``biogenic_co2.parquet``: the CSV tables' content, typed."""
    from ghg.engine.formats import parquet_bytes

    return {"emissions.parquet": parquet_bytes(result.emissions),
            "biogenic_co2.parquet": parquet_bytes(result.biogenic_co2)}


#: Output formats by name (``ghg compute --format csv,parquet,netcdf``).
FORMATS: dict[str, Callable[[Result], dict[str, bytes]]] = {
    "csv": csv_files,
    "parquet": parquet_files,
    "netcdf": netcdf_files,
}


#: Packages a format needs beyond ghg's own dependencies, and the extra that installs them.
NEEDS = {"parquet": ("pyarrow", "ghg[parquet]")}


def check_formats(formats: Iterable[str]) -> None:
    """Refuse an unknown format, or one whose package is not installed, before any work."""
    from importlib.util import find_spec

    from ghg.core.errors import ConfigError

    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ConfigError(_("output format {names} is not known; expected one or more of "
                            "{formats}").format(names=", ".join(unknown),
                                                formats=", ".join(FORMATS)))
    for name in formats:
        if name in NEEDS and find_spec(NEEDS[name][0]) is None:
            package, extra = NEEDS[name]
            raise ConfigError(_("output format {name} needs {package}: pip install "
                                "'{extra}'").format(name=name, package=package, extra=extra))


def run_files(result: Result, detail: bool = True, formats: Iterable[str] = DEFAULT_FORMATS,
              extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Every file of a run as ``{name: bytes}``: ``formats``, ``provenance.json``, (with
    ``detail``) ``calculation.csv``, then ``extra`` (e.g. the recalculation tables). The
    provenance written records the SHA-256 of every other file (``outputs``), so a run whose
    files were changed afterwards is recognised (``ghg recompute`` refuses it)."""
    check_formats(formats)
    files: dict[str, bytes] = {}
    for name in FORMATS:  # registry order, so the file list does not depend on the caller's order
        if name in formats:
            files.update(FORMATS[name](result))
    files["provenance.json"] = b""  # its place in the list; written once the others are hashed
    if detail:
        files["calculation.csv"] = csv_bytes(result.detail)
    files.update(extra or {})
    outputs = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())
               if name != "provenance.json"}
    files["provenance.json"] = json_bytes({**result.provenance, "outputs": outputs})
    return files


def write_result(result: Result, out: Path, detail: bool = True,
                 formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the run into ``out`` in ``formats``, with ``provenance.json`` and (with ``detail``)
    ``calculation.csv``; returns the paths written. A folder holding a run, or anything else, is
    refused."""
    out = Path(out)
    check_output(out)  # before the files are built
    return write_run(out, run_files(result, detail, formats))  # the folder appears whole, last
