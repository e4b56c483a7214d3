"""Parsing the numbers of a table column: amounts (decimal point only) and years (integers).

Each distinct text is parsed once; every cell that is not a number is reported with its file,
line, column and value, never guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.errors import Problem


def where(file: str, line: int, this_file: str) -> str:
    return f"line {line}" if file == this_file else f"{file}:{line}"




def report(mask: np.ndarray, files: pd.Series, lines: pd.Series, column: str,
            values: pd.Series, message: str) -> list[Problem]:
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return []
    shown = values.iloc[rows].astype(object).where(values.iloc[rows].notna(), "").astype(str)
    return [Problem(str(f), int(n), column, v, message) for f, n, v in
            zip(files.iloc[rows], lines.iloc[rows], shown, strict=True)]


def parse_amounts(text: pd.Series, files: pd.Series, lines: pd.Series, column: str = "amount"
                  ) -> tuple[np.ndarray, list[Problem]]:
    """Parse amount text with a decimal point; every other spelling is a problem, never a guess.

    Examples
    --------
    >>> values, problems = parse_amounts(pd.Series(["1234.5", "95,5"]), pd.Series(["a.csv"] * 2),
    ...                                  pd.Series([2, 3]))
    >>> float(values[0]), str(problems[0]).split(";")[0]
    (1234.5, "a.csv:3: amount: '95,5' uses a comma as the decimal separator (Vietnamese style)")
    """
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, copy=True)
    failed = np.flatnonzero(np.isnan(values))  # the spelling rules run only on these rows
    typed = text.iloc[failed].str.strip()
    expected = "expected a decimal point and no thousands separator, e.g. 1234.5"
    rules = [
        (typed.eq(""), "is empty; expected a number >= 0, e.g. 1234.5"),
        (typed.str.fullmatch(r"[+-]?\d{1,3},\d{3}"),
         "is ambiguous: the comma is a decimal separator in Vietnamese and a thousands separator "
         f"in English; {expected}"),
        (typed.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?|[+-]?\d+,\d+"),
         f"uses a comma as the decimal separator (Vietnamese style); {expected}"),
        (typed.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?"),
         f"uses a comma as a thousands separator; {expected}"),
        (typed.str.lower().isin(["nan", "-nan", "+nan"]),
         "is NaN, not a number; expected a number >= 0 (leave out quantities that are not "
         "estimated)"),
        (pd.Series(True, index=typed.index), f"is not a number; {expected}"),
    ]
    problems: list[Problem] = []
    claimed = np.zeros(len(failed), dtype=bool)
    for rule, message in rules:
        hit = rule.to_numpy(dtype=bool) & ~claimed
        claimed |= hit
        mask = np.zeros(len(text), dtype=bool)
        mask[failed[hit]] = True
        problems += report(mask, files, lines, column, text, message)
    values[failed] = 0.0  # rows with problems are never computed; 0 avoids double reports
    return values, problems


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
                           "is not an integer year; expected a year such as 2022")
