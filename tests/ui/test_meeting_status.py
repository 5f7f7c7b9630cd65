"""The meeting status line and scribe mode's rules, on signed records folded by the real reducer.

``meeting_table`` is a fixed small meeting (fixed keys and times, see ``Table``) that the
snapshot tests draw too: Bart has the word, Carla and Amina (through Anja, her scribe) wait,
a ten-minute timer runs and a round is at Bart's turn.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from beraad.core import session as model
from beraad.core.kinds import validate
from beraad.ui.widgets.meeting_speaker import (
    SPEAKER_KINDS,
    apply_speaker,
    known_speakers,
    merge_names,
    remember_speaker,
    remembered_speakers,
    speaks_for,
)
from beraad.ui.widgets.meeting_status import MeetingStatus, clock_text, status_text
from tests.ui.phases_app import SIZE, Table, until

TIMER_SECONDS = 600


def meeting_table() -> Table:
    t = Table(["Anja", "Bart", "Carla"], "consent")
    anja, bart, _carla = t.keys
    t.move_to("knots")
    t.write(1, "knot.add", model.text_body("The crossing by the school is dangerous"))
    t.write(1, "knot.add", model.text_body("Cars park on the pavement"))
    t.write(1, "knot.add", model.text_body("The bus stop has no light"))
    t.write(2, "knot.add", model.text_body("Nobody asked the children"))
    spoken = apply_speaker("knot.add", model.text_body("I cannot cross with my pram"), "Amina")
    t.write(0, "knot.add", spoken)
    t.write(1, "hand.raise", model.hand_raise_body())
    t.write(2, "hand.raise", model.hand_raise_body())
    t.write(0, "hand.raise", model.hand_raise_body("Amina"))
    t.write(0, "floor.give", model.floor_body(bart))
    t.write(0, "timer.start", model.timer_body(TIMER_SECONDS))
    t.write(0, "round.start", model.round_body([anja, bart, (anja, "Amina")], "First impressions"))
    t.write(0, "round.pass", {})
    return t


def test_clock_text_rounds_up():
    assert clock_text(300_000) == "5:00"
    assert clock_text(299_001) == "5:00"
    assert clock_text(238_500) == "3:59"
    assert clock_text(1) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(-5) == "0:00"
    assert clock_text(3_723_000) == "1:02:03"


def test_status_line_from_the_state():
    t = meeting_table()
    timer = t.state.timer
    line = status_text(t.state, timer.at + 150_000, t.keys[0], speaker="Amina").plain
    assert line == (
        "Bart has the floor · 2 waiting · Timer 7:30 · Round: turn of Bart (2 of 3)"
        " · speaking for Amina"
    )
    # Every peer computes the same from the record's time, whatever its own start was.
    assert "Timer 0:01" in status_text(t.state, timer.ends_at - 1, t.keys[1]).plain
    assert "Time is up" in status_text(t.state, timer.ends_at + 5, t.keys[1]).plain


def test_status_line_in_another_phase_names_the_timers_phase():
    t = meeting_table()
    t.write(0, "floor.give", model.floor_body(None))
    t.move_to("positions")
    line = status_text(t.state, t.state.timer.at, t.keys[2]).plain
    assert line.startswith("Nobody has the floor · 2 waiting · Timer 10:00 (Knots)")


async def test_status_widget_ticks_every_second():
    t = meeting_table()
    start = t.state.timer.at
    now = [start + 1000]

    class StatusApp(App[None]):
        def compose(self) -> ComposeResult:
            yield MeetingStatus(clock=lambda: now[0])

    app = StatusApp()
    async with app.run_test(size=SIZE) as pilot:
        status = app.query_one(MeetingStatus)
        status.show(t.state, t.keys[0])
        assert "Timer 9:59" in str(status.render())
        now[0] = start + 61_000  # nobody calls show: the widget redraws by itself
        await until(pilot, lambda: "Timer 8:59" in str(status.render()))


@pytest.mark.parametrize("kind", SPEAKER_KINDS)
def test_apply_speaker_adds_the_speaker_where_the_kind_allows(kind):
    body = {"text": "x"} if kind != "hand.raise" else {}
    assert apply_speaker(kind, body, "  Amina   El  ")["speaker"] == "Amina El"
    assert speaks_for(kind, "Amina")


@pytest.mark.parametrize(
    "kind", ["weight.set", "consent.respond", "phase.move", "floor.give", "hand.lower", "edit"]
)
def test_apply_speaker_leaves_votes_and_housekeeping_to_the_writer(kind):
    body = {"member": "a" * 64} if kind == "floor.give" else {}
    assert apply_speaker(kind, body, "Amina") == body
    assert not speaks_for(kind, "Amina")


def test_apply_speaker_without_speaker_or_with_one_chosen_keeps_the_body():
    body = model.text_body("x")
    assert apply_speaker("knot.add", body, None) == body
    chosen = {"text": "x", "speaker": "Bo"}
    assert apply_speaker("knot.add", chosen, "Amina") == chosen
    # What it makes passes the schema every peer checks.
    validate("knot.add", apply_speaker("knot.add", body, "Amina"))


def test_names_are_remembered_once_per_person():
    assert merge_names(["amina", "Bo"], [" Amina ", "Bo  "]) == ["amina", "Bo"]
    local = remember_speaker({}, "Amina")
    assert remembered_speakers(local) == ["Amina"]
    assert remember_speaker(local, " amina ")["speakers"] == ["Amina"]
    assert remembered_speakers({"speakers": "oops"}) == []
    assert remembered_speakers({"speakers": ["", 3, "Zeno"]}) == ["Zeno"]
    t = meeting_table()
    assert known_speakers(t.state, {"speakers": ["Zeno"]}) == ["Amina", "Zeno"]
