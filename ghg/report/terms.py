"""The report's words and numbers in one language: labels from the terms table, number formats.

All labels come from one terms table (``ghg/data/report_terms.csv``: key, en, vi, source), with
the Vietnamese category names and where each comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from ghg.core.i18n import LANGUAGES as I18N_LANGUAGES
from ghg.core.i18n import number as i18n_number
from ghg.core.i18n import use_language
from ghg.province.tree import NOT_ALLOCATED

LANGUAGES = tuple(reversed(I18N_LANGUAGES))  # the report's default, Vietnamese, first


@cache
def _terms_table() -> pd.DataFrame:
    path = resources.files("ghg") / "data" / "report_terms.csv"
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False).set_index("key")


@cache
def _labels(lang: str) -> dict[str, str]:
    """The terms of one language by key: a report looks up thousands (a dict, not ``.at``)."""
    table = _terms_table()
    return dict(zip(table.index, table[lang], strict=True))


@dataclass(frozen=True)
class Terms:
    """Labels of one language. ``terms("sheet.summary")``; a missing key is a bug (KeyError)."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language {self.lang!r}: expected one of {', '.join(LANGUAGES)}")

    def __call__(self, key: str, **values: object) -> str:
        text = _labels(self.lang)[key]
        return text.format(**values) if values else text

    def value(self, text: str) -> str:
        """A data value (status, severity, check name) translated where the table has it."""
        key = f"value.{text}"
        return self(key) if key in _labels(self.lang) else text

    def values(self, column: pd.Series) -> pd.Series:
        return column.astype(str).map(self.value)

    def category(self, code: str, english: str = "") -> str:
        """Category name by code; a code missing from the table keeps its English title."""
        base = code.removesuffix(NOT_ALLOCATED)
        key = f"cat.{base}"
        name = self(key) if key in _labels(self.lang) else (english or base)
        return f"{name} {self('row.not_allocated')}" if base != code else name

    def categories(self, codes: pd.Series, english: pd.Series | None = None) -> pd.Series:
        english = english if english is not None else pd.Series("", index=codes.index)
        return pd.Series([self.category(c, e) for c, e in zip(codes.astype(str), english,
                                                                strict=True)],
                         index=codes.index, dtype=object)

    def columns(self, table: pd.DataFrame, rename: dict[str, str] | None = None) -> pd.DataFrame:
        keys = {c: (rename or {}).get(c, f"col.{c}") for c in table.columns}
        return table.rename(columns={c: self(k) for c, k in keys.items()})


def number(value: float, lang: str, decimals: int = 0) -> str:
    """``1,234.5`` in English, ``1.234,5`` in Vietnamese.

    >>> number(1234.5, "en", 1), number(1234.5, "vi", 1)
    ('1,234.5', '1.234,5')
    """
    with use_language(lang):
        return i18n_number(value, decimals)
