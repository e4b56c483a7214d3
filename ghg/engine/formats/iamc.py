"""The emissions table as IAMC long-format rows, the table pyam reads, and back.

Columns ``model, scenario, region, variable, unit, year, value`` (pyam ``docs/data.rst``). The
table is first summed over ``source_id``: IAMC holds regions, not sources. Variables:

* ``Emissions|{gas}|{category}`` in ``t {gas}/yr``: scope 1 (direct, territorial) per IPCC 2006
  category code, e.g. ``Emissions|CH4|3.A.1``; ``Emissions|{gas}`` is their sum (pyam's
  ``check_aggregate`` holds). The codes as one flat level are ghg's choice: common-definitions
  splits by its own sectors (``Energy``, ``AFOLU``, ...), not by IPCC code.
* ``Emissions|Kyoto Gases [AR5GWP100]|{category}`` and ``Emissions|Kyoto Gases [AR5GWP100]``
  in ``t CO2-equiv/yr``: common-definitions' ``Emissions|Kyoto Gases`` with the GWP set in the
  name, as pyam's ``aggregate_kyoto_ghg`` writes it, since a run may use AR4, AR5 or AR6. They
  hold CO2, CH4 and N2O only, the gases ghg estimates (no F-gases).
* ``Scope 2 Emissions|...``: the same tree for purchased electricity, under a root of its own so
  that no sum over ``Emissions|...`` ever adds indirect emissions to territorial ones.

Units are common-definitions' (``Mt CH4/yr``, ``Mt CO2-equiv/yr``) in tonnes, which pyam
converts through iam-units (``convert_unit``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ghg.engine.formats.common import GASES, aggregate_sources, gwp_context, gwp_values

IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]
ROOTS = {1: "Emissions", 2: "Scope 2 Emissions"}
_IAMC_VARIABLE = re.compile(r"(Emissions|Scope 2 Emissions)\|("
                            + "|".join(re.escape(gas) for gas in GASES)
                            + r"|Kyoto Gases \[(AR[456])GWP100\])(?:\|(.+))?")


def to_iamc(emissions: pd.DataFrame, *, model: str, scenario: str, region: str,
            gwp: str) -> pd.DataFrame:
    """The emissions table, summed over sources, as IAMC long-format rows (module docstring).

    Parameters
    ----------
    emissions
        The emissions table (``EMISSION_COLUMNS``), any dtypes ``ghg compute`` or a CSV gives.
    model, scenario, region
        The IAMC index values of every row, e.g. ``"ghg 0.1.0"``, ``"inventory"``, ``"Ben Tre"``.
    gwp
        The run's GWP set (``"AR4"``, ``"AR5"``, ``"AR6"``): names the Kyoto variables only;
        their values are the table's ``co2e_t``.

    Returns
    -------
    pandas.DataFrame
        ``IAMC_COLUMNS``; text columns ``str``, ``year`` int64, ``value`` float64, sorted by
        variable, then year. A reported zero stays; what the table lacks stays absent.

    Examples
    --------
    >>> t = pd.DataFrame({"source_id": ["A", "B"], "year": [2020, 2020],
    ...                   "category": ["3.A.1"] * 2, "scope": [1, 1], "gas": ["CH4"] * 2,
    ...                   "emissions_t": [1.5, 2.0], "co2e_t": [42.0, 56.0]})
    >>> to_iamc(t, model="ghg", scenario="inventory", region="Ben Tre", gwp="AR5")[
    ...     ["variable", "unit", "value"]].values.tolist()
    [['Emissions|CH4', 't CH4/yr', 3.5], ['Emissions|CH4|3.A.1', 't CH4/yr', 3.5], \
['Emissions|Kyoto Gases [AR5GWP100]', 't CO2-equiv/yr', 98.0], \
['Emissions|Kyoto Gases [AR5GWP100]|3.A.1', 't CO2-equiv/yr', 98.0]]
    """
    kyoto = f"Kyoto Gases [{gwp_context(gwp)}]"
    table = aggregate_sources(emissions, region)
    scopes = sorted(set(table["scope"]) - set(ROOTS))
    if scopes:
        raise ValueError(f"scope {scopes}: expected 1 (direct) or 2 (purchased electricity)")
    table["root"] = table["scope"].map(ROOTS)
    parts = []
    for column, name in (("emissions_t", "gas"), ("co2e_t", None)):
        # Per category, then each root's (and gas's) total over categories.
        for keys in (["category"], []):
            group = ["root", *([name] if name else []), *keys, "year"]
            rows = table.groupby(group, sort=False)[column].sum().reset_index()
            rows["variable"] = rows["root"] + "|" + (rows[name] if name else kyoto)
            if keys:
                rows["variable"] += "|" + rows["category"]
            rows["unit"] = "t " + rows[name] + "/yr" if name else "t CO2-equiv/yr"
            parts.append(rows.rename(columns={column: "value"}))
    out = pd.concat(parts, ignore_index=True).assign(model=model, scenario=scenario,
                                                      region=region)
    out = out.sort_values(["variable", "year"], kind="stable", ignore_index=True)
    return out[IAMC_COLUMNS].astype({c: str for c in IAMC_COLUMNS[:5]})


def from_iamc(iamc: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the emissions table, one source per region, from :func:`to_iamc` rows.

    Parameters
    ----------
    iamc
        Long-format rows of one model and scenario, in any order, as :func:`to_iamc` writes
        them; ``pyam.IamDataFrame(...).data`` or a CSV read back do as well.

    Returns
    -------
    pandas.DataFrame
        As :func:`aggregate_sources` returns: ``source_id`` is the region. ``co2e_t`` is each
        gas times its GWP100 in the set the Kyoto variables name.

    Raises
    ------
    ValueError
        Unless ``to_iamc`` of the rebuilt table gives back every row (same variables, units,
        years; values within 1e-9): other naming, units, or totals and Kyoto rows that do not
        add up are refused rather than misread.

    Examples
    --------
    >>> t = pd.DataFrame({"source_id": ["A", "B"], "year": [2020, 2020],
    ...                   "category": ["3.A.1"] * 2, "scope": [1, 1], "gas": ["CH4"] * 2,
    ...                   "emissions_t": [1.5, 2.0], "co2e_t": [42.0, 56.0]})
    >>> iamc = to_iamc(t, model="ghg", scenario="inventory", region="Ben Tre", gwp="AR5")
    >>> from_iamc(iamc).values.tolist()
    [['Ben Tre', 2020, '3.A.1', 1, 'CH4', 3.5, 98.0]]
    """
    if iamc.empty:
        raise ValueError("no IAMC rows")
    frame = iamc.reset_index(drop=True)
    if frame.duplicated(["model", "scenario", "region", "variable", "year"]).any():
        raise ValueError("IAMC rows repeat a (region, variable, year)")
    for column in ("model", "scenario"):
        if frame[column].nunique() != 1:
            raise ValueError(f"{column}: expected exactly one, found {frame[column].nunique()}")
    variable = frame["variable"].astype(str)
    known = variable.str.fullmatch(_IAMC_VARIABLE.pattern)
    if not known.all():
        raise ValueError(f"not ghg IAMC variables: {sorted(set(variable[~known]))[:5]}")
    root, name, gwp_set, category = (part for _, part in variable.str.extract(
        _IAMC_VARIABLE.pattern).items())
    gwps = sorted(set(gwp_set.dropna()))
    if len(gwps) != 1:
        raise ValueError(f"expected Kyoto Gases variables of one GWP set, found {gwps}")
    rows = name.isin(GASES) & category.notna()
    if not rows.any():
        raise ValueError("no per-category gas rows (Emissions|<gas>|<category>)")
    unit = frame["unit"].astype(str)
    bad = rows & (unit != "t " + name + "/yr")
    if bad.any():
        raise ValueError(f"unit {sorted(set(unit[bad]))}: expected 't <gas>/yr'")
    table = pd.DataFrame({"source_id": frame["region"].astype(str), "year": frame["year"],
                          "category": category, "scope": root.map({r: s for s, r in ROOTS.items()}),
                          "gas": name, "emissions_t": frame["value"].astype(float)})[rows]
    table["co2e_t"] = table["emissions_t"] * table["gas"].map(gwp_values(gwps[0]))
    out = pd.concat([aggregate_sources(part, region)
                     for region, part in table.groupby("source_id", sort=True)],
                    ignore_index=True)
    _check(frame, out, gwps[0])
    return out


