"""Participation balance: counts per voice and phase, in name order, and the quieter voices."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.balance import participation_balance, quieter_voices
from tests.core.test_meeting import A, B, C, D, Meeting


def _rows(state, phase=None):
    return [(r.name, r.total, r.spoken_for) for r in participation_balance(state, phase)]


def test_balance_counts_contributions_per_voice_and_phase_sorted_by_name():
    m = Meeting()
    assert _rows(m.state) == [
        ("Anna", 0, False),
        ("Bart", 0, False),
        ("Chloé", 0, False),
        ("Driss", 0, False),
    ]
    m.move("knots")
    knot = m.ok(D, "knot.add", s.text_body("one"))
    m.ok(D, "knot.add", s.text_body("two"))
    m.ok(D, "knot.matter", s.matter_body(knot.id))  # not a contribution of words
    m.ok(B, "knot.add", s.spoken_for(s.text_body("for Zoë"), "zoë"))
    m.ok(B, "hand.raise", s.hand_raise_body())
    m.move("positions")
    m.ok(C, "position.add", s.position_body(knot.id, "mine"))
    m.ok(B, "position.add", s.spoken_for(s.position_body(knot.id, "hers"), "Zoë"))
    rows = participation_balance(m.state)
    assert [(r.name, r.total, r.spoken_for) for r in rows] == [
        ("Anna", 0, False),  # phase moves and admissions are not contributions
        ("Bart", 0, False),  # wrote twice, both times as scribe
        ("Chloé", 1, False),
        ("Driss", 2, False),
        ("zoë", 2, True),  # the name as first written; later spellings fold into it
    ]
    bart = next(r for r in rows if r.member == B.public_key)
    assert bart.scribed == 2
    zoe = rows[-1]
    assert zoe.member is None and zoe.by_phase == {"knots": 1, "positions": 1}
    assert _rows(m.state, "positions") == [
        ("Anna", 0, False),
        ("Bart", 0, False),
        ("Chloé", 1, False),
        ("Driss", 0, False),
        ("zoë", 1, True),
    ]
    assert next(r for r in rows if r.member == A.public_key).by_phase == {}


def test_quieter_voices_are_named_in_name_order_never_ranked_by_count():
    m = Meeting()
    assert quieter_voices(m.state) == []  # nobody singled out before anyone spoke
    m.move("knots")
    for n in range(6):
        m.ok(A, "knot.add", s.text_body(f"Anna {n}"))
    for n in range(3):
        m.ok(D, "knot.add", s.text_body(f"Driss {n}"))
    m.ok(C, "knot.add", s.text_body("Chloé once"))
    # 10 contributions over 4 voices: an even share is 2.5, half of it 1.25.
    quiet = quieter_voices(m.state)
    assert [(r.name, r.total) for r in quiet] == [("Bart", 0), ("Chloé", 1)]
    m.ok(B, "knot.add", s.text_body("Bart once"))
    m.ok(B, "knot.add", s.spoken_for(s.text_body("for Amina"), "Amina"))
    # Now 12 over 5 voices: Amina (1), Bart (1), Chloé (1) are quieter; listed by name, so
    # the list does not say who said least.
    assert [r.name for r in quieter_voices(m.state)] == ["Amina", "Bart", "Chloé"]
    assert quieter_voices(m.state, "positions") == []


def test_taking_up_actions_and_the_table_map_count_as_taking_part():
    """Bart wrote most actions, pulls and updates, yet the projector asked to hear more from
    him (naive pass 2, finding 8): those count, and between meetings nobody is invited."""
    from beraad.core.balance import quieter_voices
    from beraad.ui.projector_view import quieter_line
    from tests.core.test_meeting import A, B, C, Meeting

    m = Meeting()
    m.move("knots")
    m.ok(A, "knot.add", s.text_body("Het plein is leeg"))
    m.ok(C, "knot.add", s.text_body("Er is geen schaduw"))
    decision = m.decided_by_consent("Een markt", by=A)
    m.move("act")
    group = m.ok(B, "group.add", s.group_body("Winkeliers")).id
    m.ok(B, "group.mark", {"group": group, "status": "missing"})
    action = m.ok(B, "action.add", s.action_body("Bel de stad", decision)).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(B, "action.update", s.action_update_body(action, "started"))
    bart = m.state.name(B.public_key)
    assert bart not in [row.name for row in quieter_voices(m.state)]
    everyone = set(m.state.members)
    assert bart not in quieter_line(m.state, everyone)
    m.ok(A, "meeting.end", {})
    assert quieter_line(m.state, everyone) == ""


def test_the_quieter_voices_on_the_wall_are_those_in_the_room_over_this_meeting():
    """Naive s9 finding 5: late in a long trajectory the wall asked to hear more from Bart,
    who wrote every contribution of the evening (the others' months of words counted against
    him), and from Chloé, who had left. The invitation is about this meeting and the people
    here now."""
    from beraad.core.balance import quieter_in_the_room
    from beraad.ui.projector_view import quieter_line

    m = Meeting()
    m.move("knots")
    for n in range(40):  # meeting 1: Anna and Driss say a lot, Bart nothing
        m.ok(A, "knot.add", s.text_body(f"Anna {n}"))
        m.ok(D, "knot.add", s.text_body(f"Driss {n}"))
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    m.move("knots")
    for n in range(10):  # meeting 2: Bart says the most, Anna once, Chloé nothing
        m.ok(B, "knot.add", s.text_body(f"Bart {n}"))
    m.ok(A, "knot.add", s.text_body("Anna again"))
    bart, chloe = m.state.name(B.public_key), m.state.name(C.public_key)
    assert bart in [r.name for r in quieter_voices(m.state)]  # over the whole trajectory
    assert quieter_line(m.state, set(m.state.members)).endswith(": Anna, Chloé, Driss")
    here = {A.public_key, B.public_key, D.public_key}  # Chloé has left
    line = quieter_line(m.state, here)
    assert bart not in line and chloe not in line
    assert [r.name for r in quieter_in_the_room(m.state, here)] == ["Anna", "Driss"]
    # With Chloé back in the room, she is invited too; Bart still is not.
    back = [r.name for r in quieter_in_the_room(m.state, here | {C.public_key})]
    assert back == ["Anna", "Chloé", "Driss"]
    # Per phase, over this meeting: nothing said in Positions yet singles out nobody.
    assert quieter_in_the_room(m.state, here, "positions") == []


def test_the_wall_counts_this_sitting_in_a_meeting_that_went_on_for_months():
    """Naive s9 finding 5 as seen: one meeting held months of older words (Anna's and Driss's)
    and, tonight, Bart's; the wall named Bart. Only the last ``SITTING_MS`` count there."""
    from beraad.core.balance import SITTING_MS, Sitting, quieter_in_the_room

    m = Meeting()
    m.move("knots")
    for n in range(40):  # months ago
        m.ok(A, "knot.add", s.text_body(f"Anna {n}"))
        m.ok(D, "knot.add", s.text_body(f"Driss {n}"))
    m.wait(90 * 24 * 60 * 60 * 1000)
    for n in range(10):  # tonight: Bart the most, Anna once
        m.ok(B, "knot.add", s.text_body(f"Bart {n}"))
    tonight = m.ok(A, "knot.add", s.text_body("Anna tonight")).at
    here = {A.public_key, B.public_key}
    assert [r.name for r in quieter_in_the_room(m.state, here)] == ["Bart"]  # the whole meeting
    since = Sitting(since=tonight - SITTING_MS)
    assert [r.name for r in quieter_in_the_room(m.state, here, within=since)] == ["Anna"]


