"""What a node holds for one session, and the error a node gives the person using it.

Shared by the node and the modules beside it (links, admission, presence), so none of them
imports another for its types.
"""

from __future__ import annotations

import asyncio
from collections.abc import KeysView
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from beraad.core.canonical import MAX_SAFE_INT
from beraad.core.fold import Fold
from beraad.core.record import MAX_AT, Record
from beraad.core.replica import Replica, Waiting
from beraad.core.seen import Sight
from beraad.i18n import _

if TYPE_CHECKING:
    from beraad.admission import Invitation
    from beraad.links import Link
    from beraad.presence import PeerPresence
    from beraad.store import RecordStore


class NodeError(Exception):
    """Something the user asked for cannot be done; the message is in their language."""


def new_reducer() -> Any:
    from beraad.core.deliberation import DeliberationReducer

    return DeliberationReducer()


@dataclass(eq=False)
class HeldSession:
    """One session this node holds: its gate, its fold, its live links and who is here."""

    id: str
    group_key: bytes
    replica: Replica
    fold: Fold[Any]
    links: dict[str, set[Link]] = field(default_factory=dict)
    presence: dict[str, PeerPresence] = field(default_factory=dict)
    lamport: int = 0
    #: The join codes open for it, by role ("member", "guest"): both may be open at once.
    invitations: dict[str, Invitation] = field(default_factory=dict)
    #: Peers we trust before their admission reached us: the admitter we proved our code to.
    vouched: set[str] = field(default_factory=set)
    #: Where this session's peers were last reached by address (the admitter, for a start).
    addresses: set[tuple[str, int]] = field(default_factory=set)
    #: Wakes the node when a record written ahead of this clock may enter (``Node._ingest``).
    due_timer: asyncio.TimerHandle | None = None
    #: What waited for its time when the screens were last told (``clocks._held_changed``).
    held_told: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Loop time until which records sorting into the past wait, from every link, after a
    #: refold (``links.LATE_CALM_FACTOR``): however many links or members send them.
    calm_at: float = 0.0
    #: The heads our records listed as seen so far (``core/seen.py``), made on our first write.
    sight: Sight | None = None
    #: Peer → why this node dropped its last link to it ("unread", "sending"), while links
    #: to it keep being dropped so; and the peers for which a second one in a row was said.
    dropped: dict[str, str] = field(default_factory=dict)
    dropped_said: set[str] = field(default_factory=set)
    #: The highest seq of ours known to be signed (``own_chain.py``): nothing of ours is
    #: signed at it or below, though our chain here may stop short of it (a damaged line).
    own_used: int = 0
    #: Damaged lines held records of ours whose seq could not be read: nothing of ours is
    #: signed until every other member's hello said what it holds of us (at most this many
    #: more).
    own_unsure: int = 0
    #: Peer → how far it said it holds our chain, in its hellos since this start: when every
    #: other member said it lacks the record of ours this device lost, none is re-signed
    #: over anyone's copy (``own_chain.nobody_holds``).
    own_heard: dict[str, int] = field(default_factory=dict)
    #: The seq of ours signed anew after such a loss (0: none): what the screen says.
    own_released: int = 0
    #: Why this session has no usable group key here: "lost" (with a journal line) or
    #: "damaged"; empty for one held from a bundle (``group_key.key_gone_words``).
    key_gone: str = ""
    #: Our own record read back whose lamport is far past what the records before it justify:
    #: nothing more is signed on that clock (``read_back.clock_within_reach``).
    own_ahead: Record | None = None

    def is_member(self, peer: str) -> bool:
        """May ``peer`` link for this session: the fold admitted them, or we proved our code
        to them (the admitter, before their admission of us reached us)."""
        return peer in self.fold_members() or peer in self.vouched

    def fold_members(self) -> KeysView[str]:
        """The keys the fold admitted, in admission order: only an admission the fold accepts
        counts anywhere (a guest's ``member.admit`` is stored, refused, and admits nobody)."""
        members: dict[str, Any] = getattr(self.fold.state, "members", None) or {}
        return members.keys()

    @property
    def readonly(self) -> bool:
        """Held from a bundle without a group key: shown and checked, never written or synced."""
        return not self.group_key


def explain(error: BaseException) -> str:
    """A core refusal in the user's language (the core keeps the English template)."""
    from beraad.i18n.kinds import worded  # the act in words, never a record kind

    template = getattr(error, "template", None)
    if isinstance(template, str):
        return worded(template, dict(getattr(error, "params", {})))
    return str(error)


def within_volume(session: HeldSession, record: Record) -> None:
    """Refuse, in words, one of our own records that would take our chain past what one member
    may make every peer hold (``replica.MEMBER_BYTES``): the gate would not take it."""
    limit = session.replica.chains.limit
    used = session.replica.chains.size(session.id, record.author)
    if limit is not None and used + record.size > limit:
        raise NodeError(
            _(
                "Not saved: your contributions to this session passed {size} MB, more than one "
                "member may make everyone keep."
            ).format(size=max(1, limit // (1024 * 1024)))
        )


def within_envelope(at: int, lamport: int) -> None:
    """Refuse, in words, one of our own records whose time or number the envelope check
    every record passes would refuse (``core/record.py``; its English is for the log, and the
    person saw it untranslated: attack s15 #3). The clock can be set right; a number past the
    highest a record carries (a record put in this data dir so, attack s15 #2) leaves nothing
    to write in the session from here."""
    if not 0 <= at < MAX_AT:
        raise NodeError(
            _(
                "Not saved: this computer's clock is set before 1970 or after 2200, and a "
                "contribution is dated by it. Set the clock right and try again."
            )
        )
    if lamport > MAX_SAFE_INT:
        raise NodeError(
            _(
                "Not saved: a record of this session on this device already carries the "
                "highest number a record may have, so nothing can follow it from here."
            )
        )


def waiting(session: HeldSession, store: RecordStore) -> list[Waiting]:
    """Records this device holds that wait for a record of their author it lacks (a damaged
    journal line set aside, attack s13 #2): what is shown leaves them out, so it is said, with
    how many the store holds. Only stored records count: a gap on a link while records arrive
    (they are held in memory, not stored) is no such wait."""
    found = []
    for gap in session.replica.waiting():
        stored = store.chain(session.id, gap.author, from_seq=gap.missing)
        if stored:
            found.append(Waiting(gap.author, gap.missing, len(stored)))
    return found
