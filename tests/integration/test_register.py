"""``ghg register``: the bundled facilities and two review cycles of list decisions, who is late
on a given date, submissions, history, and a write killed midway (the file stays consistent).

Hand-worked case (facilities.csv on_current_list: F01 yes, F02 no, F03 yes, F04 yes, F05-F07 no,
F08 yes). Decisions 2023: F01 yes, F02 yes, F03 no, F04 unknown, others no. Decisions 2025: F01
yes, F02 no, F03 yes, F04 unknown, F05 yes, others no. Who must report in a cycle follows the
latest decision of an earlier cycle, ``unknown`` falling back to on_current_list:
cycle 2025 (decisions of 2023): F01, F02, F04; cycle 2027 (decisions of 2025): F01, F03, F04, F05.
Cycle 2027 is due 2027-03-31; on 2027-04-15 a missing report is 15 days late.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from ghg.cli import main
from ghg.core.errors import ConfigError, InputError
from ghg.register import (
    open_register,
    record_submission,
    register_path,
    status,
)
from ghg.register.schema import VERSION

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "ben-tre"
DECISIONS = {
    2023: {"BT-F01": "yes", "BT-F02": "yes", "BT-F03": "no", "BT-F04": "unknown",
           "BT-F05": "no", "BT-F06": "no", "BT-F07": "no", "BT-F08": "no"},
    2025: {"BT-F01": "yes", "BT-F02": "no", "BT-F03": "yes", "BT-F04": "unknown",
           "BT-F05": "yes", "BT-F06": "no", "BT-F07": "no", "BT-F08": "no"},
}
SHA = {name: name[-1] * 64 for name in ("a", "b", "c", "d")}


def _review_csv(path: Path, decisions: dict[str, str]) -> Path:
    rows = "".join(f"{fid},{must},,review\n" for fid, must in decisions.items())
    path.write_text("facility_id,must_be_listed,criteria,change\n" + rows, encoding="utf-8")
    return path


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    """A copy of the bundled facilities with both cycles' decisions imported by the command."""
    folder = tmp_path / "inv"
    folder.mkdir()
    shutil.copy(EXAMPLE / "facilities.csv", folder / "facilities.csv")
    for cycle, decisions in DECISIONS.items():
        csv = _review_csv(tmp_path / f"review_{cycle}.csv", decisions)
        assert main(["register", "import", str(folder), "--decisions", str(csv), "--cycle",
                     str(cycle), "--lang", "en"]) == 0
    return folder


