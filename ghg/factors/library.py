"""Loading factor sets: CSV tables with a metadata file each, stacked by precedence.

A factor set is a folder with ``set.toml`` and one CSV per published table (with a sidecar
``<table>.toml``). Every CSV row names its activity, the category it applies to (and that
category's descendants; ``*`` for all), parameter, gas, value, unit, valid years and its source.
A set's version is the SHA-256 of its files, so a changed factor changes the recorded version.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core import memo
from ghg.core.categories import ANY, closest_codes, is_category
from ghg.core.errors import ConfigError
from ghg.core.i18n import _
from ghg.core.text_tables import read_text_table
from ghg.core.toml_files import read_toml, unknown_keys
from ghg.factors.parameters import Parameters, load_parameters, parameter_files

FACTOR_COLUMNS = (
    "activity", "category", "parameter", "gas", "value", "unit", "year_from", "year_to",
    "lower", "upper", "source_id", "document", "table", "page", "note",
)  # fmt: skip
PARAMETERS = ("ncv", "density", "ef")
#: Keys of a set's ``set.toml`` and of a table's sidecar ``<table>.toml``.
SET_KEYS = ("name", "title", "title_vi", "publisher", "url", "released", "released_vi",
            "valid_for", "valid_for_vi", "description")
TABLE_KEYS = ("title", "document", "table", "pages", "url", "checked", "description", "note")

#: Canonical unit of each parameter; ``{gas}`` is filled in per row. The kernels take plain
#: numbers in these units: NCV in TJ/Gg, density in t/m3 (= kg/l), fuel EFs per TJ, grid per MWh.
CANONICAL_UNITS = {
    ("ncv", "fuel"): "TJ/Gg",
    ("density", "fuel"): "t/m^3",
    ("ef", "fuel"): "kg {gas}/TJ",
    ("ef", "electricity"): "t {gas}/MWh",
}


def builtin_data() -> Path:
    """Folder of the factor data shipped with the package."""
    return Path(str(resources.files("ghg.factors").joinpath("data")))


@cache
def activities() -> pd.DataFrame:
    """The activity registry: key, kind (fuel, electricity, livestock), gases, biogenic CO2 flag.

    Examples
    --------
    >>> str(activities().loc["wood", "kind"]), bool(activities().loc["wood", "biogenic_co2"])
    ('fuel', True)
    """
    table = pd.read_csv(builtin_data() / "activities.csv", dtype=str, keep_default_na=False)
    table["biogenic_co2"] = table["biogenic_co2"].eq("true")
    table["gases"] = table["gases"].str.split()
    return table.set_index("activity")


@cache
def library_settings() -> dict:
    """Year range and default sets of the library (``data/library.toml``)."""
    return tomllib.loads((builtin_data() / "library.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class FactorSet:
    """One factor set: its name, folder, metadata, rows and content hash."""

    name: str
    path: Path
    metadata: dict
    rows: pd.DataFrame = field(repr=False)
    sha256: str

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", self.name))


@dataclass(frozen=True)
class FactorLibrary:
    """Factor sets in precedence order (first wins), stacked into one table.

    ``table`` has the CSV columns plus ``set_rank`` (0 = highest precedence), ``factor_set``,
    ``file`` and ``line`` (where the row is, for provenance), and ``canonical_value`` (the value in
    the parameter's canonical unit).
    """

    sets: tuple[FactorSet, ...]
    table: pd.DataFrame = field(repr=False)

    @property
    def versions(self) -> dict[str, str]:
        """``{set name: sha256}`` in precedence order."""
        return {s.name: s.sha256 for s in self.sets}

    def parameters(self) -> Parameters:
        """The sets' sector parameter tables, in the same precedence (a fresh usage record)."""
        return load_parameters([(s.name, s.path) for s in self.sets])


def load_set(path: Path, name: str | None = None) -> FactorSet:
    """Load one factor-set folder and check every row (cached while its files are unchanged).

    Examples
    --------
    >>> vn = load_set(builtin_data() / "vn")
    >>> vn.name, len(vn.sha256)
    ('vn', 64)
    """
    path = Path(path)
    if not path.is_dir():
        raise ConfigError(f"{path}: " + _("factor set folder not found; expected a folder with "
                                          "CSV tables"))
    files = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                  for p in [*sorted(path.iterdir()), *parameter_files(path)])
    return _load_set(path.resolve(), name, files)


