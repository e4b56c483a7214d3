"""The job runner of ``ghg serve``: steps in order, a failed step stops the job, a bounded pool,
state kept in the job folder and found again by a new server on the same workspace."""

from __future__ import annotations

import json
import time

from ghg.engine.provenance import package_version
from ghg.web.jobs import DONE, FAILED, Jobs, Step


def _finish(jobs: Jobs, ids: list[str], timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not all(jobs.get(i).finished for i in ids):
        assert time.monotonic() < end
        time.sleep(0.05)


def test_steps_run_in_order_and_a_failed_step_stops_the_job(tmp_path):
    jobs = Jobs(tmp_path, workers=1)
    ok_id, ok_folder = jobs.new_folder()
    bad_id, bad_folder = jobs.new_folder()
    jobs.submit(ok_id, ok_folder, "compute", [Step("a", ["--version"]), Step("b", ["--version"])])
    jobs.submit(bad_id, bad_folder, "compute", [Step("a", ["compute", "missing-folder"]),
                                                Step("b", ["--version"])])
    assert jobs.get(bad_id).state in ("waiting", "running")  # one worker: it waits its turn
    _finish(jobs, [ok_id, bad_id])
    ok, bad = jobs.get(ok_id), jobs.get(bad_id)
    assert (ok.state, ok.codes, ok.step) == (DONE, {"a": 0, "b": 0}, 2)
    assert ok.output("b").strip() == package_version()
    assert (bad.state, bad.codes) == (FAILED, {"a": 2})  # b never ran
    assert not (bad_folder / "b.stdout").exists()
    assert "missing-folder" in bad.output("a", "stderr")
    saved = json.loads((ok_folder / "status.json").read_text(encoding="utf-8"))
    assert saved["state"] == DONE and saved["steps"][0] == ["a", ["--version"], [0]]
    jobs.shutdown()
    again = Jobs(tmp_path)  # a new server on the same workspace
    assert again.get(ok_id).state == DONE and again.get(bad_id).codes == {"a": 2}
    assert [j.id for j in again.latest(done=True)] == [ok_id]
    again.shutdown()


def test_an_id_that_is_not_a_jobs_is_never_looked_up(tmp_path):
    jobs = Jobs(tmp_path)
    for given in ("../jobs", "0" * 32, "ABCDEF" * 6, ""):
        assert jobs.get(given) is None
    jobs.shutdown()
