"""A take-over of a facilitator who was there never counts (attack s16 #1, ``core/takeover.
py``): a request to take over dated back to when only the facilitator and its author took part
must not count "at once" and then refuse everything she did since — nor anything its author, or
whom he hands the role to, does as facilitator in between. Records list what their author had
seen (``seeing``), as every app's do; the attacker's records list what he likes. Real signed
records, the real fold, many arrival orders."""

from __future__ import annotations

import random

import pytest

from beraad.commands.verify import _print_take_overs
from beraad.core import session as s
from beraad.core.catchup import since
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.record import MAX_SEEN, Record
from beraad.core.seen import Sight
from beraad.core.tally import decision_body
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_markdown
from beraad.export.wording import when
from beraad.ui.screens.while_away import summary_lines
from tests.core.strategies import identity
from tests.core.writer import SessionWriter

NONCE = "6b" * 16
ANJA, BART, CHRIS, DIRK, ERIK, PUPPET = (identity(n) for n in (41, 42, 43, 44, 45, 46))
NAMES = {BART: "Bart", CHRIS: "Chris", DIRK: "Dirk"}
UNSEEN = "wrote after that request without having seen it"


def meeting(*quiet, blind: tuple = ()) -> tuple[SessionWriter, int]:
    """Anja opens; Bart (and ``quiet``) join and say their name, then say nothing more; Chris
    and Dirk join later; the meeting runs to a decision and Act. Returns the writer and the
    lamport at which only Anja and the quiet ones had taken part. ``blind``: whose app lists
    nothing it saw (as before 6 December 2026, when no app knew of take-overs)."""
    w = SessionWriter(ANJA, NONCE, seeing=True)
    w.blind = {who.public_key for who in blind}
    body = s.open_body("Speelplein", "Wat nu?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(ANJA, "session.open", body)
    w.ok(ANJA, "member.name", s.name_body("Anja"))
    for who in (BART, *quiet):
        w.ok(ANJA, "member.admit", s.admit_body(who.public_key, "lid"))
        w.ok(who, "member.name", s.name_body("lid"))
    w.ok(ANJA, "phase.move", s.move_body("knots"))
    w.ok(ANJA, "knot.add", s.text_body("cars too fast"))
    window = w.lamport
    w.lamport += 5  # room for records dated into the slot before her next one
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


def same_in_other_orders(w: SessionWriter, shuffles: int = 2) -> None:
    """The fold of the same records in other arrival orders, one at a time (each may refold)
    or in batches: same refusals, same hash."""
    orders = [list(reversed(w.records))]
    for seed in range(shuffles):
        shuffled = list(w.records)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    for n, records in enumerate(orders):
        fold = Fold(DeliberationReducer())
        if n % 2:
            for start in range(0, len(records), 7):
                fold.extend(records[start : start + 7])
        else:
            for record in records:
                fold.add(record)
        assert fold.state.facilitator == w.state.facilitator
        assert fold.rejected == w.fold.rejected
        assert fold.state_hash() == w.fold.state_hash()


def anja_kept_her_meeting(w: SessionWriter) -> None:
    state = w.state
    assert state.facilitator == ANJA.public_key
    assert state.phase == "act" and len(state.decisions) == 1
    assert not any(m.pending for m in state.members.values())
    anjas = {r.id for r in w.records if r.author == ANJA.public_key}
    assert not anjas & set(w.fold.rejected), "something Anja did was refused after the fact"


def test_a_lone_request_dated_back_undoes_nothing_the_facilitator_did(capsys):
    """The attack: Bart's request lists nothing seen and sorts where only Anja and he took
    part, so it would count at once there; Anja's next record had not seen it: she was not
    away, so it never counts, and all she did since counts. Bart moves nobody. ``beraad
    verify`` says so with the request's time (naive s18 N9: two such requests printed the
    same line twice)."""
    w, window = meeting()
    claim = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), window, ())
    assert claim.id not in w.fold.rejected
    anja_kept_her_meeting(w)
    assert w.state.handovers == [] and w.state.claims[claim.id].status == "unseen"
    context = Context(w.state, w.records, w.fold.state_hash(), "en", dict(w.fold.rejected))
    minutes = " ".join(render_markdown(build_minutes(context)).split())
    assert "took over" not in minutes  # the minutes say what was tried, and why it is void
    assert "it did not count: Anja wrote on after it without having seen it" in minutes
    assert "only the facilitator" in w.refused(BART, "phase.move", s.move_body("evaluate"))
    _print_take_overs(w.state)
    said = f"request by lid ({when(claim.at)}) to take over from Anja did not count"
    assert said in capsys.readouterr().out
    same_in_other_orders(w)


