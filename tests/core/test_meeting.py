"""Meeting tools with real signed records: scribe mode, the speaking queue and the floor under both
process rules, the shared timer, and rounds with passes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.kinds import SchemaError, validate
from beraad.core.meeting import has_word, queue_position, round_order
from beraad.core.tally import decision_body
from tests.core.strategies import identity
from tests.core.writer import SessionWriter

NONCE = "6d" * 16
A, B, C, D = (identity(n) for n in (31, 32, 33, 34))
KEY = {who.public_key: who for who in (A, B, C, D)}


class Meeting(SessionWriter):
    """Anna (facilitator), Bart, Chloé and Driss, in a session opened a second apart each."""

    def __init__(self, process_rule: str = "facilitator", phases=s.PHASES) -> None:
        super().__init__(A, NONCE, step_ms=1000)
        body = s.open_body(
            "Plein", "Hoe?", "blank", "nl", process_rule, "consent", phases, nonce=NONCE
        )
        self.ok(A, "session.open", body)
        self.ok(A, "member.name", s.name_body("Anna"))
        for who, name in ((B, "Bart"), (C, "Chloé"), (D, "Driss")):
            self.ok(A, "member.admit", s.admit_body(who.public_key, name))

    def move(self, *phases: str) -> None:
        for phase in phases:
            self.ok(A, "phase.move", s.move_body(phase))

    def decided_by_consent(self, option: str, by=C, voters=(A, B, C)) -> str:
        """From where the group is on to Options, where ``by`` adds ``option``; then Decide,
        ``voters`` agree, Anna closes the vote and takes the decision (the group stays in
        Decide). The decision's id."""
        here = s.PHASES.index(self.state.phase or "opening")
        self.move(*s.PHASES[here + 1 : s.PHASES.index("options") + 1])
        chosen = self.ok(by, "option.add", s.option_body(option)).id
        self.move("decide")
        for who in voters:
            self.ok(who, "consent.respond", s.consent_body(chosen, "agree"))
        self.ok(A, "vote.close", s.close_body("consent.respond"))
        return self.ok(A, "decision.take", decision_body(self.state, chosen)).id

    def queue(self) -> list[tuple[str, str | None]]:
        return [(self.state.name(h.member), h.speaker) for h in self.state.queue]


# Scribe mode -------------------------------------------------------------------------------


def test_a_scribe_records_for_someone_without_a_device_and_both_are_kept():
    m = Meeting()
    m.move("knots")
    record = m.ok(B, "knot.add", s.spoken_for(s.text_body("De bank is kapot."), "  Amina "))
    record.verify()  # signed by the scribe, with the scribe's key
    assert record.author == B.public_key and record.body["speaker"] == "  Amina "
    knot = m.state.knots[record.id]
    assert knot.author == B.public_key and knot.speaker == "Amina"
    # The contribution counts for Amina, not for the scribe, who is credited as scribe.
    amina = m.state.spoken_for["amina"]
    assert amina.member == "Amina" and amina.by_phase["knots"]["knot.add"] == 1
    bart = m.state.participation[B.public_key]
    assert bart.scribed == 1 and "knot.add" not in bart.by_kind
    # Another scribe writing "amina" speaks for the same person.
    m.ok(C, "knot.add", s.spoken_for(s.text_body("Geen licht."), "AMINA"))
    assert m.state.spoken_for["amina"].total == 2 and len(m.state.spoken_for) == 1


def test_only_the_scribe_edits_a_scribed_contribution_and_the_speaker_stays():
    m = Meeting()
    m.move("knots")
    knot = m.ok(B, "knot.add", s.spoken_for(s.text_body("kapot"), "Amina"))
    assert "your own" in m.refused(C, "edit", s.edit_body(knot.id, "C's words"))
    m.ok(B, "edit", s.edit_body(knot.id, "de schommel is kapot"))
    item = m.state.knots[knot.id]
    assert item.text == "de schommel is kapot" and item.speaker == "Amina"


