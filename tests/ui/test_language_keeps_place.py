"""A language switch keeps one's place in a long list (naive s10 finding 2: in a Knots list
scrolled to its end, at Knot 272, the switch brought the list back to Knot 0). The real app on
a real store of the benchmark's session, Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.events import Key
from textual.widgets import Input

from benchmarks.ui import build_session
from beraad.i18n import set_language
from beraad.ui.screens.facts import FactsScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.composer import Composer
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.session_people import screen_text
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_session_flow import in_the_opening, make_app
from tests.ui.test_session_flow import until as until_at

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


async def test_the_knots_list_at_its_end_stays_there_across_a_switch(tmp_path: Path):
    w = build_session(200)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, w.session)
        assert isinstance(screen, SessionScreen)
        for _ in range(4):  # Decide → Options → Criteria → Positions → Knots
            await pilot.press("f3")
        await until(lambda: screen.viewing == "knots" and screen.query("#knots-tree"))
        tree = screen.query_one("#knots-tree", ItemTree)
        await until(lambda: tree.last_line > 20)
        tree.focus()
        await pilot.press("end")
        await until(lambda: tree.cursor_line == tree.last_line)
        last = tree.last_line
        words = str(tree.cursor_node.label).split(":")[0]  # type: ignore[union-attr]
        await until(lambda: words in screen_text(app))

        await app.switch_language("nl", save=False)
        await until(
            lambda: screen.query("#knots-tree") and screen.query_one("#knots-tree") is not tree
        )
        again = screen.query_one("#knots-tree", ItemTree)
        await until(lambda: again.last_line == last)
        await until(lambda: again.cursor_line == last)
        await pilot.pause()  # laid out: the old list's parts are gone from the screen's map
        await until(lambda: again.cursor_line == last and words in screen_text(app))
        assert app._exception is None


async def test_a_switch_walks_the_screen_once_to_put_back_what_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``_restore`` found each kept widget by a query of its id, each a walk of the whole
    screen (32 walks, 0.19 s of a switch at 5,000 contributions): now one walk for all."""
    from textual.dom import DOMNode

    from beraad.ui.screens import base

    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        await pilot.pause()
        values = base._form_values(screen)
        assert len(values) > 10
        queries: list[str] = []
        query = DOMNode.query

        def counted(self, selector=None):  # type: ignore[no-untyped-def]
            queries.append(str(selector))
            return query(self, selector)

        monkeypatch.setattr(DOMNode, "query", counted)
        base._restore(screen, values)
        monkeypatch.undo()
        assert queries == []
        assert app._exception is None


async def test_a_switch_says_so_at_once_keeps_the_keys_typed_meanwhile_and_mounts_the_rest_behind(
    tmp_path: Path,
):
    """naive s15 F9: the palette's Enter froze the screen for seconds with no word, and all
    nine views were composed and drawn in that block. Now the toast "Overschakelen naar
    Nederlands…" is on a frame before the screen is composed anew; keys typed while it is
    go, in order, to the box in its new words; only the view looked at and a view holding
    words not sent are composed at once, the others mount behind, the words kept."""
    from textual.widgets import Input

    from benchmarks.ui import NONCE, Writer
    from beraad.core import session as bodies
    from tests.ui.phases_text import screen_text as painted_text

    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Plein", "Safer?"), "nonce": NONCE})
    for n in range(1, 5):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, f"M{n}"))
    w.write(0, "phase.move", bodies.move_body("knots"))
    knots = [w.write(n % 5, "knot.add", bodies.text_body(f"Knot {n}")) for n in range(3)]
    w.write(0, "phase.move", bodies.move_body("positions"))
    w.write(1, "position.add", bodies.position_body(knots[0], "More lamps"))
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        screen.view("knots").query_one("#knot-text", Input).value = "Bankjes"  # not sent
        box = screen.query_one("#position-text", Input)
        box.focus()
        await pilot.press(*"Lamp")
        await until(lambda: box.value == "Lamp")
        said = "Overschakelen naar Nederlands…"
        frames: list[bool] = []  # per frame written: was the toast on it
        display = app._display

        def stamped(shown, renderable):  # type: ignore[no-untyped-def]
            display(shown, renderable)
            if renderable is not None:
                frames.append(said in painted_text(app))

        app._display = stamped  # type: ignore[method-assign]
        at_start: list[object] = []
        recompose = screen.recompose_anew

        async def composing() -> None:
            at_start.append(any(frames))  # a frame with the toast before the work
            for key in "en":  # typed while the switch works: they wait
                app._driver.send_message(Key(key, key))
            await until(lambda: len(app._held_keys) == 2)
            await recompose()

        relabel = screen.relabel

        async def relabelled() -> None:
            await relabel()
            at_start.append([view.phase for view in screen.views()])

        screen.recompose_anew = composing  # type: ignore[method-assign]
        screen.relabel = relabelled  # type: ignore[method-assign]
        app.action_language("nl")
        await until(lambda: len(at_start) == 2)
        assert at_start[0] is True
        await until(lambda: screen.query("#position-text") and not app._held_keys)
        again = screen.query_one("#position-text", Input)
        assert again is not box
        await until(lambda: again.value == "Lampen")  # the keys went, after the switch
        assert app.focused is again
        # composed at once: the view looked at, and the one holding words not sent
        assert sorted(at_start[1]) == ["knots", "positions"]  # type: ignore[arg-type]
        await until(lambda: len(screen.views()) == len(screen.phases))  # the rest, behind
        assert screen.view("knots").query_one("#knot-text", Input).value == "Bankjes"
        await until(lambda: said not in painted_text(app))  # the toast goes when done
        assert app._exception is None


