"""Act at 80×24, by keyboard, in English and Dutch: add an action for the decision, volunteer to
pull it, say it started and that it is stuck (with a note), and step back. Keys a member may not
use are not offered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox

from beraad.core import session as model
from beraad.i18n import _
from beraad.node import Node
from beraad.ui.phases.act import ActView
from beraad.ui.widgets.composer import focus_now
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.bounded import press_until
from tests.ui.burst import burst
from tests.ui.phases_app import (
    SIZE,
    PhaseApp,
    close_all,
    converged,
    decided,
    open_node,
    table_of,
    until,
)
from tests.ui.phases_text import screen_text

pytestmark = pytest.mark.timeout(120)


@asynccontextmanager
async def at_a_decided_table(
    tmp_path: Path, names: tuple[str, ...] = ("anja",)
) -> AsyncIterator[tuple[list[Node], str, str]]:
    """Where most Act tests start: ``names`` at a table that took a decision and moved to Act;
    the nodes, the session and the decision's id. The nodes are closed after, whatever the
    test did."""
    nodes, session = await table_of(tmp_path, list(names), "consent", "options")
    try:
        yield nodes, session, await decided(nodes, session)
    finally:
        await close_all(nodes)


def act_app(node: Node, session: str) -> PhaseApp:
    """The act view of ``node``'s person."""
    return PhaseApp(ActView(session), node.identity.public_key, node=node)


async def box_has_the_keys(app: PhaseApp, pilot: Pilot) -> ActView:
    """The view, its text box given the keys as the session screen does on arrival."""
    view = app.view
    view.focus_default()
    await pilot.pause()
    return view


async def on_the_first_action(app: PhaseApp, pilot: Pilot) -> ActView:
    """The view, its list given the keys and its first action chosen (↓ past the decision)."""
    view = app.view
    view.tree.focus()
    await pilot.press("down", "down")
    await until(pilot, lambda: view._action() is not None)
    await pilot.pause()
    return view


def footer_keys(app) -> set[str]:
    return {
        binding.key
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if binding.show and enabled
    }


async def test_add_pull_update_and_step_back_by_keyboard(tmp_path, language):
    async with at_a_decided_table(tmp_path, ("anja", "bart")) as (nodes, session, decision):
        anja, bart = nodes
        me = anja.identity.public_key
        state = anja.state(session)
        app = PhaseApp(ActView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            # The text box has the keys on arrival; the action serves the decision.
            view.focus_default()  # as the session screen does on arrival
            await pilot.pause()
            assert app.focused is view.text_box()
            assert _("New action for {letter}:").format(letter="A") in screen_text(app)
            burst(pilot.app, "Call the city")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.actions) == 1)
            (action,) = state.actions.values()
            assert (action.text, action.decision, action.pullers) == (
                "Call the city",
                decision,
                [],
            )
            assert _("nobody pulls it yet") in screen_text(app)
            # In the list: choose the action; only pulling is offered to a non-puller.
            await pilot.press("shift+tab", "down", "down")
            await pilot.pause()
            assert view._action() is action
            assert "p" in footer_keys(app) and not {"s", "d", "k", "l"} & footer_keys(app)
            await pilot.press("p", "enter")  # a row key proposes; Enter does it
            await until(pilot, lambda: action.pullers == [me])
            await pilot.pause()
            assert {"s", "d", "k", "l"} <= footer_keys(app) and "p" not in footer_keys(app)
            await pilot.press("s", "enter")
            await until(pilot, lambda: action.status == "started")
            await pilot.pause()
            # Started is said once (naive finding: "s Started" stayed offered); done, stuck stay.
            assert "s" not in offered_keys(app) and {"d", "k"} <= footer_keys(app)
            # Stuck asks why first, in the text box; the note goes with it.
            await pilot.press("k", "enter")
            await pilot.pause()
            assert app.focused is view.text_box()
            burst(pilot.app, "Nobody answers")
            await pilot.press("enter")
            await until(pilot, lambda: action.status == "stuck")
            assert action.updates[-1].note == "Nobody answers"
            await pilot.pause()
            text = screen_text(app)
            assert _("pulled by {names}").format(names=_("you")) in text
            assert _("stuck") in text and "Nobody answers" in text
            # The keys are back in the box (as after every Enter); Shift+Tab is the list, on
            # the same action, where l acts (naive finding: Shift+Tab used to land in the box).
            assert app.focused is view.text_box()
            await pilot.press("shift+tab")
            await pilot.pause()
            assert app.focused is view.tree and view._action() is action
            await pilot.press("l", "enter")
            await until(pilot, lambda: action.pullers == [])
            # Nobody pulls it now: its status is open again, its updates stay; Bart sees it too.
            assert action.status == "open" and len(action.updates) == 2
            await bart.wait_for(lambda: bart.state(session).actions.get(action.id) is not None, 20)


