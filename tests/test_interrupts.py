"""Ctrl-C and SIGTERM inside this process: deferred sections, swallowed signals, thread joins.

The signals are sent to the test process itself; Python runs the handler in the main thread
at the next instruction, so each one lands where the test sends it.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import interrupts
from analysis.errors import Interrupted
from analysis.outputs import make_staging, publish_report


@pytest.fixture
def handled() -> Iterator[None]:
    """The command line's handlers, installed for one test and then removed."""
    undo = interrupts.install()
    try:
        yield
    finally:
        undo()


def send(signum: signal.Signals) -> None:
    os.kill(os.getpid(), signum)
    time.sleep(0.01)  # the handler runs at the next instruction of the main thread


def test_a_signal_outside_any_section_is_raised_at_once(handled: None) -> None:
    with pytest.raises(Interrupted, match="SIGTERM"):
        send(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as raised:
        interrupts.raise_if_stopped()
    assert type(raised.value) is Interrupted  # the first signal is the one kept


def test_sigint_is_a_plain_keyboard_interrupt(handled: None) -> None:
    with pytest.raises(KeyboardInterrupt) as raised:
        send(signal.SIGINT)
    assert type(raised.value) is KeyboardInterrupt


def test_a_signal_in_a_deferred_section_is_raised_as_it_ends(handled: None) -> None:
    reached: list[str] = []
    with pytest.raises(Interrupted), interrupts.deferred():
        send(signal.SIGTERM)
        reached.append("after the signal")
        with interrupts.deferred():  # a nested section ends: still deferred
            pass
        reached.append("after the nested section")
    assert reached == ["after the signal", "after the nested section"]


def test_a_second_signal_is_ignored_while_cleaning_up(handled: None) -> None:
    with pytest.raises(Interrupted):
        send(signal.SIGTERM)
    send(signal.SIGINT)  # ignored: would raise KeyboardInterrupt here otherwise
    send(signal.SIGTERM)
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_a_section_without_delivery_leaves_the_signal_to_report(handled: None) -> None:
    with interrupts.deferred(deliver=False):
        send(signal.SIGINT)
    assert interrupts.received() == signal.SIGINT


class _Swallower:
    """A destructor that runs when the signal arrives, as WeasyPrint's font objects did."""

    def __del__(self) -> None:
        send(signal.SIGINT)


def test_a_signal_swallowed_by_a_destructor_is_raised_again_before_publishing(
    handled: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    swallower = _Swallower()
    del swallower  # the KeyboardInterrupt raised inside __del__ is dropped by Python
    gc.collect()
    target = tmp_path / "report"
    staging = make_staging(target)
    (staging / "report.html").write_text("new", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        publish_report(staging, target)
    assert not target.exists()
    assert "Exception ignored" not in capsys.readouterr().err


def test_an_interrupted_join_leaves_the_thread_running(handled: None) -> None:
    """Python 3.11's Thread.join, cut by a signal, marks a running thread as ended; the next
    join then returns at once while it still runs (CPython issue 90882)."""
    release = threading.Event()
    worker = threading.Thread(target=release.wait, daemon=True)
    worker.start()
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        with pytest.raises(Interrupted):
            interrupts.join_thread(worker)
        assert worker.is_alive()
        assert not release.is_set()
    finally:
        release.set()
        timer.cancel()
    interrupts.join_thread(worker)
    assert not worker.is_alive()


def test_an_ignored_sigint_stays_ignored() -> None:
    """A background job starts with SIGINT ignored; the command line keeps it so."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        undo = interrupts.install()
        try:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        finally:
            undo()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_undo_restores_the_handlers_and_forgets_the_signal() -> None:
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    undo = interrupts.install()
    with interrupts.deferred(deliver=False):
        send(signal.SIGTERM)
    undo()
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert interrupts.received() is None
    interrupts.raise_if_stopped()  # nothing to raise


def test_other_threads_are_never_stopped_by_the_main_threads_signal(handled: None) -> None:
    with interrupts.deferred(deliver=False):
        send(signal.SIGTERM)
    outcome: list[str] = []

    def publish_elsewhere() -> None:
        interrupts.raise_if_stopped()
        outcome.append("finished")

    worker = threading.Thread(target=publish_elsewhere)
    worker.start()
    worker.join()
    assert outcome == ["finished"]


def _finishes_after_a_signal_in_its_last_step(_args: object) -> int:
    with interrupts.deferred(deliver=False):  # as the swap of a report is
        send(signal.SIGTERM)
    return 0


def _stopped_in_a_cell(_args: object) -> int:
    with interrupts.deferred():  # as a wait for the kernel is
        send(signal.SIGINT)
    raise AssertionError("the signal is raised as the deferred section ends")


@pytest.mark.parametrize(
    ("command", "code", "message"),
    [
        (_finishes_after_a_signal_in_its_last_step, 143, "as it finished; what it wrote is whole"),
        (_stopped_in_a_cell, 130, "interrupted; nothing was replaced"),
    ],
)
def test_the_command_line_says_how_a_signal_ended_the_run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: object,
    code: int,
    message: str,
) -> None:
    from analysis import __main__ as cli

    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    monkeypatch.setattr(cli, "_validate", command)
    assert cli.main(["validate"]) == code
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
