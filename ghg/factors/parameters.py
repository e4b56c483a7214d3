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

import hashlib
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core import memo
from ghg.core.errors import ConfigError
from ghg.core.i18n import _
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


@dataclass(frozen=True)
class _Candidates:
    """The rows of one (table, parameter), ready for lookups: integer-keyed, best first.

    ``cells[i, d]`` is the code of row ``i``'s value of dimension ``d`` in ``vocabulary[d]``, or
    -1 for ``*``. Rows are sorted by precedence (set rank, then most specific, then file order),
    so the winner for a key is the first row that matches it.
    """

    cells: np.ndarray
    vocabulary: tuple[pd.Index, ...]
    ids: np.ndarray


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
    #: Candidate rows per (table, parameter), split once: ``rows`` never changes after loading.
    _candidates: dict[tuple[str, str], _Candidates] = field(default_factory=dict, repr=False,
                                                             compare=False)
    _groups: dict[tuple[str, str], np.ndarray] | None = field(default=None, repr=False,
                                                               compare=False)
    _described: np.ndarray | None = field(default=None, repr=False, compare=False)

    def lookup(self, table: str, parameter: str,
               keys: Mapping[str, np.ndarray | pd.Series | pd.Categorical | str],
               unit: str, sets: Collection[str] | None = None) -> Lookup:
        """The value of ``parameter`` for each row of ``keys`` (one array per dimension).

        ``unit`` is the unit the caller's equation expects; a matching row in another unit is a
        configuration error, so no value is ever used in the wrong unit. ``sets`` limits the
        lookup to those factor sets (e.g. the IPCC defaults, for a Tier 1 check beside an
        inventory's own value); ``None`` searches the whole stack.
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
        candidates = self._split(table, parameter, dims)
        if sets is not None:
            keep = self.rows["factor_set"].isin(list(sets)).to_numpy()[candidates.ids]
            candidates = _Candidates(candidates.cells[keep], candidates.vocabulary,
                                     candidates.ids[keep])
        if not len(candidates.ids):
            return Lookup(np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
        # Each key column as codes into the candidates' own vocabulary (-1: no row names it),
        # worked out on the column's distinct values, then the few distinct code combinations.
        codes = [_vocabulary_codes(keys.get(d, ANY), words, n)
                 for d, words in zip(dims, candidates.vocabulary, strict=True)]
        combos, position = _distinct_codes(codes, [len(w) for w in candidates.vocabulary], n)
        match = np.ones((len(combos), len(candidates.ids)), dtype=bool)
        for d in range(len(dims)):
            cell = candidates.cells[:, d]
            match &= (cell == -1)[None, :] | (cell[None, :] == combos[:, d][:, None])
        found = match.any(axis=1)
        winner = candidates.ids[np.argmax(match, axis=1)]
        combo_ref = np.where(found, winner, -1)
        ref = combo_ref[position]
        ids = np.unique(combo_ref[found])
        wrong = ids[self.rows["unit"].to_numpy()[ids] != unit]
        if len(wrong):
            first = ref[np.isin(ref, wrong)][0]  # the first input row using such a row
            bad = self.rows.iloc[first]
            raise ConfigError(f"{bad['file']}:{bad['line']}: unit: {bad['unit']!r}; expected "
                              f"{unit!r} for {parameter} in {table}")
        self.used.update(int(i) for i in ids)
        value = np.where(found, self.rows["value"].to_numpy()[np.maximum(combo_ref, 0)], np.nan)
        return Lookup(value[position], ref)

    def _split(self, table: str, parameter: str, dims: tuple[str, ...]) -> _Candidates:
        cached = self._candidates.get((table, parameter))
        if cached is not None:
            return cached
        if self._groups is None:  # one pass over all rows: positions per (table, parameter)
            self._groups = {key: np.asarray(index) for key, index in self.rows.groupby(
                ["table_name", "parameter"], sort=False).indices.items()} if len(self.rows) \
                else {}
        rows = self.rows
        at = self._groups.get((table, parameter), np.zeros(0, dtype=np.int64))
        # precedence: set rank, then most specific, then file order (id)
        at = at[np.lexsort((rows["id"].to_numpy()[at], -rows["specificity"].to_numpy()[at],
                            rows["set_rank"].to_numpy()[at]))]
        vocabulary, cells = [], []
        for d in dims:
            text = rows[f"dim_{d}"].to_numpy(dtype=object)[at]
            words = pd.Index(sorted({t for t in text if t != ANY}), dtype=object)
            vocabulary.append(words)
            cells.append(words.get_indexer(text))  # ``*`` is in no vocabulary: -1
        split = _Candidates(np.column_stack(cells).astype(np.int64) if cells
                            else np.zeros((len(at), 0), dtype=np.int64),
                            tuple(vocabulary), rows["id"].to_numpy(dtype=np.int64)[at])
        self._candidates[(table, parameter)] = split
        return split

    def describe(self, ref: np.ndarray) -> np.ndarray:
        """Short source text per row id: ``set table p.page``; ``''`` for -1."""
        if not len(self.rows):
            return np.full(len(ref), "", dtype=object)
        if self._described is None:
            self._described = (self.rows["factor_set"] + " " + self.rows["table"] + " p."
                               + self.rows["page"]).to_numpy(dtype=object)
        return np.where(ref >= 0, self._described[np.maximum(ref, 0)], "")


def _length(keys: Mapping) -> int:
    lengths = {len(v) for v in keys.values() if not isinstance(v, str)}
    if len(lengths) > 1:
        raise ValueError(f"key arrays differ in length: {sorted(lengths)}")
    return lengths.pop() if lengths else 1


def _vocabulary_codes(value: np.ndarray | pd.Series | pd.Categorical | str, words: pd.Index,
                      n: int) -> np.ndarray:
    """Per row, the code of ``value`` in ``words`` (-1 where absent), from its distinct values.

    A categorical gives its codes for free; other columns are factorized once. A constant (such
    as ``*`` for a dimension the caller leaves open) is not expanded.
    """
    # a vocabulary holds a few dozen words: a dict beats pandas' index machinery per call
    position = {word: i for i, word in enumerate(words)}
    if isinstance(value, str):
        return np.full(n, position.get(value, -1), dtype=np.int64)
    if isinstance(value, pd.Series):
        value = value.array
    if isinstance(value, pd.Categorical):
        codes, distinct = value.codes, value.categories
    else:
        codes, distinct = pd.factorize(np.asarray(value, dtype=object))
    # a missing value (code -1) matches nothing
    table = np.array([position.get(word, -1) for word in distinct] + [-1], dtype=np.int64)
    return table[codes]


def _distinct_codes(codes: list[np.ndarray], sizes: list[int], n: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct combinations of per-dimension codes (rows of a matrix), and each row's index.

    Codes (-1 .. size-1) are packed into one integer per row; the key space is small (product of
    the candidates' vocabularies), so a dense table replaces a sort.
    """
    if not codes:
        return np.zeros((1, 0), dtype=np.int64), np.zeros(n, dtype=np.int64)
    shape = tuple(s + 1 for s in sizes)
    packed = np.ravel_multi_index(tuple(c + 1 for c in codes), shape)
    space = math.prod(shape)
    if space <= 4 * n + 1024:
        present = np.zeros(space, dtype=bool)
        present[packed] = True
        used = np.flatnonzero(present)
        rank = np.cumsum(present) - 1
        position = rank[packed]
    else:
        used, position = np.unique(packed, return_inverse=True)
    combos = np.column_stack(np.unravel_index(used, shape)) - 1
    return combos.astype(np.int64), position.reshape(-1).astype(np.int64)


