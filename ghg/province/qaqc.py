"""QA/QC checks (2006 IPCC Guidelines Vol 1 ch 6) as one findings table.

Each check is a pure function of tables and returns findings with the columns of
:data:`FINDING_COLUMNS`; :func:`combine` stacks them. A finding asks the inventory officer to
look, explain or fix; it never changes a number.

Thresholds are documented choices, not IPCC values, except where a source is named:

- year-on-year change: 10 % by default (:data:`JUMP_THRESHOLD`). Vol 1 ch 6 asks for checks of
  time-series consistency and of unusual changes, without a figure; 10 % is this project's choice
  and can be set per category (a ``{category: threshold}`` map, most specific code wins);
- Reference Approach against the Sectoral Approach: 5 % (:data:`REFERENCE_TOLERANCE`). Vol 2 ch 6
  says that in general the gap between the two approaches is relatively small, 5 % or less of the
  total carbon flows, and that larger differences are to be examined (text as transcribed at
  climate-policy-watcher.org, "Reference Approach vs Sectoral Approach"; single transcription,
  the PDF was not read). UNFCCC reviews ask for explanations above 2 % (SMED report 3074 cites
  this); pass ``tolerance=0.02`` for that stricter test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ghg.core.categories import lineage
from ghg.core.errors import ConfigError
from ghg.core.i18n import _, fill, number_text
from ghg.province.tree import ALL_GASES, ALL_REGIONS, NOT_ALLOCATED

FINDING_COLUMNS = ("check", "severity", "category", "gas", "year", "value", "expected",
                   "message")
JUMP_THRESHOLD = 0.10
REFERENCE_TOLERANCE = 0.05


def combine(*findings: pd.DataFrame) -> pd.DataFrame:
    """All findings in one table, in check order then category, gas and year."""
    parts = [f for f in findings if len(f)]
    if not parts:
        return _findings({})
    return pd.concat(parts, ignore_index=True)[list(FINDING_COLUMNS)]


def year_on_year_jumps(table: pd.DataFrame, years: np.ndarray,
                       threshold: float | Mapping[str, float] = JUMP_THRESHOLD,
                       value: str = "emissions_t") -> pd.DataFrame:
    """Categories whose value changes by more than ``threshold`` from one year to the next.

    ``table`` has ``category, gas, year`` and ``value`` (e.g. :func:`ghg.province.tree.aggregate`'s
    totals); only consecutive inventory ``years`` are compared (a gap is
    :func:`missing_years`' finding). The change is relative to the earlier year's magnitude; a
    change from zero is always flagged.

    Examples
    --------
    >>> series = pd.DataFrame({"category": "3.A.1", "gas": "CH4", "year": [2019, 2020, 2021],
    ...                        "emissions_t": [100.0, 105.0, 130.0]})
    >>> year_on_year_jumps(series, np.arange(2019, 2022))[["year", "value", "expected"]]
       year  value  expected
    0  2021  130.0     105.0
    """
    rows = _series(table, value)
    rows = rows[rows["year"].isin(years)]
    wide = rows.pivot_table(index=["category", "gas"], columns="year", values=value,
                            aggfunc="sum", sort=False).reindex(columns=np.sort(years))
    before, after = wide.to_numpy()[:, :-1], wide.to_numpy()[:, 1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.abs(after - before) / np.abs(before)
    change = np.where((before == 0) & (after != 0), np.inf, change)
    limits = _thresholds(wide.index.get_level_values("category"), threshold)
    flagged = np.isfinite(before) & np.isfinite(after) & (change > limits[:, None])
    row, column = np.nonzero(flagged)
    index = wide.index[row]
    found = pd.DataFrame({
        "category": index.get_level_values("category"), "gas": index.get_level_values("gas"),
        "year": wide.columns[column + 1].to_numpy(), "value": after[row, column],
        "expected": before[row, column], "change": change[row, column],
        "limit": limits[row]})
    pct = pd.Series(np.where(np.isinf(found["change"]), _("from zero"),
                             _text(found["change"] * 100, "{:.1f} %").to_numpy()),
                    index=found.index, dtype=object)
    found["message"] = fill("changed {change} from {year} (threshold {limit}); explain the "
                            "change or check the activity data and factors", change=pct,
                            year=found["year"] - 1, limit=_text(found["limit"] * 100, "{:g} %"))
    return _findings(found, check="year_on_year_jump", severity="warning")


def implied_factor_range(ief: pd.DataFrame) -> pd.DataFrame:
    """Implied emission factors outside the IPCC default range given with them.

    ``ief`` has ``category, gas, year, ief, ief_unit, lower, upper`` (the engine builds it from
    the factor tables' bounds); a missing bound is not checked.

    Examples
    --------
    >>> table = pd.DataFrame({"category": "3.A.1.a.ii", "gas": "CH4", "year": [2020, 2021],
    ...                       "ief": [47.0, 90.0], "ief_unit": "kg CH4/head/yr",
    ...                       "lower": 32.9, "upper": 61.1})
    >>> implied_factor_range(table)[["year", "value", "expected"]].to_numpy().tolist()
    [[2021, 90.0, '32.9 to 61.1 kg CH4/head/yr']]
    """
    value = ief["ief"].to_numpy(dtype=float)
    lower = ief["lower"].to_numpy(dtype=float)
    upper = ief["upper"].to_numpy(dtype=float)
    below = np.isfinite(lower) & (value < lower)
    above = np.isfinite(upper) & (value > upper)
    found = ief[below | above].copy()
    found["value"] = found["ief"]
    low, high = found["lower"].notna().to_numpy(), found["upper"].notna().to_numpy()
    lower_text, upper_text = _text(found["lower"]), _text(found["upper"])
    bounds = pd.Series(np.where(low & high, fill("{lower} to {upper}", lower=lower_text,
                                                 upper=upper_text),
                                np.where(low, fill("at least {lower}", lower=lower_text),
                                         fill("at most {upper}", upper=upper_text))),
                       index=found.index, dtype=object) + " " + found["ief_unit"].astype(str)
    found["expected"] = bounds
    unit = found["ief_unit"].astype(str)
    is_below = pd.Series(below[below | above], index=found.index)
    found["message"] = fill(
        "implied emission factor {ief} {unit} is below the IPCC default range {bounds}; "
        "document the national circumstance or check the data",
        ief=_text(found["ief"]), unit=unit, bounds=bounds).where(is_below, fill(
        "implied emission factor {ief} {unit} is above the IPCC default range {bounds}; "
        "document the national circumstance or check the data",
        ief=_text(found["ief"]), unit=unit, bounds=bounds))
    return _findings(found, check="implied_factor_range", severity="warning")


def missing_years(table: pd.DataFrame, years: np.ndarray) -> pd.DataFrame:
    """Series present in some inventory years and absent in others: one finding per gap.

    Examples
    --------
    >>> series = pd.DataFrame({"category": "4.A", "gas": "CH4", "year": [2019, 2021],
    ...                        "emissions_t": 1.0})
    >>> missing_years(series, np.arange(2019, 2022))[["category", "year"]].to_numpy().tolist()
    [['4.A', 2020]]
    """
    rows = _series(table, "emissions_t")
    rows = rows[rows["year"].isin(years)]
    present = pd.crosstab([rows["category"], rows["gas"]], rows["year"]).reindex(
        columns=np.sort(years), fill_value=0) > 0
    gap = ~present.to_numpy() & present.to_numpy().any(axis=1, keepdims=True)
    row, column = np.nonzero(gap)
    index = present.index[row]
    found = pd.DataFrame({"category": index.get_level_values(0),
                          "gas": index.get_level_values(1),
                          "year": present.columns[column].to_numpy(), "value": np.nan,
                          "expected": _("a value or a notation key")})
    found["message"] = fill("no estimate in {year} while other inventory years have one; fill "
                            "the year (Vol 1 ch 5 splicing techniques) or give the reason",
                            year=found["year"])
    return _findings(found, check="missing_year", severity="warning")


def time_series_breaks(cells: pd.DataFrame, detail: pd.DataFrame, years: np.ndarray,
                       accepted: Sequence[str] = ()) -> pd.DataFrame:
    """Series (category and gas) that appear or vanish between consecutive inventory years.

    ``cells`` has ``category, gas, year, co2e_t`` (the territorial emissions); a series is
    present in a year where it is not zero. ``detail`` is the calculation table
    (:attr:`ghg.engine.result.Result.detail`): each finding names the input rows (file:line) and
    the factors behind the series in the year it is present, so the officer sees what made it
    appear (or what stopped). Such a break distorts the trend (Vol 1 ch 5: time-series
    consistency): the finding is an ``error``, which fails the provincial inventory
    (:func:`raise_breaks`), unless the series is listed in ``accepted`` (inventory.toml
    ``time_series_breaks``: a category code, optionally followed by a gas; a code covers its
    sub-categories), where it is an ``info``.

    Examples
    --------
    >>> cells = pd.DataFrame({"category": "3.B.4.a", "gas": "N2O", "year": [2023],
    ...                       "co2e_t": [175941.0]})
    >>> detail = pd.DataFrame({"category": "3.B.4.a", "gas": "N2O", "year": [2023],
    ...                        "file": "activity/land.csv", "line": [12],
    ...                        "emissions_t": [663.9], "emission_factor_source": [None],
    ...                        "chain": ["250000 t × EF_F 0.00169 [wetlands2013 Table 4.15]"]})
    >>> found = time_series_breaks(cells, detail, np.arange(2022, 2025))
    >>> found[["severity", "year", "value", "expected"]].to_numpy().tolist()
    [['error', 2023, 'appears', 'absent in 2022'], ['error', 2024, 'vanishes', 'present in 2023']]
    """
    rows = cells[cells["year"].isin(years) & (cells["co2e_t"] != 0)]
    rows = rows.astype({"category": str, "gas": str})
    order = np.sort(np.asarray(years))
    present = (pd.crosstab([rows["category"], rows["gas"]], rows["year"])
               .reindex(columns=order, fill_value=0) > 0).to_numpy()
    series = pd.crosstab([rows["category"], rows["gas"]], rows["year"]).index
    before, after = present[:, :-1], present[:, 1:]
    row, column = np.nonzero(before != after)
    appears = after[row, column]
    found = pd.DataFrame({
        "category": series.get_level_values(0)[row], "gas": series.get_level_values(1)[row],
        "year": order[column + 1], "appears": appears,
        # the year the series has estimates: its rows and factors are named
        "seen": np.where(appears, order[column + 1], order[column])})
    if not len(found):
        return _findings({}, check="time_series_break", severity="error")
    found = found.merge(_rows_and_factors(detail, found), how="left",
                        on=["category", "gas", "seen"])
    allowed = _accepted(found["category"], found["gas"], accepted)
    found["value"] = np.where(appears, _("appears"), _("vanishes"))
    found["expected"] = np.where(appears, fill("absent in {year}", year=found["year"] - 1),
                                 fill("present in {year}", year=found["year"] - 1))
    where = fill("rows {rows}; factors {factors}", rows=found["rows"].fillna(""),
                 factors=found["factors"].fillna(""))
    text = pd.Series(np.where(
        appears, fill("appears in {year} and has no estimate in {before}", year=found["year"],
                      before=found["year"] - 1),
        fill("has estimates in {before} and none in {year}", year=found["year"],
             before=found["year"] - 1)), index=found.index, dtype=object) + " (" + where + "); "
    found["message"] = text + pd.Series(np.where(
        allowed, _("accepted in inventory.toml (time_series_breaks)"),
        _("a time-series break: estimate the missing years (Vol 1 ch 5 splicing techniques), "
          "leave the source out with a notation key, or accept it in inventory.toml "
          "(time_series_breaks = [\"CATEGORY GAS\"]) with the reason")),
        index=found.index, dtype=object)
    found["severity"] = np.where(allowed, "info", "error")
    out = _findings(found, check="time_series_break")
    out["severity"] = found["severity"].to_numpy()
    return out


def raise_breaks(findings: pd.DataFrame) -> None:
    """Fail with every time-series break not accepted in inventory.toml (exit code 2)."""
    breaks = findings[(findings["check"] == "time_series_break")
                      & (findings["severity"] == "error")]
    if len(breaks):
        raise ConfigError("\n".join(
            fill("inventory.toml: time_series_breaks: {category} {gas} {message}",
                 category=breaks["category"], gas=breaks["gas"], message=breaks["message"])))


def _rows_and_factors(detail: pd.DataFrame, wanted: pd.DataFrame) -> pd.DataFrame:
    """Per (category, gas, seen): the input rows (file:line) and factor sources behind it."""
    table = detail.astype({"category": str, "gas": str}).rename(columns={"year": "seen"})
    if "scope" in table:  # the territorial series: purchased electricity (scope 2) is a memo
        table = table[table["scope"].astype(str) == "1"]
    table = table.merge(wanted[["category", "gas", "seen"]].drop_duplicates(),
                        on=["category", "gas", "seen"])
    if "emissions_t" in table:
        table = table[table["emissions_t"].fillna(0) != 0]
    source = table["emission_factor_source"] if "emission_factor_source" in table else None
    chain = table["chain"].astype(str) if "chain" in table else pd.Series("", index=table.index)
    # a sector chain names its factors in brackets: [ipcc2006 Table 10.11 p.10.29]
    named = chain.str.findall(r"\[([^\]]+)\]").str.join("; ")
    factor = named if source is None else source.where(source.notna(), named)
    keys = ["category", "gas", "seen"]
    frame = pd.DataFrame({**{k: table[k] for k in keys},
                          "row": table["file"].astype(str) + ":" + table["line"].astype(str),
                          "factor": factor.fillna("").astype(str)})
    return frame.groupby(keys, sort=False).agg(
        rows=("row", _listed),
        factors=("factor", lambda f: "; ".join(v for v in pd.unique(f) if v))).reset_index()


def _listed(rows: pd.Series, most: int = 5) -> str:
    """The distinct rows, the first ``most`` named and the others counted."""
    distinct = list(pd.unique(rows))
    more = len(distinct) - most
    text = ", ".join(distinct[:most])
    return text if more <= 0 else text + _(" and {n} more").format(n=more)


def _accepted(category: pd.Series, gas: pd.Series, accepted: Sequence[str]) -> np.ndarray:
    """Which series an inventory.toml ``time_series_breaks`` entry covers."""
    entries = [str(e).split() for e in accepted]
    bad = [" ".join(e) for e in entries if not 1 <= len(e) <= 2]
    if bad:
        raise ConfigError(f"inventory.toml: time_series_breaks: {bad!r}: expected entries "
                          "'CATEGORY' or 'CATEGORY GAS', e.g. '1.A.2.e' or '3.B.4.a N2O'")
    codes = pd.unique(category.astype(str))  # distinct codes, not data rows
    lines = {code: set(lineage(code)) for code in codes}
    out = np.zeros(len(category), dtype=bool)
    for entry in entries:  # a few entries
        hit = category.map(lambda c, e=entry: e[0] in lines[c]).to_numpy(dtype=bool)
        if len(entry) == 2:
            hit = hit & (gas.astype(str).str.upper().to_numpy() == entry[1].upper())
        out |= hit
    return out


def source_changes(activity: pd.DataFrame) -> pd.DataFrame:
    """Categories whose data source changes between consecutive years with data.

    ``activity`` has ``category, year, source`` (one row per activity row); the sources of a
    category and year are compared as a set.

    Examples
    --------
    >>> rows = pd.DataFrame({"category": "3.C.7", "year": [2019, 2020, 2021],
    ...                      "source": ["GSO yearbook 2019", "GSO yearbook 2020", "estimate"]})
    >>> source_changes(rows)[["year", "value", "expected"]].to_numpy().tolist()
    [[2021, 'estimate', 'GSO yearbook 2020']]
    """
    rows = activity[["category", "year", "source"]].astype({"category": str, "source": str})
    rows = rows.assign(source=rows["source"].str.strip()).drop_duplicates()
    # A yearbook cited by edition is one source: compare the text without its years.
    rows["kind"] = rows["source"].str.replace(r"\b(19|20)\d\d\b", "YYYY", regex=True)
    rows = rows.sort_values(["category", "year", "source"])
    keys = ["category", "year"]
    grouped = rows.groupby(keys, sort=True)["source"].agg("; ".join).reset_index()
    kinds = rows.drop_duplicates([*keys, "kind"]).sort_values([*keys, "kind"])
    grouped["kind"] = kinds.groupby(keys, sort=True)["kind"].agg("; ".join).to_numpy()
    previous = grouped.groupby("category")[["source", "kind", "year"]].shift(1)
    changed = previous["kind"].notna() & (previous["kind"] != grouped["kind"])
    found = grouped[changed].copy()
    found["value"] = found["source"]
    found["expected"] = previous.loc[changed, "source"]
    found["gas"] = ""
    found["message"] = fill("data source changed from {year} ('{source}'); check time-series "
                            "consistency (Vol 1 ch 5) and recalculate earlier years if needed",
                            year=previous.loc[changed, "year"].astype(int),
                            source=found["expected"])
    return _findings(found, check="source_changed", severity="info")


def reference_approach(supply: pd.DataFrame, sectoral: pd.DataFrame,
                       tolerance: float = REFERENCE_TOLERANCE,
                       quantity: str = "co2_t") -> pd.DataFrame:
    """Reference Approach (fuel supply) against the Sectoral Approach, by fuel and year.

    Both tables have ``fuel, year`` and ``quantity`` (``co2_t``, or ``energy_tj`` to compare
    apparent consumption with sectoral fuel use). A difference ``(RA - SA) / SA`` beyond
    ``tolerance`` is flagged per fuel and for all fuels together (``fuel`` ``all``, carried in
    the ``category`` column as ``1.A <fuel>``); a fuel on one side only is flagged too.

    Examples
    --------
    >>> ra = pd.DataFrame({"fuel": ["diesel", "lpg"], "year": 2020, "co2_t": [1000.0, 210.0]})
    >>> sa = pd.DataFrame({"fuel": ["diesel", "lpg"], "year": 2020, "co2_t": [990.0, 200.0]})
    >>> reference_approach(ra, sa)[["category", "value", "expected"]].to_numpy().tolist()
    []
    """
    keys = ["fuel", "year"]
    ra = supply.groupby(keys)[quantity].sum().rename("reference")
    sa = sectoral.groupby(keys)[quantity].sum().rename("sectoral")
    both = pd.concat([ra, sa], axis=1).reset_index()
    totals = both.groupby("year")[["reference", "sectoral"]].sum(min_count=1).reset_index()
    totals["fuel"] = "all"
    both = pd.concat([both, totals], ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = (both["reference"] - both["sectoral"]) / np.abs(both["sectoral"])
    one_side = both["reference"].isna() | both["sectoral"].isna()
    flagged = one_side | ~(np.abs(difference) <= tolerance)
    found = both[flagged].copy()
    found["category"] = "1.A " + found["fuel"].astype(str)
    found["gas"] = "CO2" if quantity == "co2_t" else ""
    found["value"] = found["reference"]
    found["expected"] = found["sectoral"]
    unit = "t CO2" if quantity == "co2_t" else "TJ"
    text = np.where(
        found["reference"].isna(), _("fuel in the sectoral approach but not in the fuel supply"),
        np.where(found["sectoral"].isna(),
                 _("fuel in the supply but not in the sectoral approach"),
                 fill("reference approach {reference} {unit} differs from the sectoral approach "
                      "{sectoral} {unit} by {difference}", reference=_text(found["reference"]),
                      sectoral=_text(found["sectoral"]), unit=unit,
                      difference=_text(difference[flagged] * 100, "{:+.1f} %"))))
    found["message"] = pd.Series(text, index=found.index, dtype=object) + _(
        " (tolerance {tolerance}); explain: statistical differences, stock changes, "
        "non-energy use, or missing sectoral use").format(tolerance=f"{tolerance:.0%}")
    return _findings(found, check="reference_approach", severity="warning")


def not_allocated(aggregated: pd.DataFrame) -> pd.DataFrame:
    """Parents with an own (not allocated) value beside sub-categories that also have values.

    Both are summed by :func:`ghg.province.tree.aggregate`; if the parent's value already covers the
    children, the total double counts. Only the inventory officer can tell.
    """
    rows = _series(aggregated, "emissions_t", keep_unallocated=True)
    own = rows[rows["category"].str.endswith(NOT_ALLOCATED)].copy()
    own["parent"] = own["category"].str.removesuffix(NOT_ALLOCATED)
    totals = rows.set_index(["category", "gas", "year"])["emissions_t"]
    parent_total = totals.reindex(pd.MultiIndex.from_frame(own[["parent", "gas", "year"]]))
    own["children_t"] = parent_total.to_numpy() - own["emissions_t"].to_numpy()
    found = own[own["children_t"] != 0].copy()
    found["category"] = found["parent"]
    found["value"] = found["emissions_t"]
    found["expected"] = found["children_t"]
    found["message"] = fill("a value is given at {parent} itself and also at its "
                            "sub-categories ({children} t); both are counted: make sure the "
                            "parent's value does not include them", parent=found["parent"],
                            children=_text(found["children_t"]))
    return _findings(found, check="not_allocated", severity="warning")


def _series(table: pd.DataFrame, value: str, keep_unallocated: bool = False) -> pd.DataFrame:
    """Rows of one series per category and gas: totals of all regions, parts dropped."""
    rows = table
    if "region" in rows.columns:
        rows = rows[rows["region"] == ALL_REGIONS]
    if "part" in rows.columns and not keep_unallocated:
        rows = rows[rows["part"] != "not allocated"]
    rows = rows[rows["gas"] != ALL_GASES] if "gas" in rows.columns else rows
    return rows[["category", "gas", "year", value]].astype({"category": str, "gas": str})


def _thresholds(categories: pd.Index, threshold: float | Mapping[str, float]) -> np.ndarray:
    """Per series: the threshold of its most specific listed ancestor, else ``*`` or 10 %."""
    if not isinstance(threshold, Mapping):
        return np.full(len(categories), float(threshold))
    default = float(threshold.get("*", JUMP_THRESHOLD))
    per_code = {}
    for code in pd.unique(categories):  # distinct codes, not data rows
        hits = [threshold[a] for a in lineage(code) if a in threshold] if code else []
        per_code[code] = float(hits[0]) if hits else default
    return categories.map(per_code).to_numpy(dtype=float)


def _findings(found: pd.DataFrame | dict, check: str = "", severity: str = "") -> pd.DataFrame:
    frame = pd.DataFrame(found)
    out = pd.DataFrame({
        "check": check, "severity": severity,
        "category": frame.get("category", pd.Series(dtype=object)),
        "gas": frame.get("gas", pd.Series(dtype=object)),
        "year": frame.get("year", pd.Series(dtype="int64")),
        "value": frame.get("value", pd.Series(dtype=object)),
        "expected": frame.get("expected", pd.Series(dtype=object)),
        "message": frame.get("message", pd.Series(dtype=object))})
    return out.reset_index(drop=True)


def _text(numbers: pd.Series, form: str = "{:g}") -> pd.Series:
    """Numbers as text for messages, in the language's decimal mark (empty stays text)."""
    return number_text(numbers.map(form.format).astype(str))
