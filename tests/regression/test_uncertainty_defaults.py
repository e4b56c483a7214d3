"""Pins the default uncertainty ranges in inventories/ben-tre/uncertainty.csv.

Every expected half-width below is worked out by hand from the published range (default, lower,
upper) typed from the source named in the test id; the rule is the one the file documents:
95% half-width = (upper - lower) / 2 / default, in % of the default. The file rounds to 0.1.
"""

from __future__ import annotations

from math import sqrt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ghg
from ghg.province.error_propagation import approach1

BEN_TRE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"
FILE = BEN_TRE / "uncertainty.csv"
COLUMNS = ["category", "gas", "u_activity_pct", "u_factor_pct", "distribution_factor",
           "factor_group", "document", "table", "page", "note"]
ROUNDING = 0.051  # values are written with one decimal


def half_width(lower: float, upper: float, default: float) -> float:
    return (upper - lower) / 2 / default * 100


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(FILE, dtype={"page": str, "factor_group": str, "distribution_factor": str},
                       keep_default_na=False)


@pytest.fixture(scope="module")
def scope1() -> pd.DataFrame:
    emissions = ghg.compute(BEN_TRE).emissions
    scope1 = emissions[emissions["scope"] == 1]
    return scope1.groupby(["category", "gas", "year"], as_index=False,
                          observed=True)["co2e_t"].sum()


def cell(table: pd.DataFrame, category: str, gas: str, column: str) -> float:
    hit = table[(table["category"] == category) & (table["gas"] == gas)]
    assert len(hit) == 1, f"expected one row for {category} {gas}, got {len(hit)}"
    return float(hit[column].iloc[0])


# --- form and provenance -------------------------------------------------------------------------

def test_columns_and_values(table):
    assert list(table.columns) == COLUMNS
    assert not table.duplicated(["category", "gas"]).any()
    for col in ("u_activity_pct", "u_factor_pct"):
        values = pd.to_numeric(table[col], errors="coerce")
        assert values.notna().all() and (values > 0).all(), col
    assert set(table["distribution_factor"]) <= {"normal", "lognormal", ""}


def test_every_row_names_its_source_or_says_estimate(table):
    for col in ("document", "table", "page", "note"):
        assert (table[col].str.strip() != "").all(), col
    sourced = table["note"].str.contains(r"https?://|bonsai|transcription|ghg/factors|docs/research")
    assert (sourced | table["note"].str.contains("estimate:")).all()
    # a row whose factor has no published range found must say so at the start of its note
    unsourced = table["page"].isin(["not reached"]) | table["note"].str.startswith("estimate")
    assert table.loc[unsourced, "note"].str.contains("estimate:").all()


# --- coverage of the Ben Tre inventory ------------------------------------------------------------

def test_covers_every_category_and_gas_of_ben_tre(table, scope1):
    reported = set(map(tuple, scope1[["category", "gas"]].drop_duplicates().to_numpy()))
    listed = set(map(tuple, table[["category", "gas"]].to_numpy()))
    assert reported - listed == set(), "add a row to uncertainty.csv for these"
    assert listed - reported == set(), "these rows match no Ben Tre emissions; remove or update"


def test_approach1_accepts_the_file(table, scope1):
    # the engine's validation (groups, distributions, missing rows) must pass on the real data
    result = approach1(scope1, table)
    assert np.isfinite(result.level_pct) and result.level_pct > 0
    assert np.isfinite(result.trend_uncertainty_pct)


# --- pinned published ranges ----------------------------------------------------------------------

@pytest.mark.parametrize("category,gas,column,expected", [
    # 2019 Refinement Vol 4 Ch 11 Table 11.1 p.11.13: EF1FR 0.004 (0.000-0.029)
    #   (0.029 - 0.000) / 2 / 0.004 = 362.5 %
    pytest.param("3.C.4", "N2O", "u_factor_pct", half_width(0.000, 0.029, 0.004),
                 id="2019 V4 ch11 Table 11.1 p11.13 EF1FR 0.004 (0-0.029) = 362.5%"),
    # 2006 Vol 4 Ch 10 section 10.3.4: Tier 1 enteric EFs +-30% to +-50%; upper end used
    pytest.param("3.A.1", "CH4", "u_factor_pct", 50.0,
                 id="2006 V4 ch10 s10.3.4 enteric Tier 1 +-30-50% -> 50%"),
    # 2006 Vol 4 Ch 10 section 10.4.4: Tier 1 manure CH4 default factors +-30%
    pytest.param("3.A.2", "CH4", "u_factor_pct", 30.0,
                 id="2006 V4 ch10 s10.4.4 manure CH4 Tier 1 +-30%"),
    # 2019 Refinement Vol 4 Ch 10 Table 10.21: EF3 solid storage 0.01 (0.00-0.02)
    #   (0.02 - 0.00) / 2 / 0.01 = 100 %
    pytest.param("3.A.2", "N2O", "u_factor_pct", half_width(0.0, 0.02, 0.01),
                 id="2019 V4 ch10 Table 10.21 EF3 0.01 (0-0.02) = 100%"),
    # 2006 Vol 5 Ch 4 Table 4.1 p.4.6: composting CH4 4 g/kg wet (0.03-8)
    #   (8 - 0.03) / 2 / 4 = 99.625 %
    pytest.param("4.B", "CH4", "u_factor_pct", half_width(0.03, 8, 4),
                 id="2006 V5 ch4 Table 4.1 p4.6 composting CH4 4 (0.03-8) = 99.6%"),
    # same table: composting N2O 0.24 g/kg wet (0.06-0.6): (0.6 - 0.06) / 2 / 0.24 = 112.5 %
    pytest.param("4.B", "N2O", "u_factor_pct", half_width(0.06, 0.6, 0.24),
                 id="2006 V5 ch4 Table 4.1 p4.6 composting N2O 0.24 (0.06-0.6) = 112.5%"),
])
def test_single_published_range(table, category, gas, column, expected):
    assert cell(table, category, gas, column) == pytest.approx(expected, abs=ROUNDING)


