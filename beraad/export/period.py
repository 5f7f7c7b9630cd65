"""The minutes' "Period": when the session ran, not what one member's clock claims.

Each record's ``at`` is its author's own clock, checked only against a fixed window (1970–2200),
so one member could stretch the period from 1970 to 2199. The period therefore starts at the
session's own opening (the ``session.open`` everyone joined) and ends at the latest ``at`` that
lies in a plausible window: from ``EARLY`` before the opening (a clock somewhat behind) to
``SPAN`` after the opening or after the latest time *another* member's clock vouches for. A
trajectory runs for months (naive s9 finding 14: a meeting three months on was "not counted"
when the window ended 31 days after the opening): as long as two members' clocks reach a time,
it counts.

Only a time that counts vouches for another's (attack s9 finding 1: a puppet key a member
admitted, and a record that was itself out of the window, stretched the period to 2199): a
record *backs* others only when its author is a member who counts (not a guest, an observer or
a member waiting for confirmation), the fold accepted it (refused records take no part in the
period at all), it is not set aside after its author forked, and it is itself counted: the
counted records are the largest set of backing records each within its window as measured by
the others in the set (``_counted``), so a record out of its window vouches for nobody.
Records of members who do not count may lie in the period, measured as the member who admitted
them (so a puppet reaches no further than its owner), but vouch for nobody. Records outside are
outliers: they do not move the period and the minutes name them and their authors.

What that guarantees: one member alone (with any keys they admitted) moves the end by at most
``SPAN`` past what the other counting members wrote. The end is always a time that counted
records of two counting members reach, each within ``SPAN`` of the other's: two members who
agree on a time (an honest meeting months on, or two who collude) are believed, as the rule
for a trajectory must; the minutes then show both their records at that time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from beraad.core.record import Record

#: How far before the opening an honest clock may lag and still count (one hour).
EARLY = 60 * 60 * 1000
#: How far past the others' latest record (and the opening) one member's records count (31 days).
SPAN = 31 * 24 * 60 * 60 * 1000


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int
    #: Records before ``start − EARLY``, or more than ``SPAN`` after both the opening and the
    #: latest counted record of every other member, in fold order.
    outliers: tuple[Record, ...] = ()


def session_period(
    records: Iterable[Record],
    backs: Callable[[Record], bool],
    measured_as: Callable[[Record], str] = lambda record: record.author,
) -> Period | None:
    """The period of a session's accepted records (in fold order); None when there are none.

    ``backs(record)`` says whether a record may vouch for the times of others: an accepted
    record of a member who counts, not set aside (``minutes`` asks the state and the fold).
    A record that does not back is measured as if ``measured_as(record)`` had written it: a
    guest's or an unconfirmed member's as the member who admitted them, so the keys a member
    admits reach no further than that member does.
    """
    held = list(records)
    if not held:
        return None
    opening = next((r for r in held if r.kind == "session.open"), None)
    if opening is None:  # no certified opening to anchor on: the plain span is all there is
        times = [r.at for r in held]
        return Period(min(times), max(times))
    start = opening.at
    backers = [r for r in held if backs(r) and r.at >= start - EARLY]
    last, first_author, first, second = _counted(backers, start)
    inside = {r.id for r in backers if r.at <= last}

    def counts(record: Record) -> bool:
        if record.id in inside:
            return True
        if backs(record):
            return False
        others = second if measured_as(record) == first_author else first
        return start - EARLY <= record.at <= max(start, others) + SPAN

    end = max([start, *(r.at for r in held if counts(r))])
    return Period(start, end, tuple(r for r in held if not counts(r)))


def _counted(backers: list[Record], start: int) -> tuple[int, str, int, int]:
    """The time up to which the backing records count; and, of those counted, the latest time
    and its author and the latest time of anyone else.

    The counted records are the largest set in which every record lies at most ``SPAN`` past
    the opening or past a counted record of another author. That set is every record up to
    some time (a record no later than a counted one of another author counts; one no later
    than a counted one of its own author has the same window). Such a prefix holds when its
    latest record does: when that lies at most ``SPAN`` past the latest of any other author in
    it. So one sweep in time order keeps the latest time of the two latest authors and the
    longest prefix that holds.
    """
    ordered = sorted(backers, key=lambda r: r.at)
    # The latest time and its author, and the latest time of anyone else, in the prefix.
    first_author, first, second = "", start, start
    held = (start - EARLY - 1, "", start, start)
    for index, record in enumerate(ordered):
        if record.author == first_author:
            first = max(first, record.at)
        elif record.at > first:
            first_author, first, second = record.author, record.at, first
        else:
            second = max(second, record.at)
        if index + 1 < len(ordered) and ordered[index + 1].at == record.at:
            continue  # a prefix ends after every record of its time
        if first <= max(start, second) + SPAN:
            held = (record.at, first_author, first, second)
    return held