@cache
def _load_set(path: Path, name: str | None, files: tuple) -> FactorSet:
    # ``files`` (names, sizes, modification times) is part of the cache key: an edited table is
    # read again, so a batch run never uses a stale factor. Between processes the checked set is
    # kept by the memo under the hash of its bytes (:mod:`ghg.core.memo`).
    digest = _set_digest(path)
    key = f"{path}\0{name}\0{digest}".encode()
    kept = memo.recall("factor-set", key)
    if isinstance(kept, FactorSet):
        return kept
    loaded = _read_set(path, name, digest)
    memo.keep("factor-set", key, loaded)
    return loaded


def _set_digest(path: Path) -> str:
    """SHA-256 of a set's files: its CSV and TOML files and its sector parameter tables."""
    digest = hashlib.sha256()
    for file in [*sorted(path.glob("*.csv")), *sorted(path.glob("*.toml"))]:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    for table in parameter_files(path):  # sector parameter tables are part of the set's version
        digest.update(b"parameters/" + table.name.encode() + b"\0" + table.read_bytes())
    return digest.hexdigest()


def _read_set(path: Path, name: str | None, digest: str) -> FactorSet:
    """Read and check every table of a set (whose files hash to ``digest``)."""
    meta_file = path / "set.toml"
    metadata = _metadata(meta_file, SET_KEYS, f"{path.name}/set.toml") \
        if meta_file.exists() else {}
    set_name = name or str(metadata.get("name", path.name))
    frames = [_read_table(csv, set_name) for csv in sorted(path.glob("*.csv"))]
    for toml in sorted(path.glob("*.toml")):
        if toml.name != "set.toml":  # a table's sidecar: document, table, pages, checked
            _metadata(toml, TABLE_KEYS, f"{path.name}/{toml.name}")
    if not frames and not parameter_files(path):
        raise ConfigError(f"{path}: " + _("factor set has no CSV tables; expected at least one"))
    rows = pd.concat(frames, ignore_index=True) if frames else _empty_rows()
    return FactorSet(set_name, path, metadata, rows, digest)


def _empty_rows() -> pd.DataFrame:
    """The row table of a set that only has sector parameter tables."""
    table = pd.DataFrame({c: pd.Series(dtype=object) for c in FACTOR_COLUMNS})
    for column in ("value", "lower", "upper"):
        table[column] = table[column].astype(float)
    for column in ("year_from", "year_to"):
        table[column] = table[column].astype("Int64")
    return table.assign(file=pd.Series(dtype=object), line=pd.Series(dtype=np.int64),
                        factor_set=pd.Series(dtype=object))


def _metadata(path: Path, allowed: tuple[str, ...], label: str) -> dict:
    """A factor set's or table's metadata file, with unknown keys refused (a misspelt
    ``documnet`` would leave the table without its source)."""
    data, text = read_toml(path, label)
    problems = unknown_keys(data, allowed, label, text)
    if problems:
        raise ConfigError("\n".join(str(p) for p in problems))
    return data


def _read_table(csv: Path, set_name: str) -> pd.DataFrame:
    label = f"{set_name}/{csv.name}"
    table, unreadable = read_text_table(csv, label, _(
        "a header line {columns} and one row per factor").format(columns=",".join(FACTOR_COLUMNS)))
    if table is None:
        raise ConfigError("\n".join(str(p) for p in unreadable))
    columns = [c for c in table.columns if c != "line"]
    if tuple(columns) != FACTOR_COLUMNS:
        raise ConfigError(
            f"{label}:1: " + _("header is {found}; expected {expected}").format(
                found=",".join(columns), expected=",".join(FACTOR_COLUMNS))
        )
    lines = table.pop("line").to_numpy()
    table["file"] = label
    table["line"] = lines
    problems = _check_rows(table, label)
    if problems:
        raise ConfigError("\n".join(problems))
    for column in ("value", "lower", "upper"):
        table[column] = pd.to_numeric(table[column].mask(table[column].eq("")))
    for column in ("year_from", "year_to"):
        table[column] = pd.to_numeric(table[column].mask(table[column].eq(""))).astype("Int64")
    table["factor_set"] = set_name
    return table


