"""Every shipped scenario walks its whole script to an evaluated decision, in Dutch and English,
and the decision's figures can be recomputed from the tables the method returns."""

from __future__ import annotations

from fractions import Fraction

import pytest

from beraad.core.consent import ConsentResult
from beraad.core.dotvote import DotResult
from beraad.core.gradients import GradientResult
from beraad.core.majority import MajorityResult
from beraad.core.matrix import MatrixResult
from beraad.core.record import check_record
from beraad.core.replica import Replica
from beraad.core.scenario import ScenarioError, parse_scenario
from beraad.core.schulze import SchulzeResult
from beraad.core.script import ScriptError, run_script
from beraad.core.tally import tally
from beraad.scenarios import load_scenario, load_scenarios
from tests.core.strategies import identity

NONCE = "0f" * 16
SCRIPTED = ("buurt", "gemeente", "armoede")


def people(count: int = 5):
    return [identity(40 + n) for n in range(count)]


def recheck(result) -> None:
    """Recompute the outcome from the published tables alone."""
    if isinstance(result, DotResult):
        for option, total in result.totals.items():
            assert total == sum(dots.get(option, 0) for dots in result.per_member.values())
        assert result.totals[result.winner] > max(
            t for o, t in result.totals.items() if o != result.winner
        )
    elif isinstance(result, MatrixResult):
        group = {row.criterion: row.group for row in result.criteria}
        for row in result.criteria:
            assert row.group == Fraction(sum(row.weights.values()), len(row.weights))
        for option, total in result.totals.items():
            cells = [c for c in result.cells if c.option == option]
            for cell in cells:
                assert cell.mean == Fraction(sum(cell.scores.values()), len(cell.scores))
            assert total == sum(group[c.criterion] * c.mean for c in cells)
        assert result.totals[result.winner] == max(result.totals.values())
        assert list(result.totals.values()).count(result.totals[result.winner]) == 1
    elif isinstance(result, GradientResult):
        assert sum(count for _, _, count in result.histogram) == result.responded
        assert result.responded >= result.quorum
        assert all(r.level <= result.threshold for r in result.responses)
    elif isinstance(result, ConsentResult):
        assert not result.objections and result.responded >= result.quorum
    elif isinstance(result, SchulzeResult):
        w, p = result.winner, result.strongest
        assert all(p[w][o] > p[o][w] for o in result.options if o != w)
    elif isinstance(result, MajorityResult):
        w = result.winner
        assert all(result.majority_value[w] > v for o, v in result.majority_value.items() if o != w)
    else:  # pragma: no cover - a new method needs a recheck here
        raise AssertionError(f"no recheck for {type(result).__name__}")


def test_every_shipped_scenario_loads_with_both_languages():
    scenarios, broken = load_scenarios()
    assert broken == []
    assert {"blank", *SCRIPTED} <= set(scenarios)
    for scenario in scenarios.values():
        for language in ("en", "nl"):
            assert scenario.text("title", language) and scenario.text("description", language)
    assert scenarios["blank"].script == ()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", SCRIPTED)
@pytest.mark.both_languages
def test_scripted_session_walks_every_phase_to_an_evaluated_decision(name, language):
    scenario = load_scenarios()[0][name]
    runner = run_script(scenario, language, people(len(scenario.members)), NONCE)
    state = runner.state
    assert runner.fold.rejected == {}
    assert [m.to for m in state.phase_history] == list(scenario.phases[1:])
    assert state.phase == "evaluate" and state.info.language == language
    assert len(state.decisions) == 1
    decision = state.decisions[0]
    assert decision.method == scenario.decision_rule
    recheck(decision.result)
    # The fold's own recount at the end agrees with what was recorded.
    again = tally(state, decision.method, decision.option)
    assert decision.rests_on == again.records
    evaluations = list(state.evaluations.values())
    assert {e.aspect for e in evaluations} == {"went_well", "try_next"}
    assert all(e.decision == decision.record for e in evaluations)
    # The texts are in the session's language.
    focus = scenario.text("focus", language)
    assert state.info.focus == focus
    other = "en" if language == "nl" else "nl"
    assert state.options[decision.option].text != localized_other(runner, decision.option, other)
    # Every member spoke.
    assert set(state.participation) == {p.public_key for p in runner.identities}


def localized_other(runner, option_id, other):
    twin = run_script(runner.scenario, other, runner.identities, NONCE)
    index = [r.id for r in runner.records].index(option_id)
    return twin.state.options[twin.records[index].id].text