async def test_a_rename_typed_before_a_switch_is_a_rename_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """naive s17 F3: a rename of "Ouders" typed, then a switch, then Enter signed a NEW group
    "Ouders en grootouders!", and the box was out of sight at the top of the screen.
    naive s18 N3: a switch made on the facts screen, then Escape: the empty group box had the
    keys below the 80×24 edge, "Buren" was typed unseen and Enter added it as a group."""
    from beraad.ui.screens import session_language

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        screen, _view, box = await in_the_opening(a)
        await a.press(*"Parents", "enter")
        await until_at(lambda: "Parents" in [g.name for g in screen.state.groups.values()], a)
        await a.press("tab", "e", "enter")  # e proposes, Enter does it
        await until_at(lambda: anja.focused is box and box.value == "Parents", a)
        await a.press("end", *" and grandparents")
        await anja.switch_language("nl", save=False)
        await until_at(lambda: screen.query("#group-text") and anja.focused is not box, a)
        again = screen.query_one("#group-text", Input)
        await until_at(lambda: anja.focused is again, a)
        await until_at(lambda: "Een nieuwe naam voor Parents" in screen_text(anja), a)
        await until_at(lambda: "Parents and grandparents" in screen_text(anja), a)
        await a.press("!", "enter")
        names = lambda: sorted(g.name for g in screen.state.groups.values())  # noqa: E731
        await until_at(lambda: names() == ["Parents and grandparents!"], a)

        # The switch made on the facts screen, over the empty box.
        await until_at(lambda: anja.focused is again and not again.value, a)
        await a.press("ctrl+f")
        await until_at(lambda: isinstance(anja.screen, FactsScreen), a)
        tries: list[int] = []  # the screen's scrolls of the box into sight, each try's count
        in_sight = session_language._in_sight

        def counted(box, left: int = 20) -> None:  # type: ignore[no-untyped-def]
            tries.append(left)
            in_sight(box, left)

        monkeypatch.setattr(session_language, "_in_sight", counted)
        await anja.switch_language("en", save=False)

        # Escape only once the screen below has done with the box (a person reads the facts
        # first): its tries to scroll it into sight ended under the facts, or wait for it to
        # show again.
        def done() -> bool:
            if getattr(screen, "_in_sight_when_shown", None) is not None:
                return True
            laid_out = bool(screen.query("#group-text") and screen.query_one("#group-text").region)
            return bool(tries) and (tries[-1] == 0 or laid_out)

        await until_at(done, a)
        await a.press("escape")
        await until_at(lambda: anja.screen is screen, a)
        box = screen.query_one("#group-text", Input)
        await until_at(lambda: anja.focused is box, a)
        await a.press(*"Neighbours")
        await until_at(lambda: box.value == "Neighbours", a)
        await until_at(lambda: "Neighbours" in screen_text(anja), a, timeout=10)
        assert anja._exception is None


async def test_a_note_typed_before_a_switch_stays_a_note(tmp_path: Path):
    """naive s17 F3: "✎ Your experience:" became "✎ Standpunt:" after a switch, and Enter
    would have signed a position."""
    w = build_session(10)
    app = stored_app(w, tmp_path / "bart")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, w.session)
        for _ in range(3):  # Decide → Options → Criteria → Positions
            await pilot.press("f3")
        await until(lambda: screen.viewing == "positions" and screen.query("#positions-tree"))
        tree = screen.query_one("#positions-tree", ItemTree)
        await until(lambda: tree.last_line > 2)
        tree.focus()
        notes, positions = len(screen.state.notes), len(screen.state.positions)
        await pilot.press("n", "enter", *"Half")  # `n` proposes the note; Enter opens it
        await until(lambda: "Your experience:" in screen_text(app))
        await app.switch_language("nl", save=False)
        await until(lambda: screen.query_one("#positions-tree") is not tree)
        composer = screen.query_one("#positions-composer", Composer)
        await until(lambda: composer.value == "Half" and composer.mode == "note")
        await until(lambda: "Jouw ervaring:" in screen_text(app))
        await pilot.press(*" typed", "enter")
        await until(lambda: len(screen.state.notes) == notes + 1)
        assert "Half typed" in [n.text for n in screen.state.notes.values()]
        assert len(screen.state.positions) == positions
        assert app._exception is None