def load_parameters(set_paths: list[tuple[str, Path]]) -> Parameters:
    """Stack the ``parameters/`` tables of the given (name, folder) sets, first set first.

    Between processes the checked stack is kept by the memo (:mod:`ghg.core.memo`) under the
    hash of the sets' names, folders and parameter files."""
    digest = hashlib.sha256()
    for name, folder in set_paths:
        digest.update(f"\0{name}\0{Path(folder).resolve()}".encode())
        for table in parameter_files(folder):
            digest.update(b"\0" + table.name.encode() + b"\0" + table.read_bytes())
    kept = memo.recall("parameters", digest.digest())
    if isinstance(kept, tuple):
        rows, dimensions, candidates = kept
        return Parameters(rows, dimensions, _candidates=candidates)
    stacked = _stack(set_paths)
    if memo.folder() is None:  # nothing will be kept: split only what the lookups ask for
        return stacked
    for table_name, dims in stacked.dimensions.items():  # every lookup's candidates, once
        for parameter in stacked.rows.loc[stacked.rows["table_name"].eq(table_name),
                                          "parameter"].unique():
            stacked._split(table_name, str(parameter), dims)
    memo.keep("parameters", digest.digest(),
              (stacked.rows, stacked.dimensions, dict(stacked._candidates)))
    return stacked


