"""The decide view's thread tally reads ``tallied.snapshot``: records folded meanwhile (a member
who starts only watching, a rename, a retracted option) must not reach it, or the result shown
is of a state that never existed (votes from before, members from after)."""

from __future__ import annotations

import copy

from benchmarks.ui import build_session
from beraad.core import session as bodies
from beraad.ui import tallied


def test_the_snapshot_holds_members_and_items_as_they_were():
    w = build_session(100)
    state = w.fold.state
    before = copy.deepcopy(state)
    snap = tallied.snapshot(state)
    option = next(iter(state.options))
    w.write(2, "member.observe", {})  # folded while the worker tallies
    w.write(1, "member.name", bodies.name_body("Someone else"))
    author = [who.public_key for who in w.who].index(state.options[option].author)
    w.write(author, "retract", bodies.retract_body(option, "gone"))
    assert len(state.participants()) == len(before.participants()) - 1  # the fold moved on
    assert snap.participants() == before.participants()
    assert [m.name for m in snap.members.values()] == [m.name for m in before.members.values()]
    assert snap.options[option].retracted is None
    was, held = tallied.shown(before, "matrix", None), tallied.shown(snap, "matrix", None)
    assert (held.rule, held.key) == (was.rule, was.key)
