"""One member's clock cannot stretch the minutes' "Period" (attack report, finding 7)."""

from __future__ import annotations

from beraad.core.record import sign_record
from beraad.export.minutes import Context, build_minutes
from beraad.export.period import EARLY, SPAN, session_period
from beraad.export.render import render_markdown
from tests.export.helpers import people, scripted

LAST_MOMENT = 7258118399999  # the last `at` any peer accepts (1 January 2200, minus 1 ms)


def _minutes(records, runner) -> str:
    context = Context(
        state=runner.state, records=records, state_hash=runner.fold.state_hash(), language="en"
    )
    return render_markdown(build_minutes(context))


def _signed_by(member, records, ats):
    """Well-signed evaluations by ``member``, chained after everything in ``records``."""
    out = []
    for at in ats:
        own = [r for r in [*records, *out] if r.author == member.public_key]
        out.append(
            sign_record(
                member,
                session=records[0].session,
                seq=len(own) + 1,
                prev=own[-1].id,
                lamport=max(r.lamport for r in [*records, *out]) + 1,
                at=at,
                kind="evaluation.add",
                body={"aspect": "went_well", "text": "Time flies.", "decision": None},
            )
        )
    return out


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
    assert f"anything the others wrote, by {name}." in text
    assert "Not counted" not in honest


def test_the_window_around_the_opening_is_what_counts():
    runner = scripted("buurt")
    records = runner.records
    opening = records[0]
    assert opening.kind == "session.open"
    others = max(r.at for r in records)  # what the scripted members wrote last
    lag, late = opening.at - EARLY + 1, others + SPAN
    extra = _signed_by(people()[1], records, [lag, late, late + 1, opening.at - EARLY - 1])
    period = session_period([*records, *extra])
    assert period is not None
    # A lagging clock within the hour neither moves the start nor counts as an outlier.
    assert period.start == opening.at and period.end == late
    assert [r.at for r in period.outliers] == [late + 1, opening.at - EARLY - 1]
    assert session_period([]) is None


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
    period = session_period([*records, *tonight])
    assert period is not None and period.outliers == ()
    assert period.end == months + 120_000
    text = _minutes([*records, *tonight], runner)
    assert "Not counted" not in text
    assert "- **Period**: 2023-11-14 22:13 UTC – 2024-02-12" in text
    alone = _signed_by(carla, [*records, *tonight], [months + 120_000 + SPAN + 1])
    period = session_period([*records, *tonight, *alone])
    assert period is not None and period.outliers == tuple(alone)
    assert period.end == months + 120_000
