"""Rice straw burnt in the field (3.C.1.b): Vol 4 Eq 2.27 by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghg.sectors import biomass_burning
from ghg.sectors.method import SectorContext, SectorRows

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"


context = SectorContext.for_sets
sector_rows = SectorRows.from_records




def test_mass_and_area_rows():
    # 1000 t dm × Cf 0.80 (Table 2.6) × Gef (Table 2.5) × 1e-3:
    #   CO2 1000 × 0.8 × 1515 × 1e-3 = 1212 t (biogenic memo); CH4 × 2.7 = 2.16 t; N2O × 0.07 = 0.056
    # 10 ha × 5 t dm/ha = 50 t dm: CH4 50 × 0.8 × 2.7 × 1e-3 = 0.108 t
    rows = sector_rows(
        {"category": "3.C.1.b", "activity": "rice_straw_burnt", "amount": 1000.0, "unit": "t"},
        {"category": "3.C.1.b", "activity": "rice_straw_burnt", "amount": 10.0, "unit": "ha",
         "fuel_t_ha": "5"})
    out = biomass_burning.method(rows, context("ipcc2019", "ipcc2006"))
    assert rows.problems == []
    got = {(g, r): (t, b) for g, r, t, b in out[["gas", "row", "emissions_t", "biogenic"]]
           .itertuples(index=False)}
    assert got[("CO2", 0)] == (pytest.approx(1212.0), True)
    assert got[("CH4", 0)] == (pytest.approx(2.16), False)
    assert got[("N2O", 0)] == (pytest.approx(0.056), False)
    assert got[("CH4", 1)][0] == pytest.approx(0.108)
    assert set(out["category"]) == {"3.C.1.b"}


def test_area_row_needs_fuel():
    rows = sector_rows({"category": "3.C.1.b", "activity": "rice_straw_burnt", "amount": 10.0,
                        "unit": "ha"})
    assert biomass_burning.method(rows, context("ipcc2006")).empty
    assert rows.problems[0].column == "fuel_t_ha"