def test_what_the_requester_does_as_facilitator_in_the_slot_counts_for_nothing():
    """Bart dates his request back, and after it, still before Anja's next record, moves the
    group, admits a key of his own and hands the role to it — so that her next record, which
    ends only a take-over of her, would find another in force. None of it counts as the
    facilitator's: the request never did."""
    w, window = meeting()
    replaces = s.claim_body(ANJA.public_key)
    claim = w.back_dated(BART, "facilitator.claim", replaces, window + 1, ())
    move = w.back_dated(BART, "phase.move", s.move_body("positions"), window + 2, ())
    admit = s.admit_body(PUPPET.public_key, "laptop")
    w.back_dated(BART, "member.admit", admit, window + 3, ())
    handover = s.handover_body(PUPPET.public_key)
    hand = w.back_dated(BART, "facilitator.handover", handover, window + 4, ())
    anja_kept_her_meeting(w)
    assert w.state.claims[claim.id].status == "unseen" and w.state.handovers == []
    assert "only the facilitator" in w.fold.rejected[move.id]
    assert "only the facilitator" in w.fold.rejected[hand.id]
    same_in_other_orders(w)


def test_a_facilitator_whose_app_lists_nothing_had_seen_nothing():
    """An app that lists nothing it saw is from before 6 December 2026, before any app knew
    of take-overs: her records after a request had not seen it, and Chris and Dirk saw them
    before the request: it never counts."""
    w, window = meeting(blind=(ANJA,))
    claim = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), window, ())
    anja_kept_her_meeting(w)
    assert w.state.claims[claim.id].status == "unseen"
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
    assert w.fold.rejected[second.id].startswith(f"Anja {UNSEEN}")  # her name, not her key
    anja_kept_her_meeting(w)
    assert w.state.handovers == []
    same_in_other_orders(w)


def test_every_peer_ends_with_the_same_facilitator_in_any_arrival_order():
    """The slot attack with a colluder's second, a take-over Anja had seen (Erik's, later,
    honest) and her record after it: thirty arrival orders, one record at a time or in
    batches, each with the same facilitator and the same state hash."""
    w, window = meeting(ERIK)
    replaces = s.claim_body(ANJA.public_key)
    claim = w.back_dated(BART, "facilitator.claim", replaces, window + 1, ())
    w.back_dated(ERIK, "facilitator.second", s.second_body(claim.id), window + 2, ())
    w.back_dated(BART, "facilitator.handover", s.handover_body(ERIK.public_key), window + 3, ())
    asked = w.ok(ERIK, "facilitator.claim", s.claim_body(ANJA.public_key))
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    w.ok(ANJA, "member.name", s.name_body("Anja, who read that Erik took over"))
    assert w.state.facilitator == ERIK.public_key and w.state.phase == "act"
    assert w.state.claims[claim.id].status == "unseen" and len(w.state.handovers) == 1
    same_in_other_orders(w, shuffles=30)


