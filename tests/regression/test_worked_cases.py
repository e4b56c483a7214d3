"""Worked cases computed by hand from the published tables, with the arithmetic shown.

Factors: 2006 IPCC Guidelines Vol 2 Table 1.2 (NCV), Table 1.4 (CO2), Tables 2.2-2.5 (CH4, N2O by
sector), Tables 3.2.1-3.2.2 (road); Viet Nam grid factors (DCC); GWP100 AR5 CH4 28, N2O 265 and
AR6 CH4 27.9, N2O 273.
"""

from __future__ import annotations

import pytest

import ghg
from tests.conftest import activity_table


def by_gas(result, scope=1):
    table = result.emissions[result.emissions["scope"] == scope]
    return dict(zip(table["gas"], table["emissions_t"], strict=True))


def test_diesel_in_manufacturing_ar5_and_ar6():
    table = activity_table(("F1", 2022, "1.A.2", "diesel", 1000.0, "t"))
    # energy: 1,000 t = 1 Gg x 43.0 TJ/Gg = 43.0 TJ
    # CO2: 43.0 TJ x 74,100 kg/TJ = 3,186,300 kg = 3,186.3 t          (Table 1.4)
    # CH4: 43.0 TJ x 3 kg/TJ = 129 kg = 0.129 t; N2O: 43.0 x 0.6 = 25.8 kg (Table 2.3, oil)
    ar5 = ghg.compute(table, gwp="AR5")
    assert by_gas(ar5) == pytest.approx({"CO2": 3186.3, "CH4": 0.129, "N2O": 0.0258}, rel=1e-12)
    # AR5: 3,186.3 + 0.129 x 28 + 0.0258 x 265 = 3,186.3 + 3.612 + 6.837 = 3,196.749 t CO2e
    assert ar5.emissions["co2e_t"].sum() == pytest.approx(3196.749, rel=1e-12)
    # AR6: 3,186.3 + 0.129 x 27.9 + 0.0258 x 273 = 3,186.3 + 3.5991 + 7.0434 = 3,196.9425
    ar6 = ghg.compute(table, gwp="AR6")
    assert ar6.emissions["co2e_t"].sum() == pytest.approx(3196.9425, rel=1e-12)
    assert ar6.provenance["gwp"] == {"set": "AR6", "context": "AR6GWP100",
                                     "values": {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0}}


def test_purchased_electricity_uses_the_grid_factor_of_its_year():
    table = activity_table(("F1", 2022, "1.A.2", "grid_electricity", 2000.0, "MWh"),
                           ("F1", 2015, "1.A.2", "grid_electricity", 1_500_000.0, "kWh"))
    result = ghg.compute(table)
    scope2 = result.emissions[result.emissions["scope"] == 2].set_index("year")
    # 2022: 2,000 MWh x 0.6766 t/MWh = 1,353.2 t CO2; 2015: 1,500 MWh x 0.8154 = 1,223.1 t
    assert scope2.loc[2022, "emissions_t"] == pytest.approx(1353.2, rel=1e-12)
    assert scope2.loc[2015, "emissions_t"] == pytest.approx(1223.1, rel=1e-12)
    assert set(scope2["gas"]) == {"CO2"}
    assert (result.emissions["scope"] == 2).all()  # purchased electricity is never scope 1


def test_diesel_in_litres_on_the_road():
    table = activity_table(("T1", 2023, "1.A.3.b", "diesel", 10_000.0, "l"))
    # mass: 10,000 l = 10 m3 x 0.837 t/m3 (Staffell 2011) = 8.37 t
    # energy: 8.37 t / 1,000 x 43.0 TJ/Gg = 0.35991 TJ
    # CO2: 0.35991 x 74,100 / 1,000 = 26.669331 t (Table 3.2.1)
    # CH4 = N2O: 0.35991 x 3.9 / 1,000 = 0.001403649 t (Table 3.2.2, diesel)
    assert by_gas(ghg.compute(table)) == pytest.approx(
        {"CO2": 26.669331, "CH4": 0.001403649, "N2O": 0.001403649}, rel=1e-12)


def test_natural_gas_given_in_tj_for_power_generation():
    table = activity_table(("P1", 2020, "1.A.1.a.i", "natural_gas", 100.0, "TJ"))
    # CO2: 100 TJ x 56,100 kg/TJ = 5,610 t; CH4: 100 x 1 kg = 0.1 t; N2O: 100 x 0.1 kg = 0.01 t
    # (Table 1.4; Table 2.2 applies to 1.A.1 and its sub-categories)
    assert by_gas(ghg.compute(table)) == pytest.approx(
        {"CO2": 5610.0, "CH4": 0.1, "N2O": 0.01}, rel=1e-12)


def test_lpg_in_gj_in_a_household_uses_table_2_5():
    table = activity_table(("H1", 2020, "1.A.4.b", "lpg", 500.0, "GJ"))
    # 500 GJ = 0.5 TJ; CO2 0.5 x 63,100 = 31.55 t; CH4 0.5 x 5 = 2.5 kg; N2O 0.5 x 0.1 = 0.05 kg
    assert by_gas(ghg.compute(table)) == pytest.approx(
        {"CO2": 31.55, "CH4": 0.0025, "N2O": 0.00005}, rel=1e-12)


def test_wood_co2_is_a_memo_item_never_in_totals():
    table = activity_table(("F1", 2021, "1.A.2.e", "wood", 1000.0, "t"))
    # energy 1 Gg x 15.6 TJ/Gg = 15.6 TJ; CO2 15.6 x 112,000 kg = 1,747.2 t (biogenic, memo)
    # CH4 15.6 x 30 kg = 0.468 t; N2O 15.6 x 4 kg = 0.0624 t (Table 2.3, wood)
    result = ghg.compute(table)
    assert by_gas(result) == pytest.approx({"CH4": 0.468, "N2O": 0.0624}, rel=1e-12)
    assert result.biogenic_co2["emissions_t"].tolist() == pytest.approx([1747.2], rel=1e-12)
    assert result.cube["co2e_t"].sel(gas="CH4").sum() == pytest.approx(0.468 * 28, rel=1e-12)
    assert "CO2" not in result.cube["gas"].values  # the cube holds totals only


def test_one_output_row_per_source_year_category_scope_and_gas():
    table = activity_table(("F1", 2022, "1.A.2", "diesel", 1000.0, "t"),
                           ("F1", 2022, "1.A.2", "lpg", 100.0, "t"),
                           ("F1", 2022, "1.A.2", "grid_electricity", 10.0, "MWh"))
    result = ghg.compute(table)
    # CO2: 3,186.3 (diesel) + 100 t / 1,000 x 47.3 x 63,100 / 1,000 = 298.463 (LPG) = 3,484.763
    co2 = result.emissions.query("scope == 1 and gas == 'CO2'")["emissions_t"]
    assert co2.tolist() == pytest.approx([3484.763], rel=1e-12)
    assert list(result.emissions.columns) == ["source_id", "year", "category", "scope", "gas",
                                              "emissions_t", "co2e_t"]
    assert len(result.emissions) == 4  # scope 1 CO2, CH4, N2O + scope 2 CO2
