"""A score sheet written in parts: any matrix the UI allows fits the 64 KiB record limit, and
the tally is the one of the whole sheet the parts add up to."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.core import session as s
from beraad.core.canonical import canonical_bytes
from beraad.core.matrix import matrix
from beraad.core.record import MAX_RECORD_BYTES
from beraad.core.settled import as_cast
from beraad.core.tally import decision_body, tally
from tests.core.test_deliberation import A, B, C, move_to, opened

MEMBERS = (A, B, C)


def matrix_session(options: int, criteria: int):
    """Three members in the decide phase of a matrix session, everyone's weights given."""
    writer = opened(decision_rule="matrix")
    move_to(writer, "knots", "positions", "criteria")
    crits = [writer.ok(A, "criterion.add", s.text_body(f"c{n}")).id for n in range(criteria)]
    weights = {}
    for n, who in enumerate(MEMBERS):
        record = writer.ok(who, "weight.set", s.weights_body({c: 10 + n for c in crits}))
        weights[who.public_key] = record.id
    move_to(writer, "options")
    opts = [writer.ok(B, "option.add", s.option_body(f"o{n}")).id for n in range(options)]
    move_to(writer, "decide")
    return writer, opts, crits, weights


def part_body(rows: dict[str, dict[str, int]], part: bool) -> dict:
    body = s.scores_body(rows)
    if part:
        body["part"] = True
    return body


def reference(state, sheets: dict[str, dict[str, dict[str, int]]], records: set[str]):
    """The published definition on the whole sheets: ``matrix`` over what the parts add up to."""
    weights = {m: sheet.weights for m, sheet in state.weights.items()}
    return matrix(state.live_options(), state.live_criteria(), weights, sheets, records)


@st.composite
def writes(draw):
    """Per step: a member, whether it is a part, and its rows (option → criterion → 0..10)."""
    steps = []
    for _ in range(draw(st.integers(1, 8))):
        member = draw(st.integers(0, len(MEMBERS) - 1))
        options = draw(st.sets(st.integers(0, 3), min_size=1))
        rows = {
            o: {c: draw(st.integers(0, 10)) for c in draw(st.sets(st.integers(0, 2), min_size=1))}
            for o in sorted(options)
        }
        steps.append((member, draw(st.booleans()), rows))
    return steps


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.text("0123456789abcdef", min_size=64, max_size=64),
        st.dictionaries(st.text("abcdef", min_size=1, max_size=64), st.integers(0, 10), min_size=1),
        min_size=1,
        max_size=30,
    ),
    st.integers(300, 5000),
)
def test_a_sheet_splits_into_bodies_that_fit_and_add_up_to_it(sheet, budget):
    bodies = s.scores_bodies(sheet, budget)
    merged: dict = {}
    for n, body in enumerate(bodies):
        assert bool(body.get("part")) == (n > 0)
        assert len(body["scores"]) == 1 or len(canonical_bytes(body)) <= budget
        merged.update(body["scores"])
    assert merged == sheet


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes())
def test_parts_tally_as_the_whole_sheet_they_add_up_to(steps):
    writer, opts, crits, weights = matrix_session(options=4, criteria=3)
    sheets: dict[str, dict[str, dict[str, int]]] = {}
    rows_by: dict[str, dict[str, str]] = {}  # member → option → the record whose row counts
    for member, part, numbered in steps:
        who = MEMBERS[member].public_key
        rows = {opts[o]: {crits[c]: v for c, v in row.items()} for o, row in numbered.items()}
        record = writer.ok(MEMBERS[member], "score.set", part_body(rows, part))
        if not part:
            sheets[who], rows_by[who] = {}, {}
        sheets.setdefault(who, {}).update(rows)
        rows_by.setdefault(who, {}).update({o: record.id for o in rows})
    counted = {r for member_rows in rows_by.values() for r in member_rows.values()}
    expected = reference(writer.state, sheets, set(weights.values()) | counted)
    assert tally(writer.state, "matrix") == expected
    if expected.winner is not None:  # the decision rests on exactly the parts that count
        writer.ok(A, "vote.close", {"kind": "score.set"})  # no decision while voting is open
        writer.ok(A, "decision.take", decision_body(writer.state))


