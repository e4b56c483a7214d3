"""Writing a scenario run: CSV tables, NetCDF trajectories, the wedge chart (a folder that appears
whole, byte-identical on rerun)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ghg.core.files import csv_bytes, write_run

if TYPE_CHECKING:
    from ghg.scenario.runner import ScenarioResult


def write_scenario(result: ScenarioResult, out: str | Path) -> list[Path]:
    """Write ``trajectories.csv/.nc``, ``target.csv``, ``wedges.csv/.png``, ``progress.csv``,
    ``sensitivity.csv`` and ``summary.txt`` into ``out`` (new or empty; the folder appears whole,
    :func:`ghg.core.files.write_run`); returns the paths written."""
    files = {
        "trajectories.csv": csv_bytes(result.trajectories),
        "trajectories.nc": _netcdf(result),
        "target.csv": csv_bytes(result.target),
        "wedges.csv": csv_bytes(result.wedges),
        "wedges.png": _wedge_chart(result),
        "progress.csv": csv_bytes(result.progress),
        "sensitivity.csv": csv_bytes(result.sensitivity),
        "summary.txt": (result.summary + "\n").encode("utf-8"),
    }
    return write_run(Path(out), files)  # everything is built before the folder is written


def _netcdf(result: ScenarioResult) -> bytes:
    """``trajectories.nc``: CO2e by scenario, line and year, written from numpy arrays (no
    xarray, so no dask import); the bytes are those ``xarray.to_netcdf(engine="scipy")`` wrote
    before, with the lines' category, scope and gas as coordinates."""
    from ghg.core.netcdf3 import Variable, netcdf3_bytes

    model = result.model
    lines = model.lines
    traj = result.trajectories
    values = np.stack([model.bau, traj.loc[traj["scenario"] == "measures"]
                       .set_index(["category", "scope", "gas", "year"])["co2e_t"]
                       .reindex(_index(lines, model.years)).to_numpy()
                       .reshape(model.bau.shape)])
    per_line = {"category": lines["category"].astype(str).to_numpy(),
                "scope": lines["scope"].astype("int32").to_numpy(),
                "gas": lines["gas"].astype(str).to_numpy()}
    variables = [  # xarray's order: data, dimension coordinates, the lines' coordinates
        Variable("co2e_t", ("scenario", "line", "year"), values,
                 {"coordinates": " ".join(sorted(per_line))}),
        Variable("scenario", ("scenario",), np.array(["BAU", "measures"])),
        Variable("line", ("line",), np.arange(len(lines), dtype="int32")),
        Variable("year", ("year",), model.years.astype("int32")),
        *(Variable(name, ("line",), column) for name, column in per_line.items())]
    return netcdf3_bytes(variables, {"title": result.spec.name, "units": "t CO2e"})


def _index(lines, years):
    import pandas as pd

    return pd.MultiIndex.from_arrays([
        np.repeat(lines["category"].to_numpy(dtype=object), len(years)),
        np.repeat(lines["scope"].to_numpy(), len(years)),
        np.repeat(lines["gas"].to_numpy(dtype=object), len(years)),
        np.tile(years, len(lines))])


def _wedge_chart(result: ScenarioResult) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = result.wedges
    years = result.model.years
    stacks = [w.loc[w["measure"] == m, "territorial_saved_co2e_t"].to_numpy() / 1e3
              for m in dict.fromkeys(w["measure"])]
    names = list(dict.fromkeys(w["name_en"]))
    bau = result.target
    fig, ax = plt.subplots(figsize=(9, 5), dpi=100)
    scen = result.trajectories
    scen = scen[(scen["scenario"] == "measures") & (scen["scope"] == 1)]
    total = scen.groupby("year")["co2e_t"].sum().reindex(years).to_numpy() / 1e3
    ax.stackplot(years, total, *stacks, labels=["with measures", *names], alpha=0.85)
    ax.plot(bau["year"], bau["bau_co2e_t"] / 1e3 * (1 - bau["target_pct"] / 100), "k--",
            label="target path")
    ax.set_xlabel("year")
    ax.set_ylabel("kt CO2e (territorial, scope 1)")
    ax.set_title(result.spec.name + ": BAU wedges")
    ax.legend(loc="upper left", fontsize=7)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
