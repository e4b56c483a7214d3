"""Faults that lose nothing: a run killed at any moment, two runs into one folder, a full disk,
a read-only folder or a file-size limit leave either no output folder or a complete run, never a
partial one, and what a killed run leaves beside it is named clearly and taken over.

The kill test forks ``ghg compute`` from a warmed-up process (``FORKER``: the package imported
and one run done), so that the 100 runs are each a fraction of a second and the test stays within
CI time; each child is a separate process running the CLI's ``main`` and is SIGKILLed at a seeded
random moment spread over the duration of a run, measured first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.faults

ACTIVITY = """source_id,year,category,activity,amount,unit
F1,2021,1.A.2,diesel,1000,t
F1,2022,1.A.2,diesel,1000,t
F1,2022,1.A.2,grid_electricity,2000,MWh
F2,2022,1.A.4.a,grid_electricity,500,MWh
F2,2023,1.A.4.a,grid_electricity,500,MWh
"""

#: Runs commands sent as JSON lines: forks one child per ``argv`` (all at once), SIGKILLs them
#: after ``kill`` seconds if given, and answers with their exit codes (negative: the signal).
FORKER = textwrap.dedent("""
    import contextlib, io, json, os, signal, sys, time
    from ghg.cli import main

    def child(argv, stderr):
        out = os.open(os.devnull, os.O_WRONLY)
        err = os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) if stderr else out
        os.dup2(out, 1)
        os.dup2(err, 2)
        try:
            code = main(argv)
        except BaseException:
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(sys.argv[1:]) == 0  # warm up: imports, unit registry, factor sets
    print("ready", flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        start = time.perf_counter()
        pids = []
        for argv, stderr in zip(command["argvs"], command["stderr"]):
            pid = os.fork()
            if pid == 0:
                child(argv, stderr)
            pids.append(pid)
        if command.get("kill") is not None:
            time.sleep(command["kill"])
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
        print(json.dumps({"codes": codes, "seconds": time.perf_counter() - start}), flush=True)
""")


@pytest.fixture(scope="module")
def inventory(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "inv"
    (folder / "activity").mkdir(parents=True)
    (folder / "inventory.toml").write_text('name = "faults"\n')
    (folder / "activity" / "energy.csv").write_text(ACTIVITY)
    return folder


class Forker:
    def __init__(self, inventory: Path, warm_out: Path):
        self.inventory = inventory
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORKER, "compute", str(inventory), "-o", str(warm_out)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        assert self.process.stdout.readline().strip() == "ready"

    def compute(self, outs: list[Path], kill: float | None = None,
                stderr: list[Path] | None = None) -> tuple[list[int], float]:
        argvs = [["compute", str(self.inventory), "-o", str(out)] for out in outs]
        command = {"argvs": argvs, "kill": kill,
                   "stderr": [str(p) for p in stderr] if stderr else [None] * len(outs)}
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        return answer["codes"], answer["seconds"]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def forker(inventory, tmp_path_factory):
    running = Forker(inventory, tmp_path_factory.mktemp("warm") / "run")
    yield running
    running.close()


def complete_run(out: Path) -> bool:
    """A run folder whose provenance records every other file, each with its bytes' SHA-256."""
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    recorded = provenance["outputs"]
    present = sorted(p.name for p in out.iterdir())
    assert present == sorted([*recorded, "provenance.json"]), present
    for name, digest in recorded.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    return True


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def test_a_run_killed_at_100_random_moments_is_absent_or_complete(forker, tmp_path):
    durations = [forker.compute([tmp_path / f"timing{i}"])[1] for i in range(3)]
    assert all(complete_run(tmp_path / f"timing{i}") for i in range(3))
    duration = float(np.median(durations))
    moments = np.random.default_rng(20261203).uniform(0.0, duration, 100)
    outcomes = {"absent, nothing left": 0, "absent, lock or partial folder left": 0,
                "complete": 0}
    stale = []
    for i, moment in enumerate(moments):
        out = tmp_path / "kills" / f"run{i}"
        out.parent.mkdir(exist_ok=True)
        forker.compute([out], kill=float(moment))
        left = leftovers(out.parent, out.name)
        # what a killed run leaves is named for what it is, beside the folder, never inside it
        assert all(re.fullmatch(rf"\.run{i}\.(lock|partial-\d+)", n) for n in left), left
        if out.exists():
            assert complete_run(out), f"partial run after a kill at {moment:.3f} s"
            outcomes["complete"] += 1
        elif left:
            outcomes["absent, lock or partial folder left"] += 1
            stale.append(out)
        else:
            outcomes["absent, nothing left"] += 1
    print(f"\nkill test: a run takes {duration:.3f} s; outcomes of 100 kills: {outcomes}")
    assert sum(outcomes.values()) == 100
    # the next run into the same folder takes the stale lock and partial folder over
    for out in stale[:5]:
        codes, _ = forker.compute([out])
        assert codes == [0]
        assert complete_run(out)
        assert leftovers(out.parent, out.name) == []


def test_two_runs_into_one_folder_give_one_complete_run(forker, tmp_path):
    for i in range(5):
        out = tmp_path / f"run{i}"
        errors = [tmp_path / f"err{i}a", tmp_path / f"err{i}b"]
        codes, _ = forker.compute([out, out], stderr=errors)
        assert sorted(codes) == [0, 2], codes
        assert complete_run(out)
        refused = errors[codes.index(2)].read_text()
        assert re.search(rf"run{i}: (already holds a run \(provenance\.json\)|another ghg run "
                         rf"\(process \d+\) is writing this folder)", refused), refused
        assert leftovers(tmp_path, f"run{i}") == []


def limited_compute(inventory: Path, out: Path, limit: int) -> subprocess.CompletedProcess:
    """``ghg compute`` with RLIMIT_FSIZE: no file may grow beyond ``limit`` bytes."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from ghg.cli import main
        sys.exit(main(["compute", {str(inventory)!r}, "-o", {str(out)!r}]))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def test_a_file_size_limit_is_exit_3_naming_the_file_with_nothing_written(inventory, tmp_path):
    done = limited_compute(inventory, tmp_path / "run", 1500)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert re.fullmatch(rf"{re.escape(str(tmp_path / 'run'))}/[a-z_0-9]+\.(csv|nc|json): File too "
                        r"large; nothing was written \(check the disk, the folder's permissions "
                        r"and free space\)\n", done.stderr), done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_exit_3_with_nothing_written(inventory, tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        done = subprocess.run([sys.executable, "-m", "ghg.cli", "compute", str(inventory), "-o",
                               str(parent / "run")], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
        assert done.returncode == 3, done.stderr
        assert done.stderr == (f"{parent}/.run.lock: Permission denied; nothing was written "
                               "(check the disk, the folder's permissions and free space)\n")
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


def test_a_folder_refusing_writes_is_exit_3_in_process(inventory, tmp_path, monkeypatch, capsys):
    """The same as a read-only folder where the tests run as root (who may write anywhere)."""
    from ghg.cli import main

    real_open = os.open

    def refused(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    assert main(["compute", str(inventory), "-o", str(tmp_path / "run")]) == 3
    assert capsys.readouterr().err == (
        f"{tmp_path}/.run.lock: Permission denied; nothing was written (check the disk, the "
        "folder's permissions and free space)\n")
    assert list(tmp_path.iterdir()) == []
