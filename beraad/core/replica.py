"""One session as this peer holds it: which records may enter, in which order, from whom.

This is the single gate every record passes — our own and every peer's — after its signature
was checked: right session, author a member, chain in order (gaps held, forks caught). It is
pure (records in, decisions out), so the node does only I/O around it and two replicas can be
tested in memory.

Membership is derived from the records themselves: the session id is *self-certifying* — it is
``sha256(creator key ‖ nonce)[:16]`` and the ``session.open`` record carries the nonce — so only
the creator can open a session, and only members (the creator, then whoever a member admitted
with ``member.admit``) can write to it. Which ``member.admit`` counts is the fold's to say (a
guest's or a pending member's is refused there): a replica made with ``fold_admits`` admits
nobody on a ``member.admit`` of its own accord; its node admits, with ``admit_members``, whom
the fold accepted, so a refused admission never lets a key write or link.
A record from someone not (yet) a member is held back in a bounded pool: it may simply have
overtaken the record that admits its author.

Well-signed records from members are hostile input too. A record's ``lamport`` may pass the
highest one this replica accepted by at most :data:`MAX_LAMPORT_STEP`; a record further ahead is
held until the session catches up, so one absurd lamport cannot push every later write out of the
canonical integer range. Every record held back (not a member yet, ahead in lamport, ahead of
its author's chain) counts against a byte budget per author and per session (one written
ahead of the receiver's clock against its author's only; one written more than
:data:`MAX_HOLD_AHEAD_MS` ahead is not held at all); past it, further records are dropped.
The first time an author is held or dropped, a notice says who and why.

Accepted records have a budget too: one member's records in order may take at most
:data:`MEMBER_BYTES` of a session (attack s11 finding 2: a member sent 59 KB score-sheet parts as
fast as a peer took them, ~100 KB of memory and 57 KB of journal each, without end, and every
peer synced them on). Past it their next record is not taken (``Intake.over_volume`` says who,
once): not stored, so not acknowledged, and offered again by every sync; since a chain enters
in seq order, every peer takes the same prefix of it whatever order its records came in.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from beraad.core.canonical import footprint
from beraad.core.chain import Chains, Fork, Outcome
from beraad.core.identity import fingerprint, is_public_key
from beraad.core.messages import N_, Reason
from beraad.core.record import Record

OPEN_KIND = "session.open"
ADMIT_KIND = "member.admit"
NONCE_PATTERN = re.compile(r"^[0-9a-f]{32}\Z")
#: Records from not-yet-members held per session before further ones are refused.
MAX_PENDING = 2_000

#: Records are offered to the gate in steps of this many, each followed by admitting whom the
#: fold just accepted: the gate admits a key only once the fold took its admission, so a whole
#: store (or bundle) offered at once held every admitted member's records as a stranger's and
#: the pending cap (``MAX_PENDING``) dropped what passed it. A link's message holds at
#: most as many (``sync.BATCH_RECORDS``), so live sync stays one step.
OFFER_STEP = 256
#: How far past the highest accepted lamport a record may claim to be before it is held back.
#: An honest record is at most one past what its author has seen; the step leaves room for an
#: author who saw records this replica has not, and keeps 2^53 out of reach (9·10^11 records).
MAX_LAMPORT_STEP = 10_000
#: Bytes of memory held-back records take (all pools; see ``held_cost``) per author, and per
#: session, before more are dropped.
HELD_BYTES_PER_AUTHOR = 4 * 1024 * 1024
HELD_BYTES_PER_SESSION = 32 * 1024 * 1024
#: Records held for their time (dated ahead of this clock, up to a day) count against their
#: author's budget, not the session's (they crowd out no honest record waiting for its chain),
#: and against this bound of their own: 36 pending keys a member admitted each held 4 MiB of
#: them, 144 MiB in all (attack s17 #8).
HELD_AHEAD_BYTES_PER_SESSION = 32 * 1024 * 1024
#: Bytes of records (as stored and sent, ``Record.size``) one member's chain may hold in a
#: session. Honest use stays far below: a member's whole score sheet of the largest matrix the
#: UI allows (100 options x 60 criteria) is ~0.4 MB, scored ten times over ~4.2 MB; a year of
#: weekly meetings at a few hundred contributions each, ~5 MB. A total, not a rate: a peer
#: catching up after weeks takes it all at once the same, and the cut is the same seq on every
#: peer (a window over time would depend on when records arrived or on times authors choose).
MEMBER_BYTES = 16 * 1024 * 1024
#: Bytes of memory (``held_cost``) one forker's set-aside records may take on a peer, those that
#: raise the mark included (placed before the fork was known, pinned, or read back: kept
#: whatever the budget). As much as any member's chain may take (``MEMBER_BYTES``): a forker
#: climbing one step per record made every peer keep all of them, 700 parts of 59 KB made
#: 39 MiB of memory and journal, and 2,000 of them 258 MB of RSS (attack s12 #1).
ASIDE_BYTES_PER_FORKER = MEMBER_BYTES
#: What the replica's own tables (held, pending, chain indexes) take per held record.
HELD_INDEX_BYTES = 256
#: How far a record's ``at`` may lie ahead of the receiving machine's clock before it waits for
#: that time. Rules that rest on ``at`` (the reveal grace after a close) then rest on the
#: receiver's clock too: a forged ``at`` in the future only delays its own record.
MAX_CLOCK_AHEAD_MS = 5_000
#: A record written further ahead than this is not held at all but dropped: a clock a day off
#: is no clock set wrong by an hour (a time zone taken for UTC) or by minutes, and records held
#: "until 2199" would keep their memory for ever. A peer offers it again when it syncs; it is
#: held once its time is this near. Records held for their time count against their author's
#: budget only, so no author crowds out another's, and hold back only their author's chain:
#: dating far ahead freezes nobody else. Until 7 December 2026 the limit was 10 minutes, and a
#: laptop 15 minutes fast had its words dropped until the next link (clock16, naive s17 F5).
MAX_HOLD_AHEAD_MS = 24 * 3_600_000
#: Kinds that change who facilitates: said when one waits behind a record held for its time.
FACILITATION_KINDS = frozenset({"facilitator.claim", "facilitator.second", "facilitator.handover"})
#: Of those, the ones that take the role over: they count from where they were written, so a
#: move the facilitator makes meanwhile may not count (naive s18 N7).
TAKEOVER_KINDS = frozenset({"facilitator.claim", "facilitator.second"})


def _about(kind: str) -> int:
    """What a record held for its time is about: 2 a take-over, 1 another change of who
    facilitates, 0 anything else (``held_for_time``)."""
    return 2 if kind in TAKEOVER_KINDS else int(kind in FACILITATION_KINDS)


#: The pools a record can be held in, and why (the words of the notice).
_WHY = {
    "future": "written at a time {ahead} s ahead of this clock; held until then",
    "member": "not a member of this session (yet)",
    "ahead": "lamport more than {step} past the highest seen ({seen})",
    "chain": "ahead of their chain (waiting for seq {next})",
}


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


#: A record id: 64 hex digits (a body's other strings are never looked up).
_ID_LENGTH = 64


def named_ids(body: Any) -> set[str]:
    """Every string in ``body`` that could be a record id (bodies nest at most 32 levels)."""
    found: set[str] = set()
    stack = [body]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if len(value) == _ID_LENGTH:
                found.add(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def admitted(record: Record) -> str | None:
    """The key a ``member.admit`` admits, or None."""
    member = record.body.get("member") if record.kind == ADMIT_KIND else None
    return member if is_public_key(member) and member != record.author else None


def held_cost(record: Record) -> int:
    """What holding ``record`` costs in memory: its body's Python objects, its cached canonical
    bytes, its strings and itself. Its encoded size (``record.size``) undercounts this 2 to 20
    times (a body of empty lists: 2 bytes of JSON, 64 of memory each), and the budgets must
    bound what a peer can make this replica keep, not what it sent."""
    strings = (record.session, record.author, record.prev, record.kind, record.sig, record.id)
    return (
        HELD_INDEX_BYTES
        + sys.getsizeof(record)
        + sys.getsizeof(record.unsigned_bytes())
        + sum(sys.getsizeof(text) for text in strings)
        + footprint(record.body)
    )


@dataclass(frozen=True, slots=True)
class Waiting:
    """Records of one author that cannot be placed: one of theirs before them is missing.
    Read back from a journal, that is a damaged line (the store holds only what a gate took);
    what is shown leaves them out, so it is said (``beraad/waiting_words.py``)."""

    author: str
    #: The seq (the author's own record number) that is missing.
    missing: int
    #: How many later records of theirs wait for it.
    records: int


@dataclass(slots=True)
class Intake:
    """What happened to a batch of offered records."""

    accepted: list[Record] = field(default_factory=list)
    duplicates: int = 0
    held: list[Record] = field(default_factory=list)
    refused: list[tuple[Record, str]] = field(default_factory=list)
    forks: list[Fork] = field(default_factory=list)
    #: Records at or past the seq where their author forked: they count for nothing anywhere.
    set_aside: list[Record] = field(default_factory=list)
    newly_admitted: list[str] = field(default_factory=list)
    #: English log lines: who is held back or dropped, and why (once per author and reason).
    notices: list[str] = field(default_factory=list)
    #: Records dropped because a holding budget was spent, and why (logged once, by notices).
    dropped: list[tuple[Record, str]] = field(default_factory=list)
    #: Set-aside records kept before that something now rests on (``Replica._pin``): to be
    #: sent on again, after what pinned them, to peers that may have dropped them.
    pinned: list[Record] = field(default_factory=list)
    #: Members whose records in order passed ``MEMBER_BYTES`` here (each once per replica):
    #: their newer records wait, not taken.
    over_volume: list[str] = field(default_factory=list)


class Replica:
    """The gate and chains of one session."""

    def __init__(self, session: str, *, fold_admits: bool = False) -> None:
        self.session = session
        #: Admit only through ``admit_members`` (the fold's members), not on a ``member.admit``.
        self.fold_admits = fold_admits
        self.chains = Chains(limit=MEMBER_BYTES)
        self.creator: str | None = None
        self.members: set[str] = set()
        #: The highest lamport among accepted records.
        self.lamport = 0
        self._pending: dict[str, Record] = {}
        self._ahead: dict[str, Record] = {}
        self._future: dict[str, Record] = {}
        #: The records held for their time, the latest due first (``-at``, id), for making room
        #: without sorting the pool per record; entries no longer in ``_future`` are skipped.
        self._latest: list[tuple[int, str]] = []
        #: The receiver's clock (ms) during ``offer``; None: no record waits for its time.
        self._now: int | None = None
        #: During ``offer``: the records were taken by a gate before (``offer(recorded=)``).
        self._recorded = False
        #: During ``offer``: read back from this data dir's own journal (``offer(own=)``).
        self._own = False
        self._held: dict[str, tuple[str, Record, int]] = {}  # id → (pool, record, cost)
        #: Forkers' records from their fork on (``_set_aside``), and their bytes per author.
        self._aside: dict[str, Record] = {}
        self._aside_bytes: dict[str, int] = {}
        self._held_bytes: dict[str, int] = {}
        self._session_bytes = 0
        self._future_bytes = 0  # held for their time (``HELD_AHEAD_BYTES_PER_SESSION``)
        self._told: set[tuple[str, str]] = set()
        #: Members whose chain reached ``MEMBER_BYTES``: their newer records are not held.
        self._over: set[str] = set()
        #: Keys a ``member.admit`` this gate took names (the fold may not have admitted them).
        self._admitted_keys: set[str] = set()
        #: Ids a record this gate took names in its body or lists as seen → by whom; ids
        #: pinned (``_pin``: held or not yet); who has a record here (taken, or waiting as a
        #: stranger's); key → the set-aside admissions of it this gate keeps.
        self._refs: dict[str, str] = {}  # "" once two authors did (one is not its own)
        self._pinned: set[str] = set()
        self._spread: set[str] = set()  # pinned set-aside records whose own pins were made
        self._writers: set[str] = set()
        self._aside_admits: dict[str, set[str]] = {}
        self._unadmitted: set[str] = set()  # of those keys, ones this gate may not admit yet

    def frontier(self) -> dict[str, int]:
        return self.chains.frontier(self.session)

    def gaps(self) -> dict[str, tuple[int, int]]:
        return self.chains.gaps(self.session)

    def heads(self) -> dict[str, tuple[int, str]]:
        """Author → (seq, id) of their last record in order (``core/seen.py``)."""
        return self.chains.heads(self.session)

    def waiting(self) -> list[Waiting]:
        """Whose records wait for one of theirs that is missing, by author."""
        held = self.chains.waiting(self.session)
        return [Waiting(author, *held[author]) for author in sorted(held)]

    def set_aside(self) -> dict[str, int]:
        """Author → the seq from which the fold leaves their records out: they signed two
        different records there (``chain.Fork``), the same rule on every peer."""
        return self.chains.set_aside(self.session)

    def is_member(self, author: str) -> bool:
        return author in self.members

    def is_ahead(self, record_id: str) -> bool:
        """True while ``record_id`` waits because its lamport is too far ahead."""
        return record_id in self._ahead

    def held_bytes(self, author: str | None = None) -> int:
        """Bytes of memory held back for ``author``, or for the whole session (``held_cost``;
        the session's count leaves out records held for their time, bounded per author)."""
        return self._session_bytes if author is None else self._held_bytes.get(author, 0)

    def offer(
        self,
        records: list[Record],
        now_ms: int | None = None,
        *,
        recorded: bool = False,
        own: bool = False,
    ) -> Intake:
        """Offer verified records in any order; returns what entered, in chain order.

        With ``now_ms`` (the receiving machine's clock), a record whose ``at`` lies more than
        ``MAX_CLOCK_AHEAD_MS`` ahead of it waits until ``release_due`` is called at that time.
        The fold's order does not depend on when a record entered, so every peer still reaches
        the same state once it holds the same records.

        ``recorded``: the records were taken by a gate before (a bundle, a store): records of
        a key admitted in them wait for the admission. The lamport step applies, and a record
        that waits for its chain moves no mark: a bundle is anyone's file (attack s14 #1).

        ``own``: read back from this data dir's own journal (or the holder's, for an attached
        window). This gate took each of them before, under the lamport step, so the step is
        not applied again (a lost line may have been what raised the mark), a record that
        waits for its chain still counts for the mark (as it did when taken), and what waits
        for a missing record is held whatever the holding budgets (the store keeps them in
        memory already): only the author whose record is missing waits (attack s13 #2)."""
        intake = Intake()
        self._now = now_ms
        self._recorded, self._own = recorded or own, own
        try:
            if now_ms is not None:
                self._release_due(now_ms, intake)
            for record in records:
                self._offer_one(record, intake)
            self._release_caught_up(intake)
        finally:
            self._now, self._recorded, self._own = None, False, False
        return intake

    def admit_members(
        self,
        keys: list[str],
        now_ms: int | None = None,
        *,
        recorded: bool = False,
        own: bool = False,
    ) -> Intake:
        """Admit ``keys`` (the members the fold accepted) and offer again what waited for them
        (``recorded``, ``own``: as in ``offer``)."""
        intake = Intake()
        self._now = now_ms
        self._recorded, self._own = recorded or own, own
        try:
            for key in keys:
                if is_public_key(key) and key not in self.members:
                    self._admit(key, intake)
            self._release_caught_up(intake)
        finally:
            self._now, self._recorded, self._own = None, False, False
        return intake

    def release_due(self, now_ms: int) -> Intake:
        """Offer again the records whose time has come by ``now_ms``."""
        return self.offer([], now_ms)

    def waiting_for_time(self) -> int:
        """How many records wait because they were written ahead of the receiver's clock."""
        return len(self._future)

    def held_for_time(self) -> dict[str, tuple[int, int, int, int]]:
        """Author → how many of their records wait for their time, the receiver's clock time
        (ms) at which the last of them enters, how many later records of theirs wait behind
        them (for their chain), and whether one of all these is about who facilitates — a
        request to take over that waits there unseen (naive s17 F5) — 2 for a take-over (a
        move made meanwhile may not count: naive s18 N7), 1 for a handover, else 0. Said on
        screen (``beraad/clocks.py``)."""
        if not self._future:
            return {}
        found: dict[str, tuple[int, int, int, int]] = {}
        for record in self._future.values():
            count, until, _behind, about = found.get(record.author, (0, 0, 0, 0))
            about = max(about, _about(record.kind))
            found[record.author] = (
                count + 1,
                max(until, record.at - MAX_CLOCK_AHEAD_MS),
                0,
                about,
            )
        for pool, record, _cost in self._held.values():
            if pool != "chain" or record.author not in found:
                continue
            count, until, behind, about = found[record.author]
            about = max(about, _about(record.kind))
            found[record.author] = (count, until, behind + 1, about)
        return found

    def next_due(self) -> int | None:
        """The clock time (ms) at which the earliest record held for its time may enter."""
        if not self._future:
            return None
        return min(r.at for r in self._future.values()) - MAX_CLOCK_AHEAD_MS

    def _release_due(self, now_ms: int, intake: Intake) -> None:
        due = sorted(
            (r for r in self._future.values() if r.at <= now_ms + MAX_CLOCK_AHEAD_MS),
            key=lambda r: r.order_key,
        )
        for record in due:
            del self._future[record.id]
            self._unhold(record.id)
        for record in due:
            self._offer_one(record, intake)

    def _offer_one(self, record: Record, intake: Intake) -> None:
        if record.session != self.session:
            why = Reason(N_("belongs to session {session}"), {"session": record.session[:8]})
            intake.refused.append((record, why))
            return
        if record.kind == OPEN_KIND and not opens_session(record):
            why = Reason(N_("an opening of a session that does not certify this session"), {})
            intake.refused.append((record, why))
            return
        if self.creator is None and opens_session(record):
            self.creator = record.author
            self._admit(record.author, intake)
        if record.id in self._held and self._held[record.id][0] != "chain":
            intake.duplicates += 1
            return
        if record.author not in self.members:
            # Read back (a store, a bundle), the records of a key this gate took an admission
            # of came through a gate once: they wait here, whatever their bytes (a forker's
            # records kept set aside may pass the budget), until the fold admits their author
            # after this step.
            kept = self._recorded and record.author in self._admitted_keys
            if len(self._pending) >= MAX_PENDING and not kept:
                why = Reason(N_("more than {n} records from non-members"), {"n": MAX_PENDING})
                self._drop(record, why, intake)
            elif self._hold(record, "member", intake, checked=kept):
                self._pending[record.id] = record
                self._wrote(record.author, intake)
            return
        if self._now is not None and record.at > self._now + MAX_CLOCK_AHEAD_MS:
            if record.at > self._now + MAX_HOLD_AHEAD_MS:
                ahead = (record.at - self._now) // 1000
                why = Reason(
                    N_("written at a time {ahead} s ahead of this clock; more than {limit} s is "
                       "not held"),
                    {"ahead": ahead, "limit": MAX_HOLD_AHEAD_MS // 1000},
                )  # fmt: skip
                self._drop(record, why, intake)
            elif self._hold(record, "future", intake):
                self._future[record.id] = record
                if len(self._latest) > 2 * len(self._future) + 64:  # mostly left ones: anew
                    self._latest = [(-r.at, r.id) for r in self._future.values()]
                    heapq.heapify(self._latest)
                else:
                    heapq.heappush(self._latest, (-record.at, record.id))
            return
        if record.lamport > self.lamport + MAX_LAMPORT_STEP and not self._own:
            if self._hold(record, "ahead", intake):
                self._ahead[record.id] = record
            return
        if record.author in self._over and record.seq > self._next_seq(record):
            self._over_volume(record, intake)  # not held: nothing of theirs enters here
            return
        if (
            record.id not in self._held
            and record.seq > self._next_seq(record)
            and not self._forked_past(record)  # set aside, not held: its own budget
            and not self._own
            and (not self._fits(record, intake))
        ):
            self._counts_recorded(record)
            return
        offer = self.chains.offer(record)
        if offer.outcome is Outcome.DUPLICATE:
            intake.duplicates += 1
        elif offer.outcome is Outcome.HELD:
            self._hold(record, "chain", intake, checked=True)
            self._counts_recorded(record)
        elif offer.outcome is Outcome.BLOCKED:
            self._counts_recorded(record)
            intake.refused.append((record, offer.reason))
        elif offer.outcome is Outcome.OVER:
            self._over_volume(record, intake)
        elif offer.outcome is Outcome.SET_ASIDE:
            self._set_aside(record, intake)
        elif offer.outcome is Outcome.FORK:
            fork = self.chains.forks[-1]
            intake.forks.append(fork)
            for held_id, (pool, held, _cost) in list(self._held.items()):
                if pool == "chain" and held.author == record.author and held.seq >= fork.seq:
                    self._unhold(held_id)  # the chain dropped what it held past the fork
            for dropped in offer.dropped:  # placed (counted) or held before the fork was known
                self._set_aside(dropped, intake, placed=True)
            if record not in offer.accepted:  # placed below a fork found further up
                self._set_aside(record, intake, placed=True)
        for over in offer.over:  # came next once the gap filled, but past the budget
            self._unhold(over.id)
            self._over_volume(over, intake)
        for accepted in offer.accepted:
            self._unhold(accepted.id)
            intake.accepted.append(accepted)
            self.lamport = max(self.lamport, accepted.lamport)
            self._refer(accepted, intake)
            if accepted.kind == ADMIT_KIND:
                member = accepted.body.get("member")
                if is_public_key(member):
                    self._admitted_keys.add(member)
                if not self.fold_admits and is_public_key(member) and member not in self.members:
                    self._admit(member, intake)

    def _counts_recorded(self, record: Record) -> None:
        """A record read back from one's own journal (``own``) that waits for its chain: it
        counts for the mark, as it did when this gate took it. Not one from a bundle: a
        member's bundle of records that can never be placed (a gap on purpose), each a step
        past the last, lifted the importer's mark by millions, so that every record the
        importer wrote after it waited on every other peer as "lamport ahead", for good
        (attack s14 #1)."""
        if self._own:
            self.lamport = max(self.lamport, record.lamport)

    def _set_aside(self, record: Record, intake: Intake, placed: bool = False) -> None:
        """Keep a forker's record from the fork on: it counts for the lamport step here as on
        every peer that gets it (they are stored and sent on like the fork's evidence), so
        peers holding the same records reach the same mark.

        Those that do not raise the mark are bounded per author like records held back;
        past the budget they are dropped, and since they could not move the mark here they
        move it nowhere. One that raises the mark is kept within a larger budget per forker
        (``ASIDE_BYTES_PER_FORKER``), and so sent on: dropping it on one peer while another
        kept it left the two with different marks for good (attack s6 #2). Past that budget
        it is dropped too (uncapped, a forker's climb cost every peer 258 MB, attack s12 #1),
        but its lamport still counts for the mark here, so the mark does not rest on the order
        records came in. Set-aside records count for nothing in the fold unless something
        rests on them (pinned: kept whatever the budget), so peers keeping different ones
        fold alike. ``placed``: taken by this gate (or held) before the fork was known; read
        back from a store or a bundle (``recorded``), the records are what a gate kept,
        within these bounds, and are all kept again."""
        if record.id in self._aside:
            intake.duplicates += 1
            return
        cost = held_cost(record)
        spent = self._aside_bytes.get(record.author, 0) + cost
        pinned = self._rests_on(record)
        kept_anyway = placed or self._recorded or pinned
        raises = record.lamport > self.lamport
        budget = ASIDE_BYTES_PER_FORKER if raises else HELD_BYTES_PER_AUTHOR
        if not kept_anyway and spent > budget:
            why = Reason(N_("set aside (a fork) and over the budget of {n} bytes"), {"n": budget})
            self.lamport = max(self.lamport, record.lamport)  # seen here: counts all the same
            self._drop(record, why, intake)
            return
        self._aside[record.id] = record
        self._aside_bytes[record.author] = spent
        self.lamport = max(self.lamport, record.lamport)
        intake.set_aside.append(record)
        member = admitted(record)
        if member is not None:
            self._aside_admits.setdefault(member, set()).add(record.id)
            if member not in self.members:
                self._unadmitted.add(member)
        if pinned:
            self._pin(record.id, intake)

    def _rests_on(self, record: Record) -> bool:
        """Does something this gate holds rest on ``record`` (set aside): a record by another
        author names it or lists it as seen, a pinned set-aside record rests on it (its prev,
        a head it lists), or it admits a key with a record here. The fold counts no other
        set-aside record (``core/forks.py``), and these are never dropped: a record dropped
        over the budget on one peer and kept on another could count on the second only."""
        if record.id in self._pinned or self._refs.get(record.id, record.author) != record.author:
            return True
        member = admitted(record)
        return member is not None and member in self._writers

    def _refer(self, record: Record, intake: Intake) -> None:
        """Note what a record taken here names and lists as seen; pin the set-aside records
        among them, and the set-aside admissions of its author."""
        ids = named_ids(record.body) | {head[2] for head in record.seen}
        for record_id in ids:
            known = self._refs.setdefault(record_id, record.author)
            if known and known != record.author:
                self._refs[record_id] = ""
            held = self._aside.get(record_id)
            if held is not None and held.author != record.author:
                self._pin(record_id, intake)
        self._wrote(record.author, intake)

    def _wrote(self, author: str, intake: Intake) -> None:
        if author not in self._writers:
            self._writers.add(author)
            for admission in self._aside_admits.get(author, ()):
                self._pin(admission, intake)

    def _pin(self, record_id: str, intake: Intake) -> None:
        """Pin ``record_id`` and what it rests on (its prev, the heads it lists), each once:
        kept ones are told (``Intake.pinned``) to be sent on again; ones not held are pinned
        for when they come."""
        stack = [record_id]
        while stack:
            current = stack.pop()
            self._pinned.add(current)
            held = self._aside.get(current)
            if held is None or current in self._spread:
                continue
            self._spread.add(current)
            intake.pinned.append(held)
            if held.prev is not None:
                stack.append(held.prev)
            stack.extend(head[2] for head in held.seen)

    def admitted_aside(self) -> list[str]:
        """Keys a forker's set-aside ``member.admit`` kept here names whom this gate does not
        let write yet: whether the admission counts rests on whether they take part
        (``core/forks.py``), so they may write. Only those not admitted yet are looked at, so
        asking after each batch costs nothing per set-aside record (it was a pass over all)."""
        waiting = [key for key in self._unadmitted if key not in self.members]
        self._unadmitted.difference_update([k for k in self._unadmitted if k in self.members])
        return sorted(waiting)

    def aside(self) -> list[Record]:
        """The forkers' records from their fork on that this gate keeps, in fold order."""
        return sorted(self._aside.values(), key=lambda r: (r.order_key, r.id))

    def _over_volume(self, record: Record, intake: Intake) -> None:
        """``record`` would take its author's chain past ``MEMBER_BYTES``: dropped (a peer
        offers it again), and said once."""
        if record.author not in self._over:
            self._over.add(record.author)
            intake.over_volume.append(record.author)
        why = Reason(N_("their records in this session passed {n} bytes"), {"n": self.chains.limit})
        self._drop(record, why, intake)

    def _forked_past(self, record: Record) -> bool:
        """Is ``record`` at or past the seq where its author is known to have forked?"""
        line = self.chains.fork_seq(record.session, record.author)
        return line is not None and record.seq >= line

    def _next_seq(self, record: Record) -> int:
        return self.chains.length(record.session, record.author) + 1

    def _fits(self, record: Record, intake: Intake, pool: str = "") -> bool:
        """Whether holding ``record`` stays within both budgets (a notice when it does not);
        a record held for its time only within its author's."""
        cost = held_cost(record)
        author_bytes = self._held_bytes.get(record.author, 0) + cost
        if author_bytes > HELD_BYTES_PER_AUTHOR:
            why = Reason(
                N_("over the budget of {n} bytes per author"), {"n": HELD_BYTES_PER_AUTHOR}
            )
            self._drop(record, why, intake)
            return False
        if pool == "future" and self._future_bytes + cost > HELD_AHEAD_BYTES_PER_SESSION:
            why = Reason(
                N_("over the budget of {n} bytes per session for records ahead of their time"),
                {"n": HELD_AHEAD_BYTES_PER_SESSION},
            )
            if not self._room_ahead(record, cost, why, intake):
                self._drop(record, why, intake)
                return False
        if pool != "future" and self._session_bytes + cost > HELD_BYTES_PER_SESSION:
            why = Reason(
                N_("over the budget of {n} bytes per session"), {"n": HELD_BYTES_PER_SESSION}
            )
            self._drop(record, why, intake)
            return False
        return True

    def _room_ahead(self, record: Record, cost: int, why: Reason, intake: Intake) -> bool:
        """Make room among the records held for their time by dropping those due later than
        ``record``, the latest first, if that is enough; else drop none. Records dated a day
        ahead must not push out a clock a few seconds fast (attack s18 #1: a member's pending
        keys filled the bound for 23 hours, and every record of a member whose clock ran 30 s
        ahead was dropped meanwhile). A dropped record is offered again when its author syncs."""
        need = self._future_bytes + cost - HELD_AHEAD_BYTES_PER_SESSION
        latest = self._latest
        freed, out = 0, []
        while freed < need and latest:
            held = self._future.get(latest[0][1])
            if held is None or held in out:  # released or dropped since, or held twice
                heapq.heappop(latest)
                continue
            if held.at <= record.at:
                break
            heapq.heappop(latest)
            freed += self._held[held.id][2]
            out.append(held)
        if freed < need:
            for held in out:
                heapq.heappush(latest, (-held.at, held.id))
            return False
        for held in out:
            del self._future[held.id]
            self._unhold(held.id)
            self._drop(held, why, intake)
        return True

    def _hold(self, record: Record, pool: str, intake: Intake, checked: bool = False) -> bool:
        if not checked and not self._fits(record, intake, pool):
            return False
        # One's own journal's records are in the store's memory already: they spend no budget
        # (past it, a peer's records waiting on the wire were dropped while the gap lasted).
        cost = 0 if self._own else held_cost(record)
        self._held[record.id] = (pool, record, cost)
        self._held_bytes[record.author] = self._held_bytes.get(record.author, 0) + cost
        if pool != "future":
            self._session_bytes += cost
        else:
            self._future_bytes += cost
        intake.held.append(record)
        why = _WHY[pool].format(
            step=MAX_LAMPORT_STEP,
            seen=self.lamport,
            next=self._next_seq(record),
            ahead=(record.at - (self._now or record.at)) // 1000,
        )
        self._tell(
            record.author, pool, f"holding records from {fingerprint(record.author)}: {why}", intake
        )
        return True

    def _unhold(self, record_id: str) -> None:
        entry = self._held.pop(record_id, None)
        if entry is None:
            return
        pool, record, cost = entry
        author = record.author
        if pool != "future":
            self._session_bytes -= cost
        else:
            self._future_bytes -= cost
        left = self._held_bytes.get(author, 0) - cost  # absent: own records cost nothing
        if left:
            self._held_bytes[author] = left
        else:
            self._held_bytes.pop(author, None)
            self._told = {told for told in self._told if told[0] != author}

    def _drop(self, record: Record, why: str, intake: Intake) -> None:
        intake.dropped.append((record, why))
        who = fingerprint(record.author)
        self._tell(record.author, "drop", f"dropping records from {who}: {why}", intake)

    def _tell(self, author: str, reason: str, line: str, intake: Intake) -> None:
        if (author, reason) not in self._told:
            self._told.add((author, reason))
            intake.notices.append(line)

    def _release_caught_up(self, intake: Intake) -> None:
        """Offer again what waited for the session's lamport to catch up."""
        while True:
            limit = self.lamport + MAX_LAMPORT_STEP
            ready = sorted(
                (r for r in self._ahead.values() if r.lamport <= limit), key=lambda r: r.order_key
            )
            if not ready:
                return
            for record in ready:
                del self._ahead[record.id]
                self._unhold(record.id)
                self._offer_one(record, intake)

    def _admit(self, member: str, intake: Intake) -> None:
        self.members.add(member)
        intake.newly_admitted.append(member)
        waiting = sorted(
            (r for r in self._pending.values() if r.author == member), key=lambda r: r.seq
        )
        for record in waiting:
            del self._pending[record.id]
            self._unhold(record.id)
        for record in waiting:
            self._offer_one(record, intake)

    @property
    def pending(self) -> int:
        return len(self._pending)
