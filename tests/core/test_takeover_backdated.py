"""A take-over never acts backwards in time (attack s16 #1, ``core/takeover.py``): a request
to take over dated back to when only the facilitator and its author took part must not count
"at once" and then refuse everything she did since. Records list what their author had seen
(``seeing``), as every app's do; the attacker's request lists what he likes. Real signed
records, the real fold, several arrival orders."""

from __future__ import annotations

import random

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.record import Record, sign_record
from beraad.core.tally import decision_body
from tests.core.strategies import identity
from tests.core.writer import EPOCH_MS, SessionWriter

NONCE = "6b" * 16
ANJA, BART, CHRIS, DIRK, ERIK = (identity(n) for n in (41, 42, 43, 44, 45))
NAMES = {BART: "Bart", CHRIS: "Chris"}


def meeting(*quiet) -> tuple[SessionWriter, int]:
    """Anja opens; Bart (and ``quiet``) join and say their name, then say nothing more; Chris
    and Dirk join later; the meeting runs to a decision and Act. Returns the writer and the
    lamport at which only Anja and the quiet ones had taken part."""
    w = SessionWriter(ANJA, NONCE, seeing=True)
    body = s.open_body("Speelplein", "Wat nu?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(ANJA, "session.open", body)
    for who in (BART, *quiet):
        w.ok(ANJA, "member.admit", s.admit_body(who.public_key, "lid"))
        w.ok(who, "member.name", s.name_body("lid"))
    w.ok(ANJA, "phase.move", s.move_body("knots"))
    w.ok(ANJA, "knot.add", s.text_body("cars too fast"))
    window = w.lamport
    w.ok(ANJA, "member.admit", s.admit_body(CHRIS.public_key, "Chris"))
    w.ok(ANJA, "member.admit", s.admit_body(DIRK.public_key, "Dirk"))
    w.ok(CHRIS, "knot.add", s.text_body("no benches"))
    for phase in ("positions", "criteria", "options"):
        w.ok(ANJA, "phase.move", s.move_body(phase))
    bumps = w.ok(CHRIS, "option.add", s.option_body("speed bumps")).id
    w.ok(DIRK, "option.add", s.option_body("benches"))
    w.ok(ANJA, "phase.move", s.move_body("decide"))
    for who in (ANJA, CHRIS, DIRK):
        w.ok(who, "dots.place", s.dots_body({bumps: 3}))
    w.ok(ANJA, "vote.close", s.close_body("dots.place"))
    w.ok(ANJA, "decision.take", decision_body(w.state))
    w.ok(ANJA, "phase.move", s.move_body("act"))
    return w, window


def same_in_other_orders(w: SessionWriter) -> None:
    """The fold of the same records in other arrival orders: same refusals, same hash."""
    orders = [list(reversed(w.records))]
    for seed in (1, 2):
        shuffled = list(w.records)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    for records in orders:
        fold = Fold(DeliberationReducer())
        for record in records:
            fold.add(record)
        assert fold.rejected == w.fold.rejected
        assert fold.state_hash() == w.fold.state_hash()


def anja_kept_her_meeting(w: SessionWriter) -> None:
    state = w.state
    assert state.facilitator == ANJA.public_key
    assert state.phase == "act" and len(state.decisions) == 1
    assert not any(m.pending for m in state.members.values())
    anjas = {r.id for r in w.records if r.author == ANJA.public_key}
    assert not anjas & set(w.fold.rejected), "something Anja did was refused after the fact"


def test_a_lone_request_dated_back_undoes_nothing_the_facilitator_did():
    """The attack: Bart's request lists nothing seen and sorts where only Anja and he took
    part, so it counts at once there; Anja's next record had not seen it: she was not away,
    the role comes back to her there, and all she did since counts. Bart moves nobody."""
    w, window = meeting()
    claim = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), window, ())
    assert claim.id not in w.fold.rejected
    anja_kept_her_meeting(w)
    took, back = w.state.handovers
    assert (took.claim, took.to, took.seconded_by) == (claim.id, BART.public_key, None)
    assert back.back and (back.by, back.to, back.claim) == (
        BART.public_key,
        ANJA.public_key,
        claim.id,
    )
    assert w.state.claims[claim.id].status == "back"
    assert "only the facilitator" in w.refused(BART, "phase.move", s.move_body("evaluate"))
    same_in_other_orders(w)


def test_a_request_dated_back_by_an_honest_app_is_refused_and_undoes_nothing():
    """Bart's app lists what he had seen (Chris and Dirk took part): dated back to where only
    Anja and he are members, it lists more members than there were, and is refused."""
    w, window = meeting()
    claim = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), window)
    assert "other members' records as seen" in w.fold.rejected[claim.id]
    anja_kept_her_meeting(w)
    assert w.state.handovers == []
    same_in_other_orders(w)


def test_a_request_and_a_second_both_dated_back_undo_nothing():
    """Two quiet members, Bart and Erik: Bart asks, Erik seconds, both dated back below
    Chris's admission. The take-over counts there; Anja's next record ends it."""
    w, window = meeting(ERIK)
    claim = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), window, ())
    second = w.back_dated(ERIK, "facilitator.second", s.second_body(claim.id), window, ())
    assert second.id not in w.fold.rejected
    anja_kept_her_meeting(w)
    assert [h.back for h in w.state.handovers] == [False, True]
    same_in_other_orders(w)


