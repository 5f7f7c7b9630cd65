"""What a row key's proposal says, where the row alone does not say it (naive s12 K3, K4, K6).

A link's second key named only the row under the cursor ("Link “Too hot” to another knot?"),
as if the link started there; `m` asked "Change whether … matters to you?", neither marking
nor taking back (and read badly in Dutch); in Positions `+` opened the argument's box at once
where every other key on the row asked first. The real app over a real store, Pilot at 80×24;
the records counted in the node.
"""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.i18n import _
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)

HOT, SHADE = "Too hot on the square", "No shade at noon"


def asked(words: str) -> str:
    """A proposal's whole line, as the view says it."""
    return _("{question} Enter does it; Escape not; typing goes to the box.").format(question=words)


@pytest.mark.both_languages
async def test_a_link_names_both_knots_and_m_says_mark_or_unmark(tmp_path, language):
    w = three(phase="knots")
    hot = w.write(0, "knot.add", bodies.text_body(HOT))
    shade = w.write(0, "knot.add", bodies.text_body(SHADE))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        await until_app(lambda: screen.viewing == "knots" and app.focused is view.composer.input)
        await pilot.press("tab", "down", "down")  # "No shade at noon", the second knot
        await until_app(lambda: view.tree.current is not None and view.tree.current.item == shade)
        await pilot.press("l")  # the link starts here: it says so, not "link … to another"
        start = _("Start a link from “{row}”? Then choose the other knot and press l or p.")
        await until_app(lambda: asked(start.format(row=SHADE)) in screen_words(app))
        await pilot.press("enter")
        await until_app(lambda: view.linking == shade)
        await pilot.press("up", "p")  # on "Too hot…": the link would make the first part of it
        part_of = _("Make “{first}” part of “{row}”?").format(first=SHADE, row=HOT)
        await until_app(lambda: asked(part_of) in screen_words(app))
        assert not screen.state.links  # nothing signed yet
        await pilot.press("enter")
        await until_app(lambda: bool(screen.state.links))
        (link,) = screen.state.links.values()
        assert (link.source, link.target, link.relation) == (shade, hot, "part_of")

        # m on a knot one has not marked marks it; on one marked, it takes the mark away
        await pilot.press("m")
        mark = _("Mark that “{row}” matters to you?").format(row=HOT)
        await until_app(lambda: asked(mark) in screen_words(app))
        await pilot.press("enter")
        await until_app(lambda: screen.me in screen.state.knots[hot].matters)
        await pilot.press("m")
        unmark = _("Take away your mark: “{row}” no longer matters to you?").format(row=HOT)
        await until_app(lambda: asked(unmark) in screen_words(app))
        if language == "nl":  # plain Flemish Dutch, not "Veranderen of … belangrijk is"
            assert "Niet meer aanduiden dat “Too hot on the square” belangrijk is voor jou?" in (
                screen_words(app)
            ), screen_text(app)
        await pilot.press("enter")
        await until_app(lambda: screen.me not in screen.state.knots[hot].matters)


async def test_plus_proposes_like_every_key_on_the_row(tmp_path, language):
    w = three(phase="knots")
    knot = w.write(0, "knot.add", bodies.text_body(HOT))
    w.write(0, "phase.move", bodies.move_body("positions"))
    w.write(0, "position.add", bodies.position_body(knot, "Plant trees"))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("positions")
        box = view.composer.input
        await until_app(lambda: screen.viewing == "positions" and app.focused is box)
        await pilot.press("tab", "down", "down")  # the position
        await until_app(lambda: view._position() is not None and view.tree.current.kind != "knot")
        # + proposes: nothing opens until Enter
        await pilot.press("plus")
        question = _("Write an argument for “{row}”?").format(row="Plant trees")
        await until_app(lambda: asked(question) in screen_words(app))
        assert view.composer.mode == "position" and app.focused is view.tree
        assert "⏎ " + _("Do it") in screen_text(app).splitlines()[-1]
        await pilot.press("enter")
        await until_app(lambda: view.composer.mode == "argument" and app.focused is box)
