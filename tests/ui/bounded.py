"""Walks of the app that stop by themselves: a key pressed until something is reached.

A walk that never reaches its goal must fail with words, not spin: in session 13 a walk of a
second meeting went round its last phase for 29 minutes, and the pytest time-out never fired
while the app's loop kept busy. A count, then a clear failure.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot


async def press_until(
    pilot: Pilot, key: str, reached: Callable[[], object], what: str, most: int = 40
) -> None:
    """Press ``key`` until ``reached()``: at most ``most`` times, then fail naming ``what``."""
    for _ in range(most):
        if reached():
            return
        await pilot.press(key)
    assert reached(), f"{most} × {key} never reached {what}"
