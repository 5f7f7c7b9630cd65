"""No record the gate accepts can make the next write, an admission or any export fail.

A member's peer gone hostile signs records with absurd values — lamports near 2^53, times far
in the future and the past, bodies nested deep, strings of 60 kB, integers at the edge of the
safe range, seqs far ahead, floods — with real Ed25519 keys. Each batch goes down the one path
a peer's records take (``Record.from_dict`` + signature check + the node's gate). After every
batch the honest facilitator must still write and admit, and Markdown minutes, HTML minutes and
a bundle that ``verify`` reads back must still come out.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from beraad.core.canonical import MAX_SAFE_INT, canonical_bytes
from beraad.core.identity import Identity
from beraad.core.record import MAX_AT, Record, RecordError
from beraad.export.files import bundle_lines
from beraad.export.transfer import export_bundle, import_bundle, minutes_text, newsletter_text
from beraad.export.verify import verify_lines
from beraad.node import Node

pytestmark = pytest.mark.timeout(600)

huge_ints = st.sampled_from([0, 1, -1, MAX_SAFE_INT, -MAX_SAFE_INT, 2**31, 10**15])
ints = st.one_of(huge_ints, st.integers(-MAX_SAFE_INT, MAX_SAFE_INT))
strings = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "[/]", "\u202e", "x" * 5_000, "\x9b2J", "a\x7fb", "\x85", "a\u2028b"]),
    st.integers(0, 60_000).map(lambda n: "ü" * (n // 2)),
)


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), ints, strings, st.integers(1, 600).map(nested)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
ids = st.one_of(
    st.sampled_from(["0" * 64, "f" * 64]), st.text("0123456789abcdef", min_size=64, max_size=64)
)
#: A café seating the hostile member itself ("SELF", filled in on arrival) and a person it
#: speaks for, with absurd questions, lengths and plans.
cafe_setups = st.fixed_dictionaries(
    {
        "people": st.sampled_from(
            [[{"member": "SELF"}, {"member": "SELF", "speaker": "[/]"}], [{"member": "SELF"}]]
        ),
        "tables": st.lists(
            st.fixed_dictionaries({"question": strings, "host": st.sampled_from([0, 1, 199])}),
            min_size=1,
            max_size=3,
        ),
        "seconds": ints,
        "plan": st.sampled_from(
            [[[[0, 1]]], [[[0], [1]]] * 12, [[[0, 1]], [[1, 0]]], [[[0]]], [[[0, 0]]]]
        ),
    }
)
#: Public keys a hostile member may admit or confirm: fresh ones, a member's, the hostile's own.
keys = st.one_of(
    st.sampled_from(["0" * 64, "f" * 64]),
    st.integers(1, 5).map(lambda n: Identity.from_seed(bytes([n]) * 32).public_key),
)
#: Bodies shaped like real kinds (so they reach the reducer and the minutes), plus any JSON.
bodies = st.one_of(
    st.tuples(st.just("knot.add"), st.fixed_dictionaries({"text": strings})),
    st.tuples(st.just("member.name"), st.fixed_dictionaries({"name": strings})),
    st.tuples(st.just("hand.raise"), st.fixed_dictionaries({"speaker": strings})),
    st.tuples(st.just("timer.start"), st.fixed_dictionaries({"seconds": ints, "label": strings})),
    st.tuples(
        st.just("note.add"),
        st.fixed_dictionaries(
            {"target": st.none(), "type": st.sampled_from(["experience", "x"]), "text": strings}
        ),
    ),
    st.tuples(
        st.just("phase.move"),
        st.fixed_dictionaries(
            {"to": st.sampled_from(["knots", "positions", "decide", "x"]), "proposal": st.none()},
            # the ready answers a consent move names (settled.py): absurd lists, too
            optional={"rests_on": st.one_of(st.lists(ids, max_size=4), json_values)},
        ),
    ),
    st.tuples(st.just("edit"), st.fixed_dictionaries({"target": ids, "text": strings})),
    st.tuples(st.just("cafe.setup"), cafe_setups),
    st.tuples(st.just("cafe.round"), st.fixed_dictionaries({"round": ints})),
    st.tuples(
        st.just("cafe.end"), st.one_of(st.just({}), st.fixed_dictionaries({"whole": json_values}))
    ),
    # Ending a meeting by consent (end_consent.py): a proposal to end with absurd words, an
    # answer to it ("PREV": the member's own record before), an end naming anything.
    st.tuples(
        st.just("phase.propose"),
        st.fixed_dictionaries(
            {"to": st.sampled_from(["end", "knots", "x"])},
            optional={"next": st.one_of(strings, json_values), "reason": strings},
        ),
    ),
    st.tuples(
        st.just("phase.respond"),
        st.fixed_dictionaries(
            {
                "proposal": st.one_of(ids, st.just("PREV")),
                "response": st.sampled_from(["ready", "object", "x"]),
            },
            optional={"reason": strings},
        ),
    ),
    st.tuples(
        st.just("meeting.end"),
        st.fixed_dictionaries(
            {"next": strings},
            optional={
                "proposal": st.one_of(ids, st.just("PREV"), json_values),
                "rests_on": st.one_of(
                    st.lists(st.one_of(ids, st.just("PREV")), max_size=4), json_values
                ),
            },
        ),
    ),
    st.tuples(st.just("meeting.start"), st.just({})),
    st.tuples(
        st.just("action.add"),
        st.fixed_dictionaries(
            {"text": strings},
            optional={
                "due": st.one_of(strings, st.sampled_from(["2027-02-29", "9999-12-31"])),
                "internal": json_values,
                "group": ids,
                "decision": ids,
            },
        ),
    ),
    st.tuples(
        st.sampled_from(["action.pull", "action.release"]), st.fixed_dictionaries({"action": ids})
    ),
    st.tuples(
        st.just("action.update"),
        st.fixed_dictionaries(
            {"action": ids, "status": st.sampled_from(["started", "done", "stuck", "x"])},
            optional={"note": strings},
        ),
    ),
    st.tuples(
        st.just("vote.reveal"),
        st.fixed_dictionaries({"commit": ids, "vote": json_values, "nonce": strings}),
    ),
    st.tuples(
        st.just("vote.reveal_end"),
        st.fixed_dictionaries(
            {"kind": st.sampled_from(["dots.place", "x"]), "unrevealed": st.lists(ids, max_size=3)}
        ),
    ),
    st.tuples(st.just("group.add"), st.fixed_dictionaries({"name": strings})),
    st.tuples(
        st.just("group.mark"),
        st.fixed_dictionaries(
            {"group": ids, "status": st.sampled_from(["present", "reached", "missing", "x"])}
        ),
    ),
    st.tuples(st.just("group.rename"), st.fixed_dictionaries({"group": ids, "name": strings})),
    st.tuples(
        st.just("action.due"),
        st.fixed_dictionaries(
            {"action": ids},
            optional={"due": st.one_of(strings, st.sampled_from(["2027-02-29", "2199-12-31"]))},
        ),
    ),
    st.tuples(
        st.just("member.admit"),
        st.fixed_dictionaries(
            {"member": keys, "name": strings, "role": st.sampled_from(["member", "guest", "x"])}
        ),
    ),
    st.tuples(
        st.just("member.confirm"),
        st.fixed_dictionaries(
            {"member": keys}, optional={"admission": st.one_of(ids, st.just("PREV"))}
        ),
    ),
    st.tuples(
        st.just("evaluation.add"),
        st.fixed_dictionaries({"aspect": st.sampled_from(["went_well", "x"]), "text": strings}),
    ),
    st.tuples(
        st.just("fact.add"),
        st.fixed_dictionaries(
            {"title": strings, "text": strings},
            optional={
                "link": st.one_of(strings, strings.map(lambda t: "https://x/" + t)),
                "sha256": st.one_of(ids, strings),
            },
        ),
    ),
    st.tuples(st.just("fact.question"), st.fixed_dictionaries({"fact": ids, "reason": strings})),
    st.tuples(
        st.sampled_from(["knot.add", "option.add"]),
        st.fixed_dictionaries({"text": strings, "cites": st.lists(ids, max_size=25)}),
    ),
    st.tuples(st.just("criterion.add"), st.fixed_dictionaries({"text": strings})),
    st.tuples(
        st.sampled_from(
            [
                "knot.add",
                "score.set",
                "ballot.rank",
                "decision.take",
                "fact.add",
                "action.update",
                "x.y",
            ]
        ),
        st.dictionaries(st.text(max_size=8), json_values, max_size=4),
    ),
)
lamports = st.one_of(
    st.sampled_from([MAX_SAFE_INT, MAX_SAFE_INT - 1, 2**40, 10_001, 1]),
    st.integers(1, MAX_SAFE_INT),
    st.integers(1, 60),
)
#: Around the edges of the window (1970 to 2200) and far outside it.
times = st.one_of(
    st.sampled_from([0, 1, MAX_AT - 1, MAX_AT, MAX_SAFE_INT, 253_402_300_800_000, 10**15]),
    st.integers(0, MAX_AT - 1),
    st.integers(0, MAX_SAFE_INT),
)
hexes = st.text("0123456789abcdef", min_size=64, max_size=64)
#: What a record lists as seen (``core/seen.py``): nothing, heads of members and strangers at
#: absurd seqs, the member's own chain, more heads than members, more than the limit, and
#: entries of every wrong shape ("SELF": the hostile member's key; "PREV": its last record).
heads = st.tuples(st.one_of(keys, hexes, st.just("SELF")), ints, st.one_of(ids, st.just("PREV")))
seens = st.one_of(
    st.none(),
    st.lists(heads, min_size=1, max_size=8, unique_by=lambda h: h[0]).map(
        lambda hs: [list(h) for h in sorted(hs)]
    ),
    st.integers(1, 70).map(lambda n: [[f"{i:064x}", 1, "ab" * 32] for i in range(1, n + 1)]),
    json_values,
    st.lists(st.one_of(json_values, st.lists(json_values, max_size=4)), max_size=4),
)
#: (seq offset from the next free place, lamport, at, (kind, body), seen); a batch is a flood.
batches = st.lists(
    st.tuples(st.sampled_from([0, 0, 0, 0, 1, 5, 10**6, -1]), lamports, times, bodies, seens),
    min_size=1,
    max_size=12,
)


def as_self(value: Any, key: str, prev: str | None = None) -> Any:
    """The body with "SELF" replaced by the hostile member's own key (a café seats it), and
    "PREV" by its record before this one (an answer to its own proposal, an end naming it)."""
    if value == "SELF":
        return key
    if value == "PREV":
        return prev or "ab" * 32
    if isinstance(value, list):
        return [as_self(v, key, prev) for v in value]
    if isinstance(value, dict):
        return {k: as_self(v, key, prev) for k, v in value.items()}
    return value


def signed(author: Identity, session: str, seq: int, prev: str | None, *fields: Any):
    """What a hostile peer sends: signed over canonical bytes, checked by nothing of ours."""
    lamport, at, kind, body, *seen = fields
    body = as_self(body, author.public_key, prev)
    unsigned = {
        "v": 1,
        "session": session,
        "author": author.public_key,
        "seq": seq,
        "prev": prev,
        "lamport": lamport,
        "at": at,
        "kind": kind,
        "body": body,
    }
    if seen and seen[0] is not None:
        unsigned["seen"] = as_self(seen[0], author.public_key, prev)
    try:
        data = canonical_bytes(unsigned)
    except ValueError:
        return None  # not even JSON a peer could send
    return {**unsigned, "sig": author.sign(data).hex()}


def arrive(
    node: Node, session: str, author: Identity, batch: list[Any], start: tuple[int, Any] = (1, None)
) -> tuple[int, Any]:
    """The peer's batch down the path of a ``records`` message: shape, signature, gate.
    ``start`` is where the member's chain goes on (seq, prev); returns where it ends."""
    (seq, prev), before = start, None
    checked: list[Record] = []
    for offset, lamport, at, (kind, body), *seen in batch:
        place = (seq + offset, prev if offset == 0 else "ab" * 32)
        if offset == -1:  # a fork: another record at the place of the last one (core/forks.py)
            if seq == 1:
                continue
            place = (seq - 1, before)
        data = signed(author, session, *place, lamport, at, kind, body, *seen)
        if data is None:
            continue
        try:
            record = Record.from_dict(data)
            record.verify()
        except RecordError:
            continue
        checked.append(record)
        if offset == 0:
            seq, prev, before = seq + 1, record.id, prev
    node.ingest(session, checked)
    return seq, prev


