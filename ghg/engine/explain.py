"""The calculation chain behind each number: amount × NCV × EF = emissions, with sources."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.core.categories import local_title
from ghg.core.errors import InputError, Problem
from ghg.core.i18n import N_, _, language, number_text
from ghg.core.schema import GASES, MAIN_GASES
from ghg.sectors.method import member

if TYPE_CHECKING:
    from ghg.engine.result import Result

DETAIL_COLUMNS = [
    "source_id", "year", "category", "scope", "activity", "amount", "unit", "file", "line", "gas",
    "energy_tj", "electricity_mwh", "ncv_tj_per_gg", "ncv_source", "density_t_per_m3",
    "density_source",
    "emission_factor", "emission_factor_unit", "emission_factor_source", "factor_set",
    "emissions_t", "co2e_t", "counted", "flag", "step", "chain",
]  # fmt: skip


#: Calculation steps by their key in calculation.csv; the key is the English display, the
#: catalogue gives the Vietnamese name (a key not listed here is shown as it is).
STEPS = (N_("combustion"), N_("purchased electricity"), N_("swds_fod"), N_("swds_recovery"),
         N_("wastewater_ch4"), N_("wastewater_recovery"), N_("wastewater_n2o_plant"),
         N_("wastewater_n2o_effluent"), N_("wastewater_industrial"),
         N_("biological_treatment"), N_("burning"), N_("direct"), N_("volatilisation"),
         N_("leaching"), N_("carbonate"), N_("aquaculture"), N_("rice"), N_("enteric"),
         N_("enteric_tier2"), N_("manure_ch4"), N_("manure_n2o_direct"),
         N_("manure_n2o_volatilisation"), N_("manure_n2o_leaching"), N_("gain_loss"),
         N_("conversion"), N_("pasture_n2o_direct"), N_("pasture_n2o_volatilisation"),
         N_("pasture_n2o_leaching"), N_("mineral"), N_("non_energy_product"), N_("assembly"),
         N_("operation"), N_("disposal"))


def calculation_table(result: Result, rows: np.ndarray | None = None) -> pd.DataFrame:
    """One row per input row and gas emitted, with every factor and where it came from.

    ``rows`` selects input rows (boolean mask); by default all.
    """
    calc = result.calculation
    index = np.arange(len(calc.frame)) if rows is None else np.flatnonzero(rows)
    frame = calc.frame.iloc[index]
    key = calc.key[index]
    factors = calc.factors
    references = _references(result)
    gwps = result.provenance["gwp"]["values"]
    parts = []
    for gas_index, gas in enumerate(MAIN_GASES):  # the energy path's gases
        emissions = calc.emissions[gas_index, index]
        emitted = ~np.isnan(emissions)
        if not emitted.any():
            continue
        k = key[emitted]
        ef_row = factors[f"ef_{gas}_factor_row"].to_numpy()[k]
        biogenic = calc.biogenic[index][emitted] & (gas == "CO2")
        electricity = calc.scope[index][emitted] == 2
        part = pd.DataFrame({
            "source_id": frame["source_id"].to_numpy(dtype=object)[emitted],
            "year": frame["year"].to_numpy()[emitted],
            "category": frame["category"].to_numpy(dtype=object)[emitted],
            "scope": calc.scope[index][emitted],
            "activity": frame["activity"].to_numpy(dtype=object)[emitted],
            "amount": frame["amount"].to_numpy()[emitted],
            "unit": frame["unit"].to_numpy(dtype=object)[emitted],
            "file": frame["file"].to_numpy(dtype=object)[emitted],
            "line": frame["line"].to_numpy()[emitted],
            "gas": gas,
            "energy_tj": calc.energy_tj[index][emitted],
            "electricity_mwh": np.where(electricity, calc.amount_canonical[index][emitted],
                                        np.nan),
            "ncv_tj_per_gg": factors["ncv_value"].to_numpy()[k],
            "ncv_source": references[factors["ncv_factor_row"].to_numpy()[k]],
            "density_t_per_m3": factors["density_value"].to_numpy()[k],
            "density_source": references[factors["density_factor_row"].to_numpy()[k]],
            "emission_factor": factors[f"ef_{gas}_value"].to_numpy()[k],
            "emission_factor_unit": np.where(electricity, f"t {gas}/MWh", f"kg {gas}/TJ"),
            "emission_factor_source": references[ef_row],
            "factor_set": result.library.table["factor_set"].to_numpy(dtype=object)[ef_row],
            "emissions_t": emissions[emitted],
            "co2e_t": emissions[emitted] * gwps[gas],
            "counted": np.where(biogenic, "memo: biogenic CO2", "total"),
            "flag": factors["flag"].to_numpy(dtype=object)[k],
            "step": np.where(electricity, "purchased electricity", "combustion"),
            "chain": "",
        })
        parts.append(part)
    if rows is None and result.sectors is not None and len(result.sectors.records):
        parts.append(sector_table(result, result.sectors.records))
    if not parts:
        return pd.DataFrame(columns=DETAIL_COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    order = ["source_id", "year", "category", "file", "line"]
    gas_order = table["gas"].map({g: i for i, g in enumerate(GASES)})
    return table.assign(_g=gas_order).sort_values([*order, "_g"], kind="stable")\
        .drop(columns="_g").reset_index(drop=True)[DETAIL_COLUMNS]


def sector_table(result: Result, records: pd.DataFrame) -> pd.DataFrame:
    """Detail rows of sector records: the input row, the IPCC step and its arithmetic."""
    frame = result.all_rows
    origin = records["row"].to_numpy()
    gwps = result.provenance["gwp"]["values"]
    emissions = records["emissions_t"].to_numpy(dtype=float)
    biogenic = records["biogenic"].to_numpy(dtype=bool)
    nan = np.full(len(records), np.nan)

    def column(name: str) -> np.ndarray:
        return frame[name].astype(str).to_numpy(dtype=object)[origin]

    return pd.DataFrame({
        "source_id": column("source_id"), "year": records["year"].to_numpy(),
        "category": records["category"].to_numpy(dtype=object),
        "scope": np.ones(len(records), dtype=np.int8), "activity": column("activity"),
        "amount": frame["amount"].to_numpy(dtype=float)[origin], "unit": column("unit"),
        "file": column("file"), "line": frame["line"].to_numpy()[origin],
        "gas": records["gas"].to_numpy(dtype=object),
        "energy_tj": nan, "electricity_mwh": nan, "ncv_tj_per_gg": nan, "ncv_source": "",
        "density_t_per_m3": nan, "density_source": "", "emission_factor": nan,
        "emission_factor_unit": "", "emission_factor_source": "", "factor_set": "",
        "emissions_t": emissions,
        "co2e_t": emissions * records["gas"].map(gwps).to_numpy(dtype=float),
        "counted": np.where(biogenic, "memo: biogenic CO2", "total"), "flag": "",
        "step": records["step"].to_numpy(dtype=object),
        "chain": records["chain"].to_numpy(dtype=object),
    })[DETAIL_COLUMNS]


def _references(result: Result) -> np.ndarray:
    """Text reference of each library row; the last element (index -1) is '' for 'not used'."""
    table = result.library.table
    text = (table["file"] + ":" + table["line"].astype(str) + " (" + table["document"] + ", "
            + table["table"] + ", p. " + table["page"] + ")")
    return np.append(text.to_numpy(dtype=object), "")


def explain(result: Result, source_id: str, year: int, category: str | None = None) -> str:
    """Text of the calculation chain for one source and year (optionally one category).

    Examples
    --------
    >>> import ghg
    >>> table = pd.DataFrame({"source_id": ["F1"], "year": [2022], "category": ["1.A.2"],
    ...                       "activity": ["diesel"], "amount": [1000.0], "unit": ["t"]})
    >>> print(ghg.compute(table).explain("F1", 2022).splitlines()[3])
        energy = 1000 t × 43 TJ/Gg / 1000 t/Gg = 43 TJ
    """
    frame = result.calculation.frame
    mask = (frame["source_id"] == source_id).to_numpy() & (frame["year"] == year).to_numpy()
    if category is not None:
        mask &= (frame["category"] == category).to_numpy()
    records = _sector_records(result, source_id, year, category)
    if not mask.any() and not len(records):
        frame = result.all_rows
        what = _("source {source}, year {year}").format(source=repr(source_id), year=year) + (
            _(", category {category}").format(category=repr(category)) if category else "")
        sources = ", ".join(map(repr, sorted(map(str, frame["source_id"].unique()))[:10]))
        raise InputError([Problem("explain", None, "", None,
                                  _("no activity rows for {what}; expected a source and year "
                                    "present in the input (sources: {sources})").format(
                                        what=what, sources=sources))])
    detail = calculation_table(result, mask)
    gwps = result.provenance["gwp"]["values"]
    if len(records):
        sectors = sector_table(result, records)
        detail = pd.concat([detail, sectors], ignore_index=True) if len(detail) else sectors
    context = result.provenance["gwp"]["context"]
    lines = [_("Source {source}, year {year} (GWP: {gwp}, {context})").format(
        source=source_id, year=year, gwp=result.gwp, context=context)]
    for (cat, scope), block in detail.groupby(["category", "scope"], sort=True):
        lines.append(f"{cat} {local_title(cat)} " + _("(scope {scope})").format(scope=scope))
        for (file, line), row_block in block.groupby(["file", "line"], sort=False):
            if row_block["step"].iloc[0] in ("combustion", "purchased electricity"):
                lines += _row_chain(row_block, file, line, context)
            else:
                lines += _sector_chain(row_block, file, line, context, gwps)
        if (block["step"] == "swds_fod").any():
            lines += _fod_by_deposit_year(result, source_id, year)
        counted = block[block["counted"].eq("total")]
        sums = counted.groupby("gas", sort=False)[["emissions_t", "co2e_t"]].sum()
        gases = ", ".join(f"{g} {_number(v)} t" for g, v in sums["emissions_t"].items())
        lines.append("  " + _("total {category}: {gases} = {co2e} t CO2e").format(
            category=cat, gases=gases, co2e=_number(sums["co2e_t"].sum())))
    return "\n".join(lines)


def _sector_records(result: Result, source_id: str, year: int,
                    category: str | None) -> pd.DataFrame:
    """Sector records of one source and year; a category selects itself and its children, and
    the records of input rows entered under it (a livestock row under 3.A)."""
    if result.sectors is None or not len(result.sectors.records):
        return pd.DataFrame()
    records = result.sectors.records
    frame = result.all_rows
    origin = records["row"].to_numpy()
    keep = ((frame["source_id"].astype(str).to_numpy(dtype=object)[origin] == source_id)
            & (records["year"].to_numpy() == year))
    if category is not None:  # judged once per category name, gathered by code
        names = [str(name) for name in records["category"].cat.categories]
        under = [name for name in names if name == category or name.startswith(category + ".")]
        entered = frame["category"].astype(str).to_numpy(dtype=object)[origin]
        keep &= member(records["category"].array, under) | (entered == category)
    return records.loc[keep]


def _sector_chain(rows: pd.DataFrame, file: str, line: int, context: str,
                  gwps: dict[str, float]) -> list[str]:
    first = rows.iloc[0]
    out = [f"  {first['activity']}: {_number(first['amount'])} {first['unit']}  [{file}:{line}]"]
    for row in rows.itertuples(index=False):  # display only: the records of one source-year
        memo = _memo() if row.counted != "total" else ""
        gwp = gwps[row.gas]
        out.append(f"    {_(row.step)}: {_formula(row.chain)}")
        out.append(f"      {row.gas} {_number(row.emissions_t)} t × {_formula(f'{gwp:.6g}')} "
                   f"({context}) = {_number(row.co2e_t)} " + _("t CO2e") + memo)
    return out


def _fod_by_deposit_year(result: Result, source_id: str, year: int) -> list[str]:
    """CH4 generated at a disposal site in ``year``, by the year its waste was deposited."""
    from ghg.core.kinds import kinds_of
    from ghg.sectors.run import sector_rows
    from ghg.sectors.waste import method as waste

    sectors = result.sectors
    if sectors is None:
        return []
    kinds = kinds_of("waste.method")
    parts = waste.contributions(sector_rows(result.all_rows, kinds), sectors.context(),
                                source_id, year)
    if parts.empty:
        return []
    by_year = parts.groupby("deposit_year")["ch4_t"].sum()
    total = by_year.sum()
    lines = ["  " + _("CH4 generated in {year} by deposit year (first-order decay, eq. 3.4-3.6; "
                      "before OX and recovery): {total} t").format(year=year,
                                                                    total=_number(total))]
    lines += ["    " + _("deposited {year}: {value} t CH4 ({share})").format(
                  year=deposit, value=_number(value), share=_formula(f"{value / total:.1%}"))
              for deposit, value in by_year.items()]  # display only: one line per year
    return lines


def _number(value: float) -> str:
    """Six significant digits, without exponents for the sizes inventories deal in; in the
    current language's marks (1.488.200 and 0,837 in Vietnamese)."""
    if value == 0 or 1e-4 <= abs(value) < 1e5:
        return _formula(f"{value:.6g}")
    return _formula(f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:.4e}")


