"""Whose clock is off, from what this peer measured of the clocks of the peers it is linked to.

A record written more than ``replica.MAX_CLOCK_AHEAD_MS`` ahead of a receiver's clock waits
there until that time (a forged future ``at`` only delays its own record). In a room without
internet, laptops' clocks differ by minutes, and then an honest person's words reach the
others minutes late while their own screen shows them at once: this says who and by how much,
so the people can set the clock that is off. It only informs: nothing the gate takes or the
fold decides rests on a measured clock, so a peer that lies about its clock can only make the
words on screen wrong about itself (bounded: ``told``), never make anything enter earlier.

Who is told what: whose clock is ahead of mine delays their words here; a clock of mine
ahead of a peer's delays mine there. When mine is ahead of every peer measured, mine is the
one to set (I am the one whose words wait); behind every peer, when there are two or more
(with one peer, that one's clock is said to be ahead: either could be the one off, and it
is the one ahead whose words wait).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median_low

from beraad.core.replica import MAX_CLOCK_AHEAD_MS

#: Clocks further apart than this delay records (the gate's hold margin): said on screen.
MARGIN_MS = MAX_CLOCK_AHEAD_MS
#: A difference past a day is said as "more than a day", whatever a peer claims.
DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True, slots=True)
class Measured:
    """One linked peer's clock as this peer measured it."""

    peer: str
    #: Their clock minus ours, in ms: positive when theirs is ahead.
    offset: int
    #: How far the measurement may be off either way: half the round trip it took.
    within: int = 0


@dataclass(frozen=True, slots=True)
class Skew:
    """What to say about clocks; all empty when every clock measured is within the margin."""

    #: Mine is ahead of every peer measured by more than the margin: by how much (the median
    #: over them, ms), and whose (each such peer); then ``ahead``/``behind`` are empty.
    mine_ahead: int = 0
    #: Mine is behind every peer measured (two or more) by more than the margin: by how much.
    mine_behind: int = 0
    of: tuple[str, ...] = ()
    #: Peers whose clock is ahead of mine by more than the margin, and by how much (ms), the
    #: furthest first: their words arrive here late.
    ahead: tuple[tuple[str, int], ...] = ()
    #: Peers whose clock is behind mine by more than the margin: mine arrive there late.
    behind: tuple[tuple[str, int], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.mine_ahead or self.mine_behind or self.ahead or self.behind)


def skew(measured: list[Measured]) -> Skew:
    """Whose clock is off, from the clocks measured (one per linked peer)."""
    ahead = [(m.peer, m.offset) for m in measured if m.offset - m.within > MARGIN_MS]
    behind = [(m.peer, -m.offset) for m in measured if -m.offset - m.within > MARGIN_MS]
    if measured and len(behind) == len(measured):
        return Skew(
            mine_ahead=median_low(ms for _peer, ms in behind),
            of=tuple(sorted(peer for peer, _ms in behind)),
        )
    if len(measured) >= 2 and len(ahead) == len(measured):
        return Skew(
            mine_behind=median_low(ms for _peer, ms in ahead),
            of=tuple(sorted(peer for peer, _ms in ahead)),
        )

    def furthest(found: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(found, key=lambda item: (-item[1], item[0])))

    return Skew(ahead=furthest(ahead), behind=furthest(behind))


def told(ms: int) -> tuple[str, int]:
    """A difference of clocks as it is said: ("s", seconds) under a minute, ("min", minutes)
    under two hours, ("h", hours) under a day, ("day", 1) past it (a peer may claim 2199)."""
    ms = abs(ms)
    if ms > DAY_MS:
        return ("day", 1)
    seconds = round(ms / 1000)
    if seconds < 60:
        return ("s", seconds)
    if seconds < 2 * 3600:
        return ("min", round(seconds / 60))
    return ("h", round(seconds / 3600))


def said_of(offset: int, within: int) -> tuple[str, int] | None:
    """What the screens say of one measured clock: None within the margin, else its sign and
    amount as told. A new measurement is news only when this changes (``clocks.py``)."""
    if abs(offset) - within <= MARGIN_MS:
        return None
    unit, amount = told(offset)
    return ("+" if offset > 0 else "-") + unit, amount
