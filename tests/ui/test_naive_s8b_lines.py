"""Lines cut at 80 columns in Dutch (naive s8b finding 13): the status line under the phase bar,
the phase bar's ✓ marks, and an action's title in the Act list, on the real session screen."""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.core.tally import decision_body
from beraad.ui.widgets.phase_bar import steward_line
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_text
from tests.ui.stored_app import session_opened, until
from tests.ui.test_naive_s6 import consent_move, opened_by, three

pytestmark = pytest.mark.timeout(120)

DUTCH = pytest.mark.parametrize("language", ["nl"], indirect=True)


def in_act_with_an_action(title: str):
    """The group decided on new play equipment and is in Act; Anja added ``title``, due on
    2026-12-20, and nobody pulls it yet."""
    w = three("facilitator", phase="options")
    option = w.write(0, "option.add", bodies.option_body("Nieuwe speeltoestellen"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    for member in (0, 1, 2):
        w.write(member, "consent.respond", bodies.consent_body(option, "agree"))
    w.write(0, "vote.close", bodies.close_body("consent.respond"))
    w.write(0, "decision.take", decision_body(w.fold.state, option))
    w.write(0, "phase.move", bodies.move_body("act"))
    decision = w.fold.state.decisions[0].record
    w.write(0, "action.add", bodies.action_body(title, decision, due="2026-12-20"))
    return w


@DUTCH
@pytest.mark.both_languages
async def test_the_dutch_act_row_gives_its_title_the_room(tmp_path, language):
    """The row read "└─ ○ Offerte vragen bij… · open · nog niemand trekt ze · tegen …": cut
    with columns free at the end, and saying twice that nobody pulls it ("○", "open"); every
    done phase of the bar above lost its ✓ ("Opening Knopen … ▸Doen")."""
    title = "Offerte vragen bij aannemer"
    w = in_act_with_an_action(title)
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        await until(lambda: "Offerte" in screen_text(app))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "Offerte" in line)
        assert f"○ {title} · nog niemand trekt ze · tegen 2026-12-20" in row, row
        assert len(row.rstrip()) <= SIZE[0]
        bar = next(line for line in lines if "▸Doen" in line)
        assert bar.strip() == (
            "✓Opening ✓Knopen ✓Standpunten ✓Criteria ✓Oplossingen ✓Beslissen ▸Doen Evalueren"
        )


@DUTCH
@pytest.mark.both_languages
async def test_a_due_date_stays_whole_when_the_list_gets_its_scroll_bar(tmp_path, language):
    """Naive s13 N8: with more actions than fit at 80×24 the list got its scroll bar, and
    each row lost its end to the "…" before it: "· klaar · getrokken door jou · tegen
    2027-01-…", the one fact on the line that matters. The row leaves the bar its columns."""
    w = in_act_with_an_action("Offerte vragen bij aannemer")
    decision = w.fold.state.decisions[0].record
    for n in range(1, 13):
        title = f"Taak {n} om de offerte bij de aannemer op te vragen en te bespreken"
        action = w.write(1, "action.add", bodies.action_body(title, decision))
        w.write(1, "action.due", bodies.due_body(action, f"2027-01-{n + 10}"))
        w.write(1, "action.pull", bodies.pull_body(action))
        w.write(1, "action.update", bodies.action_update_body(action, "done"))
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        tree = screen.view("act").tree
        await until(lambda: "Taak 1 " in screen_text(app) and tree.show_vertical_scrollbar)
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if "Taak " in line]
        assert len(rows) >= 3, rows  # more than fit: the bar shows
        for row in rows:
            n = int(row.split("Taak ")[1].split()[0])
            assert row.startswith(f"  ├─ ✓ Taak {n} om de"), row  # the title gives way
            tail = row.split(" ✓ ")[1].split("…", 1)[1]  # after the title's cut, the bar's
            assert tail.startswith(f" · klaar · getrokken door jou · tegen 2027-01-{n + 10}")


@DUTCH
@pytest.mark.both_languages
def test_the_dutch_status_line_of_a_proposal_fits_80(language):
    """The line read "Volgende: Standpunten · Dr Anja V stelt Standpunten voor: 1 van 3 klaar,
    1 be…": the open proposal is named alone (since 61cb97c), whole in the bar's 78 columns."""
    w = three("consent", phase=None)
    w.write(0, "member.name", bodies.name_body("Dr Anja V"))
    proposal = consent_move(w, "knots", ready=(0,))
    w.write(1, "phase.respond", bodies.respond_body(proposal, "object", "Te vroeg"))
    line = steward_line(w.fold.state)
    assert line == "Dr Anja V stelt Knopen voor: 1 van 3 klaar, 1 bezwaar", line
    assert len(line) <= 78
