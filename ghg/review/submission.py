"""A facility's inventory submission: the workbook layout, and reading one back.

The layout is the one ``ghg facility-report`` writes (Decree 06/2022/NĐ-CP, Annex II, Form 06;
docs/contracts.md §3): one sheet per table, each a plain table with its header in row 1. Sheet
names and headers are in Vietnamese or English; they are defined once here (message catalogue)
so that the report writes them and the province's verification reads them in either language.
A facility may also fill the layout by hand, with these names or with the keys themselves
(``activity``, ``line_id`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.i18n import LANGUAGES, N_, _, use_language

#: Sheets in Form 06 order (``form`` is the table of contents and has no data to read).
SHEETS = {
    "form": N_("Form 06"),
    "facility": N_("I. Facility"),
    "boundary": N_("II. Boundary"),
    "sources": N_("II.3 Sources"),
    "factors": N_("III.1 Factors"),
    "activity": N_("III.2 Activity data"),
    "lines": N_("III.3 Emissions by line"),
    "totals": N_("III.3 Totals"),
    "uncertainty": N_("III.4 Uncertainty"),
    "qaqc": N_("III.4 QA-QC"),
    "changes": N_("Recalculations"),
}
#: The sheets the verification reads, with the columns each must have.
COLUMNS = {
    "facility": ("field", "value"),
    "sources": ("category", "category_name", "activity", "scope", "years"),
    "factors": ("factor_id", "year", "activity", "category", "parameter", "gas", "value",
                "unit", "origin", "tier", "factor_set", "source", "note"),
    "activity": ("line_id", "year", "category", "activity", "amount", "unit", "data_source",
                 "data_quality", "input_row"),
    "lines": ("line_id", "year", "category", "activity", "scope", "gas", "ncv_id", "density_id",
              "ef_id", "energy_tj", "emissions_t", "co2e_t", "counted"),
    "totals": ("year", "scope", "gas", "counted", "emissions_t", "co2e_t"),
    "changes": ("scope", "year_from", "year_to", "co2e_from_t", "co2e_to_t", "change_pct",
                "explanation"),
}
#: Headers of every column key (data columns and the descriptive sheets' columns).
HEADERS = {
    "field": N_("Item"), "value": N_("Value"), "category": N_("IPCC category"),
    "category_name": N_("Category name"), "activity": N_("Activity"), "scope": N_("Scope"),
    "years": N_("Years with data"), "factor_id": N_("Factor"), "year": N_("Year"),
    "parameter": N_("Parameter"), "gas": N_("Gas"), "unit": N_("Unit"),
    "origin": N_("Origin"), "tier": N_("Tier"), "factor_set": N_("Factor set"),
    "source": N_("Source (document, table, page)"), "note": N_("Note"),
    "line_id": N_("Line"), "amount": N_("Amount"), "data_source": N_("Source of the data"),
    "data_quality": N_("Data quality"), "input_row": N_("Input row (file:line)"),
    "ncv_id": N_("NCV factor"), "density_id": N_("Density factor"),
    "ef_id": N_("Emission factor"), "energy_tj": N_("Energy (TJ)"),
    "emissions_t": N_("Emissions (t of the gas)"), "co2e_t": N_("Emissions (t CO2e)"),
    "counted": N_("Counted in"), "year_from": N_("From year"), "year_to": N_("To year"),
    "co2e_from_t": N_("From (t CO2e)"), "co2e_to_t": N_("To (t CO2e)"),
    "change_pct": N_("Change (%)"), "explanation": N_("Explanation of the change"),
    "heading": N_("Form 06 heading"), "heading_vi": N_("Heading (Decree 06/2022 wording)"),
    "where": N_("Where in this report"), "text": N_("Content"),
    "u_activity_pct": N_("Activity data uncertainty (%)"),
    "u_factor_pct": N_("Emission factor uncertainty (%)"),
    "u_combined_pct": N_("Combined uncertainty (%)"),
    "check": N_("Check"), "result": N_("Result"), "detail": N_("Detail"),
    "step": N_("Calculation step"), "chain": N_("Calculation"),
}
#: Rows of the facility sheet (``field`` column), by key.
FIELDS = {
    "facility_id": N_("Facility code"), "name": N_("Facility name"),
    "facility_type": N_("Facility type"), "line_ministry": N_("Line ministry"),
    "district": N_("District"), "commune": N_("Commune"), "address": N_("Address"),
    "tax_code": N_("Tax code"), "legal_representative": N_("Legal representative"),
    "business": N_("Business and production sector"), "years": N_("Reporting years"),
    "gwp": N_("GWP set (100 years)"), "factor_sets": N_("Factor sets (first wins)"),
    "prepared_with": N_("Prepared with"),
}
#: Coded values the report writes in words.
VALUES = {
    "total": N_("total"), "memo: biogenic CO2": N_("memo: biogenic CO2"),
    "facility": N_("facility-specific"), "national": N_("national list"),
    "ipcc": N_("IPCC default"), "literature": N_("published literature"),
    "ncv": N_("net calorific value"), "density": N_("density"), "ef": N_("emission factor"),
}


def words(lang: str, names: dict[str, str]) -> dict[str, str]:
    """``names`` (key → English) in ``lang``."""
    with use_language(lang):
        return {key: _(text) for key, text in names.items()}


def _reverse(names: dict[str, str]) -> dict[str, str]:
    """Every spelling (key, English, Vietnamese; case and spaces ignored) → key."""
    out = {}
    for lang in LANGUAGES:
        for key, text in words(lang, names).items():
            out[_norm(text)] = key
    out.update({_norm(key): key for key in names})
    return out


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def decode(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """Coded values back from their words in either language (unknown text kept as is)."""
    reverse = _reverse(names)
    text = values.astype(str)
    return text.map(lambda v: reverse.get(_norm(v), v))


@dataclass
class Submission:
    """A facility's submission as read: one table per sheet key, columns by key."""

    path: str
    facility: dict[str, str]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, key: str) -> pd.DataFrame:
        return self.tables[key]

    @property
    def years(self) -> tuple[int, ...]:
        """The reporting years the facility states (``years`` field, e.g. ``2023, 2024``)."""
        text = self.facility.get("years", "")
        parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
        return tuple(sorted(int(float(p)) for p in parts if _is_int(p)))


