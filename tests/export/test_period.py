"""One member's clock cannot stretch the minutes' "Period" (attack report, finding 7)."""

from __future__ import annotations

import pytest

from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.session import admit_body
from beraad.export.minutes import Context, build_minutes
from beraad.export.period import EARLY, SPAN, session_period
from beraad.export.render import render_markdown
from beraad.export.transfer import minutes_text
from beraad.node import Node
from tests.export.helpers import people, scripted

LAST_MOMENT = 7258118399999  # the last `at` any peer accepts (1 January 2200, minus 1 ms)


def _minutes(records, runner) -> str:
    context = Context(
        state=runner.state, records=records, state_hash=runner.fold.state_hash(), language="en"
    )
    return render_markdown(build_minutes(context))


def _signed_by(member, records, ats, kind="evaluation.add", body=None):
    """Well-signed evaluations by ``member``, chained after everything in ``records``."""
    out = []
    for at in ats:
        own = [r for r in [*records, *out] if r.author == member.public_key]
        out.append(
            sign_record(
                member,
                session=records[0].session,
                seq=len(own) + 1,
                prev=own[-1].id if own else None,
                lamport=max(r.lamport for r in [*records, *out]) + 1,
                at=at,
                kind=kind,
                body=body or {"aspect": "went_well", "text": "Time flies.", "decision": None},
            )
        )
    return out


def _backs_all(_record):
    return True


def test_one_member_writing_1970_and_2199_leaves_the_period_as_it_was():
    runner = scripted("buurt")
    honest = _minutes(runner.records, runner)
    assert "- **Period**: 2023-11-14 22:13 UTC – 2023-11-14 22:44 UTC" in honest
    mallory = people()[1]
    stretched = [*runner.records, *_signed_by(mallory, runner.records, [0, LAST_MOMENT])]
    text = _minutes(stretched, runner)
    assert "- **Period**: 2023-11-14 22:13 UTC – 2023-11-14 22:44 UTC" in text
    assert "1970" not in text and "2199" not in text
    name = runner.state.name(mallory.public_key)
    assert "Not counted in the period: 2 records whose time lies" in text
    assert f"the last counted record of another member, by {name}." in text
    assert "Not counted" not in honest


def test_the_window_around_the_opening_is_what_counts():
    runner = scripted("buurt")
    records = runner.records
    opening = records[0]
    assert opening.kind == "session.open"
    others = max(r.at for r in records)  # what the scripted members wrote last
    lag, late = opening.at - EARLY + 1, others + SPAN
    extra = _signed_by(people()[1], records, [lag, late, late + 1, opening.at - EARLY - 1])
    period = session_period([*records, *extra], _backs_all)
    assert period is not None
    # A lagging clock within the hour neither moves the start nor counts as an outlier.
    assert period.start == opening.at and period.end == late
    assert [r.at for r in period.outliers] == [late + 1, opening.at - EARLY - 1]
    assert session_period([], _backs_all) is None


def test_a_meeting_months_after_the_opening_counts_in_the_period():
    """Naive s9 finding 14: a trajectory's meeting three months on was "not counted in the
    period" (the window ended 31 days after the opening). What two members write then counts;
    one member alone still moves the end by at most 31 days past the others."""
    runner = scripted("buurt")
    records = runner.records
    months = records[0].at + 90 * 24 * 60 * 60 * 1000
    anja, bart, carla = people()[:3]
    tonight = _signed_by(anja, records, [months, months + 60_000])
    tonight += _signed_by(bart, [*records, *tonight], [months + 120_000])
    period = session_period([*records, *tonight], _backs_all)
    assert period is not None and period.outliers == ()
    assert period.end == months + 120_000
    text = _minutes([*records, *tonight], runner)
    assert "Not counted" not in text
    assert "- **Period**: 2023-11-14 22:13 UTC – 2024-02-12" in text
    alone = _signed_by(carla, [*records, *tonight], [months + 120_000 + SPAN + 1])
    period = session_period([*records, *tonight, *alone], _backs_all)
    assert period is not None and period.outliers == tuple(alone)
    assert period.end == months + 120_000


