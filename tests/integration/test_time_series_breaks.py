"""The time-series break check fails the provincial inventory unless inventory.toml accepts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghg import province
from ghg.cli import main
from ghg.core.errors import ConfigError

ROWS = """source_id,year,category,activity,amount,unit
province,2019,1.A.2,diesel,100,t
province,2020,1.A.2,diesel,100,t
province,2020,1.A.4.b,lpg,10,t
"""


def inventory(folder: Path, accepted: str = "") -> Path:
    (folder / "activity").mkdir(parents=True)
    (folder / "activity" / "energy.csv").write_text(ROWS, encoding="utf-8")
    (folder / "inventory.toml").write_text(
        'name = "t"\naggregate_sources = ["province"]\n' + accepted, encoding="utf-8")
    return folder


def test_a_break_fails_naming_the_row_and_factor(tmp_path):
    with pytest.raises(ConfigError) as error:
        province.build(inventory(tmp_path / "inv"), draws=10)
    text = str(error.value)
    # LPG appears in 2020: its three gases, each naming its input row and factor table
    assert text.count("inventory.toml: time_series_breaks: 1.A.4.b") == 3
    assert "1.A.4.b CO2 appears in 2020 and has no estimate in 2019 (rows " \
           "activity/energy.csv:4; factors ipcc2006/co2_stationary.csv" in text
    assert "1.A.2" not in text.replace("1.A.4.b", "")


def test_report_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["report", str(inventory(tmp_path / "inv")), "-o", str(out), "--draws", "10",
                 "--lang", "en"])
    assert code == 2 and not out.exists()
    assert "1.A.4.b CH4 appears in 2020" in capsys.readouterr().err


def test_an_accepted_break_is_kept_as_an_info_finding(tmp_path):
    folder = inventory(tmp_path / "inv", 'time_series_breaks = ["1.A.4.b"]  # LPG from 2020\n')
    found = province.build(folder, draws=10).qaqc
    breaks = found[found["check"] == "time_series_break"]
    assert sorted(breaks["gas"]) == ["CH4", "CO2", "N2O"]
    assert breaks["severity"].eq("info").all()
