"""The caps on options and criteria in play (``in_play.py``), with real signed records: the
cap-th is accepted, the next refused with its reason, a take-back makes room, and the count
follows fold order so every peer refuses the same record."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.in_play import MAX_CRITERIA, MAX_OPTIONS
from tests.core.test_meeting import A, B, C, Meeting


def test_the_cap_th_option_counts_the_next_is_refused_and_a_take_back_makes_room():
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    added = [
        m.ok((B, C)[n % 2], "option.add", s.option_body(f"Optie {n}")) for n in range(MAX_OPTIONS)
    ]
    assert m.state.in_play("options") == MAX_OPTIONS
    refused = m.refused(A, "option.add", s.option_body("Nog een"))
    assert refused == (
        f"this session has {MAX_OPTIONS} options; take one back before adding another"
    )
    # Building on one is one more option too.
    m.refused(B, "option.add", s.option_body("Erop voort", [added[0].id]))
    m.ok(B, "retract", s.retract_body(added[0].id, "dubbel"))
    m.ok(A, "option.add", s.option_body("Nog een"))  # the room the take-back made
    assert m.state.in_play("options") == MAX_OPTIONS
    assert len(m.state.options) == MAX_OPTIONS + 1  # the taken-back one stays, uncounted
    m.refused(C, "option.add", s.option_body("En nog een"))


def test_the_cap_th_criterion_counts_the_next_is_refused_and_a_take_back_makes_room():
    m = Meeting()
    m.move("knots", "positions", "criteria")
    added = [m.ok(B, "criterion.add", s.text_body(f"Criterium {n}")) for n in range(MAX_CRITERIA)]
    refused = m.refused(C, "criterion.add", s.text_body("Nog een"))
    assert refused == (
        f"this session has {MAX_CRITERIA} criteria; take one back before adding another"
    )
    m.ok(B, "retract", s.retract_body(added[-1].id))
    m.ok(C, "criterion.add", s.text_body("Nog een"))
    assert m.state.in_play("criteria") == MAX_CRITERIA
    m.refused(B, "criterion.add", s.text_body("En nog een"))


def test_the_caps_leave_room_above_the_largest_session_we_benchmark():
    """The big benchmark session has 60 options × 40 criteria; a ballot at the caps is still
    a few thousand cells, not a million."""
    assert MAX_OPTIONS >= 60 and MAX_CRITERIA >= 40
    assert MAX_OPTIONS * MAX_CRITERIA <= 10_000
