"""Notation keys (Vol 1 ch 8 §8.2.2) and the gas applicability table (Vol 1 ch 8 Table 8.2)."""

from __future__ import annotations

import pandas as pd
import pytest

from ghg.core.errors import InputError
from ghg.province.notation import gas_applicability, notation_keys, read_notation_keys
from ghg.province.tree import aggregate


def estimated() -> pd.DataFrame:
    rows = pd.DataFrame({"source_id": "province", "year": 2020, "scope": 1,
                         "category": ["3.A.1.a.ii", "3.C.7", "1.A.4.b", "4.A.2"],
                         "gas": ["CH4", "CH4", "CO2", "CH4"],
                         "emissions_t": [10.0, 5.0, 40.0, 2.0]})
    rows["co2e_t"] = rows["emissions_t"]
    return aggregate(rows)


def keys_table(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    table = pd.DataFrame(list(rows), columns=["category", "gas", "key", "explanation"])
    table["file"] = "inventories/t/notation_keys.csv"
    table["line"] = range(2, len(table) + 2)
    return table


def key_of(table: pd.DataFrame, category: str, gas: str) -> tuple[str, str]:
    row = table[(table["category"] == category) & (table["gas"] == gas)]
    assert len(row) == 1
    return row["key"].iloc[0], row["basis"].iloc[0]


# Table 8.2 (Vol 1 ch 8) gases, as transcribed by climate-categories 0.11.1 (SINGLE transcription;
# see ghg/data/gas_applicability.toml): pinned spot values.
@pytest.mark.parametrize(("category", "gas", "applicable"), [
    ("3.A.1", "CO2", False), ("3.A.1", "CH4", True), ("3.A.1", "N2O", False),  # enteric: CH4
    ("3.A.2", "CH4", True), ("3.A.2", "N2O", True), ("3.A.2", "CO2", False),   # manure
    ("3.C.3", "CO2", True), ("3.C.3", "CH4", False), ("3.C.3", "N2O", False),  # urea: CO2
    ("3.C.7", "CH4", True), ("3.C.7", "CO2", False),                           # rice: CH4
    ("3.C.4", "N2O", True), ("3.C.4", "CO2", False),                           # soils direct
    ("1.B.1", "N2O", False), ("1.B.1", "CH4", True),                           # coal fugitive
    ("4.A", "CO2", False), ("4.A", "CH4", True),                               # SWDS
    ("4.B", "CO2", False), ("4.C.2", "CO2", True),
    ("1.A.1", "CO2", True), ("1.A.1", "CH4", True), ("1.A.1", "N2O", True),
])
def test_gas_applicability_spot_values(category: str, gas: str, applicable: bool) -> None:
    table = gas_applicability().set_index(["category", "gas"])["applicable"]
    assert bool(table[category, gas]) is applicable


def test_gas_applicability_counts() -> None:
    table = gas_applicability()
    # 284 of the 290 categories list gases (not 0, 3.C, 3.D, 3.D.2, 5, 5.B), 3 gases each
    assert len(table) == 284 * 3
    assert int((~table["applicable"]).sum()) == 230


def test_rules_estimated_default_and_not_applicable() -> None:
    table = notation_keys(estimated(), depth=3)
    assert key_of(table, "3.A.1", "CH4") == ("estimated", "emissions")   # child estimated
    assert key_of(table, "3.A", "CH4") == ("estimated", "emissions")
    assert key_of(table, "3.A.1", "CO2") == ("NA", "gas_applicability")
    assert key_of(table, "3.C.3", "CH4") == ("NA", "gas_applicability")
    assert key_of(table, "3.C.3", "CO2") == ("NE", "default")           # not estimated: visible
    assert key_of(table, "4.D", "N2O") == ("NE", "default")
    default = table.set_index(["category", "gas"]).loc[("4.D", "N2O"), "explanation"]
    assert default == ("no estimate and no notation key given: add the key and its reason to "
                       "notation_keys.csv")
    assert key_of(table, "3.C", "CO2") == ("NE", "default")            # no gases listed: never NA


def test_depth_lists_deeper_categories_only_when_estimated_or_keyed() -> None:
    table = notation_keys(estimated(), depth=3)
    listed = set(table["category"])
    assert {"1", "1.A", "1.A.1", "3.C.7", "4.A.2"} <= listed
    assert "1.A.1.a" not in listed                 # depth 4, neither estimated nor keyed
    assert {"3.A.1.a", "3.A.1.a.ii", "1.A.4.b"} <= listed  # deeper but estimated
    assert "0" not in listed
    # one row per listed category and gas
    assert len(table) == 3 * len(listed)


def test_inventory_keys_apply_and_are_inherited() -> None:
    keys = keys_table(("2", "*", "NO", "no industrial processes in Ben Tre"),
                      ("4.C.2", "CH4", "IE", "included in 4.A.2"),
                      ("3.B.1", "CO2", "c", "one plantation owner"))
    table = notation_keys(estimated(), keys, depth=3)
    assert key_of(table, "2", "N2O") == ("NO", "inventories/t/notation_keys.csv:2")
    assert key_of(table, "2.A.1", "CO2") == ("NO", "inherited from 2 "
                                             "(inventories/t/notation_keys.csv:2)")
    # an inherited key does not overwrite NA: cement N2O is not applicable
    assert key_of(table, "2.A.1", "N2O") == ("NA", "gas_applicability")
    assert key_of(table, "4.C.2", "CH4") == ("IE", "inventories/t/notation_keys.csv:3")
    assert key_of(table, "3.B.1", "CO2") == ("C", "inventories/t/notation_keys.csv:4")


def test_confidential_may_hide_an_estimate() -> None:
    keys = keys_table(("3.C.7", "CH4", "C", "one farm"))
    assert key_of(notation_keys(estimated(), keys), "3.C.7", "CH4")[0] == "C"


def test_bad_rows_are_all_reported_with_file_and_line() -> None:
    keys = keys_table(("1.A.9", "CO2", "NO", ""),
                      ("1.A.3", "CO", "NO", ""),
                      ("1.A.5", "CO2", "XX", ""),
                      ("4.D.2", "CH4", "IE", ""),
                      ("2.B", "CO2", "NO", ""),
                      ("2.B", "*", "NO", ""))
    with pytest.raises(InputError) as error:
        read_notation_keys(keys)
    assert str(error.value).splitlines() == [
        "inventories/t/notation_keys.csv:2: category: '1.A.9' is not an IPCC 2006 category; "
        "expected a code such as 1.A.2 (closest: 1.A.5, 1.A.4, 1.A.3)",
        "inventories/t/notation_keys.csv:3: gas: 'CO' is not a gas the engine reports; expected "
        "one of CO2, CH4, N2O or *",
        "inventories/t/notation_keys.csv:4: key: 'XX' is not a notation key; expected one of NO "
        "(not occurring), NE (not estimated), NA (not applicable), IE (included elsewhere), C "
        "(confidential)",
        "inventories/t/notation_keys.csv:5: explanation: '' is empty; IE needs the category "
        "where the emissions are included",
        "inventories/t/notation_keys.csv:7: category: '2.B' with gas CO2 is already given on "
        "line 6; expected one key per category and gas",
    ]


def test_key_contradicting_an_estimate_is_rejected() -> None:
    keys = keys_table(("3.A.1", "CH4", "NO", "no cattle"))
    with pytest.raises(InputError, match=r"notation_keys.csv:2: key: 'NO' contradicts the "
                                         r"estimate of CH4 in category 3.A.1"):
        notation_keys(estimated(), keys)


def test_missing_column_is_reported() -> None:
    with pytest.raises(InputError, match="column 'key' is missing"):
        read_notation_keys(pd.DataFrame({"category": ["1"], "gas": ["CO2"],
                                         "explanation": [""]}))
