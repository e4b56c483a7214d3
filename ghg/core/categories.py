"""The IPCC 2006 category tree, from climate-categories (290 categories, with its citation)."""

from __future__ import annotations

import difflib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import climate_categories

#: Wildcard used by factor tables for "every category".
ANY = "*"


@cache
def ipcc2006() -> climate_categories.HierarchicalCategorization:
    """Return the IPCC 2006 categorization.

    Examples
    --------
    >>> len(ipcc2006())
    290
    """
    import climate_categories

    return climate_categories.IPCC2006


@cache
def codes() -> tuple[str, ...]:
    """All IPCC 2006 category codes, in the tree's published order.

    Examples
    --------
    >>> codes()[:4]
    ('0', '1', '1.A', '1.A.1')
    """
    return tuple(ipcc2006().keys())


def is_category(code: str) -> bool:
    """Whether ``code`` is an IPCC 2006 category code.

    Examples
    --------
    >>> is_category("1.A.3.b"), is_category("1.A.9")
    (True, False)
    """
    return code in _code_set()


@cache
def _code_set() -> frozenset[str]:
    return frozenset(codes())


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


@cache
def lineage(code: str) -> tuple[str, ...]:
    """``code`` and its ancestors, most specific first, following the first parent in the tree.

    Examples
    --------
    >>> lineage("1.A.3.b.i")
    ('1.A.3.b.i', '1.A.3.b', '1.A.3', '1.A', '1', '0')
    """
    tree = ipcc2006()
    chain = [code]
    parents = tree[code].parents
    while parents:
        parent = sorted(p.codes[0] for p in parents)[0]
        chain.append(parent)
        parents = tree[parent].parents
    return tuple(chain)


def title(code: str) -> str:
    """The published title of a category.

    Examples
    --------
    >>> title("1.A.2")
    'Manufacturing Industries and Construction'
    """
    return str(ipcc2006()[code].title)
