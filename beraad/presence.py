"""Who is here: linked to us directly, or present through someone we are linked to.

Presence is not a record: it is what links say now, forgotten when they end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from beraad.core.identity import fingerprint
from beraad.core.names import told_apart
from beraad.core.sync import presence
from beraad.events import PeerJoined, PeerLeft

if TYPE_CHECKING:
    from beraad.held import HeldSession


@dataclass(slots=True)
class PeerPresence:
    peer: str
    name: str
    connected: bool
    last_seen: float


class NodePresence:
    """The presence half of ``Node`` (mixed in; uses its sessions, identity and events)."""

    identity: Any
    _closing: bool

    def peers(self, session_id: str) -> list[PeerPresence]:
        """Who is here now — linked to us, or to someone we are linked to — and who was."""
        session = self._session(session_id)
        found = {
            key: PeerPresence(key, self._shown(session, key, p.name), p.connected, p.last_seen)
            for key, p in session.presence.items()
        }
        now = time.time()
        for key in self._relayed(session) - set(session.links):
            known = found.get(key)
            name = known.name if known else self._name_in(session, key)
            found[key] = PeerPresence(key, name, True, now)
        return sorted(found.values(), key=lambda p: p.name)

    def _relayed(self, session: HeldSession) -> set[str]:
        """Peers present through a link (not directly), never ourselves."""
        keys = {key for links in session.links.values() for link in links for key in link.here}
        return keys - {self.identity.public_key}

    def _present(self, session: HeldSession) -> set[str]:
        return set(session.links) | self._relayed(session)

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
        direct = set(session.links)
        for links in session.links.values():
            for link in links:
                link.send(presence(direct - {link.peer}))
