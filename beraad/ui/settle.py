"""Keep Python's cycle collector off the key path while a session is on screen.

A big session holds hundreds of thousands of long-lived objects: the folded state, the rows of
its lists, the widgets. CPython's full collection walks every one of them — 100–500 ms at 5,000
contributions — at a moment nobody chooses, often right between a key and its echo. Those
objects live as long as the session screen does, so once the screen is drawn they are moved out
of the collector's reach (``gc.freeze``), and again whenever the session has grown by many
records since; leaving the session gives them back (``gc.unfreeze``) so that what it held can
be collected. Objects freed by reference counting are freed as always; only cycles among the
frozen ones wait until the screen is left.
"""

from __future__ import annotations

import gc

#: Records a session may grow by before what it holds now is frozen as well.
REFREEZE_AFTER = 1_000


class Settler:
    """Freezes what a session screen holds, once drawn and after each large growth."""

    def __init__(self) -> None:
        self._records: int | None = None
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def hold(self) -> None:
        """The screen is opening over a session already in memory (its records, its folded
        state): freeze that now. The opening makes garbage enough for full collections, and
        each walked it all: at 5,000 contributions one took 70–130 ms of the opening (in the
        first frame or in the tally's thread), at 10 a few. ``settle`` freezes the rest."""
        self._held = True
        gc.freeze()

    @property
    def settled(self) -> bool:
        return self._records is not None

    def settle(self, records: int) -> None:
        """The screen is drawn over a session of ``records`` records: freeze what it holds
        (again only when it grew by ``REFREEZE_AFTER`` since the last time)."""
        if self._records is not None and records - self._records < REFREEZE_AFTER:
            return
        self._records = records
        gc.freeze()

    def release(self) -> None:
        """The screen goes: what it held may be collected again."""
        if self._records is not None or self._held:
            self._records, self._held = None, False
            gc.unfreeze()