def test_import_creates_the_register_beside_the_inventory(inventory: Path, capsys):
    assert register_path(inventory) == inventory / "register.sqlite"
    assert register_path(inventory).is_file()
    assert main(["register", "list", str(inventory), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-9].split() == ["facility", "type", "on", "current", "list", "decision", "2023",
                                 "decision", "2025", "name"]
    assert lines[-8].split()[:5] == ["BT-F01", "industrial", "yes", "yes", "yes"]
    assert lines[-5].split()[:5] == ["BT-F04", "industrial", "yes", "unknown", "unknown"]
    assert lines[-4].split()[:5] == ["BT-F05", "freight_transport", "no", "no", "yes"]


def test_status_lists_late_facilities_on_a_date(inventory: Path, capsys):
    db = open_register(register_path(inventory))
    record_submission(db, "BT-F01", 2027, "2027-03-30", SHA["a"], 812.5, 812.5, "pass")
    record_submission(db, "BT-F03", 2027, "2027-04-02", SHA["b"], 100.0, 130.0, "fail")
    record_submission(db, "BT-F05", 2027, "2027-04-20", SHA["c"], None, None, "not_verified")
    deadline, table = status(db, "2027-04-15")
    db.close()
    assert deadline["due"] == "2027-03-31"
    assert table[["facility_id", "state", "days_late"]].values.tolist() == [
        ["BT-F04", "late", 15], ["BT-F05", "late", 15],  # F05's report came after the date
        ["BT-F03", "submitted_late", 0], ["BT-F01", "submitted", 0]]
    capsys.readouterr()
    assert main(["register", "status", str(inventory), "--on", "2027-04-15", "--lang",
                 "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("cycle 2027: reports for 2025-2026 due 2027-03-31 "
                             "(Decree 06/2022/NĐ-CP as amended by Decree 119/2025/NĐ-CP")
    assert out[1] == ("on 2027-04-15: 2 late, 0 not yet due, 1 submitted late, "
                      "1 submitted on time")
    assert out[3].split()[:3] == ["BT-F04", "late", "15"]


def test_status_of_the_first_cycle_follows_the_2023_decisions(inventory: Path):
    db = open_register(register_path(inventory))
    deadline, table = status(db, "2025-03-31")  # the due date itself: not late yet
    assert (deadline["cycle"], deadline["covers_from"], deadline["covers_to"]) == (2025, 2024,
                                                                                  2024)
    assert table[["facility_id", "state"]].values.tolist() == [
        ["BT-F01", "due"], ["BT-F02", "due"], ["BT-F04", "due"]]
    _, table = status(db, "2025-04-01")
    assert table["state"].tolist() == ["late"] * 3 and table["days_late"].tolist() == [1] * 3
    db.close()


def test_submit_and_history_by_command(inventory: Path, tmp_path: Path, capsys):
    received = tmp_path / "BT-F01_report.xlsx"
    received.write_bytes(b"the facility's report")
    import hashlib

    digest = hashlib.sha256(b"the facility's report").hexdigest()
    assert main(["register", "submit", str(inventory), "--facility", "BT-F01", "--cycle",
                 "2027", "--received", "2027-04-02", "--file", str(received), "--reported",
                 "1000", "--recomputed", "1012.5", "--result", "pass_with_remarks",
                 "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == (
        "submission 1: BT-F01, cycle 2027, received 2027-04-02, pass_with_remarks")
    assert main(["register", "history", str(inventory), "--facility", "BT-F01",
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["2023", "decision", "must", "be", "listed:", "yes;", "change:",
                              "review"]
    assert out[3] == ("2027   submission  received 2027-04-02 (late); reported 1,000.0 t CO2e, "
                      f"recomputed 1,012.5 t CO2e; pass_with_remarks; sha256 {digest[:12]}")
    db = sqlite3.connect(register_path(inventory))
    assert db.execute("SELECT file_sha256 FROM submission").fetchall() == [(digest,)]
    db.close()


def test_the_same_file_twice_is_one_submission(inventory: Path):
    first = record_submission(inventory, "BT-F01", 2027, "2027-03-01", SHA["a"], 1.0, None,
                              "not_verified")
    again = record_submission(inventory, "BT-F01", 2027, "2027-03-01", SHA["a"], 1.0, 1.0,
                              "pass")
    assert first == again == 1


@pytest.mark.parametrize("change,message", [
    ({"facility_id": "BT-F99"}, "facility 'BT-F99' is not in the register"),
    ({"cycle": 2026}, "cycle 2026 has no report deadline; expected one of 2025, 2027, 2029"),
    ({"received": "31/03/2027"}, "--received '31/03/2027' is not a date; expected YYYY-MM-DD"),
    ({"file_hash": "abc"}, "file hash 'abc' is not a SHA-256"),
    ({"result": "ok"}, "result 'ok' is not known; expected one of pass, pass_with_remarks"),
    ({"reported_t": float("nan")}, "reported_t nan is not a finite number"),
])
def test_bad_submissions_are_refused_and_nothing_is_written(inventory: Path, change, message):
    given = {"facility_id": "BT-F01", "cycle": 2027, "received": "2027-03-01",
             "file_hash": SHA["a"], "reported_t": 1.0, "recomputed_t": 1.0, "result": "pass"}
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        record_submission(inventory, **(given | change))
    db = sqlite3.connect(register_path(inventory))
    assert db.execute("SELECT count(*) FROM submission").fetchone() == (0,)
    db.close()


def test_decisions_of_an_unknown_facility_are_refused_with_their_line(inventory: Path,
                                                                        tmp_path: Path, capsys):
    csv = _review_csv(tmp_path / "bad.csv", {"BT-F01": "yes", "BT-X": "no", "BT-F02": "maybe"})
    assert main(["register", "import", str(inventory), "--decisions", str(csv), "--cycle",
                 "2027", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:4: must_be_listed: 'maybe' is not yes or no; expected one of yes, no, unknown" in err
    with pytest.raises(InputError, match="bad.csv:3: facility_id: 'BT-X' is not in the "
                                         "register"):
        from ghg.register import import_decisions
        from ghg.register.decisions import read_decisions

        good = _review_csv(tmp_path / "bad.csv", {"BT-F01": "yes", "BT-X": "no"})
        db = open_register(register_path(inventory))
        try:
            import_decisions(db, 2027, read_decisions(good), "bad.csv", SHA["d"])
        finally:
            db.close()


def test_status_before_any_import_says_how_to_create_the_register(tmp_path: Path, capsys):
    folder = tmp_path / "inv"
    folder.mkdir()
    assert main(["register", "status", str(folder), "--on", "2027-01-01", "--lang", "en"]) == 2
    assert "no register yet; create it with ghg register import INVENTORY" in (
        capsys.readouterr().err)
    assert not (folder / "register.sqlite").exists()


def test_migrations_are_versioned_and_a_newer_file_is_refused(tmp_path: Path):
    path = tmp_path / "register.sqlite"
    sqlite3.connect(path).close()  # an empty SQLite file: version 0
    db = open_register(path)
    assert db.execute("PRAGMA user_version").fetchone() == (VERSION,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file: copyable
    db.close()
    open_register(path).close()  # already migrated: nothing to do
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {VERSION + 1}")
    raw.close()
    with pytest.raises(ConfigError, match=f"register version {VERSION + 1} was written by a "
                                          "newer ghg"):
        open_register(path)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all, just text" * 10)
    with pytest.raises(ConfigError, match="not a register file"):
        open_register(tmp_path / "junk.sqlite")


def test_a_copy_of_the_register_reads_the_same(inventory: Path, tmp_path: Path):
    record_submission(inventory, "BT-F01", 2027, "2027-03-30", SHA["a"], 1.0, 1.0, "pass")
    copy = tmp_path / "copy.sqlite"
    shutil.copy(register_path(inventory), copy)
    original, copied = open_register(register_path(inventory)), open_register(copy)
    pd.testing.assert_frame_equal(status(original, "2027-04-15")[1],
                                  status(copied, "2027-04-15")[1])
    original.close()
    copied.close()


KILLED_IMPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import ghg.register.store as store
    from ghg.register import open_register
    from ghg.register.decisions import read_decisions

    original = store._insert_decisions

    def half_done(db, rows):  # the old decisions are deleted, the new ones written: then killed
        original(db, rows)
        print("written, not committed", flush=True)
        time.sleep(120)

    store._insert_decisions = half_done
    db = open_register(Path(sys.argv[1]))
    store.import_decisions(db, 2025, read_decisions(Path(sys.argv[2])), "new.csv", "e" * 64)
""")


def test_a_write_killed_midway_leaves_the_register_as_it_was(inventory: Path, tmp_path: Path):
    new = _review_csv(tmp_path / "new.csv", {"BT-F01": "no", "BT-F02": "yes"})
    path = register_path(inventory)
    process = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(path), str(new)],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "written, not committed"
        assert Path(f"{path}-journal").exists()  # mid-transaction: a hot journal
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    db = open_register(path)  # the journal rolls the unfinished write back
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = db.execute("SELECT facility_id, must_be_listed FROM list_decision WHERE cycle = 2025 "
                      "ORDER BY facility_id").fetchall()
    db.close()
    assert dict(rows) == DECISIONS[2025]
    # the next write works and leaves the register as one file again
    record_submission(inventory, "BT-F01", 2027, "2027-03-30", SHA["a"], 1.0, 1.0, "pass")
    assert not Path(f"{path}-journal").exists()


def test_review_compares_with_the_registers_last_cycle(inventory: Path, tmp_path: Path,
                                                        capsys):
    from ghg.review.previous import previous_from_register

    cycle, previous = previous_from_register(inventory, 2027)
    assert cycle == 2025
    assert dict(previous.values.tolist()) == DECISIONS[2025]
    assert previous_from_register(inventory, 2023) == (None, None)
    assert previous_from_register(tmp_path, 2025) == (None, None)  # no register: none made
    assert not (tmp_path / "register.sqlite").exists()
