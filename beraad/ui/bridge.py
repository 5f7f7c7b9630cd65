"""The one place where the app meets the node: node calls, node events, node data → UI data.

The node may call back from its own thread or from the event loop; the bridge hands each event
to ``post`` as a ``NodeEventArrived`` message, and the app (on its own loop) refreshes from the
node. Nothing here blocks: every node call is awaited from a worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.message import Message

from beraad import away
from beraad.i18n import _, current_language
from beraad.i18n.kinds import reason_text
from beraad.net.addresses import reachable
from beraad.net.limits import Throttle
from beraad.ui.models import InvitationView, MySession, NearbyItem, NewSession


class NodeEventArrived(Message):
    """The node reported something (a record, a peer, a change nearby)."""

    def __init__(self, event: object, refused: str = "") -> None:
        super().__init__()
        self.event = event
        self.refused = refused
        """For ``RecordRefused``: a sentence naming the peer and the reason; for
        ``JoinAttemptFailed``: that someone tried the join code and what is left; for
        ``JoinedFromOneAddress``: that several people joined from one address."""


def _who(node: Any, session: str, key: str | None) -> str:
    """A peer named as the rest of the UI does: their member name, else their key's short
    fingerprint (a stranger, or a session this window no longer shows); never the full key."""
    from beraad.core.identity import fingerprint

    if not key:
        return _("this device")
    try:
        state = node.state(session)
        if key in state.members:
            return state.name(key)
    except Exception:  # a session this window no longer shows
        pass
    try:
        return fingerprint(key)
    except ValueError:  # not a key at all
        return "?"


def _fork_notice(node: Any, event: Any) -> str:
    """The sentence the group sees when a member signed two stories (a fork)."""
    who = _who(node, getattr(event, "session", ""), str(getattr(event, "author", "")))
    return _(
        "{author} signed two different records at seq {seq}; from there on the records of "
        "{author} are set aside, but for those the group built on."
    ).format(author=who, seq=getattr(event, "seq", "?"))


def _over_volume_notice(node: Any, event: Any) -> str:
    """The sentence the person sees when a member sent more than one member may make every
    peer hold (``replica.MEMBER_BYTES``): nothing is lost, their newer records wait."""
    who = _who(node, getattr(event, "session", ""), str(getattr(event, "author", "")))
    size = max(1, int(getattr(event, "limit", 0)) // (1024 * 1024))
    return _(
        "{member} sent more than {size} MB to this session, more than one member may make "
        "everyone keep; the newest contributions of {member} wait and are not counted here."
    ).format(member=who, size=size)


def _dropped_notice(node: Any, event: Any) -> str:
    """The sentence the person sees when this device cut its connection with a peer twice in
    a row for one reason (``LinkDroppedAgain``): peers that never came, said in words."""
    who = _who(node, getattr(event, "session", ""), str(getattr(event, "peer", "")))
    if getattr(event, "why", "") == "unread":
        size = max(1, int(getattr(event, "limit", 0)) // (1024 * 1024))
        return _(
            "The connection with {peer} broke off twice in a row: more than {size} MB waited "
            "that {peer} did not read. It is tried again by itself."
        ).format(peer=who, size=size)
    return _(
        "The connection with {peer} broke off twice in a row: sending to {peer} failed. It "
        "is tried again by itself."
    ).format(peer=who)


def _count(members: object) -> int:
    if isinstance(members, int):
        return members
    if isinstance(members, Sequence | set | frozenset | dict):
        return len(members)
    return 0


def nearby_items(found: Sequence[Any], mine: Collection[str] = ()) -> list[NearbyItem]:
    """One row per deliberation: discovery lists each peer that advertises it separately.

    Deliberations in ``mine`` are left out (they are under "My deliberations"). Private ones
    (no title) at one address are one row: the join code, not the row, says which one is meant,
    and identical rows only confused people. Which rows are in sight, and in what order, the
    list decides (``nearby_order``: at most a few from one address, each address's first
    before any address's second).
    """
    by_session: dict[str, list[Any]] = {}
    for entry in found:
        if entry.session not in mine:
            by_session.setdefault(entry.session, []).append(entry)
    items = []
    for session, entries in by_session.items():
        # Prefer the peer holding an open invitation: that is where a join code works.
        entries.sort(key=lambda e: (getattr(e, "nameplate", None) is None, e.host, e.port))
        first = entries[0]
        title = next((e.title for e in entries if e.title), None)
        peers = {getattr(e, "peer", f"{e.host}:{e.port}") for e in entries}
        items.append(
            NearbyItem(
                session=session, title=title, where=f"{first.host}:{first.port}", members=len(peers)
            )
        )
    private: dict[str, NearbyItem] = {}
    for item in sorted(items, key=lambda i: i.session):
        if item.title is None:
            seen = private.get(item.where)
            if seen is None or (item.members or 0) > (seen.members or 0):
                private[item.where] = item
    # The one row says how many it stands for, and no count of peers: two private
    # deliberations read "(private…) 1", as if one, with one participant (naive s13b).
    counts = Counter(item.where for item in items if item.title is None)
    for where, item in private.items():
        if counts[where] > 1:
            private[where] = replace(item, members=None, private=counts[where])
    titled = [i for i in items if i.title is not None]
    return sorted(
        [*titled, *private.values()], key=lambda i: (i.title is None, i.title or "", i.where)
    )


def my_session(summary: Any, left_at: int | None = None) -> MySession:
    return MySession(
        session=summary.id,
        title=summary.title,
        focus=summary.focus or "",
        phase=str(summary.phase or ""),
        members=_count(summary.members),
        left_at=left_at,
        between_meetings=bool(getattr(summary, "between_meetings", False)),
    )


def kept_mine(data_dir: Path) -> list[MySession]:
    """The lobby's rows as the node kept them on its last run, read without the journal:
    what the lobby lists while the node opens (reading and folding thousands of records)."""
    from beraad.lobby_rows import kept_sessions

    return [my_session(summary, left_at) for summary, left_at in kept_sessions(data_dir)]


def _left_at(node: Any, session: str) -> int | None:
    """When this person was last in ``session`` (ms: opened or left it), for "continue
    where you were"."""
    try:
        return away.last_here(node, session)
    except Exception:  # a damaged marker only costs the "continue" offer
        return None


def invitation_view(
    invitation: Any, title: str, addresses: tuple[str, ...] | None = None, *, guests: bool = True
) -> InvitationView:
    return InvitationView(
        code=invitation.code,
        title=title,
        # The node gives seconds since the epoch (time.time()); the screen counts in ms.
        expires_at=int(invitation.expires_at * 1000),
        addresses=addresses,
        session=str(getattr(invitation, "session", "")),
        role=str(getattr(invitation, "role", "member")),
        guests=guests,
    )


def listening_addresses(node: Any) -> tuple[str, ...] | None:
    """Where other computers reach the node (see ``InvitationView.addresses``); None while it
    does not listen."""
    listener = getattr(node, "listener", None)
    host, port = getattr(listener, "host", None), getattr(listener, "port", 0)
    if not isinstance(host, str) or not isinstance(port, int) or port <= 0:
        return None
    return tuple(reachable(host, port))


def member_names(node: Any, session: str) -> list[str]:
    """Who is in ``session`` so far, in the order they joined; a projector marked as the
    observer it is, so it does not read as one more person joining (naive s10 finding 3)."""
    try:
        state = node.state(session)
    except Exception:  # not (yet) a session of this node: nobody to show
        return []
    return [
        f"{state.name(key)} {_('(observer)')}" if member.observer else state.name(key)
        for key, member in state.members.items()
    ]


class Bridge:
    """Holds the node and its event subscription for the app's lifetime."""

    def __init__(self, node: Any, post: Callable[[NodeEventArrived], None]) -> None:
        self.node = node
        self._post = post
        #: A peer's refused records become a few notices, then one that says more follow:
        #: one message can carry a hundred thousand of them.
        self.refusals = Throttle(burst=3)
        #: Sessions where others' records could not be stored and that was said: once, until
        #: a record is stored there again (a full disk refuses every batch that comes).
        self.not_stored_said: set[str] = set()
        #: A change nearby is posted and not taken yet: the next ones are the same news. An
        #: outsider's 1,500 adverts were 1,500 messages, and typing in a session waited 2 s a
        #: letter behind them (attack s12 #4).
        self._nearby_posted = False
        self._unsubscribe: Callable[[], None] | None = node.subscribe(self._on_event)
        self.viewing(None)  # the lobby: this person is here in no session yet

    def viewing(self, session: str | None, open_: bool = True) -> None:
        """Tell the node which session this person has open (``None``: none), so others see
        them here only there; a node that cannot say (attached to another's) is left as is."""
        set_open = getattr(self.node, "set_open", None)
        if callable(set_open):
            set_open(session, open_)

    def _on_event(self, event: object) -> None:
        refused = ""
        if type(event).__name__ == "NearbyChanged":
            if self._nearby_posted:
                return  # the app reads the whole table when it takes the one on its way
            self._nearby_posted = True
        if type(event).__name__ == "RecordArrived":
            self.not_stored_said.discard(getattr(event, "session", ""))  # storing again
        if type(event).__name__ == "RecordRefused":
            key = getattr(event, "peer", None)
            count, left_out = self.refusals.count(key)
            peer = _who(self.node, getattr(event, "session", ""), key)
            lines = []
            if left_out:
                lines.append(
                    _("{count} more records from {peer} were refused.").format(
                        count=left_out, peer=peer
                    )
                )
            if count <= self.refusals.burst:
                lines.append(
                    _("A record from {peer} was refused: {reason}").format(
                        peer=peer, reason=reason_text(getattr(event, "reason", ""))
                    )  # in words, and readable: the reason may quote the record's field names
                )
            elif count == self.refusals.burst + 1:
                lines.append(
                    _("More records from {peer} are refused; they are counted, not shown.").format(
                        peer=peer
                    )
                )
            if not lines:
                return  # a refused record changes nothing on screen: no notice, no refresh
            refused = "\n".join(lines)
        elif type(event).__name__ == "RecordsNotStored":
            refused = self._not_stored(event)
            if not refused:
                return  # said already: nothing else changes on screen
        elif type(event).__name__ == "ForkDetected":
            refused = _fork_notice(self.node, event)
        elif type(event).__name__ == "MemberOverVolume":
            refused = _over_volume_notice(self.node, event)
        elif type(event).__name__ == "LinkDroppedAgain":
            refused = _dropped_notice(self.node, event)
        elif type(event).__name__ == "JoinAttemptFailed":
            from beraad.admission import describe_attempt

            refused = describe_attempt(event)  # type: ignore[arg-type]
        elif type(event).__name__ == "JoinedFromOneAddress":
            from beraad.admission import describe_shared_address

            refused = describe_shared_address(event)  # type: ignore[arg-type]
        self._post(NodeEventArrived(event, refused))

    def _not_stored(self, event: object) -> str:
        """Others' records this device could not store: said once (attack s9 finding 5: only
        the log said it while the group went on without this peer), with what is safe."""
        session = str(getattr(event, "session", ""))
        if session in self.not_stored_said:
            return ""
        self.not_stored_said.add(session)
        if getattr(event, "full", False):
            return _(
                "The disk is full: what others write is not saved on this device until there "
                "is room (it comes again then). Nothing saved before is lost. Free some space."
            )
        return _(
            "What others write could not be saved on this device: {reason} Nothing saved "
            "before is lost; it comes again once it can be saved."
        ).format(reason=getattr(event, "reason", ""))

    def nearby_taken(self) -> None:
        """The app took the change nearby posted: a change after this is news again (it reads
        the table after this, so nothing that came before is missed)."""
        self._nearby_posted = False

    def nearby(self) -> list[NearbyItem]:
        return nearby_items(self.node.nearby(), {s.id for s in self.node.sessions()})

    def mine(self) -> list[MySession]:
        return [
            my_session(summary, _left_at(self.node, summary.id)) for summary in self.node.sessions()
        ]

    async def create(self, request: NewSession) -> tuple[str, InvitationView]:
        """Open the session; returns its id and what the join-code screen shows."""
        invitation = await self.node.create_session(
            title=request.title,
            focus=request.focus,
            scenario=request.scenario,
            language=request.language,
            process_rule=request.process_rule,
            decision_rule=request.decision_rule,
        )
        return invitation.session, invitation_view(
            invitation, request.title, listening_addresses(self.node)
        )

    async def invite(self, session: str, title: str, role: str = "member") -> InvitationView:
        """A join code for people who arrive later (``role`` "guest": evaluation only)."""
        # In the words of whoever reads the code aloud: a Dutch screen gives a Dutch code.
        invitation = await self.node.invite(session, role=role, language=current_language())
        return invitation_view(invitation, title, listening_addresses(self.node))

    def member_names(self, session: str) -> list[str]:
        return member_names(self.node, session)

    async def join(self, code: str, address: str | None) -> str:
        return await self.node.join(code, address=address)

    async def connect(self, address: str) -> bool:
        """Link to ``address`` from now on; whether something answered there."""
        return bool(await self.node.connect(address))

    async def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        await self.node.close()
