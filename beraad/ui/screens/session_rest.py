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

from beraad.i18n import current_language
from beraad.ui.parts import in_place
from beraad.ui.screens.draw_behind import draw_behind
from beraad.ui.screens.session_views import Views
from beraad.ui.widgets.item_tree import ItemTree

#: Seconds the screen must have painted nothing before the first of the views not looked at
#: yet is mounted: its first frames are drawn, the person reads (composing all eight with the
#: screen doubled the time to its first frame, and mounting them while the screen still
#: settled made it settle later). Half a second left the views unmounted when the first
#: F3 came (a person reading for 0.3 s in tmux): each first look mounted its view on the key
#: and showed it in three to five pane states (issue 15, ``benchmarks/tmux_ui.py``).
MOUNT_REST_AFTER = 0.1
#: Seconds without a paint before each next one: the views come one per quiet moment, so a
#: key pressed meanwhile waits for one view's mount at most, never for all of them.
MOUNT_NEXT_AFTER = 0.05
#: Seconds after the person's last key (or their coming back from a screen on top, such as
#: the help, the palette or "since last time") before a view not looked at is mounted: what
#: they press comes first, never after a view mounting in the background.
KEY_REST_AFTER = 0.5
#: Seconds after a look at another phase (F3, F4, F5) before the next view not looked at is
#: mounted: a person looking through the phases (F3, read, F3) reads a few tenths of a
#: second, and the next view mounts in that pause, so the next look finds it (after
#: ``KEY_REST_AFTER`` every view of the first round was still unmounted at its key). After
#: any other key the person is typing: the views wait for ``KEY_REST_AFTER``.
MOUNT_KEY_REST = 0.15


