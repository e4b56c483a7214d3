"""Parsing the numbers of a table column: amounts and years.

Each distinct text is parsed once; every cell that is not a number, or whose reading depends on a
locale nobody declared, is reported with its file, line, column and value, never guessed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from ghg.core.errors import Problem
from ghg.core.i18n import N_, _, language


def where(file: str, line: int, this_file: str) -> str:
    return _("line {line}").format(line=line) if file == this_file else f"{file}:{line}"


def report(mask: np.ndarray, files: pd.Series, lines: pd.Series, column: str,
            values: pd.Series, message: str) -> list[Problem]:
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return []
    shown = values.iloc[rows].astype(object).where(values.iloc[rows].notna(), "").astype(str)
    return [Problem(str(f), int(n), column, v, message) for f, n, v in
            zip(files.iloc[rows], lines.iloc[rows], shown, strict=True)]


#: Declared number formats: "vi" writes 1.234,5 ('.' thousands, ',' decimals), "en" 1,234.5.
NUMBER_FORMATS = ("vi", "en")
_PLAIN = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_GROUPED = {"vi": r"[+-]?\d{1,3}(\.\d{3})*(,\d+)?|[+-]?\d+(,\d+)?",
            "en": r"[+-]?\d{1,3}(,\d{3})*(\.\d+)?|[+-]?\d+(\.\d+)?([eE][+-]?\d+)?"}
_DECLARE = N_('declare the number format (number_format = "vi" or "en" in inventory.toml, or '
              "--number-format) or write it with a decimal point and no thousands separator")


def parse_amounts(text: pd.Series, files: pd.Series, lines: pd.Series, column: str = "amount",
                  number_format: str | None = None, typed: np.ndarray | None = None
                  ) -> tuple[np.ndarray, list[Problem]]:
    """Parse numbers written as text; a spelling whose reading depends on locale is refused
    unless the file's ``number_format`` is declared, and then read that way — never guessed.

    Without a declaration only a decimal point is accepted, and text such as ``120.000`` (120 or
    120,000?) is refused naming both readings. ``typed`` marks cells that were numbers in the
    workbook (not text): they are taken as they are.

    Examples
    --------
    >>> files, lines = pd.Series(["a.csv"] * 3), pd.Series([2, 3, 4])
    >>> values, problems = parse_amounts(pd.Series(["1234.5", "95,5", "120.000"]), files, lines)
    >>> float(values[0]), [str(p).split(";")[0] for p in problems]  # doctest: +NORMALIZE_WHITESPACE
    (1234.5, ["a.csv:3: amount: '95,5' uses a comma as the decimal separator (Vietnamese style:
    95.5)", "a.csv:4: amount: '120.000' can be read two ways: 120 with a decimal point, or 120000
    with '.' separating thousands (Vietnamese style)"])
    >>> values, problems = parse_amounts(pd.Series(["1.234,5", "120.000", "7"]), files, lines,
    ...                                  number_format="vi")
    >>> values.tolist(), problems
    ([1234.5, 120000.0, 7.0], [])
    """
    # distinct texts first: a column of 10^6 amounts holds far fewer spellings to strip and parse
    codes, distinct = pd.factorize(text, sort=False, use_na_sentinel=False)
    words = pd.Series(distinct, dtype=object).astype(str).str.strip()
    if number_format is None:
        values = _plain_values(words)
    else:
        values = _declared_values(words, number_format)
    row_values = values[codes] if len(codes) else np.zeros(0)
    if typed is not None and typed.any():  # numbers typed as numbers in a workbook
        row_values = row_values.copy()
        row_values[typed] = pd.to_numeric(text[typed], errors="coerce").to_numpy(dtype=float)
    failed_words = np.flatnonzero(np.isnan(values))
    messages = _explain(words.iloc[failed_words], number_format)
    bad_word = np.full(len(words), -1)
    bad_word[failed_words] = np.arange(len(failed_words))
    problems: list[Problem] = []
    row_bad = bad_word[codes] if len(codes) else np.zeros(0, dtype=int)
    if typed is not None:
        row_bad = np.where(typed, -1, row_bad)
    for index, message in enumerate(messages):
        problems += report(row_bad == index, files, lines, column, text, message)
    row_values = np.where(row_bad >= 0, 0.0, row_values)  # rows with problems are never computed
    return row_values.astype(float), problems


def _plain_values(words: pd.Series) -> np.ndarray:
    values = pd.to_numeric(words.where(words.str.fullmatch(_PLAIN), ""), errors="coerce")
    values = values.to_numpy(dtype=float, copy=True)
    # 120.000 or 1.250 is 120 or 1.25 with a decimal point, but 120000 or 1250 in a Vietnamese
    # form: the same text, two numbers 1,000 apart. A leading zero (0.125) is unambiguous.
    values[words.str.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}").to_numpy(dtype=bool)] = np.nan
    # pandas reads these words; they are not amounts
    values[words.str.lower().str.lstrip("+-").isin(["nan", "inf", "infinity"])
           .to_numpy(dtype=bool)] = np.nan
    values[np.isinf(values)] = np.nan  # 1e400 overflows to infinity: not a number it means
    return values


def _declared_values(words: pd.Series, number_format: str) -> np.ndarray:
    if number_format not in NUMBER_FORMATS:
        raise ValueError(f"number format {number_format!r}: expected one of "
                         f"{', '.join(NUMBER_FORMATS)}")
    ok = words.str.fullmatch(_GROUPED[number_format]).to_numpy(dtype=bool)
    thousands, decimal = (".", ",") if number_format == "vi" else (",", ".")
    plain = words.str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False)
    values = pd.to_numeric(plain.where(ok, ""), errors="coerce").to_numpy(dtype=float, copy=True)
    values[np.isinf(values)] = np.nan
    return values


def _explain(words: pd.Series, number_format: str | None) -> list[str]:
    """Why each word is not a number, and the fix, in the file's declared format (if any)."""
    out = []
    for word in words:  # one message per distinct bad text, not per row
        out.append(_why(str(word), number_format))
    return out


def _why(word: str, number_format: str | None) -> str:
    import re

    if word == "":
        return _("is empty; expected a number >= 0, e.g. 1234.5")
    if word.lower().lstrip("+-") == "nan":
        return _("is NaN, not a number; expected a number >= 0 (leave out quantities that are "
                 "not estimated)")
    if word.lower().lstrip("+-") in ("inf", "infinity") or _overflows(word):
        return _("is not a finite number; expected a number >= 0, e.g. 1234.5")
    if number_format is not None:
        example = "1.234,5" if number_format == "vi" else "1,234.5"
        name = _("Vietnamese") if number_format == "vi" else _("English")
        return _('is not a number in the declared {name} format (number_format = "{format}"); '
                 "expected e.g. {example}").format(name=name, format=number_format,
                                                   example=example)
    vi = _declared_values(pd.Series([word]), "vi")[0]
    en = _declared_values(pd.Series([word]), "en")[0]
    shown = {v: f"{v:.15g}" for v in (vi, en) if not np.isnan(v)}
    if re.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}", word):
        return _("can be read two ways: {en} with a decimal point, or {vi} with '.' separating "
                 "thousands (Vietnamese style); {fix}").format(en=shown[en], vi=shown[vi],
                                                                fix=_(_DECLARE))
    if re.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}", word):
        return _("can be read two ways: {en} with ',' separating thousands (English style), or "
                 "{vi} with a decimal comma (Vietnamese style); {fix}").format(
                     en=shown[en], vi=shown[vi], fix=_(_DECLARE))
    if not np.isnan(vi) and np.isnan(en):
        if "," in word and "." in word:
            return _("uses '.' for thousands and ',' for decimals (Vietnamese style: {vi}); "
                     "{fix}").format(vi=shown[vi], fix=_(_DECLARE))
        if "," in word:
            return _("uses a comma as the decimal separator (Vietnamese style: {vi}); {fix}"
                     ).format(vi=shown[vi], fix=_(_DECLARE))
        return _("uses '.' to separate thousands (Vietnamese style: {vi}); {fix}").format(
            vi=shown[vi], fix=_(_DECLARE))
    if not np.isnan(en) and np.isnan(vi):
        return _("uses a comma to separate thousands (English style: {en}); {fix}").format(
            en=shown[en], fix=_(_DECLARE))
    return _("is not a number; expected a decimal point and no thousands separator, e.g. 1234.5")