def test_residual_fuel_oil_co2_from_tables_1_4_and_1_2(table):
    # 2006 Vol 2 Ch 1 Table 1.4 p.1.23: residual fuel oil 77,400 (75,500-78,800) kg CO2/TJ
    #   (78800 - 75500) / 2 / 77400 = 2.1318 %
    # Table 1.2 p.1.18: NCV 40.4 (39.8-41.7) TJ/Gg: (41.7 - 39.8) / 2 / 40.4 = 2.3515 %
    # independent: sqrt(2.1318^2 + 2.3515^2) = 3.174 % -> 3.2
    ef = half_width(75500, 78800, 77400)
    ncv = half_width(39.8, 41.7, 40.4)
    assert ef == pytest.approx(2.1318, abs=1e-4) and ncv == pytest.approx(2.3515, abs=1e-4)
    assert cell(table, "1.A.2.l", "CO2", "u_factor_pct") == pytest.approx(sqrt(ef**2 + ncv**2),
                                                                           abs=ROUNDING)


def test_rice_from_tables_5_11_to_5_13(table):
    # 2019 Refinement Vol 4 Ch 5: EFc South-East Asia 1.22 (0.83-1.81), Table 5.11 p.5.53
    #   (1.81 - 0.83) / 2 / 1.22 = 40.164 %
    # Table 5.12 p.5.54: SFw continuously flooded 1.00 (0.73-1.27) = 27 %, multiple drainage
    #   0.55 (0.41-0.72) = 28.182 %; rice-shrimp proxy 0.54 has no range (estimate 50 %)
    # Table 5.13 p.5.55: SFp non-flooded <180 d 1.00 (0.88-1.12) = 12 %, flooded 2.41
    #   (2.13-2.73) = 12.448 %
    # regimes weighted by their 2015-2024 CO2e 898847.05, 18453.57, 266761.62 (sum 1184062.24):
    #   SFw sqrt((898847.05*27)^2 + (18453.57*28.182)^2 + (266761.62*50)^2) / 1184062.24
    #       = sqrt(5.8897e14 + 2.7046e11 + 1.7790e14) / 1184062.24 = 23.39 %
    #   SFp sqrt((917300.62*12)^2 + (266761.62*12.448)^2) / 1184062.24 = 9.71 %
    #   total sqrt(40.164^2 + 23.39^2 + 9.71^2) = 47.48 % -> 47.5
    efc = half_width(0.83, 1.81, 1.22)
    sfw = sqrt((898847.05 * half_width(0.73, 1.27, 1.0)) ** 2
               + (18453.57 * half_width(0.41, 0.72, 0.55)) ** 2
               + (266761.62 * 50) ** 2) / 1184062.24
    sfp = sqrt((917300.62 * half_width(0.88, 1.12, 1.0)) ** 2
               + (266761.62 * half_width(2.13, 2.73, 2.41)) ** 2) / 1184062.24
    assert efc == pytest.approx(40.164, abs=1e-3)
    assert sqrt(efc**2 + sfw**2 + sfp**2) == pytest.approx(47.48, abs=0.01)
    assert cell(table, "3.C.7", "CH4", "u_factor_pct") == pytest.approx(47.5, abs=ROUNDING)


def test_indirect_soil_n2o_from_table_11_3(table):
    # 2019 Refinement Vol 4 Ch 11 Table 11.3: EF4 wet 0.014 (0.011-0.017) = 21.43 %,
    # FracLEACH 0.24 (0.01-0.73) = 150 %, EF5 0.011 (0.000-0.020) = 90.91 %; FracGASF range not
    # found (estimate 100 %). Volatilisation sqrt(100^2 + 21.43^2) = 102.27 %, leaching
    # sqrt(150^2 + 90.91^2) = 175.40 %; weighted by CO2e 16089 and 27581 (sum 43670):
    # sqrt((16089*102.27)^2 + (27581*175.40)^2) / 43670 = 117.0 %
    ef4 = half_width(0.011, 0.017, 0.014)
    ef5 = half_width(0.0, 0.020, 0.011)
    leach = half_width(0.01, 0.73, 0.24)
    assert (ef4, leach, ef5) == pytest.approx((21.43, 150.0, 90.91), abs=0.01)
    vol, lea = sqrt(100**2 + ef4**2), sqrt(leach**2 + ef5**2)
    combined = sqrt((16089 * vol) ** 2 + (27581 * lea) ** 2) / 43670
    assert combined == pytest.approx(117.0, abs=0.05)
    assert cell(table, "3.C.5", "N2O", "u_factor_pct") == pytest.approx(117.0, abs=ROUNDING)


def test_swds_mcf_uncategorised(table):
    # 2006 Vol 5 Ch 3 (Table 3.5 ranges as in bonsai-ipcc par_mcf.csv): MCF uncategorised 0.6
    # (0.30-0.96): (0.96 - 0.30) / 2 / 0.6 = 55 %; combined with the DOC/DOCf part 37.64 %:
    # sqrt(55^2 + 37.64^2) = 66.65 % -> 66.6 (file); the factor can only exceed the MCF part
    mcf = half_width(0.30, 0.96, 0.6)
    assert mcf == pytest.approx(55.0)
    u = cell(table, "4.A.3", "CH4", "u_factor_pct")
    assert u == pytest.approx(sqrt(mcf**2 + 37.64**2), abs=0.1)
    assert u > mcf