@pytest.mark.parametrize("name", SCRIPTED)
def test_scripted_records_pass_the_arrival_checks_a_peer_applies(name):
    scenario = load_scenarios()[0][name]
    runner = run_script(scenario, "nl", people(), NONCE)
    replica = Replica(runner.session)
    checked = [check_record(r.to_dict()) for r in reversed(runner.records)]
    intake = replica.offer(checked)
    assert intake.refused == [] and len(intake.accepted) == len(runner.records)
    assert replica.members == {p.public_key for p in people(len(scenario.members))}


def test_the_three_scenarios_use_distinct_rules_and_sealed_votes():
    scenarios = load_scenarios()[0]
    assert {scenarios[n].decision_rule for n in SCRIPTED} == {"dots", "matrix", "gradients"}
    assert scenarios["gemeente"].process_rule == "consent"
    assert any(step.sealed for step in scenarios["buurt"].script)
    # A scenario whose votes are sealed says so to the decide view; the others do not.
    assert scenarios["buurt"].sealed_votes
    assert not any(scenarios[n].sealed_votes for n in scenarios if n != "buurt")
    assert "criteria" not in scenarios["armoede"].phases


def test_a_broken_file_is_reported_by_name_and_the_others_still_load(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(
        'id = "good"\n[title]\nen = "G"\nnl = "G"\n[description]\nen = "d"\nnl = "d"\n',
        encoding="utf-8",
    )
    not_toml = tmp_path / "broken.toml"
    not_toml.write_text("id = [unclosed", encoding="utf-8")
    no_dutch = tmp_path / "half.toml"
    no_dutch.write_text(
        'id = "half"\n[title]\nen = "H"\n[description]\nen = "d"\nnl = "d"\n', encoding="utf-8"
    )
    found, broken = load_scenarios([good, not_toml, no_dutch])
    assert list(found) == ["good"]
    reasons = {b.path.name: b.reason for b in broken}
    assert "not valid TOML" in reasons["broken.toml"]
    assert "title needs a text" in reasons["half.toml"]
    with pytest.raises(ScenarioError, match=r"half\.toml"):
        load_scenario(no_dutch)


BASE = {
    "id": "t",
    "title": {"en": "T", "nl": "T"},
    "description": {"en": "D", "nl": "D"},
    "members": [{"en": "A", "nl": "A"}],
}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"decision_rule": "coin"}, "decision_rule must be one of"),
        ({"decision_rule": "matrix", "phases": ["opening", "options", "decide"]}, "criteria"),
        ({"script": [{"member": 3, "kind": "knot.add", "body": {}}]}, "member must be 0 to 0"),
        ({"script": [{"member": 0, "kind": "knot.burn", "body": {}}]}, "unknown step kind"),
        (
            {"script": [{"member": 0, "kind": "position.add", "body": {"knot": "@k"}}]},
            "@k names no earlier step",
        ),
        (
            {"script": [{"member": 0, "kind": "knot.add", "body": {"text": {"en": "only"}}}]},
            "must be text",
        ),
        ({"script": [{"member": 0, "kind": "knot.add", "sealed": True}]}, "only votes"),
        ({"sealed_votes": "yes"}, "sealed_votes must be true or false"),
    ],
)
def test_invalid_scenarios_are_refused_with_the_reason(extra, message):
    with pytest.raises(ScenarioError, match=message):
        parse_scenario({**BASE, **extra})


def test_a_script_step_the_fold_refuses_stops_the_run_with_the_reason():
    scenario = parse_scenario(
        {**BASE, "script": [{"member": 0, "kind": "knot.add", "body": {"text": "too early"}}]}
    )
    with pytest.raises(ScriptError, match="not possible in phase opening"):
        run_script(scenario, "en", people(1), NONCE)


def test_the_shipped_scenarios_are_read_once_however_often_the_minutes_name_one(monkeypatch):
    """The minutes name the session's scenario on every export, and each time every scenario
    file was read and checked again: most of an export's cost (half of the hostile-records
    property's time). The shipped ones are read once; their titles still follow the language."""
    import beraad.scenarios as scenarios

    read = []
    real = scenarios.load_scenario
    monkeypatch.setattr(scenarios, "load_scenario", lambda path: read.append(path) or real(path))
    scenarios._shipped.cache_clear()
    try:
        for _ in range(3):
            assert scenarios.scenario_title("blank", "en") == "Blank deliberation"
            assert scenarios.scenario_title("blank", "nl") == "Leeg beraad"
            assert scenarios.get_scenario("blank").id == "blank"
        assert sorted(read) == sorted(scenarios.data_files("scenarios"))  # each file once
    finally:
        scenarios._shipped.cache_clear()  # read again by the next caller, unpatched
