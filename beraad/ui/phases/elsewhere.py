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

from textual.widgets import Input

from beraad.i18n import N_, _
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.sending_input import NotAdded, TypedElsewhere

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
