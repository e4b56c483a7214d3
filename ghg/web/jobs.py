"""Background work of ``ghg serve``: each job is a folder of the workspace in which the real
``ghg`` command runs in a subprocess, so the page and the command line agree by construction.

A job is a list of steps (``ghg`` argument lists) run one after another in the job's folder until
one fails; stdout, stderr and the exit code of each step are kept in the folder (``NAME.stdout``,
``NAME.stderr``) and the job's state in ``status.json``. At most ``workers`` jobs run at once
(each ``ghg`` process holds an inventory in memory); the others wait in order. Subprocesses keep
the server's memory flat and a crash of one job away from the others.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ghg.core.files import write_bytes_atomic

#: Job ids are random hex: they are the only part of a job's address a request supplies.
JOB_ID = re.compile(r"[0-9a-f]{32}")
WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"


@dataclass
class Step:
    """One ``ghg`` command of a job: ``name`` also names its output files in the job folder."""

    name: str
    args: list[str]
    #: exit codes that let the job go on (``ghg verify`` writes its findings and exits 4 on fail)
    ok: tuple[int, ...] = (0,)


@dataclass
class Job:
    id: str
    kind: str
    folder: Path
    steps: list[Step]
    #: free data of the page that made the job (upload name, scenario measure, ...)
    info: dict = field(default_factory=dict)
    state: str = WAITING
    step: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    created: float = field(default_factory=time.time)

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    def output(self, step: str, stream: str = "stdout") -> str:
        """What step ``step`` printed (``stdout`` or ``stderr``); empty before it ran."""
        path = self.folder / f"{step}.{stream}"
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    def status(self) -> dict:
        return {"id": self.id, "kind": self.kind, "state": self.state, "step": self.step,
                "steps": [s.name for s in self.steps], "codes": self.codes, "info": self.info,
                "created": self.created}


class Jobs:
    """The jobs of one workspace folder, run by a bounded pool of threads, one ``ghg`` subprocess
    each."""

    def __init__(self, workspace: Path, workers: int = 2):
        self.root = Path(workspace) / "jobs"
        self.root.mkdir(parents=True, exist_ok=True)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ghg-job")
        self._load()

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and its empty folder (the upload is saved there before the job starts)."""
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        folder.mkdir()
        return job_id, folder

    def submit(self, job_id: str, folder: Path, kind: str, steps: list[Step],
               info: dict | None = None) -> Job:
        job = Job(job_id, kind, folder, steps, info or {})
        with self._lock:
            self._jobs[job_id] = job
        self._save(job)
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job of a request's id, or None (an id that is not a job's is never a path)."""
        if not JOB_ID.fullmatch(job_id):
            return None
        with self._lock:
            return self._jobs.get(job_id)

    def latest(self, kind: str | None = None, done: bool = False) -> list[Job]:
        """Jobs newest first, of one kind and finished successfully if asked."""
        with self._lock:
            jobs = list(self._jobs.values())
        jobs = [j for j in jobs if (kind is None or j.kind == kind) and (not done or
                                                                        j.state == DONE)]
        return sorted(jobs, key=lambda j: j.created, reverse=True)

    def waiting_before(self, job: Job) -> int:
        """How many jobs wait ahead of ``job`` (for the page's "waiting" line)."""
        with self._lock:
            return sum(1 for j in self._jobs.values()
                       if j.state == WAITING and j.created < job.created)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job) -> None:
        job.state = RUNNING
        self._save(job)
        for index, step in enumerate(job.steps):
            job.step = index
            self._save(job)
            code = _run_ghg(step.args, job.folder, step.name)
            job.codes[step.name] = code
            if code not in step.ok:
                job.state = FAILED
                self._save(job)
                return
        job.step = len(job.steps)
        job.state = DONE
        self._save(job)

    def _save(self, job: Job) -> None:
        document = {**job.status(), "steps": [[s.name, s.args, list(s.ok)] for s in job.steps]}
        write_bytes_atomic(job.folder / "status.json",
                           json.dumps(document, indent=1, ensure_ascii=False).encode())

    def _load(self) -> None:
        """Finished jobs of an earlier server on the same workspace (unfinished ones are lost:
        their process ended with that server)."""
        for path in sorted(self.root.glob("*/status.json")):
            if not JOB_ID.fullmatch(path.parent.name):
                continue
            try:
                saved = json.loads(path.read_text(encoding="utf-8"))
                steps = [Step(name, list(args), tuple(ok)) for name, args, ok in saved["steps"]]
                job = Job(path.parent.name, saved["kind"], path.parent, steps, saved["info"],
                          saved["state"], saved["step"], saved["codes"], saved["created"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if not job.finished:
                job.state = FAILED
            self._jobs[job.id] = job


def _run_ghg(args: list[str], folder: Path, name: str) -> int:
    """``python -m ghg.cli ARGS`` in ``folder``; its output kept as ``NAME.stdout|stderr``."""
    env = ghg_env()
    with (folder / f"{name}.stdout").open("wb") as out, \
            (folder / f"{name}.stderr").open("wb") as err:
        done = subprocess.run([sys.executable, "-m", "ghg.cli", *args], cwd=folder,
                              stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
    return done.returncode


def ghg_env() -> dict[str, str]:
    """The environment of a ``ghg`` subprocess: it imports the same ghg as the server,
    installed or not, and prints UTF-8."""
    code_root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (code_root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path}
