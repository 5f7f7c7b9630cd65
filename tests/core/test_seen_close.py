"""A vote whose author had SEEN voting close came in after the close, whatever its lamport
(``core/seen_close.py``): the lamport is its author's word, what a record lists as seen is
signed. A voter who saw the close and gives her vote the close's lamport, or a lower one, is
refused with a reason that says so; a voter cut off from the room, who had not seen it, still
counts as having voted before the close (shown "came in later" as before). Real signed records
through the real reducer, the real gate and the real fold; any arrival order, one state."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.end_consent import RULE_SINCE_MS
from beraad.core.fold import Fold
from beraad.core.record import Record, sign_record
from beraad.core.replica import Replica
from beraad.core.sealed import commitment
from beraad.core.settled import agreed_move_body
from beraad.core.tally import decision_body
from beraad.i18n.kinds import reason_text
from tests.core.strategies import identity
from tests.core.test_deliberation import NONCE, A, B, C, D, move_to
from tests.core.test_fork_standing import _gate, through_gate
from tests.core.writer import EPOCH_MS, SessionWriter

E = identity(15)

#: The state hash of ``_old_session`` as the fold gave it before this rule (main at 826a265):
#: records without ``seen`` fold exactly as they did.
OLD_HASH = "499cc533d059c45b7f3fc4659050a6a5c84b16102c17b1c9f71af6d1eb2927f3"


def _session(seeing: bool) -> tuple[SessionWriter, str, str]:
    writer = SessionWriter(A, NONCE, seeing=seeing)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate((B, C, D, E)):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    writer.ok(D, "member.name", s.name_body("Dirk"))
    writer.ok(E, "member.name", s.name_body("Els"))
    move_to(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(B, "option.add", s.option_body("one")).id
    two = writer.ok(C, "option.add", s.option_body("two", [one])).id
    move_to(writer, "decide")
    return writer, one, two


def _after_a():
    """A member whose records the fold puts after A's at the same lamport."""
    return B if B.public_key > A.public_key else C


def _closed(seeing: bool = True):
    """A votes, closes and decides; returns the writer, the options, the close and the heads
    every member had seen before the close (what a member cut off since had seen)."""
    writer, one, two = _session(seeing)
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    before = dict(writer.heads)
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    return writer, one, two, close, decision, before


def _signed(writer: SessionWriter, who, body: dict, lamport: int, seen: dict) -> Record:
    """``who``'s next vote at ``lamport``, listing as seen the heads in ``seen`` (author →
    (seq, id)) but their own: what they had seen, as their app would list it."""
    seq, prev = writer.heads[who.public_key]
    heads = tuple(
        sorted((a, q, i) for a, (q, i) in seen.items() if a != who.public_key and i is not None)
    )
    record = sign_record(
        who, session=writer.session, seq=seq + 1, prev=prev, lamport=lamport,
        at=writer.records[-1].at + 1, kind="dots.place", body=body, seen=heads,
    )  # fmt: skip
    writer.heads[who.public_key] = (record.seq, record.id)
    writer.fold.add(record)
    writer.records.append(record)
    return record


def test_a_voter_who_saw_the_close_and_gives_her_vote_its_lamport_came_in_after_it():
    writer, _one, two, close, decision, _before = _closed()
    vote = writer.back_dated(_after_a(), "dots.place", s.dots_body({two: 3}), close.lamport)
    assert (
        writer.fold.rejected[vote.id]
        == "voting with dots.place had closed before its author wrote this"
    )
    [held] = writer.state.decisions
    assert held.came_later == () and decision.id not in writer.fold.rejected
    assert vote.id not in writer.state.after_close  # no "came in later", no what-if


def test_a_voter_who_saw_the_close_and_back_dates_below_it_came_in_after_it():
    writer, one, two, close, _decision, _before = _closed()
    for who, lamport in ((B, close.lamport - 1), (C, close.lamport - 2)):
        vote = writer.back_dated(who, "dots.place", s.dots_body({two: 3}), lamport)
        assert "had closed before its author wrote this" in writer.fold.rejected[vote.id]
    [held] = writer.state.decisions
    assert held.came_later == () and held.option == one
    assert [v.member for v in writer.state.counted_votes("dots.place")] == [A.public_key]