def _stack(set_paths: list[tuple[str, Path]]) -> Parameters:
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
            raise ConfigError(f"{label}: " + _(
                "no {name} beside it; expected one naming the table's dimensions, document and "
                "how it was checked").format(name=meta_file.name))
        meta, text = read_toml(meta_file, f"{name}/parameters/{meta_file.name}")
        unknown = unknown_keys(meta, PARAMETER_KEYS, f"{name}/parameters/{meta_file.name}", text)
        if unknown:
            raise ConfigError("\n".join(str(p) for p in unknown))
        dims = tuple(meta.get("dimensions", ()))
        out.append((csv.stem, dims, _read_rows(csv, label, dims, name)))
    return out


def _read_rows(csv: Path, label: str, dims: tuple[str, ...], set_name: str) -> pd.DataFrame:
    expected = (*LEADING, *dims, *TRAILING)
    table, unreadable = read_text_table(csv, label, _("a header line {columns}").format(
        columns=",".join(expected)))
    if table is None:
        raise ConfigError("\n".join(str(p) for p in unreadable))
    lines = table.pop("line").to_numpy()
    if tuple(table.columns) != expected:
        raise ConfigError(f"{label}:1: " + _("header is {found}; expected {expected}").format(
            found=",".join(table.columns), expected=",".join(expected)))
    # Cells come stripped; one object array per column, not pandas passes per column.
    text = {name: table[name].to_numpy(dtype=object) for name in expected}

    def numbers(column: str) -> np.ndarray:
        return pd.to_numeric(pd.Series(text[column], dtype=object),
                             errors="coerce").to_numpy(dtype=float)

    number = numbers("value")
    problems = []
    for column, bad, what in (
            ("value", ~np.isfinite(number), _("a number")),
            ("document", text["document"] == "", _("the source document")),
            ("table", text["table"] == "", _("the source table")),
            ("page", text["page"] == "", _("the source page"))):
        problems += [f"{label}:{line}: {column}: " + _(
                         "{value} is not valid; expected {what}").format(value=repr(value),
                                                                          what=what)
                     for line, value in zip(lines[bad], text[column][bad], strict=True)]
    bounds = {}
    for bound in ("lower", "upper"):
        bounds[bound] = numbers(bound)
        bad = (text[bound] != "") & np.isnan(bounds[bound])
        problems += [f"{label}:{line}: {bound}: {value!r} is not a number; expected a number or "
                     "an empty cell" for line, value in zip(lines[bad], text[bound][bad],
                                                            strict=True)]
    if problems:
        raise ConfigError("\n".join(problems))
    keys = {f"dim_{d}": np.array([t.lower() for t in text[d]], dtype=object) for d in dims}
    out = pd.DataFrame({
        "factor_set": set_name, "table_name": csv.stem, "file": label, "line": lines,
        "parameter": text["parameter"], **keys, "value": number, "unit": text["unit"],
        "lower": bounds["lower"], "upper": bounds["upper"], "document": text["document"],
        "table": text["table"], "page": text["page"], "note": text["note"],
    })
    out["specificity"] = sum((key != ANY).astype(int) for key in keys.values()) \
        if dims else 0
    return out
