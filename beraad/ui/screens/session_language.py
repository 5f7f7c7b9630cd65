"""A language switch on the session screen: every label anew, nothing typed lost, and only
what must be there at once composed at once.

Textual composes a screen's labels (``_()`` in ``compose``), so a switch composes the screen
anew (``screens/base.py``). Composing and drawing all nine views in one block was most of a
switch (4-8 s on a loaded machine, the screen frozen: naive s15 F9). The view looked at and
the views holding words or numbers not sent are composed now; the others mount behind as at
the opening (``session_rest``) and get their place back as they arrive (``_view_arrived``).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import ContentSwitcher

from beraad.ui.screens.base import _form_values, _restore
from beraad.ui.widgets.composer import Composer, Sent
from beraad.ui.widgets.table_map import TableMap


class LanguageSwitch:
    """Mixed into ``SessionScreen`` (before ``BeraadScreen``, whose ``relabel`` it replaces)."""

    _views: dict[str, Any]
    _shown: dict[str, int]
    _stale: set[str]
    _drawn_behind: dict[str, object]
    _placed: dict[str, Any]
    _rest_timer: Any
    phases: tuple[str, ...]
    state: Any
    focused: Any
    query: Any
    query_one: Any
    set_focus: Any
    call_after_refresh: Any
    recompose_anew: Any
    redraw: Any
    _new_view: Any
    _view_arrived: Any
    _give_secrets: Any
    _mount_next: Any

    _in_sight_when_shown: Any = None
    """The box with the keys after a switch made while a screen was on top (``relabel``)."""

    def on_screen_resume(self) -> None:
        """Back from the screen a switch was made on: the box with the keys into sight."""
        box, self._in_sight_when_shown = self._in_sight_when_shown, None
        if box is not None and box is self.focused:
            self.call_after_refresh(_in_sight, box)

    async def relabel(self) -> None:
        """A language switch: rebuild every label, keep what was typed, redraw from the state.

        Composed now: the view looked at and the views holding words or numbers not sent
        (what the person would lose, and what closing asks about). The others mount behind
        as at the opening (``session_rest``) and get their place back as they arrive (all
        eight mounted and drawn at once were most of a switch: 4-8 s, naive s15 F9)."""
        values = _form_values(self)
        asked = _asked(self)
        focused_id = self.focused.id if self.focused is not None else None
        holding = {phase for phase, view in self._views.items() if view.holds_unsent()}
        # A redraw already on its way ran inside the recompose, when the new bars had no parts
        # yet (NoMatches '#phases' in a language switch under load): it waits for the end.
        await self.recompose_anew()
        self._shown.clear()  # new views: each draws itself again
        self._drawn_behind.clear()
        self._placed = values
        missing = [
            self._new_view(phase)
            for phase in self.phases
            if phase not in self._views and phase in holding
        ]
        for view in missing:
            view.display = False
            self._stale.add(view.phase)
        if missing:
            await self.query_one(ContentSwitcher).mount_all(missing)
            for view in missing:
                self._view_arrived(view)
        _restore(self, values)
        self._give_secrets()
        self.redraw()
        _take_back(self, asked, self.state)
        _restore(self, values)  # a Select's options exist only once its view has drawn
        if focused_id and (found := self.query(f"#{focused_id}")):
            box = found.first()
            self.set_focus(box)
            # The box holding the words stays in sight: the new screen starts at the top,
            # and the groups table's box was below it, out of sight (naive s17 F3). Under
            # the facts or the meeting tools this screen is not laid out until it shows
            # again: scrolled then, or the Opening's empty box took the keys below the
            # 80×24 edge and Enter added a group typed unseen (naive s18 N3).
            if self.app.screen is self:  # not ``is_current``: true under a dialog too
                self.call_after_refresh(_in_sight, box)
            else:
                self._in_sight_when_shown = box
        # The views not composed come behind, one per still moment (a chain of them waiting
        # from before the switch starts again, so only one goes on).
        timer, self._rest_timer = self._rest_timer, None
        if timer is not None:
            timer.stop()
        self.call_after_refresh(self._mount_next)


def _asked(screen: Any) -> dict[str, Any]:
    """What each box asks for, by its id (a composer's input, the groups table), when it asks
    more than its default: what Enter means must survive the switch with the words."""
    asked: dict[str, Any] = {}
    for composer in screen.query(Composer).results(Composer):
        if (sent := composer.asking()) is not None:
            asked[composer.input.id or ""] = sent
    for table in screen.query(TableMap).results(TableMap):
        if table.id and table.asking() != (None, None):
            asked[table.id] = table.asking()
    return asked


def _take_back(screen: Any, asked: dict[str, Any], state: Any) -> None:
    """Give each new box what its namesake asked before the switch (``_asked``)."""
    if not asked:
        return
    for composer in screen.query(Composer).results(Composer):
        sent = asked.get(composer.input.id or "")
        if isinstance(sent, Sent):
            composer.take_back(sent)
    for table in screen.query(TableMap).results(TableMap):
        held = asked.get(table.id or "")
        if isinstance(held, tuple) and state is not None:
            table.take_back(held, state)


def _in_sight(box: Any, tries: int = 20) -> None:
    """Scroll ``box`` into sight once it is laid out: the new view's rows come with its
    redraw, a few refreshes after the switch (bounded: a box never laid out is let be)."""
    if not box.is_attached:
        return
    if not box.region.height and tries > 0:
        box.call_after_refresh(_in_sight, box, tries - 1)
        return
    box.scroll_visible(animate=False, immediate=True)
