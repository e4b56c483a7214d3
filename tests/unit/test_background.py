"""Work in a forked second process (:mod:`ghg.report.background`): the result of the work, done
there when it can be, here when it cannot."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from ghg.report.background import in_background

HERE = os.getpid()
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the second process is a fork")


@linux_only
def test_the_work_is_done_in_a_second_process():
    pid, value = in_background(lambda: (os.getpid(), [1.5, "two", b"\x89PNG"]))()
    assert pid != HERE and value == [1.5, "two", b"\x89PNG"]


def _fails_in_the_child() -> int:
    if os.getpid() != HERE:
        raise RuntimeError("only in the second process")
    return os.getpid()


def _dies_in_the_child() -> int:
    if os.getpid() != HERE:
        os._exit(3)
    return os.getpid()


@pytest.mark.parametrize("work", [_fails_in_the_child, _dies_in_the_child])
def test_work_that_fails_there_is_done_again_here(work):
    assert in_background(work)() == HERE


def test_an_error_of_the_work_is_raised_here_with_its_own_message():
    def broken() -> None:
        raise ValueError("chart: no data")

    waiting = in_background(broken)
    with pytest.raises(ValueError, match="chart: no data"):
        waiting()


def test_beside_other_threads_the_work_is_done_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert in_background(os.getpid)() == HERE
    finally:
        stop.set()
        other.join()
