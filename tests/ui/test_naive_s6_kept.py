"""What the sixth naive session typed and lost, or could not reach (findings 5, 8, 9, 11, 14
of naive_s6_report): boxes, lists and the lobby keep what is typed."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.core.tally import decision_body
from beraad.i18n import translate
from beraad.ui.app import BeraadApp
from beraad.ui.messages import MySessionsChanged, NearbyChanged
from beraad.ui.models import MySession, NearbyItem
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.item_tree import ItemTree, Row
from beraad.ui.widgets.my_sessions import MySessionsList
from beraad.ui.widgets.nearby_list import NearbyList
from beraad.ui.widgets.table_map import TableMap
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.phases_app import SIZE, PhaseApp
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_decide_naive_s6 import long_names_table
from tests.ui.test_naive_s6 import NAMES, opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_edit_box_starts_with_the_cursor_after_the_words(tmp_path):
    """Once the box had added a knot, `e` put the knot's words in it with the cursor at
    the start: "on the cornerParked cars block the view" was signed. The cursor is always
    after the words to edit."""
    w = three()
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        node = screen.node
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Parked cars block the view", "enter")
        await until_app(lambda: len(node.state(w.session).knots) == 1)
        await pilot.press("tab", "down", "e", "enter")
        await until_app(lambda: screen.focused is box and view.composer.mode != "add")
        await pilot.press(*" on the corner", "enter")
        await until_app(
            lambda: any("corner" in k.text for k in node.state(w.session).knots.values())
        )
        texts = [k.text for k in node.state(w.session).knots.values()]
        assert texts == ["Parked cars block the view on the corner"]


async def test_escape_in_the_groups_list_lets_go_so_words_go_to_the_box(tmp_path):
    """Tab to the opening's groups list, Escape, "wijkraad": `w` asked who reaches out and
    the rest was glued to that action's text. Escape lets go of the chosen group: the word
    goes into the group box, and no list key fires."""
    w = three(phase=None)
    w.write(1, "group.add", bodies.group_body("Parents of the school"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("opening")
        box = view.text_box()
        await until_app(lambda: screen.focused is box)
        await until_app(lambda: "Parents of the school" in screen_words(app))
        await pilot.press("tab")
        table = view.query_one(TableMap).query_one("#groups", DataTable)
        assert screen.focused is table and view.query_one(TableMap).chosen() is not None
        await pilot.press("escape", *"wijkraad")
        await until_app(lambda: box.value == "wijkraad")
        assert screen.focused is box
        assert view.query_one(TableMap).reaching is None


async def test_escape_in_the_knots_list_lets_go_of_the_row(tmp_path):
    """The same in a tree list: ↓ chooses a knot, Escape lets go, and `m` then `e` are text
    for the box (they marked the knot and opened its edit)."""
    w = three()
    knot = w.write(1, "knot.add", bodies.text_body("Cars drive too fast"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab", "down")
        assert view.tree.current is not None
        await pilot.press("escape")
        assert view.tree.current is None and screen.focused is view.tree
        await pilot.press(*"me")
        await until_app(lambda: box.value == "me")
        assert view.composer.mode == "add"
        assert not screen.node.state(w.session).knots[knot].matters


def test_f1_says_escape_in_a_list_lets_go_of_the_row():
    """F1 said Escape "leaves you in the box", which in a list it did not: it says what
    Escape does there, in both languages."""
    assert "in a list it lets go of the chosen row" in translate(SessionScreen.HELP_TEXT, "en")
    assert "in een lijst laat het de gekozen regel los" in translate(SessionScreen.HELP_TEXT, "nl")


STREET = [
    MySession("a" * 32, "Buurthuis", "", "evaluate", 3, left_at=5),
    MySession("b" * 32, "Speelplein", "", "decide", 6),
    MySession("c" * 32, "Street meeting", "", "opening", 3),
]
NEAR = [NearbyItem("d" * 32, "Elsewhere", "192.168.1.20:7070", 2)]


async def test_lobby_down_leaves_continue_for_the_list(app: BeraadApp):
    """Ctrl+L, ↓↓ to "Street meeting", Enter: ↓ did nothing while "Continue" had the keys,
    so Enter opened Buurthuis for three people. ↓ goes on into the list below (and ↑ back),
    and the Tab order is the screen's: Continue, the lists, the buttons."""
    async with app.run_test(size=SIZE) as pilot:
        await until_app(lambda: isinstance(app.screen, LobbyScreen))
        lobby = app.screen
        lobby.post_message(MySessionsChanged(STREET))
        await until_app(lambda: app.focused is lobby.query_one("#continue"))
        mine = lobby.query_one(MySessionsList).query_one(DataTable)
        await pilot.press("down")
        assert app.focused is mine and mine.cursor_row == 0
        await pilot.press("up")
        assert app.focused is lobby.query_one("#continue")
        await pilot.press("down", "down", "down")
        assert app.focused is mine and mine.cursor_row == 2
        opened: list[LobbyScreen.Requested] = []
        post = lobby.post_message

        def asked(message: Message) -> bool:  # what Enter asks the app for, and only that
            if isinstance(message, LobbyScreen.Requested):
                opened.append(message)
                return True
            return post(message)

        lobby.post_message = asked
        await pilot.press("enter")
        await until_app(lambda: opened)
        assert opened[0].what == "open" and opened[0].item.title == "Street meeting"
        del lobby.post_message
        lobby.post_message(NearbyChanged(NEAR))
        await until_app(lambda: lobby.query_one(NearbyList).items)
        lobby.set_focus(lobby.query_one("#continue"))
        chain = []
        for _ in range(6):
            await pilot.press("tab")
            chain.append(app.focused.id or app.focused.parent.id)
        assert chain == ["nearby", "mine", "start", "join", "connect", "continue"]


