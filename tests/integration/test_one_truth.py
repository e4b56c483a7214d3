"""One truth: every output takes a year's totals from ghg.engine.territorial, so they agree.

On the bundled Ben Tre inventory: the report's annual totals, the provincial territorial table,
the Monte Carlo central values, the key-category level table, the scenario's base year and its
progress table give the same territorial total for every historical year, and facilities are
counted once in the scope-2 memo as in the territorial totals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ghg import province, scenario
from ghg.engine.territorial import counted_once
from ghg.report.tables import annual_totals

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def provincial():
    return province.build(ROOT / "inventories" / "ben-tre")


@pytest.fixture(scope="module")
def run():
    return scenario.run(ROOT / "scenarios" / "ben-tre")


@pytest.fixture(scope="module")
def totals(provincial):
    return provincial.territorial.groupby("year")["co2e_t"].sum()


def test_report_and_territorial_table_agree(provincial, totals):
    assert annual_totals(provincial).to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)


def test_uncertainty_central_values_are_the_territorial_totals(provincial, totals):
    assert len(provincial.not_assessed) == 0  # every cell has a stated uncertainty
    central = provincial.monte_carlo.totals.set_index("year")["estimate_t"]
    assert central.to_dict() == pytest.approx(totals.to_dict(), rel=1e-12)


def test_key_category_level_table_sums_to_the_latest_total(provincial, totals):
    level = provincial.key_tables["level"]
    assert level["latest_year_co2e_t"].sum() == pytest.approx(totals.iloc[-1], rel=1e-12)


def test_scenario_base_year_and_progress_are_the_inventory_totals(run, totals):
    base = run.spec.base_year
    bau = run.trajectories.query("scenario == 'BAU' and scope == 1")
    assert bau.loc[bau["year"] == base, "co2e_t"].sum() == pytest.approx(totals.loc[base],
                                                                          rel=1e-12)
    progress = run.progress.set_index("year")["actual_co2e_t"]
    assert progress.to_dict() == pytest.approx(totals.loc[progress.index].to_dict(), rel=1e-12)


def test_facilities_are_counted_once_in_the_scope2_memo(provincial):
    emissions = provincial.result.emissions
    every_source = emissions[emissions["scope"] == 2].groupby("year")["co2e_t"].sum()
    memo = provincial.scope2.groupby("year")["co2e_t"].sum()
    facilities = ~emissions["source_id"].astype(str).isin(["province"])
    facility_s2 = emissions[facilities & (emissions["scope"] == 2)].groupby("year")["co2e_t"].sum()
    # Ben Tre's facilities buy grid electricity inside the province's own 1.A figure (2020:
    # 2,316,274 t summed over every source = 2,288,308 t provincial + 27,966 t facilities)
    assert every_source.loc[2020] == pytest.approx(2_316_274, abs=1)
    assert memo.loc[2020] == pytest.approx(2_288_308, abs=1)
    assert facility_s2.loc[2020] == pytest.approx(27_966, abs=1)


def test_counted_once_keeps_uncovered_facilities_and_drops_covered_ones():
    rows = pd.DataFrame({
        "source_id": ["province", "province", "F1", "F2", "F3"], "year": 2020,
        "category": ["1.A.3", "4.A", "1.A.3.b", "1.A.2", "4"], "scope": 1, "gas": "CO2",
        "emissions_t": [100.0, 50.0, 10.0, 5.0, 1.0], "co2e_t": [100.0, 50.0, 10.0, 5.0, 1.0]})
    table, left_out = counted_once(rows, ["province"])
    # F1 sits inside the province's 1.A.3 (descendant), F3's 4 is an ancestor of the province's
    # 4.A: both covered; F2's 1.A.2 is reported by nobody else and counts.
    assert table["co2e_t"].sum() == 155.0
    assert sorted(left_out["source_id"]) == ["F1", "F3"]
    assert np.isclose(table.set_index("category").loc["1.A.2", "co2e_t"], 5.0)


def test_the_first_line_of_ghg_compute_is_the_reports_latest_total(provincial, totals, tmp_path,
                                                                    capsys):
    from ghg.cli import main

    assert main(["compute", str(ROOT / "inventories" / "ben-tre"), "-o", str(tmp_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    latest = int(totals.index[-1])
    memo = provincial.scope2.groupby("year")["co2e_t"].sum().loc[latest]
    assert first == (f"{latest}: {totals.iloc[-1]:,.1f} t CO2e net territorial emissions (scope 1, "
                     f"facilities counted once; GWP AR5); memo: purchased electricity (scope 2) "
                     f"{memo:,.1f} t CO2e")