def test_contributions_dated_after_now_do_not_count_in_a_later_sitting():
    """Attack s9 finding 2c: the sitting had no upper bound on a contribution's own time, so
    Bart's 20 knots dated a century ahead counted in every later sitting, and the wall asked
    to hear more from everyone else. What is dated after the screen's clock (beyond what a
    peer takes live) is in no sitting yet; the same knots at their own time count tonight."""
    from beraad.core.balance import in_the_room, sitting
    from beraad.core.replica import MAX_CLOCK_AHEAD_MS
    from beraad.ui.projector_view import quieter_line

    century, day = 100 * 365 * 24 * 60 * 60 * 1000, 24 * 60 * 60 * 1000
    for ahead in (century, 0):
        m = Meeting()
        m.move("knots")
        m.wait(ahead)
        for n in range(20):
            m.ok(B, "knot.add", s.text_body(f"Bart {n}"))
        m.wait(day - ahead)  # the next day's sitting of the same meeting
        for who in (A, C, D):
            for n in range(3):
                last = m.ok(who, "knot.add", s.text_body(f"tomorrow {n}"))
        here = set(m.state.members)
        line = quieter_line(m.state, here, now=last.at + 60_000)
        bart = m.state.name(B.public_key)
        assert line == f"We would like to hear more from: {bart}", ahead
        today = quieter_line(m.state, here, now=last.at - day + 60_000)
        assert today == ("" if ahead else line.replace(bart, "Anna, Chloé, Driss")), ahead
    # What a peer takes live, a few seconds ahead of this clock, counts at once.
    now = sitting(last.at - MAX_CLOCK_AHEAD_MS)
    assert [r.total for r in in_the_room(m.state, here, within=now)] == [3, 0, 3, 3]
