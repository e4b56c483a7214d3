"""Reference tables beside the factor sets: IPCC climate zones and regions, MoIT TOE conversions.

Each table is a CSV with its source (``ghg/factors/reference/``; the TOE table has a ``.toml``
sidecar with the document, table and the transcriptions compared). They are data, not factor
sets: no precedence, one table each.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError

#: Units the TOE table is written in: the quantity each measures and the factor to the engine's
#: canonical unit (t, m3, MWh), so 1 kl = 1 m3 and 1,000 kWh = 1 MWh.
TOE_UNITS = {"t": ("mass", 1.0), "kl": ("volume", 1.0), "thousand_m3": ("volume", 1e-3),
             "kWh": ("electric", 1e3)}


def reference_data() -> Path:
    """Folder of the reference tables shipped with the package."""
    return Path(str(resources.files("ghg.factors").joinpath("reference")))


def _table(*parts: str) -> pd.DataFrame:
    return pd.read_csv(reference_data().joinpath(*parts), dtype=str, keep_default_na=False)


@cache
def ipcc_regions() -> pd.DataFrame:
    """Valid ``ipcc_region`` names, and what each means per sector (``ipcc_regions.csv``)."""
    return _table("regions", "ipcc_regions.csv").set_index("ipcc_region")


@cache
def climate_zones() -> pd.DataFrame:
    """Valid ``climate_zone`` names (IPCC 2006 Vol 4 Annex 3A.5), ``climate_zones.csv``."""
    return _table("regions", "climate_zones.csv").set_index("climate_zone")


def fingerprint(path: Path) -> tuple[int, int]:
    """Size and modification time: part of a cache key, so an edited table is read again."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def load_toe_conversion(path: Path | None = None) -> pd.DataFrame:
    """MoIT TOE conversion factors as ``activity, quantity, toe_per_canonical, alternatives``.

    The canonical units are those of the engine (t, m3, MWh).
    """
    path = Path(path) if path else reference_data() / "toe" / "toe_conversion.csv"
    return _load_toe_conversion(path, fingerprint(path)).copy()


@cache
def _load_toe_conversion(path: Path, fingerprint: tuple[int, int]) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"activity": str, "unit": str}, keep_default_na=False)
    unknown = ~table["unit"].isin(list(TOE_UNITS))
    if unknown.any():
        lines = ", ".join(str(i + 2) for i in np.flatnonzero(unknown))
        raise ConfigError(f"{path.name}: lines {lines}: unit not one of {', '.join(TOE_UNITS)}")
    quantity = table["unit"].map(lambda u: TOE_UNITS[u][0])
    scale = table["unit"].map(lambda u: TOE_UNITS[u][1])
    rows = pd.DataFrame({"activity": table["activity"], "quantity": quantity,
                         "toe_per_canonical": table["toe_per_unit"].astype(float) * scale})
    # Coal fines come in grades with different factors (0.7/0.6/0.5 TOE/t) and activity tables
    # do not say the grade: the highest is used so that no facility escapes the list.
    grouped = rows.groupby(["activity", "quantity"], sort=True)["toe_per_canonical"]
    out = grouped.max().reset_index()
    out["alternatives"] = grouped.nunique().to_numpy() > 1
    return out
