"""A look at another phase (F3, F4, F5) painted in one frame, with one layout of the screen.

Its own module because it is one idea that reaches below Textual's public API (listed in
docs/architecture.md, "Textual internals we lean on"): the view, the bars and the footer's keys
change inside one batch; the widgets that lose and gain the focus take their look, and what the
switch changed asks for its layout, inside that batch, not when Textual gets round to them
after the frame (each was a second layout and frame; ``tests/ui/test_switch_work.py`` counts).
Which view is shown and where the keys go is the session screen's (``SessionScreen.look_at``).
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from textual.widget import Widget
from textual.widgets import ContentSwitcher

from beraad.ui.parts import in_place
from beraad.ui.screens.session_views import in_sight_now
from beraad.ui.widgets.footer import TranslatedFooter

#: Seconds a look waits at most for a view not mounted yet to be drawn and laid out behind
#: (a hang guard: after it the view is shown as it comes, blank at first).
READY_AT_MOST = 3.0


class OneFrameSwitch:
    """Mixed into ``SessionScreen``: F3/F4 step through the phases, F5 back to the group's."""

    phases: tuple[str, ...]
    viewing: str
    group_phase: str | None
    focused: Any
    app: Any
    children: Any
    query_children: Any
    look_at: Any
    room_for: Any
    _views: Any
    _mount_view: Any
    looked: Any

    async def action_view_step(self, step: int) -> None:
        here = self.phases.index(self.viewing)
        there = here + step
        if 0 <= there < len(self.phases):
            await self._switch(self.phases[there])

    async def action_view_current(self) -> None:
        if self.group_phase:
            await self._switch(self.group_phase)

    async def _switch(self, phase: str) -> None:
        """A key's look at another phase, painted in one frame: the view, the bars and the
        footer's keys for it (each frame of a switch lays the whole screen out again)."""
        self.looked()  # the person reads: the next view behind mounts soon
        await self._ready_behind(phase)
        if not in_place(self) or phase not in self.phases:
            return  # closed, or the session changed, meanwhile
        left = self.focused
        with self.app.batch_update():
            room = self.room_for(phase)  # from the bars' lines as laid out (before the look)
            self.look_at(phase)
            in_sight_now(self._views[phase], room)
            for footer in self.query_children(TranslatedFooter):
                await footer.keys_now()
            self._restyle_focus_now(left, self.focused)
            self._ask_layout_now()

    async def _ready_behind(self, phase: str) -> None:
        """A view not mounted yet (looked at before its still moment came, or mounting in it)
        is mounted, drawn and laid out behind before the look, so the look is one complete
        frame as at a view mounted behind. Shown as it came, it was a blank view for the
        mount, then its rows, then its scroll bar (three to five frames, the last 0.3-0.5 s
        after the key at 5,000 contributions, where the first came at 0.1 s). The keys
        pressed meanwhile wait in the app's queue, in their order."""
        view = self._views.get(phase) or self._mount_view(phase)
        ready = view.ready_behind
        if ready is not None and not ready.is_set():
            view.awaited = True  # its next steps go at once (``lay_out_behind``)
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(ready.wait(), READY_AT_MOST)
            view.awaited = False

    def _restyle_focus_now(self, left: Widget | None, given: Widget | None) -> None:
        """The widget that lost the focus and the one given it take their look now, in the
        switch's frame: Textual restyles each once it hears of it (its Focus and Blur events,
        later), and a list's scroll bar restyled then was a frame of its own after the
        switch's. Their events find the look already taken (no second restyle)."""
        if left is given:
            return
        for widget, focused in ((left, False), (given, True)):
            if widget is not None and widget.is_attached and widget.has_focus != focused:
                widget.has_focus = focused
                for node in widget.walk_children(Widget, with_self=True):
                    if node._repaint_required or node._layout_required:
                        node._check_refresh()
                for bar in (
                    widget._vertical_scrollbar,
                    widget._horizontal_scrollbar,
                    widget._scrollbar_corner,
                ):
                    if bar is not None and (bar._repaint_required or bar._layout_required):
                        bar._check_refresh()

    def _ask_layout_now(self) -> None:
        """What the switch changed asks the screen for its layout now, inside the batch: a
        widget asks only once it is idle, and a bar's line or the view shown that asked after
        the screen had laid the switch out cost a second layout and frame ~30 ms later. The
        bars, the footer and the views themselves (not what is inside a view: a switch
        changes nothing there)."""
        for child in self.children:
            if isinstance(child, ContentSwitcher):
                nodes: list[Widget] = [child, *child.children]
            else:
                nodes = list(child.walk_children(Widget, with_self=True))
            for node in nodes:
                if node._layout_required or node._repaint_required:
                    node._check_refresh()
