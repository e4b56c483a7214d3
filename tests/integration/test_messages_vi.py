"""``--lang vi``: what the commands print on the bundled data is Vietnamese.

Proper names, codes, activity keys, file paths and acronyms stay as they are; every other word
must come from the Vietnamese catalogue. The check looks for common English words that a
message left untranslated would carry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ghg.cli import main

ROOT = Path(__file__).resolve().parents[2]
INVENTORY = ROOT / "inventories" / "ben-tre"
SCENARIO = ROOT / "scenarios" / "ben-tre"
ENGLISH = {"the", "of", "and", "rows", "read", "wrote", "warning", "note", "with", "for", "from",
           "year", "total", "emissions", "net", "memo", "scope", "facilities", "changes", "key",
           "categories", "findings", "target", "measures", "computed", "rejected", "deadline",
           "list", "status", "by", "in", "to", "is", "not", "no", "used", "latest", "published",
           "data", "add", "keep", "remove", "review", "territorial", "purchased", "electricity",
           "met", "gap", "reduction", "largest", "submit", "every", "energy", "unknown"}


def english_words(text: str) -> set[str]:
    """Words of ``text`` outside paths, codes and keys that are common English words."""
    words = set()
    for token in text.split():
        if "/" in token or "_" in token or any(ch.isdigit() for ch in token):
            continue  # a path, an activity key or a code
        words |= {w.lower() for w in re.findall(r"[A-Za-z]+", token)} & ENGLISH
    return words


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("vi") / "run"
    assert main(["compute", str(INVENTORY), "-o", str(out), "--lang", "en", "-q"]) == 0
    return out


@pytest.mark.parametrize("command", ["compute", "review", "scenario", "report", "recompute",
                                     "explain", "explain-sector", "factors"])
def test_vietnamese_output_has_no_english_message(command, run, tmp_path, capsys):
    out = tmp_path / "out"
    args = {
        "compute": ["compute", str(INVENTORY), "-o", str(out)],
        "review": ["review", str(INVENTORY), "--year", "2024", "-o", str(out)],
        "scenario": ["scenario", str(SCENARIO), "-o", str(out)],
        "report": ["report", str(INVENTORY), "-o", str(out), "--draws", "200"],
        "recompute": ["recompute", str(run), "-o", str(out), "--gwp", "AR6"],
        "explain": ["explain", str(INVENTORY), "--source", "BT-F05", "--year", "2023"],
        "explain-sector": ["explain", str(INVENTORY), "--source", "province", "--year", "2023",
                           "--category", "3"],
        "factors": ["factors", "list"],
    }[command]
    assert main([*args, "--lang", "vi"]) == 0
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert "tấn CO2tđ" in text or command in ("review", "factors")
    if command.startswith("explain"):  # formulas and sources keep their names: only the prose
        text = re.sub(r"\[[^\]]*\]|\(.*\)|\w+: .*/.*", "", text)
    assert english_words(text) == set()


def test_english_stays_the_default_and_the_check_can_fail(tmp_path, capsys):
    assert main(["compute", str(INVENTORY), "-o", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr()
    # issue #19: 2,075,020.0 + fishing CH4/N2O 4,414.0 + herds' pasture N2O 25,123.7 (3.C.4
    # 12,908.7, 3.C.5 12,215.0) + composting wet N2O 116.1 (× 0.3/0.24) = 2,104,673.9 t
    assert printed.out.startswith("2024: 2,104,673.9 t CO2e net territorial emissions")
    assert {"rows", "read", "wrote", "net"} <= english_words(printed.out + printed.err)


def test_inventory_lang_is_the_default(tmp_path, capsys):
    import shutil

    inventory = tmp_path / "inv"
    shutil.copytree(INVENTORY, inventory)
    config = inventory / "inventory.toml"
    config.write_text('lang = "vi"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["compute", str(inventory), "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.startswith(
        "2024: phát thải ròng trên địa bàn 2.104.673,9 tấn CO2tđ")


def test_quiet_prints_only_warnings(tmp_path, capsys):
    assert main(["compute", str(INVENTORY), "-o", str(tmp_path / "out"), "-q"]) == 0
    printed = capsys.readouterr()
    assert printed.out == ""
    lines = printed.err.splitlines()
    assert all(line.startswith("warning: ") for line in lines)
    assert lines[0].startswith("warning: 10 rows gave no emission record (every gas not "
                               "estimated): activity/land.csv:12")  # the NE mangrove rows
    assert lines[1].startswith("warning: grid_electricity 1.A 2024: year fallback")


def test_verbose_gives_each_phase_with_its_time(tmp_path, capsys):
    assert main(["compute", str(INVENTORY), "-o", str(tmp_path / "out"), "-v"]) == 0
    phases = [line.split(":")[0].strip() for line in capsys.readouterr().err.splitlines()
              if line.endswith(" ms")]
    assert phases == ["reading and checking the input tables", "loading the factor sets",
                      "agriculture, land and waste methods", "energy and the emissions table",
                      "provenance"]
