"""The trajectory scenario: two meetings walked as real signed records, in Dutch and English —
Driss absent from the first, a contribution between the meetings, a decision in each."""

from __future__ import annotations

import pytest

from beraad.core.script import run_script
from beraad.core.trajectory import since_last_time
from beraad.scenarios import load_scenarios
from tests.export.helpers import NONCE, people


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_trajectory_scenario_walks_two_meetings(language):
    scenario = load_scenarios()[0]["traject"]
    runner = run_script(scenario, language, people(len(scenario.members)), NONCE)
    state = runner.state
    assert runner.fold.rejected == {}
    assert state.meeting == 2 and not state.between_meetings and state.phase == "evaluate"
    assert [d.meeting for d in state.decisions] == [1, 2]
    driss = runner.key(3)
    summary = since_last_time(state)
    assert summary is not None
    assert summary.absent == [driss]
    assert [i.author for i in summary.added_between] == [driss]
    assert state.meetings[0].next
    assert [(u.status) for _a, u in summary.updates_between] == ["started"]
    statuses = {a.text: a.status for a in state.actions.values()}
    assert sorted(statuses.values()) == ["done", "open", "open", "open"]
    assert any(a.group for a in state.actions.values()) and any(
        a.internal for a in state.actions.values()
    )
