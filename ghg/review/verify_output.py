"""Writing a verification: ``verify.csv`` (the findings, codes kept) and ``verify.xlsx`` (summary,
findings and the recomputation, in the officer's language), like e-GGRT's validation report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.files import csv_bytes, write_run
from ghg.core.i18n import N_, _, number
from ghg.core.xlsx import TONNES_SMALL, Section, workbook_bytes
from ghg.review.verify import (
    CHANGE_PCT,
    CRITERIA,
    DECISIONS,
    SEVERITIES,
    TOLERANCE_PCT,
    TOLERANCE_T,
    Verification,
)

FINDING_HEADERS = {"criterion": N_("Criterion"), "check": N_("Check"),
                   "severity": N_("Severity"), "where": N_("Where"), "finding": N_("Finding"),
                   "fix": N_("Fix")}
RECOMPUTED_HEADERS = {"line_id": N_("Line"), "gas": N_("Gas"),
                      "emissions_t": N_("Reported (t of the gas)"),
                      "recomputed_t": N_("Recomputed (t of the gas)"),
                      "co2e_t": N_("Reported (t CO2e)"),
                      "expected_co2e_t": N_("Recomputed (t CO2e)"),
                      "factor_set": N_("Emission factor from")}
STATED = N_("the submission's factors")


def summary(verification: Verification, change_pct: float = CHANGE_PCT) -> pd.DataFrame:
    """The summary sheet: facility, years, decision, counts per criterion, rules applied."""
    sub = verification.submission
    findings = verification.findings
    rows = [
        (_("Submission"), sub.path),
        (_("Facility"), f"{sub.facility.get('facility_id', '')} "
                        f"{sub.facility.get('name', '')}".strip()),
        (_("Reporting years"), ", ".join(map(str, sub.years))),
        (_("Result"), _(DECISIONS[verification.decision])),
    ]
    for code, name in CRITERIA.items():
        part = findings.loc[findings["criterion"] == code]
        rows.append((_(name), _("{errors} errors, {warnings} warnings").format(
            errors=int((part["severity"] == "error").sum()),
            warnings=int((part["severity"] == "warning").sum()))))
    rows += [
        (_("Arithmetic tolerance"), _("the larger of {pct}% and {t} t").format(
            pct=number(TOLERANCE_PCT, None), t=number(TOLERANCE_T, None))),
        (_("Year-on-year change needing an explanation"), f"> {number(change_pct, None)}%"),
        (_("Official factor sets (first wins)"), ", ".join(verification.factor_sets)),
        (_("Basis"), _("Decree 06/2022/NĐ-CP Art. 11 as amended by Decree 119/2025/NĐ-CP: "
                       "completeness, sources and methods, accuracy")),
    ]
    return pd.DataFrame(rows, columns=[_("Item"), _("Value")])


def findings_table(verification: Verification) -> pd.DataFrame:
    """The findings in words (criterion and severity translated), headers in the language."""
    table = verification.findings.copy()
    table["criterion"] = table["criterion"].map(lambda c: _(CRITERIA[c]))
    table["severity"] = table["severity"].map(lambda s: _(SEVERITIES[s]))
    return table.rename(columns={k: _(v) for k, v in FINDING_HEADERS.items()})


def write_verification(verification: Verification, out: str | Path,
                       change_pct: float = CHANGE_PCT) -> list[Path]:
    """Write ``verify.xlsx`` and ``verify.csv`` into the new or empty folder ``out``."""
    recomputed = verification.recomputed
    columns = [c for c in RECOMPUTED_HEADERS if c in recomputed.columns]
    recomputed = recomputed[columns].assign(factor_set=recomputed["factor_set"].replace(
        "local", _(STATED))) if "factor_set" in columns else recomputed[columns]
    recomputed = recomputed.rename(
        columns={k: _(v) for k, v in RECOMPUTED_HEADERS.items()})
    numbers = {_(RECOMPUTED_HEADERS[c]): TONNES_SMALL for c in
               ("emissions_t", "recomputed_t", "co2e_t", "expected_co2e_t")}
    book = workbook_bytes({
        _("Summary"): [Section("", summary(verification, change_pct))],
        _("Findings"): [Section("", findings_table(verification))],
        _("Recomputation"): [Section("", recomputed, numbers)],
    })
    return write_run(Path(out), {"verify.csv": csv_bytes(verification.findings),
                                 "verify.xlsx": book})
