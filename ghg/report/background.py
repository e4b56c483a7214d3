"""Work done in a second process while this one goes on: the report's charts are drawn there
(matplotlib, about two seconds) while the workbook is written here.

The second process is a fork, so it starts with everything already computed and nothing is
serialised but the result (a few PNG files as bytes). It is an optimisation only: where fork is
not available (Windows, macOS), where other Python threads run (a fork copies their locks
held), or when the work fails in the second process, the work is done here, in this process,
and gives the same bytes (or raises its error here, with its own traceback).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import warnings
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work()`` in a forked process; returns the function that waits for its result."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return work
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(work, send), daemon=True)
    with warnings.catch_warnings():
        # Python 3.12+ warns of a fork beside native threads (numpy's BLAS pool, idle here);
        # the child only draws and returns bytes
        warnings.filterwarnings("ignore", "This process .* is multi-threaded",
                                DeprecationWarning)
        process.start()
    send.close()

    def result() -> T:
        try:
            done, value = receive.recv()
        except EOFError:  # the process died without an answer
            done, value = False, None
        finally:
            receive.close()
            process.join()
        return value if done else work()

    return result


def _run(work: Callable[[], object], send) -> None:
    try:
        answer = (True, work())
    except BaseException:  # the parent does the work again and shows the error
        answer = (False, None)
    send.send(answer)
    send.close()
