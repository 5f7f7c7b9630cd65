"""Forked openings and floods of set-aside admissions (attack s7, findings 2 and 3).

Real signed records through the real gate (``Replica``) and the real reducer, in random arrival
orders and batch splits, as peers take them.
"""

from __future__ import annotations

import random

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.forks import OPENING, admitted_aside
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.replica import Replica
from tests.core.test_deliberation import NONCE, A, B, C
from tests.core.test_fork_standing import _gate, in_batches
from tests.core.writer import EPOCH_MS, SessionWriter


def _signed(w: SessionWriter, who: Identity, seq: int, prev: str | None, lamport: int,
            kind: str, body: dict, seen: tuple = ()) -> Record:  # fmt: skip
    return sign_record(
        who, session=w.session, seq=seq, prev=prev, lamport=lamport, at=EPOCH_MS + lamport,
        kind=kind, body=body, seen=seen,
    )  # fmt: skip


def forked_opening() -> tuple[list[Record], Record, Record]:
    """The creator signs two openings with one nonce: the copy the group works in (its id
    sorts first; the facilitator rule) and another (the consent rule, a lower lamport, so it
    would fold first). The creator admits Bart and Cas over the first; Cas, a colluder, lists
    the other copy as seen and names it. Returns the records, the first copy and the other."""
    w = SessionWriter(A, NONCE, seeing=True)
    while True:
        nonce_title = f"Plein {random.randrange(10**9)}"
        o1 = _signed(w, A, 1, None, 2, "session.open", s.open_body(
            nonce_title, "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE))  # fmt: skip
        o2 = _signed(w, A, 1, None, 1, "session.open", s.open_body(
            "Plein (b)", "Hoe?", "blank", "nl", "consent", "dots", nonce=NONCE))  # fmt: skip
        if o1.id < o2.id:
            break
    a2 = _signed(w, A, 2, o1.id, 3, "member.admit", s.admit_body(B.public_key, "Bart"))
    a3 = _signed(w, A, 3, a2.id, 4, "member.admit", s.admit_body(C.public_key, "Cas"))
    c1 = _signed(w, C, 1, None, 5, "member.name", s.name_body("Cas"),
                 seen=((A.public_key, 1, o2.id),))  # fmt: skip
    c2 = _signed(w, C, 2, c1.id, 6, "knot.add", s.text_body(o2.id))
    b1 = _signed(w, B, 1, None, 7, "member.name", s.name_body("Bart"),
                 seen=((A.public_key, 3, a3.id),))  # fmt: skip
    a4 = _signed(w, A, 4, a3.id, 8, "phase.move", s.move_body("knots"))
    return [o1, o2, a2, a3, c1, c2, b1, a4], o1, o2


def test_a_colluder_seeing_or_naming_another_opening_copy_does_not_make_it_count():
    """Attack s7 #3: Cas's seen head on the other copy kept it, and with its lower lamport it
    folded first: the session became consent-rule and 'Plein (b)', and the copy everyone
    used was refused as 'the session is already open'. Exactly one copy counts, by the
    opening rule alone, whatever names or sees another."""
    records, o1, o2 = forked_opening()
    outcomes = set()
    rng = random.Random(7)
    for _ in range(40):
        order = records[:]
        rng.shuffle(order)
        cuts = sorted(rng.sample(range(1, len(order)), rng.randint(0, len(order) - 1)))
        replica = Replica(o1.session, fold_admits=True)
        fold = Fold(DeliberationReducer())
        for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True):
            _gate(replica, fold, order[start:end])
        info = fold.state.info
        assert info is not None
        assert fold.kept[o1.id] == (OPENING, o1.id) and o2.id not in fold.kept
        assert (info.title, info.process_rule) == (o1.body["title"], "facilitator")
        assert o1.id not in fold.rejected
        outcomes.add(fold.state_hash())
    assert len(outcomes) == 1
    assert len(in_batches(o1.session, records, seed=3, trials=30)) == 1


def test_a_flood_of_set_aside_admissions_costs_no_pass_over_all_of_them_each():
    """Attack s7 #2 (admit_flood): each set-aside admission of a fresh key, one per batch, set
    the kept list anew from every set-aside record (20 ms for the 2000th). A key that has
    written nothing makes nothing count less: the passes stay a handful, and the state is the
    one a full fold of the same records gives."""
    w = SessionWriter(A, NONCE, seeing=True)
    w.ok(A, "session.open", s.open_body(
        "Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE))  # fmt: skip
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    x2 = w.ok(A, "member.name", s.name_body("Anja"))
    y2 = _signed(w, A, x2.seq, x2.prev, x2.lamport, "member.name", s.name_body("Anja b"))
    w.ok(B, "member.name", s.name_body("Bart"))
    prev, lamport, flood = x2.id, w.lamport, []
    for n in range(200):
        key = Identity.from_seed(n.to_bytes(4, "big") * 8).public_key
        lamport += 1
        record = _signed(w, A, x2.seq + 1 + n, prev, lamport, "member.admit",
                         s.admit_body(key, f"P{n}"))  # fmt: skip
        flood.append(record)
        prev = record.id
    replica = Replica(w.session, fold_admits=True)
    live = Fold(DeliberationReducer())
    _gate(replica, live, [*w.records, y2])
    before = live._keeper.passes if live._keeper else 0
    for record in flood:
        _gate(replica, live, [record])
    assert live._keeper is not None and live._keeper.passes - before <= 3
    whole = Fold(DeliberationReducer())
    _gate(Replica(w.session, fold_admits=True), whole, [*w.records, y2, *flood])
    assert live.state_hash() == whole.state_hash() and live.kept == whole.kept


def test_a_set_aside_record_a_member_names_counts_on_every_peer_whatever_the_budget():
    """Attack s7 #1 (core): Bart forks; peer 1 takes 4 MiB of his set-aside junk (below the
    mark) before his set-aside vote r2, peer 2 takes r2 first; Cas names r2. Peer 1 dropped
    r2 over the budget and peer 2 counted it: two hashes for good, even after each was handed
    what the other keeps. r2 is pinned now (something rests on it): kept whatever the budget,
    and sent on again; both peers count it."""
    w = SessionWriter(A, NONCE, seeing=True)
    w.ok(A, "session.open", s.open_body(
        "Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE))  # fmt: skip
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    w.ok(A, "member.admit", s.admit_body(C.public_key, "Cas"))
    for phase in ("knots", "positions", "criteria", "options"):
        w.ok(A, "phase.move", s.move_body(phase))
    option = w.ok(A, "option.add", s.option_body("fence"))
    w.ok(A, "phase.move", s.move_body("decide"))
    b1 = w.ok(B, "member.name", s.name_body("Bart"))
    other = _signed(w, B, 1, None, b1.lamport, "member.name", s.name_body("Bart (b)"))
    for n in range(3):
        w.ok(A, "note.add", s.note_body(None, "experience", f"a{n}"))
    mark = w.lamport
    big = "x" * 60_000
    junk = [_signed(w, B, 2, other.id, 5 + n % 3, "note.add",
                    s.note_body(None, "experience", f"{n}{big}")) for n in range(40)]  # fmt: skip
    junk += [_signed(w, B, 2, other.id, 6, "note.add", s.note_body(None, "experience", f"s{n}"))
             for n in range(200)]  # fmt: skip
    r2 = _signed(w, B, 1, None, mark - 1, "dots.place", s.dots_body({option.id: 3}))
    honest = [*w.records, other]
    cas = w.ok(C, "note.add", s.note_body(None, "experience", r2.id))
    tail = [w.ok(A, "note.add", s.note_body(None, "experience", "later"))]

    def peer(batches: list[list[Record]]) -> tuple[Replica, Fold, list[Record]]:
        replica = Replica(w.session, fold_admits=True)
        fold = Fold(DeliberationReducer())
        sent_on: list[Record] = []  # what the peer sends on again: pinned records
        for batch in batches:
            sent_on += _offered(replica, fold, batch)
        return replica, fold, sent_on

    one = peer([honest, junk, [r2], [cas], tail])
    two = peer([honest, [r2], [cas], junk, tail])
    _offered(one[0], one[1], [*two[0].aside(), *two[2]])
    _offered(two[0], two[1], [*one[0].aside(), *one[2]])
    for replica, fold, _sent in (one, two):
        assert r2.id in {r.id for r in replica.aside()} and r2.id in fold.kept
    assert one[1].state_hash() == two[1].state_hash()
    assert one[0].lamport == two[0].lamport


def _offered(replica: Replica, fold: Fold, batch: list[Record]) -> list[Record]:
    """``_gate``, returning the set-aside records the gate pinned (a node sends them on)."""
    intake = replica.offer(batch)
    pinned = list(intake.pinned)
    while True:
        fold.set_aside_forks(replica.set_aside())
        fold.extend(intake.accepted + intake.set_aside)
        may_write = [*fold.state.members, *admitted_aside(fold.aside.values())]
        fresh = [key for key in dict.fromkeys(may_write) if key not in replica.members]
        if not fresh:
            return pinned
        intake = replica.admit_members(fresh)
        pinned += intake.pinned
