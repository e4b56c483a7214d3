"""Vietnamese and English spellings of column names, register values and activity names.

Officers fill Vietnamese forms: a header ``Năm`` means ``year``, a facility type ``công nghiệp``
means ``industrial``, an activity ``Dầu diesel (DO)`` means ``diesel``. The spellings accepted are
data (``ghg/inputs/data/header_aliases.csv``, ``value_aliases.csv``, and the ``name``/``name_vi``
columns of ``ghg/factors/data/activities.csv``), each official term with its source. Text is
compared after :func:`~ghg.core.quantities.normal_text` (NFC, case, spaces); accents matter when
accepting and are ignored only to suggest (``dien luoi`` -> ``grid_electricity``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.i18n import _
from ghg.core.quantities import normal_text, plain_text
from ghg.factors.library import activities

#: Tables whose headers have aliases: activity tables and the facility register.
TABLES = ("activity", "facilities")


def data_table(name: str) -> pd.DataFrame:
    """A table of ``ghg/inputs/data/`` as text."""
    path = resources.files("ghg.inputs").joinpath("data", name)
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False)


@cache
def header_aliases(table: str) -> dict[str, str]:
    """Normalised header -> canonical column, for ``table`` (``activity`` or ``facilities``).

    Examples
    --------
    >>> header_aliases("activity")["năm"], header_aliases("facilities")["tên cơ sở"]
    ('year', 'name')
    """
    rows = data_table("header_aliases.csv")
    rows = rows[rows["table"] == table]
    mapping: dict[str, str] = {}
    for alias, column in zip(rows["alias"], rows["column"], strict=True):
        key = normal_text(alias)
        if mapping.get(key, column) != column:
            raise ValueError(f"header_aliases.csv: {alias!r} means two columns of {table}")
        mapping[key] = column
    return mapping


def header_names(table: str, lang: str) -> dict[str, str]:
    """Canonical column -> the header a template writes in ``lang`` (first alias listed in vi)."""
    if lang == "en":
        return {}
    rows = data_table("header_aliases.csv")
    rows = rows[rows["table"] == table].drop_duplicates("column")
    return dict(zip(rows["column"], rows["alias"], strict=True))


def canonical_headers(headers: Sequence[object], table: str, label: str) -> list[str]:
    """The canonical name of each header cell (unknown ones normalised, kept as they are).

    Two cells meaning the same column (``year`` and ``Năm``) are refused: which one holds the
    data cannot be told.

    Examples
    --------
    >>> canonical_headers(["Mã cơ sở", " NĂM ", "Hạng mục", "Số lượng", "Đơn vị tính", "x"],
    ...                   "activity", "f.csv")
    ['source_id', 'year', 'category', 'amount', 'unit', 'x']
    """
    aliases = header_aliases(table)
    names = [normal_text(str(h)) for h in headers]
    canonical = [aliases.get(n, n) for n in names]
    problems = []
    first: dict[str, int] = {}
    for position, (header, name) in enumerate(zip(headers, canonical, strict=True)):
        if name and name in first:
            problems.append(Problem(
                label, 1, "header", str(header),
                _("means column {name}, as column {position} ({header}) does; expected each "
                  "column once").format(name=repr(name), position=first[name] + 1,
                                        header=repr(str(headers[first[name]])))))
        first.setdefault(name, position)
    if problems:
        raise InputError(problems)
    return canonical


@cache
def value_aliases(table: str, column: str) -> dict[str, str]:
    """Normalised value -> canonical value of one column (``facility_type``, ``on_current_list``).

    Examples
    --------
    >>> value_aliases("facilities", "on_current_list")["không"]
    'no'
    """
    rows = data_table("value_aliases.csv")
    rows = rows[(rows["table"] == table) & (rows["column"] == column)]
    return {normal_text(a): v for a, v in zip(rows["alias"], rows["value"], strict=True)}


def canonical_values(values: pd.Series, table: str, column: str) -> pd.Series:
    """A text column with the aliases of ``column`` replaced by their canonical values (each
    distinct value looked up once); other values unchanged."""
    aliases = value_aliases(table, column)
    codes, distinct = pd.factorize(values)
    mapped = pd.Index([aliases.get(normal_text(str(v)), v) for v in distinct], dtype=object)
    return pd.Series(mapped.take(codes), index=values.index, dtype=object)


@cache
def activity_names() -> dict[str, str]:
    """Normalised activity key, English name or Vietnamese name (``name_vi``) -> the key.

    Examples
    --------
    >>> names = activity_names()
    >>> names["dầu diesel (do)"], names["gas/diesel oil"], names["trâu"]
    ('diesel', 'diesel', 'buffalo')
    """
    table = activities()
    mapping: dict[str, str] = {}
    for key in table.index:
        for text in (key, table.loc[key, "name"], table.loc[key, "name_vi"]):
            name = normal_text(str(text))
            if name and mapping.get(name, key) != key:
                raise ValueError(f"activities.csv: {text!r} names both {mapping[name]} and {key}")
            mapping[name] = key
    return mapping


def canonical_activity(text: str) -> str:
    """The activity key a key or name means; unknown text unchanged.

    Examples
    --------
    >>> canonical_activity("Khí hóa lỏng (LPG)"), canonical_activity("grid_electricity")
    ('lpg', 'grid_electricity')
    """
    return activity_names().get(normal_text(text), text)


def activity_suggestions(text: str, limit: int = 3) -> list[str]:
    """Keys close to ``text``, with their English and Vietnamese names, to suggest.

    A name whose words (accents ignored) include every word of ``text`` comes first (``điện
    lưới`` -> ``grid_electricity``); then close spellings of keys and names.

    Examples
    --------
    >>> activity_suggestions("điện lưới")[0]
    "'grid_electricity' (Electricity bought from the national grid (scope 2) / Điện mua từ lưới \
điện quốc gia)"
    >>> activity_suggestions("dầu diezel")[0].split()[0]
    "'diesel'"
    """
    table = activities()
    plain = {plain_text(name): key for name, key in activity_names().items()}
    words = set(plain_text(text).replace("_", " ").split())
    keys: list[str] = []
    if words:
        keys += [key for name, key in plain.items()
                 if words <= set(name.replace("_", " ").replace("(", " ").replace(")", " ")
                                 .split())]
    keys += [plain[m] for m in difflib.get_close_matches(plain_text(text), list(plain), n=limit,
                                                         cutoff=0.6)]
    unique = list(dict.fromkeys(keys))[:limit]
    return [f"{key!r} ({table.loc[key, 'name']} / {table.loc[key, 'name_vi']})" for key in unique]


def kind_activities(kinds: Iterable[str]) -> pd.DataFrame:
    """The activity keys of some kinds with ``kind``, ``name`` and ``name_vi``, in file order."""
    table = activities()
    return table[table["kind"].isin(list(kinds))]