async def test_before_any_decision_the_view_says_actions_follow_one(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "No decision yet" in screen_text(app)
            assert not app.view.composer.display  # not the moment to add actions
    finally:
        await close_all(nodes)


async def test_a_member_waiting_for_confirmation_is_told_they_volunteer_once_confirmed(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "consent", "options")
    anja, bart = nodes
    driss = await open_node(tmp_path, "driss")
    nodes.append(driss)
    try:
        await driss.join((await bart.invite(session)).code, address=bart.address)
        key = driss.identity.public_key
        decision = await decided(nodes, session, voters=[anja, bart])
        await anja.contribute(session, "action.add", model.action_body("Call the city", decision))
        await converged(nodes, session)
        state = driss.state(session)
        assert state.members[key].pending and len(state.actions) == 1
        app = PhaseApp(ActView(session), key, node=driss)
        async with app.run_test(size=SIZE) as pilot:
            await on_the_first_action(app, pilot)
            assert "p" not in footer_keys(app)  # pulling is not offered yet
            said = _("You can volunteer once your admission is confirmed.")
            assert said in " ".join(screen_text(app).split())
    finally:
        await close_all(nodes)


async def test_a_new_action_beside_a_table_map_action_is_not_for_a_decision(tmp_path):
    """The prompt said "New action for A" with the cursor on an action reaching out to a group
    (naive finding 13): it names the decision only where the new action serves one."""
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        group = (await anja.contribute(session, "group.add", model.group_body("Youth"))).id
        await anja.contribute(session, "group.mark", model.group_mark_body(group, "missing"))
        reach = model.action_body("Visit the club", group=group)
        reaching = (await anja.contribute(session, "action.add", reach)).id
        await decided(nodes, session)
        state = anja.state(session)
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await box_has_the_keys(app, pilot)
            for_a = _("New action for {letter}:").format(letter="A")
            assert for_a in screen_text(app)  # nothing chosen: the latest decision
            view.tree.focus()
            await press_until(
                pilot, "down", lambda: getattr(view._action(), "id", None) == reaching, "the action"
            )
            await pilot.pause()
            assert for_a not in screen_text(app) and _("New action:") in screen_text(app)
            await pilot.press("tab", *"Call the school", "enter")
            await until(pilot, lambda: len(state.actions) == 2)
            added = next(a for a in state.actions.values() if a.text == "Call the school")
            assert added.decision is None
    finally:
        await close_all(nodes)


async def test_a_row_shows_where_the_action_stands_and_who_pulls_it_whole(tmp_path, language):
    """At 80 columns the naive tester read "… · open · nobody pulls i" and "getrokken door ji":
    the action's text gives way, never its status or who pulls it."""
    async with at_a_decided_table(tmp_path) as (nodes, session, decision):
        (anja,) = nodes
        long = "Reach out to the shopkeepers at the corner of the market square and ask them"
        first = await anja.contribute(session, "action.add", model.action_body(long, decision))
        await anja.contribute(session, "action.add", model.action_body(long + " too", decision))
        await anja.contribute(session, "action.pull", {"action": first.id})
        await anja.contribute(
            session, "action.update", {"action": first.id, "status": "stuck", "note": "closed"}
        )
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            text = screen_text(app)
            stuck = _("pulled by {names}").format(names=_("you"))
            assert f"{_('stuck')} · {stuck}" in text, text
            # An open action nobody pulls says so once (naive s8b 13: "open" took its title's room)
            assert f"… · {_('nobody pulls it yet')}" in text, text
            assert f" · {_('open')} · " not in text, text


async def test_an_action_is_marked_internal_beside_the_box(tmp_path, language):
    """README promises internal actions (left out of the newsletter): Ctrl+N beside the box
    ticks "Internal" while the box keeps the keys (naive finding 4; Tab is the list, naive
    finding n3-2); the next one is public again."""
    async with at_a_decided_table(tmp_path) as (nodes, session, _decision):
        (anja,) = nodes
        state = anja.state(session)
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await box_has_the_keys(app, pilot)
            assert _("Internal") in screen_text(app)  # in sight beside the box
            # Its mark without colour: empty unticked ("▐X▌ Internal" read as ticked in a
            # plain terminal, naive s13 N9), X once ticked
            assert f"▐ ▌ {_('Internal')}" in screen_text(app)
            assert "ctrl+n" in footer_keys(app)
            await pilot.press(*"Book the ", "ctrl+n", *"hall")
            assert view.query_one("#act-internal", Checkbox).value
            await until(pilot, lambda: f"▐X▌ {_('Internal')}" in screen_text(app))
            assert app.focused is view.text_box()
            await pilot.press("enter")
            await until(pilot, lambda: len(state.actions) == 1)
            (hall,) = state.actions.values()
            assert hall.internal and hall.decision == state.decisions[0].record
            await pilot.pause()
            assert _("internal") in screen_text(app)
            assert app.focused is view.text_box()
            burst(pilot.app, "Tell the street")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.actions) == 2)
            told = next(a for a in state.actions.values() if a.text == "Tell the street")
            assert not told.internal


