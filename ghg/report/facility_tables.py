"""The tables of a facility's inventory report (Decree 06/2022 Form 06), from the engine's result.

:func:`facility_inventory` computes the facility's rows once (:func:`ghg.engine.pipeline`); every
table here only selects and lays out what the engine computed (the calculation detail and the
emissions table). Columns are the keys of :mod:`ghg.review.submission`; the writer puts them in
words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import ConfigError
from ghg.core.i18n import N_, _, number
from ghg.core.schema import GASES
from ghg.engine.pipeline import compute_inputs
from ghg.engine.result import Result
from ghg.factors.resolve import fallback_message
from ghg.inputs.folder import Inputs, read_inputs
from ghg.province.error_propagation import combined_product_pct, combined_sum_pct

PARAMETER_ORDER = {"ncv": 0, "density": 1, "ef": 2}
UNITS = {"ncv": "TJ/Gg", "density": "t/m^3"}


@dataclass(frozen=True)
class FacilityInventory:
    """One facility's inventory for the reporting years, as the engine computed it."""

    facility: pd.Series  # the register's row
    years: tuple[int, ...]
    result: Result  # the facility's rows, every year (a landfill needs its earlier deposits)
    inputs: Inputs

    @property
    def detail(self) -> pd.DataFrame:
        """The engine's calculation detail of the reporting years."""
        detail = self.result.detail
        return detail.loc[detail["year"].isin(self.years)].reset_index(drop=True)


def facility_inventory(path: str | Path, facility_id: str, years: tuple[int, ...], *,
                       factors: list[str] | None = None, gwp: str | None = None,
                       number_format: str | None = None) -> FacilityInventory:
    """Read the inventory folder ``path`` and compute the rows of ``facility_id``.

    Raises :class:`ConfigError` for a folder without ``facilities.csv``, a facility not in it,
    or a facility with no activity rows in any of ``years``.
    """
    inputs = read_inputs(path, number_format=number_format)
    register = inputs.register
    if register is None:
        raise ConfigError(_("{path}: facility register facilities.csv not found; expected "
                            "facilities.csv with facility_id, name, facility_type, "
                            "on_current_list").format(path=Path(path) / "facilities.csv"))
    known = register["facility_id"].tolist()
    if facility_id not in known:
        raise ConfigError(_("--facility {facility}: not in facilities.csv; expected one of "
                            "{known}").format(facility=facility_id, known=", ".join(known)))
    frame = inputs.frame
    mine = frame["source_id"].eq(facility_id).to_numpy()
    in_years = mine & frame["year"].isin(years).to_numpy()
    if not in_years.any():
        have = sorted({int(y) for y in frame.loc[mine, "year"]})
        raise ConfigError(_("--facility {facility}: no activity rows in {years}; years with "
                            "data: {have}").format(
            facility=facility_id, years=", ".join(map(str, years)),
            have=", ".join(map(str, have)) or _("none")))
    selected = replace(inputs, frame=frame.loc[mine].reset_index(drop=True))
    result = compute_inputs(selected, factors, gwp)
    row = register.loc[register["facility_id"] == facility_id].iloc[0]
    return FacilityInventory(row, tuple(sorted(years)), result, inputs)


@cache
def factor_origins() -> pd.DataFrame:
    """Origin (facility, national, ipcc, literature) and tier of each factor set, with basis."""
    path = resources.files("ghg") / "data" / "review" / "factor_origins.csv"
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False).set_index("factor_set")


@cache
def form06_headings() -> pd.DataFrame:
    """The headings of Form 06 (official wording, English, the sheets that answer each)."""
    path = resources.files("ghg") / "data" / "form06_headings.csv"
    with path.open("r", encoding="utf-8") as stream:
        return pd.read_csv(stream, dtype=str, keep_default_na=False)


