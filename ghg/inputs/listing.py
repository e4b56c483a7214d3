"""What an officer may enter per activity kind: keys with their English and Vietnamese names, the
usual units, the categories and the extra columns (``ghg activities``, ``ghg template``).

The per-kind data is ``ghg/inputs/data/template_kinds.csv``; the keys and names are those of
``ghg/factors/data/activities.csv``; which quantities a kind accepts is :mod:`ghg.core.kinds`.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ghg.core.categories import ipcc2006
from ghg.core.errors import ConfigError
from ghg.core.kinds import KINDS
from ghg.inputs.aliases import data_table, kind_activities

#: Names that stand for several kinds (``ghg template energy``, ``ghg activities --kind waste``).
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "energy": ("fuel", "electricity"),
    "agriculture": ("livestock", "rice", "soil_n", "urea", "liming", "crop_burning",
                    "aquaculture"),
    "waste": ("swds", "landfill_gas", "msw", "biological", "incineration", "open_burning",
              "wastewater_domestic", "wastewater_industrial"),
    "ippu": ("mineral", "non_energy_product", "refrigerant"),
}


@cache
def kind_table() -> pd.DataFrame:
    """One row per kind of :data:`ghg.core.kinds.KINDS`: names, categories, units, columns."""
    return data_table("template_kinds.csv").set_index("kind")


def kinds_named(name: str | None) -> tuple[str, ...]:
    """The kinds a name stands for: a kind, a group of :data:`KIND_GROUPS`, ``all`` or None.

    Examples
    --------
    >>> kinds_named("energy"), kinds_named("rice")
    (('fuel', 'electricity'), ('rice',))
    """
    if name is None or name == "all":
        return tuple(KINDS)
    if name in KIND_GROUPS:
        return KIND_GROUPS[name]
    if name in KINDS:
        return (name,)
    raise ConfigError(f"kind {name!r} is not known; expected all, one of "
                      f"{', '.join(KIND_GROUPS)} or a kind: {', '.join(KINDS)}")


def kind_units(kind: str, lang: str) -> list[str]:
    """The usual units of a kind, spelled for ``lang`` (``tấn``, ``lít`` in vi).

    Examples
    --------
    >>> kind_units("fuel", "vi")[:3], kind_units("livestock", "en")
    (['tấn', 'kg', 'lít'], ['head'])
    """
    return kind_table().loc[kind, "units_vi" if lang == "vi" else "units"].split()


def kind_categories(kind: str) -> list[str]:
    """IPCC 2006 codes a kind's rows may carry: listed codes, ``X*`` for X and all below it.

    Examples
    --------
    >>> kind_categories("livestock"), kind_categories("swds")
    (['3.A', '3.A.1', '3.A.2'], ['4.A', '4.A.1', '4.A.2', '4.A.3'])
    """
    codes: list[str] = []
    for pattern in kind_table().loc[kind, "categories"].split():
        if pattern.endswith("*"):
            root = pattern[:-1]
            codes += [c for c in ipcc2006() if c == root or c.startswith(root + ".")]
        else:
            codes.append(pattern)
    return list(dict.fromkeys(codes))


def kind_columns(kind: str) -> list[str]:
    """The sector parameter columns a kind's template sheet has (docs/sectors.md)."""
    return kind_table().loc[kind, "columns"].split()


def activity_list(kind: str | None = None, lang: str = "vi") -> pd.DataFrame:
    """Activity keys with kind, Vietnamese and English names and usual units (``ghg activities``).

    Examples
    --------
    >>> activity_list("electricity", "en").iloc[0].tolist()  # doctest: +ELLIPSIS
    ['grid_electricity', 'electricity', 'Electricity bought ...', 'Điện mua ...', 'kWh MWh GWh']
    """
    kinds = kinds_named(kind)
    table = kind_activities(kinds).reset_index()
    table["kind"] = pd.Categorical(table["kind"], categories=list(kinds))
    table = table.sort_values("kind", kind="stable")
    units = {k: " ".join(kind_units(k, lang)) for k in kinds}
    listing = pd.DataFrame({
        "activity": table["activity"], "kind": table["kind"].astype(str),
        "name": table["name"], "name_vi": table["name_vi"],
        "units": table["kind"].astype(str).map(units),
    }).reset_index(drop=True)
    if lang == "vi":
        listing.columns = ["Mã hoạt động", "Loại", "Tên tiếng Anh", "Tên tiếng Việt", "Đơn vị"]
    return listing
