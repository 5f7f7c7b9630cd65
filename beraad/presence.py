"""Who is here: linked to us directly, or present through someone we are linked to, and
with the session open: a person whose app is in the lobby or in another session is linked
(their node replicates every session it holds) but not here.

Presence is not a record: it is what links say now, forgotten when they end. A node whose app
never says what it has open (a keeper, an app attached to another's node) counts as having
every session open, as before presence was per session.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from beraad.core.identity import fingerprint
from beraad.core.names import told_apart
from beraad.core.sync import presence
from beraad.events import PeerJoined, PeerLeft

if TYPE_CHECKING:
    from beraad.held import HeldSession
    from beraad.links import Link

#: One link's ``presence`` changes who is here at most this often (seconds); what it says in
#: between is kept and applied when the time comes, so a flood cannot make thousands of events.
PRESENCE_INTERVAL = 1.0


@dataclass(slots=True)
class PeerPresence:
    peer: str
    name: str
    connected: bool
    last_seen: float
    #: How far this peer said it holds my chain durably (``beraad.receipts``); 0: not said.
    holds: int = 0
    #: Its clock minus ours (ms) as last measured on a link (``beraad.clocks``), within
    #: ``clock_within`` either way; None: not measured (a peer from before, or only relayed).
    clock: int | None = None
    clock_within: int = 0


class NodePresence:
    """The presence half of ``Node`` (mixed in; uses its sessions, identity and events)."""

    identity: Any
    _closing: bool
    _sessions: dict[str, HeldSession]
    #: The sessions this node's person has open; None until the app says (every session).
    _viewing: frozenset[str] | None = None

    def opened(self, session_id: str) -> bool:
        """Does this node's person have ``session_id`` open (are they here)?"""
        return self._viewing is None or session_id in self._viewing

    def set_open(self, session_id: str | None, open_: bool = True) -> None:
        """The app opened (or left) a session, or shows none (``None``: the lobby): tell every
        link, so only people who have a session open count as here in it."""
        before = self._viewing
        if session_id is None:
            viewing: set[str] = set()
        elif open_:
            viewing = {session_id}  # one session on screen at a time
        else:
            viewing = set(before) - {session_id} if before is not None else set()
        self._viewing = frozenset(viewing)
        for session in list(self._sessions.values()):
            if self.opened(session.id) != (before is None or session.id in before):
                self._tell_presence(session)

    def peers(self, session_id: str) -> list[PeerPresence]:
        """Who is here now — linked to us, or to someone we are linked to — and who was."""
        session = self._session(session_id)
        found = {
            key: PeerPresence(
                key,
                self._shown(session, key, p.name),
                p.connected and self._open_peer(session, key),
                p.last_seen,
                p.holds,
                p.clock,
                p.clock_within,
            )
            for key, p in session.presence.items()
        }
        now = time.time()
        for key in self._relayed(session) - set(session.links):
            known = found.get(key)
            name = known.name if known else self._name_in(session, key)
            found[key] = PeerPresence(key, name, True, now)
        return sorted(found.values(), key=lambda p: p.name)

    def _open_peer(self, session: HeldSession, key: str) -> bool:
        return any(link.open for link in session.links.get(key, ()))

    def _open_said(self, session: HeldSession, link: Link, open_: bool) -> None:
        """A link's hello said whether its person has the session open: they are here or not."""
        before, direct = self._present(session), self._direct(session)
        link.open = link.said_open = open_
        self._said_changed(session, before, direct)

    def _presence_said(
        self, session: HeldSession, link: Link, here: frozenset[str], open_: bool = True
    ) -> None:
        """A link told us whom it is linked to: applied now, or once its interval has passed."""
        link.said_here = here
        link.said_open = open_
        loop = asyncio.get_running_loop()
        wait = link.presence_at + PRESENCE_INTERVAL - loop.time()
        if wait <= 0:
            self._apply_presence(session.id, link)
        elif link.presence_timer is None:
            link.presence_timer = loop.call_later(wait, self._apply_presence, session.id, link)

    def _apply_presence(self, session_id: str, link: Link) -> None:
        link.presence_timer = None
        session = self._sessions.get(session_id)
        if session is None or link not in session.links.get(link.peer, ()):
            return
        link.presence_at = asyncio.get_running_loop().time()
        before, direct = self._present(session), self._direct(session)
        link.here = set(link.said_here)
        link.open = link.said_open
        self._said_changed(session, before, direct)

    def _said_changed(self, session: HeldSession, before: set[str], direct: set[str]) -> None:
        """Say who arrived or left; and when only whom we see directly changed, still tell our
        links: a peer who left was kept "here" through two others each relaying the other's
        stale word, for good (naive s9b finding 1)."""
        if self._present(session) != before:
            self._presence_changed(session, before)
        elif self._direct(session) != direct:
            self._tell_presence(session)

    def _relayed(self, session: HeldSession) -> set[str]:
        """Peers present through a link (not directly), never ourselves; only the session's
        members count (a stranger's key is nobody here; a member whose admission arrives after
        the presence that names them counts from then on)."""
        keys = {key for links in session.links.values() for link in links for key in link.here}
        return (keys & session.fold_members()) - {self.identity.public_key}

    def _present(self, session: HeldSession) -> set[str]:
        return self._direct(session) | self._relayed(session)

    def _direct(self, session: HeldSession) -> set[str]:
        """Peers linked to us whose person has the session open."""
        return {key for key, links in session.links.items() if any(k.open for k in links)}

    def _shown(self, session: HeldSession, key: str, said: str) -> str:
        """A linked peer's name: the session's (told apart from look-alikes) for a member, else
        the name it gave, with its fingerprint when a member's name looks like it."""
        members = getattr(session.fold.state, "members", {})
        if key in members:
            return self._name_in(session, key)
        return told_apart(said, key, ((k, m.name) for k, m in members.items()))

    def _name_in(self, session: HeldSession, key: str) -> str:
        name = getattr(session.fold.state, "name", None)
        return name(key) if callable(name) else fingerprint(key)

    def _presence_changed(self, session: HeldSession, before: set[str]) -> None:
        """Tell listeners who arrived and who left, and tell our links whom we see."""
        after = self._present(session)
        for key in sorted(after - before):
            known = session.presence.get(key)
            self._emit(
                PeerJoined(
                    session.id,
                    key,
                    self._shown(session, key, known.name)
                    if known and key in session.links
                    else self._name_in(session, key),
                )
            )
        if not self._closing:
            for key in sorted(before - after):
                self._emit(PeerLeft(session.id, key))
        self._tell_presence(session)

    def _tell_presence(self, session: HeldSession) -> None:
        """Tell every link whom we see here directly, and whether we have the session open."""
        direct = self._direct(session)
        open_ = self.opened(session.id)
        for links in session.links.values():
            for link in links:
                link.send(presence(direct - {link.peer}, open_))
