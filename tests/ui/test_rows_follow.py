"""A row follows what it shows when a peer's record reshapes the list: a knot clustered by a
peer keeps the cursor (its row key changes, the cursor must not stay on the line, now another
knot's, where the next ``e`` would act), and a back-dated fact that numbers the facts anew
redraws the rows citing it (``[F1]`` becomes ``[F2]``, as a fresh drawing shows).

The real knots view in an app around it (``PhaseApp``) on a real fold of signed records.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from benchmarks.ui import MEMBERS, NONCE, Writer
from beraad.core import session as bodies
from beraad.ui.phases.knots import KnotsView
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp

pytestmark = pytest.mark.timeout(120)

BART = 1  # the writer's member who plays the peer


def in_knots() -> Writer:
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Plein", "Safer square?"), "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    for n in range(1, 5):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, MEMBERS[n]))
    w.write(0, "phase.move", bodies.move_body("knots"))
    return w


async def test_the_cursor_follows_a_knot_a_peer_clusters():
    w = in_knots()
    knots = [w.write(0, "knot.add", bodies.text_body(f"My knot {i}")) for i in range(8)]
    me = w.who[0].public_key
    view = KnotsView(w.session)
    app = PhaseApp(view, me, state=w.fold.state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = view.tree
        tree.focus()
        assert tree.select_key(f"knot:{knots[3]}")
        await pilot.pause()
        w.write(BART, "knot.cluster", bodies.cluster_body("Lighting", [knots[3], knots[0]]))
        view.show(w.fold.state, me)
        await pilot.pause()
        assert tree.node_of(f"knot:{knots[3]}") is None  # its row key changed
        assert tree.current is not None
        assert (tree.current.kind, tree.current.item) == ("knot", knots[3])
        await pilot.press("e", "enter")
        assert view.query_one("#knot-text", Input).value == "My knot 3"


async def test_a_back_dated_fact_renumbers_the_rows_citing_facts():
    w = in_knots()
    before = w.lamport
    fact = w.write(0, "fact.add", bodies.fact_body("Budget", "We have 5000 euro"))
    knot = w.write(0, "knot.add", bodies.with_cites(bodies.text_body("Too dark at night"), [fact]))
    me = w.who[0].public_key
    view = KnotsView(w.session)
    app = PhaseApp(view, me, state=w.fold.state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = view.tree

        def label() -> str:
            node = tree.node_of(f"knot:{knot}")
            assert node is not None and node.data is not None
            return node.data.label.plain

        assert "[F1]" in label()
        now, w.lamport = w.lamport, before - 1  # Bart's fact, written "before" Anja's
        w.write(BART, "fact.add", bodies.fact_body("Old report", "from 2019"))
        w.lamport = now
        state = w.fold.state
        assert state.facts[fact].number == 2
        built = view.row_cache.built
        view.show(state, me)
        await pilot.pause()
        assert view.row_cache.built - built == 1  # that knot's row, not the others
        assert "[F2]" in label() and "[F1]" not in label()
