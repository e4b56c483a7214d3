"""The on-disk memo (ghg.core.memo): kept answers are the answers, an edit is never served an old
one, and a memo that is off, unwritable or torn only means the work is done again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ghg.core import memo, units
from ghg.factors import library

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def memo_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "memo"
    monkeypatch.setenv("GHG_CACHE_DIR", str(folder))
    return folder


def test_kept_value_is_recalled_and_another_key_is_not(memo_folder):
    memo.keep("test", b"key one", {"value": 1.5})
    assert memo.recall("test", b"key one") == {"value": 1.5}
    assert memo.recall("test", b"key two") is None
    assert [p.name.split("-")[0] for p in memo_folder.iterdir()] == ["test"]


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("GHG_CACHE_DIR", "off")
    memo.keep("test", b"key", 1)
    assert memo.recall("test", b"key") is None
    assert memo.folder() is None


def test_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("GHG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert memo.folder() == tmp_path / "xdg" / "ghg" / "memo"


def test_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GHG_CACHE_DIR", str(blocker / "memo"))
    memo.keep("test", b"key", 1)  # mkdir fails: nothing kept, nothing raised
    assert memo.recall("test", b"key") is None


def test_torn_entry_is_worked_out_again(memo_folder):
    memo.keep("test", b"key", list(range(1000)))
    path = memo.entry_path("test", b"key")
    path.write_bytes(path.read_bytes()[:50])  # a write cut short (another process, a full disk)
    assert memo.recall("test", b"key") is None


def test_the_oldest_entries_go_past_the_limit(memo_folder, monkeypatch):
    monkeypatch.setattr(memo, "MAX_ENTRIES", 3)
    for i in range(5):
        memo.keep("test", f"key {i}".encode(), i)
        os.utime(memo.entry_path("test", f"key {i}".encode()), ns=(i * 10**9, i * 10**9))
    memo.keep("test", b"key 5", 5)
    assert [memo.recall("test", f"key {i}".encode()) for i in range(6)] == \
        [None, None, None, 3, 4, 5]


def _fresh_set(path: Path, name: str | None = None) -> library.FactorSet:
    library._load_set.cache_clear()  # only the memo between the calls, as between processes
    return library.load_set(path, name)


def test_factor_set_from_the_memo_equals_the_read_one(memo_folder):
    folder = library.builtin_data() / "vn"
    read = _fresh_set(folder)
    assert any(p.name.startswith("factor-set-") for p in memo_folder.iterdir())
    kept = _fresh_set(folder)
    assert kept is not read and kept.sha256 == read.sha256
    pd.testing.assert_frame_equal(kept.rows, read.rows)


def test_an_edited_table_is_read_again(memo_folder, tmp_path):
    folder = tmp_path / "vn"
    shutil.copytree(library.builtin_data() / "vn", folder)
    before = _fresh_set(folder, "mine")
    row = before.rows.index[before.rows["year_from"].eq(2014)][0]
    assert before.rows.loc[row, "value"] == 0.6612  # grid EF 2014 (DCC, t CO2/MWh)
    table = folder / "grid_ef.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("0.6612", "0.6613", 1),
                     encoding="utf-8")
    after = _fresh_set(folder, "mine")
    assert after.sha256 != before.sha256
    assert after.rows.loc[row, "value"] == 0.6613


def test_an_edited_table_with_an_error_is_refused_every_time(memo_folder, tmp_path):
    folder = tmp_path / "vn"
    shutil.copytree(library.builtin_data() / "vn", folder)
    _fresh_set(folder, "mine")
    table = folder / "grid_ef.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("0.6612", "abc", 1),
                     encoding="utf-8")
    for _ in range(2):
        with pytest.raises(library.ConfigError, match=r"grid_ef.csv:2: value: 'abc'"):
            _fresh_set(folder, "mine")


def test_unit_answers_are_kept_and_equal_the_registrys(memo_folder):
    questions = [("t", "kg"), ("Gg", "t"), ("toe", "TJ"), ("thousand_m3", "m^3"), ("kWh", "MWh")]
    units._ANSWERS.clear()
    units._LOADED.clear()
    fresh = [units.scale(u, to) for u, to in questions] + [units.quantity("l")]
    units._keep_answers()
    units._ANSWERS.clear()
    units._LOADED.clear()
    kept = memo.recall("units", units._MEMO_KEY)
    assert kept[("scale", "toe", "TJ")] == pytest.approx(0.041868)  # IEA: 1 toe = 41.868 GJ
    assert [units.scale(u, to) for u, to in questions] + [units.quantity("l")] == fresh
    assert fresh[:2] == [1000.0, 1000.0] and fresh[-1] == "volume"


def test_a_unit_question_that_fails_is_not_kept(memo_folder):
    with pytest.raises(Exception, match="tấn"):
        units.scale("tấn", "t")
    assert ("scale", "tấn", "t") not in units._ANSWERS


def test_a_warm_command_does_not_import_pint(memo_folder, tmp_path):
    """The second run of a command answers its unit questions from the memo (issue #13)."""
    code = ("import sys\nfrom ghg.cli import main\n"
            "status = main(['compute', 'inventories/ben-tre', '-o', sys.argv[1], '-q'])\n"
            "print(status, 'pint' in sys.modules)\n")
    env = {**os.environ, "GHG_CACHE_DIR": str(memo_folder)}
    printed = [subprocess.run([sys.executable, "-c", code, str(tmp_path / f"run{i}")], cwd=ROOT,
                              env=env, capture_output=True, text=True, check=True).stdout.split()
               for i in range(2)]
    assert printed == [["0", "True"], ["0", "False"]]
    assert (tmp_path / "run0" / "emissions.csv").read_bytes() == \
        (tmp_path / "run1" / "emissions.csv").read_bytes()
