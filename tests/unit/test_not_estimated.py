"""Gases a row declares not estimated (notation key NE): no factor needed, no emission, recorded."""

from __future__ import annotations

import pandas as pd
import pytest

import ghg
from ghg.core.errors import FactorNotFoundError, InputError


def fishing(not_estimated: str | None, fuel: str = "residual_fuel_oil") -> pd.DataFrame:
    table = pd.DataFrame({"source_id": ["P", "P"], "year": [2020, 2020],
                          "category": ["1.A.4.c.iii", "1.A.2"], "activity": [fuel, "diesel"],
                          "amount": [1000.0, 10.0], "unit": ["t", "t"]})
    if not_estimated is not None:
        table["not_estimated"] = [not_estimated, ""]
    return table


def test_without_a_declaration_the_missing_factors_are_an_error():
    # Vol 2 Table 3.5.3 (water-borne CH4/N2O) is in the library for diesel only
    with pytest.raises(FactorNotFoundError, match="missing ef CH4, ef N2O"):
        ghg.compute(fishing(None))


def test_declared_gases_are_left_out_and_recorded():
    result = ghg.compute(fishing("n2o CH4", fuel="diesel"))
    rows = result.emissions.set_index(["category", "gas"])["emissions_t"]
    # 1000 t × 43 TJ/Gg / 1000 = 43 TJ; × 74,100 kg CO2/TJ (Table 1.4) / 1000 = 3,186.3 t CO2
    assert rows[("1.A.4.c.iii", "CO2")] == pytest.approx(3186.3)
    assert ("1.A.4.c.iii", "CH4") not in rows and ("1.A.4.c.iii", "N2O") not in rows
    assert ("1.A.2", "CH4") in rows  # the other row keeps all its gases
    assert result.provenance["not_estimated"] == [
        {"activity": "diesel", "category": "1.A.4.c.iii", "gases": "CH4 N2O", "years": [2020],
         "rows": 1}]


def test_a_declaration_that_is_not_a_gas_is_refused():
    with pytest.raises(InputError, match="not_estimated: 'methane' is not a list of gases"):
        ghg.compute(fishing("methane"))


def test_fishing_diesel_has_ch4_and_n2o_from_table_3_5_3():
    result = ghg.compute(fishing(None, fuel="diesel"))
    rows = result.emissions.set_index(["category", "gas"])["emissions_t"]
    # 43 TJ (above) × 7 kg CH4/TJ = 301 kg; × 2 kg N2O/TJ = 86 kg (Vol 2 Table 3.5.3)
    assert rows[("1.A.4.c.iii", "CH4")] == pytest.approx(0.301)
    assert rows[("1.A.4.c.iii", "N2O")] == pytest.approx(0.086)
