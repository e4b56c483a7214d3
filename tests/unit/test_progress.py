"""Phases reach the reporter a command installs, and nobody else."""

from __future__ import annotations

import io

from ghg.core import progress


def test_library_code_prints_nothing_without_a_reporter(capsys):
    with progress.phase("reading"):
        pass
    assert capsys.readouterr() == ("", "")


def test_verbose_gives_each_phase_nested_with_its_time():
    stream = io.StringIO()
    with progress.reporting(progress.Timings(stream)):
        with progress.phase("compute"):
            with progress.phase("read"):
                pass
    lines = stream.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["  read", "compute"]
    assert all(line.endswith(" ms") for line in lines)


def test_reporter_is_removed_after_the_command():
    stream = io.StringIO()
    with progress.reporting(progress.Timings(stream)):
        pass
    with progress.phase("later"):
        pass
    assert stream.getvalue() == ""


def test_choice_of_reporter():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert type(progress.for_terminal(quiet=False, verbose=True)) is progress.Timings
    assert type(progress.for_terminal(False, False, io.StringIO())) is progress.Reporter
    assert type(progress.for_terminal(True, False, Terminal())) is progress.Reporter
    assert type(progress.for_terminal(False, False, Terminal())) is progress.Spinner


def test_spinner_stays_silent_for_short_work_and_shows_long_work():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quick, slow = Terminal(), Terminal()
    with progress.reporting(progress.Spinner(quick, after_s=60)):
        with progress.phase("read"):
            pass
    with progress.reporting(progress.Spinner(slow, after_s=0)):
        with progress.phase("Monte Carlo"):
            pass
    assert quick.getvalue() == ""
    assert "Monte Carlo" in slow.getvalue()
