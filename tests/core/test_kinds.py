"""The schema check the node runs before signing and the reducer runs on arrival."""

import pytest

from beraad.core import session
from beraad.core.kinds import KINDS, SchemaError, validate
from beraad.core.session import DECISION_RULES, PHASES, PROCESS_RULES

ID = "ab" * 32
KEY = "cd" * 32


def test_every_builder_gives_a_valid_body():
    bodies = {
        "session.open": session.open_body("T", "F?", "blank", "nl", "consent", "dots"),
        "member.admit": session.admit_body(KEY, "Amina"),
        "member.name": session.name_body("Bart"),
        "knot.add": session.text_body("a knot"),
        "knot.link": session.link_body(ID, "ef" * 32, "part_of"),
        "knot.cluster": session.cluster_body("label", [ID]),
        "knot.matter": session.matter_body(ID),
        "position.add": session.position_body(ID, "p"),
        "argument.add": session.argument_body(ID, "against", "a"),
        "note.add": session.note_body(None, "experience", "n"),
        "criterion.add": session.text_body("c"),
        "weight.set": session.weights_body({ID: 5}),
        "option.add": session.option_body("o", [ID]),
        "score.set": session.scores_body({ID: {ID: 7}}),
        "ballot.rank": session.ranking_body([ID, [KEY]]),
        "ballot.grade": session.grades_body({ID: 5}),
        "dots.place": session.dots_body({ID: 2}),
        "consent.respond": session.consent_body(ID, "object", "why not"),
        "gradient.respond": session.gradient_body(ID, 8),
        "phase.propose": session.propose_body("knots"),
        "phase.respond": session.respond_body(ID, "ready"),
        "phase.move": session.move_body("knots"),
        "facilitator.handover": session.handover_body(KEY),
        "facilitator.claim": session.claim_body(KEY),
        "facilitator.second": session.second_body(ID),
        "vote.close": session.close_body("dots.place"),
        "evaluation.add": session.evaluation_body("went_well", "good"),
        "edit": session.edit_body(ID, "better"),
        "retract": session.retract_body(ID),
    }
    for kind, body in bodies.items():
        validate(kind, body)
    assert set(PROCESS_RULES) == {"facilitator", "consent"} and len(DECISION_RULES) == 6


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("knot.remove", {}, "unknown record kind"),
        ("knot.add", {}, "knot.add needs text"),
        ("knot.add", {"text": "x", "colour": "red"}, "unknown fields: colour"),
        ("knot.add", {"text": "   "}, "must not be empty"),
        ("knot.add", {"text": "x" * 2001}, "longer than 2000"),
        ("knot.add", {"text": 7}, "must be text"),
        ("position.add", {"knot": "nope", "text": "x"}, "record id"),
        ("weight.set", {"weights": {ID: -1}}, "between 0 and 100"),
        ("weight.set", {"weights": {ID: True}}, "whole number"),
        ("consent.respond", {"option": ID, "response": "object"}, "objection needs a reason"),
        ("phase.respond", {"proposal": ID, "response": "object", "reason": " "}, "reason"),
        ("ballot.rank", {"ranking": [[ID], [ID]]}, "ranks an option twice"),
        ("gradient.respond", {"option": ID, "level": 9}, "between 1 and 8"),
        ("member.admit", {"member": "XY", "name": "n"}, "public key"),
        ("member.name", {"name": "two\nlines"}, "one line"),
        ("vote.reveal", {"commit": ID, "vote": {}, "nonce": "abc"}, "hex characters"),
    ],
)
def test_bad_bodies_are_refused_with_a_clear_reason(kind, body, message):
    with pytest.raises(SchemaError, match=message) as caught:
        validate(kind, body)
    # The template and parameters let the UI translate the same message.
    assert caught.value.template.format(**caught.value.params) == str(caught.value)


def test_open_body_checks_phases_and_what_the_rule_needs():
    good = session.open_body("T", "", "blank", "en", "facilitator", "matrix")
    validate("session.open", good)
    with pytest.raises(SchemaError, match="start with the opening"):
        validate("session.open", {**good, "phases": ["knots", "decide"]})
    with pytest.raises(SchemaError, match="keep the order"):
        validate("session.open", {**good, "phases": ["opening", "decide", "options"]})
    with pytest.raises(SchemaError, match="needs the phases criteria"):
        validate("session.open", {**good, "phases": ["opening", "options", "decide"]})


def test_the_kinds_table_names_phases_that_exist():
    for spec in KINDS.values():
        assert set(spec.phases) <= set(PHASES)
        assert spec.who in {"anyone", "member", "self", "facilitator", "steward"}


TERMINAL_CONTROLS = ["\x9b2J\x9b31mRED", "a\x7fb", "\x85next line", "a\x80b"]
ONE_LINE_ONLY = ["x\u202eevil", "a\u2028b", "a\u2029b", "\u2066isolate\u2069", "a\u200fb"]


@pytest.mark.parametrize("value", TERMINAL_CONTROLS + ONE_LINE_ONLY)
def test_names_and_titles_refuse_controls_separators_and_bidi_overrides(value):
    """Attack finding 11: only C0 was refused; DEL, C1 (CSI, NEL), line separators and bidi
    overrides passed in names, where a terminal acts on them or a name reads as another."""
    for kind, body in (
        ("member.name", {"name": value}),
        ("fact.add", {"title": value, "text": ""}),
    ):
        with pytest.raises(SchemaError):
            validate(kind, body)


@pytest.mark.parametrize("value", TERMINAL_CONTROLS)
def test_long_text_refuses_del_and_c1_but_keeps_line_breaks(value):
    with pytest.raises(SchemaError, match="control"):
        validate("knot.add", {"text": value})
    validate("knot.add", {"text": "first line\nsecond\tline, ü and עברית"})
    validate("member.name", {"name": "Zoë עברית"})  # right-to-left letters are no controls