async def test_lobby_columns_fit_their_words_from_the_first_frame(app: BeraadApp, language):
    """The table's columns were as wide as their headers until it was focused ("Buurth
    Eval 3"): Textual measured the rows only when idle. They fit the words at once."""
    async with app.run_test(size=SIZE) as pilot:
        await until_app(lambda: isinstance(app.screen, LobbyScreen))
        mine = app.screen.query_one(MySessionsList)
        mine.show(STREET)  # and nothing idles before the widths are looked at
        table = mine.query_one(DataTable)
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        padding = 2 * table.cell_padding
        assert widths[0] - padding >= len("Street meeting")
        phases = [translate(label, language) for label in ("Evaluate", "Decide", "Opening")]
        assert widths[1] - padding >= max(len(p) for p in phases)
        await pilot.pause()


class _TreeApp(App[None]):
    """One item tree, as a phase view holds it."""

    def compose(self) -> ComposeResult:
        yield ItemTree(id="tree")


async def test_a_tree_line_cut_at_its_edge_ends_in_an_ellipsis():
    """Act's tree cut a decision at the screen's edge with no "…" ("Beslissing A: … buren
    van j"), so the cut words read as the whole decision. A cut line ends in "…"; one that
    fits does not."""
    app = _TreeApp()
    long = "Decision A: A weekly open coffee morning for all the neighbours of our street"
    async with app.run_test(size=(40, 6)) as pilot:
        tree = app.query_one(ItemTree)
        tree.rows(
            [
                Row("d", "decision", "d", Text(long)),
                Row("s", "decision", "s", Text("Decision B: Benches")),
            ]
        )
        await pilot.pause()
        lines = [tree.render_line(y).text.rstrip() for y in range(2)]
        assert lines[0].endswith("…") and len(lines[0]) <= 40
        assert lines[0][:-1] in long
        assert lines[1].endswith("Decision B: Benches")


@pytest.mark.both_languages
async def test_ctrl_l_says_scores_typed_but_not_cast_are_not_kept(tmp_path, language):
    """Scores typed in the ballot and never cast were dropped without a word on Ctrl+L. Ctrl+L
    asks first, saying they are not cast (naive s8 finding 7: said only once they were gone);
    Tab, Enter goes to the lobby."""
    w = Writer()
    open_ = bodies.open_body("Our street", "What do we do?", decision_rule="matrix")
    w.write(0, "session.open", {**open_, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(NAMES[0]))
    for step in ("knots", "positions", "criteria"):
        w.write(0, "phase.move", bodies.move_body(step))
    w.write(0, "criterion.add", bodies.text_body("Safe"))
    w.write(0, "phase.move", bodies.move_body("options"))
    w.write(0, "option.add", bodies.option_body("Speed bumps"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        await until_app(lambda: app.focused is grid)
        await pilot.press("7")
        await until_app(lambda: grid.given())
        await pilot.press("ctrl+l")
        await until_app(lambda: isinstance(app.screen, ConfirmScreen))
        said = {"en": "the scores you typed", "nl": "de getallen die je typte"}[language]
        assert said in app.screen.question
        await pilot.press("tab", "enter")
        await until_app(lambda: isinstance(app.screen, LobbyScreen))


@pytest.mark.parametrize("key", ["end", "pagedown", "down"])
async def test_after_a_decision_the_keys_scroll_to_the_result_tables(key):
    """After a decision at 80×24, PgDn, ↓ and End did not reach the result tables below
    (only after Tab): the ballot that had the keys went, and nothing that scrolls got them.
    The view's page gets them."""
    t = long_names_table(14, decided=False)
    app = PhaseApp(DecideView(t.session), t.keys[0], state=t.state)
    async with app.run_test(size=SIZE) as pilot:
        page = app.view.query_one(VerticalScroll)
        await pilot.pause()
        app.view.focus_default()  # as on arrival in the session: the ballot has the keys
        await until_app(lambda: app.focused is app.view.query_one("#ballot"))
        t.write(0, "vote.close", bodies.close_body("score.set"))
        t.write(0, "decision.take", decision_body(t.state))
        app.fixed_state = t.state
        app.refresh_view()
        await pilot.pause()
        assert page.max_scroll_y > 0  # the tables are below the screen's edge
        await pilot.press(key)
        await pilot.pause()
        assert page.scroll_y > 0


async def test_the_criteria_table_at_80_columns_shows_a_name_that_fits(tmp_path, language):
    """At 80 columns the criteria table cut "Fits the parking needs of reside…" while the
    header "Mine (0–100)" took a line's width for a number of three digits. The header goes
    over two lines and the name shows whole."""
    w = three(phase="criteria")
    w.write(0, "criterion.add", bodies.text_body("Fits the parking needs of residents"))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        await until_app(lambda: "1. Fits the parking" in screen_words(app))
        await pilot.pause()
        assert "1. Fits the parking needs of residents" in screen_words(app)
