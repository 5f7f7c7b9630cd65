"""Others' records refused for a full disk are said on screen once (attack s9 finding 5): only
the log said it, while the group went on without this device. Real nodes on loopback, Anja's
data dir on a small tmpfs that is then filled for real, the app's bridge that turns node events
into what the screen says."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from beraad.core.session import move_body, text_body
from beraad.events import RecordsNotStored
from beraad.i18n import _
from beraad.ui.bridge import Bridge, NodeEventArrived
from tests.small_disk import fill_up, small_tmpfs
from tests.ui.phases_app import close_all, converged, open_node

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with small_tmpfs(tmp_path, "4m", lazy=True) as disk:
        yield disk


async def until(condition, timeout: float = 20) -> None:
    async def wait() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(wait(), timeout)


async def test_a_full_disk_refusing_others_records_is_said_once(tmp_path, small_disk, language):
    anja = await open_node(small_disk, "anja")
    bram = await open_node(tmp_path, "bram")
    nodes = [anja, bram]
    said: list[NodeEventArrived] = []
    bridge = Bridge(anja, said.append)
    seen: list[object] = []
    anja.subscribe(seen.append)
    try:
        invitation = await anja.create_session(
            title="Speelplein", focus="How do we make the square safer?", decision_rule="consent"
        )
        session = invitation.session
        await bram.join(invitation.code, address=anja.address)
        await anja.contribute(session, "phase.move", move_body("knots"))
        await converged(nodes, session)
        said.clear()

        fill_up(small_disk / "ballast")
        # The journal's last page may hold a few more: Bram writes until Anja's disk refuses.
        refused = lambda: sum(isinstance(e, RecordsNotStored) for e in seen)  # noqa: E731
        written = []
        for n in range(60):
            text = f"Too dark at night, {n}: " + "the lamps by the school are out. " * 40
            written.append(await bram.contribute(session, "knot.add", text_body(text)))
            with contextlib.suppress(TimeoutError):
                await until(lambda: refused() or anja.store.has(written[-1].id), 5)
            if refused():
                break
        assert refused(), "the disk never refused"
        before = refused()
        written.append(await bram.contribute(session, "knot.add", text_body("And the benches")))
        await until(lambda: refused() > before)  # a second batch refused: said no more
        full = _(
            "The disk is full: what others write is not saved on this device until there "
            "is room (it comes again then). Nothing saved before is lost. Free some space."
        )
        told = [m for m in said if m.refused]
        assert [m.refused for m in told] == [full]
        assert not anja.store.has(written[-1].id)

        (small_disk / "ballast").unlink()  # room again: what Bram wrote comes again with
        # his next record (Anja asks for the ones before it)
        written.append(await bram.contribute(session, "knot.add", text_body("Room again")))
        await until(lambda: all(anja.store.has(r.id) for r in written), 30)
        await converged(nodes, session)
        assert session not in bridge.not_stored_said  # full again would be said again
    finally:
        await close_all(nodes)
