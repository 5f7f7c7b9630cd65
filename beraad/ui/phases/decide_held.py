"""The decide view's vote form across meetings and phases (a mixin of ``DecideView``).

A vote cast is done with once its meeting ends: the form showing it is not "not sent yet", and
a new meeting starts with a clean form (naive s9 finding 2: last meeting's objection stayed
filled in, Ctrl+Q called it unsent, the person stayed on Decide and one Ctrl+S could cast it
again). Away from the vote (the group in another phase, or between meetings) the view says so
and offers no casting, and Ctrl+S says why (naive s9 finding 6: "Next: everyone votes" and
^s invited a vote the fold then refused, or between meetings Ctrl+S did nothing).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select

from beraad.core.state import SessionState
from beraad.core.tally import PER_OPTION_METHODS
from beraad.i18n import _
from beraad.ui.parts import part
from beraad.ui.widgets.choice import Choices
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice


class DecideHeld:
    """What the decide view holds of a vote across meetings and phases."""

    state: SessionState | None
    method: str
    kind: str
    _shown_vote: str | None
    _seal_set: bool
    #: The form (answer, level, reason) as it was when it showed the vote cast on its option.
    _cast_form: tuple[int, object, str] | None = None

    # The view's own, declared for the reader (DecideView defines them).
    query_one: Any
    sends_now: Any

    def castable(self) -> bool:
        """Can a vote be cast with the group where it is (in a meeting, in Decide)?"""
        state = self.state
        if state is None:
            return True
        return not state.between_meetings and bool(self.sends_now(self.kind))

    def not_here(self) -> str | None:
        """Why no vote is cast now, said where one looks; None where votes are cast."""
        state = self.state
        if state is None or self.castable():
            return None
        if state.between_meetings:
            return _(
                "Meeting {number} has ended: votes are cast in a meeting, while the group is "
                "in Decide."
            ).format(number=state.meeting)
        return _("The group is in {phase} now: votes are cast only while it is in Decide.").format(
            phase=phase_label(state.phase or "")
        )

    def action_vote_elsewhere(self) -> None:
        """Ctrl+S away from the vote: nothing is sent, what was chosen stays, and why."""
        why = self.not_here()
        if why is not None:
            self.query_one(Notice).refused(_("Not cast. {why}").format(why=why))

    def action_step_elsewhere(self) -> None:
        """Ctrl+O or Ctrl+G away from the vote: voting is closed and the decision taken only
        in Decide, and the view says so (naive s9b finding 3: Ctrl+G did nothing)."""
        state = self.state
        if state is None or self.castable():
            return
        if state.between_meetings:
            why = _(
                "Meeting {number} has ended: voting is closed and the decision is taken in a "
                "meeting, while the group is in Decide."
            ).format(number=state.meeting)
        else:
            why = _(
                "The group is in {phase} now: voting is closed and the decision is taken only "
                "while it is in Decide."
            ).format(phase=phase_label(state.phase or ""))
        self.query_one(Notice).refused(why)

    def _form_now(self) -> tuple[int, object, str]:
        responses = part(self, "#response", Choices)
        level = part(self, "#level", Select)
        reason = part(self, "#reason", Input)
        return (
            responses.pressed_index if responses is not None else -1,
            level.value if level is not None else None,
            reason.value.strip() if reason is not None else "",
        )

    def _note_cast_form(self, cast_and_unchanged: bool) -> None:
        """The form shows the vote cast on its option, unchanged: remember it as cast."""
        if cast_and_unchanged and self.method in PER_OPTION_METHODS:
            self._cast_form = self._form_now()

    def new_meeting(self) -> None:
        """A new meeting opened (before the session screen looks at what the view holds): a
        form showing the vote cast in the last one is emptied, and an answer chosen for the
        last one is let go of; words typed there and never cast stay (held, said). Between
        meetings the form still shows the vote cast, which is in and counts."""
        cast = self._cast_form is not None and self._form_now() == self._cast_form
        self._cast_form = None
        # The seal starts as the scenario has it, not as last meeting's vote was cast: a ✓
        # kept from then was unticked by the Space meant to tick it (naive s19 G3).
        self._seal_set = False
        self._shown_vote = None
        grid = part(self, "#ballot", VoteGrid)
        if grid is not None and not grid.dirty:
            grid.load({})  # the last meeting's ballot, cast: the new one starts empty
        responses = part(self, "#response", Choices)
        if responses is not None:
            responses.clear()
        level = part(self, "#level", Select)
        if level is not None and isinstance(level.value, int):
            level.clear()
        reason = part(self, "#reason", Input)
        if cast and reason is not None:
            reason.value = ""
