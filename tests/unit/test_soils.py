"""Managed soils N2O (3.C.4/3.C.5), urea and liming CO2: hand-worked from Vol 4 ch 11."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghg.sectors import soils
from ghg.sectors.method import SectorContext, SectorRows

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"


context = SectorContext.for_sets
sector_rows = SectorRows.from_records




def by_step(out):
    return dict(zip(out["step"], out["emissions_t"], strict=True))


def test_fertiliser_n_direct_and_indirect_ipcc2006():
    # 10,000 t synthetic N, 2006 Table 11.1 / 11.3:
    #   direct   10,000 × 0.01 × 44/28           = 157.142857 t N2O (3.C.4)
    #   volatil. 10,000 × 0.10 × 0.010 × 44/28   = 15.714286 t N2O (3.C.5)
    #   leaching 10,000 × 0.30 × 0.0075 × 44/28  = 35.357143 t N2O (3.C.5)
    rows = sector_rows({"category": "3.C.4", "activity": "synthetic_n", "amount": 10000.0,
                        "unit": "t"})
    out = soils.method(rows, context("ipcc2006"))
    assert rows.problems == []
    assert by_step(out) == pytest.approx({"direct": 157.142857, "volatilisation": 15.714286,
                                          "leaching": 35.357143})
    assert list(out["category"]) == ["3.C.4", "3.C.5", "3.C.5"]


def test_fertiliser_n_ipcc2019_wet_climate():
    # 2019, tropical_wet -> wet: EF1 synthetic wet 0.016; FracGASF 0.11, EF4 wet 0.014;
    # FracLEACH 0.24, EF5 0.011:
    #   direct 10,000 × 0.016 × 44/28 = 251.428571; vol 10,000 × 0.11 × 0.014 × 44/28 = 24.2;
    #   leach 10,000 × 0.24 × 0.011 × 44/28 = 41.485714
    rows = sector_rows({"category": "3.C", "activity": "synthetic_n", "amount": 10000.0,
                        "unit": "t"})
    out = soils.method(rows, context("ipcc2019", "ipcc2006"))
    assert by_step(out) == pytest.approx({"direct": 251.428571, "volatilisation": 24.2,
                                          "leaching": 41.485714})


def test_dry_climate_and_indirect_only_and_flooded_rice():
    # 2019 dry: organic N EF1 0.005 is not reached (3.C.5 row: indirect only);
    # FracGASM 0.21 × EF4 dry 0.005; FracLEACH dry 0:
    #   vol 1000 × 0.21 × 0.005 × 44/28 = 1.65; leach 1000 × 0 × 0.011 = 0
    rows = sector_rows({"category": "3.C.5", "activity": "organic_n", "amount": 1000.0,
                        "unit": "t"})
    out = soils.method(rows, context("ipcc2019", climate_zone="tropical_dry"))
    assert by_step(out) == pytest.approx({"volatilisation": 1.65, "leaching": 0.0})
    # flooded rice, 2006 EF1FR 0.003: 1000 × 0.003 × 44/28 = 4.714286 t N2O direct
    rows = sector_rows({"category": "3.C.4", "activity": "synthetic_n", "amount": 1000.0,
                        "unit": "t", "flooded_rice": "yes"})
    out = soils.method(rows, context("ipcc2006"))
    assert by_step(out)["direct"] == pytest.approx(4.714286)


def test_pasture_ef3prp():
    # 2006 EF3PRP,CPP 0.02: 100 × 0.02 × 44/28 = 3.142857; FracGASM 0.20 × EF4 0.01:
    #   100 × 0.2 × 0.01 × 44/28 = 0.314286
    rows = sector_rows({"category": "3.C.4", "activity": "pasture_n_cpp", "amount": 100.0,
                        "unit": "t"})
    out = soils.method(rows, context("ipcc2006"))
    assert by_step(out)["direct"] == pytest.approx(3.142857)
    assert by_step(out)["volatilisation"] == pytest.approx(0.314286)


def test_crop_residue_does_not_volatilise():
    rows = sector_rows({"category": "3.C.4", "activity": "crop_residue_n", "amount": 100.0,
                        "unit": "t"})
    assert set(soils.method(rows, context("ipcc2006"))["step"]) == {"direct", "leaching"}


def test_urea_and_liming():
    # urea 1000 t × 0.20 × 44/12 = 733.333333 t CO2 (3.C.3);
    # limestone 100 t × 0.12 × 44/12 = 44 t; dolomite 100 t × 0.13 × 44/12 = 47.666667 t (3.C.2)
    rows = sector_rows(
        {"category": "3.C.3", "activity": "urea", "amount": 1000.0, "unit": "t"},
        {"category": "3.C.2", "activity": "limestone", "amount": 100.0, "unit": "t"},
        {"category": "3.C.2", "activity": "dolomite", "amount": 100.0, "unit": "t"})
    out = soils.method(rows, context("ipcc2019", "ipcc2006"))
    assert out["emissions_t"].tolist() == pytest.approx([733.333333, 44.0, 47.666667])
    assert list(out["category"]) == ["3.C.3", "3.C.2", "3.C.2"] and set(out["gas"]) == {"CO2"}


def test_wrong_category_reported():
    rows = sector_rows({"category": "3.C.2", "activity": "urea", "amount": 1.0, "unit": "t"},
                       {"category": "3.A.1", "activity": "synthetic_n", "amount": 1.0,
                        "unit": "t"})
    assert soils.method(rows, context("ipcc2006")).empty
    assert {p.line for p in rows.problems} == {2, 3}
