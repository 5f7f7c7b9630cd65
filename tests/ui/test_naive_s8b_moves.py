"""Late in a consent meeting at 80×24 (naive s8b findings 2 and 12): in F6 the highlighted
choice is always in sight, with the line saying what it replaces, before Enter sends it; and
the others are told a proposal replaced an earlier one."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from beraad.core.session import PHASES
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.session_people import f6_opened, in_act_by_consent, moved_by_consent
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)

LONG = (
    "We have not yet asked the neighbours on the corner what they think, and the budget "
    "for the bumps is not settled; I do not want to evaluate anything at all tonight"
)


def in_act_with_an_objection():
    """Consent, the group in Act; Chris proposes Evaluate and Anja objects at length."""
    w = in_act_by_consent()
    proposal = w.write(2, "phase.propose", {"to": PHASES[7]})
    w.write(0, "phase.respond", {"proposal": proposal, "response": "object", "reason": LONG})
    return w


def dialog_words(app) -> str:
    """The words inside the dialog's frame, lines joined (a wrapped sentence still matches)."""
    return " ".join(" ".join(line.strip(" █").split()) for line in screen_text(app).splitlines())


def seen(choices: OptionList) -> bool:
    """The highlighted choice lies wholly inside the rows the list shows (as a person sees it)."""
    top = choices.scroll_offset.y
    first = choices._index_to_line[choices.highlighted]  # textual's map of option to rows
    last = first + choices._heights[choices.highlighted] - 1
    return top <= first and last < top + choices.scrollable_content_region.height


async def test_the_highlighted_choice_stays_in_sight_at_80x24(tmp_path, language):
    w = in_act_with_an_objection()
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        _screen, dialog, choices = await f6_opened(pilot, w.session)
        assert choices.option_count >= 7
        hint = dialog.query_one("#phase-hint", Static)  # "Enter replaces …" for a proposal
        words = lambda widget: " ".join(str(widget).split())  # noqa: E731
        for n in range(choices.option_count):
            await pilot.press("down")
            assert choices.highlighted == n
            label = words(choices.get_option_at_index(n).prompt)
            # Once the dialog has settled (the list shrinks for a longer hint), the person
            # sees the highlighted choice whole, and the line saying what Enter replaces.
            await until_app(lambda: seen(choices) and words(hint.content) in dialog_words(app))
            assert label in dialog_words(app)


async def test_the_others_are_told_a_proposal_replaced_the_open_one(tmp_path, language):
    """Anja proposed Positions; Bart proposed going back to Opening instead. Chris was told
    "Bart proposes moving to Opening" under "Next: Positions · Bart proposes Opening" (naive s8b
    finding 12): the announcement says it goes back and replaces Anja's, the line above names
    only the proposal that is open."""
    from beraad.core import session as bodies
    from beraad.i18n import _
    from beraad.ui.widgets.phase_bar import phase_label, steward_line

    w = three("consent", phase=None)
    moved_by_consent(w, "knots")
    w.write(0, "phase.propose", bodies.propose_body("positions"))
    app = opened_by(w, tmp_path / "chris", 2, language)
    async with app.run_test(size=SIZE, notifications=True):
        screen = await session_opened(app, w.session)
        w.write(1, "phase.propose", bodies.propose_body("opening"))
        screen.node.ingest(w.session, list(w.records))
        said = _("{name} proposes going back to {phase}. Press F6 to answer ready or object.")
        said = said.format(name="Bart", phase=phase_label("opening"))
        earlier = _("{name}'s proposal to move to {phase}").format(
            name="Anja", phase=phase_label("positions")
        )
        told = lambda: " ".join(n.message for n in app._notifications)  # noqa: E731 (in turns)
        await until_app(lambda: said in told() and f"{earlier}." in told())
        await until_app(lambda: said in " ".join(screen_words(app).split()))
        status = steward_line(screen.node.state(w.session), screen.me)
        assert status == _(
            "{name} proposes going back to {phase}: {ready} of {members} ready"
        ).format(name="Bart", phase=phase_label("opening"), ready=0, members=3)
