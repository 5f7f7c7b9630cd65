"""The wall's invitation and people spoken for (attack s9 finding 2). Any member may write
"as scribe" for any name, checked against nobody. One knot for a speaker named "Anja" made the
wall ask to hear more from "Anja", the member who wrote most, with no mark; fifteen one-knot
names spread the even share so thin that Carla, who really was quiet, was no longer invited.
Real node and store, every record signed: Mallory, Bart and Carla sign their own by hand (as a
modified app would) and the node takes them through the one path every record takes."""

from __future__ import annotations

import time
from typing import Any

from beraad.core import session as model
from beraad.core.balance import VOICES_PER_SCRIBE, quieter_in_the_room
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.i18n import set_language
from beraad.node import Node
from beraad.ui.projector_view import quieter_line, speaking_line


class Pen:
    """A member's own chain, signed by hand."""

    def __init__(self, seed: int) -> None:
        self.identity = Identity.from_seed(bytes([seed]) * 32)
        self.seq = 0
        self.prev: str | None = None

    def put(self, node: Node, sid: str, kind: str, body: dict[str, Any]) -> None:
        self.seq += 1
        record = sign_record(
            self.identity,
            session=sid,
            seq=self.seq,
            prev=self.prev,
            lamport=max(r.lamport for r in node.records(sid)) + 1,
            at=int(time.time() * 1000),
            kind=kind,
            body=body,
        )
        self.prev = record.id
        assert record.id in node.ingest(sid, [record]), node.rejected(sid).get(record.id)


async def test_people_spoken_for_are_marked_and_cannot_silence_a_quiet_member(tmp_path):
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        sid = (await anja.create_session(title="t", focus="f")).session
        await anja.contribute(sid, "member.name", {"name": "Anja"})
        mallory, bart, carla = Pen(0x21), Pen(0x22), Pen(0x23)
        for pen, name in ((mallory, "Mallory"), (bart, "Bart"), (carla, "Carla")):
            body = model.admit_body(pen.identity.public_key, name)
            await anja.contribute(sid, "member.admit", body)
        await anja.contribute(sid, "phase.move", model.move_body("knots"))
        for n in range(8):
            await anja.contribute(sid, "knot.add", model.text_body(f"Anja {n}"))
            bart.put(anja, sid, "knot.add", model.text_body(f"Bart {n}"))
        for n in range(4):
            mallory.put(anja, sid, "knot.add", model.text_body(f"Mallory {n}"))
        carla.put(anja, sid, "knot.add", model.text_body("Carla once"))
        here = {anja.identity.public_key} | {p.identity.public_key for p in (mallory, bart, carla)}
        assert quieter_line(anja.state(sid), here) == "We would like to hear more from: Carla"

        # (a) One knot "as scribe" for a speaker named like the member who wrote most.
        body = model.spoken_for(model.text_body("noted for Anja"), "Anja")
        mallory.put(anja, sid, "knot.add", body)
        line = quieter_line(anja.state(sid), here)
        assert line == "We would like to hear more from: Carla, ✎ Anja via Mallory"
        # The hand and the word name the scribe too, on the same wall.
        mallory.put(anja, sid, "hand.raise", model.spoken_for(model.hand_raise_body(), "Anja"))
        assert speaking_line(anja.state(sid)) == "Hands up: Anja via Mallory"

        # (b) Fifteen one-knot names: Carla, who is here and quiet, is still invited, first;
        # one scribe's names add at most VOICES_PER_SCRIBE shares, and the wall names only
        # as many of them before "others".
        for n in range(15):
            body = model.spoken_for(model.text_body(f"x{n}"), f"Zz{n}")
            mallory.put(anja, sid, "knot.add", body)
        state = anja.state(sid)
        rows = quieter_in_the_room(state, here)
        assert rows[0].name == "Carla" and not rows[0].spoken_for
        assert all(row.spoken_for for row in rows[1:])
        assert {row.scribe for row in rows[1:]} == {mallory.identity.public_key}
        line = quieter_line(state, here)
        assert line == (
            "We would like to hear more from: Carla, ✎ Anja via Mallory, ✎ Zz0 via Mallory, "
            "✎ others via Mallory"
        )
        assert VOICES_PER_SCRIBE == 2  # the line above names two of Mallory's
        set_language("nl")  # conftest sets English back
        assert quieter_line(state, here).endswith("✎ anderen via Mallory")
    finally:
        await anja.close()


async def test_an_honest_scribe_beside_two_people_without_a_device(tmp_path):
    """The cap does not touch the room the method has in mind: Bart writes for Zoë and Amina,
    who both speak; the one who said little is invited, marked, and the quiet member too."""
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        sid = (await anja.create_session(title="t", focus="f")).session
        await anja.contribute(sid, "member.name", {"name": "Anja"})
        bart, carla = Pen(0x22), Pen(0x23)
        for pen, name in ((bart, "Bart"), (carla, "Carla")):
            body = model.admit_body(pen.identity.public_key, name)
            await anja.contribute(sid, "member.admit", body)
        await anja.contribute(sid, "phase.move", model.move_body("knots"))
        for n in range(5):
            await anja.contribute(sid, "knot.add", model.text_body(f"Anja {n}"))
            bart.put(anja, sid, "knot.add", model.spoken_for(model.text_body(f"Z {n}"), "Zoë"))
        bart.put(anja, sid, "knot.add", model.text_body("Bart"))
        bart.put(anja, sid, "knot.add", model.text_body("Bart again"))
        bart.put(anja, sid, "knot.add", model.spoken_for(model.text_body("A"), "Amina"))
        here = {anja.identity.public_key, bart.identity.public_key, carla.identity.public_key}
        # 13 said over Anja, Bart, Carla, Zoë and Amina: half an even share is 1.3.
        line = quieter_line(anja.state(sid), here)
        assert line == "We would like to hear more from: Carla, ✎ Amina via Bart"
    finally:
        await anja.close()
