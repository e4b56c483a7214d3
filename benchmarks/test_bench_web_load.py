"""``ghg serve`` under load on loopback: 20 uploads at once, each computed and reported.

The server runs in its own process (all cores, not the benchmark's pinned one) with its bounded
pool of two jobs; 20 threads upload at the same moment, cycling through four different inputs
(the example workbook and three of Ben Tre's activity tables alone), then wait for every job.
Each job's total must be the line ``ghg compute`` prints for its own input (results isolated),
and the peak resident memory of the server and its job processes together is sampled every
0.1 s. The baseline in the same run is one upload alone: with two workers, 20 jobs should take
about 10 times its wall time (``ratio_to_ten_single``). Start-up: seconds from ``ghg serve``
to the first page answered.

    python -m pytest benchmarks/test_bench_web_load.py -p no:cacheprovider --benchmark-only -s
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ghg" / "web" / "example" / "ben-tre-activity.xlsx"
ACTIVITY = ROOT / "inventories" / "ben-tre" / "activity"
INPUTS = [EXAMPLE, ACTIVITY / "energy.csv", ACTIVITY / "livestock.csv", ACTIVITY / "crops.csv"]
UPLOADS = 20
DRAWS = 100


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _all_cores() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, range(os.cpu_count() or 1))


class Server:
    """``ghg serve`` in a process; its start-up seconds and the peak RSS of its process tree."""

    def __init__(self, workspace: Path):
        self.port = _free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ghg.cli", "serve", "inventories/ben-tre", "--port",
             str(self.port), "--no-browser", "--workspace", str(workspace), "--draws",
             str(DRAWS), "-q"], cwd=ROOT, preexec_fn=_all_cores,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
        while True:
            try:
                with urllib.request.urlopen(self.address + "/data", timeout=2):
                    break
            except OSError:
                assert self.process.poll() is None, "ghg serve stopped"
                time.sleep(0.05)
        self.startup_s = time.perf_counter() - started
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        root = psutil.Process(self.process.pid)
        while not self._stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree if p.is_running())
            except psutil.Error:
                continue
            self.peak_mb = max(self.peak_mb, rss / 2**20)
            time.sleep(0.1)

    def close(self) -> None:
        self._stop.set()
        self.process.terminate()
        self.process.wait(timeout=60)


def _upload(address: str, path: Path) -> str:
    """POST a file as multipart form data; the job's address."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{path.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(address + "/data/upload", data=body, method="POST",
                                     headers={"Content-Type":
                                              f"multipart/form-data; boundary={boundary}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=60)
    except urllib.error.HTTPError as answer:  # the 303 to the job's page
        assert answer.code == 303, answer.read()
        return answer.headers["location"]
    raise AssertionError("no redirect to the job")


def _wait(address: str, location: str) -> dict:
    while True:
        with urllib.request.urlopen(address + location + "/status", timeout=30) as answer:
            status = json.load(answer)
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.5)


def _expected_lines(tmp_path: Path) -> dict[str, str]:
    """``ghg compute``'s first line for each input, as the page's job computes it."""
    lines = {}
    for path in INPUTS:
        inventory = tmp_path / f"inv-{path.stem}"
        subprocess.run(["cp", "-r", str(ROOT / "inventories" / "ben-tre"), str(inventory)],
                       check=True)
        subprocess.run(["rm", "-r", str(inventory / "activity"),
                        str(inventory / "activity-pending")], check=True)
        (inventory / "activity").mkdir()
        (inventory / "activity" / path.name).write_bytes(path.read_bytes())
        done = subprocess.run([sys.executable, "-m", "ghg.cli", "compute", str(inventory), "-o",
                               str(tmp_path / f"run-{path.stem}"), "--format", "csv", "--lang",
                               "vi"], cwd=ROOT, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        lines[path.name] = done.stdout.splitlines()[0]
    return lines


def test_twenty_uploads_at_once(benchmark, tmp_path):
    expected = _expected_lines(tmp_path)
    assert len(set(expected.values())) == len(INPUTS)  # four different totals
    server = Server(tmp_path / "ws")
    try:
        started = time.perf_counter()
        single = _wait(server.address, _upload(server.address, EXAMPLE))
        single_s = time.perf_counter() - started
        assert single["state"] == "done"
        results: dict[int, tuple[str, str]] = {}

        def one(i: int) -> None:
            path = INPUTS[i % len(INPUTS)]
            results[i] = (path.name, _upload(server.address, path))

        def load() -> None:
            threads = [threading.Thread(target=one, args=(i,)) for i in range(UPLOADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for _, location in results.values():
                _wait(server.address, location)

        started = time.perf_counter()
        benchmark.pedantic(load, rounds=1, iterations=1)
        load_s = time.perf_counter() - started
        folders = set()
        for name, location in results.values():
            job = tmp_path / "ws" / "jobs" / location.rsplit("/", 1)[1]
            folders.add(job)
            assert json.loads((job / "status.json").read_text())["codes"]["compute"] == 0
            shown = (job / "compute.stdout").read_text(encoding="utf-8").splitlines()[0]
            assert shown == expected[name], (name, location)
            with urllib.request.urlopen(server.address + location, timeout=30) as page:
                assert expected[name] in page.read().decode()
        assert len(folders) == UPLOADS
    finally:
        server.close()
    figures = {"uploads": UPLOADS, "workers": 2, "draws": DRAWS,
               "startup_s": round(server.startup_s, 2), "single_job_s": round(single_s, 1),
               "twenty_jobs_s": round(load_s, 1),
               "ratio_to_ten_single": round(load_s / (10 * single_s), 2),
               "peak_rss_mb_server_and_jobs": round(server.peak_mb)}
    benchmark.extra_info.update(figures)
    print(json.dumps(figures))