def test_what_a_voter_saw_is_read_from_her_own_chain_only():
    """D's vote lists every head as her app would (the close's author's included): refused.
    One listing only C's record written after the close is not read through C's records
    (no walk through others' records: no verdict waits for another record to come), so it
    counts, as for a client that leaves a head out (docs/protocol.md)."""
    writer, _one, two, close, _decision, _before = _closed()
    writer.ok(C, "member.name", s.name_body("gezien"))
    vote = _signed(writer, D, s.dots_body({two: 3}), close.lamport - 1, dict(writer.heads))
    assert "had closed before" in writer.fold.rejected[vote.id]
    through = _signed(
        writer,
        E,
        s.dots_body({two: 1}),
        close.lamport - 1,
        {C.public_key: writer.heads[C.public_key]},
    )
    assert through.id not in writer.fold.rejected


def test_a_voter_cut_off_before_the_close_still_counts_as_before_it():
    """She had not seen the close: at its lamport and below it, her vote came in later, with
    what the result would be (as before this rule)."""
    writer, one, two, close, _decision, before = _closed()
    same = _signed(writer, _after_a(), s.dots_body({two: 3}), close.lamport, before)
    assert same.id not in writer.fold.rejected
    other = D
    lower = _signed(writer, other, s.dots_body({two: 3}), close.lamport - 1, before)
    assert lower.id not in writer.fold.rejected
    [held] = writer.state.decisions
    assert held.option == one and set(held.came_later) == {same.id, lower.id}
    assert held.later_option == two


def test_a_colluders_back_dated_record_cannot_make_an_honest_vote_see_the_close():
    """D writes a record dated below the close that lists it; a cut-off voter who saw D's
    record had not seen the close for that: a record listing one at or above its own lamport
    is back-dated, and what it claims is not its reader's."""
    writer, _one, two, close, _decision, before = _closed()
    seq, prev = writer.heads[D.public_key]
    poison = sign_record(
        D, session=writer.session, seq=seq + 1, prev=prev, lamport=close.lamport - 2,
        at=writer.records[-1].at + 1, kind="member.name", body=s.name_body("x"),
        seen=((A.public_key, close.seq, close.id),),
    )  # fmt: skip
    writer.heads[D.public_key] = (poison.seq, poison.id)
    writer.fold.add(poison)
    writer.records.append(poison)
    seen = {**before, D.public_key: (poison.seq, poison.id)}
    vote = _signed(writer, _after_a(), s.dots_body({two: 3}), close.lamport, seen)
    assert vote.id not in writer.fold.rejected
    assert writer.state.decisions[0].came_later == (vote.id,)


def test_a_sealed_vote_back_dated_below_the_close_its_author_saw_is_refused():
    writer, one, _two, close, _decision, _before = _closed()
    seq, prev = writer.heads[B.public_key]
    body = {
        "kind": "dots.place",
        "commitment": commitment("dots.place", s.dots_body({one: 1}), "ab" * 16),
    }
    sealed = sign_record(
        B, session=writer.session, seq=seq + 1, prev=prev, lamport=close.lamport - 1,
        at=writer.records[-1].at + 1, kind="vote.commit", body=body,
        seen=((A.public_key, close.seq, close.id),),
    )  # fmt: skip
    writer.fold.add(sealed)
    assert "had closed before" in writer.fold.rejected[sealed.id]


def test_the_refusal_says_it_in_the_readers_language():
    writer, _one, two, close, _decision, _before = _closed()
    vote = writer.back_dated(B, "dots.place", s.dots_body({two: 3}), close.lamport - 1)
    reason = writer.fold.rejected[vote.id]
    assert reason_text(reason, "en") == (
        "its voter had already seen voting close, so this vote came in after the close "
        "and was not counted"
    )
    assert reason_text(reason, "nl") == (
        "wie deze stem uitbracht had de stemming al zien sluiten: ze kwam na het sluiten "
        "en telt niet mee"
    )