#: A note at lamport 49, then the member's next record at 41 naming it as ``prev``: folded one
#: batch at a time a node took the second, verify of its bundle refused it as back-dated.
BACK_DATED_AFTER_ITS_OWN_PREVIOUS = [
    (0, 49, 1_700_000_000_000, ("member.name", {"name": "at 49"})),
    (0, 41, 1_700_000_000_000, ("member.name", {"name": "at 41, after 49"})),
]
#: A member forks its last record, and lists as seen more heads than there are members.
FORK_AND_TOO_MANY_HEADS = [
    (0, 3, 1_700_000_000_000, ("member.name", {"name": "one"}), None),
    (0, 4, 1_700_000_000_000, ("member.name", {"name": "two"}), None),
    (-1, 5, 1_700_000_000_000, ("member.name", {"name": "two'"}), [["SELF", 2, "PREV"]]),
    (
        0,
        6,
        1_700_000_000_000,
        ("member.name", {"name": "heads"}),
        [[f"{i:064x}", 1, "ab" * 32] for i in range(1, 60)],
    ),
]


def test_no_accepted_record_breaks_writing_admitting_or_exporting(tmp_path):
    with asyncio.Runner() as runner:
        node = runner.run(Node.open(tmp_path / "anja", discovery=False, listen=False))
        try:
            session = runner.run(
                node.create_session(invite=False, title="t", focus="f", process_rule="consent")
            )
            counter = iter(range(1, 10**6))

            @settings(
                max_examples=60,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )
            @given(batches)
            @example(BACK_DATED_AFTER_ITS_OWN_PREVIOUS)
            @example(FORK_AND_TOO_MANY_HEADS)
            def after_any_batch(batch):
                # A member's peer, admitted like anyone, sends the batch.
                n = next(counter)
                hostile = Identity.from_seed(b"\x66" + n.to_bytes(31, "big"))
                runner.run(
                    node.contribute(
                        session, "member.admit", {"member": hostile.public_key, "name": f"m{n}"}
                    )
                )
                arrive(node, session, hostile, batch)
                # The next write and an admission still work.
                runner.run(node.contribute(session, "member.name", {"name": f"anja {n}"}))
                newcomer = Identity.from_seed(b"\x77" + n.to_bytes(31, "big"))
                runner.run(
                    node.contribute(
                        session, "member.admit", {"member": newcomer.public_key, "name": f"p{n}"}
                    )
                )
                assert newcomer.public_key in node.members(session)
                # Minutes in both formats and languages come out.
                for fmt in ("md", "html"):
                    for language in ("en", "nl"):
                        assert minutes_text(node, session, fmt, language)
                        assert newsletter_text(node, session, fmt, language)
                # The bundle comes out and verify reads it back to the same state.
                path = tmp_path / "b.beraad"
                # (with a fork: both copies, and what the forker wrote after, set aside)
                assert export_bundle(node, session, path) == len(node.bundle_records(session))
                report = verify_lines(bundle_lines(path))
                assert report.state_hash == node.state_hash(session)
                kept = len(node.kept(session))  # a forker's records others built on
                assert report.accepted + kept >= len(node.records(session))
                assert not [p for p in report.problems if p.code != "decision"], report.problems

            after_any_batch()
        finally:
            runner.run(node.close())


