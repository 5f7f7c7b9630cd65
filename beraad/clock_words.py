"""What clocks that differ mean for the people, said in the reader's language.

A laptop whose clock is ahead sees its own words at once, while every peer holds them until
their clocks get there (``replica.MAX_CLOCK_AHEAD_MS``); a laptop behind holds everyone else's.
Nobody did anything wrong and nothing is lost, but without a word it looks like a broken
network (attack s13 #8). The session screen (``ui/widgets/clock_line.py``) says whose clock
is off and by how much (``core/clock_skew.py``), and what waits here for its time and until
when; ``beraad state`` says the latter too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from beraad.core.clock_skew import Measured, skew, told
from beraad.i18n import _, ngettext

#: Sentences about single peers' clocks said at most; the rest are counted.
MOST_PEERS = 2
#: Authors whose waiting records are named at most; the rest are counted.
MOST_AUTHORS = 2


def amount(ms: int) -> str:
    """A difference of clocks in words, bounded: a peer claiming 2199 is "more than a day"."""
    unit, n = told(ms)
    if unit == "day":
        return _("more than a day")
    if unit == "s":
        return _("{n} s").format(n=n)
    if unit == "min":
        return _("{n} min").format(n=n)
    return _("{n} h").format(n=n)


def at_time(ms: int) -> str:
    """A time on this machine's clock, hours and minutes."""
    return time.strftime("%H:%M", time.localtime(ms / 1000))


def clocks_said(peers: Iterable[Any], name: Callable[[str], str]) -> list[str]:
    """What is said of the clocks of the peers here (``PeerPresence``: connected, with a
    measured ``clock``), each named by ``name``."""
    measured = [
        Measured(p.peer, p.clock, getattr(p, "clock_within", 0))
        for p in peers
        if p.connected and getattr(p, "clock", None) is not None
    ]
    found = skew(measured)
    if found.mine_ahead:
        whose = (
            _("{name}'s").format(name=name(found.of[0])) if len(found.of) == 1 else _("the others'")
        )
        return [
            _(
                "Your clock is {amount} ahead of {whose}: what you write reaches the others only "
                "when their clocks get there. Set this computer's clock."
            ).format(amount=amount(found.mine_ahead), whose=whose)
        ]
    if found.mine_behind:
        return [
            _(
                "Your clock is {amount} behind the others': what they write reaches you only when "
                "your clock gets there. Set this computer's clock."
            ).format(amount=amount(found.mine_behind))
        ]
    said = [
        _("{name}'s clock is {amount} ahead: what {name} writes arrives late.").format(
            name=name(peer), amount=amount(ms)
        )
        for peer, ms in found.ahead
    ]
    said += [
        _("{name}'s clock is {amount} behind: what you write reaches {name} late.").format(
            name=name(peer), amount=amount(ms)
        )
        for peer, ms in found.behind
    ]
    if len(said) > MOST_PEERS:
        more = len(said) - MOST_PEERS
        said = [
            *said[:MOST_PEERS],
            ngettext("{n} more clock is off too.", "{n} more clocks are off too.", more).format(
                n=more
            ),
        ]
    return said


def held_said(held: dict[str, Any], name: Callable[[str], str]) -> list[str]:
    """What waits here for its time: how many records by whom, until when (this clock)."""
    said = []
    authors = sorted(held, key=lambda key: (-int(held[key][1]), name(key)))
    for author in authors[:MOST_AUTHORS]:
        count, until = int(held[author][0]), int(held[author][1])
        behind, about = (int(n) for n in (*held[author], 0, 0)[2:4])  # older holders: two
        said.append(
            ngettext(
                "{n} record by {name} waits here for its time, until {time}.",
                "{n} records by {name} wait here for their time, until {time}.",
                count,
            ).format(n=count, name=name(author), time=at_time(until))
        )
        if behind:  # written after it: they wait for their chain (naive s17 F5)
            said.append(
                ngettext(
                    "{n} later record by {name} waits until then too.",
                    "{n} later records by {name} wait until then too.",
                    behind,
                ).format(n=behind, name=name(author))
            )
        if about >= 2:  # naive s18 N7: her move meanwhile was undone without a word
            said.append(
                _(
                    "One of them takes over the facilitation: it counts from when it was "
                    "written, so a move of the group made here before it arrives may not count."
                )
            )
        elif about:  # a change of facilitator waiting there: both screens said "you facilitate"
            said.append(_("One of them is about who facilitates: it shows here once it arrives."))
    rest = sum(int(held[author][0]) for author in authors[MOST_AUTHORS:])
    if rest:
        said.append(
            ngettext(
                "{n} more record waits here for its time.",
                "{n} more records wait here for their time.",
                rest,
            ).format(n=rest)
        )
    return said
