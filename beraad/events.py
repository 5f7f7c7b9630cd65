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
class PeerJoined:
    session: str
    peer: str
    name: str


@dataclass(frozen=True, slots=True)
class PeerLeft:
    session: str
    peer: str


@dataclass(frozen=True, slots=True)
class NearbyChanged:
    pass


@dataclass(frozen=True, slots=True)
class SessionJoined:
    session: str


NodeEvent = (
    RecordArrived
    | RecordRefused
    | ForkDetected
    | PeerJoined
    | PeerLeft
    | NearbyChanged
    | SessionJoined
)
