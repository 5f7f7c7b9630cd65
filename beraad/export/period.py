"""The minutes' "Period": when the session ran, not what one member's clock claims.

Each record's ``at`` is its author's own clock, checked only against a fixed window (1970–2200),
so one member could stretch the period from 1970 to 2199. The period therefore starts at the
session's own opening (the ``session.open`` everyone joined) and ends at the latest ``at`` that
lies in a plausible window around it: from ``EARLY`` before the opening (a clock somewhat behind)
to ``SPAN`` after it. Records outside that window are outliers: they do not move the period and
the minutes name them and their authors. One member can thus move the end by at most ``SPAN``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from beraad.core.record import Record

#: How far before the opening an honest clock may lag and still count (one hour).
EARLY = 60 * 60 * 1000
#: How long after its opening a session's records count for its period (31 days).
SPAN = 31 * 24 * 60 * 60 * 1000


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int
    #: Records whose ``at`` lies outside [start − EARLY, start + SPAN], in fold order.
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
    inside = [r for r in held if start - EARLY <= r.at <= start + SPAN]
    outliers = tuple(r for r in held if not start - EARLY <= r.at <= start + SPAN)
    return Period(start, max([start, *(r.at for r in inside)]), outliers)