def activity_table(inv: FacilityInventory) -> pd.DataFrame:
    """III.2: one row per input row, numbered ``L1``, ``L2`` ... in the detail's order."""
    detail = inv.detail
    rows = detail.drop_duplicates(["year", "file", "line"])[
        ["year", "category", "activity", "amount", "unit", "file", "line"]].reset_index(drop=True)
    inputs = inv.result.all_rows
    extra = inputs[["file", "line"]].assign(
        data_source=_column(inputs, "source"), data_quality=_column(inputs, "data_quality"))
    rows = rows.merge(extra, how="left", on=["file", "line"], validate="one_to_one")
    rows.insert(0, "line_id", [f"L{i}" for i in range(1, len(rows) + 1)])
    rows["input_row"] = rows["file"].astype(str) + ":" + rows["line"].astype(str)
    return rows.drop(columns=["file", "line"])


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[name].fillna("").astype(str).to_numpy(dtype=object)


def _factor_rows(detail: pd.DataFrame) -> pd.DataFrame:
    """Every factor a line used, one row per line, gas and parameter (before numbering)."""
    keys = {"year": detail["year"], "activity": detail["activity"],
            "category": detail["category"], "file": detail["file"], "line": detail["line"],
            "line_gas": detail["gas"]}
    parts = []
    for parameter, value, unit, source in (
            ("ncv", "ncv_tj_per_gg", None, "ncv_source"),
            ("density", "density_t_per_m3", None, "density_source"),
            ("ef", "emission_factor", "emission_factor_unit", "emission_factor_source")):
        used = detail[value].notna().to_numpy()
        part = pd.DataFrame({k: v.to_numpy()[used] for k, v in keys.items()})
        part["parameter"] = parameter
        part["gas"] = detail["gas"].to_numpy()[used] if parameter == "ef" else ""
        part["value"] = detail[value].to_numpy(dtype=float)[used]
        part["unit"] = (detail[unit].to_numpy()[used] if unit else UNITS[parameter])
        part["source"] = detail[source].astype(str).to_numpy()[used]
        # The set a factor came from is the first part of its reference (``ipcc2006/ncv.csv:2``)
        part["factor_set"] = part["source"].str.split("/", n=1).str[0]
        part["note"] = (detail["flag"].fillna("").astype(str).to_numpy()[used]
                        if parameter == "ef" else "")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def factor_tables(inv: FacilityInventory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """III.1: the factors (numbered ``F1`` ...) and, per line and gas, the factors it used."""
    detail = inv.detail
    rows = _factor_rows(detail)
    key = ["year", "activity", "category", "parameter", "gas", "value", "unit", "source"]
    table = rows.drop_duplicates(key)[[*key, "factor_set", "note"]].copy()
    table["_p"] = table["parameter"].map(PARAMETER_ORDER)
    table["_g"] = table["gas"].map({g: i for i, g in enumerate(GASES)}).fillna(-1)
    table = table.sort_values(["year", "category", "activity", "_p", "_g"], kind="stable")\
        .drop(columns=["_p", "_g"]).reset_index(drop=True)
    table.insert(0, "factor_id", [f"F{i}" for i in range(1, len(table) + 1)])
    origins = factor_origins()
    known = table["factor_set"].isin(origins.index)
    table["origin"] = table["factor_set"].map(origins["origin"]).where(known, "")
    table["tier"] = table["factor_set"].map(origins["tier"]).where(known, "")
    ids = rows.merge(table[[*key, "factor_id"]], how="left", on=key, validate="many_to_one")
    used = ids.pivot_table(index=["file", "line", "line_gas"], columns="parameter",
                           values="factor_id", aggfunc="first")
    used = used.reindex(columns=list(PARAMETER_ORDER)).astype(object).fillna("")
    used.columns = [f"{p}_id" for p in used.columns]
    columns = ["factor_id", "year", "activity", "category", "parameter", "gas", "value", "unit",
               "origin", "tier", "factor_set", "source", "note"]
    return table[columns], used.reset_index().rename(columns={"line_gas": "gas"})


def lines_table(inv: FacilityInventory, activity: pd.DataFrame, used: pd.DataFrame
                ) -> pd.DataFrame:
    """III.3: the engine's emissions per line and gas, with the factors each used."""
    detail = inv.detail
    ids = activity.assign(file=activity["input_row"].str.rsplit(":", n=1).str[0],
                          line=activity["input_row"].str.rsplit(":", n=1).str[1].astype(int))
    lines = detail.merge(ids[["line_id", "year", "file", "line"]], how="left",
                         on=["year", "file", "line"], validate="many_to_one")
    lines = lines.merge(used, how="left", on=["file", "line", "gas"], validate="many_to_one")
    for column in ("ncv_id", "density_id", "ef_id"):
        lines[column] = lines[column].fillna("")
    return lines[["line_id", "year", "category", "activity", "scope", "gas", "ncv_id",
                  "density_id", "ef_id", "energy_tj", "emissions_t", "co2e_t", "counted",
                  "step", "chain"]]


def totals_table(inv: FacilityInventory) -> pd.DataFrame:
    """III.3: the engine's emissions table of the facility by year, scope and gas (biogenic CO2
    as a memo line)."""
    fid = inv.facility["facility_id"]
    parts = []
    for frame, counted in ((inv.result.emissions, "total"),
                           (inv.result.biogenic_co2, "memo: biogenic CO2")):
        mine = frame.loc[(frame["source_id"] == fid).to_numpy()
                         & frame["year"].isin(inv.years).to_numpy()]
        sums = mine.groupby(["year", "scope", "gas"], observed=True)[["emissions_t", "co2e_t"]]\
            .sum().reset_index()
        parts.append(sums.assign(counted=counted))
    table = pd.concat(parts, ignore_index=True)
    table["gas"] = table["gas"].astype(str)
    table["_g"] = table["gas"].map({g: i for i, g in enumerate(GASES)})
    table = table.sort_values(["year", "counted", "scope", "_g"], kind="stable")
    return table[["year", "scope", "gas", "counted", "emissions_t", "co2e_t"]]\
        .reset_index(drop=True)


def changes_table(totals: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year change of the counted total per scope, with an explanation to fill in."""
    counted = totals.loc[totals["counted"] == "total"]
    by_year = counted.groupby(["scope", "year"])["co2e_t"].sum().unstack("year")
    years = list(by_year.columns)
    rows = []
    for before, after in zip(years, years[1:], strict=False):
        part = pd.DataFrame({"scope": by_year.index, "year_from": before, "year_to": after,
                             "co2e_from_t": by_year[before].to_numpy(),
                             "co2e_to_t": by_year[after].to_numpy()})
        rows.append(part)
    if not rows:
        return pd.DataFrame(columns=["scope", "year_from", "year_to", "co2e_from_t",
                                     "co2e_to_t", "change_pct", "explanation"])
    table = pd.concat(rows, ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["change_pct"] = (table["co2e_to_t"] / table["co2e_from_t"] - 1) * 100
    table["explanation"] = ""
    return table


def sources_table(lines: pd.DataFrame) -> pd.DataFrame:
    """II.3: each source (category, activity, scope) with the years it has data."""
    keys = ["category", "activity", "scope"]
    years = lines.groupby(keys)["year"].agg(lambda y: "; ".join(str(v) for v in sorted(set(y))))
    return years.rename("years").reset_index()


def uncertainty_table(inv: FacilityInventory, totals_lines: pd.DataFrame) -> pd.DataFrame:
    """III.4: Approach 1 (IPCC 2006 Vol 1 Ch 3 eq. 3.1, 3.2) on the facility's direct emissions
    with the inventory's ``uncertainty.csv``; a category and gas without a row there is marked."""
    direct = totals_lines.loc[(totals_lines["scope"] == 1)
                              & (totals_lines["counted"] == "total")]
    cells = direct.groupby(["year", "category", "gas"], sort=True)["co2e_t"].sum().reset_index()
    unc = inv.inputs.inventory_tables.get("uncertainty")
    if unc is None:
        unc = pd.DataFrame(columns=["category", "gas", "u_activity_pct", "u_factor_pct",
                                    "document", "table", "page", "file", "line"])
    given = unc[["category", "gas", "u_activity_pct", "u_factor_pct"]].assign(
        source=unc["document"].astype(str) + ", " + unc["table"].astype(str) + ", p. "
        + unc["page"].astype(str) + " (" + unc["file"].astype(str) + ":"
        + unc["line"].astype(str) + ")")
    table = cells.merge(given, how="left", on=["category", "gas"], validate="many_to_one")
    for column in ("u_activity_pct", "u_factor_pct"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    table["u_combined_pct"] = combined_product_pct(table["u_activity_pct"].to_numpy(),
                                                   table["u_factor_pct"].to_numpy())
    table["source"] = table["source"].fillna(_("no row in the inventory's uncertainty.csv"))
    totals = []
    for year, part in table.groupby("year"):
        known = part["u_combined_pct"].notna().to_numpy()
        value = (combined_sum_pct(part["co2e_t"].to_numpy()[known],
                                  part["u_combined_pct"].to_numpy()[known])
                 if known.all() else np.nan)
        totals.append({"year": year, "category": _("total (direct emissions)"), "gas": "CO2e",
                       "co2e_t": part["co2e_t"].sum(), "u_activity_pct": np.nan,
                       "u_factor_pct": np.nan, "u_combined_pct": value,
                       "source": _("IPCC 2006 Vol 1 Ch 3 eq. 3.2")
                       if known.all() else _("not computed: a category has no uncertainty")})
    return pd.concat([table, pd.DataFrame(totals)], ignore_index=True)\
        .sort_values("year", kind="stable").reset_index(drop=True)[
            ["year", "category", "gas", "co2e_t", "u_activity_pct", "u_factor_pct",
             "u_combined_pct", "source"]]


#: The QA/QC checks the report states (Form 06 III.4), in words.
QAQC_CHECKS = {
    "sources": N_("every activity row names the source of its data"),
    "quality": N_("data quality of the activity rows"),
    "flags": N_("factors used with a flag (e.g. a grid factor of an earlier year)"),
    "sums": N_("lines add up to the engine's emissions table"),
    "biogenic": N_("biogenic CO2 kept out of the totals (memo line)"),
    "years": N_("every reporting year has activity data"),
}


def qaqc_table(inv: FacilityInventory, activity: pd.DataFrame, factors: pd.DataFrame,
               lines: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """III.4: the checks made on the facility's data, each with its result and detail."""
    no_source = activity.loc[activity["data_source"].eq(""), "line_id"].tolist()
    quality = activity["data_quality"].replace("", _("not stated")).value_counts().sort_index()
    flagged = factors.loc[factors["note"].ne(""), ["factor_id", "note"]]
    counted = lines.loc[lines["counted"] == "total"]
    line_sums = counted.groupby(["year", "scope", "gas"])["emissions_t"].sum()
    table_sums = totals.loc[totals["counted"] == "total"].set_index(
        ["year", "scope", "gas"])["emissions_t"]
    gap = float(np.max(np.abs(line_sums.sub(table_sums, fill_value=0).to_numpy()), initial=0))
    biogenic = lines.loc[lines["counted"] != "total", "emissions_t"].sum()
    missing_years = [y for y in inv.years if y not in set(activity["year"])]
    ok, check = _("passed"), _("to check")
    rows = [
        ("sources", check if no_source else ok,
         ", ".join(no_source) if no_source else _("{n} rows").format(n=len(activity))),
        ("quality", ok, "; ".join(f"{k}: {v}" for k, v in quality.items())),
        ("flags", check if len(flagged) else ok,
         "; ".join(f"{f}: {fallback_message(n)}" for f, n in flagged.itertuples(index=False))
         or _("none")),
        ("sums", ok if gap <= 1e-9 else check,
         _("largest difference {gap} t").format(gap=f"{gap:.3g}")),
        ("biogenic", ok, _("{t} t CO2 (memo)").format(t=number(biogenic, 3))),
        ("years", check if missing_years else ok,
         ", ".join(map(str, missing_years)) or ", ".join(map(str, inv.years))),
    ]
    return pd.DataFrame([{"check": _(QAQC_CHECKS[k]), "result": r, "detail": d}
                         for k, r, d in rows])
