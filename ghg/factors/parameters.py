"""Sector parameter tables: IPCC defaults that depend on more than activity and category.

Livestock, rice, soils, land and waste parameters vary by species, region, climate zone, water
regime, waste type, site type ... Each factor set may hold such tables in its ``parameters/``
folder: ``<table>.csv`` with a sidecar ``<table>.toml`` that names the table's ``dimensions``.

CSV header: ``parameter,<dimension>...,value,unit,lower,upper,document,table,page,note``.
A dimension cell is a lower-case name (``other_cattle``, ``asia``, ``tropical_wet``) or ``*``
(any value). A lookup takes, per row, one value for every dimension; the winner is the first set
in precedence order that has a matching row, and within a set the most specific row (fewest
``*``). Every value comes back with the id of the parameter row it came from, for provenance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.text_tables import read_text_table
from ghg.core.toml_files import read_toml, unknown_keys

LEADING = ("parameter",)
#: Keys of a parameter table's sidecar ``<table>.toml``.
PARAMETER_KEYS = ("title", "document", "table", "pages", "url", "checked", "description",
                  "note", "dimensions")
TRAILING = ("value", "unit", "lower", "upper", "document", "table", "page", "note")
ANY = "*"


@dataclass(frozen=True)
class Lookup:
    """Result of one lookup: ``value`` (NaN where no row matched) and ``ref`` (row id, -1)."""

    value: np.ndarray
    ref: np.ndarray

    @property
    def missing(self) -> np.ndarray:
        return self.ref < 0


@dataclass
class Parameters:
    """All parameter tables of a stack of factor sets, in precedence order.

    ``rows`` has one row per parameter row of every set: ``factor_set``, ``set_rank``,
    ``table_name``, ``file``, ``line``, the dimension values as ``key`` text, and the CSV columns.
    ``used`` collects the ids of rows returned by lookups, for provenance.
    """

    rows: pd.DataFrame
    dimensions: dict[str, tuple[str, ...]]
    used: set[int] = field(default_factory=set)

    def lookup(self, table: str, parameter: str,
               keys: Mapping[str, np.ndarray | pd.Series | str],
               unit: str) -> Lookup:
        """The value of ``parameter`` for each row of ``keys`` (one array per dimension).

        ``unit`` is the unit the caller's equation expects; a matching row in another unit is a
        configuration error, so no value is ever used in the wrong unit.
        """
        dims = self.dimensions.get(table)
        if dims is None:
            raise ConfigError(f"parameter table {table!r} is in none of the factor sets; "
                              f"available: {', '.join(sorted(self.dimensions)) or 'none'}")
        extra = set(keys) - set(dims)
        if extra:
            raise ConfigError(f"parameter table {table!r} has no dimension {sorted(extra)}; "
                              f"its dimensions are {', '.join(dims)}")
        n = _length(keys)
        distinct, position = _distinct_keys({d: keys.get(d, ANY) for d in dims}, n)
        candidates = self.rows[(self.rows["table_name"] == table)
                               & (self.rows["parameter"] == parameter)]
        value = np.full(len(distinct), np.nan)
        ref = np.full(len(distinct), -1, dtype=np.int64)
        if len(candidates) and len(distinct):
            # Cross join of the few distinct keys with the few candidate rows; then rank.
            pairs = distinct.reset_index(names="target").merge(
                candidates[[*(f"dim_{d}" for d in dims), "set_rank", "specificity", "id"]],
                how="cross")
            match = np.ones(len(pairs), dtype=bool)
            for d in dims:
                cell = pairs[f"dim_{d}"].to_numpy()
                match &= (cell == ANY) | (cell == pairs[d].to_numpy())
            pairs = pairs[match].sort_values(["target", "set_rank", "specificity", "id"],
                                             ascending=[True, True, False, True])
            best = pairs.drop_duplicates("target")
            ids = best["id"].to_numpy()
            ref[best["target"].to_numpy()] = ids
            value[best["target"].to_numpy()] = self.rows["value"].to_numpy()[ids]
            wrong = self.rows["unit"].to_numpy()[ids] != unit
            if wrong.any():
                bad = self.rows.iloc[ids[wrong]].iloc[0]
                raise ConfigError(f"{bad['file']}:{bad['line']}: unit: {bad['unit']!r}; expected "
                                  f"{unit!r} for {parameter} in {table}")
            self.used.update(int(i) for i in np.unique(ids))
        return Lookup(value[position], ref[position])

    def describe(self, ref: np.ndarray) -> np.ndarray:
        """Short source text per row id: ``set table p.page``; ``''`` for -1."""
        if not len(self.rows):
            return np.full(len(ref), "", dtype=object)
        text = (self.rows["factor_set"] + " " + self.rows["table"] + " p."
                + self.rows["page"]).to_numpy(dtype=object)
        return np.where(ref >= 0, text[np.maximum(ref, 0)], "")


def _length(keys: Mapping) -> int:
    lengths = {len(v) for v in keys.values() if not isinstance(v, str)}
    if len(lengths) > 1:
        raise ValueError(f"key arrays differ in length: {sorted(lengths)}")
    return lengths.pop() if lengths else 1


def _distinct_keys(keys: Mapping[str, np.ndarray | pd.Series | str], n: int
                   ) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct key combinations, and each row's index into them.

    Each key column is factorized once (a constant is not expanded), the codes are packed into
    one integer per row, and the distinct integers give the combinations: no hashing of tuples.
    """
    codes, names = [], {}
    for dim, value in keys.items():
        if isinstance(value, str):
            code, unique = np.zeros(n, dtype=np.int64), np.array([value], dtype=object)
        else:
            code, unique = pd.factorize(np.asarray(value, dtype=object))
        codes.append(code.astype(np.int64))
        names[dim] = np.asarray(unique, dtype=object)
    shape = tuple(max(len(u), 1) for u in names.values())
    packed = np.ravel_multi_index(tuple(codes), shape) if codes else np.zeros(n, dtype=np.int64)
    used, position = np.unique(packed, return_inverse=True)
    parts = np.unravel_index(used, shape) if codes else ()
    distinct = pd.DataFrame({dim: names[dim][part] for dim, part in zip(names, parts,
                                                                          strict=True)},
                            index=np.arange(len(used)))
    return distinct, position.reshape(-1)


