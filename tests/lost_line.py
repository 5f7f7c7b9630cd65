"""A session whose journal lost one line in the middle, with a climb of the clock after it.

As attack s13 #2 found it, in small: Chris's knot is one flipped bit in the journal; three more
of Chris's records follow it (they wait for it); then Bart climbs the lamport in big legal
steps (the attacker's 10,000-record flood did the same), and only then does Anja admit Dewi and
move the group on to Positions, where Dewi writes. Before the fix, every record after the climb
waited as "lamport ahead" when the journal was read back: the session showed phase Knots and
three members, without a word. Real signatures, a real store and journal, a real flipped bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.ui import NONCE, Writer, people
from beraad.core import session as bodies
from beraad.core.identity import fingerprint
from beraad.core.replica import MAX_LAMPORT_STEP
from beraad.store.records import JOURNAL_FILE, STORE_DIR
from tests.ui.stored_app import store_session

LOST = "Chris: the knot on the lost line"
#: Chris's records after the lost one: they wait for it.
WAITING = 3
#: How Chris is named on a terminal line: name and key's fingerprint.
CHRIS = f"Chris ({fingerprint(people()[2].public_key)})"


@dataclass(frozen=True)
class LostLine:
    session: str
    #: Every record written (the lost one too).
    written: int
    #: The lost line's bytes as they were, and as the flipped bit left them.
    line: bytes
    damaged: bytes
    journal: Path


def climbed_past_a_lost_line(home: Path, language: str = "en", chris: bool = False) -> LostLine:
    """Write the session into ``home`` (Anja's profile and store, or Chris's own: ``chris``)
    and flip one bit of the line holding Chris's knot."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "Safer?"), "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body("Anja"))
    for n, name in ((1, "Bart"), (2, "Chris")):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, name))
    w.write(0, "phase.move", bodies.move_body("knots"))
    knot = w.write(0, "knot.add", bodies.text_body("Anja: the square is dark"))
    w.write(1, "knot.add", bodies.text_body("Bart: cars drive too fast"))
    w.write(2, "knot.add", bodies.text_body("Chris: no benches"))
    w.write(2, "knot.add", bodies.text_body(LOST))
    for n in range(WAITING):
        w.write(2, "knot.add", bodies.text_body(f"Chris waits {n}"))
    for n in range(3):  # each a legal step: at most MAX_LAMPORT_STEP past what was seen
        w.lamport += MAX_LAMPORT_STEP - 1
        w.write(1, "knot.add", bodies.text_body(f"Bart climbs {n}"))
    w.write(0, "member.admit", bodies.admit_body(w.who[3].public_key, "Dewi"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    w.write(3, "position.add", bodies.position_body(knot, "Dewi: light the square"))
    if chris:
        store_session(w, home, identity=w.who[2], name="Chris", language=language)
    else:
        store_session(w, home, language=language)
    journal = home / STORE_DIR / JOURNAL_FILE
    data = bytearray(journal.read_bytes())
    at = data.index(LOST.encode())
    start = data.rindex(b"\n", 0, at) + 1
    end = data.index(b"\n", at) + 1
    line = bytes(data[start:end])
    data[at] ^= 0x20  # one bit, in the middle of the journal
    journal.write_bytes(bytes(data))
    return LostLine(w.session, len(w.records), line, bytes(data[start:end]), journal)
