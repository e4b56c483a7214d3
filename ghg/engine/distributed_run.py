"""``ghg compute --scheduler``: an inventory folder computed on dask, written as a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.files import (
    csv_bytes,
    file_sha256,
    json_bytes,
    refuse_existing_run,
    write_bytes_atomic,
)
from ghg.core.schema import DEFAULT_GWP, GASES
from ghg.core.units import gwp100, gwp_context
from ghg.engine.distributed import compute_partitions, file_loaders
from ghg.engine.provenance import factor_set_records, package_version, totals_by_scope
from ghg.factors.library import library_settings, load_library
from ghg.inputs.config import load_config
from ghg.inputs.folder import SECTOR_TABLES, read_sector_table


def compute_folder_scaled(folder: Path, out: Path, *, scheduler: str,
                          factors: list[str] | None = None, gwp: str | None = None,
                          grid_ef_fallback: str | None = None, sum_duplicates: bool = False
                          ) -> tuple[list[Path], str]:
    """Compute an inventory folder partition by partition and write the run files.

    Writes ``emissions.csv``, ``biogenic_co2.csv``, ``emissions.nc`` and ``provenance.json``; the
    per-row ``calculation.csv`` is not written on this path (it would be as large as the input).
    """
    folder = Path(folder)
    if not (folder / "inventory.toml").is_file():
        raise ConfigError(f"{folder}: --scheduler needs an inventory folder with inventory.toml")
    refuse_existing_run(out)
    config = load_config(folder / "inventory.toml")
    names = list(factors or config.factors or library_settings()["default_sets"])
    local = folder / "factors"
    sets = ([str(local)] if local.is_dir() else []) + names
    gwp_name = (gwp or config.gwp or DEFAULT_GWP).upper()
    gwp_context(gwp_name)
    grid_ef_fallback = grid_ef_fallback or config.grid_ef_fallback
    loaders = file_loaders(folder)
    # Sector methods need the inventory's metadata and tables (manure systems, wastewater
    # pathways ...) in every partition; they are small.
    tables = {name: read_sector_table(folder / f"{name}.csv", f"{name}.csv")
              for name in SECTOR_TABLES if (folder / f"{name}.csv").is_file()}
    result = compute_partitions(loaders, scheduler=scheduler, factors=sets, gwp=gwp_name,
                                grid_ef_fallback=grid_ef_fallback, sum_duplicates=sum_duplicates,
                                config=config, tables=tables)
    library = load_library(sets)
    files = sorted(p for p in (folder / "activity").glob("*")
                   if p.suffix.lower() in (".csv", ".xlsx", ".xlsm"))
    emissions, biogenic = result.emissions, result.biogenic_co2
    if emissions is None or biogenic is None:  # rows are kept on this path
        raise RuntimeError("scaled computation returned no emission rows")
    totals = totals_by_scope(emissions)
    provenance: dict[str, Any] = {
        "ghg_version": package_version(), "inventory": config.name,
        "gwp": {"set": gwp_name, "context": gwp_context(gwp_name),
                "values": {g: gwp100(gwp_name, g) for g in GASES}},
        "factor_sets": factor_set_records(library),
        "source": str(folder.resolve()),
        "inputs": {p.relative_to(folder).as_posix(): file_sha256(p)
                   for p in [*files, *(folder / f"{n}.csv" for n in tables)]},
        "options": {"grid_ef_fallback": grid_ef_fallback, "sum_duplicates": sum_duplicates,
                    "factors": factors or config.factors, "scheduler": scheduler,
                    "partitions": result.partitions},
        "rows": {"read": result.rows, "computed": result.rows, "rejected": 0},
        "totals": totals,
    }
    written = []
    for name, data in (("emissions.csv", csv_bytes(emissions)),
                       ("biogenic_co2.csv", csv_bytes(biogenic)),
                       ("emissions.nc", _cube_netcdf(result.cube, gwp_name)),
                       ("provenance.json", json_bytes(provenance))):
        write_bytes_atomic(Path(out) / name, data)
        written.append(Path(out) / name)
    summary = (f"{result.rows} rows in {result.partitions} partitions ({scheduler}); scope 1: "
               f"{totals['co2e_t_scope1']:,.1f} t CO2e; scope 2: "
               f"{totals['co2e_t_scope2']:,.1f} t CO2e")
    return written, summary


def _cube_netcdf(cube: pd.DataFrame, gwp: str) -> bytes:
    dataset = cube.set_index(["scope", "category", "gas", "year"]).to_xarray().fillna(0.0)
    dataset = dataset.assign_coords(scope=dataset["scope"].astype("int32"),
                                    year=dataset["year"].astype("int32"),
                                    category=dataset["category"].astype(str),
                                    gas=dataset["gas"].astype(str))
    dataset.attrs = {"gwp": gwp, "note": "biogenic CO2 excluded (memo item)"}
    return bytes(dataset.to_netcdf(engine="scipy"))
