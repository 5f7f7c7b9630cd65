"""Two windows on one data dir: the second app attaches to the first one's node (issue 13).

Two real apps, one real node: the first app opens the node and holds the data dir; the second
cannot take the store's lock, so it attaches over the data dir's local socket. It shows the same
deliberations, and what it writes the holder signs and stores (one writer); what the holder
writes appears in the second window too.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from beraad.attach import socket_path
from beraad.core import session as model
from beraad.held import NodeError
from beraad.i18n import _
from beraad.ui.screens.session import SessionScreen
from tests.ui.session_people import create_in_app, make_app, node_of, screen_words, until
from tests.ui.test_session_flow import session_screen, shows

pytestmark = pytest.mark.timeout(120)
SIZE = (80, 24)


async def test_a_second_window_attaches_to_the_running_node(tmp_path: Path):
    home = tmp_path / "a"  # short: a Unix socket's path has a length limit
    first = make_app(home, "Anja")
    async with first.run_test(size=SIZE) as one:
        await create_in_app(one, "Our street", "How do we slow the traffic?")
        holder = node_of(first)
        session = session_screen(first).session
        await holder.contribute(session, "phase.move", model.move_body("knots"))
        sock = socket_path(home)
        assert stat.S_IMODE(sock.stat().st_mode) == 0o600  # only its owner may connect

        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as two:
            await until(lambda: second.bridge is not None, two)
            assert type(node_of(second)).__name__ == "AttachedNode"
            status = _("Online through the beraad already running on this data dir.")
            await until(lambda: "Our street" in screen_words(second), two)
            assert status in second.network_status
            assert "not in any deliberation" not in screen_words(second)

            # The second window opens the deliberation and adds a knot with keys.
            second.open_session(session)
            await until(lambda: isinstance(second.screen, SessionScreen), two)
            await until(lambda: session_screen(second).query("#view-knots"), two)
            box = session_screen(second).view("knots").text_box()
            await until(lambda: second.focused is box, two)
            await two.press(*"Too little shade", "enter")

            # The holder signed and stored it (one writer) and the first window shows it.
            await until(lambda: shows(first, "knots", "Too little shade"), one, two)
            knots = [k.text for k in holder.state(session).knots.values()]
            assert knots == ["Too little shade"]
            assert holder.store.records(session)[-1].kind == "knot.add"

            # What the holder writes reaches the second window.
            await holder.contribute(session, "knot.add", model.text_body("Cars drive too fast"))
            await until(lambda: shows(second, "knots", "Cars drive too fast"), one, two)
            assert node_of(second).state_hash(session) == holder.state_hash(session)
    assert not sock.exists()  # the holder took its socket away when it stopped


async def test_the_second_window_says_so_when_the_holder_stops(tmp_path: Path):
    """The first window closes: the second no longer pretends to be online, and writes
    nothing (the node that wrote for it is gone)."""
    home = tmp_path / "a"
    first = make_app(home, "Anja")
    holding = first.run_test(size=SIZE)
    one = await holding.__aenter__()
    try:
        await until(lambda: first.bridge is not None, one)
        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as two:
            await until(lambda: second.bridge is not None, two)
            attached = node_of(second)
            await holding.__aexit__(None, None, None)
            holding = None
            gone = _("The beraad that holds this data dir has closed; start beraad again.")
            await until(lambda: second.network_status == gone, two)
            with pytest.raises(NodeError):
                await attached.contribute("0" * 32, "knot.add", model.text_body("Lost?"))
    finally:
        if holding is not None:
            await holding.__aexit__(None, None, None)


async def test_the_second_window_attaches_again_when_beraad_is_started_again(tmp_path: Path):
    """The first window goes (as after kill -9 or a restart) and comes back: the second window
    writes through the new one by itself, without being restarted too."""
    home = tmp_path / "a"
    first = make_app(home, "Anja")
    holding = first.run_test(size=SIZE)
    one = await holding.__aenter__()
    try:
        await create_in_app(one, "Our street", "How do we slow the traffic?")
        session = session_screen(first).session
        await node_of(first).contribute(session, "phase.move", model.move_body("knots"))
        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as two:
            await until(lambda: second.bridge is not None, two)
            second.open_session(session)
            await until(lambda: isinstance(second.screen, SessionScreen), two)
            await holding.__aexit__(None, None, None)
            holding = None
            gone = _("The beraad that holds this data dir has closed; start beraad again.")
            await until(lambda: second.network_status == gone, two)

            again = make_app(home, "Anja")  # beraad started again on the data dir
            holding = again.run_test(size=SIZE)
            one = await holding.__aenter__()
            await until(lambda: again.bridge is not None, one)
            online = _("Online through the beraad already running on this data dir.")
            await until(lambda: second.network_status == online, one, two)
            assert not second.held_elsewhere

            # The open deliberation screen writes through the new holder, with keys.
            await until(lambda: session_screen(second).query("#view-knots"), two)
            box = session_screen(second).view("knots").text_box()
            await until(lambda: second.focused is box, two)
            await two.press(*"Back again", "enter")
            holder = node_of(again)
            await until(
                lambda: [k.text for k in holder.state(session).knots.values()] == ["Back again"],
                one,
                two,
            )
    finally:
        if holding is not None:
            await holding.__aexit__(None, None, None)


async def test_an_attached_window_opens_both_codes_and_closes_one(tmp_path: Path):
    """The second window asks the holder for the codes: a guest code beside the member code,
    both listed, and closing one (the holder's listener stops taking it) leaves the other."""
    home = tmp_path / "a"
    first = make_app(home, "Anja")
    async with first.run_test(size=SIZE) as one:
        await create_in_app(one, "Our street", "How do we slow the traffic?")
        holder = node_of(first)
        session = session_screen(first).session
        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as two:
            await until(lambda: second.bridge is not None, two)
            attached = node_of(second)
            member = await attached.invite(session)
            guest = await attached.invite(session, role="guest")
            assert guest.role == "guest" and member.role == "member"
            codes = {r: i.code for r, i in (await attached.open_invitations(session)).items()}
            assert codes == {"member": member.code, "guest": guest.code}
            assert await attached.close_invitation(session, "member")
            held = await holder.open_invitations(session)
            assert {r: i.code for r, i in held.items()} == {"guest": guest.code}


async def test_a_holder_that_cannot_hand_its_sessions_is_said_so(tmp_path: Path, monkeypatch):
    """When the holder answers but the window cannot take its sessions (here a lowered line
    limit and pieces too big for it), the window says that, never "in use by another beraad"
    (attack s11 finding 3: attaching is what a second window is for)."""
    from beraad import attach

    home = tmp_path / "a"
    first = make_app(home, "Anja")
    async with first.run_test(size=SIZE) as one:
        await create_in_app(one, "Our street", "How do we slow the traffic?")
        session = session_screen(first).session
        for i in range(8):
            body = {"title": f"f{i}", "text": "x" * 1000}
            await node_of(first).contribute(session, "fact.add", body)
        monkeypatch.setattr(attach, "LINE_LIMIT", 4096)
        monkeypatch.setattr(attach, "PIECE_BYTES", 1 << 30)
        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as two:
            await until(lambda: bool(second.held_elsewhere), one, two)
            said = second.held_elsewhere
            assert said.startswith(_("The beraad that holds the data dir {path}")[:20]), said
            assert "in use by another" not in said


async def test_an_attached_window_hears_whether_an_address_answers(tmp_path: Path):
    """ "Connect to an address" in the second window asks the holder, which tries the address:
    the window hears whether something answered there (naive s11b: "Connected" was said as
    soon as the address was added)."""
    from tests.ui.test_connect_address import closed_port

    home = tmp_path / "a"
    first = make_app(home, "Anja")
    async with first.run_test(size=SIZE) as one:
        await until(lambda: first.bridge is not None, one)
        holder = node_of(first)
        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as two:
            await until(lambda: second.bridge is not None, two)
            attached = node_of(second)
            assert await attached.connect(closed_port()) is False
            assert await attached.connect(holder.address) is True