def _old_session() -> SessionWriter:
    """No ``seen`` anywhere (as before 6 December 2026): a vote at the close's lamport and
    one below it, both after the close was taken and decided."""
    from tests.core.test_deliberation import _dots_session

    writer, one, two = _dots_session()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "decision.take", decision_body(writer.state))
    late = _after_a()
    other = C if late is B else B
    writer.back_dated(late, "dots.place", s.dots_body({two: 3}), close.lamport)
    writer.back_dated(other, "dots.place", s.dots_body({two: 1}), close.lamport - 1)
    return writer


def test_an_old_session_folds_to_the_hash_it_always_had():
    writer = _old_session()
    assert writer.fold.state_hash() == OLD_HASH
    assert not writer.fold.rejected and len(writer.state.decisions[0].came_later) == 2


def _mixed() -> tuple[SessionWriter, list[Record]]:
    """A voter who saw the close back-dates (refused), one cut off does not (counted), and E
    back-dates a vote listing the close's author's head after the close: in an order where
    E's vote is folded before the close comes,
    the close makes the fold judge it anew."""
    writer, _one, two, close, _decision, before = _closed()
    writer.back_dated(B, "dots.place", s.dots_body({two: 3}), close.lamport - 1)
    _signed(writer, C, s.dots_body({two: 2}), close.lamport, before)
    late = _signed(writer, E, s.dots_body({two: 1}), close.lamport - 1, {
        A.public_key: writer.heads[A.public_key]
    })  # fmt: skip
    assert "had closed before" in writer.fold.rejected[late.id]
    return writer, writer.records


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.booleans())
def test_any_arrival_order_gives_one_state(rng, one_by_one):
    writer, records = _mixed()
    order = records[:]
    rng.shuffle(order)
    fold = through_gate(writer.session, order, one_by_one=one_by_one)
    assert fold.state_hash() == writer.fold.state_hash()
    assert fold.rejected == writer.fold.rejected


def test_the_close_may_come_after_the_vote_that_saw_it():
    """E's vote (and the chain it rests on) first, the close after: the vote is counted until
    the close comes, then refused, as a fold of all of them refuses it."""
    writer, records = _mixed()
    close = next(r for r in records if r.kind == "vote.close")
    order = [r for r in records if r.id != close.id] + [close]
    for one_by_one in (True, False):
        fold = through_gate(writer.session, order, one_by_one=one_by_one)
        assert fold.state_hash() == writer.fold.state_hash()
        assert records[-1].id in fold.rejected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_batching_of_the_records_gives_one_state(data):
    """Folding the records in batches (any cut, in fold order, as verify, a reopened data
    dir and a catching-up peer do; or shuffled) gives the state of folding them at once."""
    writer, records = _mixed()
    ordered = sorted(records, key=lambda r: (r.order_key, r.id))
    if data.draw(st.booleans()):
        ordered = data.draw(st.permutations(ordered))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(ordered) - 1), max_size=6)))
    replica = Replica(writer.session, fold_admits=True)
    fold = Fold(DeliberationReducer())
    for start, end in zip([0, *cuts], [*cuts, len(ordered)], strict=True):
        _gate(replica, fold, ordered[start:end])
    assert fold.state_hash() == writer.fold.state_hash()
    assert fold.rejected == writer.fold.rejected


def _consent_move(writer: SessionWriter):
    """Under consent: A proposes the knots, A and B are ready, A moves naming their answers;
    C stays quiet. Returns the proposal, the move and what C had seen before the move."""

    proposal = writer.ok(A, "phase.propose", {"to": "knots"}).id
    for who in (A, B):
        writer.ok(who, "phase.respond", {"proposal": proposal, "response": "ready"})
    before = dict(writer.heads)
    body = agreed_move_body(writer.state, writer.state.proposals[proposal])
    move = writer.ok(A, "phase.move", body)
    writer.ok(B, "member.name", s.name_body("Bart"))  # B saw the move
    return proposal, move, before


def _consent_session() -> SessionWriter:
    writer = SessionWriter(A, NONCE, seeing=True)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "consent", "dots", nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate((B, C)):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    writer.ok(C, "member.name", s.name_body("Cas"))
    return writer


