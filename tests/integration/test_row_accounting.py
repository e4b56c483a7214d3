"""Every input row is computed, accounted elsewhere or without emissions, and ``ghg compute``
warns only about rows that truly give no record (docs/contracts.md §1, ghg.engine.accounting)."""

from __future__ import annotations

import json

import pytest

from ghg.cli import main

INVENTORY = """name = "deposits"
climate_zone = "tropical_wet"
[waste_history]
rule = "site_opened"
"""
DEPOSITS = """source_id,year,category,activity,amount,unit,site_type
S1,2000,4.A.1,food_waste,1000,t,managed_anaerobic
S1,2001,4.A.1,food_waste,2000,t,managed_anaerobic
S1,2002,4.A.1,food_waste,3000,t,managed_anaerobic
"""


def _folder(tmp_path, table: str):
    folder = tmp_path / "inv"
    (folder / "activity").mkdir(parents=True)
    (folder / "inventory.toml").write_text(INVENTORY, encoding="utf-8")
    (folder / "activity" / "rows.csv").write_text(table, encoding="utf-8")
    return folder


def test_landfill_deposits_are_accounted_in_the_sites_decay_not_warned_about(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compute", str(_folder(tmp_path, DEPOSITS)), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    # the site's first-order decay records sit on its last deposit row (line 4); lines 2-3 feed
    # them, so they are accounted elsewhere, and nothing is said to be missing
    assert printed.out.splitlines()[1] == (
        "3 rows read, 1 computed, 2 landfill deposit rows accounted in their site's first-order "
        "decay records, 0 rejected")
    assert "no emission record" not in printed.err
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["rows"] == {"read": 3, "computed": 1, "accounted_elsewhere": 2,
                                  "rejected": 0, "without_emissions": 0,
                                  "duplicates_summed": 0}
    assert provenance["rows_without_emissions"] == []


def test_a_row_declaring_every_gas_not_estimated_is_warned_about(tmp_path, capsys):
    table = ("source_id,year,category,activity,amount,unit,not_estimated\n"
             "F1,2020,1.A.2,diesel,100,t,CO2 CH4 N2O\n"
             "F1,2020,1.A.4.b,lpg,100,t,\n")
    out = tmp_path / "out"
    assert main(["compute", str(_folder(tmp_path, table)), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.splitlines()[1] == "2 rows read, 1 computed, 0 rejected"
    assert ("warning: 1 rows gave no emission record (every gas not estimated): "
            "activity/rows.csv:2") in printed.err
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["rows"]["without_emissions"] == 1
    assert provenance["rows_without_emissions"] == ["activity/rows.csv:2"]


@pytest.mark.parametrize("rule", ["site_opened", "constant"])
def test_read_equals_computed_plus_elsewhere_plus_without(tmp_path, rule):
    import ghg

    folder = _folder(tmp_path, DEPOSITS + "S1,2002,1.A.2,diesel,1,t\n")
    (folder / "inventory.toml").write_text(INVENTORY.replace("site_opened", rule)
                                           + "start = 1990\n" * (rule == "constant"))
    rows = ghg.compute(folder).provenance["rows"]
    assert rows["read"] == 4 == (rows["computed"] + rows["accounted_elsewhere"]
                                 + rows["without_emissions"] + rows["rejected"])
    assert (rows["computed"], rows["accounted_elsewhere"]) == (2, 2)
