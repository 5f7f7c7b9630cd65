"""Who may admit whom (no sock puppets) and guests, with real signed records and the real fold."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.admission import MAX_ADMITS, MAX_MEMBERS, confirms_now, may_confirm
from beraad.core.balance import participation_balance
from beraad.core.deliberation import snapshot
from beraad.core.identity import Identity
from beraad.core.meeting import round_order
from beraad.core.tally import decision_body, tally
from tests.core.strategies import identity
from tests.core.test_deliberation import NONCE, A, B, C, D, Writer, move_to

PUPPETS = [identity(100 + n) for n in range(20)]


def _open(process_rule="facilitator", decision_rule="dots", admission="confirmed") -> Writer:
    writer = Writer()
    body = s.open_body(
        "Plein", "Hoe?", "blank", "nl", process_rule, decision_rule, nonce=NONCE,
        admission=admission,
    )  # fmt: skip
    writer.ok(A, "session.open", body)
    writer.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    writer.ok(A, "member.admit", s.admit_body(C.public_key, "Cas"))
    return writer


def _attack(writer: Writer) -> tuple[str, str]:
    """Issue 14's attack: B admits 20 keys of their own, and every key places dots on B's pick."""
    move_to(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(A, "option.add", s.option_body("one")).id
    two = writer.ok(B, "option.add", s.option_body("two")).id
    for n, puppet in enumerate(PUPPETS):
        writer.ok(B, "member.admit", s.admit_body(puppet.public_key, f"puppet {n}"))
    move_to(writer, "decide")
    writer.ok(A, "dots.place", s.dots_body({one: 3}))
    writer.ok(C, "dots.place", s.dots_body({one: 3}))
    writer.ok(B, "dots.place", s.dots_body({two: 3}))
    for puppet in PUPPETS:
        writer.write(puppet, "dots.place", s.dots_body({two: 3}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    return one, two


def test_twenty_sock_puppets_no_longer_change_a_dot_vote():
    writer = _open()
    one, _two = _attack(writer)
    state = writer.state
    assert all(state.members[p.public_key].pending for p in PUPPETS)
    assert len(state.counted_votes("dots.place")) == 3
    assert tally(state, "dots").winner == one
    writer.ok(A, "decision.take", decision_body(state))
    assert state.decisions[0].option == one
    assert sorted(state.participants()) == sorted(k.public_key for k in (A, B, C))


def test_the_same_attack_flips_a_session_opened_before_the_rule():
    """The old rule, kept for old sessions: the attack works there (so the test above can fail)."""
    writer = _open(admission=None)
    _one, two = _attack(writer)
    assert not any(m.pending for m in writer.state.members.values())
    assert tally(writer.state, "dots").winner == two


def test_under_facilitator_only_the_facilitator_confirms():
    writer = _open()
    move_to(writer, "knots")
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    state = writer.state
    driss = state.members[D.public_key]
    assert driss.pending and driss.admitted_by == B.public_key
    assert D.public_key not in state.participants()
    writer.ok(D, "knot.add", s.text_body("in the room, so I may speak"))
    assert "confirmation" in writer.refused(D, "phase.propose", s.propose_body("positions"))
    assert "only the facilitator" in writer.refused(
        C, "member.confirm", s.confirm_body(D.public_key)
    )
    assert confirms_now(state, A.public_key) == [D.public_key]
    assert confirms_now(state, C.public_key) == []
    writer.ok(A, "member.confirm", s.confirm_body(D.public_key))
    assert not driss.pending and driss.confirmed_by == A.public_key
    assert D.public_key in state.participants()
    assert "needs no confirmation" in writer.refused(
        A, "member.confirm", s.confirm_body(D.public_key)
    )


def test_under_consent_a_second_member_confirms_never_the_admitter_or_the_admitted():
    writer = _open(process_rule="consent", decision_rule="consent")
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    assert writer.state.members[D.public_key].pending
    assert "confirmation" in writer.refused(D, "member.confirm", s.confirm_body(D.public_key))
    assert "other than who admitted" in writer.refused(
        B, "member.confirm", s.confirm_body(D.public_key)
    )
    assert may_confirm(writer.state, C.public_key, D.public_key)
    writer.ok(C, "member.confirm", s.confirm_body(D.public_key))
    assert writer.state.members[D.public_key].confirmed_by == C.public_key


def test_a_pending_member_counts_nowhere_and_steers_nothing():
    writer = _open(process_rule="consent", decision_rule="consent")
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    proposal = writer.ok(A, "phase.propose", s.propose_body("knots"))
    refused = writer.refused(D, "phase.respond", s.respond_body(proposal.id, "ready"))
    assert "waits for confirmation" in refused
    for kind, body in (
        ("phase.move", s.move_body("knots")),
        ("member.admit", s.admit_body(PUPPETS[0].public_key, "p")),
        ("timer.start", {"seconds": 60}),
    ):
        assert "waits for confirmation" in writer.refused(D, kind, body)
    assert "takes part" in writer.refused(A, "facilitator.handover", {"to": D.public_key})
    order = [{"member": A.public_key}, {"member": D.public_key}]
    assert "no turn" in writer.refused(A, "round.start", {"order": order})
    writer.ok(D, "hand.raise", {})
    # Not for made-up people: ten unconfirmed puppets filled the whole queue that way.
    assert "waits for confirmation" in writer.refused(D, "hand.raise", {"speaker": "Amina"})
    state = writer.state
    assert D.public_key not in round_order(state)
    assert D.public_key not in {row.member for row in participation_balance(state)}


def test_a_guest_adds_evaluation_notes_only_and_counts_nowhere():
    writer = _open()
    guest = D.public_key
    writer.ok(A, "member.admit", s.admit_body(guest, "Gast", role="guest"))
    state = writer.state
    assert state.members[guest].guest and not state.members[guest].pending
    assert guest not in state.participants()
    move_to(writer, "knots")
    assert "guest" in writer.refused(D, "knot.add", s.text_body("mine"))
    assert "guest" in writer.refused(D, "hand.raise", {})
    writer.ok(D, "member.name", s.name_body("Gast van buiten"))
    move_to(writer, "positions", "criteria", "options", "decide", "act", "evaluate")
    note = writer.ok(D, "evaluation.add", {"aspect": "went_well", "text": "clear"})
    writer.ok(D, "edit", s.edit_body(note.id, "very clear"))
    assert state.evaluations[note.id].author == guest
    assert "guest" in writer.refused(D, "member.admit", s.admit_body(PUPPETS[0].public_key, "p"))


def test_a_guest_admitted_by_another_member_waits_too():
    writer = _open()
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Gast", role="guest"))
    member = writer.state.members[D.public_key]
    assert member.guest and member.pending
    writer.ok(A, "member.confirm", s.confirm_body(D.public_key))
    assert member.guest and not member.pending
    assert D.public_key not in writer.state.participants()


def test_a_session_opened_before_the_rule_admits_as_before_and_hashes_as_before():
    writer = _open(admission=None)
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    assert D.public_key in writer.state.participants()
    assert "no confirmation" in writer.refused(A, "member.confirm", s.confirm_body(D.public_key))
    assert "admits members only, no guests" in writer.refused(
        A, "member.admit", s.admit_body(PUPPETS[0].public_key, "g", role="guest")
    )
    data = snapshot(writer.state)
    assert "admission" not in data["info"]
    assert all(set(m) == {"key", "name", "admitted_by", "admitted_in", "facilitator", "observer"}
               for m in data["members"].values())  # fmt: skip


def _key(n: int) -> str:
    return Identity.from_seed(n.to_bytes(32, "big")).public_key


def test_a_member_admits_a_bounded_number_and_a_session_holds_a_bounded_number():
    """Attack finding 5: one member admitted 3000 puppets; every member list grew with them."""
    writer = _open(process_rule="consent")
    for n in range(MAX_ADMITS):
        writer.ok(B, "member.admit", s.admit_body(_key(1000 + n), f"puppet {n}"))
    refusal = writer.refused(B, "member.admit", s.admit_body(_key(999), "one more"))
    assert f"admitted {MAX_ADMITS} people already" in refusal
    writer.ok(C, "member.admit", s.admit_body(_key(999), "one more"))  # another member may
    n = 0
    settled = lambda: sum(not m.pending for m in writer.state.members.values())  # noqa: E731
    while settled() < MAX_MEMBERS:  # the facilitator admits up to the cap (the 101 wait)
        writer.ok(A, "member.admit", s.admit_body(_key(5000 + n), f"guest {n}"))
        n += 1
    refusal = writer.refused(A, "member.admit", s.admit_body(_key(4999), "too many"))
    assert f"holds {MAX_MEMBERS} members" in refusal
    assert len(writer.state.members) == MAX_MEMBERS + MAX_ADMITS + 1


def test_a_keeper_that_watches_still_admits_and_whom_it_admits_wait_for_confirmation():
    """Left open last session: a keeper with ``--invite`` stayed a member (observers admitted
    nobody), so it counted in every quorum without answering. An observer may now admit; it
    counts nowhere and confirms nobody, and whom it admits count once the facilitator confirms."""
    writer = _open()
    writer.ok(A, "member.admit", s.admit_body(D.public_key, "keeper"))
    writer.ok(D, "member.observe", {})
    newcomer = PUPPETS[0].public_key
    writer.ok(D, "member.admit", s.admit_body(newcomer, "Nieuw"))
    state = writer.state
    assert state.members[newcomer].pending and state.members[newcomer].admitted_by == D.public_key
    assert D.public_key not in state.participants()
    assert not may_confirm(state, D.public_key, newcomer)
    assert "an observer only watches" in writer.refused(D, "member.confirm", {"member": newcomer})
    move_to(writer, "knots")
    assert "an observer only watches" in writer.refused(D, "knot.add", s.text_body("x"))
    assert confirms_now(state, A.public_key) == [newcomer]
    writer.ok(A, "member.confirm", {"member": newcomer})
    assert newcomer in state.participants()


def test_keys_waiting_for_confirmation_never_lock_the_facilitator_out():
    """Attacker finding 4: five admitters (observers may admit) each admitted a hundred made-up
    keys; the pending keys filled the cap and the facilitator could admit nobody of the room."""
    writer = _open()
    admitters = [identity(200 + n) for n in range(5)]
    for n, admitter in enumerate(admitters):
        writer.ok(A, "member.admit", s.admit_body(admitter.public_key, f"admitter {n}"))
        if n % 2:
            writer.ok(admitter, "member.observe", {})
    for n, admitter in enumerate(admitters):
        for m in range(MAX_ADMITS):
            if len(writer.state.members) < MAX_MEMBERS:
                writer.ok(admitter, "member.admit", s.admit_body(_key(10_000 * n + m), "p"))
    state = writer.state
    assert len(state.members) == MAX_MEMBERS and sum(m.pending for m in state.members.values())
    refusal = writer.refused(B, "member.admit", s.admit_body(_key(1_500_000), "one more puppet"))
    assert "the facilitator can still admit" in refusal  # the waiting room is full
    room = [_key(2_000_000 + n) for n in range(10)]
    for n, key in enumerate(room):  # the real room still gets in, and counts
        writer.ok(A, "member.admit", s.admit_body(key, f"neighbour {n}"))
        assert state.members[key].counts
    # The cap still holds for members who do not wait: the facilitator fills it up to 500 ...
    n = 0
    while sum(not m.pending for m in state.members.values()) < MAX_MEMBERS:
        writer.ok(A, "member.admit", s.admit_body(_key(3_000_000 + n), "x"))
        n += 1
    assert "as many as it can take" in writer.refused(
        A, "member.admit", s.admit_body(_key(1_500_001), "x")
    )
    # ... and confirming a waiting key past it is refused, so at most twice the cap in all.
    waiting = next(k for k, m in state.members.items() if m.pending)
    assert "as many as it can take" in writer.refused(A, "member.confirm", {"member": waiting})
    assert len(state.members) <= 2 * MAX_MEMBERS


def test_in_a_session_from_before_the_rule_an_observers_admission_waits():
    """Attacker finding 5: a keeper with ``--invite`` (an observer) on an older session let
    people in who counted at once. There, an observer's admission now waits as under the rule;
    a member who takes part admits as before, so older sessions fold as they did."""
    writer = _open(admission=None)
    assert writer.state.info.admission != "confirmed"
    writer.ok(A, "member.admit", s.admit_body(D.public_key, "keeper"))
    writer.ok(D, "member.observe", {})
    newcomer, known = PUPPETS[0].public_key, PUPPETS[1].public_key
    writer.ok(D, "member.admit", s.admit_body(newcomer, "Nieuw"))
    writer.ok(B, "member.admit", s.admit_body(known, "Bekend"))
    state = writer.state
    assert state.members[newcomer].pending and not state.members[newcomer].counts
    assert state.members[known].counts  # unchanged for members who take part
    refusal = writer.refused(PUPPETS[0], "phase.propose", {"to": "knots"})
    assert "waits for confirmation" in refusal
    writer.ok(A, "member.confirm", {"member": newcomer})
    assert state.members[newcomer].counts