@pytest.fixture
def facilitated(tmp_path):
    """Anja's node (no network) with a session she facilitates, for a test that drives it
    from outside an event loop: (runner, node, session)."""
    with asyncio.Runner() as runner:
        node = runner.run(Node.open(tmp_path / "anja", discovery=False, listen=False))
        try:
            session = runner.run(
                node.create_session(invite=False, title="t", focus="f", process_rule="facilitator")
            )
            yield runner, node, session
        finally:
            runner.run(node.close())


def exports_come_out(node: Node, session: str, tmp_path: Path) -> Any:
    """The minutes and the newsletter in both formats and languages, and a bundle that verify
    reads back to the node's state hash; the verify report, for what a test asks further."""
    for fmt in ("md", "html"):
        for language in ("en", "nl"):
            assert minutes_text(node, session, fmt, language)
            assert newsletter_text(node, session, fmt, language)
    path = tmp_path / "b.beraad"
    assert export_bundle(node, session, path) == len(node.records(session))
    report = verify_lines(bundle_lines(path))
    assert report.state_hash == node.state_hash(session)
    return report


def test_a_members_renames_and_due_dates_at_the_edges_break_no_export(tmp_path, facilitated):
    """Renames and due dates the fold accepts (a name of signs, bidi marks, the longest name; a
    due date at 2000 and 2199) come out in the minutes, the newsletter and a verified bundle."""
    runner, node, session = facilitated
    group = runner.run(node.contribute(session, "group.add", {"name": "Youth"})).id
    for phase in ("knots", "positions", "criteria", "options", "decide", "act"):
        runner.run(node.contribute(session, "phase.move", {"to": phase}))
    action = runner.run(node.contribute(session, "action.add", {"text": "Call"})).id
    for name in ("[/]", "\u202eevil", "ü" * 60, "Youth"):
        body = {"group": group, "name": name}
        try:
            runner.run(node.contribute(session, "group.rename", body))
        except Exception:  # a name the schema refuses: nothing signed
            continue
    for due in ("2000-01-01", "2199-12-31", None):
        body = {"action": action, **({"due": due} if due else {})}
        runner.run(node.contribute(session, "action.due", body))
    assert node.state(session).actions[action].due is None
    report = exports_come_out(node, session, tmp_path)
    assert report.accepted == len(node.records(session))


