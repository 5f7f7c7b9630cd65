"""The minutes' "Period": when the session ran, not what one member's clock claims.

Each record's ``at`` is its author's own clock, checked only against a fixed window (1970–2200),
so one member could stretch the period from 1970 to 2199. The period therefore starts at the
session's own opening (the ``session.open`` everyone joined) and ends at the latest ``at`` that
lies in a plausible window: from ``EARLY`` before the opening (a clock somewhat behind) to
``SPAN`` after what the *other* members wrote last (or after the opening). A trajectory runs for
months (naive s9 finding 14: a meeting three months on was "not counted" when the window ended
31 days after the opening): as long as two members' clocks reach a time, it counts. Records
outside the window are outliers: they do not move the period and the minutes name them and
their authors. One member alone can thus move the end by at most ``SPAN`` past the others.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    #: latest record of every other author, in fold order.
    outliers: tuple[Record, ...] = ()


def session_period(records: Iterable[Record]) -> Period | None:
    """The period of a session's records (in fold order); None when there are none."""
    held = list(records)
    if not held:
        return None
    opening = next((r for r in held if r.kind == "session.open"), None)
    if opening is None:  # no certified opening to anchor on: the plain span is all there is
        times = [r.at for r in held]
        return Period(min(times), max(times))
    start = opening.at
    latest: dict[str, int] = {}
    for record in held:
        latest[record.author] = max(record.at, latest.get(record.author, record.at))
    # The two latest authors' times: whoever wrote last is measured by the one before.
    ranked = sorted(latest.items(), key=lambda item: item[1], reverse=True)
    first, second = [*ranked, ("", start)][:2]

    def counts(record: Record) -> bool:
        others = second[1] if record.author == first[0] else first[1]
        return start - EARLY <= record.at <= max(start, others) + SPAN

    inside = [r for r in held if counts(r)]
    outliers = tuple(r for r in held if not counts(r))
    return Period(start, max([start, *(r.at for r in inside)]), outliers)
