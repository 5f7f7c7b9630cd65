"""The derived grouping the views share equals what the state itself answers, record by record
(also after retractions, edits and a rename), so drawing from it changes nothing on screen."""

from __future__ import annotations

from beraad.core import session as s
from beraad.ui import derived
from tests.core.test_meeting import A, B, C, Meeting


def same(ours: list, theirs: list) -> bool:
    """The same items, the very objects the fold holds (an edit must show its new text)."""
    return len(ours) == len(theirs) and all(a is b for a, b in zip(ours, theirs, strict=True))


def same_as_state(m: Meeting) -> None:
    state = m.state
    grouped = derived.of(state)
    for knot in [*state.knots, "nowhere"]:
        assert same(grouped.positions_on(knot), state.positions_on(knot))
        assert same(grouped.links_of(knot), state.links_of(knot))
    for position in [*state.positions, "nowhere"]:
        assert same(grouped.arguments_on(position), state.arguments_on(position))
    for target in [None, *state.knots, *state.positions, *state.arguments]:
        assert same(grouped.notes_on(target), state.notes_on(target))
    for member in [*state.members, "f" * 64]:
        assert derived.name(state, member) == state.name(member)


def test_the_shared_grouping_follows_every_record():
    m = Meeting()
    m.move("knots")
    knots = [m.ok((A, B, C)[i % 3], "knot.add", s.text_body(f"knot {i}")).id for i in range(4)]
    same_as_state(m)
    m.ok(A, "knot.link", s.link_body(knots[0], knots[1]))
    m.ok(B, "knot.link", s.link_body(knots[2], knots[0], "part_of"))
    same_as_state(m)
    m.move("positions")
    positions = [m.ok(B, "position.add", s.position_body(k, f"on {k[:4]}")).id for k in knots[:3]]
    same_as_state(m)
    argument = m.ok(C, "argument.add", s.argument_body(positions[1], "for", "cheap")).id
    m.ok(A, "argument.add", s.argument_body(positions[1], "against", "ugly"))
    for target in (None, knots[0], positions[2], argument):
        m.ok(A, "note.add", s.note_body(target, "experience", "seen it"))
        same_as_state(m)
    m.ok(C, "retract", s.retract_body(argument, "wrong"))
    m.ok(B, "edit", s.edit_body(positions[0], "better"))
    same_as_state(m)
    m.ok(B, "member.name", s.name_body("Anna"))  # now looks like A's name: told apart
    same_as_state(m)
    assert derived.name(m.state, B.public_key) != "Anna"
