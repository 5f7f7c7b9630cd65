"""Keep Python's cycle collector off the key path while a session is on screen.

A big session holds hundreds of thousands of long-lived objects: the folded state, the rows of
its lists, the widgets. CPython's full collection walks every one of them — 100–500 ms at 5,000
contributions — at a moment nobody chooses, often right between a key and its echo. Those
objects live as long as the session screen does, so once the screen is drawn they are moved out
of the collector's reach (``gc.freeze``), and again whenever the session has grown by many
records since; leaving the session gives them back (``gc.unfreeze``) so that what it held can
be collected. Objects freed by reference counting are freed as always; only cycles among the
frozen ones wait until the screen is left.

What the screen makes after that and keeps — the lines drawn at the first look at each view and
at the first edit, each a ``Strip`` of a dozen objects — was walked by every full collection
again (~37,000 objects after a look at each view at 5,000 contributions: 25–73 ms a pass, which
fell in a key or an edit's opening). So when the screen has been still a moment and many such
objects were made since the last pass, they are collected once then (``tidy``), and what is
left is frozen as well — the first few times only: a frozen line that a cache lets go later is
a cycle (a ``Strip`` keeps itself in its crop cache) that waits until the screen is left, so
freezing at every still moment would keep every line ever drawn. Later still moments only
collect, and the collector's next full pass finds little to do.

A still moment between a person's keys is no moment for that pass: with a peer adding a
position a second to the tree being typed under, each record's new lines made a still moment
collect fully (0.2 s at load 20) half a second after a key, and the next key waited in it (issue
15, F1: one key in five waited 1.0–1.6 s). So the pass waits until the person has not typed for
``TIDY_AFTER_TYPING``: they stopped, not paused between two words.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

#: Records a session may grow by before what it holds now is frozen as well.
REFREEZE_AFTER = 1_000
#: Objects the collector's oldest generation (not frozen) may gain since the last collection
#: before a still screen collects once (a first look at a view keeps a few thousand: its lines).
TIDY_AFTER = 4_000
#: Still moments that freeze what is left after collecting, when that is many objects (the
#: first looks at the views, the first edit); later ones only collect (the module's docstring).
TIDY_FREEZES = 8
#: Seconds without a paint or a key before a still screen tidies (the person reads).
TIDY_STILL = 0.2
#: Seconds since the person's last key before a still screen collects (a typist's pause between
#: words is shorter; the collection walks every object not frozen and a key would wait in it).
TIDY_AFTER_TYPING = 2.0
#: How often a settled screen looks whether it is still.
TIDY_CHECK = 0.1


class Settler:
    """Freezes what a session screen holds, once drawn and after each large growth."""

    def __init__(self) -> None:
        self._records: int | None = None
        self._held = False
        self.tidies = 0
        """Collections made at still moments so far (tests count them)."""
        self._freezes = 0
        """Of those, the ones that froze what was left (since the last ``settle``)."""
        self._left = 0
        """Objects in the oldest generation, not frozen, after the last collection."""
        self._timer: Any = None
        self.looked = 0.0
        """When a still screen was last looked at (``time.monotonic``; tests wait for it)."""

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
        self._records, self._freezes, self._left = records, 0, 0
        gc.freeze()

    def tidy(self) -> bool:
        """The screen is still (drawn, no key for a moment): if many objects lived on since
        the last collection, collect once now, while nobody waits, and freeze what is left
        if that is many (up to ``TIDY_FREEZES`` times); the collector's own next full pass,
        at a moment nobody chooses (often within a key), then walks few. Did it collect?"""
        if self._records is None:
            return False
        if len(gc.get_objects(generation=2)) - self._left < TIDY_AFTER:
            return False
        gc.collect()
        self.tidies += 1
        self._left = len(gc.get_objects(generation=2))
        if self._left >= TIDY_AFTER and self._freezes < TIDY_FREEZES:
            self._freezes += 1  # many live on (a first look's lines): out of the walk
            gc.freeze()
            self._left = 0
        return True

    def keep_tidy(
        self,
        screen: Any,
        stirred: Callable[[], float | None],
        still: Callable[[], object] = lambda: False,
        typed: Callable[[], float] = lambda: 0.0,
    ) -> None:
        """From now on ``tidy`` whenever ``screen`` is shown and still, after ``still`` (what
        the screen prepares then): ``stirred`` says when it last painted or had a key
        (``time.monotonic``), None while it is still busy. While ``still`` says it has more
        to do (one piece per still moment), the next check looks again. ``typed`` says when
        the person last typed: the collection waits ``TIDY_AFTER_TYPING`` after it."""
        if self._timer is None:
            self._timer = screen.set_interval(
                TIDY_CHECK, lambda: self._check(screen, stirred, still, typed)
            )

    def _check(
        self,
        screen: Any,
        stirred: Callable[[], float | None],
        still: Callable[[], object],
        typed: Callable[[], float],
    ) -> None:
        last = stirred() if screen.app.screen is screen else None
        now = time.monotonic()
        # Looked at once per stir: a screen left still is not counted again and again.
        if last is None or last <= self.looked or now - last < TIDY_STILL:
            return
        if still():
            return  # more to prepare at the next check; the collection after it all
        if now - typed() < TIDY_AFTER_TYPING:
            return  # the person is typing: a key would wait in the pass; look again later
        self.looked = now
        self.tidy()

    def release(self) -> None:
        """The screen goes: what it held may be collected again."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._records is not None or self._held:
            self._records, self._held = None, False
            gc.unfreeze()
