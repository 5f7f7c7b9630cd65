"""A language switch keeps one's place in a long list (naive s10 finding 2: in a Knots list
scrolled to its end, at Knot 272, the switch brought the list back to Knot 0). The real app on
a real store of the benchmark's session, Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.ui import build_session
from beraad.i18n import set_language
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.session_people import screen_text
from tests.ui.stored_app import session_opened, stored_app, until

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
