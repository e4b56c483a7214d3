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
        self._process = None
        if not fork or sys.platform != "linux" or threading.active_count() > 1:
            return  # the work will be done here
        context = multiprocessing.get_context("fork")
        work_reader, self._work_writer = context.Pipe(duplex=False)
        self._result_reader, result_writer = context.Pipe(duplex=False)
        process = context.Process(target=_serve, daemon=True, args=(
            prepare, work_reader, result_writer, (self._work_writer, self._result_reader)))
        with warnings.catch_warnings():
            # Python 3.12+ warns of a fork beside native threads (numpy's BLAS pool, idle
            # here); the second process only draws and returns bytes
            warnings.filterwarnings("ignore", "This process .* is multi-threaded",
                                    DeprecationWarning)
            process.start()
        work_reader.close()
        result_writer.close()
        self._process = process

    def submit(self, work: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Send ``work(*args)`` to the second process; returns the function that waits for its
        result (``work`` and ``args`` must pickle; ``work`` a module-level function)."""
        process, self._process = self._process, None  # one piece of work per process
        if process is None:
            return lambda: work(*args)
        try:
            self._work_writer.send((work, args))
        except Exception:  # not picklable, or the process is gone: done here
            _stop(process, self._work_writer, self._result_reader)
            return lambda: work(*args)

        def result() -> T:
            try:
                done, value = self._result_reader.recv()
            except EOFError:  # the process died without an answer
                done, value = False, None
            finally:
                _stop(process, self._work_writer, self._result_reader)
            return value if done else work(*args)

        return result


def available_cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _stop(process, *pipes) -> None:
    for pipe in pipes:
        pipe.close()
    process.join()


def _serve(prepare: Callable[[], object] | None, work_reader, result_writer,
           parent_ends: tuple) -> None:
    """The second process: prepare, wait for the work (none if the parent ends or sends
    nothing), do it, answer."""
    for end in parent_ends:  # so that the parent's end closing is seen here
        end.close()
    try:
        if prepare is not None:
            prepare()
        work, args = work_reader.recv()
    except BaseException:  # nothing to answer: the parent does the work itself
        return
    try:
        answer = (True, work(*args))
    except BaseException:  # the parent does the work again and shows the error
        answer = (False, None)
    result_writer.send(answer)
    result_writer.close()
