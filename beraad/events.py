"""What a node tells its listeners (the app, the keeper's log, scripts), named in the past tense."""

from __future__ import annotations

from dataclasses import dataclass

from beraad.core.record import Record


@dataclass(frozen=True, slots=True)
class RecordArrived:
    session: str
    record: Record
    local: bool


@dataclass(frozen=True, slots=True)
class RecordRefused:
    session: str
    peer: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ForkDetected:
    session: str
    author: str
    seq: int


@dataclass(frozen=True, slots=True)
class SetAsideCounted:
    """The session's state changed with no record of its own arriving: a forker's set-aside
    records came in and one now counts (the group built on it), or one counts no more. A
    listener redraws as for any change; none of the records is told on its own."""

    session: str


@dataclass(frozen=True, slots=True)
class UnsignedSetAside:
    """Records read back from this data dir that their authors did not sign were set aside
    and the session folded again without them (``beraad/read_back.py``)."""

    session: str
    count: int


@dataclass(frozen=True, slots=True)
class RecordsNotStored:
    """Others' records this store could not take (the disk is full, or will not write): not
    held, so the peers offer them again later. Said on screen; nothing held before is lost."""

    session: str
    count: int
    #: The disk (or the quota) is full: the person can make room.
    full: bool
    #: The store's sentence (in the node's language), for what is not a full disk.
    reason: str


@dataclass(frozen=True, slots=True)
class MemberOverVolume:
    """A member's records in this session passed what one member may make every peer hold
    (``replica.MEMBER_BYTES``): their newer records wait, not taken, and their peers offer them
    again. Said once per member (per node run)."""

    session: str
    author: str
    limit: int


@dataclass(frozen=True, slots=True)
class PeerJoined:
    session: str
    peer: str
    name: str


@dataclass(frozen=True, slots=True)
class PeerLeft:
    session: str
    peer: str


@dataclass(frozen=True, slots=True)
class PeerHolds:
    """A peer said it now holds my chain durably up to ``seq`` (its receipt, or its hello)."""

    session: str
    peer: str
    seq: int


@dataclass(frozen=True, slots=True)
class ClocksChanged:
    """What is said of clocks in this session changed: a linked peer's clock was measured
    further off (or back within the margin), or the records waiting here for their time
    (written ahead of this clock) changed (``beraad/clocks.py``)."""

    session: str


@dataclass(frozen=True, slots=True)
class NearbyChanged:
    pass


@dataclass(frozen=True, slots=True)
class SessionJoined:
    session: str


@dataclass(frozen=True, slots=True)
class JoinAttemptFailed:
    """Someone tried this session's join code and did not prove it (a typo, or a guess).

    ``attempts_left`` is how many wrong tries the code still takes; at 0 it no longer works
    and the person who opened it should open a fresh one.
    """

    session: str
    host: str
    reason: str
    attempts_left: int
    #: Which of the session's codes was tried: "member" or "guest" (both may be open).
    role: str = "member"
    #: Wrong tries came from many addresses (``admission.GUESSING_HOSTS``): someone guessing.
    guessing: bool = False


@dataclass(frozen=True, slots=True)
class JoinedFromOneAddress:
    """Several people joined this session with its code from one network address.

    Often honest (people on one SSH server, browser tabs served by one machine), but one person
    joining again and again with fresh keys would count as many members: whoever read the code
    out is asked to check. Nobody is refused for it.
    """

    session: str
    host: str
    #: How many different people (keys) have joined from ``host`` so far.
    people: int


@dataclass(frozen=True, slots=True)
class LinkDroppedAgain:
    """This node dropped its link to ``peer`` for the same reason twice in a row: said once
    (until a link to it ends otherwise), since the log alone left a person with peers that
    never came and no word why (attack s12 #1: dropped every 2 s, for good)."""

    session: str
    peer: str
    #: "unread": more than ``limit`` bytes waited unread for it; "sending": sending failed.
    why: str
    limit: int = 0


NodeEvent = (
    RecordArrived
    | RecordRefused
    | ForkDetected
    | SetAsideCounted
    | UnsignedSetAside
    | RecordsNotStored
    | PeerJoined
    | PeerLeft
    | ClocksChanged
    | NearbyChanged
    | SessionJoined
    | JoinAttemptFailed
    | JoinedFromOneAddress
    | LinkDroppedAgain
)
