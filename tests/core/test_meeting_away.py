"""While you were away: what others added since a member last looked, by frontier, lamport or id."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from beraad.core import session as s
from beraad.core.catchup import CatchupError, since
from beraad.core.record import sign_record
from beraad.core.scenario import parse_scenario
from beraad.core.script import run_script
from tests.core.strategies import identity
from tests.core.test_meeting import A, B, C, D, Meeting

E = identity(35)
ROOT = Path(__file__).resolve().parents[2]


def _frontier(records):
    frontier: dict[str, int] = {}
    for r in records:
        frontier[r.author] = max(frontier.get(r.author, 0), r.seq)
    return frontier


def test_what_others_added_while_bart_was_away():
    m = Meeting()
    m.move("knots")
    bart_knot = m.ok(B, "knot.add", s.text_body("het plein is donker"))
    anna_knot = m.ok(A, "knot.add", s.text_body("te weinig banken"))
    m.ok(B, "hand.raise", s.hand_raise_body())
    left = m.records[-1]
    frontier, lamport = _frontier(m.records), left.lamport
    # Bart is away.
    chloe_knot = m.ok(C, "knot.add", s.text_body("geen plek voor tieners"))
    gone = m.ok(D, "knot.add", s.text_body("oeps"))
    m.ok(D, "retract", s.retract_body(gone.id, "dubbel"))
    m.ok(A, "edit", s.edit_body(anna_knot.id, "te weinig banken in de schaduw"))
    m.ok(A, "member.admit", s.admit_body(E.public_key, "Eva"))
    m.move("positions")
    answer = m.ok(C, "position.add", s.position_body(bart_knot.id, "meer lampen"))
    mine_meanwhile = m.ok(B, "position.add", s.position_body(anna_knot.id, "my own, offline"))
    for seen in (frontier, lamport, left.id):
        away = since(m.records, B.public_key, seen, state=m.state)
        assert [k.id for k in away.knots] == [chloe_knot.id]  # the retracted one is no news
        assert [p.id for p in away.positions] == [answer.id]  # Bart's own is not news to him
        assert [i.id for i in away.edited] == [anna_knot.id]
        assert [i.id for i in away.on_yours] == [answer.id]
        assert away.joined == [E.public_key]
        assert [(mv.from_phase, mv.to) for mv in away.phase_moves] == [("knots", "positions")]
        assert (away.phase_before, away.phase_now) == ("knots", "positions")
        assert away.hand_raised and not away.has_word and not away.empty
        assert away.new_records == 7
    assert mine_meanwhile.author == B.public_key
    # Without a state the records are folded here, to the same answer.
    assert since(m.records, B.public_key, frontier) == since(
        m.records, B.public_key, frontier, state=m.state
    )
    # Nothing new since the very end; everything new for someone who never looked.
    assert since(m.records, B.public_key, _frontier(m.records), state=m.state).empty
    assert len(since(m.records, D.public_key, None, state=m.state).knots) == 3


def test_a_frontier_catches_what_arrived_late_but_was_written_earlier():
    m = Meeting()
    m.move("knots")
    seq, prev = m.heads.get(C.public_key, (0, None))
    low = m.lamport  # Chloé's laptop was offline: her record is ordered early...
    m.ok(B, "knot.add", s.text_body("Bart was here"))
    m.ok(A, "knot.add", s.text_body("Anna too"))
    frontier, lamport = _frontier(m.records), m.records[-1].lamport
    late = sign_record(
        C,
        session=m.session,
        seq=seq + 1,
        prev=prev,
        lamport=low + 1,
        at=1_700_000_000_000,
        kind="knot.add",
        body=s.text_body("written offline"),
    )
    m.fold.add(late)  # ...but reaches this device only after Bart left.
    m.records.append(late)
    assert late.id in m.state.knots
    assert [k.id for k in since(m.records, B.public_key, frontier, m.state).knots] == [late.id]
    assert since(m.records, B.public_key, lamport, m.state).knots == []  # lamport misses it


def test_votes_and_decisions_of_a_real_scripted_session():
    data = tomllib.loads((ROOT / "scenarios" / "buurt.toml").read_text(encoding="utf-8"))
    runner = run_script(parse_scenario(data), "en", [identity(n) for n in range(60, 65)], "7a" * 16)
    records, state = runner.records, runner.state
    before_decide = next(
        mv.lamport for mv in state.phase_history if mv.to == "decide"
    )  # left just before the group moved to decide
    away = since(records, runner.key(1), before_decide - 1, state)
    assert [mv.to for mv in away.phase_moves] == ["decide", "act", "evaluate"]
    assert [d.record for d in away.decisions] == [state.decisions[0].record]
    others = {v.member for v in state.current_votes("dots.place")} - {runner.key(1)}
    assert away.votes == {"dots.place": len(others)}
    assert away.evaluations and all(e.author != runner.key(1) for e in away.evaluations)


def test_an_unknown_marker_is_a_clear_error():
    m = Meeting()
    with pytest.raises(CatchupError, match="not held here"):
        since(m.records, B.public_key, "ab" * 32, m.state)
    with pytest.raises(CatchupError, match="frontier, a lamport value or a record id"):
        since(m.records, B.public_key, 1.5, m.state)  # type: ignore[arg-type]


def test_a_move_or_meeting_made_by_the_person_herself_is_no_news_to_her():
    """Naive s6b D: "Meanwhile meeting 2 opened" for the facilitator who opened it herself;
    the same meeting (or move) made by another is news."""
    m = Meeting()
    seen = _frontier(m.records)
    m.move("knots")
    m.ok(A, "meeting.end", s.meeting_end_body(""))
    m.ok(A, "meeting.start", s.meeting_start_body())
    hers = since(m.records, A.public_key, seen, state=m.state)
    assert (hers.meetings, hers.phase_moves) == ([], []) and hers.empty
    theirs = since(m.records, B.public_key, seen, state=m.state)
    assert theirs.meetings == [2] and [mv.to for mv in theirs.phase_moves] == ["knots"]