def _overflows(word: str) -> bool:
    try:
        return bool(np.isinf(float(word)))
    except ValueError:
        return False


@cache
def plausibility_bounds() -> pd.DataFrame:
    """The largest plausible amount of each quantity, in its unit, with the reasoning
    (``ghg/data/plausible_amounts.csv``)."""
    path = resources.files("ghg").joinpath("data", "plausible_amounts.csv")
    table = pd.read_csv(str(path), dtype={"quantity": str, "unit": str, "noun": str,
                                          "reasoning": str})
    return table.set_index("quantity")


def implausible(values: np.ndarray, units: np.ndarray | pd.Series, files: pd.Series,
                lines: pd.Series, column: str, shown: pd.Series) -> list[Problem]:
    """Amounts above their quantity's plausibility bound (a typing error, never data): each
    distinct unit is converted once to its quantity's unit and compared with the bound.

    Examples
    --------
    >>> problems = implausible(np.array([5.0, 2e12, 3e9]), np.array(["t", "t", "kg"]),
    ...                        pd.Series(["a.csv"] * 3), pd.Series([2, 3, 4]), "amount",
    ...                        pd.Series(["5", "2e12", "3e9"]))
    >>> [str(p).split(" (")[0] for p in problems]
    ["a.csv:3: amount: '2e12' is implausibly large for a mass: above 1e+12 t"]
    """
    from ghg.core.quantities import classify_units
    from ghg.core.units import scale as unit_scale

    if isinstance(units, pd.Series) and isinstance(units.dtype, pd.CategoricalDtype):
        codes, distinct = units.cat.codes.to_numpy(), units.cat.categories  # no string hashing
    else:
        codes, distinct = pd.factorize(pd.Series(units, dtype=object), use_na_sentinel=True)
    if not len(distinct):
        return []
    bounds = plausibility_bounds()
    quantities = classify_units([str(u) for u in distinct])
    limit = np.full(len(distinct), np.inf)  # per distinct unit, in that unit
    for i, unit in enumerate(distinct):  # distinct units, not rows
        quantity = quantities.get(str(unit))
        if quantity in bounds.index:
            try:
                scale = unit_scale(str(unit), bounds.loc[quantity, "unit"])
            except Exception:  # a unit pint reads but cannot convert: the unit check reports it
                continue
            limit[i] = float(bounds.loc[quantity, "max_amount"]) / scale
    values = np.asarray(values, dtype=float)
    # negative amounts are refused on their own; the usual case is one reduction over the rows
    if not len(values) or not np.nanmax(values, initial=0.0) > limit.min():
        return []
    row_limit = np.where(codes >= 0, limit[np.maximum(codes, 0)], np.inf)
    with np.errstate(invalid="ignore"):
        bad = values > row_limit
    problems: list[Problem] = []
    suffix = "_vi" if language() == "vi" else ""
    for i in np.unique(codes[bad]):
        bound = bounds.loc[quantities[str(distinct[i])]]
        problems += report(bad & (codes == i), files, lines, column, shown,
                           _("is implausibly large for {noun}: above {limit} {unit} "
                             "({reasoning}); check the unit and the decimal separator").format(
                               noun=bound["noun" + suffix], limit=f"{float(bound['max_amount']):g}",
                               unit=bound["unit"], reasoning=bound["reasoning" + suffix]))
    return problems


def parse_years(text: pd.Series, files: pd.Series, lines: pd.Series
                ) -> tuple[np.ndarray, list[Problem]]:
    """Parse years; a non-integer year is a problem (returned as NaN).

    Examples
    --------
    >>> years, problems = parse_years(pd.Series(["2020", "2020.5"]), pd.Series(["a.csv"] * 2),
    ...                               pd.Series([2, 3]))
    >>> float(years[0]), str(problems[0])
    (2020.0, "a.csv:3: year: '2020.5' is not an integer year; expected a year such as 2022")
    """
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, copy=True)
    bad = np.isnan(values) | (values != np.floor(values)) | np.isinf(values)
    values[bad] = np.nan
    return values, report(bad, files, lines, "year", text,
                           _("is not an integer year; expected a year such as 2022"))
