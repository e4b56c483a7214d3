"""The scenario's chart workers import matplotlib one after the other (a shared lock), and a
worker that waited too long for its turn imports anyway."""

from __future__ import annotations

import multiprocessing
import sys

import pytest

from ghg.scenario import output


def test_the_turn_is_given_back_after_the_import():
    turn = multiprocessing.Lock()
    output.import_charts_in_turn(turn)
    assert "matplotlib.pyplot" in sys.modules
    assert turn.acquire(timeout=0)  # free again for the other worker
    turn.release()


def test_a_turn_never_given_back_only_delays_the_import(monkeypatch):
    turn = multiprocessing.Lock()
    turn.acquire()  # held by a worker that hung
    monkeypatch.setattr(output, "TURN_WAIT_S", 0.01)
    output.import_charts_in_turn(turn)
    assert not turn.acquire(timeout=0)  # still the hung worker's: not released by this one


def test_the_import_fails_here_as_it_would_without_the_turn(monkeypatch):
    def broken() -> None:
        raise ImportError("no matplotlib")

    monkeypatch.setattr(output, "import_charts", broken)
    turn = multiprocessing.Lock()
    with pytest.raises(ImportError):
        output.import_charts_in_turn(turn)
    assert turn.acquire(timeout=0)  # given back all the same
