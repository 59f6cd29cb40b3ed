"""Ctrl-C and SIGTERM stop a run where stopping is safe.

Python raises KeyboardInterrupt wherever the main thread happens to be. In the middle of
ZeroMQ or asyncio calls (talking to a kernel) that leaves a socket half made or a future
set twice, and the run then hangs at exit or aborts; inside a destructor the exception is
printed and dropped, and the run goes on as if nothing had happened. So, once
:func:`install` has run:

- a signal is remembered before anything is raised;
- inside :func:`deferred` sections it is only remembered, and raised when the section ends;
- :func:`raise_if_stopped` raises it again at points that must not be passed after a signal
  (before a report replaces the previous one), in case a destructor swallowed it.

Only the main thread is concerned: Python runs signal handlers there alone.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from analysis.errors import Interrupted

_HANDLED = (signal.SIGINT, signal.SIGTERM)


class _State:
    """The signal received (if any), whether it has been raised yet, how deep in deferral."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """No signal received, none raised, no deferred section open."""
        self.signum: int | None = None
        self.raised = False
        self.depth = 0


_state = _State()


def _exception(signum: int) -> KeyboardInterrupt:
    if signum == signal.SIGINT:
        return KeyboardInterrupt()
    return Interrupted(f"stopped by signal {signal.Signals(signum).name}")


def _handle(signum: int, _frame: FrameType | None) -> None:
    if _state.signum is None:
        _state.signum = signum
        # Cleaning up must not be cut short by a second signal.
        for handled in _HANDLED:
            signal.signal(handled, signal.SIG_IGN)
    if _state.depth == 0 and not _state.raised:
        _state.raised = True
        raise _exception(signum)


def install() -> Callable[[], None]:
    """Handle SIGINT (unless it is ignored, as in a background job) and SIGTERM; returns
    the undo, which restores the previous handlers and forgets any signal received."""
    previous = {handled: signal.getsignal(handled) for handled in _HANDLED}
    previous_hook = sys.unraisablehook
    signal.signal(signal.SIGTERM, _handle)
    if previous[signal.SIGINT] is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _handle)
    _state.reset()

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        # The signal, raised in a destructor and dropped there, is raised again later by
        # raise_if_stopped: no traceback for it on the user's screen.
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            previous_hook(unraisable)

    sys.unraisablehook = hook

    def undo() -> None:
        for handled, handler in previous.items():
            signal.signal(handled, handler)
        sys.unraisablehook = previous_hook
        _state.reset()

    return undo


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def deferred(deliver: bool = True) -> Iterator[None]:
    """A section that a signal does not cut: one received inside is raised as it ends
    (with ``deliver``), or left for :func:`received` to report (without)."""
    if not _on_main_thread():
        yield
        return
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
    if deliver and _state.depth == 0:
        _raise_unraised()


def _raise_unraised() -> None:
    if _state.signum is not None and not _state.raised:
        _state.raised = True
        raise _exception(_state.signum)


def raise_if_stopped() -> None:
    """Raise the signal received, even if it was raised before and swallowed on the way
    (main thread only: worker threads finish what they started)."""
    if _state.signum is not None and _on_main_thread():
        _state.raised = True
        raise _exception(_state.signum)


def received() -> int | None:
    """The signal received and never raised, if any: one that came during a last, deferred
    step, after which the run finished."""
    return _state.signum if not _state.raised else None


def join_thread(thread: threading.Thread, poll: float = 0.1) -> None:
    """``thread.join()``, interruptible, without Python 3.11's flaw: a signal raised inside
    ``join`` marks a thread that is still running as ended, and the next ``join`` returns at
    once (CPython issue 90882). The joins here are deferred sections of ``poll`` seconds."""
    while thread.is_alive():
        with deferred():
            thread.join(poll)