def offered_keys(app) -> set[str]:
    """Every key offered now, also those the footer has no room for (F1 lists them)."""
    return {
        binding.key
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if enabled
    }


async def test_edit_and_take_back_are_not_offered_once_another_pulls_it(tmp_path, language):
    """The fold refuses editing or taking back an action someone else pulls (naive finding):
    its author is offered e and r only until then."""
    async with at_a_decided_table(tmp_path, ("anja", "bart")) as (nodes, session, decision):
        anja, bart = nodes
        added = await anja.contribute(session, "action.add", model.action_body("Call", decision))
        await anja.contribute(session, "action.pull", model.pull_body(added.id))
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await on_the_first_action(app, pilot)
            assert {"e", "r"} <= offered_keys(app)  # her own, only she pulls it
            await converged(nodes, session)
            await bart.contribute(session, "action.pull", model.pull_body(added.id))
            await converged(nodes, session)
            app.refresh_view()
            await pilot.pause()
            assert not {"e", "r"} & offered_keys(app)
            await pilot.press("e")  # nothing: no edit starts
            await pilot.pause()
            assert view.composer.mode == "add"


async def test_a_due_date_is_set_changed_and_taken_away_with_u(tmp_path, language):
    """A due date could only be set by API (naive finding): `u` on the action asks for the day
    in the box, a wrong day is said in the person's language and the text stays to correct."""
    async with at_a_decided_table(tmp_path, ("anja", "bart")) as (nodes, session, decision):
        anja, bart = nodes
        added = await anja.contribute(session, "action.add", model.action_body("Call", decision))
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await on_the_first_action(app, pilot)
            assert "u" in offered_keys(app)
            await pilot.press("u", "enter")
            await pilot.pause()
            assert app.focused is view.text_box()
            assert _("Due date (YYYY-MM-DD):") in screen_text(app)
            wrong = _(
                "A due date is a day written YYYY-MM-DD, between 2000 and 2199: say 2027-03-31."
            )
            for bad in ("1999-12-31", "2027-02-29", "next week"):
                await pilot.press(*bad, "enter")
                await until(pilot, lambda: wrong in " ".join(screen_text(app).split()))
                assert view.composer.value == bad and view.composer.mode == "due"
                await pilot.press(*["backspace"] * len(bad))
            burst(pilot.app, "2027-03-31")  # its "-" were lost with tests/ui/burst.py's lookup
            await pilot.press("enter")
            action = anja.state(session).actions[added.id]
            await until(pilot, lambda: anja.state(session).actions[added.id].due == "2027-03-31")
            await until(pilot, lambda: view.composer.mode == "add")
            assert app.focused is view.text_box() and view._action() is not None
            await pilot.pause()
            due = _("due {date}").format(date="2027-03-31")
            # on the action's row in the list, not only in the detail (naive finding)
            assert any(
                line.lstrip(" │├└─").startswith("○ Call") and due in line
                for line in screen_text(app).splitlines()
            ), screen_text(app)
            # Changing it: the box holds the day it has; empty takes it away.
            await pilot.press("shift+tab", "u", "enter")
            await pilot.pause()
            assert view.composer.value == "2027-03-31"
            await pilot.press(*["backspace"] * 10, "enter")
            await until(pilot, lambda: anja.state(session).actions[added.id].due is None)
            # Once Bart pulls it, Anja no longer sets its date; Bart does.
            await converged(nodes, session)
            await bart.contribute(session, "action.pull", model.pull_body(action.id))
            await converged(nodes, session)
            app.refresh_view()
            await pilot.press("shift+tab")
            await pilot.pause()
            assert "u" not in offered_keys(app)


