"""The projector follows a live group: real nodes on loopback, records arriving as they are made.

Line (facilitator) and Amina each run a real node on 127.0.0.1; the projector is a third real
node on its own data dir that joins by the code, exactly as ``beraad --projector`` does. The
test writes through Line's and Amina's nodes and waits, on what the projector's screen shows,
for each record to arrive over the network; it never waits on a fixed time.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.core.sealed import commitment
from beraad.node import Node
from beraad.ui.projector import BigWord, ProjectorApp
from beraad.ui.projector_screens import ProjectorJoin, ProjectorPicker
from tests.ui.conftest import SIZE
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.test_cafe import open_node, shows, until  # one copy of the live-app helpers

pytestmark = pytest.mark.timeout(120)


def main_lines(app: ProjectorApp) -> list[str]:
    """The contribution lines as drawn (newest first)."""
    return [line.strip() for line in screen_text(app).splitlines() if " · " in line]


async def test_the_projector_follows_a_live_group_through_every_phase(tmp_path: Path):
    line = await open_node(tmp_path / "line", "Line")
    amina = await open_node(tmp_path / "amina", "Amina")
    beamer = await open_node(tmp_path / "beamer", "Beamer")
    try:
        invitation = await line.create_session(
            title="Our square",
            focus="How do we make the square a place for everyone?",
            decision_rule="dots",
        )
        session = invitation.session
        await amina.join(invitation.code, address=line.address)

        async def write(node: Node, kind: str, body: dict):
            """Write a record; wait until every node holds it (the next writer builds on it)."""
            record = await node.contribute(session, kind, body)
            for other in (line, amina, beamer):
                await other.wait_for(
                    lambda o=other: record.id in {r.id for r in o.records(session)}
                )
            return record

        app = ProjectorApp(lambda: _ready(beamer), beamer=True)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.node is not None)
            # Joined by the code on the projector's own screen, like a person would.
            await pilot.press("j")
            await until(pilot, lambda: isinstance(app.screen, ProjectorJoin))
            await pilot.press(*invitation.code, "tab", *line.address, "enter")
            await until(pilot, shows(app, "Our square", "How do we make the square"))
            assert app.session == session and app.theme == "beraad-projector"
            assert app.query_one("#phase-name", BigWord).word == "Opening"

            await write(line, "phase.move", model.move_body("knots"))
            dark = await write(amina, "knot.add", model.text_body("The square is dark at night."))
            await write(line, "knot.add", model.text_body("Teenagers have no place."))
            await until(pilot, shows(app, "Line · knot: Teenagers have no place."))
            assert app.query_one("#phase-name", BigWord).word == "Knots"
            # Newest on top, each with its author's name.
            lines = main_lines(app)
            assert lines.index("Line · knot: Teenagers have no place.") < lines.index(
                "Amina · knot: The square is dark at night."
            )
            # Line has said four times as much: Amina is invited, by name, with no count; the
            # projector itself is no voice.
            for text in ("Litter everywhere.", "The swing is broken.", "No benches."):
                await write(line, "knot.add", model.text_body(text))
            await until(pilot, shows(app, "We would like to hear more from: Amina"))
            quieter = str(app.query_one("#quieter").content)
            assert (
                not re.search(r"\d", quieter) and "Beamer" not in quieter and "Line" not in quieter
            )

            await write(line, "phase.move", model.move_body("positions"))
            await write(amina, "position.add", model.position_body(dark.id, "Put up lamps."))
            await until(pilot, shows(app, "Amina · position: Put up lamps."))
            assert app.query_one("#phase-name", BigWord).word == "Positions"

            await write(line, "phase.move", model.move_body("criteria"))
            await write(amina, "criterion.add", model.text_body("Cheap"))
            await until(pilot, shows(app, "Amina · criterion: Cheap"))

            await write(line, "phase.move", model.move_body("options"))
            lamps = await write(amina, "option.add", model.option_body("Lamps"))
            party = await write(line, "option.add", model.option_body("A party"))
            await until(pilot, shows(app, "Line · option: A party", "Amina · option: Lamps"))

            await write(line, "phase.move", model.move_body("decide"))
            # The projector is an observer: it is not one of the members whose votes count.
            await until(pilot, shows(app, "Votes in: 0 of 2 members.", "Voting is open."))
            assert app.query_one("#phase-name", BigWord).word == "Decide"
            # Line seals a vote: it is shown as sealed and not counted.
            vote = model.dots_body({party.id: 3})
            nonce = secrets.token_hex(16)
            sealed = await write(
                line,
                "vote.commit",
                {"kind": "dots.place", "commitment": commitment("dots.place", vote, nonce)},
            )
            await until(pilot, shows(app, "Votes in: 1 of 2 members. 1 sealed, 0 revealed"))
            assert "Not voted yet: Amina." in screen_words(app)
            await write(amina, "dots.place", model.dots_body({lamps.id: 2}))
            await until(pilot, shows(app, "Votes in: 2 of 2 members. 1 sealed, 0 revealed"))
            assert "Next: everyone has voted; close voting." in screen_words(app)
            assert re.search(r"A\s+Lamps\s+2\b", screen_text(app))
            assert re.search(r"B\s+A party\s+0\b", screen_text(app))
            # Voting closes, Line reveals: now the sealed dots count, live.
            await write(line, "vote.close", model.close_body("dots.place"))
            await until(pilot, shows(app, "Next: reveal the sealed votes. Not revealed yet: Line."))
            await write(line, "vote.reveal", {"commit": sealed.id, "vote": vote, "nonce": nonce})
            await until(pilot, lambda: re.search(r"B\s+A party\s+3\b", screen_text(app)))
            assert "1 sealed, 1 revealed" in screen_words(app)
            assert "Voting is closed." in screen_words(app)
            assert "Next: take the decision." in screen_words(app)
            from beraad.core.tally import decision_body

            await write(line, "decision.take", decision_body(line.state(session)))
            await until(pilot, shows(app, "Decided: B. A party, by Dot voting."))

            await write(line, "phase.move", model.move_body("act"))
            await write(line, "phase.move", model.move_body("evaluate"))
            await write(
                amina, "evaluation.add", model.evaluation_body("went_well", "We all spoke.")
            )
            await until(pilot, shows(app, "Amina · went well: We all spoke."))
            assert app.query_one("#phase-name", BigWord).word == "Evaluate"
            # Read-only: the projector wrote only its name and that it observes when it joined.
            me = beamer.identity.public_key
            mine = [r.kind for r in beamer.records(session) if r.author == me]
            assert mine == ["member.name", "member.observe"]
            state = beamer.state(session)
            assert state.members[me].observer and me not in state.participants()
        # Quitting the projector closed its node: the data dir can be opened again.
        again = await Node.open(tmp_path / "beamer", listen=False, discovery=False)
        await again.close()
    finally:
        await amina.close()
        await line.close()
        await beamer.close()


async def _ready(node: Node) -> Node:
    return node


async def test_without_a_session_named_it_shows_the_newest_and_lists_the_others(tmp_path: Path):
    node = await open_node(tmp_path / "line", "Line")
    try:
        older = await node.create_session(title="Older", focus="An older question?", invite=False)
        newer = await node.create_session(title="Newer", focus="The newest question?", invite=False)
        app = ProjectorApp(lambda: _ready(node), beamer=False)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "Newer", "The newest question?"))
            assert app.session == newer
            # It is here only in the session it shows (naive s9b finding 1).
            assert node.opened(newer) and not node.opened(older)
            await pilot.press("s")
            await until(pilot, lambda: isinstance(app.screen, ProjectorPicker))
            assert "Older · Opening" in screen_words(app)
            picker = app.screen.query_one("#sessions")
            target = [o.id for o in picker._options].index(older)
            picker.highlighted = target
            await pilot.press("enter")
            await until(pilot, shows(app, "Older", "An older question?"))
            assert app.session == older
            assert node.opened(older) and not node.opened(newer)
    finally:
        await node.close()


async def test_a_wrong_code_is_refused_on_screen_and_a_locked_data_dir_is_explained(
    tmp_path: Path,
):
    line = await open_node(tmp_path / "line", "Line")
    beamer = await open_node(tmp_path / "beamer", "Beamer")
    try:
        app = ProjectorApp(lambda: _ready(beamer))
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "holds no deliberation yet"))
            await pilot.press("j")
            await until(pilot, lambda: isinstance(app.screen, ProjectorJoin))
            await pilot.press(*"7-appel-fiets", "tab", *line.address, "enter")
            error = app.screen.query_one("#join-error")
            await until(pilot, lambda: "Asking" not in str(error.content) and error.content)
            assert app.session is None and isinstance(app.screen, ProjectorJoin)
            assert app.screen.query_one("#code").value == "7-appel-fiets"  # nothing lost
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ProjectorJoin))
            # Typed without `j` first (a code starts with its number): the digit opens the join
            # and every key of the code lands in it; `s`, `q` and `j` inside it are text.
            await pilot.press(*"30-soep-jas")
            await until(pilot, lambda: isinstance(app.screen, ProjectorJoin))
            await until(pilot, lambda: app.screen.query_one("#code").value == "30-soep-jas")
            assert "observer" in screen_words(app)  # what the projector joins as, truly

        # A second process on the line's data dir: the lock refuses it, the screen says why.
        async def locked() -> Node:
            return await Node.open(tmp_path / "line", listen=False, discovery=False)

        app = ProjectorApp(locked)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "could not start", "in use by another beraad"))
            assert "--data-dir DIR --projector" in screen_words(app)
    finally:
        await beamer.close()
        await line.close()


async def test_the_opening_shows_the_table_map_on_the_wall(tmp_path: Path):
    """In the opening the projector did not show who is at the table (naive pass 2, 8)."""
    node = await open_node(tmp_path / "line", "Line")
    try:
        session = await node.create_session(title="Plein", focus="Wie hoort erbij?", invite=False)
        group = (await node.contribute(session, "group.add", {"name": "Winkeliers"})).id
        await node.contribute(session, "group.mark", {"group": group, "status": "missing"})
        app = ProjectorApp(lambda: _ready(node), beamer=False)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "Who is at the table", "Winkeliers · missing"))
    finally:
        await node.close()


async def test_a_redraw_due_after_the_wall_is_gone_does_nothing(tmp_path: Path):
    """A redraw timer that fires once the wall's widgets are gone (the app closing) ends quietly
    instead of a NoMatches traceback."""
    node = await open_node(tmp_path / "line", "Line")
    try:
        await node.create_session(title="Square", focus="What now?", invite=False)
        app = ProjectorApp(lambda: _ready(node), beamer=False)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "Square", "What now?"))
            for widget in list(app.query("#status")):
                await widget.remove()
            await pilot.pause()
            before = app.redraws
            app._redraw_now()  # raised NoMatches('#status')
            assert app.redraws == before + 1
    finally:
        await node.close()
