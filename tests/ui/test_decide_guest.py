"""A guest reads the vote and the criteria weights; they get no ballot to fill in (the fold takes
no vote or weight of theirs): no score grid, no seal, no cast, close or take keys, no "Mine"
column in the weights, and the result tables read as for everyone. At 80×24, in en and nl, on a
real node and store."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Static

from benchmarks.ui import MEMBERS, NONCE, Writer
from beraad.core import session as bodies
from beraad.core.identity import Identity
from beraad.i18n import translate
from beraad.ui.phases.criteria import GUEST_HOW_TO as CRITERIA_GUEST
from beraad.ui.phases.decide import GUEST_HOW_TO, DecideView
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)


def offered_keys(screen) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        binding.key
        for _node, binding, enabled, _tip in screen.active_bindings.values()
        if enabled and binding.description
    }


def in_decide_with_a_guest(guest: Identity, upto: str = "decide") -> Writer:
    """Anja and Bart weigh two criteria and score three options; Gina came in as a guest.
    ``upto`` "options": the group stays there, three options added."""
    w = Writer()
    opened = bodies.open_body("Speelplein", "Safer?", decision_rule="matrix", admission="confirmed")
    w.write(0, "session.open", {**opened, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, MEMBERS[1]))
    w.write(0, "member.admit", bodies.admit_body(guest.public_key, "Gina", "guest"))
    for phase in ("knots", "positions", "criteria"):
        w.write(0, "phase.move", bodies.move_body(phase))
    criteria = [w.write(n, "criterion.add", bodies.text_body(f"Criterion {n}")) for n in (0, 1)]
    for n in (0, 1):
        w.write(n, "weight.set", bodies.weights_body({c: 50 + n for c in criteria}))
    w.write(0, "phase.move", bodies.move_body("options"))
    options = [w.write(n % 2, "option.add", bodies.option_body(f"Option {n}")) for n in range(3)]
    if upto == "options":
        return w
    w.write(0, "phase.move", bodies.move_body("decide"))
    for n in (0, 1):
        sheet = {
            o: {c: (n + i + j) % 11 for j, c in enumerate(criteria)} for i, o in enumerate(options)
        }
        w.write(n, "score.set", bodies.scores_body(sheet))
    return w


async def test_a_guest_sees_the_results_and_no_ballot(language, tmp_path):
    gina = Identity.from_seed(bytes([77]) * 32)
    w = in_decide_with_a_guest(gina)
    app = stored_app(w, tmp_path / "gina", identity=gina, name="Gina", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: screen._shown.get("decide"))
        await pilot.pause()
        assert screen.viewing == "decide"
        view = screen.view("decide")
        assert isinstance(view, DecideView)

        assert not view.shows(view.query_one("#ballot", VoteGrid))
        assert not view.shows(view.query_one("#seal", Checkbox))
        assert not view.query_one("#cast").display
        assert not view.query_one("#my-vote").display  # no "you have not voted yet"
        how_to = view.query_one("#how-to", Static).content
        assert str(how_to) == translate(GUEST_HOW_TO, language)
        # The result reads as for everyone: the rule's sentence and the tables.
        assert str(view.query_one("#rule-status", Static).content)
        assert view.query_one("#result", RenderedOnce).key is not None
        assert not {"ctrl+s", "ctrl+o", "ctrl+g"} & offered_keys(screen)
        records = len(screen.node.records(w.session))
        await pilot.press("ctrl+s")
        await pilot.press("1")
        await pilot.pause()
        assert len(screen.node.records(w.session)) == records  # nothing was cast

        screen.look_at("criteria")
        await pilot.pause()
        criteria = screen.view("criteria")
        weights = criteria.query_one("#weights", VoteGrid)
        assert "mine" not in weights.columns  # the group's figures only
        assert weights.row_count == len(screen.state.live_criteria())
        assert not criteria.query_one("#weights-how").display
        hint = criteria.query_one("#criteria-how", Static).content
        assert str(hint) == translate(CRITERIA_GUEST, language)
        assert "ctrl+s" not in offered_keys(screen)
        # Nothing to type in the guest's table: no "⏎ Next row" (naive s11 F-minor-19).
        weights.focus()
        await pilot.pause()
        assert app.focused is weights and "enter" not in offered_keys(screen)


async def test_a_guest_is_not_told_to_type_a_group(language, tmp_path):
    """Naive s9 finding 13: a guest read "Which groups does this concern? Type one below…",
    then "There is nothing to type in here now". The opening's list says what it is."""
    from beraad.ui.widgets.table_map import HINT, READ_HINT

    gina = Identity.from_seed(bytes([77]) * 32)
    w = in_decide_with_a_guest(gina)
    app = stored_app(w, tmp_path / "gina", identity=gina, name="Gina", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: screen._shown.get("decide"))
        screen.look_at("opening")
        await until(lambda: screen._shown.get("opening"))
        await pilot.pause()
        hint = str(screen.view("opening").query_one("#groups-hint", Static).content)
        assert hint == translate(READ_HINT, language) != translate(HINT, language)


async def test_a_guest_typing_where_guests_do_not_write_is_told_so(language, tmp_path):
    """Naive s11 F-minor-19: a guest's "nice" typed in a phase without a box vanished."""
    from tests.ui.test_session_flow import screen_text

    gina = Identity.from_seed(bytes([77]) * 32)
    w = in_decide_with_a_guest(gina)
    app = stored_app(w, tmp_path / "gina", identity=gina, name="Gina", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: screen._shown.get("decide"))
        records = len(screen.node.records(w.session))
        await pilot.press(*"nice")
        said = translate(
            "As a guest you write only in Evaluate, once the group is there.", language
        )
        await until(lambda: said in " ".join(screen_text(app).split()))
        assert len(screen.node.records(w.session)) == records


async def test_a_guests_sentence_is_refused_whole_not_kept_from_its_first_space(tmp_path):
    """naive s18 N10: a guest typed "Bring the neighbours along" in Options: "Bring" was
    refused, the space took the keys into the hidden Options box and " the neighbours
    along" stayed there, where she cannot send it; after F3 F5 the whole sentence went in.
    Now every letter and space is refused with the same line, and no box takes them."""
    from textual.widgets import Input

    from tests.ui.test_session_flow import screen_text

    gina = Identity.from_seed(bytes([77]) * 32)
    w = in_decide_with_a_guest(gina, upto="options")
    app = stored_app(w, tmp_path / "gina", identity=gina, name="Gina")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: screen._shown.get("options"))
        said = "As a guest you write only in Evaluate, once the group is there."
        typed = lambda: [box.value for box in screen.query(Input) if box.value]  # noqa: E731
        await pilot.press(*"Bring the neighbours along")
        await until(lambda: said in " ".join(screen_text(app).split()))
        assert typed() == [] and not isinstance(app.focused, Input)
        await pilot.press("f3", "f5")
        await until(lambda: screen.viewing == "options")
        await pilot.press(*"Bring the neighbours along")
        await pilot.pause()
        assert typed() == [] and not isinstance(app.focused, Input)
