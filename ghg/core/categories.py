"""The IPCC 2006 category tree: 290 codes with their titles and parents.

The tree is read from ``ipcc2006_categories.csv``, generated from climate-categories' ``IPCC2006``
by ``tests/tools/make_ipcc2006_categories.py``; its first lines carry the categorization's citation
(IPCC 2006 Guidelines, Volume 1, Chapter 8, Table 8.2). ``tests/unit/test_ipcc2006_table.py``
checks the table against climate-categories, so the engine need not import that package (and its
networkx and black) at run time.
"""

from __future__ import annotations

import csv
import difflib
from functools import cache
from importlib import resources
from typing import NamedTuple

#: Wildcard used by factor tables for "every category".
ANY = "*"

#: The table shipped with the package (``ghg/core``).
TABLE = "ipcc2006_categories.csv"


class Category(NamedTuple):
    """One IPCC 2006 category."""

    code: str
    #: Other spellings climate-categories accepts for the code (``1A3b`` for ``1.A.3.b``).
    alternative_codes: tuple[str, ...]
    #: Code of the parent category; ``None`` for the top (``0``, National Total).
    parent: str | None
    title: str


@cache
def ipcc2006() -> dict[str, Category]:
    """Return the IPCC 2006 categorization: each code's category, in the published order.

    Examples
    --------
    >>> len(ipcc2006())
    290
    >>> ipcc2006()["1.A.3.b"]  # doctest: +NORMALIZE_WHITESPACE
    Category(code='1.A.3.b', alternative_codes=('1A3b',), parent='1.A.3',
             title='Road Transportation')
    """
    text = resources.files("ghg.core").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: Category(row["code"], tuple(row["alternative_codes"].split()),
                                  row["parent"] or None, row["title"]) for row in rows}


@cache
def citation() -> str:
    """Where the category tree comes from: the ``#`` lines at the top of the table.

    Examples
    --------
    >>> "Volume 1, Chapter 8, Table 8.2" in citation()
    True
    """
    text = resources.files("ghg.core").joinpath(TABLE).read_text(encoding="utf-8")
    return "\n".join(line.removeprefix("#").strip() for line in text.splitlines()
                     if line.startswith("#"))


@cache
def codes() -> tuple[str, ...]:
    """All IPCC 2006 category codes, in the tree's published order.

    Examples
    --------
    >>> codes()[:4]
    ('0', '1', '1.A', '1.A.1')
    """
    return tuple(ipcc2006())


def is_category(code: str) -> bool:
    """Whether ``code`` is an IPCC 2006 category code.

    Examples
    --------
    >>> is_category("1.A.3.b"), is_category("1.A.9")
    (True, False)
    """
    return code in ipcc2006()


def closest_codes(code: str, n: int = 3) -> list[str]:
    """The valid codes closest to a mistyped ``code``, for error messages.

    Examples
    --------
    >>> closest_codes("1.a.2")[0]
    '1.A.2'
    """
    folded = _folded_codes()
    matches = difflib.get_close_matches(code.casefold(), list(folded), n=n, cutoff=0.5)
    return [folded[m] for m in matches]


@cache
def _folded_codes() -> dict[str, str]:
    # Case-insensitive matching: officers type "1.a.2" for "1.A.2".
    return {c.casefold(): c for c in codes()}


def _category(code: str) -> Category:
    """The category of a code or of one of its alternative spellings (``KeyError`` if neither)."""
    tree = ipcc2006()
    if code in tree:
        return tree[code]
    return tree[_alternative_codes()[code]]


@cache
def _alternative_codes() -> dict[str, str]:
    return {alt: c.code for c in ipcc2006().values() for alt in c.alternative_codes}


@cache
def lineage(code: str) -> tuple[str, ...]:
    """``code`` and its ancestors, most specific first.

    Examples
    --------
    >>> lineage("1.A.3.b.i")
    ('1.A.3.b.i', '1.A.3.b', '1.A.3', '1.A', '1', '0')
    """
    chain = [code]
    parent = _category(code).parent
    while parent is not None:
        chain.append(parent)
        parent = _category(parent).parent
    return tuple(chain)


def title(code: str) -> str:
    """The published title of a category.

    Examples
    --------
    >>> title("1.A.2")
    'Manufacturing Industries and Construction'
    """
    return _category(code).title


def local_title(code: str) -> str:
    """The category's title in the current language: Vietnamese names, with their sources, are
    in ``ghg/data/report_terms.csv`` (keys ``cat.CODE``); the published English title otherwise.

    Examples
    --------
    >>> from ghg.core.i18n import use_language
    >>> with use_language("vi"):
    ...     local_title("1.A.3.b")
    'Giao thông vận tải đường bộ'
    """
    from ghg.core.i18n import language

    if language() == "en":
        return title(code)
    return _vietnamese_titles().get(code) or title(code)


@cache
def _vietnamese_titles() -> dict[str, str]:
    path = resources.files("ghg") / "data" / "report_terms.csv"
    with path.open("r", encoding="utf-8") as stream:
        return {row["key"][4:]: row["vi"] for row in csv.DictReader(stream)
                if row["key"].startswith("cat.")}