@pytest.mark.parametrize(
    ("kind", "body", "problem"),
    [
        ("knot.add", {"text": "x", "speaker": "two\nlines"}, "one line"),
        ("knot.add", {"text": "x", "speaker": "   "}, "empty"),
        ("weight.set", {"weights": {"a" * 64: 1}, "speaker": "Amina"}, "unknown fields"),
        ("hand.raise", {"speaker": 7}, "text"),
    ],
)
def test_speaker_names_are_checked_and_only_where_they_mean_something(kind, body, problem):
    with pytest.raises(SchemaError, match=problem):
        validate(kind, body)


# Queue and floor ---------------------------------------------------------------------------


def test_queue_in_fold_order_and_the_facilitator_gives_the_word():
    m = Meeting("facilitator")
    m.ok(B, "hand.raise", s.hand_raise_body())
    m.ok(C, "hand.raise", s.hand_raise_body())
    m.ok(B, "hand.raise", s.hand_raise_body("Amina"))  # the scribe raises Amina's hand too
    assert m.queue() == [("Bart", None), ("Chloé", None), ("Bart", "Amina")]
    assert "already raised" in m.refused(B, "hand.raise", s.hand_raise_body())
    assert queue_position(m.state, B.public_key, "amina") == 2
    # Only the facilitator gives the word, to anyone, in any order.
    assert "only the facilitator" in m.refused(B, "floor.give", s.floor_body(B.public_key))
    m.ok(A, "floor.give", s.floor_body(C.public_key))
    assert has_word(m.state, C.public_key) and m.state.floor.given_by == A.public_key
    assert m.queue() == [("Bart", None), ("Bart", "Amina")]
    assert "already has the word" in m.refused(C, "hand.raise", s.hand_raise_body())
    m.ok(A, "floor.give", s.floor_body(B.public_key, "Amina"))
    assert m.state.floor.speaker == "Amina" and m.queue() == [("Bart", None)]
    assert m.state.voice_name(m.state.floor.member, m.state.floor.speaker) == "Amina"
    # Whoever holds the word (here: Amina's scribe) may close it; others may not.
    assert "can close it" in m.refused(D, "floor.give", s.floor_body(None))
    m.ok(B, "floor.give", s.floor_body(None))
    assert m.state.floor is None
    assert "nobody has the word" in m.refused(A, "floor.give", s.floor_body(None))
    # Hands: your own, or anyone's by the facilitator.
    assert "facilitator" in m.refused(C, "hand.lower", s.hand_lower_body(B.public_key))
    m.ok(A, "hand.lower", s.hand_lower_body(B.public_key))
    assert m.state.queue == []
    assert "not raised" in m.refused(B, "hand.lower", s.hand_lower_body())
    assert "not a member" in m.refused(A, "floor.give", s.floor_body(identity(99).public_key))


def test_raised_hands_are_capped_per_member_and_in_all():
    """A member (or a waiting key) raising thousands of hands for made-up people froze a peer:
    each raise is checked against the queue. A scribe for a whole room stays well inside."""
    from beraad.core.meeting import MAX_HANDS_PER_MEMBER, MAX_QUEUE

    m = Meeting("facilitator")
    for n in range(MAX_HANDS_PER_MEMBER - 1):
        m.ok(B, "hand.raise", s.hand_raise_body(f"person {n}"))
    m.ok(B, "hand.raise", s.hand_raise_body())  # their own hand is one of them
    refused = m.refused(B, "hand.raise", s.hand_raise_body("one more"))
    assert f"{MAX_HANDS_PER_MEMBER} hands raised" in refused
    m.ok(C, "hand.raise", s.hand_raise_body())  # others still can
    m.ok(B, "hand.lower", s.hand_lower_body(B.public_key))
    m.ok(B, "hand.raise", s.hand_raise_body("one more"))  # room again once one is lowered
    assert len(m.state.queue) == MAX_HANDS_PER_MEMBER + 1
    assert MAX_QUEUE >= 10 * MAX_HANDS_PER_MEMBER  # ten scribes for full rooms fit


