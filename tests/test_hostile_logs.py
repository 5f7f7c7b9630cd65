"""A member floods the keeper with refused and held records: the log, the keeper's printout and
the app's notices say a few, then that more follow, then count them.

One real keeper (the ``beraad keeper`` script) and a member's real Noise link; records signed
with real keys. Before, one 300 KB message of empty records wrote 200,000 lines.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.sync import BATCH_RECORDS
from beraad.net.transport import connect
from beraad.node import Node
from beraad.ui.bridge import Bridge
from tests.test_hostile_input import as_member
from tests.test_node import converged, open_node
from tests.test_node_commands import make_session, read_until, start_keeper

pytestmark = pytest.mark.timeout(180)

REFUSED = 2_000
STRANGERS = 60


def strangers_records(session: str) -> list[dict]:
    """One record each from people nobody admitted: held, one 'holding' line per author."""
    return [
        sign_record(
            Identity.generate(),
            session=session,
            seq=1,
            prev=None,
            lamport=3,
            at=1_700_000_000_000,
            kind="knot.add",
            body={"text": "who am I"},
        ).to_dict()
        for _ in range(STRANGERS)
    ]


async def send_batches(link, records: list) -> None:
    """``records`` as a member's link may carry them: batches of at most ``BATCH_RECORDS``."""
    for start in range(0, len(records), BATCH_RECORDS):
        await link.send({"t": "records", "records": records[start : start + BATCH_RECORDS]})


@dataclass
class Refused:
    """What Anja's app was told while Bart's link sent her records she refused."""

    anja: Node
    bart: Node
    session: str
    posted: list  # every message the bridge posted to the app

    @property
    def notices(self) -> list[str]:
        return [message.refused for message in self.posted if message.refused]


@asynccontextmanager
async def bart_sends(tmp_path, records: list, refusals: int) -> AsyncIterator[Refused]:
    """Anja's node with her app's bridge, Bart joined by code on loopback; Bart's own link (as
    a member's) sends ``records`` until Anja's node has refused ``refusals`` of them. Both
    nodes, the bridge and the link are closed after."""
    anja, bart = await open_node(tmp_path, "anja"), await open_node(tmp_path, "bart")
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = await bart.join(invitation.code, address=anja.address)
        await converged([anja, bart], s)
        refused = []
        anja.subscribe(lambda e: refused.append(e) if type(e).__name__ == "RecordRefused" else 0)
        posted: list = []
        bridge = Bridge(anja, posted.append)  # what the app turns into notices
        connection = await as_member(anja, s, bart.identity)
        await send_batches(connection, records)
        await anja.wait_for(lambda: len(refused) == refusals, timeout=30)
        yield Refused(anja, bart, s, posted)
        await bridge.close()
        await connection.close()
    finally:
        await anja.close()
        await bart.close()


def collect_until(keeper: subprocess.Popen[str], lines: list[str], phrase: str) -> None:
    """Read the keeper's output (the pipe blocks: no sleeping) until a line holds ``phrase``."""
    assert keeper.stdout is not None
    for line in keeper.stdout:
        lines.append(line)
        if phrase in line:
            return
    raise AssertionError(f"the keeper ended without {phrase!r}:\n{''.join(lines)}")


def test_a_members_flood_of_bad_records_is_a_few_lines_then_a_count(tmp_path):
    home = tmp_path / "keeper"
    session, _digest = asyncio.run(make_session(home))
    keeper = start_keeper(home)
    try:
        port = int(read_until(keeper, r"listening on port (\d+)").group(1))
        code = read_until(keeper, rf"join code for session {session}: (\S+)").group(1)

        lines: list[str] = []

        async def flood() -> str:
            bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
            try:
                joined = await bart.join(code, address=f"127.0.0.1:{port}")
                link = await connect(
                    "127.0.0.1",
                    port,
                    session=joined,
                    group_key=bart._sessions[joined].group_key,
                    identity=bart.identity,
                    is_member=lambda key: True,
                )
                flood = strangers_records(joined) + [{}] * REFUSED
                await send_batches(link, flood)
                await asyncio.to_thread(collect_until, keeper, lines, "holding records from")
                await link.close()
                # The keeper still serves: an honest record from bart enters after the flood.
                await bart.contribute(joined, "knot.add", {"text": "after the flood"})
                return bart.identity.fingerprint
            finally:
                await bart.close()

        bart = asyncio.run(flood())
        collect_until(keeper, lines, f"record knot.add by {bart}")
    finally:
        keeper.terminate()
        try:
            rest = keeper.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            keeper.kill()
            rest = keeper.communicate()[0]
    lines += rest.splitlines(keepends=True)
    text = "".join(lines)
    logged = [line for line in lines if f"beraad.node refused a record from {bart}" in line]
    printed = [line for line in lines if line.startswith(f"refused a record from {bart}")]
    holding = [line for line in lines if "holding records from" in line]
    assert len(logged) == 10 and len(printed) == 10, text
    assert 1 <= len(holding) <= 10, text
    assert f"more lines like 'refused a record from %s: %s' ({bart}) follow" in text
    assert f"more lines like 'session %s: %s' ({bart}) follow" in text
    assert f"more records from {bart} are refused; they are counted, not printed" in text
    assert len(lines) < 100, text  # was one log line and one printed line per record
    assert "Traceback" not in text


async def test_the_app_shows_a_few_refusals_from_a_peer_then_says_more_follow(tmp_path):
    async with bart_sends(tmp_path, [{}] * 300, 300) as told:
        notices = told.notices
        assert len(notices) == 4, notices
        assert all("was refused" in notice for notice in notices[:3])
        assert "counted, not shown" in notices[3]
        # A refused record changes nothing to show: the rest are not even posted to the app.
        assert len([m for m in told.posted if type(m.event).__name__ == "RecordRefused"]) == 4


async def test_a_refusal_notice_shows_no_escape_a_member_put_in_a_field_name(tmp_path):
    """A refused record's reason quotes its field names (attack s7, item 5): the app's notice
    says it in words, with no escape, line break or bidi override of the member's."""
    from beraad.core.record import ENVELOPE_FIELDS

    hostile = "\x1b[2J\x1b[1A\r\nverified\u202eevil\x00"
    record = {**{f: 1 for f in ENVELOPE_FIELDS}, hostile: 1}
    async with bart_sends(tmp_path, [record], 1) as told:
        [notice] = told.notices
        assert "was refused" in notice and "verified evil" in notice, notice
        assert all(c.isprintable() for c in notice), repr(notice)
        # The peer by their member name, as the rest of the UI names them: never the full key.
        key = told.bart.identity.public_key
        name = told.anja.state(told.session).name(key)
        assert f"A record from {name} was refused" in notice, notice
        assert key not in notice and key[:12] not in notice, notice


async def test_a_refusal_notice_says_why_in_dutch_and_names_no_record_id(tmp_path):
    """A record whose envelope is wrong was refused with a plain English reason ("record has
    unknown fields …") and its id, in the Dutch app too: the reason keeps its template and
    the notice says it in the reader's language; the id stays in the log."""
    from beraad.core.record import ENVELOPE_FIELDS
    from beraad.i18n import set_language

    set_language("nl")
    try:
        record = {**{f: 1 for f in ENVELOPE_FIELDS}, "colour": 1}
        async with bart_sends(tmp_path, [record], 1) as told:
            [notice] = told.notices
            assert "het record heeft onbekende velden colour" in notice, notice
            assert "Een bijdrage van" in notice and "unknown" not in notice, notice
            assert "(record " not in notice, notice
    finally:
        set_language("en")
