"""One damaged journal line no longer rolls a session back, and what waits for it is said
(attack s13 #2): ``beraad state``, the minutes (md, html), the newsletter and ``verify`` of
one's own bundle each show everything after the damaged line but the records of its author,
and say how many of theirs wait, and why, in the reader's language. Offline, read-only, as
a person does at home: nothing on disk changes.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.core.identity import fingerprint
from beraad.core.replica import Waiting
from beraad.export.transfer import export_bundle, minutes_text, newsletter_text
from beraad.node import Node
from beraad.store.records import JOURNAL_FILE, STORE_DIR
from beraad.waiting_words import shown_incomplete
from tests.conftest import run_beraad
from tests.lost_line import CHRIS, WAITING, climbed_past_a_lost_line
from tests.ui.stored_app import store_session

pytestmark = pytest.mark.timeout(180)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_state_exports_and_verify_show_the_rest_and_say_what_waits(tmp_path):
    home = tmp_path / "anja"
    lost = climbed_past_a_lost_line(home)
    damaged = lost.journal.read_bytes()
    shown = lost.written - 1 - WAITING  # all but the lost line and Chris's records after it

    state = run_beraad("--data-dir", str(home), "state", lost.session[:8])
    assert state.returncode == 0, state.stderr
    out = state.stdout
    # Before: "phase: Knots", "members: 3", the records up to the climb, and not a word.
    assert "phase: Positions" in out and "members: 4" in out, out
    assert f"records: {shown}" in out, out
    said = _flat(out)
    assert f"{WAITING} records by {CHRIS} wait for their record number 2" in said, said
    assert "it is incomplete" in said and "restores them when you connect" in said
    assert "is damaged" in state.stderr  # the reader's note of the line it read around

    async def read_only() -> tuple[str, str, str]:
        node = await Node.open(home, readonly=True)
        try:
            md = minutes_text(node, lost.session, "md", "nl")
            html = minutes_text(node, lost.session, "html", "en")
            news = newsletter_text(node, lost.session, "md", "nl")
            export_bundle(node, lost.session, tmp_path / "own.bundle")
            return md, html, news
        finally:
            await node.close()

    md, html, news = (_flat(text) for text in asyncio.run(read_only()))
    assert "Huidige fase**: Standpunten" in md  # before: Knopen
    assert "Dewi: light the square" in md  # written after the climb
    assert "Chris waits" not in md
    assert f"{WAITING} records van Chris wachten op hun record nummer 2" in md, md[:2000]
    assert "Dit verslag is onvolledig" in md
    assert f"{WAITING} records by Chris wait for their record number 2" in html
    assert "These minutes are incomplete" in html
    assert f"{WAITING} records van Chris wachten op hun record nummer 2" in news
    assert "Deze nieuwsbrief is misschien onvolledig" in news

    verify = run_beraad("--data-dir", str(home), "verify", str(tmp_path / "own.bundle"))
    said = _flat(verify.stdout)
    assert verify.returncode == 1, verify.stdout  # not a clean pass
    assert f"{WAITING} later records of theirs cannot be placed" in said
    assert "the session as this bundle shows it is incomplete" in said
    # In a bundle what waits moves no lamport mark (a member's bundle of unplaceable records
    # must not lift the importer's clock: attack s14 #1), so the records after Bart's climb
    # are named too; the gap is said first as what makes the record incomplete.
    assert said.index("[gap]") < said.index("[state_hash]"), said
    assert lost.journal.read_bytes() == damaged  # read-only: nothing on disk changed


def test_an_author_whose_name_looks_like_anothers_is_named_with_one_fingerprint():
    """Two members named alike are each shown with their fingerprint by the state already: the
    line said "root (4JZ3-FD73) (4JZ3-FD73)" on the attacker's damaged data dir."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "Safer?"), "nonce": NONCE})
    for n in (1, 2):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, "root"))
    key = w.who[2].public_key
    said = shown_incomplete(w.fold.state, [Waiting(key, 2, 5)])
    assert f"5 records by root ({fingerprint(key)}) wait for their record number 2" in said
    assert said.count(fingerprint(key)) == 1, said


def test_refusals_that_follow_from_the_missing_record_are_not_called_the_groups(tmp_path):
    """Anja's move to Positions is the damaged line (naive s16 N2): Bart's position after it
    is refused here ("the group is in Knots"), while every peer that holds the move counts
    it. The minutes and verify say it apart from a refusal the rules make everywhere (Bart's
    position written while the group really was in Knots)."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "Safer?"), "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body("Anja"))
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, "Bart"))
    w.write(0, "phase.move", bodies.move_body("knots"))
    knot = w.write(1, "knot.add", bodies.text_body("Bart: cars drive too fast"))
    early = w.sign(1, "position.add", bodies.position_body(knot, "Bart: too early, in Knots"))
    w.fold.add(early)
    w.records.append(early)
    # Anja wrote after it: the move, hers next, folds after the early one on every peer.
    w.write(0, "knot.add", bodies.text_body("Anja: the square is dark"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    w.write(0, "position.add", bodies.position_body(knot, "Anja waits"))  # waits for it
    w.write(1, "position.add", bodies.position_body(knot, "Bart: speed bumps"))
    home = tmp_path / "anja"
    store_session(w, home)
    journal = home / STORE_DIR / JOURNAL_FILE
    data = bytearray(journal.read_bytes())
    data[data.index(b'"to":"positions"') + 6] ^= 0x20
    journal.write_bytes(bytes(data))

    async def read_only() -> str:
        node = await Node.open(home, readonly=True)
        try:
            export_bundle(node, w.session, tmp_path / "own.bundle")
            return minutes_text(node, w.session, "md", "en")
        finally:
            await node.close()

    md = _flat(asyncio.run(read_only()))
    rules = md.index("every peer refuses them in the same way")
    here = md.index("refused here, where a record they may rest on is missing")
    assert rules < md.index(early.id[:12]) < here, md  # the early one: as on every peer
    bumps = next(r for r in w.records if r.body.get("text") == "Bart: speed bumps")
    assert md.index(bumps.id[:12]) > here, md
    verify = run_beraad("--data-dir", str(home), "verify", str(tmp_path / "own.bundle"))
    said = _flat(verify.stdout)
    assert "1 record refused by the deliberation rules (as on every peer)" in said, said
    assert "1 record refused as this bundle stands, where a record it may rest on" in said