def _check(given: pd.DataFrame, table: pd.DataFrame, gwp: str) -> None:
    """Raise unless ``to_iamc(table)`` gives back the rows ``given``: same keys, close values."""
    model, scenario = given["model"].iloc[0], given["scenario"].iloc[0]
    again = pd.concat([to_iamc(part, model=model, scenario=scenario, region=region, gwp=gwp)
                       for region, part in table.groupby("source_id", sort=True)])
    keys = ["region", "variable", "unit", "year"]
    given = given[keys + ["value"]].astype({"region": str, "variable": str, "unit": str,
                                             "year": "int64"})
    both = given.merge(again[keys + ["value"]], on=keys, how="outer", indicator=True)
    lonely = both[both["_merge"] != "both"]
    if len(lonely):
        raise ValueError(f"IAMC rows missing or extra against their categories: "
                         f"{lonely[keys].head(3).values.tolist()}")
    # 1e-9: CSV round trips keep 12 significant digits; a wrong GWP set is off by percents.
    close = np.isclose(both["value_x"], both["value_y"], rtol=1e-9, atol=1e-9)
    if not close.all():
        raise ValueError(f"IAMC totals or Kyoto rows ({gwp}) disagree with the gases: "
                         f"{both.loc[~close, keys].head(3).values.tolist()}")
