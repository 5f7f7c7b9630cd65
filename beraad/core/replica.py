"""One session as this peer holds it: which records may enter, in which order, from whom.

This is the single gate every record passes — our own and every peer's — after its signature
was checked: right session, author a member, chain in order (gaps held, forks caught). It is
pure (records in, decisions out), so the node does only I/O around it and two replicas can be
tested in memory.

Membership is derived from the records themselves: the session id is *self-certifying* — it is
``sha256(creator key ‖ nonce)[:16]`` and the ``session.open`` record carries the nonce — so only
the creator can open a session, and only members (the creator, then whoever a member admitted
with ``member.admit``) can write to it. A record from someone not (yet) a member is held back in a
bounded pool: it may simply have overtaken the record that admits its author.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from beraad.core.chain import Chains, Fork, Outcome
from beraad.core.identity import is_public_key
from beraad.core.record import Record

OPEN_KIND = "session.open"
ADMIT_KIND = "member.admit"
NONCE_PATTERN = re.compile(r"^[0-9a-f]{32}$")
#: Records from not-yet-members held per session before further ones are refused.
MAX_PENDING = 2_000


def session_id_for(creator: str, nonce: str) -> str:
    """The self-certifying id of a session opened by ``creator`` with ``nonce`` (both hex)."""
    return hashlib.sha256(bytes.fromhex(creator) + bytes.fromhex(nonce)).hexdigest()[:32]


def opens_session(record: Record) -> bool:
    """True when ``record`` is the one valid ``session.open`` of its session."""
    nonce = record.body.get("nonce")
    return (
        record.kind == OPEN_KIND
        and record.seq == 1
        and isinstance(nonce, str)
        and NONCE_PATTERN.match(nonce) is not None
        and session_id_for(record.author, nonce) == record.session
    )


@dataclass(slots=True)
class Intake:
    """What happened to a batch of offered records."""

    accepted: list[Record] = field(default_factory=list)
    duplicates: int = 0
    held: list[Record] = field(default_factory=list)
    refused: list[tuple[Record, str]] = field(default_factory=list)
    forks: list[Fork] = field(default_factory=list)
    newly_admitted: list[str] = field(default_factory=list)


class Replica:
    """The gate and chains of one session."""

    def __init__(self, session: str) -> None:
        self.session = session
        self.chains = Chains()
        self.creator: str | None = None
        self.members: set[str] = set()
        self._pending: dict[str, Record] = {}

    def frontier(self) -> dict[str, int]:
        return self.chains.frontier(self.session)

    def gaps(self) -> dict[str, tuple[int, int]]:
        return self.chains.gaps(self.session)

    def is_member(self, author: str) -> bool:
        return author in self.members

    def offer(self, records: list[Record]) -> Intake:
        """Offer verified records in any order; returns what entered, in chain order."""
        intake = Intake()
        for record in records:
            self._offer_one(record, intake)
        return intake

    def _offer_one(self, record: Record, intake: Intake) -> None:
        if record.session != self.session:
            intake.refused.append((record, f"belongs to session {record.session[:8]}"))
            return
        if record.kind == OPEN_KIND and not opens_session(record):
            intake.refused.append((record, "a session.open that does not certify this session"))
            return
        if self.creator is None and opens_session(record):
            self.creator = record.author
            self._admit(record.author, intake)
        if record.author not in self.members:
            if record.id in self._pending:
                intake.duplicates += 1
            elif len(self._pending) >= MAX_PENDING:
                intake.refused.append((record, "author is not a member of this session"))
            else:
                self._pending[record.id] = record
                intake.held.append(record)
            return
        offer = self.chains.offer(record)
        if offer.outcome is Outcome.DUPLICATE:
            intake.duplicates += 1
        elif offer.outcome is Outcome.HELD:
            intake.held.append(record)
        elif offer.outcome is Outcome.BLOCKED:
            intake.refused.append((record, offer.reason))
        elif offer.outcome is Outcome.FORK:
            intake.forks.append(self.chains.forks[-1])
            intake.refused.append((record, offer.reason))
        for accepted in offer.accepted:
            intake.accepted.append(accepted)
            if accepted.kind == ADMIT_KIND:
                member = accepted.body.get("member")
                if is_public_key(member) and member not in self.members:
                    self._admit(member, intake)

    def _admit(self, member: str, intake: Intake) -> None:
        self.members.add(member)
        intake.newly_admitted.append(member)
        waiting = sorted(
            (r for r in self._pending.values() if r.author == member), key=lambda r: r.seq
        )
        for record in waiting:
            del self._pending[record.id]
        for record in waiting:
            self._offer_one(record, intake)

    @property
    def pending(self) -> int:
        return len(self._pending)