def _check_rows(table: pd.DataFrame, label: str) -> list[str]:
    problems = []
    known = activities().index
    for column, bad, expected in (
        ("activity", ~table["activity"].isin(known), "an activity key of activities.csv"),
        ("parameter", ~table["parameter"].isin(PARAMETERS), f"one of {', '.join(PARAMETERS)}"),
        ("value", ~np.isfinite(pd.to_numeric(table["value"], errors="coerce")), _("a number")),
        ("document", table["document"].eq(""), _("the source document")),
        ("table", table["table"].eq(""), _("the source table")),
        ("page", table["page"].eq(""), _("the source page")),
    ):
        for line, value in zip(table.loc[bad, "line"], table.loc[bad, column], strict=True):
            problems.append(f"{label}:{line}: {column}: " + _(
                "{value} is not valid; expected {what}").format(value=repr(value), what=expected))
    categories = table["category"]
    for code in categories[categories.ne(ANY)].unique():
        if not is_category(code):
            for line in table.loc[categories.eq(code), "line"]:
                problems.append(
                    f"{label}:{line}: category: {code!r} is not an IPCC 2006 code; "
                    f"expected '*' or a code such as {', '.join(closest_codes(code))}"
                )
    return problems


def load_library(set_names: list[str] | tuple[str, ...] | None = None,
                 local: Path | None = None) -> FactorLibrary:
    """Load factor sets in precedence order: ``local`` first (if given), then ``set_names``.

    A name is a built-in set (``ipcc2006``, ``vn``) or a path to a set folder.

    Examples
    --------
    >>> library = load_library(["vn", "ipcc2006"])
    >>> list(library.versions)
    ['vn', 'ipcc2006']
    """
    names = list(set_names or library_settings()["default_sets"])
    sets = [load_set(Path(local), "local")] if local is not None else []
    for name in names:
        folder = builtin_data() / name
        if not folder.is_dir():
            candidate = Path(name)
            if not candidate.is_dir():
                available = sorted(p.name for p in builtin_data().iterdir() if p.is_dir())
                raise ConfigError(
                    _("factor set {name} not found; expected one of {available} or a path to a "
                      "factor-set folder").format(name=repr(name), available=", ".join(available))
                )
            folder = candidate
        sets.append(load_set(folder))
    seen = [s.name for s in sets]
    if len(set(seen)) != len(seen):
        raise ConfigError(_("factor sets {sets} name the same set twice; expected each "
                            "once").format(sets=seen))
    key = tuple((s.name, s.sha256) for s in sets)
    if key not in _STACKED:
        table = pd.concat([s.rows.assign(set_rank=rank) for rank, s in enumerate(sets)],
                          ignore_index=True)
        table["canonical_value"] = _canonical_values(table)
        _STACKED[key] = FactorLibrary(tuple(sets), table)
    return _STACKED[key]


#: Stacked libraries by (set name, content hash): batch runs load and check each set once.
_STACKED: dict[tuple, FactorLibrary] = {}


def _canonical_values(table: pd.DataFrame) -> np.ndarray:
    """Convert each value to its parameter's canonical unit, parsing each distinct unit once."""
    from ghg.core.units import scale as unit_scale

    kinds = activities().loc[table["activity"], "kind"].to_numpy()
    keys = pd.DataFrame({"parameter": table["parameter"], "kind": kinds,
                         "gas": table["gas"], "unit": table["unit"]})
    distinct = keys.drop_duplicates().reset_index(drop=True)
    scales, problems = [], []
    for parameter, kind, gas, unit in distinct.itertuples(index=False):
        target = CANONICAL_UNITS.get((parameter, kind))
        try:
            if target is None:
                raise ValueError(f"{parameter} does not apply to {kind} activities")
            scales.append(unit_scale(unit, target.format(gas=gas)))
        except Exception as error:  # pint raises several types; all mean "unit does not fit"
            scales.append(np.nan)
            problems.append(f"unit {unit!r} of {parameter} ({kind}, {gas or 'no gas'}) does not "
                            f"fit: {error}; expected a unit convertible to {target or 'nothing'}")
    distinct["scale"] = scales
    scale = keys.merge(distinct, how="left", on=list(keys.columns), validate="many_to_one")
    bad = scale["scale"].isna().to_numpy()
    if problems:
        where = [f"{f}:{n}" for f, n in zip(table.loc[bad, "file"], table.loc[bad, "line"],
                                             strict=True)]
        raise ConfigError("\n".join(problems) + "\nrows: " + ", ".join(where))
    return table["value"].to_numpy(dtype=float) * scale["scale"].to_numpy()