def test_her_record_arriving_last_unseen_by_anyone_leaves_the_take_over_standing():
    """Anja, cut off with her own laptop, writes on while Bart asks, Chris seconds and Bart
    moves the group. Her record, listing nothing of it, reaches a peer that folded the
    take-over already and sorts after it. Nobody saw it while the request was out, so it
    shows no facilitator there: the take-over stands, her record counts as a member's."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    moved = w.ok(BART, "phase.move", s.move_body("positions"))
    cut_off = w.back_dated(ANJA, "member.name", s.name_body("Anja"), w.lamport + 1, ())
    assert w.state.facilitator == BART.public_key and w.state.phase == "positions"
    assert w.state.claims[asked.id].status == "taken" and moved.id not in w.fold.rejected
    assert cut_off.id not in w.fold.rejected
    every_peer_agrees(w)


def test_a_witness_arriving_last_undoes_a_take_over_already_folded():
    """Bart dates his request back before Anja's knot, Chris seconds it (dated back too) and
    Bart moves the group. Dirk had read Anja's knot, not the request: his record shows her
    there while it was out. A peer holding all but Dirk's record folds the take-over as
    standing; Dirk's record arriving last folds the session anew, as a fresh fold does."""
    w = opened(BART, CHRIS, DIRK)
    base = w.lamport
    w.lamport += 5  # room for the records dated back
    here = w.ok(ANJA, "knot.add", s.text_body("cars too fast"))
    witness = w.ok(DIRK, "knot.add", s.text_body("no benches"))
    assert (ANJA.public_key, here.seq, here.id) in witness.seen
    asked = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), base + 1, ())
    w.back_dated(CHRIS, "facilitator.second", s.second_body(asked.id), base + 2, ())
    moved = w.back_dated(BART, "phase.move", s.move_body("positions"), base + 3, ())
    assert w.state.facilitator == ANJA.public_key and w.state.phase == "knots"
    assert w.state.claims[asked.id].status == "unseen" and moved.id in w.fold.rejected
    fold = Fold(DeliberationReducer())
    for record in w.records:
        if record is not witness:
            fold.add(record)
    assert fold.state.facilitator == BART.public_key and fold.state.phase == "positions"
    fold.add(witness)
    assert fold.state.facilitator == ANJA.public_key and fold.state.phase == "knots"
    assert fold.rejected == w.fold.rejected and fold.state_hash() == w.fold.state_hash()
    same_in_other_orders(w, shuffles=30)


@pytest.mark.parametrize("offline", [True, False], ids=["offline", "on_purpose"])
def test_the_replaced_facilitator_cannot_annul_a_take_over_by_a_record_dated_into_it(offline):
    """attack s17 #2. Anja goes silent; Bart asks, Chris seconds, and the group goes on under
    Bart to a decision and Act. Then records of Anja arrive that sort just after the request
    and list only what she had seen before it: her app typed on offline (each record at her
    lamport + 1), or one record dated there on purpose. Nobody saw them while the request was
    out: the take-over stands, the meeting under Bart counts, her records are a member's
    (a knot kept, a move refused), in every arrival order."""
    w = opened(BART, CHRIS, DIRK)
    w.ok(BART, "knot.add", s.text_body("cars"))
    she_saw, her_lamport = w._seen(ANJA), w.lamport  # her link drops here
    w.ok(CHRIS, "knot.add", s.text_body("benches"))
    asked = ask(w)
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    for phase in ("positions", "criteria", "options"):
        w.ok(BART, "phase.move", s.move_body(phase))
    bumps = w.ok(DIRK, "option.add", s.option_body("bumps")).id
    w.ok(BART, "phase.move", s.move_body("decide"))
    for who in (BART, CHRIS, DIRK):
        w.ok(who, "dots.place", s.dots_body({bumps: 3}))
    w.ok(BART, "vote.close", s.close_body("dots.place"))
    w.ok(BART, "decision.take", decision_body(w.state))
    w.ok(BART, "phase.move", s.move_body("act"))
    before = set(w.fold.rejected)
    lamport, hers = (her_lamport, []) if offline else (asked.lamport, [])
    seen = she_saw
    while lamport <= asked.lamport:
        lamport += 1
        body = s.text_body(f"typed offline {lamport}") if offline else s.name_body("Anja")
        kind = "knot.add" if offline else "member.name"
        hers.append(w.back_dated(ANJA, kind, body, lamport, seen))
        seen = ()  # her app lists a head once
    move = w.back_dated(ANJA, "phase.move", s.move_body("knots"), lamport + 1, ())
    assert w.state.facilitator == BART.public_key
    assert w.state.phase == "act" and len(w.state.decisions) == 1
    assert w.state.claims[asked.id].status == "taken" and len(w.state.handovers) == 1
    assert not {r.id for r in hers} & set(w.fold.rejected)
    assert "only the facilitator" in w.fold.rejected[move.id]
    assert set(w.fold.rejected) == before | {move.id}
    same_in_other_orders(w, shuffles=10)


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


