"""What a long command is doing, told to the person waiting: phases, with timings on request.

Library code marks its phases with :func:`phase`; nothing is shown unless a caller installs a
reporter (the command line does, from ``-q``/``-v`` and whether stderr is a terminal), so a
library user or a test sees no output and pays a context-variable lookup per phase.

- :class:`Spinner` (a terminal, by default): a one-line transient status (rich) that appears only
  once the command has run for :data:`QUIET_START_S` seconds, so quick commands stay silent.
- :class:`Timings` (``-v``): one line per finished phase with its wall time, for any stderr.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TextIO

# Below this a status line would only flicker: "work over about 2 s" gets one.
QUIET_START_S = 1.0


class Reporter:
    """Told when phases start and end; the default tells no one."""

    def start(self, name: str) -> None:
        """A phase ``name`` begins."""

    def end(self, name: str, seconds: float) -> None:
        """A phase ``name`` ended after ``seconds``."""

    def close(self) -> None:
        """The command is done: remove anything transient."""


_SILENT = Reporter()
_reporter: ContextVar[Reporter | None] = ContextVar("ghg_progress", default=None)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Mark the enclosed work as the phase ``name`` (a translated, human-readable label)."""
    reporter = _reporter.get() or _SILENT
    reporter.start(name)
    began = time.perf_counter()
    try:
        yield
    finally:
        reporter.end(name, time.perf_counter() - began)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Send the phases of the enclosed work to ``reporter``."""
    token = _reporter.set(reporter)
    try:
        yield reporter
    finally:
        reporter.close()
        _reporter.reset(token)


class Timings(Reporter):
    """``-v``: each finished phase with its wall time, indented by nesting."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.depth = 0

    def start(self, name: str) -> None:
        self.depth += 1

    def end(self, name: str, seconds: float) -> None:
        self.depth -= 1
        print(f"{'  ' * self.depth}{name}: {seconds * 1000:,.0f} ms", file=self.stream)


class Spinner(Reporter):
    """A transient status line with the current phase, shown once work has lasted a while."""

    def __init__(self, stream: TextIO | None = None, after_s: float = QUIET_START_S):
        self.stream = stream or sys.stderr
        self.began = time.perf_counter()
        self.after_s = after_s
        self.names: list[str] = []
        self.status: Any = None  # a rich Status once shown

    def start(self, name: str) -> None:
        self.names.append(name)
        self._show()

    def end(self, name: str, seconds: float) -> None:
        if self.names:
            self.names.pop()
        self._show()

    def _show(self) -> None:
        if not self.names:
            return
        if self.status is None:
            if time.perf_counter() - self.began < self.after_s:
                return
            from rich.console import Console  # only on a terminal, only for long work

            self.status = Console(file=self.stream, stderr=True).status("")
            self.status.start()
        self.status.update(" › ".join(self.names))

    def close(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None


def for_terminal(quiet: bool, verbose: bool, stream: TextIO | None = None) -> Reporter:
    """The reporter a command uses: ``-v`` timings, ``-q`` none, else a spinner on a terminal."""
    stream = stream or sys.stderr
    if verbose:
        return Timings(stream)
    if quiet or not stream.isatty():
        return Reporter()
    return Spinner(stream)
