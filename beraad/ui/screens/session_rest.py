"""The views not looked at yet, mounted one at a time in the screen's quiet moments.

Its own module because it is one idea with its own clock: the session screen composes only the
view looked at (its first frame and its settling come first), and each other view is mounted
later, nearest first, only once the screen has painted nothing for a moment, no key came
lately, no screen is on top and no view still works on what it shows; so F3/F4 find them
ready and no key ever waits for more than one view's mount. Once all are mounted, what the
screen holds is kept out of the cycle collector's way (``ui/settle.py``), and at the next
still moments the views behind have their lines drawn ahead, one view each
(``draw_behind``), so the first look at each paints from kept lines. Which view is shown
and how a mounted view is given what it needs stay the session screen's (``_mount_views``).
"""

from __future__ import annotations

import time
from typing import Any

from textual.widgets import ContentSwitcher
from textual.worker import WorkerState

from beraad.ui.parts import in_place
from beraad.ui.screens.draw_behind import draw_behind
from beraad.ui.widgets.item_tree import ItemTree

#: Seconds the screen must have painted nothing before the first of the views not looked at
#: yet is mounted: the person is reading a settled screen (composing all eight with the
#: screen doubled the time to its first frame, and mounting them while the screen still
#: settled made it settle later).
MOUNT_REST_AFTER = 0.5
#: Seconds without a paint before each next one: the views come one per quiet moment, so a
#: key pressed meanwhile waits for one view's mount at most, never for all of them.
MOUNT_NEXT_AFTER = 0.05
#: Seconds after the person's last key (or their coming back from a screen on top, such as
#: the help, the palette or "since last time") before a view not looked at is mounted: what
#: they press comes first, never after a view mounting in the background.
KEY_REST_AFTER = 0.5


class RestMounts:
    """Mixed into ``SessionScreen``: the other views mount while the person reads."""

    phases: tuple[str, ...]
    viewing: str
    _views: dict[str, Any]
    _settler: Any
    _painted_at: float
    _resumed_at: float
    _redraw_pending: bool
    _calm_until: float
    _relabelling: bool
    rest_mounts: list[list[str]]
    node: Any
    session: str
    app: Any
    focused: Any
    query: Any
    call_after_refresh: Any
    set_timer: Any
    _mount_views: Any
    _shown: dict[str, int]
    _stale: set[str]
    _drawn_behind: dict[str, object]
    room_for: Any

    def _compositor_refresh(self) -> None:
        """Every paint of this screen is stamped: the views not looked at yet wait for a
        still screen (``_mount_rest``)."""
        self._painted_at = time.monotonic()
        super()._compositor_refresh()

    def _rest_order(self) -> list[str]:
        """The views not mounted yet, nearest to the one looked at first (F3/F4 go there)."""
        here = self.phases.index(self.viewing) if self.viewing in self.phases else 0
        waiting = [phase for phase in self.phases if phase not in self._views]
        return sorted(waiting, key=lambda phase: abs(self.phases.index(phase) - here))

    def _mount_rest(self) -> None:
        """Once the screen has been drawn and left still a moment, mount one view not looked
        at yet, and the next at the next still moment, so that F3/F4 find them ready without
        delaying the screen's first frame, its settling, or a key (each mount lays the screen
        out again; all seven at once were one 150–300 ms block at 5,000 contributions). The
        stillness is judged once the screen has painted what is pending: a timer that fell
        due while the loop was busy drawing would otherwise find the last paint old."""
        if in_place(self):
            self.call_after_refresh(self._mount_next)

    def _mount_next(self) -> None:
        if not in_place(self) or not self.query(ContentSwitcher):
            return
        waiting = self._rest_order()
        if not waiting:
            self.call_after_refresh(self._settle)
            return
        if self.app.screen is not self:
            # A screen on top (help, palette, "since last time"): its keys come first; the
            # next view mounts once this screen is back and the person pauses.
            self.set_timer(KEY_REST_AFTER, self._mount_rest)
            return
        still = MOUNT_NEXT_AFTER if self.rest_mounts else MOUNT_REST_AFTER
        keys_at = max(getattr(self.app, "last_key_at", 0.0), self._resumed_at)
        wait = max(self._painted_at + still, keys_at + KEY_REST_AFTER) - time.monotonic()
        # Still drawing what came (a redraw waiting out its calm time is not drawing), or a
        # view still working on what it shows (a big tally in a thread): later.
        due = self._redraw_pending and self._calm_until <= time.monotonic()
        if wait > 0 or due or self._busy():
            self.set_timer(max(wait, MOUNT_NEXT_AFTER), self._mount_rest)
            return
        self.rest_mounts.append(waiting[:1])
        self._mount_views(waiting[:1], then=self._mount_next)

    def _settle(self) -> None:
        """Every view is mounted and drawn: what the screen holds now lives as long as it
        does; keep the cycle collector from walking it between keys (``ui/settle.py``)."""
        if in_place(self):
            self._settler.settle(len(self.node.records(self.session)))
            # Still: a focused list paints its look without the focus ahead (an edit's box).
            self._settler.keep_tidy(self, self._stirred, self._paint_ahead)

    def _paint_ahead(self) -> bool:
        """At a still moment: a focused list's look without the focus, then one view behind
        drawn ahead (``draw_behind``); whether a view is left to draw at the next."""
        if isinstance(self.focused, ItemTree):
            self.focused.paint_unfocused()
        keys_at = max(getattr(self.app, "last_key_at", 0.0), self._resumed_at)
        if time.monotonic() - keys_at < KEY_REST_AFTER:
            return True  # the person may still be typing: later
        for view in self.views():
            if view.phase == self.viewing or view.phase in self._stale:
                continue
            if not view.laid_out_behind:
                continue
            room = self.room_for(view.phase)
            # Once per size and theme: the lines a later record changes are drawn at the look,
            # as at any later look (drawing again after each record took the still moments
            # between a peer's records, and their paint waited).
            stamp = (room, self.app.theme, self.app.size)
            if self._drawn_behind.get(view.phase) == stamp:
                continue
            self._drawn_behind[view.phase] = stamp
            draw_behind(view, room)
            return True  # one view per still moment: the next at the next one
        return False

    def _stirred(self) -> float | None:
        """When the screen last painted or had a key (None: still drawing what came, or a
        language switch composing it anew: its parts are gone until that ends)."""
        keys_at = max(getattr(self.app, "last_key_at", 0.0), self._resumed_at)
        if self._redraw_pending or self._relabelling or self._busy():
            return None
        return max(self._painted_at, keys_at)

    def on_unmount(self) -> None:
        self._settler.release()

    def on_screen_resume(self) -> None:
        """Back from a screen on top: the person's next keys come before the next mount."""
        self._resumed_at = time.monotonic()

    def _busy(self) -> bool:
        """Whether a view of this screen still works on what it shows (a big tally counted
        in a thread, say): its result is drawn first."""
        return any(
            worker.group != "views"
            and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and self in worker.node.ancestors_with_self
            for worker in self.app.workers
        )
