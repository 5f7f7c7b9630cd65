"""Who is known to hold a record of mine: a peer whose receipt (or hello) says it holds my
chain that far, or a member whose later record lists my chain as seen.

The sync has no acknowledgements: a record sent on a link whose cable was just pulled looks
sent for the ~20 s until the link is found dead. What is certain is what the records say: each
record lists the heads of other authors' chains its author had seen (``core/seen.py``), and
having seen my seq 9 means holding my seq 1 to 9. So "your vote is in" is said once another
member's record shows they hold it; until then the decide view says where the vote is (written
here; on its way to those connected, or to nobody: naive s8 finding 2, s8b finding 10).
Since a record of theirs may come minutes later in a quiet room, peers also send receipts
(``beraad/receipts.py``): a peer that stored my records says how far it holds my chain, soon
after; an older peer sends none, and then only its records say it (naive s10 finding 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from beraad.core.record import Record


def holders(
    records: Sequence[Record],
    me: str,
    mine: Iterable[str],
    receipts: Mapping[str, int] | None = None,
) -> frozenset[str]:
    """The others who hold my chain up to the last of my records ``mine`` or past it: peers
    whose ``receipts`` (peer → seq of my chain it said it holds) reach it, and authors whose
    records (``records`` in fold order) list it as seen. Only records after it in fold order
    can (a record written on mine has a higher lamport), so the walk stops there."""
    wanted = set(mine)
    found: set[str] = set()
    later: list[Record] = []
    for record in reversed(records):
        if record.id in wanted and record.author == me:
            seq = record.seq
            found.update(p for p, held in (receipts or {}).items() if held >= seq and p != me)
            for other in later:
                if other.author not in found and any(
                    author == me and head >= seq for author, head, _id in other.seen
                ):
                    found.add(other.author)
            return frozenset(found)
        if record.author != me:
            later.append(record)
    return frozenset()
