"""A test's time-out that the test hears, also while a Textual app keeps its loop busy.

pytest-timeout's signal method raises its failure in whatever code runs when the alarm rings.
In a test of the app that is mostly one of the app's own tasks: that task ends with the
failure, and the test goes on. In session 13 a walk of a second meeting went round the last
phase for 29 minutes past its 180 s that way. An exception raised at a random point can also
land inside ``ast.parse`` (Textual parses action strings with it) and leave CPython 3.11's AST
depth count wrong: pytest then cannot write the failure, xdist drops the report, and the run
can end without the failure.

Here, in a test that runs an asyncio loop, the alarm raises nothing where it rings: it asks
the loop to cancel the task the loop was started for (the test's coroutine, or the app that a
snapshot test runs), which then ends at its next ``await`` with the time-out's words and tidies
up as any cancelled task does. Without a loop (a test waiting on a process, say) it fails in
place, as pytest-timeout does. The alarm rings again every ``RING_AGAIN_EVERY`` seconds while
the test has not ended; from the fourth ring on it fails in place. It acts only inside the
test's setup, call and teardown (in teardown once, and not at all if the test heard it
before), never while pytest writes a report: on main e5f8661, under load, pytest-timeout's
alarm rang while a slow failure report was written, the worker had an INTERNALERROR and xdist
ended the whole run after 78 of 2,300 tests. A test still running
``HARD_STOP_AFTER`` seconds after its time-out (stuck where no signal is heard) has its stacks
written and its process ended (pytest-timeout's thread method): xdist reports it failed.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import threading
import traceback
from asyncio import base_events
from types import FrameType
from typing import Any

import pytest
from pytest_timeout import timeout_timer

#: A test that heard its alarm has this long to tidy up (tmux, sshd, a namespace, the app)
#: before the alarm rings again.
RING_AGAIN_EVERY = 30.0
#: Rings that cancel the loop's task; after them the alarm fails in place.
CANCELLING_RINGS = 3
#: The last resort, counted from the time-out: the process is ended.
HARD_STOP_AFTER = 150.0

_ALARM = pytest.StashKey["Alarm"]()


def _root_tasks(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
    """The tasks ``run_until_complete`` waits for (``asyncio.run``, pytest-asyncio's runner)."""
    return [
        task
        for task in asyncio.all_tasks(loop)
        if any(
            callback is base_events._run_until_complete_cb for callback, _ in task._callbacks or ()
        )
    ]


class Alarm:
    def __init__(self, item: pytest.Item, settings: Any) -> None:
        self.item, self.settings = item, settings
        self.rings = 0
        self.ended = False
        self.phase: str | None = None
        self.last_resort = threading.Timer(
            settings.timeout + HARD_STOP_AFTER, timeout_timer, (item, settings)
        )
        self.last_resort.daemon = True

    def set(self) -> None:
        signal.signal(signal.SIGALRM, self.ring)
        signal.setitimer(signal.ITIMER_REAL, self.settings.timeout, RING_AGAIN_EVERY)
        self.last_resort.start()

    def words(self) -> str:
        return f"Timeout (>{self.settings.timeout}s) from pytest-timeout (alarm {self.rings})"

    def ring(self, _signum: int, frame: FrameType | None) -> None:
        __tracebackhide__ = True
        if self.ended or self.phase is None or (self.phase == "teardown" and self.rings):
            return  # writing a report, or tidying up after the test heard it
        self.rings += 1
        if self.rings == 1 and frame is not None:
            where = "".join(traceback.format_stack(frame))
            sys.stderr.write(f"\n{self.words()} in {self.item.nodeid}, ringing in:\n{where}\n")
        loop = asyncio.events._get_running_loop()
        if loop is not None and self.rings <= CANCELLING_RINGS:
            loop.call_soon_threadsafe(self._cancel, loop, self.words())
            return
        pytest.fail(self.words())

    def _cancel(self, loop: asyncio.AbstractEventLoop, words: str) -> None:
        for task in _root_tasks(loop):
            task.cancel(words)

    def cancel(self) -> None:
        self.ended = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        self.last_resort.cancel()


@pytest.hookimpl
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """The signal method's alarm is ``Alarm``; the thread method stays pytest-timeout's."""
    if settings.method != "signal" or threading.current_thread() is not threading.main_thread():
        return None
    alarm = item.stash[_ALARM] = Alarm(item, settings)
    alarm.set()
    return True


def _in_phase(item: pytest.Item, phase: str):  # type: ignore[no-untyped-def]
    alarm = item.stash.get(_ALARM, None)
    if alarm is not None:
        alarm.phase = phase
    try:
        return (yield)
    finally:
        if alarm is not None:
            alarm.phase = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):  # type: ignore[no-untyped-def]
    return (yield from _in_phase(item, "setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):  # type: ignore[no-untyped-def]
    return (yield from _in_phase(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item):  # type: ignore[no-untyped-def]
    return (yield from _in_phase(item, "teardown"))


@pytest.hookimpl
def pytest_timeout_cancel_timer(item: pytest.Item) -> bool | None:
    if (alarm := item.stash.get(_ALARM, None)) is None:
        return None
    alarm.cancel()
    return True
