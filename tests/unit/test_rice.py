"""Rice CH4 (3.C.7): kernels and method, hand-worked from IPCC Vol 4 ch 5 tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ghg.sectors import rice
from ghg.sectors.method import SectorContext, SectorRows

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"


context = SectorContext.for_sets
sector_rows = SectorRows.from_records




def season(**extra) -> dict:
    row = {"category": "3.C.7", "activity": "rice", "unit": "ha",
           "preseason_water": "non_flooded_short"}
    return {**row, **extra}


def test_organic_amendment_factor_eq_5_3():
    # (1 + 2 t/ha × 1.00 + 4 t/ha × 0.19)^0.59 = 3.76^0.59 = exp(0.59 × ln 3.76) = 2.184544
    sfo = rice.organic_amendment_factor(np.array([[2.0, 4.0]]), np.array([[1.0, 0.19]]), 0.59)
    assert sfo[0] == pytest.approx(3.76 ** 0.59) and sfo[0] == pytest.approx(2.184544, rel=1e-6)


def test_two_seasons_awd_and_straw_ipcc2019():
    # 2019 Refinement, South-East Asia: EFc 1.22 (Table 5.11 p.5.53); SFp 1.00 (<180 d, Table 5.13)
    # Winter-spring, AWD (SFw 0.55, Table 5.12), 2 t/ha straw <30 d (CFOA 1.00, Table 5.14):
    #   SFo = 3^0.59 = 1.912060; EF = 1.22 × 0.55 × 1 × 1.912060 = 1.282992 kg/ha/d
    #   1000 ha × 100 d × 1.282992 × 1e-3 = 128.2992 t CH4
    # Summer-autumn, continuously flooded (SFw 1.00), no amendment:
    #   500 ha × 90 d × 1.22 × 1e-3 = 54.9 t CH4
    rows = sector_rows(
        season(amount=1000.0, water_regime="multiple_drainage", cultivation_days="100",
               straw_short_t_ha="2", season="winter_spring"),
        season(amount=500.0, water_regime="continuously_flooded", cultivation_days="90",
               season="summer_autumn"))
    out = rice.method(rows, context("ipcc2019", "ipcc2006"))
    assert rows.problems == []
    assert list(out["category"]) == ["3.C.7", "3.C.7"] and set(out["gas"]) == {"CH4"}
    assert out["emissions_t"].tolist() == pytest.approx([128.2992, 54.9], rel=1e-5)
    assert "SFw 0.55 [ipcc2019 Table 5.12 p.5.54]" in out["chain"][0]


def test_two_seasons_awd_and_straw_ipcc2006():
    # 2006: EFc 1.30 (Table 5.11), AWD = multiple aeration SFw 0.52 (Table 5.12),
    # SFo = (1 + 2 × 1.0)^0.59 = 1.912060:
    #   1000 × 100 × 1.30 × 0.52 × 1.912060 × 1e-3 = 129.2553 t; 500 × 90 × 1.30 × 1e-3 = 58.5 t
    rows = sector_rows(
        season(amount=1000.0, water_regime="multiple_drainage", cultivation_days="100",
               straw_short_t_ha="2"),
        season(amount=500.0, water_regime="continuously_flooded", cultivation_days="90"))
    out = rice.method(rows, context("ipcc2006"))
    assert out["emissions_t"].tolist() == pytest.approx([129.2553, 58.5], rel=1e-5)


def test_rice_shrimp_needs_sfw_and_user_sfw_overrides():
    # user sfw 0.3 (with a source): 100 ha × 120 d × 1.22 × 0.3 × 2.41 (flooded pre-season)
    #   × 1e-3 = 10.58472 t CH4
    rows = sector_rows(
        season(amount=100.0, water_regime="rice_shrimp", cultivation_days="120",
               preseason_water="flooded", sfw="0.3", source="estimate: test"),
        season(amount=100.0, water_regime="rice_shrimp", cultivation_days="120"))
    out = rice.method(rows, context("ipcc2019"))
    assert out["emissions_t"].tolist() == pytest.approx([10.58472])
    assert [(p.line, p.column) for p in rows.problems] == [(3, "sfw")]
    assert "rice_shrimp" in rows.problems[0].message


def test_bad_inputs_are_reported_not_computed():
    rows = sector_rows(
        season(amount=100.0, water_regime="flooded_forever", cultivation_days="100"),
        season(amount=100.0, water_regime="upland", cultivation_days=""),
        season(amount=100.0, water_regime="upland", cultivation_days="90", compost_t_ha="-1"))
    out = rice.method(rows, context("ipcc2006"))
    assert out.empty
    messages = {(p.line, p.column): p.message for p in rows.problems}
    assert "continuously_flooded" in messages[(2, "water_regime")]  # lists the valid ones
    assert (3, "cultivation_days") in messages and (4, "compost_t_ha") in messages


def test_missing_2019_only_preseason_row_in_ipcc2006():
    rows = sector_rows(season(amount=10.0, water_regime="continuously_flooded",
                              cultivation_days="100", preseason_water="non_flooded_very_long"))
    assert rice.method(rows, context("ipcc2006")).empty
    assert "no SFp" in rows.problems[0].message and "ipcc2006" in rows.problems[0].message