@pytest.mark.parametrize("role", ["guest", "member", "none"])
async def test_a_puppet_key_a_member_admitted_does_not_stretch_the_period(tmp_path, role):
    """Attack s9 finding 1: Mallory, an ordinary member, admitted a key he holds (as a guest,
    or as a member who waits for confirmation); the puppet's knot at 2199 (refused from a guest,
    waiting from an unconfirmed member) vouched for Mallory's own at 2199, and the minutes read
    "… – 2199-12-30" with no "Not counted" line. Only a counting member's accepted, counted
    record vouches for others. ``none``: the puppet is a stranger (the control)."""
    node = await Node.open(tmp_path / "home", host="127.0.0.1", discovery=False)
    try:
        session = (await node.create_session(title="t", focus="f")).session
        mallory, puppet = (Identity.from_seed(bytes([n]) * 32) for n in (0x0A, 0x0B))
        await node.contribute(session, "member.admit", admit_body(mallory.public_key, "Mallory"))
        await node.contribute(session, "phase.move", {"to": "knots", "proposal": None})
        await node.contribute(session, "knot.add", {"text": "honest knot"})
        honest = minutes_text(node, session, "md", "en")
        period = next(line for line in honest.splitlines() if "**Period**" in line)
        now = node.records(session)[-1].at
        if role != "none":
            admit = admit_body(puppet.public_key, "Pup", role)
            assert _planted(node, session, mallory, "member.admit", admit, now)
        taken = _planted(node, session, puppet, "knot.add", {"text": "In 2199."}, LAST_MOMENT)
        assert taken == (role != "none")  # refused from a guest, not held from a stranger
        assert _planted(node, session, mallory, "knot.add", {"text": "Me too."}, LAST_MOMENT)
        text = minutes_text(node, session, "md", "en")
    finally:
        await node.close()
    assert period in text and "Me too." in text
    named = "by Pup, Mallory." if role == "member" else "by Mallory."
    assert "Not counted in the period:" in text and named in text
    assert ("2 records whose" if role == "member" else "1 record whose") in text


def _planted(node, session, who, kind, body, at) -> bool:
    """A record by ``who``, well-signed, taken as from a bundle; whether it entered."""
    own = [r for r in node.records(session) if r.author == who.public_key]
    record = sign_record(
        who,
        session=session,
        seq=len(own) + 1,
        prev=own[-1].id if own else None,
        lamport=max(r.lamport for r in node.records(session)) + 1,
        at=at,
        kind=kind,
        body=body,
    )
    return record.id in node.ingest(session, [record])


def test_an_outlier_vouches_for_nobody():
    """One record at 2199 let a second member's record of 2150 count (the period ended in
    2150, though nobody wrote anything that counts near then). What the rule then guarantees:
    the end is a time two counting members' counted records reach, each within ``SPAN`` of the
    other's: two who write at 2199 are believed as a meeting months on is (and both show)."""
    runner = scripted("buurt")
    records = runner.records
    end = max(r.at for r in records)
    amina, bart = people()[1:3]
    year_2150 = 5680281600000
    far = _signed_by(amina, records, [LAST_MOMENT])
    far += _signed_by(bart, [*records, *far], [year_2150])
    period = session_period([*records, *far], _backs_all)
    assert period is not None and period.end == end and period.outliers == tuple(far)
    both = _signed_by(bart, [*records, *far], [LAST_MOMENT - SPAN])
    period = session_period([*records, *far, *both], _backs_all)
    assert period is not None and period.end == LAST_MOMENT and period.outliers == ()
    # A record a step too far from every other member's counts for nothing, and what it
    # would have vouched for neither.
    chain = _signed_by(amina, records, [end + 2 * SPAN])
    chain += _signed_by(bart, [*records, *chain], [end + 3 * SPAN + 1])
    chain += _signed_by(amina, [*records, *chain], [end + SPAN // 2])
    period = session_period([*records, *chain], _backs_all)
    assert period is not None and period.end == end + SPAN // 2
    assert period.outliers == tuple(chain[:2])


def test_a_key_a_member_admitted_reaches_no_further_than_that_member():
    """A guest's or unconfirmed member's records vouch for nobody and are measured as the
    member who admitted them: Amina's own record 31 days past the others counts, but her
    puppet's 31 days past that does not (it would have moved the end 62 days alone)."""
    runner = scripted("buurt")
    records = runner.records
    end = max(r.at for r in records)
    amina, puppet = people()[1], Identity.from_seed(b"\x0b" * 32)
    own = _signed_by(amina, records, [end + SPAN])
    pup = _signed_by(puppet, [*records, *own], [end + 2 * SPAN, end + SPAN - 1])

    def backs(record):
        return record.author != puppet.public_key

    def measured_as(record):
        return amina.public_key if record.author == puppet.public_key else record.author

    period = session_period([*records, *own, *pup], backs, measured_as)
    assert period is not None and period.end == end + SPAN
    assert period.outliers == (pup[0],)
