"""The session screen's keys never go nowhere: when the widget that had them is hidden or
removed (the Act box a person looked at, hidden once the group moved back to the opening),
Textual blurs it to nobody, and every key after that went to the screen, which has no use for
them (naive s8 finding 1: letters lost, and each key waited for a focus that never came).
The keys go back to the view looked at, as on arrival (docs/focus.md)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Input

from beraad.ui.parts import in_place
from beraad.ui.phases.elsewhere import goes_to_the_group
from beraad.ui.widgets.sending_input import SendingInput


class FocusBack:
    """Mixed into ``SessionScreen``: the focus falls back to the view looked at."""

    _awaited: str | None
    _relabelling: bool
    _views: dict[str, Any]
    viewing: str
    group_phase: str | None
    focused: Any
    _held: list[tuple[str, str | None]]
    _held_from: str | None = None
    """The phase looked at whose letters are held for the group's box (``hold_for``)."""

    def watch_focused(self, left: Widget | None, focused: Widget | None) -> None:
        """The focus fell to nobody without the screen asking (it asks only while a view
        looked at still mounts, ``_awaited``): once the screen is laid out, the view gets the
        keys again (the footer then shows the keys of where they are)."""
        if focused is None and left is not None and self._awaited is None:
            self.call_after_refresh(self.focus_back)  # type: ignore[attr-defined]

    def focus_back(self) -> Widget | None:
        """The keys to the view looked at if nothing has them (also asked by the app for a
        key that arrives meanwhile, ``KeyRouting._hand_out``); what has them now, or None."""
        if self.focused is not None:
            return self.focused
        if not in_place(self) or self._relabelling or self._awaited is not None:  # type: ignore[arg-type]
            return None
        view = self._views.get(self.viewing)
        if view is None or not view.is_mounted:
            return None
        self._focus_view()  # type: ignore[attr-defined]
        return self.focused

    def enter_moves_focus(self, box: Input) -> bool:
        """Does the view looked at move the focus in its handler of Enter in ``box`` (Act's
        due day goes back to the action's box)? Then the keys typed after it wait for that
        (``KeyRouting.action_submit_now``)."""
        view = self._views.get(self.viewing)
        moves = getattr(view, "enter_moves_focus", None)
        return bool(callable(moves) and moves(box))

    def hold_for(self, key: events.Key, looked_at: str) -> bool:
        """A letter typed in ``looked_at`` goes to the group's box, whose view is still being
        mounted: the person goes there (as F5 does) and the letter is held with the keys after
        it until that box has them (``_give_held``), which then says why."""
        group = self.group_phase
        there = self._views.get(group) if group is not None else None
        if group is None or group == looked_at or (there is not None and there.is_mounted):
            return False
        self.look_at(group)  # type: ignore[attr-defined]
        if self._awaited != group:
            return False
        self._held.append((key.key, key.character))
        self._held_from = looked_at
        return True

    def _held_target(self, view: Any, target: Widget | None) -> Widget | None:
        """Where keys held by ``hold_for`` go: the group's box; when the group's phase has
        none now (a ballot), back to the phase they were typed in, kept unsent in its own
        box (``PhaseView.keep_here``; dropped, a sentence was lost: naive s15 F3), and where
        that has none either, nowhere, and the group's view says there is nothing to type."""
        if self._held_from is None or view is None:
            return target
        box = view.text_box()
        if box is not None and view.shows(box):
            return target
        looked_at, self._held_from = self._held_from, None
        back = self._views.get(looked_at)
        if back is not None and back.is_mounted and isinstance(back.text_box(), Input):
            self.look_at(looked_at)  # type: ignore[attr-defined]
            kept = back.keep_here()
            if kept is not None:
                return kept
        view._nothing_to_type()
        return None

    def _say_held(self, view: Any) -> None:
        """Keys held for the group's box reached it: the view there says why (once)."""
        looked_at, self._held_from = self._held_from, None
        if looked_at is not None and view is not None and self.group_phase is not None:
            view.say(goes_to_the_group(looked_at, self.group_phase), fleeting=True)
            box = view.text_box()
            if isinstance(box, SendingInput) and box.typed_in is None:
                box.typed_in = looked_at  # its first Enter says where they go
