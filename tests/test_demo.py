"""``beraad demo``: simulated members as real nodes on 127.0.0.1, joined by code, walk a scenario
to its evaluated decision and all end with the same state hash."""

from __future__ import annotations

import re

import pytest

from beraad.demo import DemoError, run_demo
from beraad.node import Node
from beraad.scenarios import get_scenario
from tests.conftest import run_beraad

pytestmark = pytest.mark.timeout(120)


async def test_a_demo_reaches_an_evaluated_decision_on_every_members_node(tmp_path):
    scenario = get_scenario("buurt")
    lines: list[str] = []
    result = await run_demo(scenario, "en", tmp_path, speed=10_000, say=lines.append)
    assert result.phase == "evaluate" and result.decision
    assert len(result.hashes) == len(scenario.members) == 5
    assert set(result.hashes) == {result.state_hash}
    # Real peers: each member had its own data dir, identity and store; reopened from disk,
    # every one of them computes the same state, with the decision and its evaluation.
    keys = set()
    for path in result.data_dirs:
        node = await Node.open(path, discovery=False, listen=False)
        try:
            assert node.state_hash(result.session) == result.state_hash
            state = node.state(result.session)
            keys.add(node.identity.public_key)
        finally:
            await node.close()
    assert len(keys) == 5 and set(state.members) == keys
    assert len(state.decisions) == 1 and state.evaluations
    assert state.members[state.info.creator].name == "Line (community worker)"
    # Everyone joined by the code: one admission per joiner, written by the first member.
    admitted = [m for m in state.members.values() if m.admitted_by == state.info.creator]
    assert len(admitted) == 4
    # The meeting tools were used: hands, the word, a phase timer; every step was printed.
    assert state.timer is not None and state.timer.phase == "evaluate"
    assert state.floor is not None and state.queue == []
    # The evaluation went round the table: three spoke in turn, the other two passed.
    assert state.round is None and len(state.rounds) == 1
    turns = state.rounds[0].turns
    assert len(turns) == 5 and [t.passed for t in turns] == [False, False, False, True, True]
    assert {state.name(t.voice.member) for t in turns} == {m.name for m in state.members.values()}
    assert any("raises a hand" in line for line in lines)
    assert any("gives the floor to Amina" in line for line in lines)
    assert any(line.startswith("[Decide]") and "records the decision" in line for line in lines)
    assert sum("joins with the code" in line for line in lines) == 4


async def test_under_the_consent_rule_speakers_take_the_word_from_the_queue(tmp_path):
    lines: list[str] = []
    result = await run_demo(
        get_scenario("gemeente"), "en", tmp_path, speed=10_000, say=lines.append
    )
    assert result.phase == "evaluate" and len(set(result.hashes)) == 1
    assert any("takes the floor" in line for line in lines)
    assert not any("gives the floor" in line for line in lines)


async def test_a_scenario_without_a_script_or_a_bad_speed_is_a_clear_error(tmp_path):
    with pytest.raises(DemoError, match="no script"):
        await run_demo(get_scenario("blank"), "en", tmp_path, speed=1)
    with pytest.raises(DemoError, match="more than 0"):
        await run_demo(get_scenario("buurt"), "en", tmp_path, speed=0)
    assert not any(tmp_path.iterdir())  # nothing was started


def test_the_command_plays_headless_in_dutch_and_prints_the_state_hash():
    done = run_beraad(
        "demo", "--headless", "--speed", "10000", "--scenario", "armoede", "--lang", "nl"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert any(line.startswith("[Evalueren]") for line in out)
    assert re.search(r"\b[0-9a-f]{64}\b", out[-1]), out[-1]  # the final state hash


def test_the_command_refuses_what_it_cannot_play():
    slow = run_beraad("demo", "--headless", "--speed", "0")
    assert slow.returncode == 2 and "above 0" in slow.stderr
    unknown = run_beraad("demo", "--headless", "--scenario", "nope")
    assert unknown.returncode == 2 and "no scenario nope" in unknown.stderr