def test_a_member_who_squats_the_table_map_locks_it_for_nobody(tmp_path, facilitated):
    """A member adds groups until refused (the real groups' names first, then junk): they get
    their share, the others still add theirs, the facilitator renames the squatted ones, and
    the minutes, the newsletter and a verified bundle come out."""
    from beraad.core.actions import GROUPS_EACH

    runner, node, session = facilitated
    bart = Identity.from_seed(b"\x55" * 32)
    body = {"member": bart.public_key, "name": "Bart"}
    runner.run(node.contribute(session, "member.admit", body))
    names = ["Youth", "Neighbours", "\u202eevil", "ü" * 60]
    names += [f"x{n}" for n in range(GROUPS_EACH + 10 - len(names))]
    at = int(time.time() * 1000)
    batch = [(0, 100 + n, at, ("group.add", {"name": nm})) for n, nm in enumerate(names)]
    arrive(node, session, bart, batch)
    state = node.state(session)
    his = [g for g in state.groups.values() if g.author == bart.public_key]
    assert len(his) == GROUPS_EACH
    runner.run(node.contribute(session, "group.add", {"name": "Elderly"}))
    youth = next(g.id for g in his if g.name == "Youth")
    body = {"group": youth, "name": "Youth (real)"}
    runner.run(node.contribute(session, "group.rename", body))
    assert node.state(session).groups[youth].name == "Youth (real)"
    exports_come_out(node, session, tmp_path)


