"""Work done in a second process while this one goes on: the report's and the scenario's charts
are drawn there (matplotlib, about two seconds for the report) while the workbook and tables are
written here.

:class:`Worker` forks a process that first prepares (imports matplotlib while the inventory is
still being computed here), then does the one piece of work it is sent: a module-level function
and its arguments, pickled, whose result comes back pickled. It is an optimisation only: where
fork is not available (Windows, macOS), where other Python threads run (a fork copies the locks
they hold), or when the work cannot be sent or fails in the second process, the work is done
here, in this process, and gives the same bytes (or raises its error here, with its own
traceback).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Worker:
    """A second process for one piece of work, started before the work's inputs exist.

    >>> worker = Worker()
    >>> worker.submit(sum, [1, 2, 3])()
    6
    """

    def __init__(self, prepare: Callable[[], object] | None = None, *, fork: bool = True
                 ) -> None:
        self._process: Any = None  # the process (shared by a group), once started
        self._work_writer: Any = None  # this end of the pipes, once started
        self._result_reader: Any = None
        self._running = [0]  # workers of this process not yet stopped (shared by a group)
        self._active = False  # a process waits for this worker's work
        if fork and _can_fork():
            _start([self], prepare)

    def submit(self, work: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Send ``work(*args)`` to the second process; returns the function that waits for its
        result (``work`` and ``args`` must pickle; ``work`` a module-level function)."""
        active, self._active = self._active, False  # one piece of work per process
        process = self._process
        if not active:
            return lambda: work(*args)
        try:
            self._work_writer.send((work, args))
        except Exception:  # not picklable, or the process is gone: done here
            _stop(process, self._running, self._work_writer, self._result_reader)
            return lambda: work(*args)

        def result() -> T:
            try:
                done, value = self._result_reader.recv()
            except EOFError:  # the process died without an answer
                done, value = False, None
            finally:
                _stop(process, self._running, self._work_writer, self._result_reader)
            return value if done else work(*args)

        return result

    def close(self) -> None:
        """Let the process go without work (nothing turned out to be worth sending)."""
        if self._active:
            self._active = False
            _stop(self._process, self._running, self._work_writer, self._result_reader)


def prepared_workers(count: int, prepare: Callable[[], object]) -> list[Worker]:
    """``count`` workers whose processes have all run ``prepare``, run once: the first process
    prepares, then forks the others from itself (they share its memory), so an import of
    matplotlib is paid once, not ``count`` times. Without fork, workers that work here.

    The first process ends when the others have; it is joined when every worker has its
    result."""
    workers = [Worker(fork=False) for _ in range(count)]
    if workers and _can_fork():
        _start(workers, prepare)
    return workers


def available_cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def _start(workers: list[Worker], prepare: Callable[[], object] | None) -> None:
    """One process for ``workers``, with a pair of pipes each; it prepares, then forks one
    process per further worker (:func:`_serve`)."""
    context = multiprocessing.get_context("fork")
    channels = []  # the process's ends: (work reader, result writer) per worker
    for worker in workers:
        work_reader, worker._work_writer = context.Pipe(duplex=False)
        worker._result_reader, result_writer = context.Pipe(duplex=False)
        channels.append((work_reader, result_writer))
    parent_ends = [end for worker in workers for end in (worker._work_writer,
                                                         worker._result_reader)]
    process = context.Process(target=_serve, daemon=True, args=(prepare, channels, parent_ends))
    with warnings.catch_warnings():
        # Python 3.12+ warns of a fork beside native threads (numpy's BLAS pool, idle
        # here); the second process only draws and returns bytes
        warnings.filterwarnings("ignore", "This process .* is multi-threaded",
                                DeprecationWarning)
        process.start()
    for ends in channels:
        for end in ends:
            end.close()
    running = [len(workers)]  # the process is joined when every worker has stopped
    for worker in workers:
        worker._process, worker._running = process, running
        worker._active = True


def _stop(process, running: list[int], *pipes) -> None:
    for pipe in pipes:
        pipe.close()
    running[0] -= 1
    if running[0] == 0:  # it waits for the processes it forked, which answer the others
        process.join()


def _serve(prepare: Callable[[], object] | None, channels: list[tuple], parent_ends: list
           ) -> None:
    """The second process: prepare, fork a process for each further worker, then (each) wait
    for its work (none if the parent ends or sends nothing), do it, answer."""
    for end in parent_ends:  # so that the parent's end closing is seen here
        end.close()
    try:
        if prepare is not None:
            prepare()
    except BaseException:  # nothing to answer: the parent does the work itself
        return
    forked = []
    for index in range(1, len(channels)):
        pid = os.fork()
        if pid == 0:  # a further worker's process: its own pipes only
            for other, ends in enumerate(channels):
                if other != index:
                    for end in ends:
                        end.close()
            try:
                _answer(*channels[index])
            finally:
                os._exit(0)
        forked.append(pid)
        for end in channels[index]:
            end.close()
    _answer(*channels[0])
    for pid in forked:  # each ends once it has answered, or its worker was dropped
        os.waitpid(pid, 0)


def _answer(work_reader, result_writer) -> None:
    try:
        work, args = work_reader.recv()
    except BaseException:  # nothing to answer: the parent does the work itself
        return
    try:
        answer = (True, work(*args))
    except BaseException:  # the parent does the work again and shows the error
        answer = (False, None)
    result_writer.send(answer)
    result_writer.close()
