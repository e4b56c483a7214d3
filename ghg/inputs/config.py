"""``inventory.toml``: inventory folder metadata (docs/contracts.md §2), checked with pydantic."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ghg.core.errors import ConfigError
from ghg.core.schema import DEFAULT_GWP
from ghg.core.units import gwp_context


class InventoryConfig(BaseModel):
    """Only ``name`` is required; everything else has a documented default or is inferred.

    - ``gwp``: GWP100 set, ``AR4``, ``AR5`` (default) or ``AR6``; one set for the whole series.
    - ``factors``: factor sets in precedence order, first wins; default: the library's
      ``default_sets`` (``vn``, ``ipcc2006``, ``density``). A ``factors/`` folder beside
      ``inventory.toml`` is always used first, as the set ``local``.
    - ``years``: the reporting years; default: the years found in the activity tables.
    - ``grid_ef_fallback``: ``"none"`` (default: a year without a published grid factor is an
      error) or ``"latest"`` (use the latest earlier one, flagged in every output): the inventory
      owner's recorded decision; ``--grid-ef-fallback`` overrides it.
    - ``aggregate_sources``: ``source_id`` values that are not facilities (``province``, a
      district); the facility review requires every other source to be in ``facilities.csv``.
    - ``number_format``: how numbers written as text are to be read, ``"vi"`` (1.234,5) or
      ``"en"`` (1,234.5); default: none declared, so only a decimal point without thousands
      separators is accepted and text such as ``120.000`` is refused, never guessed.
    """

    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1)
    region: str | None = None
    years: list[int] | None = None
    gwp: str = DEFAULT_GWP
    factors: list[str] | None = None
    climate_zone: str | None = None
    ipcc_region: str | None = None
    aggregate_sources: list[str] = Field(default_factory=list)
    grid_ef_fallback: Literal["none", "latest"] = "none"
    number_format: Literal["vi", "en"] | None = None

    @field_validator("gwp")
    @classmethod
    def _known_gwp(cls, value: str) -> str:
        gwp_context(value)  # raises with the list of valid names
        return value.strip().upper()


def load_config(path: Path) -> InventoryConfig:
    """Read and check ``inventory.toml``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); expected e.g. name = \"Ben Tre\"") \
            from None
    try:
        return InventoryConfig(**data)
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                            for e in error.errors())
        raise ConfigError(f"{path}: {details}") from None
    except KeyError as error:  # unknown GWP set
        raise ConfigError(f"{path}: gwp: {error}") from None