def test_an_objection_by_a_member_who_saw_the_move_is_not_shown_as_in_time():
    """Dated back below the consent move she had seen (her app lists Anja's head after it), Cas's
    objection is refused as after the move; the move names no objection that came in later."""
    writer = _consent_session()
    proposal, move, _before = _consent_move(writer)
    objection = {"proposal": proposal, "response": "object", "reason": "te snel"}
    seen = {a: h for a, h in writer.heads.items() if a != C.public_key}
    seq, prev = writer.heads[C.public_key]
    late = sign_record(
        C, session=writer.session, seq=seq + 1, prev=prev, lamport=move.lamport - 1,
        at=writer.records[-1].at + 1, kind="phase.respond", body=objection,
        seen=tuple(sorted((a, q, i) for a, (q, i) in seen.items())),
    )  # fmt: skip
    writer.fold.add(late)
    reason = writer.fold.rejected[late.id]
    assert reason_text(reason, "en").startswith("its author had already seen the group move on")
    assert reason_text(reason, "nl").startswith("wie dit antwoord gaf had de groep al verder")
    assert writer.state.phase == "knots"
    assert writer.state.phase_history[-1].came_later == ()


def test_an_objection_by_a_member_cut_off_before_the_move_still_came_in_later():
    writer = _consent_session()
    proposal, move, before = _consent_move(writer)
    objection = {"proposal": proposal, "response": "object", "reason": "te snel"}
    seq, prev = writer.heads[C.public_key]
    heads = tuple(sorted((a, q, i) for a, (q, i) in before.items() if a != C.public_key))
    late = sign_record(
        C, session=writer.session, seq=seq + 1, prev=prev, lamport=move.lamport - 1,
        at=writer.records[-1].at + 1, kind="phase.respond", body=objection, seen=heads,
    )  # fmt: skip
    writer.fold.add(late)
    assert late.id not in writer.fold.rejected
    assert writer.state.phase_history[-1].came_later == (late.id,)


def _ended() -> tuple[SessionWriter, str, Record, dict]:
    """Under consent, since the end rule: A proposes to end, A and B are ready, A ends naming
    them; B writes after the end (he saw it), C stayed quiet. Returns what C had seen before."""
    writer = SessionWriter(A, NONCE, seeing=True)
    writer.wait(RULE_SINCE_MS - EPOCH_MS)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "consent", "dots", nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate((B, C)):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    writer.ok(C, "member.name", s.name_body("Cas"))
    proposal = writer.ok(A, "phase.propose", {"to": "end", "next": "morgen"}).id
    ready = [
        writer.ok(who, "phase.respond", {"proposal": proposal, "response": "ready"}).id
        for who in (A, B)
    ]
    before = dict(writer.heads)
    end = writer.ok(A, "meeting.end", {"proposal": proposal, "next": "morgen", "rests_on": ready})
    writer.ok(B, "member.name", s.name_body("Bart"))
    return writer, proposal, end, before


@pytest.mark.parametrize("saw_the_end", [True, False])
def test_an_objection_to_the_end_is_judged_by_whether_its_author_saw_the_end(saw_the_end):
    """The same under the consent end of a meeting (``core/end_consent.py``): dated back below
    the end, an objection by C who had seen it (her app lists A's head after it) is refused; one
    by C cut off before the end came in later, as before."""
    writer, proposal, end, before = _ended()
    seen = dict(writer.heads) if saw_the_end else before
    objection = {"proposal": proposal, "response": "object", "reason": "niet klaar"}
    seq, prev = writer.heads[C.public_key]
    late = sign_record(
        C, session=writer.session, seq=seq + 1, prev=prev, lamport=end.lamport - 1,
        at=writer.records[-1].at + 1, kind="phase.respond", body=objection,
        seen=tuple(sorted((a, q, i) for a, (q, i) in seen.items() if a != C.public_key)),
    )  # fmt: skip
    writer.fold.add(late)
    assert (late.id in writer.fold.rejected) is saw_the_end
    assert writer.state.meetings[0].end_came_later == ([] if saw_the_end else [late.id])


