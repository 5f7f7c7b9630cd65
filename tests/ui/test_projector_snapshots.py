"""How the projector looks at 80×24 in the knots and the decide phase, in English and Dutch.

The data is fixed: the ``buurt`` scenario's own script, signed by fixed identities at a fixed
clock, written into a real node's store that the projector opens as it always does. In the
decide phase the script is cut after two of the five sealed dot votes were revealed, so the
live tally counts two and shows three still sealed. SVGs are made with ``--snapshot-update``
and looked at, never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.core.identity import Identity
from beraad.core.record import Record
from beraad.core.script import ScriptRunner
from beraad.i18n import set_language
from beraad.node import Node
from beraad.scenarios import get_scenario
from beraad.store import RecordStore
from beraad.ui.projector import ProjectorApp
from tests.ui.conftest import ANJA, SIZE, make_profile
from tests.ui.test_session_flow import until

NONCE = "0" * 31 + "1"
GROUP_KEY = bytes(range(32, 64))


def buurt_records(language: str, phase: str) -> tuple[str, list[Record]]:
    """Knots: the script up to the move to positions. Decide: up to the second reveal."""
    people = [ANJA] + [Identity.from_seed(bytes([n]) * 32) for n in range(1, 5)]
    runner = ScriptRunner(get_scenario("buurt"), language, people, NONCE)
    records: list[Record] = []
    reveals = 0
    for record in runner.steps():
        if phase == "knots" and record.kind == "phase.move" and record.body["to"] == "positions":
            break
        records.append(record)
        reveals += record.kind == "vote.reveal"
        if phase == "decide" and reveals == 2:
            break
    return runner.session, records


def build(tmp_path: Path, language: str, phase: str) -> ProjectorApp:
    set_language(language)
    home = tmp_path / "line"
    make_profile(home, name="Line")
    session, records = buurt_records(language, phase)
    with RecordStore.open(home) as store:
        store.append_many(records)
        store.set_session_local(session, {"group_key": GROUP_KEY.hex()})

    async def open_node() -> Node:
        return await Node.open(home, host="127.0.0.1", discovery=False)

    # Line is a person (the facilitator), not a beamer; the clock is the script's own.
    return ProjectorApp(open_node, session, beamer=False, clock=lambda: records[-1].at)


async def drawn(pilot) -> None:
    app = pilot.app
    await until(lambda: app.node is not None and app.state() is not None, pilot)
    await pilot.pause()


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("phase", ["knots", "decide"])
def test_projector(snap_compare, tmp_path, language, phase):
    app = build(tmp_path, language, phase)
    assert snap_compare(app, terminal_size=SIZE, run_before=drawn)
