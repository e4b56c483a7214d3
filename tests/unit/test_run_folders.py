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
    with pytest.raises(ConfigError, match="inputs: is a folder that holds files"):
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
    from ghg.core.files import _locked

    with _locked(tmp_path / "run"):  # another writer holds the lock (here: this process)
        with pytest.raises(ConfigError, match=rf"another ghg run \(process {os.getpid()}\)"):
            write_run(tmp_path / "run", FILES)
    assert not (tmp_path / "run").exists()
    # what a killed run leaves: its lock file (the lock itself ended with it) and a partial folder
    (tmp_path / ".run.lock").write_text("999999999")
    (tmp_path / ".run.partial-999999999").mkdir()
    (tmp_path / ".run.partial-999999999" / "emissions.csv").write_bytes(b"half")
    write_run(tmp_path / "run", FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert (tmp_path / "run" / "provenance.json").exists()


def test_an_output_that_is_or_lies_inside_an_input_is_refused(tmp_path):
    from ghg.core.files import check_output

    inventory = tmp_path / "inv"
    (inventory / "activity").mkdir(parents=True)
    (inventory / "activity" / "energy.csv").write_bytes(b"x")
    with pytest.raises(ConfigError, match=r"the output folder is the input .*inv; outputs are never"):
        check_output(inventory, [inventory])
    with pytest.raises(ConfigError, match="the output folder lies inside the input"):
        check_output(inventory / "out", [inventory])
    with pytest.raises(ConfigError, match="the output folder is the input"):
        check_output(inventory / "activity" / "energy.csv", [inventory / "activity" / "energy.csv"])
    with pytest.raises(ConfigError, match="energy.csv: is a file"):
        check_output(inventory / "activity" / "energy.csv", [])
    check_output(tmp_path / "out", [inventory, inventory / "activity" / "energy.csv"])
    check_output(tmp_path / "inv2", [inventory])  # a sibling whose name starts alike is fine


def test_a_write_error_names_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    import builtins

    real_open = builtins.open

    def full(path, *args, **kwargs):
        if str(path).endswith("provenance.json"):
            raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", full)
    with pytest.raises(OSError) as raised:
        write_run(tmp_path / "run", FILES)
    assert raised.value.filename == str(tmp_path / "run" / "provenance.json")
    assert raised.value.strerror == "No space left on device"
    assert list(tmp_path.iterdir()) == []
