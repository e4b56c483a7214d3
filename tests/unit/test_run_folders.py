"""Run folders appear whole or not at all, are never written twice, and colleagues can read them."""

from __future__ import annotations

import os
import stat

import pytest

from ghg.core.errors import ConfigError
from ghg.core.files import write_run

FILES = {"emissions.csv": b"a\n1\n", "provenance.json": b"{}\n"}


def test_a_run_appears_whole_with_the_users_umask(tmp_path):
    old = os.umask(0o022)
    try:
        written = write_run(tmp_path / "run", FILES)
    finally:
        os.umask(old)
    assert [p.name for p in written] == ["emissions.csv", "provenance.json"]
    assert (tmp_path / "run" / "emissions.csv").read_bytes() == b"a\n1\n"
    assert stat.S_IMODE((tmp_path / "run" / "emissions.csv").stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no lock, no partial left


def test_an_existing_run_or_a_folder_with_files_is_refused_untouched(tmp_path):
    write_run(tmp_path / "run", FILES)
    with pytest.raises(ConfigError, match="already holds a run"):
        write_run(tmp_path / "run", {"x.csv": b""})
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "energy.csv").write_bytes(b"keep me")
    with pytest.raises(ConfigError, match="exists and is not an empty folder"):
        write_run(tmp_path / "inputs", FILES)
    assert sorted(p.name for p in (tmp_path / "inputs").iterdir()) == ["energy.csv"]
    assert (tmp_path / "inputs" / "energy.csv").read_bytes() == b"keep me"


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "run").mkdir()
    write_run(tmp_path / "run", FILES)
    assert (tmp_path / "run" / "provenance.json").exists()


def test_a_failure_while_writing_leaves_nothing_that_looks_like_a_run(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "rename", broken)
    with pytest.raises(OSError, match="No space left"):
        write_run(tmp_path / "run", FILES)
    assert list(tmp_path.iterdir()) == []


def test_a_live_lock_refuses_a_second_writer_and_a_stale_one_is_taken_over(tmp_path):
    lock = tmp_path / ".run.lock"
    lock.write_text(str(os.getpid()))  # this process is alive: another writer
    with pytest.raises(ConfigError, match=rf"another ghg run \(process {os.getpid()}\)"):
        write_run(tmp_path / "run", FILES)
    assert not (tmp_path / "run").exists()
    lock.write_text("999999999")  # no such process: a stale lock from a killed run
    write_run(tmp_path / "run", FILES)
    assert (tmp_path / "run" / "provenance.json").exists() and not lock.exists()