def load_parameters(set_paths: list[tuple[str, Path]]) -> Parameters:
    """Stack the ``parameters/`` tables of the given (name, folder) sets, first set first."""
    frames: list[pd.DataFrame] = []
    dimensions: dict[str, tuple[str, ...]] = {}
    for rank, (name, folder) in enumerate(set_paths):
        for table_name, dims, rows in _set_tables(folder.resolve(), name):
            known = dimensions.setdefault(table_name, dims)
            if known != dims:
                raise ConfigError(f"{name}/parameters/{table_name}.toml: dimensions {list(dims)} "
                                  f"differ from another set's {list(known)}; expected the same")
            frames.append(rows.assign(set_rank=rank))
    if not frames:
        return Parameters(pd.DataFrame(columns=["table_name", "parameter", "value", "unit",
                                                "file", "line", "factor_set", "table", "page",
                                                "set_rank", "specificity", "id"]), {})
    rows = pd.concat(frames, ignore_index=True)
    rows["id"] = np.arange(len(rows))
    return Parameters(rows, dimensions)


def parameter_files(folder: Path) -> list[Path]:
    """The parameter-table files of a set folder (for its content hash)."""
    sub = Path(folder) / "parameters"
    return sorted(sub.glob("*.csv")) + sorted(sub.glob("*.toml")) if sub.is_dir() else []


def _set_tables(folder: Path, name: str) -> list[tuple[str, tuple[str, ...], pd.DataFrame]]:
    files = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                  for p in parameter_files(folder))
    return _read_set_tables(folder, name, files)


@cache
def _read_set_tables(folder: Path, name: str, files: tuple
                     ) -> list[tuple[str, tuple[str, ...], pd.DataFrame]]:
    # ``files`` (names, sizes, modification times) is the cache key: edited tables are re-read.
    out = []
    for csv in sorted((folder / "parameters").glob("*.csv")) if files else []:
        meta_file = csv.with_suffix(".toml")
        label = f"{name}/parameters/{csv.name}"
        if not meta_file.exists():
            raise ConfigError(f"{label}: no {meta_file.name} beside it; expected one naming "
                              "the table's dimensions, document and how it was checked")
        meta, text = read_toml(meta_file, f"{name}/parameters/{meta_file.name}")
        unknown = unknown_keys(meta, PARAMETER_KEYS, f"{name}/parameters/{meta_file.name}", text)
        if unknown:
            raise ConfigError("\n".join(str(p) for p in unknown))
        dims = tuple(meta.get("dimensions", ()))
        out.append((csv.stem, dims, _read_rows(csv, label, dims, name)))
    return out


def _read_rows(csv: Path, label: str, dims: tuple[str, ...], set_name: str) -> pd.DataFrame:
    expected = (*LEADING, *dims, *TRAILING)
    table, unreadable = read_text_table(csv, label, f"a header line {','.join(expected)}")
    if table is None:
        raise ConfigError("\n".join(str(p) for p in unreadable))
    lines = table.pop("line").to_numpy()
    if tuple(table.columns) != expected:
        raise ConfigError(f"{label}:1: header is {','.join(table.columns)}; "
                          f"expected {','.join(expected)}")
    problems = []
    number = pd.to_numeric(table["value"], errors="coerce")
    for column, bad, what in (
            ("value", ~np.isfinite(number.to_numpy(dtype=float)), "a number"),
            ("document", table["document"].eq("").to_numpy(), "the source document"),
            ("table", table["table"].eq("").to_numpy(), "the source table"),
            ("page", table["page"].eq("").to_numpy(), "the source page")):
        problems += [f"{label}:{line}: {column}: {value!r} is not valid; expected {what}"
                     for line, value in zip(lines[bad], table[column].to_numpy()[bad],
                                            strict=True)]
    for bound in ("lower", "upper"):
        text = table[bound]
        bad = text.ne("").to_numpy() & pd.to_numeric(text, errors="coerce").isna().to_numpy()
        problems += [f"{label}:{line}: {bound}: {value!r} is not a number; expected a number or "
                     "an empty cell" for line, value in zip(lines[bad], text.to_numpy()[bad],
                                                            strict=True)]
    if problems:
        raise ConfigError("\n".join(problems))
    out = pd.DataFrame({
        "factor_set": set_name, "table_name": csv.stem, "file": label, "line": lines,
        "parameter": table["parameter"].to_numpy(),
        **{f"dim_{d}": table[d].str.lower().to_numpy() for d in dims},
        "value": number.to_numpy(dtype=float),
        "unit": table["unit"].to_numpy(),
        "lower": pd.to_numeric(table["lower"].mask(table["lower"].eq(""))).to_numpy(dtype=float),
        "upper": pd.to_numeric(table["upper"].mask(table["upper"].eq(""))).to_numpy(dtype=float),
        "document": table["document"].to_numpy(), "table": table["table"].to_numpy(),
        "page": table["page"].to_numpy(), "note": table["note"].to_numpy(),
    })
    out["specificity"] = sum((out[f"dim_{d}"] != ANY).astype(int) for d in dims) \
        if dims else 0
    return out