class RestMounts:
    """Mixed into ``SessionScreen``: the other views mount while the person reads."""

    phases: tuple[str, ...]
    viewing: str
    _views: dict[str, Any]
    _settler: Any
    _painted_at: float
    _resumed_at: float
    _looked_at: float
    _rest_timer: Any = None
    _shown_once = False
    _checks_held = False
    _none_undrawn: tuple[Any, ...] | None = None
    """``_behind_looked`` when every view behind was last found drawn ahead."""
    group_phase: str | None
    facts: Any
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
    children: Any
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

    def _rest_later(self, seconds: float) -> None:
        """The next step behind in ``seconds`` (sooner if the person looks elsewhere)."""
        self._rest_timer = self.set_timer(seconds, self._mount_rest)

    def looked(self) -> None:
        """The person looks at another phase (F3, F4, F5) and reads: the next view behind
        mounts soon after (``MOUNT_KEY_REST``), also when the steps behind were waiting for
        typing keys to pause (their timer would have come half a second later)."""
        self._looked_at = time.monotonic()
        timer, self._rest_timer = self._rest_timer, None
        if timer is not None and timer._task is not None and not timer._task.done():
            timer.stop()  # waiting (not mounting): wait again, for the look's rest
            self._mount_rest()

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
            self._rest_later(KEY_REST_AFTER)
            return
        still = MOUNT_NEXT_AFTER if self.rest_mounts else MOUNT_REST_AFTER
        wait = max(self._painted_at + still, self._keys_rest_until()) - time.monotonic()
        # Still drawing what came (a redraw waiting out its calm time is not drawing), or a
        # view still working on what it shows (a big tally in a thread): later.
        due = self._redraw_pending and self._calm_until <= time.monotonic()
        if wait > 0 or due or self._busy():
            self._rest_later(max(wait, MOUNT_NEXT_AFTER))
            return
        self.release_checks()  # drawn and still: the opening is over
        nearer = self._undrawn(waiting[0])
        if nearer is not None:
            # A view mounted and laid out behind, nearer than the next to mount: its lines
            # drawn first (``draw_behind``), so the next look, likely at it, paints from them.
            self._draw_ahead(nearer)
            self._rest_later(MOUNT_NEXT_AFTER)
            return
        self.rest_mounts.append(waiting[:1])
        self._mount_views(waiting[:1], then=self._mount_next)

    def _undrawn(self, than: str | None) -> Any:
        """The nearest view behind whose lines are not drawn ahead yet, no farther from the
        one looked at than ``than`` (if given); None: none. A person looking through the
        phases reads each a few tenths of a second: drawn only once all were mounted (and the
        keys had paused for half a second), the first look at each drew its lines on the key."""
        if self._relabelling or not any(child.id == "viewing" for child in self.children):
            return None  # a language switch composes the screen anew: its bars are not there
        looked = self._behind_looked()
        if looked == self._none_undrawn:
            return None  # nothing changed since every view behind was found drawn
        here = self.phases.index(self.viewing) if self.viewing in self.phases else 0
        far = abs(self.phases.index(than) - here) if than is not None else len(self.phases)
        for phase in sorted(self._views, key=lambda phase: abs(self.phases.index(phase) - here)):
            view = self._views[phase]
            if abs(self.phases.index(phase) - here) > far:
                return None
            if phase == self.viewing or phase in self._stale or not view.is_mounted:
                continue
            if view.laid_out_behind and self._drawn_behind.get(phase) != self._stamp(phase):
                return view
        self._none_undrawn = looked
        return None

    def _behind_looked(self) -> tuple[Any, ...]:
        """What the views behind and their stamps (``room_for``) are worked out from: while it
        is the same, a view found drawn ahead stays so. Every still moment looked again (each
        cursor blink makes one): measuring the bars' words for each of seven views, a walk of
        every widget besides, was a third of an idle screen's CPU (suite16: 9 of 27 ms/s)."""
        views = next(child for child in self.children if isinstance(child, Views))
        lines = tuple(
            (bar.display, bar.outer_size) for bar in self.children if bar.has_class("hint")
        )
        return (
            self.node.state_version(self.session),
            self.viewing,
            self.group_phase,
            tuple(self.facts.citing),
            current_language(),
            views.content_size,
            lines,
            tuple(
                (phase, view.is_mounted, view.laid_out_behind)
                for phase, view in self._views.items()
            ),
            frozenset(self._stale),
            tuple(self._drawn_behind.items()),
            self.app.theme,
            self.app.size,
        )

    def _stamp(self, phase: str) -> tuple[Any, ...]:
        """What a view's lines are drawn ahead for: once per size and theme (the lines a later
        record changes are drawn at the look, as at any later look: drawing again after each
        record took the still moments between a peer's records, and their paint waited)."""
        return (self.room_for(phase), self.app.theme, self.app.size)

    def _draw_ahead(self, view: Any) -> bool:
        """Draw ``view``'s lines ahead (``draw_behind``) unless drawn for this size and theme."""
        stamp = self._stamp(view.phase)
        if self._drawn_behind.get(view.phase) == stamp:
            return False
        self._drawn_behind[view.phase] = stamp
        draw_behind(view, stamp[0])
        return True

    def _settle(self) -> None:
        """Every view is mounted and drawn: what the screen holds now lives as long as it
        does; keep the cycle collector from walking it between keys (``ui/settle.py``)."""
        if in_place(self):
            self._settler.settle(len(self.node.records(self.session)))
            # Still: a focused list paints its look without the focus ahead (an edit's box).
            self._settler.keep_tidy(self, self._stirred, self._paint_ahead, self._typed)

    def _paint_ahead(self) -> bool:
        """At a still moment: a focused list's look without the focus, then one view behind
        drawn ahead (``draw_behind``); whether a view is left to draw at the next."""
        if isinstance(self.focused, ItemTree):
            self.focused.paint_unfocused()
        if time.monotonic() < self._keys_rest_until():
            return True  # the person may still be typing: later
        view = self._undrawn(None)  # one per still moment, the nearest first
        return view is not None and self._draw_ahead(view)

    def _keys_rest_until(self) -> float:
        """Until when the person's last key keeps the work behind waiting: a short read after
        a look (``MOUNT_KEY_REST``), a pause in their typing otherwise (``KEY_REST_AFTER``,
        also after coming back from a screen on top)."""
        last_key = getattr(self.app, "last_key_at", 0.0)
        rest = MOUNT_KEY_REST if self._looked_at >= last_key else KEY_REST_AFTER
        return max(last_key + rest, self._resumed_at + KEY_REST_AFTER)

    def _typed(self) -> float:
        """When the person last typed (a key; ``time.monotonic``, 0 before the first)."""
        return getattr(self.app, "last_key_at", 0.0)

    def _stirred(self) -> float | None:
        """When the screen last painted or had a key (None: still drawing what came, or a
        language switch composing it anew: its parts are gone until that ends)."""
        keys_at = max(getattr(self.app, "last_key_at", 0.0), self._resumed_at)
        if self._redraw_pending or self._relabelling or self._busy():
            return None
        return max(self._painted_at, keys_at)

    def hold_checks(self) -> None:
        """The screen opens: the node's check of the records read back at its start waits
        until the screen is drawn and still (``release_checks``; ``read_back.hold_checks``),
        its slices held the interpreter through a big session's opening."""
        hold = getattr(self.node, "hold_checks", None)
        if callable(hold):  # a window attached to a running beraad checks nothing itself
            hold()
            self._checks_held = True

    def release_checks(self) -> None:
        if self._checks_held:
            self._checks_held = False
            self.node.release_checks()

    def on_unmount(self) -> None:
        self.release_checks()  # left before it was still (Ctrl+L at once)
        self._settler.release()

    def on_screen_resume(self) -> None:
        """Back from a screen on top: the person's next keys come before the next mount. The
        screen's own arrival is no coming back (it held the first mount half a second after
        the opening, whatever ``MOUNT_REST_AFTER`` said)."""
        if self._shown_once:
            self._resumed_at = time.monotonic()
        self._shown_once = True

    def _busy(self) -> bool:
        """Whether a view of this screen still works on what it shows (a big tally counted
        in a thread, say): its result is drawn first."""
        return any(
            worker.group != "views"
            and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and self in worker.node.ancestors_with_self
            for worker in self.app.workers
        )
