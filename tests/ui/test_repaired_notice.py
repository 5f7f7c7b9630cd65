"""What opening the store repaired is said on screen, in the person's language."""

from __future__ import annotations

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.i18n import translate
from beraad.read_back import unsigned_words
from beraad.ui.notice_line import _in_turns as said
from tests.test_read_back import forged, written_in
from tests.ui.conftest import SIZE
from tests.ui.stored_app import loopback_app, store_session, until


async def test_an_unconfirmed_end_set_aside_is_said_on_screen(language, tmp_path):
    """Junk at the journal's end (an interrupted write, or worse) is set aside when the store
    opens; the app said so in a log file only (attack s11 finding 7): now on screen, with
    where the copy is, and the session is still there. A record "by Bart" written into the
    journal without his signature is set aside once checked after opening, and said too
    (attack s16 #2: it entered the state without a word)."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "Safer?"), "nonce": NONCE})
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, "Bart"))
    home = tmp_path / "anja"
    store_session(w, home, language=language)
    fake = forged(w, 1, "member.name", bodies.name_body("Anja is weg"))
    written_in(home, [fake])
    with (home / "store" / "records.jsonl").open("ab") as handle:
        handle.write(b"x" * 5000)
    app = loopback_app(home)
    title = translate("Repaired", language)
    async with app.run_test(size=SIZE):
        # said in turns at 80 columns: each line is raised at once; whole, it is kept here
        await until(lambda: any(n.title == title for n, _ in said(app).values()))
        (note,) = [n.message for n, _ in said(app).values() if n.title == title]
        lines = [str(n.message).strip("…") for n in app._notifications]
        assert any(line and line in note for line in lines)  # its lines are up
        (copy,) = (home / "store").glob("records.jsonl.torn-*")
        assert str(copy) in note and "5000" in note
        # in words first: the path, bytes and line after (naive s11b N8: it opened with them,
        # and at 80x24 the title is not shown in turns)
        assert note.index(str(home)) > note.index(";") > 40
        await until(lambda: [item.session for item in app.mine] == [w.session])
        aside = translate("Set aside", language)
        await until(lambda: any(n.title == aside for n, _ in said(app).values()))
        notes = [n.message for n, _ in said(app).values() if n.title == aside]
        # since 21259af the forged line is copied aside and the journal rewritten: said too
        (kept,) = (home / "store").glob("records.jsonl.unsigned-*")
        assert len(notes) == 2 and unsigned_words("Speelplein", 1) in notes
        assert any(str(kept) in note for note in notes)
        assert not app.bridge.node.holds(fake.id)