async def test_tab_from_the_box_is_the_list_and_its_keys(tmp_path):
    """Naive finding: Tab from the box landed on "Internal", whose footer offered p and l
    that said "first choose a line" and ↑ ↓ did nothing. Tab is the new action's due day
    (a text box beside it), Tab again the list, as help says; never "Internal"."""
    async with at_a_decided_table(tmp_path) as (nodes, session, _decision):
        (anja,) = nodes
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await box_has_the_keys(app, pilot)
            assert app.focused is view.text_box()
            await pilot.press("tab")  # the new action's due day, beside the box
            assert app.focused is view.due_box
            await pilot.press("tab")
            assert app.focused is view.query_one(ItemTree)
            await pilot.press("down")
            assert view.tree.current is not None  # ↓ chooses a row there
            await pilot.press("tab")
            assert not isinstance(app.focused, Checkbox)


async def test_a_due_date_is_given_while_adding_an_action(tmp_path, language):
    """A due day could only be set with `u` after adding (naive finding): Tab from the box is
    the new action's due day; Enter there (or in the box) adds the action with it; a day that
    is no date (or not in ASCII digits) is said under the box and both fields keep their words."""
    async with at_a_decided_table(tmp_path) as (nodes, session, decision):
        (anja,) = nodes
        state = anja.state(session)
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await box_has_the_keys(app, pilot)
            assert _("Due:") in screen_text(app) and _("YYYY-MM-DD") in screen_text(app)
            # One burst: the text, Tab, the day, Enter, and the next action's first words.
            await pilot.press(*"Book the hall", "tab", *"2027-03-31", "enter", *"Tell")
            await until(pilot, lambda: len(state.actions) == 1)
            (hall,) = state.actions.values()
            assert (hall.text, hall.due, hall.decision) == ("Book the hall", "2027-03-31", decision)
            # The keys are back in the box, the day empty for the next action.
            assert app.focused is view.text_box() and view.composer.value == "Tell"
            assert view.due_box.value == ""
            await pilot.pause()
            assert _("due {date}").format(date="2027-03-31") in screen_text(app)
            wrong = _(
                "A due date is a day written YYYY-MM-DD, between 2000 and 2199: say 2027-03-31."
            )
            for day in ("2027-3-31", "٢٠٢٧-٠٣-٣١", "2027-02-30", "31-02-2027"):
                view.due_box.value = day
                await pilot.press("enter")  # in the box: Enter adds, with the day beside it
                notice = view.query_one("#act-notice")
                await until(pilot, lambda: wrong in " ".join(screen_text(app).split()))
                assert len(state.actions) == 1, day  # nothing sent
                assert view.composer.value == "Tell" and view.due_box.value == day
                assert app.focused is view.due_box  # where the mistake is
                notice.clear()
                await pilot.pause()
                focus_now(view.composer.input)
            view.due_box.value = ""
            await pilot.press(*" the street", "tab", *"2027-04-01", "enter")
            await until(pilot, lambda: len(state.actions) == 2)
            told = next(a for a in state.actions.values() if a.text == "Tell the street")
            assert told.due == "2027-04-01"
            # Without a day: no due date; Enter in the empty day's field with no text says so.
            burst(pilot.app, "Paint the fence")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.actions) == 3)
            fence = next(a for a in state.actions.values() if a.text == "Paint the fence")
            assert fence.due is None
            await pilot.press("tab", "enter")
            await pilot.pause()
            said = _("Write what needs doing first; Enter adds it.")
            await until(pilot, lambda: said in " ".join(screen_text(app).split()))
            assert app.focused is view.text_box() and len(state.actions) == 3


