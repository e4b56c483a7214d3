"""Work in a forked second process (:mod:`ghg.core.background`): the result of the work, done
there when it can be, here when it cannot."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ghg.core.background import Worker, prepared_workers

HERE = os.getpid()
PREPARED: list[int] = []
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the second process is a fork")


def _ran_alone(request) -> bool:
    """True if this test was run, and passed, in a fresh interpreter: earlier tests of this
    session left threads (dask's thread pool), beside which :class:`Worker` rightly does not
    fork, so the fork itself is tested where no other thread runs."""
    if threading.active_count() == 1:
        return False
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           request.node.nodeid], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    return True


def _pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _prepare() -> None:
    PREPARED.append(os.getpid())


def _prepared() -> list[int]:
    return list(PREPARED)


@linux_only
def test_the_work_and_its_arguments_go_to_a_second_process_and_the_result_comes_back(request):
    if _ran_alone(request):
        return
    pid, value = Worker().submit(_pid_and, [1.5, "two", b"\x89PNG"])()
    assert pid != HERE and value == [1.5, "two", b"\x89PNG"]


@linux_only
def test_the_second_process_prepares_before_the_work_and_only_there(request):
    if _ran_alone(request):
        return
    prepared = Worker(prepare=_prepare).submit(_prepared)()
    assert len(prepared) == 1 and prepared[0] != HERE
    assert PREPARED == []


def _fails_in_the_child() -> int:
    if os.getpid() != HERE:
        raise RuntimeError("only in the second process")
    return os.getpid()


def _dies_in_the_child() -> int:
    if os.getpid() != HERE:
        os._exit(3)
    return os.getpid()


@pytest.mark.parametrize("work", [_fails_in_the_child, _dies_in_the_child,
                                  lambda: os.getpid()])  # a lambda does not pickle
def test_work_that_cannot_be_done_there_is_done_here(work):
    assert Worker().submit(work)() == HERE


def _broken() -> None:
    raise ValueError("chart: no data")


def test_an_error_of_the_work_is_raised_here_with_its_own_message():
    waiting = Worker().submit(_broken)
    with pytest.raises(ValueError, match="chart: no data"):
        waiting()


def test_beside_other_threads_the_work_is_done_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert Worker().submit(os.getpid)() == HERE
    finally:
        stop.set()
        other.join()


@linux_only
def test_a_second_process_sent_no_work_ends_with_its_worker(request):
    if _ran_alone(request):
        return
    worker = Worker(prepare=_prepare)
    process = worker._process
    assert process is not None and process.is_alive()
    del worker
    gc.collect()
    process.join(timeout=30)
    assert process.exitcode == 0


def _pid_prepared_and_bytes(size: int) -> tuple[int, list[int], bytes]:
    return os.getpid(), list(PREPARED), b"x" * size


@linux_only
def test_prepared_workers_prepare_once_and_each_answers_from_its_own_process(request):
    if _ran_alone(request):
        return
    first, second = prepared_workers(2, _prepare)
    # answers larger than a pipe's buffer: the first process, whose answer is awaited first,
    # waits for the second, which can send its answer only once that one is awaited too
    waiting = [first.submit(_pid_prepared_and_bytes, 1 << 20),
               second.submit(_pid_prepared_and_bytes, 1 << 20)]
    (pid1, prepared1, data1), (pid2, prepared2, data2) = waiting[0](), waiting[1]()
    assert len({pid1, pid2, HERE}) == 3 and len(data1) == len(data2) == 1 << 20
    # the second process was forked from the first once it had prepared: one preparation
    assert prepared1 == prepared2 and len(prepared1) == 1 and prepared1[0] in (pid1, pid2)
    assert PREPARED == []
    assert first._process is second._process and first._process.exitcode == 0


def test_a_worker_closed_unused_lets_its_group_end(request):
    """The report's draws process, closed when an inventory states no uncertainty: the chart
    process beside it still answers, and the group's process is joined."""
    if _ran_alone(request):
        return
    unused, used = prepared_workers(2, _prepare)
    unused.close()
    pid, _prepared_pids, data = used.submit(_pid_prepared_and_bytes, 10)()
    assert pid != HERE and len(data) == 10
    assert unused._process.exitcode == 0  # joined: the closed worker no longer holds it
    assert unused.submit(os.getpid)() == HERE  # closed: work sent after is done here


def test_prepared_workers_work_here_beside_other_threads():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        workers = prepared_workers(2, _prepare)
        assert [worker.submit(os.getpid)() for worker in workers] == [HERE, HERE]
        assert PREPARED == []
    finally:
        stop.set()
        other.join()