def opened(*members: object) -> SessionWriter:
    """Anja's session in Knots with ``members`` named; every record lists what it saw."""
    w = SessionWriter(ANJA, NONCE, seeing=True)
    body = s.open_body("Speelplein", "Wat nu?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(ANJA, "session.open", body)
    w.ok(ANJA, "member.name", s.name_body("Anja"))
    for who in members:
        name = NAMES[who]
        w.ok(ANJA, "member.admit", s.admit_body(who.public_key, name))  # type: ignore[attr-defined]
        w.ok(who, "member.name", s.name_body(name))
    w.ok(ANJA, "phase.move", s.move_body("knots"))
    return w


def ask(w: SessionWriter) -> Record:
    return w.ok(BART, "facilitator.claim", s.claim_body(ANJA.public_key))


def test_an_honest_take_over_still_counts_and_anja_back_reads_it():
    """Anja's laptop died: Bart asks, Chris seconds, Bart moves the group. Anja, back and
    caught up (her record lists the take-over), is a member like the others."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    assert w.state.facilitator == ANJA.public_key
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    w.ok(BART, "phase.move", s.move_body("positions"))
    assert "only the facilitator" in w.refused(ANJA, "phase.move", s.move_body("criteria"))
    w.ok(ANJA, "member.name", s.name_body("Anja"))
    assert w.state.facilitator == BART.public_key and len(w.state.handovers) == 1


def test_two_people_take_over_at_once_and_anja_back_unaware_gets_it_back():
    """Only Anja and Bart: his request counts at once. Anja's app, not yet caught up, writes
    a record that had not seen it: the role comes back to her from there, Bart's move before
    it stands. Caught up, she hands it to him again."""
    w = opened(BART)
    asked = ask(w)
    assert w.state.facilitator == BART.public_key
    w.ok(BART, "phase.move", s.move_body("positions"))
    named = next(r for r in w.records if r.author == BART.public_key)
    bart_named = (BART.public_key, 1, named.id)  # all her app had seen of Bart
    unaware = w.back_dated(ANJA, "member.name", s.name_body("Anja"), w.lamport + 1, (bart_named,))
    w.lamport += 1
    assert w.state.facilitator == ANJA.public_key and w.state.phase == "positions"
    assert w.state.handovers[-1].back and w.state.handovers[-1].record == unaware.id
    w.ok(ANJA, "facilitator.handover", s.handover_body(BART.public_key))
    assert w.state.facilitator == BART.public_key and asked.id in w.state.claims


def test_the_facilitator_back_ends_a_request_that_waits_and_may_still_second_it():
    """naive s16 N9: a request waits; Anja, back, writes: it lapses, and Chris's second no
    longer hands her role away. A new request she seconds herself is a handover."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    w.ok(ANJA, "knot.add", s.text_body("cars too fast"))
    assert w.state.claims[asked.id].status == "back"
    assert "back" in w.refused(CHRIS, "facilitator.second", s.second_body(asked.id))
    again = ask(w)
    w.ok(ANJA, "facilitator.second", s.second_body(again.id))
    assert w.state.facilitator == BART.public_key


def from_her_app(w: SessionWriter, who, kind: str, body: dict) -> object:
    """``who``'s app writes a record as a node does: checked by ``Fold.try_append`` before it
    is signed into the chain; published only if it counts. Returns the refusal, or None."""
    seq, prev = w.heads.get(who.public_key, (0, None))
    record = sign_record(
        who,
        session=w.session,
        seq=seq + 1,
        prev=prev,
        lamport=w.lamport + 1,
        at=EPOCH_MS + w.lamport + 1,
        kind=kind,
        body=body,
        seen=w._seen(who),
    )
    refusal = w.fold.try_append(record)
    if refusal is None:
        w.lamport += 1
        w._listed(who, record)
        w.heads[who.public_key] = (record.seq, record.id)
        w.records.append(record)
    return refusal


def every_peer_agrees(w: SessionWriter) -> None:
    fold = Fold(DeliberationReducer())
    fold.extend(w.records)
    assert fold.state_hash() == w.fold.state_hash()


def test_anja_caught_up_writes_as_a_member_on_her_own_device_too():
    """Her app checks her record before signing it, when her chain does not yet hold it:
    the take-over it lists for the first time was seen, on her device as on every peer."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    assert from_her_app(w, ANJA, "knot.add", s.text_body("cars too fast")) is None
    assert w.state.facilitator == BART.public_key and len(w.state.handovers) == 1
    every_peer_agrees(w)


def test_a_record_refused_on_her_device_does_not_end_a_request():
    """Only a record of hers that counts shows her back: one her app refuses (never signed
    into her chain, never sent) changes nothing, or her device would part from the others."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    assert from_her_app(w, ANJA, "phase.move", s.move_body("decide")) is not None
    assert w.state.claims[asked.id].status == "open"
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    assert w.state.facilitator == BART.public_key
    every_peer_agrees(w)
