"""Who is at the table, in the opening at 80×24, by keyboard in English and Dutch: list the groups
concerned, mark one missing, and turn it into an action that reaches out to them."""

from __future__ import annotations

import contextlib

import pytest
from textual.widgets import DataTable, Input

from beraad.i18n import _, ngettext
from beraad.ui.phases.opening import OpeningView
from beraad.ui.widgets.table_map import FACILITATOR_HINT, HINT, TableMap
from tests.ui.burst import burst
from tests.ui.phases_app import SIZE, PhaseApp, close_all, table_of, until
from tests.ui.phases_text import screen_text

pytestmark = pytest.mark.timeout(120)


async def test_groups_are_listed_marked_and_a_missing_one_becomes_an_action(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "opening")
    (anja,) = nodes
    me = anja.identity.public_key
    state = anja.state(session)
    try:
        app = PhaseApp(OpeningView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            box = app.query_one("#group-text", Input)
            box.focus()
            await pilot.press(*"Youth", "enter")
            await until(pilot, lambda: len(state.groups) == 1)
            await pilot.press(*"Shopkeepers", "enter")
            await until(pilot, lambda: len(state.groups) == 2)
            youth, shops = state.groups
            assert box.value == ""
            # A name twice is refused, in the person's language, and the text stays.
            await pilot.press(*"youth", "enter")
            notice = app.query_one("#group-notice")
            await until(pilot, lambda: bool(notice.message))
            refusal = _("the group {name} is already on the table map").format(name="youth")
            assert refusal in notice.message
            assert box.value == "youth"
            box.value = ""
            table = app.query_one("#groups", DataTable)
            table.focus()
            await pilot.press("3")  # no row chosen yet: nothing is marked, it is text
            await pilot.pause()
            assert state.groups[youth].status is None
            assert app.focused is box and box.value == "3"
            box.value = ""
            table.focus()
            await pilot.press("down", "3", "enter")  # a row key proposes; Enter does it
            await until(pilot, lambda: state.groups[youth].status == "missing")
            await pilot.press("down", "1", "enter")
            await until(pilot, lambda: state.groups[shops].status == "present")
            await pilot.pause()
            assert _("missing") in screen_text(app) and _("present") in screen_text(app)
            # Who reaches out to the youth? An action for that group, from the opening.
            await pilot.press("up", "w", "enter")
            await pilot.pause()
            assert app.focused is box
            assert box.value == _("Reach out to {group}").format(group="Youth")
            # The offered words are selected: what is typed replaces them (naive s13 N16:
            # "Reach out to jongerenCall the youth council" was signed); End keeps them.
            assert box.selected_text == box.value
            await pilot.press(*"Call", "end", *" the club")
            assert box.value == "Call the club"
            box.value = ""
            await pilot.press("escape")
            table.focus()
            await pilot.press("w", "enter")
            await until(pilot, lambda: app.focused is box and bool(box.value))
            await pilot.press("end", *" at the club", "enter")
            await until(pilot, lambda: len(state.actions) == 1)
            (action,) = state.actions.values()
            assert action.group == youth and action.decision is None
            assert action.text == _("Reach out to {group}").format(group="Youth") + " at the club"
            assert state.phase == "opening"
            await pilot.pause()
            # In words (naive s11 F-minor-24: "1× · nobody yet" was cryptic).
            said = ngettext("{n} action, not pulled", "{n} actions, not pulled", 1)
            assert said.format(n=1) in screen_text(app)
    finally:
        await close_all(nodes)


@pytest.mark.parametrize("name", ["[/]", "Jongeren [b]x[/i]"])
async def test_a_group_named_with_markup_is_shown_as_typed_when_reaching_out(tmp_path, name):
    """A member's words are never markup: ``w`` on such a group used to kill the app."""
    nodes, session = await table_of(tmp_path, ["anja", "bert"], "consent", "opening")
    anja, bert = nodes
    try:
        await bert.contribute(session, "group.add", {"name": name})
        # Bert's group reaches Anja over the link before her view opens: the test app draws
        # only at mount, and a refold may replace the state object (read it from the node).
        await anja.wait_for(lambda: len(anja.state(session).groups) == 1, 20)
        app = PhaseApp(OpeningView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.query_one("#groups", DataTable).row_count == 1)
            app.query_one("#groups", DataTable).focus()
            await pilot.press("down", "w", "enter")
            await until(pilot, lambda: app.query_one("#group-text", Input).has_focus)
            # The box scrolls into view after it takes the focus: wait for the frame.
            await until(pilot, lambda: name in screen_text(app))
            assert app.is_running and app.return_code is None
    finally:
        await close_all(nodes)


@pytest.mark.both_languages
async def test_typing_a_group_name_stops_at_the_limit_and_a_longer_one_is_refused_in_words(
    tmp_path, language
):
    """The naive tester typed a 70-character group name and read "name is longer than 60
    characters": typing stops at 60, and a longer name (from another path) says "the name"."""
    from beraad.core.kinds import MAX_NAME
    from beraad.held import NodeError

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "opening")
    (anja,) = nodes
    state = anja.state(session)
    try:
        app = PhaseApp(OpeningView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            box = app.query_one("#group-text", Input)
            box.focus()
            burst(app, "x" * 70)  # as one burst: Pilot.press waits ~0.1 s after each key
            await until(pilot, lambda: len(box.value) == MAX_NAME)
            await pilot.press("enter")  # behind the keys past the limit, which type nothing
            await until(pilot, lambda: len(state.groups) == 1)
            await pilot.pause()
            # Its status shows whole (Dutch "nog niet aangeduid" was cut to "nog niet aangedu").
            assert "· " + _("not marked yet") in screen_text(app)
        with pytest.raises(NodeError) as refused:
            await anja.contribute(session, "group.add", {"name": "y" * (MAX_NAME + 1)})
        said = str(refused.value)
        assert said.startswith(_("the name")), said
    finally:
        await close_all(nodes)


def offered_keys(app) -> set[str]:
    """Every key offered now, also those the footer has no room for (F1 lists them)."""
    return {
        binding.key
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


async def test_only_what_the_fold_takes_is_offered_on_a_group(tmp_path, language):
    """The fold refuses reaching out to a group present before Act and marking present between
    meetings (naive finding): those keys are not offered then, neither is the status it has."""
    from beraad.core import session as model

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "opening")
    (anja,) = nodes
    try:
        shops = (await anja.contribute(session, "group.add", model.group_body("Shops"))).id
        await anja.contribute(session, "group.mark", model.group_mark_body(shops, "present"))
        youth = (await anja.contribute(session, "group.add", model.group_body("Youth"))).id
        app = PhaseApp(OpeningView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one("#groups", DataTable)
            table.focus()
            await pilot.press("down")  # Shops, present
            await pilot.pause()
            keys = offered_keys(app)
            assert "w" not in keys and "1" not in keys and {"2", "3"} <= keys, keys
            # No key acting here now: no action is asked for, and the letter is text for the
            # box, as every letter that is no key of the list (it vanished)
            await pilot.press("w")
            await pilot.pause()
            box = app.query_one("#group-text", Input)
            assert app.query_one(TableMap).reaching is None
            assert app.focused is box and box.value == "w"
            box.value = ""
            table.focus()
            await pilot.press("down")  # Youth, not marked yet
            await pilot.pause()
            assert {"w", "1", "2", "3"} <= offered_keys(app)
            await anja.contribute(session, "meeting.end", {})
            assert anja.state(session).between_meetings
            app.refresh_view()
            await pilot.pause()
            keys = offered_keys(app)
            assert "1" not in keys and {"2", "3", "w"} <= keys, keys
            await pilot.press("1")  # nothing is written: no refusal to read; text
            await pilot.pause()
            assert anja.state(session).groups[youth].status is None
            assert not app.query_one("#group-notice").message
            assert app.focused is box and box.value == "1"
    finally:
        await close_all(nodes)


async def test_its_author_renames_a_group_in_the_box(tmp_path, language):
    """Group names could not be edited (naive finding): `e` on one's own group puts its name in
    the box; a look-alike of another group's name is refused in words and the text stays."""
    from beraad.core import session as model

    nodes, session = await table_of(tmp_path, ["anja", "bert"], "consent", "opening")
    anja, bert = nodes
    try:
        youth = (await anja.contribute(session, "group.add", model.group_body("Youht"))).id
        await bert.contribute(session, "group.add", model.group_body("Shops"))
        # Bert's group arrives over the link (the state may be folded anew: read it each time).
        await anja.wait_for(lambda: len(anja.state(session).groups) == 2, 20)

        def name() -> str:
            return anja.state(session).groups[youth].name

        shops = next(g for g in anja.state(session).groups if g != youth)
        app = PhaseApp(OpeningView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            app.refresh_view()
            await pilot.pause()
            box = app.query_one("#group-text", Input)
            table = app.query_one("#groups", DataTable)
            map_ = app.query_one(TableMap)

            async def choose(group: str) -> None:
                """Tab to the list and ↓ ↑ to the group (the fold orders the rows)."""
                table.focus()
                if map_.chosen() is None:
                    await pilot.press("down")
                row = list(anja.state(session).groups).index(group)
                key = "down" if row > table.cursor_row else "up"
                await pilot.press(*[key] * abs(row - table.cursor_row))
                await until(pilot, lambda: map_.chosen() == group)

            await choose(youth)
            assert "e" in offered_keys(app)
            await pilot.press("e", "enter")
            await pilot.pause()
            assert app.focused is box and box.value == "Youht"
            asked = _("A new name for {group} (Escape cancels)").format(group="Youht")
            assert asked in " ".join(screen_text(app).split())
            await pilot.press(*["backspace"] * 5, *"SHOPS", "enter")
            notice = app.query_one("#group-notice")
            await until(pilot, lambda: bool(notice.message))
            refusal = _("the group {name} is already on the table map").format(name="SHOPS")
            assert refusal in notice.message and box.value == "SHOPS"
            await pilot.press(*["backspace"] * 5, *"Youth", "enter")
            await until(pilot, lambda: name() == "Youth")
            await until(pilot, lambda: box.value == "")
            assert app.query_one(TableMap).renaming is None
            # Bert's group: Anja keeps the map (the facilitator), so she renames it too.
            await choose(shops)
            assert "e" in offered_keys(app)
            await pilot.press("e", "enter")
            await pilot.pause()
            assert app.focused is box and box.value == "Shops"
            await pilot.press(*["backspace"] * 5, *"Shopkeepers", "enter")
            await until(pilot, lambda: anja.state(session).groups[shops].name == "Shopkeepers")
            await until(pilot, lambda: box.value == "")
            # Bert (no facilitator) is not offered Anja's group.
            state, him = anja.state(session), bert.identity.public_key
            assert not map_.would_take(state, him, "rename", youth, ())
            assert map_.would_take(state, him, "rename", shops, ())
            # Escape while asking for a name: back to the group box, nothing renamed.
            await choose(youth)
            await pilot.press("e", "enter", "escape")
            await pilot.pause()
            assert box.value == "" and name() == "Youth"
    finally:
        await close_all(nodes)


@pytest.mark.both_languages
async def test_the_hint_tells_the_facilitator_they_rename_any_group(tmp_path, language):
    """The hint said "e renames yours" also to the facilitator, who may rename every group
    (naive finding); a member's hint stays as it was."""
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "consent", "opening")
    anja, bart = nodes
    try:
        assert anja.state(session).facilitator == anja.identity.public_key
        for node, hint, other in ((anja, FACILITATOR_HINT, HINT), (bart, HINT, FACILITATOR_HINT)):
            app = PhaseApp(OpeningView(session), node.identity.public_key, node=node)
            async with app.run_test(size=SIZE) as pilot:
                app.refresh_view()
                await pilot.pause()
                words = " ".join(screen_text(app).split())
                assert _(hint) in words and _(other) not in words
                # How to reach the list is said, not only its keys (naive s11 F-minor-4).
                assert f"Tab {'to the list' if language == 'en' else 'naar de lijst'}:" in words
                if language == "en" and node is anja:
                    assert "e renames any group; then Enter." in words
    finally:
        await close_all(nodes)


async def test_taking_back_a_group_is_refused_in_words_not_an_id(tmp_path, language):
    """Taking back a group was answered "nothing to retract with id 3f9c…" (naive finding):
    the refusal says in words that a group stays and can be renamed."""
    from beraad.core import session as model

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "opening")
    (anja,) = nodes
    try:
        youth = (await anja.contribute(session, "group.add", model.group_body("Youth"))).id
        app = PhaseApp(OpeningView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            app.refresh_view()
            await pilot.pause()
            app.view.contribute("retract", model.retract_body(youth))
            notice = app.query_one("#group-notice")
            await until(pilot, lambda: bool(notice.message))
            said = _("a group on the table map is not taken back: it stays, and can be renamed")
            assert said in notice.message and youth[:6] not in notice.message

            def words() -> str:
                return " ".join(screen_text(app).split())

            # The notice scrolls itself into view after the refresh that lays it out
            # (``Notice.refused``): the screen a frame earlier (read at once under load)
            # shows its first line above the footer and the rest below the fold.
            with contextlib.suppress(TimeoutError):
                await until(pilot, lambda: said in words(), timeout=5)
            assert said in words()
            assert "Youth" in screen_text(app)  # the group is still there
    finally:
        await close_all(nodes)
