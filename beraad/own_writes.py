"""The node's side of ``own_chain.py``: which seqs of ours it may sign, and when it may again.

Split out of ``node.py`` (758 lines). A node never signs at a seq of its own that was used or
may have been: what this device holds says which (its records, the fork evidence, what a
damaged line still shows, and ``store/own_heads.py``: the highest seq of ours per session,
kept outside the journal), and where a lost line may have held our newest record and nothing
else can say, the members' hellos do.
"""

from __future__ import annotations

import logging
from typing import Any

from beraad.held import HeldSession, NodeError
from beraad.own_chain import (
    UNSURE_KEY,
    USED_KEY,
    nobody_holds,
    not_signed,
    not_signed_unsure,
    number,
    own_highest,
    writes_again,
)
from beraad.store.own_heads import OwnHeads
from beraad.waiting_words import author_of

log = logging.getLogger("beraad.node")


class NodeOwnChain:
    """Mixed into ``Node``: the seqs of our own chain in each session."""

    store: Any
    identity: Any
    _sessions: dict[str, HeldSession]
    #: The highest seq of ours per session outside the journal (None: a read-only look).
    own_heads: OwnHeads | None = None

    def _own_loaded(self, session: HeldSession, local: dict[str, Any], evidence: list) -> None:
        """What this device knows of our used seqs in a session just read: its records (the
        waiting ones too), the fork evidence, what damaged lines showed, and the number kept
        outside the journal — which also shows an end of our chain cut off unnoticed (the
        journal's head gone with it: journal17 left)."""
        me = self.identity.public_key
        signed = self.own_heads.signed(session.id) if self.own_heads is not None else None
        session.own_used = max(
            number(local.get(USED_KEY)),
            self.store.frontier(session.id).get(me, 0),
            own_highest((r for group in evidence for r in group), me),
            signed or 0,
        )
        unsure = local.get(UNSURE_KEY)
        session.own_unsure = 1 if unsure is True else number(unsure)

    def _own_heads_seeded(self) -> None:
        """Bring the number kept outside the journal up to the highest seq of ours known, in
        every session, once what was read back is checked (a forged record of ours set aside
        then never counts as signed) and before any link: a data dir from before the file,
        the file damaged, or a crash after a record was durable and before it was counted.
        Not where a lost line left us unsure: that number comes once the members have said
        (``own_said``)."""
        if self.own_heads is None:
            return
        known = {
            s.id: s.own_used for s in self._sessions.values() if not s.readonly and not s.own_unsure
        }
        try:
            self.own_heads.raise_many(known)
        except OSError as error:  # a full disk: the next start counts them again
            log.warning("could not keep the highest seq of ours outside the journal: %s", error)

    def _own_kept(self, session: HeldSession) -> None:
        """Keep ``own_used`` outside the journal: called once our records are durable and
        before any peer is sent them (``RecordPath._storing``), so a record of ours a peer
        may hold is always counted there. A crash in between leaves a record nobody got,
        counted on the next start (``_own_heads_seeded``) before any link is made."""
        if self.own_heads is None or session.readonly or session.own_unsure:
            return
        try:
            self.own_heads.raise_to(session.id, session.own_used)
        except OSError as error:  # a full disk: the next start counts it again
            log.warning("could not keep the highest seq of ours outside the journal: %s", error)

    def _never_twice(self, session: HeldSession, seq: int) -> None:
        """Refuse, in words, to sign ``seq`` when a record of ours already took it (or may
        have): a second one forks our own chain, and every peer sets our records aside from
        there on (naive s16 N1). The typed words stay where they were typed."""
        if seq <= session.own_used:
            later = self.store.chain(session.id, self.identity.public_key, from_seq=seq + 1)
            raise NodeError(not_signed(seq, len(later), self._own_unheard(session)))
        if session.own_unsure:
            raise NodeError(not_signed_unsure(self._own_unheard(session)))

    def _own_unheard(self, session: HeldSession) -> list[str] | None:
        """Who has not said since this start what they hold of our chain, by name (None
        while nobody has: then there is nobody to name yet)."""
        if not session.own_heard:
            return None
        return [
            author_of(session.fold.state, peer)
            for peer in sorted(self._own_others(session))
            if peer not in session.own_heard
        ]

    def writes_wait(self, session_id: str) -> str:
        """Why nothing of ours can be signed in this session now (our own chain has a gap
        here, ``_never_twice``), in the person's words; empty when writing works."""
        session = self._session(session_id)  # type: ignore[attr-defined]
        if session.readonly:
            return ""
        seq = session.replica.frontier().get(self.identity.public_key, 0) + 1
        try:
            self._never_twice(session, seq)
        except NodeError as error:
            return str(error)
        return ""

    def writes_again(self, session_id: str) -> str:
        """What made writing work again after a gap in our own chain, in the person's words."""
        return writes_again(self._session(session_id).own_released)  # type: ignore[attr-defined]

    def own_said(self, session_id: str, seq: int, peer: str = "") -> None:
        """A peer's hello says it holds our chain up to ``seq``. Where damaged lines held
        records of ours whose seqs could not be read, that says which: none of them is signed
        again here. Otherwise the claim is not taken to raise what we never sign: nobody can
        check it, and a hostile member's hello would lock us out for good (``own_chain.py``);
        it counts only towards ``nobody_holds``."""
        session = self._session(session_id)  # type: ignore[attr-defined]
        if peer:
            session.own_heard[peer] = max(seq, session.own_heard.get(peer, 0))
        if session.own_unsure:
            held = self.store.frontier(session_id).get(self.identity.public_key, 0)
            said = max([seq, *session.own_heard.values()])  # every hello so far, not one
            session.own_used = max(session.own_used, min(said, held + session.own_unsure))
            # One hello says what THAT peer holds: a member who left before our lost record
            # says less than one who got it (attack s17 #1: a second record 3, a fork). Sure
            # only once every other member has said; what they said is then kept, so a
            # restart before the record comes back never signs at its seq.
            if self._own_others(session) <= session.own_heard.keys():
                session.own_unsure = 0
                if not self.store.readonly:
                    self.store.set_session_local(
                        session_id, {UNSURE_KEY: 0, USED_KEY: session.own_used}
                    )
                    self._own_kept(session)
        self._own_gap_unheld(session)

    def _own_others(self, session: HeldSession) -> set[str]:
        """Everyone else who may hold records of ours: members, and authors held here."""
        me = self.identity.public_key
        return (set(session.fold_members()) | set(self.store.frontier(session.id))) - {me}

    def _own_gap_unheld(self, session: HeldSession) -> None:
        """Our records past what our chain reaches here were lost on this device, and every
        other member said it lacks them (``nobody_holds``): writing goes on from there, said
        in the log (journal16 left: it waited for good, as no peer could give them back)."""
        me = self.identity.public_key
        reach = session.replica.frontier().get(me, 0)
        if session.own_used <= reach or session.own_unsure or self.store.readonly:
            return
        if self.store.frontier(session.id).get(me, 0) > reach:
            return  # later records of ours are held here: they name the lost one
        if any(r.author == me for group in self.store.evidence(session.id) for r in group):
            return
        if not nobody_holds(reach, session.own_heard, self._own_others(session)):
            return  # (alone in the session: nobody else ever held any of ours)
        session.own_used = reach
        session.own_released = reach + 1
        self.store.set_session_local(session.id, {USED_KEY: reach})
        if self.own_heads is not None:
            try:
                self.own_heads.set(session.id, reach)
            except OSError as error:  # the next start waits again for the members' word
                log.warning("could not keep the highest seq of ours outside the journal: %s", error)
        log.warning(
            "own records after %d lost on this device and held by no other member: "
            "signing goes on from %d",
            reach,
            reach + 1,
        )
