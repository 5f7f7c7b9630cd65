"""The join-code screen as the people at the table need it: an address they can type from
another computer, who has joined so far, and a big code that stays one readable block."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from beraad.net.addresses import reachable
from beraad.node import Node
from beraad.ui.bigfont import big_lines
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.big_code import BigCode
from tests.ui.conftest import SIZE
from tests.ui.phases_app import open_node
from tests.ui.session_people import create_in_app, make_app, screen_words, until

pytestmark = pytest.mark.timeout(120)


def test_only_addresses_another_computer_can_reach_are_offered():
    interfaces = ["127.0.0.1", "169.254.3.4", "192.168.1.20", "10.0.0.7", "not an address"]
    assert reachable("0.0.0.0", 7070, interfaces) == [
        "10.0.0.7:7070",
        "192.168.1.20:7070",
        "169.254.3.4:7070",  # link-local: one wire only, so last
    ]
    assert reachable("192.168.1.20", 7070, interfaces) == ["192.168.1.20:7070"]
    assert reachable("127.0.0.1", 7070, interfaces) == []  # loopback: useless elsewhere
    assert reachable("0.0.0.0", 7070, ["127.0.0.1"]) == []  # no network at all
    assert reachable("0.0.0.0", 0, interfaces) == []  # not listening


LONGEST = {  # the widest words of each list: the hardest codes to draw
    "en": "99-blanket-blanket",
    "nl": "99-zeehond-zeehond",
}


@pytest.mark.parametrize("code", [*LONGEST.values(), "7-appel-fiets"])
def test_every_code_is_one_line_of_big_letters_at_80_columns(code):
    big = BigCode(code)
    lines = big._lines(76)  # 80 columns less the screen's padding
    assert len(lines) == 3
    assert all(len(line) <= 76 for line in lines)


def test_when_parts_need_their_own_lines_they_start_in_one_column():
    code = LONGEST["nl"]
    lines = BigCode(code)._lines(40)
    assert len(lines) == 9
    assert len({len(line) for line in lines}) == 1  # one block, so centring keeps it aligned
    assert lines[3:6] == [row.ljust(len(lines[0])) for row in big_lines("zeehond")]
    assert lines[0].startswith(big_lines("99")[0])


async def test_the_invitation_says_when_no_other_computer_can_reach_this_one(tmp_path):
    """A node on loopback only: no address is offered, and the screen says why."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        await pilot.press("n")
        await pilot.press(*"Our street", "enter", *"How do we slow the traffic?", "ctrl+s")
        await until(lambda: isinstance(app.screen, InvitationScreen), pilot)
        words = screen_words(app)
        assert "127.0.0.1" not in words
        assert "no network address another computer can reach" in words
        assert "In the deliberation so far: Anja" in words


async def test_who_joined_shows_live_and_a_second_code_stays_one_block(tmp_path):
    app = make_app(tmp_path / "anja", "Anja")
    bart: Node = await open_node(tmp_path, "bart")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await create_in_app(pilot, "Our street", "How do we slow the traffic?")
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            screen.action_invite()  # a second code, for someone who comes later
            await until(lambda: isinstance(app.screen, InvitationScreen), pilot)
            invitation = app.screen
            assert isinstance(invitation, InvitationScreen)
            big = invitation.query_one(BigCode)
            # Once the new screen is drawn (the names and the code's block are laid out), the
            # names are there once, not once per code shown.
            await until(
                lambda: (
                    "In the deliberation so far: Anja" in screen_words(app) and big.size.height > 0
                ),
                pilot,
            )
            await pilot.pause()
            assert screen_words(app).count("In the deliberation so far: Anja") == 1
            assert big.size.height == 3  # the code is one block of three rows, at 80x24
            assert invitation.query_one("#expiry", Static).region.bottom <= SIZE[1] - 1
            node = app.bridge.node  # type: ignore[union-attr]
            await bart.join(invitation.invitation.code, address=f"127.0.0.1:{node.port}")
            await until(lambda: f"so far: Anja, {bart.display_name}" in screen_words(app), pilot)
    finally:
        await bart.close()
