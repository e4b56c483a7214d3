"""The provincial assembly: facilities inside provincial totals, uncertainty matched up the tree."""

from __future__ import annotations

import pandas as pd
import pytest

from ghg.engine.territorial import territorial_emissions
from ghg.inputs.inventory_tables import INVENTORY_TABLES, read_checked_table
from ghg.province.inventory import uncertainty_inputs

COLUMNS = ["source_id", "year", "category", "scope", "gas", "emissions_t", "co2e_t"]


def rows(*records: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=COLUMNS)


def test_facilities_count_only_where_no_provincial_source_covers_them():
    emissions = rows(
        ("province", 2020, "1.A.3.b", 1, "CO2", 100.0, 100.0),
        ("F1", 2020, "1.A.3.b", 1, "CO2", 30.0, 30.0),     # same category: inside the 100
        ("F2", 2020, "1.A.2", 1, "CO2", 50.0, 50.0),       # nothing provincial: counts
        ("province", 2020, "1.A.4", 1, "CO2", 20.0, 20.0),
        ("F3", 2020, "1.A.4.a", 1, "CO2", 10.0, 10.0),     # ancestor 1.A.4 reported: inside
        ("province", 2020, "1.A.1.a", 1, "CO2", 7.0, 7.0),
        ("F4", 2020, "1.A.1", 1, "CO2", 9.0, 9.0),         # descendant reported: inside
        ("F2", 2021, "1.A.3.b", 1, "CO2", 4.0, 4.0),       # 2021: no provincial row, counts
        ("F2", 2020, "1.A.3.b", 1, "CH4", 1.0, 28.0),      # CH4 not reported provincially
        ("F2", 2020, "1.A", 2, "CO2", 500.0, 500.0),       # scope 2: never territorial
    )
    table, excluded = territorial_emissions(emissions, ["province"])
    got = {(r.category, r.year, r.gas): r.co2e_t for r in table.itertuples()}
    # 100 (province road) + 50 (F2 manufacturing) + 20 (province 1.A.4) + 7 (1.A.1.a)
    # + 4 (F2 road 2021) + 28 (F2 road CH4) = 209
    assert got == {("1.A.1.a", 2020, "CO2"): 7.0, ("1.A.2", 2020, "CO2"): 50.0,
                   ("1.A.3.b", 2020, "CH4"): 28.0, ("1.A.3.b", 2020, "CO2"): 100.0,
                   ("1.A.3.b", 2021, "CO2"): 4.0, ("1.A.4", 2020, "CO2"): 20.0}
    assert sum(got.values()) == 209.0
    assert sorted(excluded["source_id"]) == ["F1", "F3", "F4"]


def test_uncertainty_comes_from_the_nearest_ancestor_and_gaps_are_listed(tmp_path):
    path = tmp_path / "uncertainty.csv"
    path.write_text("category,gas,u_activity_pct,u_factor_pct,factor_group\n"
                    "3.A,CH4,20,40,enteric\n3.A.1,CH4,10,30,enteric_t1\n1.A,CO2,5,3,\n",
                    encoding="utf-8")
    cells = pd.DataFrame({"category": ["3.A.1", "3.A.2", "1.A.3.b", "4.A.3"],
                          "gas": ["CH4", "CH4", "CO2", "CH4"], "year": 2020, "co2e_t": 1.0})
    stated, problems = read_checked_table(path, path.name, INVENTORY_TABLES["uncertainty"])
    assert problems == []
    matched, missing = uncertainty_inputs(cells, stated)
    got = matched.set_index(["category", "gas"])[["u_activity_pct", "u_factor_pct"]]
    assert got.loc[("3.A.1", "CH4")].tolist() == [10.0, 30.0]   # its own row
    assert got.loc[("3.A.2", "CH4")].tolist() == [20.0, 40.0]   # from 3.A
    assert got.loc[("1.A.3.b", "CO2")].tolist() == [5.0, 3.0]   # from 1.A
    assert missing.to_dict("records") == [{"category": "4.A.3", "gas": "CH4"}]


def test_an_uncertainty_table_without_its_columns_is_refused(tmp_path):
    path = tmp_path / "uncertainty.csv"
    path.write_text("category,gas,u_pct\n3.A,CH4,20\n", encoding="utf-8")
    _, problems = read_checked_table(path, path.name, INVENTORY_TABLES["uncertainty"])
    assert [str(p) for p in problems] == [
        "uncertainty.csv:1: header: column 'u_activity_pct' is missing; expected columns "
        "category, gas, u_activity_pct, u_factor_pct",
        "uncertainty.csv:1: header: column 'u_factor_pct' is missing; expected columns "
        "category, gas, u_activity_pct, u_factor_pct"]


def test_implied_factors_outside_their_stated_range_are_findings(tmp_path):
    import ghg
    from ghg.province import qaqc
    from ghg.province.inventory import implied_energy_factors

    own = tmp_path / "measured"
    own.mkdir()
    (own / "set.toml").write_text('name = "measured"\n', encoding="utf-8")
    (own / "ef.csv").write_text(
        "activity,category,parameter,gas,value,unit,year_from,year_to,lower,upper,source_id,"
        "document,table,page,note\n"
        "diesel,1.A.2,ef,CO2,80000,kg CO2/TJ,,,70000,75000,,test,T1,1,range deliberately low\n",
        encoding="utf-8")
    (own / "ef.toml").write_text('title = "t"\n', encoding="utf-8")
    table = pd.DataFrame({"source_id": ["F1", "F1"], "year": [2022, 2022],
                          "category": ["1.A.2", "1.A.4.b"], "activity": ["diesel", "diesel"],
                          "amount": [1000.0, 10.0], "unit": ["t", "t"]})
    result = ghg.compute(table, factors=[str(own), "ipcc2006"])
    ief = implied_energy_factors(result).set_index(["category", "gas"])
    # 1000 t × 43 TJ/Gg = 43 TJ; 43 TJ × 80,000 kg/TJ / 43 TJ = 80,000 kg/TJ
    assert ief.loc[("1.A.2", "CO2"), "ief"] == pytest.approx(80000.0)
    assert ief.loc[("1.A.4.b", "CO2"), "ief"] == pytest.approx(74100.0)  # IPCC default, no range
    findings = qaqc.implied_factor_range(ief.reset_index())
    assert findings[["category", "gas", "year"]].values.tolist() == [["1.A.2", "CO2", 2022]]


def test_a_sector_row_without_any_record_is_listed_in_provenance(monkeypatch):
    """Nothing vanishes: if a method makes no record for a valid row, provenance says which."""
    import ghg
    from ghg.sectors import aquaculture
    from ghg.sectors.method import no_records

    monkeypatch.setattr(aquaculture, "method", lambda rows, context: no_records())
    table = pd.DataFrame({"source_id": ["P", "P"], "year": [2020, 2020],
                          "category": ["1.A.2", "3.B.4.a"],
                          "activity": ["diesel", "shrimp_production"],
                          "amount": [10.0, 5.0], "unit": ["t", "t"]})
    rows = ghg.compute(table).provenance
    assert rows["rows"]["read"] == 2 and rows["rows"]["computed"] == 1
    assert rows["rows"]["without_emissions"] == 1
    assert rows["rows_without_emissions"] == ["<DataFrame>:3"]
