"""Unit spellings that the unit library would read otherwise than an officer means are refused,
with the likely intended unit named; the ordinary spellings still read."""

from __future__ import annotations

import pandas as pd
import pytest

import ghg
from ghg.core.errors import InputError


def table(unit: str, activity: str = "diesel", amount: float = 100.0) -> pd.DataFrame:
    return pd.DataFrame({"source_id": ["F1"], "year": [2022], "category": ["1.A.2"],
                         "activity": [activity], "amount": [amount], "unit": [unit]})


@pytest.mark.parametrize(("unit", "activity", "says"), [
    ("mt", "diesel", "is read as millitonnes (0.001 t): pint reads m as milli; write t (tonnes) "
                     "or Mt (million tonnes)"),
    ("MT", "diesel", "is read as megatesla"),
    ("ton", "diesel", "is read as the US short ton (0.907185 t); write t (tonne, 1,000 kg)"),
    ("tons", "diesel", "is read as the US short ton (0.907185 t)"),
    ("bbl", "diesel", "not the 42-gallon oil barrel (0.159 m3); write m3 or l (one oil barrel is "
                      "0.158987 m3)"),
    ("mWh", "grid_electricity", "is read as milli-watt_hour (a milli prefix); write MWh, Wh or "
                                "kWh if that was meant"),
    ("cm3", "diesel", "is read as centi-(cubic metre), not a cubic centimetre"),
    ("dm3", "diesel", "write m3 or l (1 dm3 = 1 l)"),
    ("mg", "diesel", "is read as milli-gram (a milli prefix)"),
])
def test_misleading_spellings_are_refused_with_the_fix(unit, activity, says):
    with pytest.raises(InputError) as error:
        ghg.compute(table(unit, activity))
    (problem,) = error.value.problems
    assert (problem.line, problem.column, problem.value) == (2, "unit", unit)
    assert says in problem.message


@pytest.mark.parametrize(("unit", "tonnes_co2"), [
    # 100 units of diesel x factor to t (or m3 x 0.84 t/m3 density) x 43.0 TJ/Gg x 74,100 kg/TJ
    ("t", 100 * 43.0e-3 * 74.1), ("tonne", 100 * 43.0e-3 * 74.1),
    ("kg", 0.1 * 43.0e-3 * 74.1), ("kt", 1e5 * 43.0e-3 * 74.1),
    ("GJ", 100 * 1e-3 * 74.1), ("TJ", 100 * 74.1),
])
def test_ordinary_spellings_still_read(unit, tonnes_co2):
    co2 = ghg.compute(table(unit)).emissions.set_index("gas").loc["CO2", "emissions_t"]
    assert co2 == pytest.approx(tonnes_co2, rel=1e-9)


def test_litres_cubic_metres_and_electricity_still_read():
    litres = ghg.compute(table("l", amount=1000.0)).emissions.set_index("gas")
    cubic = ghg.compute(table("m3", amount=1.0)).emissions.set_index("gas")
    assert litres.loc["CO2", "emissions_t"] == pytest.approx(cubic.loc["CO2", "emissions_t"])
    kwh = ghg.compute(table("kWh", "grid_electricity", 1000.0)).emissions
    mwh = ghg.compute(table("MWh", "grid_electricity", 1.0)).emissions
    assert kwh["emissions_t"].sum() == pytest.approx(mwh["emissions_t"].sum())
    assert mwh["emissions_t"].sum() == pytest.approx(0.6766)  # 2022 grid factor, t CO2/MWh