def test_a_member_who_floods_options_and_criteria_fills_them_to_the_caps_only(
    tmp_path, facilitated
):
    """A member sends more options and criteria than the caps (``in_play.py``): the fold keeps
    the first up to each cap, refuses the rest, another member's next one is refused with the
    reason, and the minutes, the newsletter and a verified bundle come out."""
    from beraad.core.in_play import MAX_CRITERIA, MAX_OPTIONS
    from beraad.node import NodeError

    runner, node, session = facilitated
    bart = Identity.from_seed(b"\x56" * 32)
    body = {"member": bart.public_key, "name": "Bart"}
    runner.run(node.contribute(session, "member.admit", body))
    for phase in ("knots", "positions", "criteria"):
        runner.run(node.contribute(session, "phase.move", {"to": phase}))
    at = int(time.time() * 1000)
    wide = "漢字🙂e\u0301\u0308\u20dd" * 40
    texts = [(f"{n}" + wide)[:200] for n in range(150)]
    batch = [(0, 1000 + n, at, ("criterion.add", {"text": t})) for n, t in enumerate(texts)]
    end = arrive(node, session, bart, batch[:90])
    runner.run(node.contribute(session, "phase.move", {"to": "options"}))
    batch = [(0, 2000 + n, at, ("option.add", {"text": t})) for n, t in enumerate(texts)]
    arrive(node, session, bart, batch, end)
    state = node.state(session)
    assert state.in_play("criteria") == len(state.criteria) == MAX_CRITERIA
    assert state.in_play("options") == len(state.options) == MAX_OPTIONS
    with pytest.raises(NodeError, match=f"has {MAX_OPTIONS} options; take one back"):
        runner.run(node.contribute(session, "option.add", {"text": "Mine"}))
    exports_come_out(node, session, tmp_path)