def _is_int(text: str) -> bool:
    try:
        return float(text).is_integer()
    except ValueError:
        return False


def read_submission(path: str | Path) -> Submission:
    """Read a submission workbook (the report of ``ghg facility-report``, in either language).

    Raises :class:`InputError` naming the file, sheet and column for a sheet or column missing.
    """
    import openpyxl

    path = Path(path)
    label = str(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError([Problem(label, None, "", None,
                                  "is not a workbook; expected the .xlsx report written by "
                                  "ghg facility-report (or the same layout filled in)")])
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a file it cannot open
        raise InputError([Problem(label, None, "", None,
                                  f"cannot be opened as a workbook ({error}); expected an .xlsx "
                                  "file")]) from error
    sheet_keys = _reverse(SHEETS)
    found: dict[str, list[tuple]] = {}
    try:
        for sheet in book.worksheets:
            key = sheet_keys.get(_norm(sheet.title))
            if key in COLUMNS:
                found[key] = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    problems = []
    with use_language("vi"):
        vi_sheets = {k: _(v) for k, v in SHEETS.items()}
    for key in COLUMNS:
        if key not in found:
            problems.append(Problem(label, None, "", None,
                                    f"has no sheet {SHEETS[key]!r} ({vi_sheets[key]!r}); expected "
                                    "every sheet of the facility report"))
    if problems:
        raise InputError(problems)
    header_keys = _reverse(HEADERS)
    tables = {}
    for key, rows in found.items():
        sheet_label = f"{label}[{key}]"
        header = [header_keys.get(_norm(h), _norm(h)) if h is not None else "" for h in
                  (rows[0] if rows else ())]
        missing = [c for c in COLUMNS[key] if c not in header]
        if missing:
            problems.append(Problem(sheet_label, 1, "header", None,
                                    f"columns {', '.join(HEADERS[c] for c in missing)} are "
                                    "missing; expected the columns "
                                    f"{', '.join(HEADERS[c] for c in COLUMNS[key])}"))
            continue
        # blank rows are skipped; each row keeps its sheet row number for the findings
        body = [(number, row) for number, row in enumerate(rows[1:], start=2)
                if any(v is not None and v != "" for v in row)]
        width = len(header)
        table = pd.DataFrame([(list(row) + [None] * width)[:width] for _n, row in body],
                             columns=header, dtype=object)
        table = table.loc[:, [c for c in COLUMNS[key] if c in table.columns]]
        table["row"] = np.array([number for number, _r in body], dtype=np.int64)
        tables[key] = table
    if problems:
        raise InputError(problems)
    facility_table = tables.pop("facility")
    field_keys = decode(facility_table["field"], FIELDS)
    facility = {k: ("" if v is None else str(v)) for k, v in
                zip(field_keys, facility_table["value"], strict=True)}
    return Submission(label, facility, tables)
