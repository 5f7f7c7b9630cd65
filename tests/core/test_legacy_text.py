"""Text accepted before DEL, C1, line separators and bidi marks were refused stays accepted.

Real signed records through the real reducer. Records dated before the rule (6 December 2026)
are folded with those characters shown as U+FFFD — same record ids, the member admitted, the
name readable — and every fold of them reaches the same state hash; a record dated after the
rule is refused as before.
"""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.legacy_text import RULE_SINCE_MS, made_readable
from beraad.core.state import snapshot
from tests.core.test_deliberation import A, B, move_to, opened

BEFORE = 1_700_000_000_000  # the Writer's records are dated in November 2023


def test_an_older_session_keeps_its_names_titles_and_texts_made_readable():
    writer = opened(members=())
    assert writer.write(A, "member.name", {"name": "Anja"}).at < RULE_SINCE_MS
    admit = writer.ok(A, "member.admit", s.admit_body(B.public_key, "Zo\u00eb\u202eevil"))
    writer.ok(A, "member.name", {"name": "Anja\x9b2J"})
    move_to(writer, "knots")
    knot = writer.ok(B, "knot.add", s.text_body("eerst\x7fdan\nregel twee")).id
    fact = writer.ok(B, "fact.add", {"title": "x\u2028y\u200f", "text": ""}).id
    state = writer.state
    # The admission holds (B is a member, with everything B wrote); the names are readable.
    assert state.members[B.public_key].name == "Zo\u00eb\ufffdevil"
    assert state.members[A.public_key].name == "Anja\ufffd2J"
    assert state.knots[knot].text == "eerst\ufffddan\nregel twee"
    assert state.facts[fact].title == "x\ufffdy\ufffd"
    assert state.members[B.public_key].admitted_in == admit.id  # ids are the signed ones
    # Opening the session again (a refold of the same records) gives the same state.
    again = Fold(DeliberationReducer())
    for record in reversed(writer.fold.records):
        again.add(record)
    assert again.state_hash() == writer.fold.state_hash()
    assert not again.rejected and snapshot(again.state) == snapshot(state)


def test_a_record_dated_after_the_rule_is_refused_as_before():
    writer = opened(members=(B,))
    writer.wait(RULE_SINCE_MS - BEFORE)
    assert "control characters" in writer.refused(B, "member.name", {"name": "Zo\u00eb\u202e"})
    assert "control characters" in writer.refused(B, "member.name", {"name": "a\x85b"})
    assert "one line" in writer.refused(B, "member.name", {"name": "a\u2028b"})
    writer.ok(B, "member.name", {"name": "Zo\u00eb \u05e2\u05d1\u05e8\u05d9\u05ea"})


@pytest.mark.parametrize("text", ["Verkeer", "Zo\u00eb \u05e2\u05d1\u05e8\u05d9\u05ea", "a\tb\nc"])
def test_a_record_without_such_characters_is_left_as_it_is(text):
    writer = opened(members=())
    record = writer.write(A, "member.name", {"name": text.split("\n")[0].replace("\t", " ")})
    assert made_readable(record) is record
