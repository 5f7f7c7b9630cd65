"""The minutes of a decision say what the fold knows: a tie the group resolved explicitly, sealed
votes that were never revealed, and observers apart from the members — in English and Dutch."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.tally import decision_body
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_markdown
from beraad.i18n import PLURAL, translate
from tests.core.test_deliberation import A, B, C, D, _dots_session, _seal


def minutes(writer, language: str) -> str:
    fold = writer.fold
    context = Context(
        state=fold.state,
        records=fold.records,
        rejected=dict(fold.rejected),
        state_hash=fold.state_hash(),
        language=language,
    )
    return " ".join(render_markdown(build_minutes(context)).split())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_never_revealed_vote_is_named_in_the_minutes(language):
    writer, one, two = _dots_session()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    commit = _seal(writer, B, s.dots_body({two: 3}), "cd" * 16)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit]})
    writer.ok(A, "decision.take", decision_body(writer.state))
    text = minutes(writer, language)
    note = translate("Sealed but not revealed, so not counted: {names}.", language)
    assert note.format(names=writer.state.name(B.public_key)) in text
    assert f"**{translate('The group decided', language)}**: **A** one" in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_tie_is_a_tie_in_the_minutes_and_the_choice_is_explicit(language):
    writer, one, two = _dots_session()
    writer.ok(B, "dots.place", s.dots_body({one: 2}))
    writer.ok(C, "dots.place", s.dots_body({two: 2}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "decision.take", decision_body(writer.state, two))
    text = minutes(writer, language)
    tie = translate(
        "Tie: {options} share first place; the group chose {option} from them explicitly.",
        language,
    )
    assert tie.format(options="A = B", option="B") in text
    assert "most dots" not in text


def test_observers_are_listed_apart_from_the_members():
    writer, _one, _two = _dots_session()
    writer.ok(A, "member.admit", s.admit_body(D.public_key, "Projector"))
    writer.ok(D, "member.observe", {})
    text = minutes(writer, "en")
    members_table = text.split("A fingerprint is")[0]
    assert "Projector" not in members_table
    assert "**Observers**: Projector (" in text
    assert "count in no quorum" in text


def test_dot_votes_are_listed_in_option_order():
    """A reader compares rows by letter: "A ×2, B ×1" however the voter placed them."""
    writer, one, two = _dots_session()
    writer.ok(B, "dots.place", s.dots_body({two: 1, one: 2}))
    text = minutes(writer, "en")
    assert "A ×2, B ×1" in text
    assert "B ×1, A ×2" not in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_decision_taken_before_a_late_reveal_says_what_the_vote_would_change(language):
    """The forged reveal end (``tests/core/test_late_reveal.py``): B reveals after the decision.
    The minutes keep the decision and say who revealed later and the result with them."""
    writer, one, two = _dots_session()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    vote = s.dots_body({two: 3})
    commit = _seal(writer, B, vote, "cd" * 16)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit]})
    writer.ok(A, "decision.take", decision_body(writer.state))
    writer.ok(B, "vote.reveal", {"commit": commit, "vote": vote, "nonce": "cd" * 16})
    text = minutes(writer, language)
    taken = translate(
        "Taken while 1 sealed vote was not revealed; revealed later: {names}.", language
    )
    assert taken.format(names=writer.state.name(B.public_key)) in text
    would = translate("With them the result would be {option}, not {chosen}.", language)
    assert would.format(option="B", chosen="A") in text
    assert f"**{translate('The group decided', language)}**: **A** one" in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_minutes_count_the_people_a_decision_rests_on_not_their_records(language):
    """Three people each give a weight sheet and B a score sheet in two parts: the decision
    names six records, and "rests on 6 signed votes" read as six voters (tidy7)."""
    from tests.core.test_score_parts import matrix_session, part_body

    writer, opts, crits, _weights = matrix_session(options=2, criteria=1)
    writer.ok(B, "score.set", part_body({opts[0]: {crits[0]: 9}}, False))
    writer.ok(B, "score.set", part_body({opts[1]: {crits[0]: 2}}, True))
    writer.ok(C, "score.set", part_body({opts[0]: {crits[0]: 7}, opts[1]: {crits[0]: 3}}, False))
    writer.ok(A, "vote.close", {"kind": "score.set"})
    writer.ok(A, "decision.take", decision_body(writer.state))
    [decision] = writer.state.decisions
    assert len(decision.rests_on) == 6  # three weight sheets, B's two parts, C's sheet
    text = minutes(writer, language)

    def plural(singular: str, plural: str, count: int, **more: str) -> str:
        forms = translate(singular + PLURAL + plural, language)
        form = forms.split(PLURAL)[1] if PLURAL in forms else plural
        return form.format(count=count, **more)

    names = ", ".join(sorted(writer.state.name(m.public_key) for m in (B, C)))
    people = plural(
        "it rests on the signed vote of {count} person ({names})",
        "it rests on the signed votes of {count} people ({names})",
        2,
        names=names,
    )
    weights = plural(
        "and the criterion weights of {count} person",
        "and the criterion weights of {count} people",
        3,
    )
    records = plural("({count} signed record)", "({count} signed records)", 6)
    assert f"{people} {weights} {records}." in text
    assert "6 signed votes" not in text and "6 stemmen" not in text


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
def test_the_minutes_count_the_votes_a_decision_rests_on_not_one_that_came_later(language):
    """naive s8 finding 3: A and B scored, the decision was taken on their sheets, and C's
    sheet (written while cut off, ordered before the close) came in afterwards. The minutes
    said "the signed votes of 3 people" (C's weight sheet counted her as a voter) while the
    means were of two; the Scores table listed C's late sheet like any other."""
    from tests.core.test_score_parts import matrix_session, part_body

    writer, opts, crits, _weights = matrix_session(options=2, criteria=1)
    writer.ok(A, "score.set", part_body({opts[0]: {crits[0]: 7}}, False))
    writer.ok(B, "score.set", part_body({opts[0]: {crits[0]: 8}}, False))
    close = writer.ok(A, "vote.close", {"kind": "score.set"})
    writer.ok(A, "decision.take", decision_body(writer.state))
    late = writer.back_dated(
        C, "score.set", part_body({opts[0]: {crits[0]: 1}}, False), close.lamport - 1
    )
    [decision] = writer.state.decisions
    assert decision.came_later == (late.id,)
    text = minutes(writer, language)
    names = ", ".join(sorted(writer.state.name(m.public_key) for m in (A, B)))
    voters = translate(
        "it rests on the signed vote of {count} person ({names})"
        + PLURAL
        + "it rests on the signed votes of {count} people ({names})",
        language,
    ).split(PLURAL)[1]
    assert voters.format(count=2, names=names) in text
    mark = translate("not counted: came in after the decision was taken", language)
    scores = text.split(f"### {translate('Scores', language)}")[1]
    late_row = scores.split(f"| {writer.state.name(C.public_key)} |")[1].split("|")[0]
    assert mark in late_row
    assert text.count(mark) == 1  # A's and B's sheets are counted: no mark
    assert ("7.50" if language == "en" else "7,50") in text  # the two counted sheets' mean


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_score_sheet_lists_options_and_criteria_in_their_order(language):
    """The Dutch minutes read "A: C3 3, C2 5, C1 9" (the order the sheet was written in):
    C1, C2, C3, whatever order a sheet holds its rows and cells in."""
    from tests.core.test_score_parts import matrix_session, part_body

    writer, opts, crits, _weights = matrix_session(options=2, criteria=6)
    rows = {o: {c: n + m for m, c in enumerate(crits)} for n, o in enumerate(opts)}
    rows = {o: dict(reversed(rows[o].items())) for o in reversed(opts)}  # written backwards
    writer.ok(B, "score.set", part_body(rows, False))
    a = ", ".join(f"C{m + 1} {m}" for m in range(6))
    b = ", ".join(f"C{m + 1} {1 + m}" for m in range(6))
    assert f"A: {a}; B: {b}" in minutes(writer, language)
