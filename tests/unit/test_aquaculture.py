"""Aquaculture N2O (2013 Wetlands Supplement ch 4): production × EF_F × 44/28, input checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ghg.factors.library import builtin_data
from ghg.factors.parameters import load_parameters
from ghg.inputs.config import InventoryConfig
from ghg.sectors import aquaculture
from ghg.sectors.method import SectorContext, SectorRows

DATA = builtin_data()


def aqua_rows(*rows: dict) -> SectorRows:
    frame = pd.DataFrame([{"source_id": "province", "year": 2023, "unit": "t", "region": "",
                           **r} for r in rows]).fillna("")
    frame["row"] = np.arange(len(frame))
    frame["file"] = "t.csv"
    frame["line"] = np.arange(2, len(frame) + 2)
    frame["amount"] = frame["amount"].astype(float)
    return SectorRows(frame)


def context(*names: str) -> SectorContext:
    return SectorContext(parameters=load_parameters([(n, DATA / n) for n in names]),
                         config=InventoryConfig(name="t", climate_zone="tropical_wet"),
                         tables={}, years=np.arange(2015, 2025))


def test_shrimp_production_by_hand():
    rows = aqua_rows({"category": "3.B.4.a", "activity": "shrimp_production", "amount": 1000},
                     {"category": "3.D.2", "activity": "fish_production", "amount": 250,
                      "unit": "kt"})
    out = aquaculture.method(rows, context("wetlands2013", "ipcc2006"))
    assert rows.problems == []
    # 1,000 t × 0.00169 kg N2O-N/kg × 44/28 = 2.655714 t N2O
    # 250 kt = 250,000 t × 0.00169 × 44/28 = 663.928571 t N2O
    assert out["emissions_t"].tolist() == pytest.approx([2.6557143, 663.9285714])
    assert out["gas"].tolist() == ["N2O", "N2O"]
    assert out["category"].tolist() == ["3.B.4.a", "3.D.2"]
    assert "wetlands2013 Table 4.15" in out["chain"].iloc[0]


def test_without_the_wetlands_set_the_factor_is_missing():
    rows = aqua_rows({"category": "3.B.4.a", "activity": "shrimp_production", "amount": 1000})
    out = aquaculture.method(rows, context("ipcc2019", "ipcc2006"))
    assert len(out) == 0
    assert "add factor set wetlands2013" in str(rows.problems[0])


def test_a_category_outside_wetlands_or_other_is_refused():
    rows = aqua_rows({"category": "3.A.1", "activity": "shrimp_production", "amount": 1000})
    out = aquaculture.method(rows, context("wetlands2013"))
    assert len(out) == 0
    assert "expected 3.B.4" in str(rows.problems[0])
