"""The table map as the naive tester (s5 finding 7) met it at 80×24, en and nl: Tab from the box
chooses the first group, so the list's keys show and act at once (letters went on into the box
and "e" then a name added a second group); a member's ``e`` on another's group says why not;
a name at the limit says so in words."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable

from beraad.core import session as model
from beraad.core.kinds import MAX_NAME
from beraad.i18n import _
from beraad.ui.phases.opening import OpeningView
from beraad.ui.widgets.member_strip import member_label
from beraad.ui.widgets.table_map import TableMap
from tests.ui.burst import burst
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp, close_all, table_of
from tests.ui.phases_app import until as phase_until
from tests.ui.phases_text import screen_text as phase_text
from tests.ui.test_session_flow import in_the_opening, make_app, screen_text, until

pytestmark = pytest.mark.timeout(120)


async def test_tab_chooses_a_group_and_e_renames_that_group(tmp_path, language, monkeypatch):
    anja = make_app(tmp_path / "anja", "Anja", language)
    async with anja.run_test(size=SIZE) as a:
        screen, view, box = await in_the_opening(a, "How do we make the square nicer?")
        groups = lambda: [g.name for g in screen.state.groups.values()]  # noqa: E731
        for name in ("Residents", "Youht"):
            burst(anja, name)  # typed as one burst: Pilot.press waits ~0.1 s after each key
            await a.press("enter")
            await until(lambda n=name: n in groups(), a)
        await a.press("tab")
        table = view.query_one("#groups", DataTable)
        await until(lambda: anja.focused is table, a)
        assert view.query_one(TableMap).chosen() is not None  # no ↓ needed
        await until(lambda: "1 " + _("Present") in screen_text(anja).splitlines()[-1], a)
        await a.press("down", "e", "enter")  # Youht: the facilitator renames it
        await until(lambda: anja.focused is box and box.value == "Youht", a)
        await a.press(*["backspace"] * 5)
        # The node's answer to the rename is held back until the next name is typed (under
        # load it came after it, and took the line that name's limit was said in with it).
        answer = asyncio.Event()
        contribute = screen.node.contribute

        async def held(*args, **kwargs):  # type: ignore[no-untyped-def]
            await answer.wait()
            return await contribute(*args, **kwargs)

        monkeypatch.setattr(screen.node, "contribute", held)
        burst(anja, "Young people\n")
        # A name at the limit says so in words instead of stopping without a word.
        burst(anja, "x" * (MAX_NAME + 3))  # typed as one burst, as on a slow link
        said = _("A group's name holds at most {n} characters: the rest is not typed.")
        on_screen = lambda: said.format(n=MAX_NAME) in " ".join(screen_text(anja).split())  # noqa: E731
        await until(on_screen, a)
        assert len(box.value) == MAX_NAME  # the keys past the limit typed nothing
        answer.set()
        await until(lambda: not view.query_one(TableMap).sent, a)  # the node answered
        assert groups() == ["Residents", "Young people"]  # renamed, not a group more
        await a.pause()
        assert on_screen()  # the rename's answer did not take the line with it


async def test_a_members_e_on_anothers_group_says_why_not(tmp_path, language):
    nodes, session = await table_of(
        tmp_path, ["anja", "bert"], "consent", "opening", process_rule="consent"
    )
    anja, bert = nodes
    try:
        theirs = (await anja.contribute(session, "group.add", model.group_body("Youth"))).id
        await bert.wait_for(lambda: theirs in bert.state(session).groups, 20)
        app = PhaseApp(OpeningView(session), bert.identity.public_key, node=bert)
        async with app.run_test(size=SIZE) as pilot:
            app.refresh_view()
            await pilot.pause()
            app.query_one("#groups", DataTable).focus()
            await pilot.press("down")
            await phase_until(pilot, lambda: app.query_one(TableMap).chosen() == theirs)
            # Said when `e` is pressed, not only after its Enter (naive s17 F8: "Rename
            # “Youth”? Enter does it", and Enter then refused).
            await pilot.press("e")
            why = _("Only who added {group}, or the facilitator, renames it.").format(group="Youth")
            await phase_until(pilot, lambda: why in " ".join(phase_text(app).split()))
            assert _("Rename “{row}”?").format(row="Youth") not in phase_text(app)
            await pilot.press("enter")
            await phase_until(pilot, lambda: why in " ".join(phase_text(app).split()))
            assert app.query_one(TableMap).renaming is None
        # Under consent Anja still keeps the map (and is named facilitator in the minutes):
        # her ★ shows, as under the facilitator rule.
        state = bert.state(session)
        assert state.info is not None and state.info.process_rule == "consent"
        assert member_label(state, anja.identity.public_key, bert.identity.public_key).endswith(
            " ★"
        )
    finally:
        await close_all(nodes)
