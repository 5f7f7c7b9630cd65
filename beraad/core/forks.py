"""A fork ends the forker's standing from the fork on, not what the group already built on it.

A member who signed two different records at one seq has their records from that seq on *set
aside* (``chain.py``). Set aside without limit, one forked old record — or a data dir restored
from an old copy — undid a decision resting on their vote, the end of a meeting resting on
their "ready", the admission of a member who has long taken part. So (since 6 December 2026)
a forker's record from the fork on still counts when the group built on it:

- a record not set aside, by another member, names it (its id anywhere in the body: a
  decision naming votes, a move or an end naming a proposal and answers, a confirmation
  naming an admission, an argument on a knot, …) — any such record, but none by the forker
  (a pre-fork record can name a later one: its prev is chosen freely) or by a *puppet*;
- it admits a member who has a record of their own not set aside, and someone whose standing
  owes nothing to the forker past the fork names it or a record of that member (or nobody like
  that has written at all: the forker admitted everyone);
- a record not set aside, by another member, had SEEN it (``core/seen.py``): listed it among
  the heads it was written on, or listed a record past it in the forker's chain (seeing seq 9
  is seeing seq 1 to 9 on that branch), or a set-aside record that had seen it, and so on —
  but what the forker's (or a puppet's) own records list never brings the forker's records
  back; of those the records it rests on, each by the first such record in fold order;
- it is the session's opening (a fork at seq 1): of the opening copies the one whose id sorts
  first, so the session is never wiped — and only that one: naming or seeing another copy
  never makes it count (a colluder's seen head turned the session's rules over).

A puppet is a key a forker's set-aside admission names (and whom puppets admit): the forker can
make any number of them, so they never make anything count (a forker admitted a fresh key that
named their set-aside vote, and had their vote back and a second one).

"Not set aside" is the plain rule (author and seq), not this one. What is kept depends only on
WHICH records are held (never on the order they came in, nor on which namer sorts first), so
every peer holding the same records keeps the same ones. Both copies at the fork's seq follow
the same rule. Everything else the forker wrote from there on stays set aside.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from beraad.core.record import Record
from beraad.core.replica import admitted, named_ids, opens_session
from beraad.core.seen import written_on

#: Why a set-aside record still counts (``Keeper.why``).
NAMED = "named"
SEEN = "seen"
ADMITTED = "admitted"
OPENING = "opening"


class Keeper:
    """What the records not set aside name, who wrote them, and whom they admit: enough to say
    which set-aside records still count. Fed each record once (``note``, ``note_aside``);
    ``keep`` then reads the set-aside ones. What a full ``keep`` returns depends only on WHICH
    records were noted, never on their order: every peer holding the same records, and a full
    fold of them, keeps the same ones. Between full ones, ``note`` says which set-aside ids a
    record can change, and whether it can take one off the kept list (then all are looked at)."""

    def __init__(self) -> None:
        #: Named id → author → (order key, id) of that author's first record naming it.
        self._named: dict[str, dict[str, tuple[tuple[int, str, int], str]]] = {}
        #: Author → (order key, id) of their first record not set aside.
        self._spoke: dict[str, tuple[tuple[int, str, int], str]] = {}
        #: Author → ids of their records not set aside; id → author.
        self._wrote: dict[str, list[str]] = {}
        self._by: dict[str, str] = {}
        #: Admitter → the keys their records not set aside admit.
        self._admits: dict[str, set[str]] = {}
        #: Admitted key → the set-aside admissions naming them.
        self._admissions: dict[str, set[str]] = {}
        #: As of the last full ``keep``, kept up between: the puppets, and who spoke but them.
        self._puppets: set[str] = set()
        self._speakers: set[str] = set()
        #: Puppets whose admission counts all the same (``_vouched``) and whom they admit: what
        #: they had seen counts (the facilitator of a restored data dir admitted everyone).
        self._trusted: set[str] = set()
        self._admission_ids: dict[str, str] = {}  # set-aside admission → whom it admits
        #: Whose records are set aside (noted so far).
        self._forkers: set[str] = set()
        #: (id, author, seq) a head names → seer → (order key, id) of their first record not
        #: set aside listing it (a head counts only when the record it names is that one).
        self._seen: dict[tuple[str, str, int], dict[str, tuple[tuple[int, str, int], str]]] = {}
        #: Id → the set-aside records whose prev or a head names it (to reach it when it comes).
        self._pointed: dict[str, set[str]] = {}
        #: Forker → set-aside id → (order key, id) of the first record not set aside by
        #: another (no puppet) that had seen it, directly or through set-aside records.
        self._reach: dict[str, dict[str, tuple[tuple[int, str, int], str]]] = {}
        #: Full passes over every set-aside record so far (``keep`` without ``looked``): what
        #: a record may cost; tests count them.
        self.passes = 0

    def note(self, record: Record) -> tuple[set[str], bool]:
        """Take in a record not set aside; returns the set-aside ids it may make count, and
        whether it may make one kept count no more (a puppet admits, or someone who can vouch
        speaks first: then only such a one vouches for whom a forker admitted)."""
        place = (record.order_key, record.id)
        names = named_ids(record.body)
        for name in names:
            namers = self._named.setdefault(name, {})
            known = namers.get(record.author)
            if known is None or place < known:
                namers[record.author] = place
        first = self._spoke.get(record.author)
        spoke_first = first is None  # a puppet's first word may make them trusted
        if first is None or place < first:
            self._spoke[record.author] = place
        self._wrote.setdefault(record.author, []).append(record.id)
        self._by[record.id] = record.author
        member = admitted(record)
        if member is not None:
            self._admits.setdefault(record.author, set()).add(member)
        puppet = record.author in self._puppets
        fewer = (
            (member is not None and puppet)
            or (not puppet and record.author not in self._speakers)
            or (
                puppet
                and record.author not in self._trusted
                and (spoke_first or record.id in self._named)  # named before it came
            )
            or any(self._untrusted(name) for name in names)
        )
        if not puppet:
            self._speakers.add(record.author)
        for head in record.seen:
            key = (head[2], head[0], head[1])
            seers = self._seen.setdefault(key, {})
            known = seers.get(record.author)
            if known is None or place < known:
                seers[record.author] = place
        touched = set(names) | self._admissions.get(record.author, set())
        touched |= {head[2] for head in record.seen}
        for name in names:
            if name in self._by:
                touched |= self._admissions.get(self._by[name], set())
        return touched, fewer

    def note_aside(self, record: Record) -> bool:
        """Take in a set-aside record; True if it may make one kept count no more (an
        admission: its member is a puppet now)."""
        self._forkers.add(record.author)
        if record.prev is not None:
            self._pointed.setdefault(record.prev, set()).add(record.id)
        for head in record.seen:
            self._pointed.setdefault(head[2], set()).add(record.id)
        member = admitted(record)
        if member is None:
            return False
        self._admissions.setdefault(member, set()).add(record.id)
        self._admission_ids[record.id] = member
        if member in self._spoke:
            return True
        # A key that has written nothing yet named, saw, admitted or vouched for nothing: as
        # a puppet from now on it takes nothing off the kept list, so no full pass (a flood
        # of set-aside admissions of fresh keys cost one pass over all set-aside records each).
        self._puppets.add(member)
        return False

    def _settle(self, aside: Mapping[str, Record]) -> None:
        """Say the puppets anew: keys a forker's set-aside admission names, and whom those
        admit in turn. A forker could make any number of them, so what they write never makes
        a set-aside record count."""
        found = {key for record in aside.values() if (key := admitted(record)) is not None}
        frontier = list(found)
        while frontier:
            for key in self._admits.get(frontier.pop(), ()):
                if key not in found:
                    found.add(key)
                    frontier.append(key)
        self._puppets = found
        self._speakers = {author for author in self._spoke if author not in found}
        trusted = {
            key
            for record in aside.values()
            if (key := admitted(record)) is not None and self._vouched(record) is not None
        }
        frontier = list(trusted)
        while frontier:
            for key in self._admits.get(frontier.pop(), ()):
                if key in found and key not in trusted:
                    trusted.add(key)
                    frontier.append(key)
        self._trusted = trusted

    def _untrusted(self, record_id: str) -> bool:
        """Is ``record_id`` a record of a puppet not trusted (yet), or a set-aside admission
        of one? Naming it may make that puppet trusted: then all is said anew."""
        author = self._by.get(record_id) or self._admission_ids.get(record_id)
        return author is not None and author in self._puppets and author not in self._trusted

    def _vouched(self, record: Record) -> str | None:
        """For a forker's set-aside admission: the record it counts for (``ADMITTED``), if
        the member took part and someone whose standing owes nothing to the forker names the
        admission or a record of theirs — or nobody like that has written at all."""
        member = admitted(record)
        if member is None or member not in self._spoke:
            return None
        if not self._speakers - {record.author}:
            # Nobody's standing owes nothing to the forker (they admitted everyone: a
            # facilitator's restored data dir): taking part is all there is to go on.
            return self._spoke[member][1]
        namers = [n for i in self._wrote[member] if (n := self._namer(i, record.author))]
        return min(namers) if namers else None

    def _namer(self, record_id: str, forker: str) -> str | None:
        """The first record naming ``record_id`` by neither ``forker`` nor a puppet."""
        places = [
            place
            for author, place in self._named.get(record_id, {}).items()
            if author != forker and author not in self._puppets
        ]
        return min(places)[1] if places else None

    def keep(
        self,
        aside: Mapping[str, Record],
        looked: Mapping[str, Record] | None = None,
        openings: bool = True,
    ) -> dict[str, tuple[str, str]]:
        """Set-aside id → (why, the id of the record it counts for) for those still counting
        among ``looked`` (None: all of ``aside``, the puppets said anew first; the session's
        opening among them only with ``openings``: it needs every set-aside record to say
        which copy sorts first)."""
        if looked is None:
            self.passes += 1
            self._settle(aside)
            self._reach = {}
            looked = aside
        looked = {**looked, **{i: aside[i] for i in self._spread(aside, looked)}}
        kept: dict[str, tuple[str, str]] = {}
        for record_id, record in looked.items():
            if opens_session(record):
                continue  # an opening copy counts by the opening rule alone (below)
            by = self._namer(record_id, record.author)
            if by is not None:
                kept[record_id] = (NAMED, by)
                continue
            seen = self._reach.get(record.author, {}).get(record_id)
            if seen is not None:
                kept[record_id] = (SEEN, seen[1])
                continue
            vouched = self._vouched(record)
            if vouched is not None:
                kept[record_id] = (ADMITTED, vouched)
        first = min((r.id for r in looked.values() if opens_session(r)), default=None)
        if openings and first is not None:
            kept[first] = (OPENING, first)
        return kept

    def _seer(self, record: Record, party: set[str]) -> tuple[tuple[int, str, int], str] | None:
        """The first record not set aside, by none of ``party``, listing ``record`` as seen."""
        seers = self._seen.get((record.id, record.author, record.seq), {})
        places = [place for author, place in seers.items() if author not in party]
        return min(places) if places else None

    @staticmethod
    def _rests_on(record: Record, aside: Mapping[str, Record], party: set[str]) -> list[str]:
        """The set-aside records ``record`` (set aside) was written on (``seen.written_on``):
        its prev in its chain and — unless one of ``party`` wrote it — the heads it lists."""
        return [r.id for r in written_on(record, aside, heads=record.author not in party)]

    def _spread(self, aside: Mapping[str, Record], looked: Mapping[str, Record]) -> set[str]:
        """Say anew, from the records in ``looked`` on, which set-aside records others had
        seen, and by whose first record (``_reach``, per forker: neither the forker nor a
        puppet vouches). Returns the ids whose answer changed. Each record's answer only
        improves, so the same records give the same answers in any order, and a record
        reached before is passed again only when an earlier seer reaches it."""
        changed: set[str] = set()
        if not looked:
            return changed
        for forker in sorted(self._forkers):
            party = {forker} | (self._puppets - self._trusted)
            reach = self._reach.setdefault(forker, {})
            queue: list[tuple[tuple[tuple[int, str, int], str], str]] = []
            for record_id, record in looked.items():
                offers = [self._seer(record, party)]
                for source in self._pointed.get(record_id, ()):
                    if source in reach and record_id in self._rests_on(aside[source], aside, party):
                        offers.append(reach[source])
                best = min((o for o in offers if o is not None), default=None)
                if best is not None and (record_id not in reach or best < reach[record_id]):
                    reach[record_id] = best
                    heapq.heappush(queue, (best, record_id))
            while queue:
                root, record_id = heapq.heappop(queue)
                if reach.get(record_id) != root:
                    continue  # an earlier seer reached it since
                if aside[record_id].author == forker:
                    changed.add(record_id)
                for target in self._rests_on(aside[record_id], aside, party):
                    if target not in reach or root < reach[target]:
                        reach[target] = root
                        heapq.heappush(queue, (root, target))
        return changed


def admitted_aside(aside: Iterable[Record]) -> list[str]:
    """Keys a forker's set-aside ``member.admit`` names: the gate lets them write, so that
    the fold can see whether they took part (and then counts the admission)."""
    return sorted({key for record in aside if (key := admitted(record)) is not None})