def _formula(text: str) -> str:
    """A formula written with English number marks, in the current language's marks; source
    references in [brackets] and (parentheses) keep theirs (Table 3.2.1, p. 3.16)."""
    if language() == "en":
        return text
    parts = re.split(r"(\[[^\]]*\]|\([^()]*\))", text)
    return "".join(part if part[:1] in "[(" else number_text(pd.Series([part])).iloc[0]
                   for part in parts)


def _memo() -> str:
    return "  " + _("(memo: biogenic CO2, not in totals)")


def _row_chain(rows: pd.DataFrame, file: str, line: int, context: str) -> list[str]:
    first = rows.iloc[0]
    out = [f"  {first['activity']}: {_number(first['amount'])} {first['unit']}  [{file}:{line}]"]
    if first["scope"] == 1:
        mass = first["amount"]
        if not np.isnan(first["density_t_per_m3"]):
            mass = first["energy_tj"] / first["ncv_tj_per_gg"] * 1000
            volume = mass / first["density_t_per_m3"]
            out.append("    " + _("mass") + f" = {_number(volume)} m3 × "
                       f"{_number(first['density_t_per_m3'])} t/m3 = {_number(mass)} t")
            out.append("      " + _("density") + f": {first['density_source']}")
        if not np.isnan(first["ncv_tj_per_gg"]):
            out.append("    " + _("energy") + f" = {_number(mass)} t × "
                       f"{_number(first['ncv_tj_per_gg'])} TJ/Gg / {_number(1000)} t/Gg = "
                       f"{_number(first['energy_tj'])} TJ")
            out.append("      " + _("NCV") + f": {first['ncv_source']}")
    for row in rows.itertuples(index=False):
        base = (f"{_number(row.energy_tj)} TJ" if row.scope == 1 else
                f"{_number(row.electricity_mwh)} MWh")
        divide = f" / {_number(1000)} kg/t" if row.scope == 1 else ""
        memo = _memo() if row.counted != "total" else ""
        gwp = row.co2e_t / row.emissions_t if row.emissions_t else float("nan")
        out.append(f"    {row.gas} = {base} × {_number(row.emission_factor)} "
                   f"{row.emission_factor_unit}{divide} = {_number(row.emissions_t)} t {row.gas} × "
                   f"{_formula(f'{gwp:.6g}')} ({context}) = {_number(row.co2e_t)} "
                   + _("t CO2e") + memo)
        out.append("      " + _("EF") + f": {row.emission_factor_source}")
        if row.flag:
            out.append("      " + _("FLAG") + f": {row.flag}")
    return out