async def test_a_record_back_dated_below_its_own_previous_is_refused_by_node_verify_and_import(
    tmp_path,
):
    """The node folds the member's batch past its end in one pass; verify and import of its
    bundle fold it after the facilitator's later records, and reopening folds it from the
    store: every path refuses the record sorting before its own previous one, one hash."""
    node = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    try:
        session = await node.create_session(invite=False, title="t", focus="f")
        hostile = Identity.from_seed(b"\x66" * 32)
        body = {"member": hostile.public_key, "name": "m"}
        await node.contribute(session, "member.admit", body)
        arrive(node, session, hostile, BACK_DATED_AFTER_ITS_OWN_PREVIOUS)
        first, back = sorted(
            (r for r in node.records(session) if r.author == hostile.public_key),
            key=lambda r: r.seq,
        )
        assert (first.lamport, back.lamport, back.prev) == (49, 41, first.id)
        assert "back-dated" in node.rejected(session)[back.id]
        await node.contribute(session, "member.name", {"name": "anja"})  # lamport past 49
        path = tmp_path / "b.beraad"
        export_bundle(node, session, path)
        report = verify_lines(bundle_lines(path))
        assert report.state_hash == node.state_hash(session)
        assert not report.problems, report.problems
        expected = node.state_hash(session)
    finally:
        await node.close()
    again = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    try:
        assert again.state_hash(session) == expected
    finally:
        await again.close()
    other = await Node.open(tmp_path / "bart", discovery=False, listen=False)
    try:
        imported = import_bundle(other, path)
        assert imported.matches_header
        assert other.state_hash(session) == expected
        assert "back-dated" in other.rejected(session)[back.id]
    finally:
        await other.close()


def test_votes_listing_the_close_at_any_lamport_break_no_export(tmp_path, facilitated):
    """A member sends votes and sealed votes at absurd lamports (1, the close's, just below
    it, near 2^53) listing as seen the close, the decision, its own chain, heads of nobody and
    of every wrong shape (``core/seen_close.py`` reads them): the next write and an admission
    work, the exports come out and a bundle verifies to the node's state."""
    runner, node, session = facilitated
    for phase in ("knots", "positions", "criteria", "options"):
        runner.run(node.contribute(session, "phase.move", {"to": phase}))
    option = runner.run(node.contribute(session, "option.add", {"text": "Mine"})).id
    runner.run(node.contribute(session, "phase.move", {"to": "decide"}))
    runner.run(node.contribute(session, "dots.place", {"dots": {option: 1}}))
    voters = [Identity.from_seed(b"\x55" + n.to_bytes(31, "big")) for n in range(25)]
    for n, voter in enumerate(voters):  # members before the close, so they can date back to it
        body = {"member": voter.public_key, "name": f"v{n}"}
        runner.run(node.contribute(session, "member.admit", body))
    close = runner.run(node.contribute(session, "vote.close", {"kind": "dots.place"}))
    anja = node.identity.public_key
    head = [[anja, close.seq, close.id]]
    votes = st.sampled_from(
        [
            ("dots.place", {"dots": {option: 3}}),
            ("dots.place", {"dots": {option: 1, "f" * 64: 1}}),
            ("vote.commit", {"kind": "dots.place", "commitment": "ab" * 32}),
        ]
    )
    near = st.sampled_from([1, close.lamport - 1, close.lamport, close.lamport + 1])
    listed = st.one_of(st.just(head), st.just([[anja, close.seq + 5, close.id]]), seens)
    batch = st.lists(
        st.tuples(st.sampled_from([0, 0, 0, 1]), st.one_of(near, lamports), st.just(
            1_700_000_000_000), votes, listed),
        min_size=1,
        max_size=8,
    )  # fmt: skip
    counter = iter(voters)

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(batch)
    @example(
        [(0, close.lamport - 1, 1_700_000_000_000, ("dots.place", {"dots": {option: 3}}), head)]
    )
    def after_any_batch(sent):
        hostile = next(counter)
        arrive(node, session, hostile, sent)
        runner.run(node.contribute(session, "member.name", {"name": hostile.public_key[:8]}))
        for fmt in ("md", "html"):
            for language in ("en", "nl"):
                assert minutes_text(node, session, fmt, language)
        path = tmp_path / "b.beraad"  # what the gate holds: records waiting their turn too
        assert export_bundle(node, session, path) == len(node.bundle_records(session))
        assert verify_lines(bundle_lines(path)).state_hash == node.state_hash(session)

    after_any_batch()
    refused = node.rejected(session).values()
    assert any("had closed before its author wrote this" in reason for reason in refused)