def test_a_60_by_40_sheet_is_recordable_in_parts_and_counts_whole():
    writer, opts, crits, weights = matrix_session(options=60, criteria=40)
    sheet = {
        o: {c: 10 if i == 1 else (i * 7 + j) % 10 for j, c in enumerate(crits)}
        for i, o in enumerate(opts)
    }
    whole = s.scores_body(sheet)
    assert len(canonical_bytes(whole)) > MAX_RECORD_BYTES  # the reason for parts
    bodies = s.scores_bodies(sheet)
    assert len(bodies) > 1 and not bodies[0].get("part") and all(b["part"] for b in bodies[1:])
    records = [writer.ok(B, "score.set", body) for body in bodies]
    assert all(r.size <= MAX_RECORD_BYTES for r in records)
    counted = set(weights.values()) | {r.id for r in records}
    assert tally(writer.state, "matrix") == reference(writer.state, {B.public_key: sheet}, counted)
    # A later part replaces only its rows; the first part's other rows still count.
    again = writer.ok(B, "score.set", part_body({opts[0]: {crits[0]: 0}}, True))
    sheet[opts[0]] = {crits[0]: 0}
    counted.add(again.id)
    assert tally(writer.state, "matrix") == reference(writer.state, {B.public_key: sheet}, counted)
    writer.ok(A, "vote.close", {"kind": "score.set"})  # no decision while voting is open
    writer.ok(A, "decision.take", decision_body(writer.state))


def test_a_part_does_not_merge_into_a_sealed_sheet():
    """A sealed sheet is hidden: a part after it starts a new open sheet with only its rows."""
    writer, opts, crits, _weights = matrix_session(options=2, criteria=1)
    sealed = {"scores": {opts[0]: {crits[0]: 9}}}
    writer.ok(
        B,
        "vote.commit",
        {"kind": "score.set", "option": None, "commitment": _commitment(sealed)},
    )
    writer.ok(B, "score.set", part_body({opts[1]: {crits[0]: 3}}, True))
    vote = writer.state.votes["score.set"][B.public_key]
    assert vote.body == {"scores": {opts[1]: {crits[0]: 3}}} and not vote.sealed


def _commitment(body: dict) -> str:
    from beraad.core.sealed import commitment

    return commitment("score.set", body, "ab" * 16)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes())
def test_the_vote_log_keeps_each_part_once_and_gives_back_the_sheets_as_cast(steps):
    """A part in the vote log is its own record's rows, not a copy of the member's whole sheet
    and rows map (~7 KB a part of a 100-option matrix, attack s11 finding 2); a decision still
    finds every sheet as it was after each part."""
    writer, opts, crits, _weights = matrix_session(options=4, criteria=3)
    cast = []  # each vote as it stood right after its record
    parts = []
    for member, part, numbered in steps:
        who = MEMBERS[member]
        rows = {opts[o]: {crits[c]: v for c, v in row.items()} for o, row in numbered.items()}
        record = writer.ok(who, "score.set", part_body(rows, part))
        vote = writer.state.votes["score.set"][who.public_key]
        cast.append((vote.record, vote.member, vote.body, vote.rows, vote.counted_records))
        if part:
            parts.append(record)
    logged = writer.state.vote_log["score.set"]
    for record in parts:
        kept = next(v for v in logged if v.record == record.id)
        assert kept.body is record.body  # shared with the record, not copied
    rebuilt = [
        (v.record, v.member, v.body, v.rows, v.counted_records)
        for v in as_cast(writer.state, "score.set")
    ]
    assert rebuilt == cast