def test_under_consent_the_queue_decides_who_speaks_next():
    m = Meeting("consent")
    assert "nobody has raised a hand" in m.refused(B, "floor.give", s.floor_body(B.public_key))
    m.ok(B, "hand.raise", s.hand_raise_body())
    m.ok(C, "hand.raise", s.hand_raise_body())
    # Nobody jumps the queue: not C, and not the facilitator either.
    assert "first raised hand: Bart" in m.refused(C, "floor.give", s.floor_body(C.public_key))
    assert "first raised hand" in m.refused(A, "floor.give", s.floor_body(D.public_key))
    m.ok(D, "floor.give", s.floor_body(B.public_key))  # the group passes the word on
    assert has_word(m.state, B.public_key) and m.queue() == [("Chloé", None)]
    m.ok(C, "floor.give", s.floor_body(C.public_key))  # the head of the queue takes it
    assert has_word(m.state, C.public_key) and m.state.queue == []
    # Under consent the facilitator has no special power over the floor or hands.
    assert "can close it" in m.refused(A, "floor.give", s.floor_body(None))
    m.ok(D, "hand.raise", s.hand_raise_body())
    assert "facilitator" in m.refused(A, "hand.lower", s.hand_lower_body(D.public_key))
    m.ok(C, "floor.give", s.floor_body(None))
    assert m.state.floor is None


# Timer -------------------------------------------------------------------------------------


def test_a_shared_timer_every_screen_can_count_down():
    m = Meeting("facilitator")
    m.move("knots")
    assert "only the facilitator" in m.refused(B, "timer.start", s.timer_body(300))
    start = m.ok(A, "timer.start", s.timer_body(300, "Knopen"))
    timer = m.state.timer
    assert (timer.seconds, timer.label, timer.phase) == (300, "Knopen", "knots")
    assert (timer.at, timer.lamport, timer.by) == (start.at, start.lamport, A.public_key)
    assert timer.remaining_ms(start.at + 60_000) == 240_000
    assert timer.remaining_ms(start.at + 301_000) == 0
    again = m.ok(A, "timer.start", s.timer_body(60))  # restarting replaces it
    assert m.state.timer.record == again.id and m.state.timer.ends_at == again.at + 60_000
    m.ok(A, "timer.stop", {})
    assert m.state.timer is None
    assert "no timer" in m.refused(A, "timer.stop", {})
    for seconds in (0, 86_401, "60"):
        with pytest.raises(SchemaError):
            validate("timer.start", {"seconds": seconds})


def test_under_consent_any_member_keeps_time():
    m = Meeting("consent")
    m.ok(C, "timer.start", s.timer_body(120))
    assert m.state.timer.by == C.public_key


# Rounds ------------------------------------------------------------------------------------


