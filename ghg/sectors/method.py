"""The contract between the engine and a sector method (livestock, rice, soils, land, waste ...).

A sector method is a function ``method(rows, context) -> pd.DataFrame`` in a module of
``ghg.sectors``, registered by activity kind in :data:`ghg.core.kinds.KINDS`. It gets the
activity rows of its kinds (:class:`SectorRows`) and a :class:`SectorContext` (inventory metadata,
parameter tables, inventory-level tables such as manure management shares), validates its own
columns (problems go to ``rows.problems``, never raised one by one), looks up parameters, calls
its pure kernels and returns emission records built with :func:`records`:

``row`` (the input row they come from), ``year``, ``category``, ``gas``, ``emissions_t`` (tonnes
of gas; removals are negative), ``biogenic`` (CO2 memo item, not in totals), ``step`` (the IPCC
step, e.g. ``enteric``) and ``chain`` (the arithmetic with each factor's source, for ``explain``).
One input row may give many records (one livestock row feeds 3.A.1, 3.A.2 and 3.C.6; one landfill
deposit emits in every later year). Nothing else: the engine sums records into the emissions
table, the detail table and provenance.

The text columns ``category``, ``gas``, ``step`` and ``chain`` (:data:`TEXT_COLUMNS`) are
``pd.Categorical``: integer codes into a few distinct names (object text, in order of first
appearance; a name no record has may be among them, as after any selection of records). 10^6
rows give millions of records but a few dozen names, so no text is made per record: methods give
text per part or by code (:class:`Texts`), :func:`assemble` writes the codes, and record tables
are joined with :func:`concat_records` (never ``pd.concat``, which makes object text of
categoricals with different names). Readers use the codes (compare, ``member``, gather the
names); ``astype(object)`` gives the plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import NamedTuple

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from ghg.core.errors import Problem
from ghg.core.i18n import _
from ghg.factors.parameters import Parameters
from ghg.factors.reference import climate_zones, ipcc_regions
from ghg.inputs.config import InventoryConfig

RECORD_COLUMNS = ["row", "year", "category", "gas", "emissions_t", "biogenic", "step", "chain"]


@dataclass
class SectorRows:
    """The activity rows of one sector method.

    ``frame`` has the activity-table columns (``source_id``, ``year``, ``category``,
    ``activity``, ``amount``, ``unit``, ``region``, ``file``, ``line``) as plain columns, ``row``
    (position in the whole activity frame) and every extra column of the input as stripped text
    (``''`` where empty or absent in a file).
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    _texts: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _codes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.frame)

    @classmethod
    def from_records(cls, *records: dict) -> SectorRows:
        """Rows built from dicts, for calling a sector method directly (library use, tests).

        Missing contract columns get neutral values: source ``p``, year 2020, no region, file
        ``t.csv`` with lines from 2.
        """
        frame = pd.DataFrame(list(records))
        for column, value in {"source_id": "p", "year": 2020, "region": "",
                              "file": "t.csv"}.items():
            if column not in frame:
                frame[column] = value
        frame["row"] = np.arange(len(frame))
        frame["line"] = np.arange(2, len(frame) + 2)
        return cls(frame.fillna(""))

    def amount_in(self, unit: str) -> np.ndarray:
        """Each row's amount converted to ``unit`` (each distinct unit parsed once)."""
        from ghg.core.units import scale as unit_scale

        codes, names = pd.factorize(self.frame["unit"].astype("category").array)
        scale = np.array([unit_scale(str(u), unit) for u in names]
                         + [np.nan])  # each distinct spelling once; a missing unit gives NaN
        return self.frame["amount"].to_numpy(dtype=float) * scale[codes]

    def text(self, column: str) -> np.ndarray:
        """A column as lower-case text, ``''`` where empty or absent."""
        if column not in self.frame:
            return np.full(len(self.frame), "", dtype=object)
        if column not in self._texts:  # columns are read by several checks: clean them once
            # Strip and lower each distinct value once: 10^6 rows hold a handful of them.
            codes, names = self.codes(column)
            self._texts[column] = names[codes]
        return self._texts[column].copy()

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """A column as integer codes into its distinct lower-case texts (``''`` for empty).

        A categorical column (as the reader gives) is not hashed again: its codes are used as
        they are and only its categories are cleaned.
        """
        if column not in self.frame:
            return np.zeros(len(self.frame), dtype=np.int64), np.array([""], dtype=object)
        if column not in self._codes:  # read by several checks: worked out once
            self._codes[column] = self._column_codes(column)
        return self._codes[column]

    def _column_codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        values = self.frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy()
            names = [*values.cat.categories, ""]
        else:  # hashed once; a missing cell (code -1) is the empty text
            codes, distinct = pd.factorize(values.to_numpy())
            names = [*distinct, ""]
        codes = np.where(codes < 0, len(names) - 1, codes)  # NaN: the empty text
        # the few distinct names cleaned in plain Python (no pandas string machinery per call)
        return codes, np.array([str(name).strip().lower() for name in names], dtype=object)

    def report(self, mask: np.ndarray, column: str, message: str,
               values: np.ndarray | None = None) -> None:
        """Add one problem per row of ``mask``: ``FILE:LINE: COLUMN: 'VALUE' message``."""
        index = np.flatnonzero(mask)
        if not len(index):
            return
        shown = self.text(column) if values is None else np.asarray(values, dtype=object)
        if values is None and column in self.frame:
            shown = self.frame[column].astype(str).to_numpy(dtype=object)
        files = self.frame["file"].astype(str).to_numpy()
        lines = self.frame["line"].to_numpy()
        self.problems += [Problem(files[i], int(lines[i]), column, str(shown[i]), message)
                          for i in index]  # one message per bad row: the report is the output

    def choice(self, column: str, valid: Sequence[str], *, default: str | None = None,
               mask: np.ndarray | None = None, categorical: bool = False
               ) -> np.ndarray | pd.Categorical:
        """A column of names from ``valid`` (case-insensitive); bad values are reported.

        Empty cells take ``default``; with no default an empty cell is a problem. Only rows in
        ``mask`` (default: all) are checked. ``categorical`` gives integer-coded text (for
        lookups and comparisons on 10^6 rows) instead of an object array.
        """
        codes, distinct = self.codes(column)
        if default is not None:
            distinct = np.where(distinct == "", default, distinct)
        check = np.ones(len(codes), dtype=bool) if mask is None else mask
        names = ", ".join(valid)
        empty = check & (distinct == "")[codes]
        self.report(empty, column, _("is empty; expected one of {names}").format(names=names))
        bad = check & ((distinct != "") & ~np.isin(distinct, list(valid)))[codes]
        self.report(bad, column, _("is not a valid {column}; expected one of {names}").format(
            column=column, names=names))
        return coded(codes, distinct) if categorical else distinct[codes]

    def coded(self, column: str) -> pd.Categorical:
        """:meth:`text` as integer-coded text (a categorical of the clean distinct values)."""
        return coded(*self.codes(column))

    def given(self, column: str) -> np.ndarray:
        """Rows whose ``column`` is not empty."""
        codes, distinct = self.codes(column)
        return (distinct != "")[codes]

    def number(self, column: str, *, default: float = np.nan, minimum: float | None = 0.0,
               maximum: float | None = None, required: np.ndarray | bool = False) -> np.ndarray:
        """A numeric column; empty cells take ``default``; bad or out-of-range values reported."""
        codes, distinct = self.codes(column)  # parse and judge each distinct spelling once
        blank = distinct == ""
        parsed = np.full(len(distinct), np.nan)
        if not blank.all():  # an absent or empty column has nothing to parse
            parsed[~blank] = pd.to_numeric(pd.Series(distinct[~blank], dtype=object),
                                           errors="coerce").to_numpy(dtype=float)
        finite = np.isfinite(parsed)
        empty = blank[codes]
        self.report((~blank & ~finite)[codes], column, "is not a number; expected a number"
                    + (f" >= {minimum:g}" if minimum is not None else ""))
        need = np.broadcast_to(np.asarray(required), empty.shape)
        self.report(empty & need, column, _("is empty; expected a number for this row"))
        with np.errstate(invalid="ignore"):
            if minimum is not None:
                self.report((finite & (parsed < minimum))[codes], column,
                            f"is below {minimum:g}; expected a number >= {minimum:g}")
            if maximum is not None:
                self.report((finite & (parsed > maximum))[codes], column,
                            f"is above {maximum:g}; expected a number <= {maximum:g}")
        return np.where(blank, default, parsed)[codes]