def test_two_people_take_over_at_once_and_anja_back_unaware_does_not_undo_it():
    """Only Anja and Bart: his request counts at once, and he moves the group. Anja's app,
    not yet caught up, writes a record that had not seen it. Bart had not seen it before he
    asked (his request came first in his chain): nobody saw her there, so the take-over
    stands with the move it allowed, and her record counts as a member's."""
    w = opened(BART)
    asked = ask(w)
    assert w.state.facilitator == BART.public_key
    moved = w.ok(BART, "phase.move", s.move_body("positions"))
    named = next(r for r in w.records if r.author == BART.public_key)
    bart_named = (BART.public_key, 1, named.id)  # all her app had seen of Bart
    late = w.back_dated(ANJA, "member.name", s.name_body("Anja"), w.lamport + 1, (bart_named,))
    w.lamport += 1
    assert w.state.facilitator == BART.public_key and w.state.phase == "positions"
    assert w.state.claims[asked.id].status == "taken" and moved.id not in w.fold.rejected
    assert late.id not in w.fold.rejected


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
    record = w.sign(who, kind, body, w.lamport + 1)
    refusal = w.fold.try_append(record)
    if refusal is None:
        w.lamport += 1
        w.written(record)
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


def test_her_app_lists_whoever_asked_to_replace_her_first():
    """A record lists at most 64 heads, the rest in the next ones, by author: after a long
    silence in a big session her next record could leave out the one who asked to take over
    and read as not having seen the request. Her app lists whoever asked first."""
    sight = Sight(ANJA.public_key)
    chains = {f"{n:064x}": (1, f"{n:064x}") for n in range(1, MAX_SEEN + 6)}
    asker = max(chains)  # sorts last: left out by author order
    assert asker not in {a for a, _seq, _id in sight.heads(chains)}
    listed = sight.heads(chains, first={asker})
    assert asker in {a for a, _seq, _id in listed}
    assert len(listed) == MAX_SEEN and list(listed) == sorted(listed)


def test_a_record_that_saw_the_second_cannot_be_dated_before_it():
    """takeover18 left: Anja's record lists Bart's request AND Chris's second as seen, yet
    she dates it between them. Anything of hers after a request ends it ("back"), so the
    second, sorting after her record, was refused and she kept the role after the fact. A
    record dated below one it lists as seen was dated back by an author who knew better: no
    sign of when she was back. The take-over stands, her record counts as a member's, in
    every arrival order (her record before the second reaches a peer, too)."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    w.lamport += 2  # room below the second
    second = w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    back = w.back_dated(ANJA, "member.name", s.name_body("Anja"), asked.lamport + 1)
    assert (CHRIS.public_key, second.seq, second.id) in back.seen
    assert back.id not in w.fold.rejected
    assert w.state.claims[asked.id].status == "taken" and second.id not in w.fold.rejected
    assert w.state.facilitator == BART.public_key
    # Her record reaches a peer before the second it lists: judged anew when the second comes.
    arrived_early(w, back, before=second)
    same_in_other_orders(w, shuffles=10)


def test_a_record_at_the_requests_own_lamport_shows_nobody_back():
    """attack s18 (between_partial): she lists only the request, not the second, and takes
    the request's own lamport, sorting after it by her key alone. An honest app's lamport is
    above all it lists: dated back, no sign of when she was back."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    w.lamport += 2
    second = w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    request_only = ((BART.public_key, asked.seq, asked.id),)
    back = w.back_dated(ANJA, "member.name", s.name_body("Anja"), asked.lamport, request_only)
    assert (back.order_key, back.id) > (asked.order_key, asked.id)  # her key sorts after his
    assert w.state.claims[asked.id].status == "taken" and second.id not in w.fold.rejected
    assert w.state.facilitator == BART.public_key
    same_in_other_orders(w, shuffles=10)


