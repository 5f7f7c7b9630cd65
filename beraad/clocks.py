"""How far each linked peer's clock is from ours, measured on the link, and what waits for it.

Laptops in a room without internet have no time server: clocks minutes apart are normal, and a
record written ahead of a receiver's clock waits there for its time (``replica``). To say so on
the screens (``core/clock_skew.py``), each side measures the other's clock when they link and
every ``ASK_EVERY`` seconds after (a clock set meanwhile is seen): its hello carries its clock
and is answered with ``clock`` (``{"at": theirs, "re": ours}``); later asks are ``clock``
messages without ``re``. The asker keeps when it asked on its own monotonic clock, so it knows
the round trip and takes their clock as read halfway through it, within half of it: a peer that
answers late can only make the measurement less sure, which the margin takes into account.

What a peer says of its clock only informs the screens. No record, rule or order rests on it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from beraad.core.clock_skew import said_of
from beraad.core.sync import Clock, clock
from beraad.events import ClocksChanged

if TYPE_CHECKING:
    from beraad.held import HeldSession
    from beraad.links import Link

#: Seconds between two asks on one link.
ASK_EVERY = 30.0
#: A link's asks are answered at most once per this many seconds: a flood of asks costs a
#: parse each, not a message each.
ANSWER_EVERY = 1.0


class NodeClocks:
    """The clock half of ``Node`` (mixed in; uses its sessions, clock and events)."""

    clock: Any
    _sessions: dict[str, HeldSession]

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    def _asking(self, link: Link) -> int:
        """Our clock, to send as an ask (in the hello, or a ``clock``); when, on our own
        monotonic clock, is kept to measure the round trip of its answer."""
        at, now = self._now_ms(), asyncio.get_running_loop().time()
        link.clock_asked, link.clock_asked_at = (at, now), now
        return at

    def _clock_hello(self, link: Link, at: int | None) -> None:
        """A peer's hello said its clock (it takes ``clock`` messages): answered at once."""
        if at is None:
            return
        link.clocks = True
        link.clock_answered = asyncio.get_running_loop().time()
        link.send(clock(self._now_ms(), re=at))

    def _clock_said(self, session: HeldSession, link: Link, said: Clock) -> None:
        """A ``clock`` from a peer: an ask (answered, within ``ANSWER_EVERY``) or the answer
        to our last ask (measured). One that answers nothing we asked is ignored."""
        if not link.clocks:
            return  # its hello said nothing of clocks: not a peer that speaks of them
        loop = asyncio.get_running_loop()
        if said.re is None:
            if loop.time() - link.clock_answered >= ANSWER_EVERY:
                link.clock_answered = loop.time()
                link.send(clock(self._now_ms(), re=said.at))
            return
        asked = link.clock_asked
        if asked is None or said.re != asked[0]:
            return
        link.clock_asked = None
        at, when = asked
        trip = max(0, int((loop.time() - when) * 1000))
        self._clock_measured(session, link.peer, said.at - (at + trip // 2), trip // 2 + 1)

    def _clock_measured(self, session: HeldSession, peer: str, offset: int, within: int) -> None:
        """Keep a peer's clock as measured; the screens hear of it when what they say of it
        changes (past the margin, or by a minute), not on every measurement."""
        presence = session.presence.get(peer)
        if presence is None:
            return
        known = presence.clock
        before = None if known is None else said_of(known, presence.clock_within)
        presence.clock, presence.clock_within = offset, within
        if said_of(offset, within) != before:
            self._emit(ClocksChanged(session.id))  # type: ignore[attr-defined]

    def _ask_clocks(self) -> None:
        """Ask again on every link that speaks of clocks and was not asked for ``ASK_EVERY``:
        a clock set right (or wrong) meanwhile is said. An ask not answered is asked again."""
        now = asyncio.get_running_loop().time()
        for session in list(self._sessions.values()):
            for links in list(session.links.values()):
                for link in links:
                    if link.clocks and now - link.clock_asked_at >= ASK_EVERY:
                        link.send(clock(self._asking(link)))

    def held_for_their_time(self, session_id: str) -> dict[str, tuple[int, int, int, int]]:
        """Author → how many of their records wait here because they were written ahead of
        this machine's clock, the time (ms, this clock) the last of them enters, how many
        later ones wait behind them, and whether one is about who facilitates
        (``Replica.held_for_time``)."""
        return self._session(session_id).replica.held_for_time()  # type: ignore[attr-defined,no-any-return]

    def _held_changed(self, session: HeldSession) -> None:
        """Tell the screens when what waits for its time changed (after every offer)."""
        held = session.replica.held_for_time()
        if held != session.held_told:
            session.held_told = held
            self._emit(ClocksChanged(session.id))  # type: ignore[attr-defined]