@pytest.mark.both_languages
async def test_a_due_day_is_taken_as_people_write_it(tmp_path, language):
    """Naive s11 F-minor-11: 15-1-2027 was refused ("a day written YYYY-MM-DD"). Day first is
    read where it means one day only: 3/4/2027 in English is refused, in Dutch the 3rd of
    April."""
    async with at_a_decided_table(tmp_path) as (nodes, session, _decision):
        (anja,) = nodes
        state = anja.state(session)
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            await box_has_the_keys(app, pilot)
            await pilot.press(*"Book the hall", "tab", *"15-1-2027", "enter")
            await until(pilot, lambda: len(state.actions) == 1)
            assert next(iter(state.actions.values())).due == "2027-01-15"
            await pilot.press(*"Tell the street", "tab", *"3/4/2027", "enter")
            if language == "nl":
                await until(pilot, lambda: len(state.actions) == 2)
                told = next(a for a in state.actions.values() if a.text == "Tell the street")
                assert told.due == "2027-04-03"
            else:
                wrong = _(
                    "A due date is a day written YYYY-MM-DD, between 2000 and 2199: say 2027-03-31."
                )
                await until(pilot, lambda: wrong in " ".join(screen_text(app).split()))
                assert len(state.actions) == 1


async def test_internal_is_offered_only_while_the_box_has_the_keys(tmp_path, language):
    """`^n Internal` showed in the footer while the list had the keys, where it does nothing
    (naive finding): it is offered in the box and in the due day beside it, not in the list."""
    async with at_a_decided_table(tmp_path) as (nodes, session, _decision):
        (anja,) = nodes
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await box_has_the_keys(app, pilot)
            assert "ctrl+n" in footer_keys(app)
            internal = "^n " + _("Internal")
            await until(pilot, lambda: internal in screen_text(app).splitlines()[-1])
            await pilot.press("shift+tab")
            await pilot.pause()
            assert app.focused is view.tree
            assert "ctrl+n" not in offered_keys(app)
            await until(pilot, lambda: internal not in screen_text(app).splitlines()[-1])
            # No action in the list yet: nothing to pull (naive s7 finding 10)
            assert "p " + _("Pull") not in screen_text(app).splitlines()[-1]
            await pilot.press("down")
            await pilot.pause()
            assert "ctrl+n" not in offered_keys(app)
            await pilot.press("ctrl+n")  # not offered: nothing is ticked
            await pilot.pause()
            assert not view.query_one("#act-internal", Checkbox).value
            await pilot.press("tab", "tab")  # the box, then the due day beside it
            await pilot.pause()
            assert app.focused is view.due_box and "ctrl+n" in footer_keys(app)


