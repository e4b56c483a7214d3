"""Messages in the user's language: a gettext catalogue, English by default.

Messages are written in English in the code and marked with :func:`_`; their Vietnamese text is in
``ghg/locale/vi/LC_MESSAGES/ghg.po`` (compiled to ``ghg.mo`` beside it, both shipped). Only the
standard library's :mod:`gettext` runs here; Babel extracts and compiles the catalogue
(``python tests/tools/update_catalogue.py``), and a test fails on any marked message without a
Vietnamese text, or on a ``.mo`` that is not the compilation of its ``.po``.

The language is a context variable, so a library caller (English unless it asks) and a command
(``--lang``) never see each other's setting, and threads of one run share the caller's choice.
Format placeholders by name after translating: ``_("{rows} rows read").format(rows=n)``, so the
translator can move them.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from string import Formatter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

LANGUAGES = ("en", "vi")
DOMAIN = "ghg"

_language: ContextVar[str] = ContextVar("ghg_language", default="en")


def language() -> str:
    """The language messages are given in now (``en`` unless a caller chose another)."""
    return _language.get()


def set_language(lang: str) -> None:
    """Give messages in ``lang`` from now on, in this context (a command sets it once)."""
    _language.set(_checked(lang))


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Messages in ``lang`` inside the block only."""
    token = _language.set(_checked(lang))
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """``message`` in the current language (the English text itself for English)."""
    lang = _language.get()
    return message if lang == "en" else _catalogue(lang).gettext(message)


def N_(message: str) -> str:  # the gettext name for "mark now, translate later"
    """Mark a message for the catalogue without translating it here (tables, constants)."""
    return message


def either(choices: list[str]) -> str:
    """Alternatives in the current language: ``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``.

    >>> either(["'a'", "'b'", "'c'"])
    "'a', 'b' or 'c'"
    """
    if len(choices) < 2:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def together(items: list[str]) -> str:
    """Items that all hold, in the current language: ``a``, ``a and b``, ``a, b and c``.

    >>> together(["a", "b", "c"])
    'a, b and c'
    """
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _checked(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return lang


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    path = resources.files("ghg") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as stream:
        return gettext.GNUTranslations(stream)


def fill_english(template: str, **columns: Any) -> pd.Series:
    """:func:`fill` in English whatever the language: text that run files keep as data."""
    with use_language("en"):
        return fill(template, **columns)


def fill(template: str, **columns: Any) -> pd.Series:
    """A translated ``template`` filled column-wise: one text per row of ``columns``.

    ``columns`` are pandas Series of one index, or scalars. The translator may move the
    placeholders; each is filled from its column (with its format spec, if any).

    >>> import pandas as pd
    >>> fill("{n} rows in {year}", n=pd.Series([1, 2]), year=2020).tolist()
    ['1 rows in 2020', '2 rows in 2020']
    """
    import pandas as pd

    index = next((c.index for c in columns.values() if isinstance(c, pd.Series)), None)
    text = pd.Series("", index=index, dtype=object)
    for literal, field, spec, _conversion in Formatter().parse(_(template)):
        text = text + literal
        if field is None:
            continue
        value = columns[field]
        if isinstance(value, pd.Series):
            text = text + (value.map(f"{{:{spec}}}".format) if spec else value.astype(str))
        else:
            text = text + format(value, spec or "")
    return text


def number_text(text: pd.Series) -> pd.Series:
    """Numbers already written as English text (``1,234.5``) in the current language's marks.

    >>> import pandas as pd
    >>> with use_language("vi"):
    ...     number_text(pd.Series(["1,234.5", "-0.25 %"])).tolist()
    ['1.234,5', '-0,25 %']
    """
    if _language.get() != "vi":
        return text
    return text.str.translate(str.maketrans(",.", ".,"))


def number(value: float, decimals: int | None = 0) -> str:
    """A number for a message: thousands grouped, in the current language's marks.

    ``decimals=None`` gives the shortest form (``:g``), without grouping.

    >>> number(1234567.891), number(5.25, 2), number(9.0, None)
    ('1,234,568', '5.25', '9')
    >>> with use_language("vi"):
    ...     number(1234567.891), number(5.25, 2)
    ('1.234.568', '5,25')
    """
    text = f"{value:g}" if decimals is None else f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if _language.get() == "vi" else text
