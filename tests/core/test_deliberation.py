"""The deliberation reducer with real signed records: who may write what, and when."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.core import session as s
from beraad.core.canonical import canonical_bytes
from beraad.core.deliberation import DeliberationReducer, snapshot
from beraad.core.fold import Fold
from beraad.core.record import Record
from beraad.core.scenario import parse_scenario
from beraad.core.script import run_script
from beraad.core.sealed import commitment
from beraad.core.tally import decision_body, tally
from tests.core.strategies import identity
from tests.core.writer import SessionWriter

ROOT = Path(__file__).resolve().parents[2]
NONCE = "5e" * 16
A, B, C, D = (identity(n) for n in (11, 12, 13, 14))


class Writer(SessionWriter):
    """A session by ``creator`` (Anna), its records a millisecond apart."""

    def __init__(self, creator=A) -> None:
        super().__init__(creator, NONCE)


def opened(process_rule="facilitator", decision_rule="dots", members=(B, C)) -> Writer:
    writer = Writer()
    body = s.open_body("Plein", "Hoe?", "blank", "nl", process_rule, decision_rule, nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate(members):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    return writer


def move_to(writer: Writer, *phases: str) -> None:
    for phase in phases:
        writer.ok(A, "phase.move", s.move_body(phase))


def test_the_creator_is_the_first_member_and_facilitator():
    writer = opened()
    state = writer.state
    assert state.info.title == "Plein" and state.phase == "opening"
    assert state.members[A.public_key].facilitator and state.facilitator == A.public_key
    assert state.members[B.public_key].admitted_by == A.public_key
    writer.ok(B, "member.name", s.name_body("  Bart   B. "))
    assert state.name(B.public_key) == "Bart B."


def test_a_non_member_is_refused_until_admitted():
    writer = opened()
    move_to(writer, "knots")
    assert "not a member" in writer.refused(D, "knot.add", s.text_body("mine"))
    assert "not a member" in writer.refused(D, "member.admit", s.admit_body(D.public_key, "me"))
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    writer.ok(D, "knot.add", s.text_body("now I can"))
    assert "already a member" in writer.refused(C, "member.admit", s.admit_body(D.public_key, "x"))


def test_open_must_certify_the_session_and_happens_once():
    writer = Writer()
    bad = s.open_body("T", "", "blank", "en", "facilitator", "consent", nonce="00" * 16)
    assert "does not match" in writer.refused(A, "session.open", bad)
    # Nothing else means anything while the session is not open.
    assert "not been opened" in writer.refused(A, "member.name", s.name_body("early"))
    again = opened()
    body = s.open_body("T2", "", "blank", "en", "facilitator", "consent", nonce=NONCE)
    assert "already open" in again.refused(A, "session.open", body)


def test_only_the_author_edits_or_retracts_and_history_stays_visible():
    writer = opened()
    move_to(writer, "knots")
    knot = writer.ok(B, "knot.add", s.text_body("dark at night"))
    assert "your own" in writer.refused(C, "edit", s.edit_body(knot.id, "C's words"))
    assert "your own" in writer.refused(A, "retract", s.retract_body(knot.id))
    writer.ok(B, "edit", s.edit_body(knot.id, "very dark at night"))
    item = writer.state.knots[knot.id]
    assert [v.text for v in item.versions] == ["dark at night", "very dark at night"]
    writer.ok(B, "retract", s.retract_body(knot.id, "solved"))
    assert item.retracted and item.retract_reason == "solved" and item.text
    assert "retracted" in writer.refused(B, "edit", s.edit_body(knot.id, "again"))
    assert "no such knot" in writer.refused(C, "knot.matter", s.matter_body(knot.id))


def test_links_clusters_and_matters():
    writer = opened()
    move_to(writer, "knots")
    one = writer.ok(B, "knot.add", s.text_body("one"))
    two = writer.ok(C, "knot.add", s.text_body("two"))
    writer.ok(C, "knot.link", s.link_body(one.id, two.id, "part_of"))
    writer.ok(A, "knot.cluster", s.cluster_body("together", [one.id, two.id]))
    writer.ok(B, "knot.matter", s.matter_body(two.id))
    writer.ok(C, "knot.matter", s.matter_body(two.id))
    writer.ok(C, "knot.matter", s.matter_body(two.id, False))
    assert writer.state.matters_count(two.id) == 1
    assert len(writer.state.links_of(one.id)) == 1
    assert "itself" in writer.refused(B, "knot.link", s.link_body(one.id, one.id))


def test_facilitator_rule_moves_back_and_forth_but_never_skips():
    writer = opened()
    assert "only the facilitator" in writer.refused(B, "phase.move", s.move_body("knots"))
    assert "not possible in phase opening" in writer.refused(B, "knot.add", s.text_body("k"))
    move_to(writer, "knots", "positions")
    assert "not skip" in writer.refused(A, "phase.move", s.move_body("options"))
    move_to(writer, "knots")
    assert [m.to for m in writer.state.phase_history] == ["knots", "positions", "knots"]
    writer.ok(A, "facilitator.handover", s.handover_body(B.public_key))
    assert "only the facilitator" in writer.refused(A, "phase.move", s.move_body("positions"))
    writer.ok(B, "phase.move", s.move_body("positions"))
    assert writer.state.members[B.public_key].facilitator
    assert not writer.state.members[A.public_key].facilitator


def test_consent_rule_needs_more_than_half_ready_and_no_objection():
    writer = opened(process_rule="consent", members=(B, C, D))  # four members
    assert "needs a proposal" in writer.refused(A, "phase.move", s.move_body("knots"))
    proposal = writer.ok(B, "phase.propose", s.propose_body("knots")).id
    writer.ok(A, "phase.respond", s.respond_body(proposal, "ready"))
    writer.ok(C, "phase.respond", s.respond_body(proposal, "ready"))
    assert "2 of 4" in writer.refused(C, "phase.move", s.move_body("knots", proposal))
    writer.ok(D, "phase.respond", s.respond_body(proposal, "object", "not everyone is here"))
    writer.ok(B, "phase.respond", s.respond_body(proposal, "ready"))
    assert "objects" in writer.refused(C, "phase.move", s.move_body("knots", proposal))
    writer.ok(D, "phase.respond", s.respond_body(proposal, "ready"))  # objection withdrawn
    wrong = s.move_body("positions", proposal)
    assert "not skip" in writer.refused(C, "phase.move", wrong)
    writer.ok(C, "phase.move", s.move_body("knots", proposal))
    assert writer.state.phase == "knots"
    assert writer.state.proposals[proposal].status == "moved"
    back = writer.ok(B, "phase.propose", s.propose_body("opening")).id
    for member in (A, B, C):
        writer.ok(member, "phase.respond", s.respond_body(back, "ready"))
    writer.ok(A, "phase.move", s.move_body("opening", back))
    assert "no longer open" in writer.refused(A, "phase.respond", s.respond_body(proposal, "ready"))


def _dots_session():
    writer = opened(decision_rule="dots")
    move_to(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(B, "option.add", s.option_body("one")).id
    two = writer.ok(C, "option.add", s.option_body("two", [one])).id
    move_to(writer, "decide")
    return writer, one, two


def _seal(writer, who, vote, nonce):
    body = {"kind": "dots.place", "commitment": commitment("dots.place", vote, nonce)}
    return writer.ok(who, "vote.commit", body).id


def test_sealed_votes_are_hidden_until_a_matching_reveal_after_closing():
    writer, one, two = _dots_session()
    n_a, n_b = "aa" * 16, "bb" * 16
    vote_a, vote_b = s.dots_body({one: 2}), s.dots_body({two: 1})
    commit_a = _seal(writer, A, vote_a, n_a)
    commit_b = _seal(writer, B, vote_b, n_b)
    writer.ok(C, "dots.place", s.dots_body({two: 2}))
    state = writer.state
    assert [v.member for v in state.counted_votes("dots.place")] == [C.public_key]
    assert state.commits[commit_a].hidden and state.sealed_counts("dots.place") == (2, 0)
    reveal_a = {"commit": commit_a, "vote": vote_a, "nonce": n_a}
    assert "after voting closes" in writer.refused(A, "vote.reveal", reveal_a)
    assert "only the facilitator" in writer.refused(B, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    assert "closed" in writer.refused(B, "dots.place", s.dots_body({one: 1}))
    assert "only the member" in writer.refused(B, "vote.reveal", reveal_a)
    lie = {"commit": commit_b, "vote": s.dots_body({one: 1}), "nonce": n_b}
    assert "does not match its commitment" in writer.refused(B, "vote.reveal", lie)
    writer.ok(A, "vote.reveal", reveal_a)
    # 2 against 2 so far, but B's vote is still sealed: nothing can be decided on it yet.
    assert tally(state, "dots").tied == tuple(sorted((one, two)))
    take_one = {"method": "dots", "option": one, "rests_on": [], "tie": sorted((one, two))}
    assert "not revealed yet" in writer.refused(A, "decision.take", take_one)
    writer.ok(B, "vote.reveal", {"commit": commit_b, "vote": vote_b, "nonce": n_b})
    assert state.sealed_counts("dots.place") == (2, 2)
    result = tally(state, "dots")
    assert result.totals == {one: 2, two: 3}
    assert "do not support" in writer.refused(
        A, "decision.take", {"method": "dots", "option": one, "rests_on": list(result.records)}
    )
    assert "exactly the votes" in writer.refused(
        A, "decision.take", {"method": "dots", "option": two, "rests_on": []}
    )
    assert "decides by dots" in writer.refused(
        A, "decision.take", {"method": "schulze", "option": two, "rests_on": []}
    )
    body = decision_body(state)
    assert body["option"] == two and len(body["rests_on"]) == 3
    writer.ok(A, "decision.take", body)
    assert state.decisions[0].result.totals[two] == 3


def test_dots_beyond_the_allowance_are_refused():
    writer, one, two = _dots_session()
    assert "3 dots" in writer.refused(B, "dots.place", s.dots_body({one: 2, two: 2}))


def test_participation_counts_every_voice_per_kind_and_phase():
    writer = opened()
    move_to(writer, "knots")
    writer.ok(B, "knot.add", s.text_body("one"))
    writer.ok(B, "knot.add", s.text_body("two"))
    writer.ok(C, "knot.add", s.text_body("three"))
    counts = writer.state.participation
    assert counts[B.public_key].by_phase["knots"]["knot.add"] == 2
    assert counts[C.public_key].total == 1
    assert counts[A.public_key].by_kind["member.admit"] == 2


def _scenario_records(name: str) -> list[Record]:
    data = tomllib.loads((ROOT / "scenarios" / f"{name}.toml").read_text(encoding="utf-8"))
    runner = run_script(parse_scenario(data), "nl", [identity(n) for n in range(21, 26)], NONCE)
    return runner.records


BUURT = _scenario_records("buurt")
REFERENCE = Fold(DeliberationReducer())
REFERENCE.extend(BUURT)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(len(BUURT))))
def test_any_delivery_order_of_a_real_session_gives_the_same_state(order):
    fold = Fold(DeliberationReducer())
    for index in order:
        fold.add(BUURT[index])
    assert fold.state_hash() == REFERENCE.state_hash()
    assert fold.rejected == {} == REFERENCE.rejected
    assert fold.state.phase == "evaluate" and len(fold.state.decisions) == 1


def test_snapshot_is_canonical_with_fractions_as_text():
    records = _scenario_records("gemeente")
    fold = Fold(DeliberationReducer())
    fold.extend(records)
    data = snapshot(fold.state)
    canonical_bytes(data)  # no floats, string keys only
    totals = data["decisions"][0]["result"]["totals"]
    assert all(isinstance(v, str) and "/" in v for v in totals.values())
