"""Words typed while looking at another phase: where they go, and never glued onto others.

Letters typed in a phase only looked at (F3/F4) go to the box of the phase the group is in
(``PhaseView.write_where_the_group_is``), and their first Enter asks instead of sending
(``sending_input.typed_elsewhere``). Twice that glued two sentences into one signed record
(naive s18 N1): a person pressed Enter once, did not read the question and typed the next
sentence onto the first ("Het was fijnVolgende keer eerder beginnen"), or the letters went
into a box that still held words left there earlier. Neither is done silently now: while the
question is open, letters are refused and the question asked again; letters that would go
into a box already holding words are refused where they were typed, the words quoted.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Input

from beraad.i18n import N_, _
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.sending_input import NotAdded, SendingInput, TypedElsewhere

#: The first Enter on words typed while looking at another phase, which went to the group's
#: box (naive s12 K7: a line typed looking at Knots, the group in Positions, was signed as a
#: position).
TYPED_ELSEWHERE = N_(
    "Not sent yet: you typed this while looking at {looked}, and it goes into {phase}, "
    "where the group is. Enter again sends it here; Ctrl+U clears it."
)

#: Letters typed while that question is open: not glued onto the words it asks about.
NOT_ADDED_ASKED = N_(
    "Not added: first Enter sends “{words}” to {phase}, or Ctrl+U clears it; then type on."
)

#: Letters typed in a phase looked at, whose words would go into the group's box, which
#: still holds words left there earlier.
NOT_ADDED_HELD = N_(
    "Not added: the box in {phase}, where the group is, already holds “{words}”. F5 goes "
    "there: Enter sends those words, Ctrl+U clears them."
)

#: Letters typed in a phase looked at into its own box, onto words left there earlier.
NOT_ADDED_LEFT = N_(
    "Not added: this box holds “{words}”, left here earlier, and the group is in {phase}. "
    "F5 goes there; to change these words, Backspace or Ctrl+U first."
)

#: Letters typed in the group's phase into its box, onto words left there before the group
#: moved (it came back to this phase, or the view stayed with them).
NOT_ADDED_LEFT_HERE = N_(
    "Not added: this box holds “{words}”, left here before the group moved. Enter sends "
    "them, Ctrl+U clears them; then type on."
)

#: Words quoted in a refusal are cut to this many characters: the line stays short.
QUOTED = 40


def goes_to_the_group(viewing: str, group: str) -> str:
    """Said where letters typed in a looked-at phase with no box went."""
    return _(
        "Nothing can be written in {viewing} now: what you type goes into {phase}, "
        "where the group is."
    ).format(viewing=phase_label(viewing), phase=phase_label(group))


def quoted(words: str) -> str:
    """``words`` short enough to quote on one notice line."""
    words = words.strip()
    return words if len(words) <= QUOTED else words[: QUOTED - 1].rstrip() + "…"


def holds_words_left(box: Input) -> bool:
    """Does the group's ``box`` hold words left there earlier, so that letters typed in
    another phase would be glued onto them? Words typed in this same run of typing have
    the keys (the first letter took the person there); left, the box no longer has them."""
    return bool(box.value.strip()) and not box.has_focus


class KeptApart:
    """A phase view's side of it: says why letters were not added (mixed into
    ``PhaseView``, which has ``phase`` and ``say``)."""

    phase: str

    def say(self, words: str, fleeting: bool = False) -> None: ...

    def _looked_at(self) -> bool: ...

    def on_typed_elsewhere(self, message: TypedElsewhere) -> None:
        message.stop()
        self.say(
            _(TYPED_ELSEWHERE).format(
                looked=phase_label(message.looked_at), phase=phase_label(self.phase)
            )
        )

    def on_not_added(self, message: NotAdded) -> None:
        message.stop()
        self.say(
            _(NOT_ADDED_ASKED).format(words=quoted(message.asked), phase=phase_label(self.phase))
        )

    def refuse_for_the_group(self, group: str, box: Input) -> bool:
        """Letters typed here would be glued onto words left in the group's ``box``: said
        here, not added (F5 goes there). Refused?"""
        if not holds_words_left(box):
            return False
        self.say(_(NOT_ADDED_HELD).format(words=quoted(box.value), phase=phase_label(group)))
        return True

    def refuses_onto_left(self, box: Input) -> bool:
        """Letters typed into this view's ``box`` onto words left in it before the group
        moved (``SendingInput.left_with``): not glued on, said. Refused?"""
        group = getattr(box.screen, "group_phase", None)
        if group is None:
            return False
        if self._looked_at():
            said = _(NOT_ADDED_LEFT).format(words=quoted(box.value), phase=phase_label(group))
        else:
            said = _(NOT_ADDED_LEFT_HERE).format(words=quoted(box.value))
        self.say(said)
        return True


def mark_left(views: Iterable[Widget]) -> None:
    """The group moved: the words in every box without the keys are left there
    (``SendingInput.left_with``). Coming back to that phase, or looking at it, the next
    sentence was glued onto them and signed as one ("Old words hereNew words": naive s18
    N1 case 4, naive s19 G1). The box with the keys is being typed in: its sentence goes on
    (a group typed as the group moved on is a group, naive s6)."""
    for view in views:
        for box in view.query(Input).results(Input):
            if isinstance(box, SendingInput) and not box.has_focus:
                box.left_with = box.value if box.value.strip() else None
