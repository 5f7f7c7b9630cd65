"""A fork ends the forker's standing from the fork on, not what the group already built on it.

A member who signed two different records at one seq has their records from that seq on *set
aside* (``chain.py``). Set aside without limit, one forked old record — or a data dir restored
from an old copy — undid a decision resting on their vote, the end of a meeting resting on
their "ready", the admission of a member who has long taken part. So (since 6 December 2026)
a forker's record from the fork on still counts when the group built on it:

- a record not set aside, by another member, names it (its id anywhere in the body: a
  decision naming votes, a move or an end naming a proposal and answers, a confirmation
  naming an admission, an argument on a knot, …);
- it admits a member who has a record of their own not set aside;
- it is the session's opening (a fork at seq 1): of the opening copies the one whose id sorts
  first, so the session is never wiped.

"Not set aside" is the plain rule (author and seq), not this one: one pre-pass over the records,
not a search to a fixed point, so every peer holding the same records keeps the same ones. Both
copies at the fork's seq follow the same rule. Everything else the forker wrote from there on
stays set aside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from beraad.core.identity import is_public_key
from beraad.core.record import Record
from beraad.core.replica import ADMIT_KIND, opens_session

#: Why a set-aside record still counts (``Keeper.why``).
NAMED = "named"
ADMITTED = "admitted"
OPENING = "opening"

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


class Keeper:
    """What the records not set aside name, who wrote them, and whom they admit: enough to say
    which set-aside records still count. Fed each record not set aside once (``note``);
    ``keep`` then reads the set-aside ones. What ``keep`` returns depends only on WHICH records
    were noted and are set aside, never on their order: every peer holding the same records,
    and a full fold of them, keeps the same ones."""

    def __init__(self) -> None:
        #: Named id → author → (order key, id) of that author's first record naming it.
        self._named: dict[str, dict[str, tuple[tuple[int, str, int], str]]] = {}
        #: Author → (order key, id) of their first record not set aside.
        self._spoke: dict[str, tuple[tuple[int, str, int], str]] = {}
        #: Author → ids of their records not set aside (a record of an admitted member).
        self._wrote: dict[str, list[str]] = {}
        #: Admitter → the keys their records not set aside admit.
        self._admits: dict[str, set[str]] = {}

    def note(self, record: Record) -> None:
        """Take in a record not set aside."""
        place = (record.order_key, record.id)
        for name in named_ids(record.body):
            namers = self._named.setdefault(name, {})
            known = namers.get(record.author)
            if known is None or place < known:
                namers[record.author] = place
        first = self._spoke.get(record.author)
        if first is None or place < first:
            self._spoke[record.author] = place
        self._wrote.setdefault(record.author, []).append(record.id)
        member = admitted(record)
        if member is not None:
            self._admits.setdefault(record.author, set()).add(member)

    def puppets(self, aside: Mapping[str, Record]) -> set[str]:
        """Keys whose membership rests on an admission a forker made from their fork on: the
        keys such an admission names, and whom those admit in turn. A forker could make any
        number of them, so what they write never makes a set-aside record count."""
        found = {key for record in aside.values() if (key := admitted(record)) is not None}
        frontier = list(found)
        while frontier:
            for key in self._admits.get(frontier.pop(), ()):
                if key not in found:
                    found.add(key)
                    frontier.append(key)
        return found

    def keep(
        self, aside: Mapping[str, Record], openings: bool = True
    ) -> dict[str, tuple[str, str]]:
        """Set-aside id → (why, the id of the record it counts for) for those still counting
        among ``aside`` (the session's opening among them only with ``openings``: it needs
        every set-aside record to say which copy sorts first)."""
        puppets = self.puppets(aside)
        forkers = {record.author for record in aside.values()}
        # Someone whose standing owes nothing to a forker past the fork has spoken: then only
        # such a one can vouch for an admitted member. (When the forker admitted everyone, a
        # facilitator's restored data dir, taking part is all there is to go on.)
        vouched = any(a not in puppets and a not in forkers for a in self._spoke)

        def named(record_id: str, forker: str) -> str | None:
            places = [
                place
                for author, place in self._named.get(record_id, {}).items()
                if author != forker and author not in puppets
            ]
            return min(places)[1] if places else None

        kept: dict[str, tuple[str, str]] = {}
        for record_id, record in aside.items():
            by = named(record_id, record.author)
            if by is not None:
                kept[record_id] = (NAMED, by)
                continue
            member = admitted(record)
            if member is None or member not in self._spoke:
                continue
            if not vouched:
                kept[record_id] = (ADMITTED, self._spoke[member][1])
                continue
            namers = [n for i in self._wrote[member] if (n := named(i, record.author))]
            if namers:
                kept[record_id] = (ADMITTED, min(namers))
        first = min((r.id for r in aside.values() if opens_session(r)), default=None)
        if openings and first is not None:
            kept[first] = (OPENING, first)
        return kept


def admitted_aside(aside: Iterable[Record]) -> list[str]:
    """Keys a forker's set-aside ``member.admit`` names: the gate lets them write, so that
    the fold can see whether they took part (and then counts the admission)."""
    return sorted({key for record in aside if (key := admitted(record)) is not None})