def test_a_round_gives_everyone_a_turn_with_passes_and_scribed_voices():
    m = Meeting("facilitator")
    m.move("knots")
    order = round_order(m.state)
    assert [m.state.name(k) for k in order] == ["Anna", "Bart", "Chloé", "Driss"]
    # Amina (no device, Bart scribes) gets her own turn after Bart.
    voices = [order[0], order[1], (B.public_key, "Amina"), order[2], order[3]]
    assert "only the facilitator" in m.refused(B, "round.start", s.round_body(voices))
    m.ok(A, "round.start", s.round_body(voices, "Wat raakt je?"))
    r = m.state.round
    assert r.turn.member == A.public_key and r.topic == "Wat raakt je?"
    m.ok(C, "knot.add", s.text_body("out of turn"))  # allowed, but not a turn
    assert r.turn.member == A.public_key
    m.ok(A, "knot.add", s.text_body("Anna's turn"))
    assert r.turn.member == B.public_key
    assert "turn of Bart" in m.refused(C, "round.pass", {})
    m.ok(B, "knot.add", s.text_body("Bart's turn"))
    assert (r.turn.member, r.turn.speaker) == (B.public_key, "Amina")
    m.ok(B, "knot.add", s.text_body("Bart again"))  # Bart's own words are not Amina's turn
    assert r.turn.speaker == "Amina"
    m.ok(B, "knot.add", s.spoken_for(s.text_body("Amina's turn"), "amina"))
    assert r.turn.member == C.public_key
    m.ok(C, "round.pass", {})
    m.ok(A, "round.pass", {})  # the facilitator passes for Driss, who stepped out
    assert r.turn is None and r.complete
    assert [(t.voice.speaker, t.passed) for t in r.turns] == [
        (None, False),
        (None, False),
        ("Amina", False),
        (None, True),
        (None, True),
    ]
    assert "everyone has had" in m.refused(D, "round.pass", {})
    # A finished round makes way for a new one; a running round must be ended first.
    m.ok(A, "round.start", s.round_body([D.public_key, C.public_key]))
    assert m.state.rounds[0].record == r.record and m.state.rounds[0].ended is not None
    assert "still going" in m.refused(A, "round.start", s.round_body([A.public_key]))
    m.ok(A, "round.end", {})
    assert m.state.round is None and len(m.state.rounds) == 2
    assert "no round" in m.refused(A, "round.end", {})
    assert "no round" in m.refused(B, "round.pass", {})


def test_round_orders_are_checked():
    m = Meeting("consent")
    stranger = identity(98).public_key
    assert "not a member" in m.refused(B, "round.start", s.round_body([B.public_key, stranger]))
    with pytest.raises(SchemaError, match="same voice twice"):
        validate("round.start", s.round_body([B.public_key, B.public_key]))
    with pytest.raises(SchemaError, match="same voice twice"):
        validate("round.start", s.round_body([(B.public_key, "Amina"), (B.public_key, "amina")]))
    with pytest.raises(SchemaError):
        validate("round.start", {"order": []})
    with pytest.raises(SchemaError, match="member and maybe a speaker"):
        validate("round.start", {"order": [{"member": B.public_key, "x": 1}]})
    m.ok(B, "round.start", s.round_body([C.public_key, B.public_key]))  # consent: any member
    assert "turn of Chloé" in m.refused(A, "round.pass", {})  # no facilitator override


# Determinism -------------------------------------------------------------------------------


def _busy_meeting() -> Meeting:
    m = Meeting("facilitator")
    m.move("knots")
    m.ok(B, "hand.raise", s.hand_raise_body())
    m.ok(C, "hand.raise", s.hand_raise_body("Amina"))
    m.ok(A, "timer.start", s.timer_body(600))
    m.ok(A, "floor.give", s.floor_body(C.public_key, "Amina"))
    m.ok(C, "knot.add", s.spoken_for(s.text_body("te donker"), "Amina"))
    m.ok(A, "round.start", s.round_body(round_order(m.state)))
    m.ok(A, "knot.add", s.text_body("mijn beurt"))
    m.ok(B, "round.pass", {})
    m.ok(D, "hand.raise", s.hand_raise_body())
    m.ok(B, "hand.lower", s.hand_lower_body())
    return m


BUSY = _busy_meeting()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(len(BUSY.records))))
def test_any_delivery_order_gives_the_same_queue_floor_timer_and_round(order):
    fold: Fold = Fold(DeliberationReducer())
    for index in order:
        fold.add(BUSY.records[index])
    assert fold.rejected == {} and fold.state_hash() == BUSY.fold.state_hash()
    state = fold.state
    assert [h.member for h in state.queue] == [D.public_key]
    assert state.floor.speaker == "Amina" and state.timer.seconds == 600
    assert state.round.turn.member == C.public_key  # Anna spoke, Bart passed
