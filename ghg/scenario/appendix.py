"""The plan's Appendix 4 (Decision 2082/QĐ-UBND, green technologies encouraged to 2030): each item
with its status, the measures quantifying it and their target-year saving, or the reason it is
not quantified (``measures.csv``)."""

from __future__ import annotations

import pandas as pd

from ghg.scenario.config import ScenarioSpec

QUANTIFIED, NOT_QUANTIFIED = "quantified", "not quantified"


def appendix_table(spec: ScenarioSpec, wedges: pd.DataFrame) -> pd.DataFrame:
    """One row per Appendix 4 item, in the plan's order."""
    year = wedges[wedges["year"] == spec.target_year].set_index("measure")
    rows = []
    for item in spec.appendix:
        ids = list(item["measures"])
        found = year.reindex(ids)
        rows.append((item.get("item"), item.get("section", ""), item.get("name_vi", ""),
                     item.get("name_en", ""), QUANTIFIED if ids else NOT_QUANTIFIED,
                     " ".join(ids), float(found["territorial_saved_co2e_t"].sum()),
                     float(found["scope2_saved_co2e_t"].sum()), str(item.get("reason", "")),
                     str(item.get("reason_vi", ""))))
    return pd.DataFrame(rows, columns=[
        "item", "section", "name_vi", "name_en", "status", "measures",
        f"territorial_saved_{spec.target_year}_co2e_t", f"scope2_saved_{spec.target_year}_co2e_t",
        "reason", "reason_vi"])
