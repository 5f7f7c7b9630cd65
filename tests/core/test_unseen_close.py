"""A vote written without knowing of the close (naive s7 finding 4): cut off from the room, a
member votes; the close carries the same lamport and the fold puts it first by author key. The
vote was cast before the close: it counts, and a decision not naming it shows it as having come
in later, with what the result would be with it. A vote written after seeing the close is
still refused. Real signed records through the real reducer."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.late_reveal import came_later_names, later_notes
from beraad.core.tally import decision_body
from tests.core.test_deliberation import A, B, C, _dots_session


def _after_a():
    """The member whose records the fold puts after A's at the same lamport."""
    return B if B.public_key > A.public_key else C


def test_a_vote_that_did_not_see_the_close_came_in_later_with_the_result_it_would_give():
    writer, one, two = _dots_session()
    late_voter = _after_a()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    vote = writer.back_dated(late_voter, "dots.place", s.dots_body({two: 3}), close.lamport)
    assert vote.id not in writer.fold.rejected and decision.id not in writer.fold.rejected
    state = writer.state
    [held] = state.decisions
    assert held.option == one and held.came_later == (vote.id,)
    assert held.later_option == two
    assert came_later_names(state, held) == [state.name(late_voter.public_key)]
    said = [n.template for n in later_notes(state, held)]
    assert "With them the result would be {option}, not {chosen}." in said


def test_a_vote_written_after_seeing_the_close_is_still_refused():
    writer, one, two = _dots_session()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    vote = writer.back_dated(_after_a(), "dots.place", s.dots_body({two: 3}), close.lamport + 1)
    assert "closed" in writer.fold.rejected[vote.id]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_minutes_show_the_vote_that_did_not_see_the_close_as_come_in_later(language):
    from beraad.i18n import translate
    from tests.export.test_minutes_decisions import minutes

    writer, one, two = _dots_session()
    late_voter = _after_a()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "decision.take", decision_body(writer.state))
    writer.back_dated(late_voter, "dots.place", s.dots_body({two: 3}), close.lamport)
    text = minutes(writer, language)
    name = writer.state.name(late_voter.public_key)
    said = translate("Taken on the votes it names; came in later: {names}.", language)
    assert said.format(names=name) in text, text
    assert translate("Refused records", language) not in text  # nothing refused
