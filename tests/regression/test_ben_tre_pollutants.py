"""The bundled Ben Tre inventory's air pollutants: every pollutant in every year with activity,
2024 values worked out by hand from the activity rows, and GHG files untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghg.core.files import csv_bytes
from ghg.engine.pipeline import compute_inputs
from ghg.engine.writers import run_files
from ghg.factors.pollutants import POLLUTANTS
from ghg.inputs.folder import read_inputs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def result():
    return compute_inputs(read_inputs(ROOT / "inventories" / "ben-tre"))


def _sum(result, year: int, pollutant: str, category: str, source: str | None = None) -> float:
    t = result.pollutants.table
    pick = (t["year"] == year) & (t["pollutant"] == pollutant) & (t["category"] == category)
    if source is not None:
        pick &= t["source_id"] == source
    return float(t.loc[pick, "emissions_t"].sum())


def test_every_pollutant_in_every_year(result):
    table = result.pollutants.table
    years = sorted(result.all_rows["year"].unique())
    assert years == list(range(2015, 2025))
    have = set(zip(table["year"], table["pollutant"], strict=True))
    assert {(y, p) for y in years for p in POLLUTANTS} <= have
    assert (table["emissions_t"] > 0).all()


def test_2024_by_hand(result):
    # road, province rows: petrol 139,020 m3 × 0.741 t/m3 = 103,013.82 t × 244.88 g/kg CO
    # = 25,226.02 t; diesel 110,030 m3 × 0.837 = 92,095.11 t × 6.10 g/kg = 561.78 t
    assert _sum(result, 2024, "CO", "1.A.3.b", "province") == pytest.approx(25787.80, abs=0.01)
    # fishing: 168,930 m3 × 0.837 = 141,394.41 t × 78.5 kg NOx/t = 11,099.46 t
    assert _sum(result, 2024, "NOx", "1.A.4.c.iii") == pytest.approx(11099.46, abs=0.01)
    # livestock (Table 3-2 Total, kg NH3/head/yr): dairy 2,400 × 26.4 + other cattle 222,156 × 10
    # + buffalo 2,000 × 9.2 + swine 400,000 × 6.5 + goats 202,195 × 1.4
    # + poultry 5,000,000 × 0.22 + ducks 1,500,000 × 0.68 = 7,306,393 kg
    assert _sum(result, 2024, "NH3", "3.A.2") == pytest.approx(7306.393)
    # fertiliser: 2,500 t N × 0.085 = 212.5 t NH3; × 0.04 = 100 t NOx
    assert _sum(result, 2024, "NH3", "3.C.4") == pytest.approx(212.5)
    assert _sum(result, 2024, "NOx", "3.C.4") == pytest.approx(100.0)


def test_open_burning_uses_the_4c_stream(result):
    # 2024: 1,298,010 persons × 0.886 kg/day × 365 / 1000 = 419,763.5 t generated, 65.2 %
    # uncollected, half of it burnt: 136,843 t × 55.83 kg CO/t
    burnt = 1298010 * 0.886 * 365 / 1000 * (1 - 0.348) * 0.5
    pop = result.all_rows
    row = pop[(pop["year"] == 2024) & (pop["activity"] == "msw_generation")]
    assert float(row["amount"].iloc[0]) == 1298010
    assert _sum(result, 2024, "CO", "4.C.2") == pytest.approx(burnt * 0.05583, rel=1e-9)


def test_ghg_files_are_those_of_a_run_without_pollutants():
    fresh = compute_inputs(read_inputs(ROOT / "inventories" / "ben-tre"))
    ghg_files = {"emissions.csv": csv_bytes(fresh.emissions),
                 "biogenic_co2.csv": csv_bytes(fresh.biogenic_co2),
                 "calculation.csv": csv_bytes(fresh.detail)}
    files = run_files(fresh, formats=("csv", "netcdf"))
    assert {name: files[name] for name in ghg_files} == ghg_files
    assert files["pollutants.csv"].startswith(b"source_id,year,category,scope,pollutant,")