def test_while_you_were_away_says_a_take_over_that_did_not_count():
    """takeover18 left: Dirk, away while Bart asked to take over (dated back) and it was void,
    read nothing of it in "While you were away". Now one line says it, and why."""
    w, window = meeting()
    left = {author: seq for author, (seq, _id) in w.heads.items()}  # Dirk left here
    claim = w.back_dated(BART, "facilitator.claim", s.claim_body(ANJA.public_key), window, ())
    assert w.state.claims[claim.id].status == "unseen"
    summary = since(w.records, DIRK.public_key, left, w.state)
    assert summary.void_claims == [w.state.claims[claim.id]] and not summary.empty
    said = [line for line in summary_lines(summary, w.state) if "asked at" in line]
    assert len(said) == 1 and said[0].endswith(
        "to take over the facilitation from Anja, but Anja wrote after it without having seen "
        "it, so was not away: it does not count."
    )


def test_a_handover_nobody_saw_before_the_request_undoes_no_take_over():
    """attack s18 #7: Anja goes silent (her link drops); Bart asks, Chris seconds, Bart moves
    the group. Then her handover to Dirk arrives, dated before the request: as the first
    record there it made Dirk the facilitator, Bart's request "not the facilitator", and the
    meeting since void (an app offline did the same). Nobody saw it before the request: it
    came in later and counts for nothing, in every arrival order."""
    w = opened(BART, CHRIS, DIRK)
    she_saw, her_lamport = w._seen(ANJA), w.lamport  # her link drops here
    w.ok(BART, "knot.add", s.text_body("cars"))
    asked = ask(w)
    w.ok(CHRIS, "facilitator.second", s.second_body(asked.id))
    moved = w.ok(BART, "phase.move", s.move_body("positions"))
    to_dirk = s.handover_body(DIRK.public_key)
    handed = w.back_dated(ANJA, "facilitator.handover", to_dirk, her_lamport + 1, she_saw)
    assert "came in later" in w.fold.rejected[handed.id]
    assert w.state.facilitator == BART.public_key and w.state.phase == "positions"
    assert w.state.claims[asked.id].status == "taken" and moved.id not in w.fold.rejected
    # Her handover reaches a peer before the request: judged anew when the request comes.
    arrived_early(w, handed, before=asked)
    same_in_other_orders(w, shuffles=10)


def test_a_handover_someone_saw_before_the_request_still_counts():
    """The same handover, seen by Chris before the request reached him: it was there, and
    the request, which had not seen it, names someone who no longer facilitates."""
    w = opened(BART, CHRIS, DIRK)
    handed = w.ok(ANJA, "facilitator.handover", s.handover_body(DIRK.public_key))
    w.ok(CHRIS, "knot.add", s.text_body("benches"))  # lists her handover
    replaces = s.claim_body(ANJA.public_key)
    asked = w.back_dated(BART, "facilitator.claim", replaces, handed.lamport + 1, ())
    assert handed.id not in w.fold.rejected and w.state.facilitator == DIRK.public_key
    assert "not the facilitator" in w.fold.rejected[asked.id]
    same_in_other_orders(w, shuffles=10)


def arrived_early(w: SessionWriter, late: Record, before: Record) -> None:
    """``late`` reaching a fresh peer just before ``before``, the rest in order: the same
    state as the writer's, Bart facilitating."""
    fold = Fold(DeliberationReducer())
    for record in w.records:
        if record is before:
            fold.add(late)
        if record is not late:
            fold.add(record)
    assert fold.state.facilitator == BART.public_key and fold.state_hash() == w.fold.state_hash()