@pytest.mark.both_languages
async def test_an_update_mark_names_you_as_the_subject(tmp_path, language):
    """Dutch read "vastgelopen: … — jou" under the action: the mark of who said it is the
    subject there, "— jij" (as on facts), while "getrokken door jou" stays."""
    async with at_a_decided_table(tmp_path) as (nodes, session, decision):
        (anja,) = nodes
        added = await anja.contribute(session, "action.add", model.action_body("Call", decision))
        await anja.contribute(session, "action.pull", model.pull_body(added.id))
        await anja.contribute(
            session, "action.update", {"action": added.id, "status": "stuck", "note": "closed"}
        )
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            await on_the_first_action(app, pilot)
            text = screen_text(app)
            assert f"{_('stuck')}: closed {_('— you')}" in text, text
            assert _("pulled by {names}").format(names=_("you")) in text
            if language == "nl":
                assert "vastgelopen: closed — jij" in text and "— jou" not in text
                assert "getrokken door jou" in text


async def test_the_due_day_takes_no_letters_and_says_so(tmp_path, language):
    """Naive s9 finding 15: `p s d`, meant for the list, gave "Due: psd" with no word. The
    due day takes digits and dashes only; a refused key is said under the box, and what was
    typed before it stays."""
    async with at_a_decided_table(tmp_path) as (nodes, session, _decision):
        (anja,) = nodes
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await box_has_the_keys(app, pilot)
            await pilot.press("tab", *"2027-0", "p", "s", "d")
            await pilot.pause()
            assert app.focused is view.due_box and view.due_box.value == "2027-0"
            said = _(
                "“{typed}” was not typed: a due date is a day written YYYY-MM-DD, say "
                "2027-03-31. Tab goes to the list."
            ).format(typed="d")
            await until(pilot, lambda: said in " ".join(screen_text(app).split()))
            await pilot.press(*"3-31", "9")  # an eleventh character is refused too
            await pilot.pause()
            assert view.due_box.value == "2027-03-31"
            assert said.replace("“d”", "“9”") in " ".join(screen_text(app).split())


async def test_an_action_taken_back_says_so_in_the_list_not_open(tmp_path, language):
    """naive s11b N10: `p` then `r`, a reason, Enter took Anja's own action back; the minutes
    struck it, but the Act list still read "○ Buurt vragen · open · pulled by you" (the
    strike alone, which a terminal may not show) — then and when the view was opened again."""
    async with at_a_decided_table(tmp_path) as (nodes, session, decision):
        (anja,) = nodes
        state = anja.state(session)
        await anja.contribute(session, "action.add", model.action_body("Ask the street", decision))
        (action,) = state.actions.values()
        pulled = f"{_('open')} · {_('pulled by {names}').format(names=_('you'))}"
        for again in (False, True):  # as taken back, and as a later look at Act shows it
            app = act_app(anja, session)
            async with app.run_test(size=SIZE) as pilot:
                view = await on_the_first_action(app, pilot)
                if not again:
                    await pilot.press("p", "enter")  # a row key proposes; Enter does it
                    await until(pilot, lambda: action.pullers == [anja.identity.public_key])
                    await pilot.pause()
                    assert pulled in screen_text(app)
                    await pilot.press("r", "enter", *"ima", "enter")
                    await until(pilot, lambda: not action.live)
                    await pilot.pause()
                    view.tree.focus()
                    await pilot.pause()
                text = screen_text(app)
                assert f"{_('(taken back)')} Ask the street" in text, text
                assert pulled not in text, text
                assert _("Taken back: {reason}").format(reason="ima") in text, text
                assert not {"p", "s", "d", "k", "l", "r", "e"} & offered_keys(app)