def coded(codes: np.ndarray, names: np.ndarray) -> pd.Categorical:
    """Per-row text given as codes into ``names`` (which may repeat), as a categorical."""
    name_codes, distinct = pd.factorize(np.asarray(names, dtype=object))
    return pd.Categorical.from_codes(name_codes[codes], categories=pd.Index(distinct),
                                     validate=False)


@dataclass
class SectorContext:
    """What a sector method may know besides its rows.

    ``config`` is the inventory's metadata (``None`` for a bare table). ``tables`` holds the
    inventory-level tables read from the inventory folder (e.g. ``manure_systems``), as text
    with ``file`` and ``line`` columns. ``years`` are the reporting years (for methods such as
    first-order decay that emit in years with no input row).
    """

    parameters: Parameters
    config: InventoryConfig | None
    tables: dict[str, pd.DataFrame]
    years: np.ndarray
    #: Method choices a reader of the results must know (e.g. the rule that filled the landfill
    #: deposit history); recorded in provenance as ``method_notes``.
    notes: list[str] = field(default_factory=list)
    #: Intermediate amounts a method worked out that other outputs use too, by name (e.g.
    #: ``burnt_waste``, the mass the 4.C records come from, for the air pollutants), so they are
    #: computed once.
    amounts: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def for_sets(cls, *sets: str, climate_zone: str = "tropical_wet",
                 ipcc_region: str = "south_east_asia", years: np.ndarray | None = None,
                 tables: dict[str, pd.DataFrame] | None = None) -> SectorContext:
        """A context with the built-in factor sets ``sets`` (in precedence order)."""
        from ghg.factors.library import builtin_data
        from ghg.factors.parameters import load_parameters

        return cls(load_parameters([(s, builtin_data() / s) for s in sets]),
                   InventoryConfig(name="direct call", climate_zone=climate_zone,
                                   ipcc_region=ipcc_region),
                   tables or {}, np.arange(2020, 2021) if years is None else years)

    def setting(self, name: str, default: object = None) -> object:
        """An inventory.toml setting (sectors may read their own, e.g. ``mean_temperature_c``)."""
        if self.config is None:
            return default
        value = getattr(self.config, name, None)
        return default if value is None else value

    def climate_zone(self, rows: SectorRows, mask: np.ndarray | None = None,
                     categorical: bool = False) -> np.ndarray | pd.Categorical:
        """Per row: the ``climate_zone`` column, else the inventory's ``climate_zone``."""
        codes, distinct = self._per_row(rows, "climate_zone", climate_zones().index, mask)
        return coded(codes, distinct) if categorical else distinct[codes]

    def ipcc_region(self, rows: SectorRows, mask: np.ndarray | None = None,
                    meaning: str | None = None, categorical: bool = False
                    ) -> np.ndarray | pd.Categorical:
        """Per row: the ``ipcc_region`` column, else the inventory's; optionally mapped to a
        sector's own region (``livestock_region``, ``rice_region``, ``development``).
        ``categorical`` gives integer-coded text instead of an object array."""
        codes, distinct = self._per_row(rows, "ipcc_region", ipcc_regions().index, mask)
        if meaning is not None:  # mapped once per distinct region
            table = ipcc_regions()[meaning]
            known = np.isin(distinct, table.index)
            mapped = np.full(len(distinct), "", dtype=object)
            mapped[known] = table.loc[distinct[known]].to_numpy()
            distinct = mapped
        return coded(codes, distinct) if categorical else distinct[codes]

    def _per_row(self, rows: SectorRows, column: str, valid: pd.Index,
                 mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        default = str(self.setting(column, "") or "").strip().lower()
        codes, distinct = rows.codes(column)  # judged once per distinct value
        distinct = np.where(distinct == "", default, distinct)
        check = np.ones(len(codes), dtype=bool) if mask is None else mask
        names = ", ".join(valid)
        unset = check & (distinct == "")[codes]
        if unset.any():
            rows.report(unset, column,
                        _("is not set; set {column} in inventory.toml or add a column {column} "
                          "(one of {names})").format(
                              column=column, names=names), values=distinct[codes])
        bad = check & ((distinct != "") & ~np.isin(distinct, list(valid)))[codes]
        if bad.any():
            rows.report(bad, column, _("is not a valid {column}; expected one of {names}").format(
                column=column, names=names),
                        values=distinct[codes])
        return codes, distinct


def records(rows: SectorRows, position: np.ndarray, *, year: np.ndarray | int | None = None,
            category: np.ndarray | str, gas: str, emissions_t: np.ndarray, step: str,
            chain: np.ndarray | str | Texts = "", biogenic: bool = False) -> pd.DataFrame:
    """Emission records for ``rows.frame.iloc[position]`` (``year`` defaults to the row's); a
    ``chain`` given by code (:class:`Texts`) is written per record only once."""
    return assemble(rows, [part(position, year=year, category=category, gas=gas,
                                emissions_t=emissions_t, step=step, chain=chain,
                                biogenic=biogenic)])


class Texts(NamedTuple):
    """Per-record text given by code: record ``i`` has ``names[codes[i]]`` (``names`` may repeat,
    e.g. one chain text per class of rows)."""

    names: np.ndarray
    codes: np.ndarray

    def at(self, index: np.ndarray) -> Texts:
        """The texts of the records at ``index`` (positions or a mask): the names stay."""
        return Texts(self.names, self.codes[index])

    def per_record(self) -> np.ndarray:
        """The text of each record as an object array (for checks and small tables)."""
        return np.asarray(self.names, dtype=object)[self.codes]


@dataclass(frozen=True)
class RecordPart:
    """Records of one step, kept as arrays until :func:`assemble` writes the record table once
    (no frame per step, no concatenation of object columns)."""

    position: np.ndarray
    year: np.ndarray | None
    category: Texts | str
    gas: str
    emissions_t: np.ndarray
    step: str
    chain: Texts | str
    biogenic: bool


def part(position: np.ndarray, *, year: np.ndarray | int | None = None,
         category: np.ndarray | str | Texts, gas: str, emissions_t: np.ndarray, step: str,
         chain: np.ndarray | str | Texts = "", biogenic: bool = False) -> RecordPart:
    """Records like :func:`records`, for :func:`assemble`; text given per record, as one
    ``str`` for all, or by code (:class:`Texts`)."""
    position = np.asarray(position, dtype=np.int64)
    n = len(position)
    return RecordPart(position, None if year is None else np.broadcast_to(
        np.asarray(year), (n,)).astype(np.int64),
        _texts(category, n), gas, np.asarray(emissions_t, dtype=float), step,
        _texts(chain, n), biogenic)


def _texts(value: np.ndarray | str | Texts, n: int) -> Texts | str:
    """Per-record text as :func:`assemble` takes it: by code, or one ``str`` for all."""
    if isinstance(value, (str, Texts)):
        return value
    names = np.asarray(value, dtype=object).reshape(-1)
    if len(names) == 1 and n != 1:  # one text for every record, as broadcasting gives
        return names[0] if isinstance(names[0], str) else Texts(names, np.zeros(n, np.int64))
    return Texts(names, np.arange(n, dtype=np.int64))


def assemble(rows: SectorRows, parts: Sequence[RecordPart]) -> pd.DataFrame:
    """The record table of ``parts`` in their order: each column written once into its full
    length, the text columns as codes into their few distinct names (no text per record)."""
    parts = [p for p in parts if len(p.position)]
    if not parts:
        return no_records()
    sizes = [len(p.position) for p in parts]
    row_of, year_of = (rows.frame[c].to_numpy().astype(np.int64, copy=False)
                       for c in ("row", "year"))
    row, year = np.empty(sum(sizes), dtype=np.int64), np.empty(sum(sizes), dtype=np.int64)
    start = 0
    for p, size in zip(parts, sizes, strict=True):  # gathered straight into the columns
        np.take(row_of, p.position, out=row[start:start + size], mode="wrap")
        if p.year is None:
            np.take(year_of, p.position, out=year[start:start + size], mode="wrap")
        else:
            year[start:start + size] = p.year
        start += size

    def text(of: Callable[[RecordPart], Texts | str]) -> pd.Categorical:
        return _part_texts([of(p) for p in parts], sizes)

    return pd.DataFrame({
        "row": row,
        "year": year,
        "category": text(lambda p: p.category),
        "gas": text(lambda p: p.gas),
        "emissions_t": np.concatenate([p.emissions_t for p in parts]),
        "biogenic": np.concatenate([np.full(len(p.position), p.biogenic) for p in parts]),
        "step": text(lambda p: p.step),
        "chain": text(lambda p: p.chain),
    }, copy=False)


#: The record columns held as codes into their distinct names (``pd.Categorical``).
TEXT_COLUMNS = ("category", "gas", "step", "chain")


def record_text(names: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Per-record text ``names[codes]`` as a record column: a categorical of the distinct names
    (in order of first appearance in ``names``, which may repeat; a missing name is a missing
    value), its codes remapped from ``codes`` without making any text per record."""
    return _part_texts([Texts(names, np.asarray(codes))], [len(codes)])


def _part_texts(given: Sequence[Texts | str], sizes: Sequence[int]) -> pd.Categorical:
    """The text of consecutive parts of records (``sizes[k]`` records each), each part one
    ``str`` or codes into its names (-1: missing), as one categorical: the names are
    deduplicated once and each part's codes go through the remap straight into the final
    (int8) codes, in place."""
    names = [np.array([t], dtype=object) if isinstance(t, str)
             else np.asarray(t.names, dtype=object) for t in given]
    name_codes, distinct = _distinct(np.concatenate(names))
    remap = _small(name_codes, distinct)
    codes = np.empty(sum(sizes), dtype=remap.dtype)
    start = offset = 0
    for text, size, count in zip(given, sizes, map(len, names), strict=True):
        mine = np.append(remap[offset:offset + count], remap.dtype.type(-1))
        if isinstance(text, str):
            codes[start:start + size] = mine[0]
        else:  # "wrap" takes code -1 to the -1 appended; no buffer for the output
            np.take(mine, text.codes, out=codes[start:start + size], mode="wrap")
        start, offset = start + size, offset + count
    return _categorical(codes, distinct)


def _distinct(names: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Codes of ``names`` into their distinct values (first appearance; a missing name -1).

    Names that are distinct already (the texts of a chain's combinations, often 10^5) are
    judged so by the index's own hash table, which the categorical then reuses for its check:
    they are hashed once, not three times."""
    index = pd.Index(names, dtype=object)
    if not index.hasnans and index.is_unique:
        return np.arange(len(names)), index
    codes, distinct = pd.factorize(names)
    return codes, pd.Index(distinct, dtype=object)


def _small(remap: np.ndarray, names: np.ndarray) -> np.ndarray:
    """``remap`` (codes into ``names``) in the integer type a categorical of ``names`` keeps,
    so that gathering it through per-record codes gives the final codes in one pass."""
    kind = np.int8 if len(names) < 2**7 else np.int16 if len(names) < 2**15 else np.int32
    return remap.astype(kind)


def _categorical(codes: np.ndarray, names: np.ndarray | pd.Index) -> pd.Categorical:
    """A categorical of ``codes`` (-1: missing) into the distinct ``names``, kept as object
    text so that every record column has categories of one dtype (and can be joined)."""
    if not (isinstance(names, pd.Index) and names.dtype == object):
        names = pd.Index(names, dtype=object)  # (an object index is kept: its checks cached)
    return pd.Categorical.from_codes(codes, categories=names, validate=False)


def concat_records(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Record tables end to end (as ``pd.concat(tables, ignore_index=True)`` gives the values),
    the text columns still codes: their names are joined (each once, in order of first
    appearance) and each table's codes renumbered into them."""
    tables = [t for t in tables if len(t)]
    if not tables:
        return no_records()
    if len(tables) == 1:
        return tables[0][RECORD_COLUMNS].reset_index(drop=True)
    return pd.DataFrame({
        column: _joined_text([t[column].array for t in tables]) if column in TEXT_COLUMNS
        else np.concatenate([t[column].to_numpy(dtype=dtype) for t in tables])
        for column, dtype in _RECORD_DTYPES.items()}, copy=False)


def text_codes(values: np.ndarray | ExtensionArray) -> pd.Categorical:
    """Per-row text as codes into its distinct names (first appearance; missing: -1), hashed
    once. ``pd.Categorical`` would also sort the names: lookups and classes do not need it."""
    return _joined_text([values])


def _joined_text(columns: Sequence[pd.Categorical | np.ndarray | ExtensionArray]
                 ) -> pd.Categorical:
    """Text columns end to end, as one categorical over the union of their names."""
    return _part_texts([_by_code(c) for c in columns], [len(c) for c in columns])


def _by_code(values: pd.Categorical | np.ndarray | ExtensionArray) -> Texts:
    """A text column by code: a categorical's own codes, other text (a table made by hand)
    coded here."""
    if isinstance(values, pd.Categorical):
        return Texts(np.asarray(values.categories, dtype=object), values.codes)
    codes, names = pd.factorize(np.asarray(values, dtype=object))
    return Texts(names, codes)


_RECORD_DTYPES = dict(zip(RECORD_COLUMNS, ["int64", "int64", "category", "category", "float64",
                                           "bool", "category", "category"], strict=True))


def no_records() -> pd.DataFrame:
    """An empty record table with the right columns (a copy: callers may add to it)."""
    return _no_records().copy()


@cache
def _no_records() -> pd.DataFrame:
    return pd.DataFrame({c: _categorical(np.zeros(0, dtype=np.int8), np.zeros(0, dtype=object))
                         if t == "category" else pd.Series(dtype=t)
                         for c, t in _RECORD_DTYPES.items()})


def classes(columns: dict[str, np.ndarray | pd.Categorical]) -> tuple[np.ndarray, np.ndarray]:
    """Per row the code of its distinct combination of ``columns``, and the first row of each.

    Factors (and the factor part of each ``chain``) that depend only on these columns are worked
    out once per class and gathered back to the rows: 10^6 rows have a few dozen classes.
    Classes are numbered in order of first appearance; NaN is a value like any other.
    """
    n = len(next(iter(columns.values()))) if columns else 0
    code, _ = _combinations([_class_key(values) for values in columns.values()], n)
    # Classes are numbered in order of first appearance: a row is its class's first row
    # exactly when its code exceeds every code before it (no sort).
    seen = np.maximum.accumulate(code) if n else code
    first = np.flatnonzero(np.r_[True, code[1:] > seen[:-1]]) if n else np.zeros(0, np.int64)
    return code, first


def _class_key(values: np.ndarray | pd.Categorical) -> np.ndarray:
    """An integer per row, equal exactly where the values are equal (NaN equals NaN)."""
    if isinstance(values, pd.Categorical):  # integer-coded text: its codes are the key
        return values.codes.astype(np.int64)
    values = np.asarray(values)
    if values.dtype.kind in "iub":
        return values.astype(np.int64)
    if values.dtype.kind == "f":  # bits, with -0 as 0 and one NaN: equal values, equal keys
        number = values.astype(float)
        return np.where(np.isnan(number), np.nan, number + 0.0).view(np.int64)
    return pd.factorize(values, use_na_sentinel=False)[0].astype(np.int64)


def class_text(columns: dict[str, np.ndarray | pd.Categorical],
               build: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Per row a text that depends only on ``columns``: ``build(first)`` makes it for the first
    row of each class (positions ``first``), and rows get their class's text (no per-row
    string work for the factor parts of a ``chain``)."""
    code, first = classes(columns)
    return np.asarray(build(first), dtype=object)[code]


def member(values: np.ndarray | pd.Categorical, valid: Sequence[str] | np.ndarray) -> np.ndarray:
    """``np.isin(values, valid)`` for text, judged once per distinct value (not per row)."""
    if isinstance(values, pd.Categorical):
        code, distinct = values.codes, np.asarray(values.categories, dtype=object)
    else:
        code, distinct = pd.factorize(np.asarray(values, dtype=object))
    return np.append(np.isin(np.asarray(distinct, dtype=object), list(valid)), False)[code]


def fmt(values: np.ndarray) -> np.ndarray:
    """Numbers as short text for ``chain`` strings (6 significant digits), vectorised.

    Each distinct value is formatted once: factors repeat across rows. (Python's ``format`` on the
    distinct floats writes what ``np.char.mod`` writes, without its fixed-width text array.)
    """
    distinct, index = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    written = np.array([format(value, ".6g") for value in distinct.tolist()], dtype=object)
    return written[index.reshape(np.shape(values))]


def class_codes(columns: dict[str, np.ndarray | pd.Categorical],
                build: Callable[[np.ndarray], np.ndarray]) -> pd.Categorical:
    """:func:`class_text` as integer-coded text: the class texts are not gathered to the rows
    (:func:`chain_text` joins them by code)."""
    code, first = classes(columns)
    return coded(code, np.asarray(build(first), dtype=object))


def chain_text(*parts: str | np.ndarray | pd.Categorical) -> Texts:
    """Per record the text ``part + part + ...``, written once per distinct combination of the
    per-record parts and given by code (record ``i`` has ``names[codes[i]]``): the record table
    takes the codes, so no text is made per record.

    A part is a constant ``str``, per-record text (an object array or a categorical, e.g. from
    :func:`class_codes`) or per-record numbers (written as :func:`fmt` writes them). The text
    equals the object-array sum ``fmt(a) + " t " + b + ...``; a chain with per-record numbers
    (tonnes, persons) has as many distinct texts as distinct combinations of them, so the string
    work is per combination, not per record.
    """
    n = next((len(p) for p in parts if not isinstance(p, str)), None)
    if n is None:  # only constants: one text, one record
        return Texts(np.array(["".join(parts)], dtype=object),  # type: ignore[arg-type]
                     np.zeros(1, dtype=np.int64))
    keys = [_part_key(part) for part in parts if not isinstance(part, str)]
    combo, member = _combinations([key for key, _ in keys], n)
    variable = iter(keys)
    pieces = [repeat(part, len(member)) if isinstance(part, str)
              else next(variable)[1](member).tolist() for part in parts]
    # one join per combination: each text is written once, not copied at every "+"
    return Texts(np.array(["".join(texts) for texts in zip(*pieces, strict=True)],
                          dtype=object), combo)


def _part_key(part: np.ndarray | pd.Categorical
              ) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """A per-record integer key of one chain part, and how to write the part of given records."""
    if isinstance(part, pd.Categorical):
        texts = np.append(np.asarray(part.categories, dtype=object), "nan")
        code = np.where(part.codes < 0, len(texts) - 1, part.codes).astype(np.int64)
        return code, lambda at: texts[code[at]]
    values = np.asarray(part)
    if values.dtype.kind in "fiub":  # numbers: keyed by their bits
        number = np.ascontiguousarray(values, dtype=float)
        zero = number == 0
        if zero.any() and np.signbit(number[zero]).any() and not np.signbit(number[zero]).all():
            # 0 and -0 in one column: fmt writes whichever np.unique keeps, for both
            written = fmt(number)
            code, distinct = pd.factorize(written)
            return code.astype(np.int64), lambda at: np.asarray(distinct, dtype=object)[code[at]]
        # written as fmt writes them: each distinct number once (persons repeat across texts)
        return number.view(np.int64), lambda at: fmt(number[at])
    code, distinct = pd.factorize(values.astype(object), use_na_sentinel=False)
    return code.astype(np.int64), lambda at: np.asarray(distinct, dtype=object)[code[at]]


def _combinations(keys: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per record the number of its combination of ``keys``, and one record of each combination.

    The keys are hashed into one 64-bit integer and factorized once (one hash table over the
    records instead of one per part); every record is then checked against its combination's
    representative, so a hash collision can never merge two combinations.
    """
    mixed = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for key in keys:
            mixed = mixed * np.uint64(0x9E3779B97F4A7C15) + key.view(np.uint64)
            mixed ^= mixed >> np.uint64(31)
    combo, uniques = pd.factorize(mixed.view(np.int64))
    member = np.empty(len(uniques), dtype=np.int64)
    member[combo] = np.arange(n)  # any record of each combination: its parts are the same
    if all(np.array_equal(key, key[member][combo]) for key in keys):
        return combo, member
    packed = np.zeros(n, dtype=np.int64)  # a collision (never seen): fold the keys exactly
    for key in keys:
        code, distinct = pd.factorize(key)
        packed, _ = pd.factorize(packed * len(distinct) + code)
    member = np.empty(packed.max() + 1 if n else 0, dtype=np.int64)
    member[packed] = np.arange(n)
    return packed, member
