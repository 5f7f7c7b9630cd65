"""Naive s12 K1: the list teaches "a key, then Enter"; where the key acts on no row (Shift+Tab
into Act's list chose none, yet its footer offered every row key), "s" went into the box as
text and the Enter that followed signed an action named "s" for everyone. With no row chosen
the footer offers no row key, and a box holding only such a key sends nothing on Enter and says
why; typed on, it is words like any. Real node, the Act view at 80×24."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from tests.ui.bounded import press_until
from tests.ui.phases_app import SIZE, until
from tests.ui.test_phases_act import act_app, at_a_decided_table, footer_keys

pytestmark = pytest.mark.timeout(120)


def titles(node, session) -> list[str]:
    return [action.text for action in node.state(session).actions.values()]


async def test_a_row_key_with_no_row_chosen_is_not_sent_alone(tmp_path):
    async with at_a_decided_table(tmp_path, ("anja",)) as (nodes, session, decision):
        (anja,) = nodes
        await anja.contribute(session, "action.add", model.action_body("Call", decision))
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            box = view.text_box()
            await until(pilot, lambda: view.state is not None and bool(view.state.actions))
            view.tree.focus()
            await until(pilot, lambda: app.focused is view.tree and view.tree.current is None)
            assert "s" not in footer_keys(app) and "p" not in footer_keys(app)
            actions = len(anja.state(session).actions)
            await pilot.press("s", "enter")
            await until(pilot, lambda: "is a key for a row" in view.query_one("Notice").message)
            assert box.value == "" and len(anja.state(session).actions) == actions
            await pilot.press(*"Say thanks", "enter")  # words: sent as any
            await until(pilot, lambda: len(anja.state(session).actions) == actions + 1)
            assert "Say thanks" in titles(anja, session)
            await pilot.press("shift+tab", "down", "down")  # past the decision: an action
            await until(pilot, lambda: view._action() is not None)
            await until(pilot, lambda: "p" in footer_keys(app))  # Pull, on a row


async def test_a_row_key_typed_in_the_box_while_a_row_is_chosen_is_not_sent(tmp_path):
    """Naive s13 N1/N2: a row chosen below (its detail shows), the person back in the box
    typed "s" then Enter meaning the row's key: an action "s" was signed. Then, refused, the
    words typed next were glued on ("kWachten op…" signed as an action)."""
    async with at_a_decided_table(tmp_path, ("anja",)) as (nodes, session, decision):
        (anja,) = nodes
        await anja.contribute(session, "action.add", model.action_body("Call", decision))
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            box = view.text_box()
            await until(pilot, lambda: view.state is not None and bool(view.state.actions))
            view.tree.focus()
            await pilot.press("down", "down")
            await until(pilot, lambda: view._action() is not None)
            await press_until(pilot, "shift+tab", lambda: app.focused is box, "the text box")
            assert view._action() is not None  # the row is still chosen, its detail shown
            actions = len(anja.state(session).actions)
            await pilot.press("k", "enter")
            await until(pilot, lambda: "is a key for a row" in view.query_one("Notice").message)
            assert len(anja.state(session).actions) == actions
            await pilot.press(*"Waiting for the council", "enter")
            await until(pilot, lambda: len(anja.state(session).actions) == actions + 1)
            assert "Waiting for the council" in titles(anja, session)
            assert not any(title.startswith("kWaiting") for title in titles(anja, session))


async def test_a_table_map_key_typed_in_the_group_box_is_not_a_group(tmp_path):
    """Naive s13 N1, the table map: a group chosen in the list, back in the box, "1" then
    Enter (the hint's "a key, then Enter") added a group named "1": its keys are the table
    map's, not the opening view's, and the guard knew only the view's."""
    from textual.widgets import DataTable, Input

    from beraad.ui.phases.opening import OpeningView
    from tests.ui.phases_app import PhaseApp, close_all, table_of

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "opening")
    (anja,) = nodes
    state = anja.state(session)
    try:
        app = PhaseApp(OpeningView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            box = app.query_one("#group-text", Input)
            box.focus()
            await pilot.press(*"youth", "enter")
            await until(pilot, lambda: len(state.groups) == 1)
            table = app.query_one("#groups", DataTable)
            table.focus()
            await pilot.press("down")
            await until(pilot, lambda: table.show_cursor)
            box.focus()
            await pilot.press("1", "enter")
            view = app.query_one(OpeningView)
            await until(pilot, lambda: "is a key for a row" in view.query_one("Notice").message)
            assert len(state.groups) == 1 and box.value == ""
            await pilot.press(*"shops", "enter")  # words: a group as any
            await until(pilot, lambda: len(state.groups) == 2)
            assert sorted(group.name for group in state.groups.values()) == ["shops", "youth"]
    finally:
        await close_all(nodes)
