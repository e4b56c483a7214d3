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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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
        from ghg.core.units import registry

        ureg = registry()
        codes, names = pd.factorize(self.frame["unit"].astype("category").array)
        scale = np.array([ureg.Quantity(1.0, str(u)).to(unit).magnitude for u in names]
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
            names = pd.Index(values.cat.categories.astype(str).tolist() + [""], dtype=object)
            codes = np.where(codes < 0, len(names) - 1, codes)  # NaN: the empty text
        else:
            codes, names = pd.factorize(values.astype(object).where(values.notna(), ""))
        clean = pd.Index(names.astype(str)).str.strip().str.lower().to_numpy(dtype=object)
        return codes, clean

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
        parsed = pd.to_numeric(pd.Series(distinct, dtype=object),
                               errors="coerce").to_numpy(dtype=float)
        blank = distinct == ""
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
            chain: np.ndarray | str = "", biogenic: bool = False) -> pd.DataFrame:
    """Emission records for ``rows.frame.iloc[position]`` (``year`` defaults to the row's)."""
    position = np.asarray(position, dtype=np.int64)
    frame = rows.frame
    n = len(position)
    return pd.DataFrame({
        "row": frame["row"].to_numpy()[position],
        "year": (frame["year"].to_numpy()[position] if year is None
                 else np.broadcast_to(np.asarray(year), (n,))).astype(np.int64),
        "category": np.broadcast_to(np.asarray(category, dtype=object), (n,)),
        "gas": gas,
        "emissions_t": np.asarray(emissions_t, dtype=float),
        "biogenic": biogenic,
        "step": step,
        "chain": np.broadcast_to(np.asarray(chain, dtype=object), (n,)),
    })


def no_records() -> pd.DataFrame:
    """An empty record table with the right columns."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
        RECORD_COLUMNS, ["int64", "int64", "object", "object", "float64", "bool", "object",
                         "object"], strict=True)})


def classes(columns: dict[str, np.ndarray | pd.Categorical]) -> tuple[np.ndarray, np.ndarray]:
    """Per row the code of its distinct combination of ``columns``, and the first row of each.

    Factors (and the factor part of each ``chain``) that depend only on these columns are worked
    out once per class and gathered back to the rows: 10^6 rows have a few dozen classes.
    Classes are numbered in order of first appearance; NaN is a value like any other.
    """
    n = len(next(iter(columns.values()))) if columns else 0
    packed = np.zeros(n, dtype=np.int64)
    for values in columns.values():  # fold one column at a time into a dense class code
        if isinstance(values, pd.Categorical):  # integer-coded text: its codes are the key
            code, size = values.codes.astype(np.int64) + 1, len(values.categories) + 1
        else:
            code, distinct = pd.factorize(np.asarray(values), use_na_sentinel=False)
            size = len(distinct)
        packed, _ = pd.factorize(packed * size + code)
    first = np.unique(packed, return_index=True)[1]
    return packed, first


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

    Each distinct value is formatted once: factors repeat across rows.
    """
    distinct, index = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return np.char.mod("%.6g", distinct).astype(object)[index.reshape(np.shape(values))]
