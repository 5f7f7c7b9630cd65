"""Which of our own record numbers are used: a node never signs a record at one of them.

A seq of ours signed twice is a fork of our own chain, and every peer that sees both sets our
records aside from that seq on, for good (``core/forks.py``). The frontier cannot say which
seqs are used: a damaged journal line of ours cuts our chain there, and our later records
wait (naive s16 N1: Bart's record 3 was damaged, he typed a knot offline, and the node signed a
second record 3, then a third). So the node keeps the highest seq of ours it knows of from
what this device holds: its own stored records (those that wait too), the fork evidence, and
what can still be read of a damaged line (kept as a local value, since the journal is
rewritten without the line). What others say of our chain (a ``hello`` frontier, ``seen``
heads) is a claim nobody can check — a hostile member could lock one out for good with it —
so it counts only where a damaged line of ours could not be read, and never further than
the lines that were lost. While that number is above what our chain reaches here, nothing
of ours is signed, and the person is told why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from beraad.core.record import Record
from beraad.i18n import _, ngettext

if TYPE_CHECKING:
    from beraad.store import RecordStore
    from beraad.store.own_heads import OwnHeads

#: Local value: the highest seq of ours a damaged journal line showed (it is gone after).
USED_KEY = "own_used"
#: Local value: how many damaged lines held a record of ours whose place could not be read.
UNSURE_KEY = "own_unsure"

# A record's fields are written in sorted order (at, author, body, kind, lamport, prev, seen,
# seq, session, sig): each pattern holds a neighbour, so a body's own field is never taken.
_AUTHOR = re.compile(rb'"record":\{"at":[0-9]+,"author":"([0-9a-f]{64})"')
_PREV = re.compile(rb'"lamport":[0-9]+,"prev":"([0-9a-f]{64})"')
_SEQ = re.compile(rb'"seq":([1-9][0-9]{0,15}),"session":"([0-9a-f]{32})"')
_OP = re.compile(rb'\{"op":"([a-z]+)"')
#: The op stands at the start of a line: ``[n,"checksum",{"op":…``.
_OP_WITHIN = 40


@dataclass(frozen=True, slots=True)
class DamagedLine:
    """What could still be read of a damaged journal line."""

    op: str  # "record", "local", "evidence", "settings", "journal", or "" (unreadable)
    author: str = ""
    session: str = ""
    seq: int = 0
    prev: str = ""


def read_damaged(line: bytes) -> DamagedLine:
    """The op, and for a record its author and place, as far as the bytes left say them."""
    op = _OP.search(line[:_OP_WITHIN])
    kind = op.group(1).decode() if op else ""
    if kind != "record":
        return DamagedLine(kind)
    author = _AUTHOR.search(line)
    prev = _PREV.search(line)
    seq = _SEQ.search(line)
    return DamagedLine(
        kind,
        author=author.group(1).decode() if author else "",
        session=seq.group(2).decode() if seq else "",
        seq=int(seq.group(1)) if seq else 0,
        prev=prev.group(1).decode() if prev else "",
    )


def own_highest(records: Iterable[Record], me: str) -> int:
    """The highest seq of ours among these records."""
    return max((record.seq for record in records if record.author == me), default=0)


def nobody_holds(reach: int, heard: dict[str, int], others: Iterable[str]) -> bool:
    """Whether each of ``others`` said, in a hello since this start, that it holds our chain
    no further than ``reach``. Our records past it were then lost here before anyone who
    counts got them (signed, durable, damaged before a link: journal16 left), and a new
    record at ``reach + 1`` meets no copy of the lost one: no fork. The others' word is taken:
    a member who lied, holding the lost record, could show a fork, which sets our records
    aside from there on, the same as waiting for good."""
    return all(peer in heard and heard[peer] <= reach for peer in others)


def not_signed(missing: int, waiting: int, unheard: list[str] | None = None) -> str:
    """Why nothing of ours is signed while our own chain has a gap here; ``unheard``: the
    members who have not said since this start whether they hold it (none: not asked)."""
    if unheard and not waiting:
        return _(
            "Not signed yet: your own record {seq} is missing on this device (a damaged line "
            "of its saved records), and nobody linked so far has it. A new record {seq} would "
            "split your chain if someone has it. Still to link: {names}; when they have and "
            "do not have it either, you can write again. Or restore the file from a backup. "
            "What you typed is kept."
        ).format(seq=missing, names=", ".join(unheard))
    if waiting:
        return ngettext(
            "Not signed yet: your own record {seq} is missing on this device ({count} later "
            "one of yours waits for it). A new record {seq} would split your chain, and the "
            "others would set your records aside. It comes back from a peer when you are "
            "linked; then send it again. What you typed is kept.",
            "Not signed yet: your own record {seq} is missing on this device ({count} later "
            "ones of yours wait for it). A new record {seq} would split your chain, and the "
            "others would set your records aside. It comes back from a peer when you are "
            "linked; then send it again. What you typed is kept.",
            waiting,
        ).format(seq=missing, count=waiting)
    return _(
        "Not signed yet: your own record {seq} is missing on this device (a damaged line of "
        "its saved records). A new record {seq} would split your chain, and the others would "
        "set your records aside. It comes back from a peer when you are linked; then send it "
        "again. What you typed is kept."
    ).format(seq=missing)


def not_signed_unsure(unheard: list[str] | None = None) -> str:
    """Why nothing of ours is signed while a damaged line may have held our newest record;
    ``unheard``: the members who have not said yet what they hold of ours (attack s17 #1: one
    who left early says less than one who got the record)."""
    if unheard:
        return _(
            "Not signed yet: a damaged or missing line of this device's saved records may have "
            "held a record of yours whose number cannot be read, and not everyone has said yet "
            "which of your records they hold. A record signed at that number would split your "
            "chain. Still to link: {names}; once they have, send it again. What you typed is "
            "kept."
        ).format(names=", ".join(unheard))
    return _(
        "Not signed yet: a damaged or missing line of this device's saved records may have held "
        "a record of yours whose number cannot be read. A record signed at that number would "
        "split your chain. "
        "Once a peer is linked and has said which of your records it holds, send it again. "
        "What you typed is kept."
    )


def writes_again(released: int) -> str:
    """What made writing possible again after a gap in our own chain, said once: the missing
    record came back, or (``released``: its seq) nobody else ever got it (journal17 left: the
    screen said a peer sent it back, which was not what happened)."""
    if released:
        return _(
            "You can write again: your record {seq} was lost on this device before anyone else "
            "got it, and every other member has said they do not have it, so a new record "
            "{seq} splits nothing. What you typed can be sent now."
        ).format(seq=released)
    return _(
        "Your own records on this device are whole again (a peer sent back the missing one): "
        "what you typed can be sent now."
    )


def keep_damaged(store: RecordStore, me: str, heads: OwnHeads | None = None) -> None:
    """Keep, as local values, which seqs of ours the damaged lines set aside on opening held:
    the journal is rewritten without them, and their records may not come back before the
    person writes. A record of ours whose place cannot be read makes a session shared with
    others unsure until the members say what they hold of ours. So does each line gone whole
    (``lines_lost``: deleted, or the end cut off, naive s17 F1): nothing in the journal says
    what it held, and it may have been our newest record. Not a session whose highest seq of
    ours is kept outside the journal (``heads``, ``store/own_heads.py``): there the lost lines
    held none of ours past it, and what is missing up to it is known by number (attack s17
    #7: one lost line of someone else's record stopped writing in every shared session)."""
    unsure = store.lines_lost
    for line in store.damaged_lines:
        held = read_damaged(line)
        if held.op != "record" or held.author != me:
            continue
        session, seq = held.session, held.seq
        if not seq and held.prev:
            before = store.get(held.prev)
            if before is not None:
                session, seq = before.session, before.seq + 1
        if not session or not seq:
            unsure += 1
            continue
        if seq > number(store.session_local(session).get(USED_KEY)):
            store.set_session_local(session, {USED_KEY: seq})
    if unsure:
        for session in store.sessions():
            # Others' records held here (not only admissions: a line gone may have been one).
            others = (store.members(session) | set(store.frontier(session))) - {me}
            if others and (me in store.members(session) or store.lines_lost):
                if heads is not None and heads.signed(session) is not None:
                    continue  # our highest seq there is known (``Node._own_loaded``)
                had = number(store.session_local(session).get(UNSURE_KEY))
                store.set_session_local(session, {UNSURE_KEY: had + unsure})
    store.damaged_lines = []


def number(value: object) -> int:
    """A local value read as a count (0 when it is none)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