def test_records_listed_before_they_come_cost_no_refold():
    """The amplification of the first reading (attack s8, a2): E's records list, as seen,
    records D signed but has not sent, and E votes at the close's lamport. D then sends them
    one by one. What a voter had seen is read from her own chain, never waiting on another's
    record: none of D's records (they close nothing) makes the fold fold anew; nor does a
    flood of closes that no record sorting before them had seen."""
    from benchmarks.seen_close import MEMBERS, Flood
    from benchmarks.seen_close import NONCE as FLOOD_NONCE

    count = 40
    a, d, e = MEMBERS[0], MEMBERS[3], MEMBERS[4]
    writer = Flood()
    body = s.open_body("t", "f", "blank", "en", "facilitator", "dots", nonce=FLOOD_NONCE)
    writer.write(a, "session.open", body)
    for member in MEMBERS[1:6]:
        writer.write(a, "member.admit", s.admit_body(member.public_key, "m"))
    for phase in ("knots", "positions", "criteria", "options"):
        writer.write(a, "phase.move", s.move_body(phase))
    one = writer.write(a, "option.add", s.option_body("one")).id
    writer.write(a, "phase.move", s.move_body("decide"))
    base = writer.lamport
    close_lamport = base + count + 1
    seq, prev = writer.heads.get(d.public_key, (0, None))
    unsent = []
    for n in range(count):
        record = sign_record(
            d, session=writer.session, seq=seq + 1 + n, prev=prev,
            lamport=close_lamport + 1 + n, at=1_700_000_100_000 + n,
            kind="member.name", body=s.name_body(f"d{n}"),
        )  # fmt: skip
        prev = record.id
        unsent.append(record)
    chain, prev = [], None
    for n, record in enumerate(unsent):
        listed = ((d.public_key, record.seq, record.id),)
        chain.append(
            sign_record(
                e,
                session=writer.session,
                seq=n + 1,
                prev=prev,
                lamport=base + 1 + n,
                at=1_700_000_050_000 + n,
                kind="member.name",
                body=s.name_body(f"e{n}"),
                seen=listed,
            )
        )
        prev = chain[-1].id
    writer.lamport = base + count
    close = writer.write(a, "vote.close", s.close_body("dots.place"))
    vote = sign_record(
        e, session=writer.session, seq=count + 1, prev=prev, lamport=close.lamport,
        at=1_700_000_060_000, kind="dots.place", body=s.dots_body({one: 1}),
    )  # fmt: skip
    replica = Replica(writer.session, fold_admits=True)
    fold = Fold(DeliberationReducer())
    _gate(replica, fold, [*writer.records, *chain, vote])
    assert vote.id in {r.id for r in fold.records}
    before = fold.refolds
    for record in unsent:
        _gate(replica, fold, [record])
    assert fold.refolds == before
    assert all(fold.past.held.get(r.id) for r in unsent)
    # A flood of closes (D's, refused: D does not lead) sorting last: no held record sorting
    # before one had seen it, so none is judged anew.
    seq, prev, lamport = unsent[-1].seq, unsent[-1].id, unsent[-1].lamport
    for n in range(count):
        record = sign_record(
            d, session=writer.session, seq=seq + 1 + n, prev=prev, lamport=lamport + 1 + n,
            at=1_700_000_200_000 + n, kind="vote.close", body=s.close_body("dots.place"),
        )  # fmt: skip
        prev = record.id
        _gate(replica, fold, [record])
        assert record.id in fold.rejected
    assert fold.refolds == before
    whole = Fold(DeliberationReducer())
    _gate(Replica(writer.session, fold_admits=True), whole, [*fold.records])
    assert fold.state_hash() == whole.state_hash()


@given(st.lists(st.tuples(st.integers(1, 30), st.integers(1, 30)), max_size=40), st.integers(0, 31))
def test_the_listing_index_answers_as_a_scan_does(listings, probe):
    """``seen._Listed`` (own seq → highest seq listed by then) against a plain scan, for
    listings in any order (a refold or a batch takes a chain's records in any order)."""
    from beraad.core.seen import _Listed

    index = _Listed()
    for own, listed in listings:
        index.add(own, listed)
    by = max((listed for own, listed in listings if own <= probe), default=-1)
    assert index.by(probe) == by
    firsts = [own for own, listed in listings if listed >= probe]
    assert index.first(probe) == (min(firsts) if firsts else None)
