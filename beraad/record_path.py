"""The one path every record takes on a node, our own or a peer's (DESIGN §2).

Checked (signature, by whoever hands it over) → the session's ``Replica`` gate (session,
membership, chain) → appended durably to the store → folded → listeners told → pushed to the
other connected peers. Its own module because it is one rule that every way in shares: a
contribution (``Node.contribute``), a link's records (``links.py``), a bundle (``Node.ingest``)
and the records written ahead of this clock, let in when their time comes. The node
(``node.py``) keeps the life cycle and the sessions it runs through.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any, NoReturn

from beraad.core.fold import Steps, finish
from beraad.core.identity import fingerprint, is_public_key
from beraad.core.replica import OFFER_STEP, Intake
from beraad.core.sync import want
from beraad.events import (
    MemberOverVolume,
    RecordArrived,
    RecordRefused,
    RecordsNotStored,
    SetAsideCounted,
)
from beraad.held import HeldSession, NodeError
from beraad.i18n import _
from beraad.own_chain import own_highest
from beraad.store import StoreError, StoreFull

if TYPE_CHECKING:
    from beraad.core.chain import Fork
    from beraad.core.record import Record
    from beraad.links import Link

#: The node's log: what the path says of a peer's records is the node's to say.
log = logging.getLogger("beraad.node")

#: A record held for a time far ahead is looked at again at least this often (seconds).
MAX_DUE_WAIT = 3600.0
#: How soon records whose time came are looked at again while a slice holds the fold (seconds).
DUE_RETRY = 0.05


class RecordPath:
    """Mixed into ``Node``: gate, store, fold, tell, push."""

    clock: Any
    store: Any
    identity: Any
    about_peers: Any
    _closing: bool
    _slicing: asyncio.Lock
    _sessions: dict[str, HeldSession]
    _joined_checks: dict[Any, Any]
    _emit: Any
    _forked: Any
    _pass_pinned: Any
    _joiners_wrote: Any
    _receipts_due: Any
    _keep_rows: Any
    _reload: Any
    _held_changed: Any

    def _ingest(
        self,
        session: HeldSession,
        records: list[Record],
        source: Link | None,
        local: bool = True,
        timed: bool = True,
    ) -> set[str]:
        """Gate, store, fold, tell, push. Returns the ids that entered. ``timed``: records
        written ahead of this clock wait for their time (live records; not a bundle's)."""
        return finish(self._ingesting(session, records, source, local, timed))

    def _ingesting(
        self,
        session: HeldSession,
        records: list[Record],
        source: Link | None,
        local: bool = True,
        timed: bool = True,
    ) -> Steps[set[str]]:
        """``_ingest`` in steps: a refold yields between its steps (``Fold.extending``), and
        what depends on the fold after it (whom it admitted, the telling, the push) follows
        once it is done. ``NodeLinks._in_slices`` drives it a slice per loop turn."""
        entered: set[str] = set()
        # The forks every step proves are kept, told and folded once, after the last step:
        # a thousand proofs sent together cost one write and at most one refold.
        forks: list[Fork] = []
        aside: list[Record] = []  # so are a forker's records kept set aside (one write)
        for start in range(0, len(records), OFFER_STEP):
            now = int(self.clock() * 1000) if timed else None
            intake = session.replica.offer(
                records[start : start + OFFER_STEP], now_ms=now, recorded=not timed
            )
            entered |= yield from self._taking(session, intake, source, local, timed, forks, aside)
        if forks or aside:
            self._forked(session, forks, aside, _sender(source))
        if forks:
            # whom a forker's set-aside admission names may write now (core/forks.py)
            entered |= yield from self._taking(session, Intake(), source, local, timed)
        self._wake_when_due(session)
        return entered

    def _wake_when_due(self, session: HeldSession) -> None:
        """Offer again, when their time comes, the records written ahead of this clock."""
        self._held_changed(session)
        due = session.replica.next_due()
        if due is None or self._closing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a bundle read outside the event loop: the next offer looks again
            return
        delay = min(max(0.0, due / 1000 - self.clock()), MAX_DUE_WAIT)
        armed = session.due_timer
        if armed is not None:
            if armed.when() <= loop.time() + delay:
                return
            # A record due sooner than the one the timer waits for (one record hours ahead
            # must not keep a clock a few seconds fast waiting for it: attack s18 #2).
            armed.cancel()
        session.due_timer = loop.call_later(delay, self._release_due, session.id)

    def _release_due(self, session_id: str) -> None:
        session = self._sessions.get(session_id)
        if session is None or self._closing:
            return
        session.due_timer = None
        if self._slicing.locked():
            # A slice is on its way (a refold in steps, a write): the gate and the fold are
            # its until it is done; looked at again shortly.
            loop = asyncio.get_running_loop()
            session.due_timer = loop.call_later(DUE_RETRY, self._release_due, session_id)
            return
        intake = session.replica.release_due(int(self.clock() * 1000))
        with contextlib.suppress(NodeError):  # logged where the store refused
            finish(self._taking(session, intake, None, local=False))
        self._wake_when_due(session)

    def _taking(
        self,
        session: HeldSession,
        intake: Intake,
        source: Link | None,
        local: bool,
        timed: bool = True,
        forks: list[Fork] | None = None,
        aside: list[Record] | None = None,
    ) -> Steps[set[str]]:
        """What the gate let through, then what waited for whom the fold just admitted.
        Untimed (a bundle): a newly admitted member's records are placed without this clock
        too, exactly as ``verify`` places them. ``forks``: where to gather the forks proved,
        for the caller to take once (``_forked``), and ``aside`` the records kept set aside;
        without them they are taken here."""
        found: list[Fork] = [] if forks is None else forks
        kept: list[Record] = [] if aside is None else aside
        entered = yield from self._taking_once(session, intake, source, local, found, kept)
        while fresh := newly_folded_members(session):
            now = int(self.clock() * 1000) if timed else None
            more = session.replica.admit_members(fresh, now_ms=now, recorded=not timed)
            entered |= yield from self._taking_once(session, more, source, local, found, kept)
        if forks is None and (found or kept):
            self._forked(session, found, kept, _sender(source))
        return entered

    def _taking_once(
        self,
        session: HeldSession,
        intake: Intake,
        source: Link | None,
        local: bool,
        forks: list[Fork],
        aside: list[Record],
    ) -> Steps[set[str]]:
        """What the gate let through: logged, stored, folded, told and pushed on; the forks it
        proved are added to ``forks``."""
        self._told(session, intake, source)
        forks.extend(intake.forks)
        if intake.set_aside:
            # A forker's records from the fork on: kept (``_forked`` stores them), folded as
            # set aside (the group may have built on some, core/forks.py) once the fold knows
            # the line, and sent on like the evidence, so every peer counts them alike for
            # the lamport step.
            aside.extend(intake.set_aside)
            version = session.fold.version
            session.fold.extend([r for r in intake.set_aside if session.fold.is_set_aside(r)])
            if session.fold.version != version:
                # One now counts (or counts no more): said like any change, though none of
                # these records is told on its own (a batch of only these told nothing).
                self._emit(SetAsideCounted(session.id))
            for links in session.links.values():
                for link in links:
                    if link is not source:
                        link.send_records(intake.set_aside)
        if not intake.accepted:
            self._pass_pinned(session, intake)
            return set()
        try:
            self.store.append_many(intake.accepted)
        except StoreError as error:
            self._store_refused(session, intake, error, others=source is not None or not local)
        return (yield from self._storing(session, intake, source, local, forks))

    def _store_refused(
        self, session: HeldSession, intake: Intake, error: StoreError, others: bool = False
    ) -> NoReturn:
        """Nothing of this batch is durable: forget it, so we never claim what we lack.
        Others' records (``others``) are told to the screens too: the person who writes is
        told by the refusal itself, but the group went on without this peer and only the log
        said so (attack s9 finding 5)."""
        log.error("store refused %d records: %s", len(intake.accepted), error)
        self._reload(session.id)
        if others:
            full = isinstance(error, StoreFull)
            self._emit(RecordsNotStored(session.id, len(intake.accepted), full, str(error)))
        raise NodeError(str(error)) from error

    def _storing(
        self,
        session: HeldSession,
        intake: Intake,
        source: Link | None,
        local: bool,
        forks: list[Fork],
    ) -> Steps[set[str]]:
        """What the gate let through is durable now: folded, told and pushed on."""
        if forks:
            # Not folded past a line the forks already drew (``_forked`` draws it in the fold
            # once they are all known): what the chain took before it learnt of a lower fork.
            lines = session.replica.set_aside()
            yield from session.fold.extending(
                [r for r in intake.accepted if r.seq < lines.get(r.author, r.seq + 1)]
            )
        else:
            yield from session.fold.extending(intake.accepted)
        session.lamport = max(session.lamport, *(r.lamport for r in intake.accepted))
        # Seqs of ours: never signed again here (own_chain.py), counted outside the journal
        # too before any peer is sent them (``store/own_heads.py``).
        mine = own_highest(intake.accepted, self.identity.public_key)
        if mine > session.own_used:
            session.own_used = mine
            self._own_kept(session)  # type: ignore[attr-defined]
        for record in intake.accepted:
            self._emit(RecordArrived(session.id, record, local=source is None and local))
        if self._joined_checks:
            self._joiners_wrote(session, intake.accepted)
        for links in session.links.values():
            for link in links:
                if link is not source:
                    link.send_records(intake.accepted)
        self._receipts_due(session, intake.accepted)  # stored: their authors are told, soon
        self._pass_pinned(session, intake)
        self._keep_rows(session.id)
        return {r.id for r in intake.accepted}

    def _told(self, session: HeldSession, intake: Intake, source: Link | None) -> None:
        """What the gate said of a batch: logged, refusals told, a gap asked of the sender."""
        peer = source.peer if source else None
        sender = _sender(source)
        for notice in intake.notices:
            # Once per author and reason already; a peer can still make up thousands of authors.
            kind = notice.split(" ", 1)[0]
            self.about_peers.warning("session %s: %s", session.id[:8], notice, key=(sender, kind))
        for record, reason in intake.refused:
            self._refuse(session.id, peer, reason, record.id)
        for author in intake.over_volume:
            self._emit(MemberOverVolume(session.id, author, session.replica.chains.limit or 0))
        if intake.held and source is not None:
            for author, (first, last) in session.replica.gaps().items():
                source.send(want(author, first, last))

    def _refuse(
        self, session_id: str, peer: str | None, reason: str, record: str | None = None
    ) -> None:
        """Log the refusal (with the record's id, for whoever reads the log) and tell the
        screens: the reason as kept (a ``Reason`` says itself in the reader's language), no id."""
        who = fingerprint(peer) if peer else _("this device")
        logged = f"{reason} (record {record[:12]})" if record else reason
        self.about_peers.warning("refused a record from %s: %s", who, logged, key=(who, "refused"))
        self._emit(RecordRefused(session_id, peer, reason))


def _sender(source: Link | None) -> str:
    """Who sent what is logged: the peer's fingerprint, or this device."""
    return fingerprint(source.peer) if source is not None else _("this device")


def newly_folded_members(session: HeldSession) -> list[str]:
    """Members the fold accepted whom the gate does not let write yet (admission order), and
    those a forker's set-aside admission names: whether it counts rests on whether they took
    part (``core/forks.py``), so their records must reach the fold."""
    named = session.replica.admitted_aside()
    keys = dict.fromkeys([*session.fold_members(), *named])
    # (a key the gate cannot admit would be offered again and again)
    return [key for key in keys if key not in session.replica.members and is_public_key(key)]
