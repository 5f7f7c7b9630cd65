"""The lobby after a while (naive s9): "Continue" names the whole deliberation however its label
changed (finding 7)."""

from __future__ import annotations

from textual.widgets import Button

from beraad.i18n import _
from beraad.ui.app import BeraadApp
from beraad.ui.messages import MySessionsChanged
from beraad.ui.models import MySession
from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.conftest import SIZE
from tests.ui.test_session_flow import until


def _shown(button: Button) -> str:
    """What the button's line shows on screen (its middle row), stripped."""
    lines = button.render_lines(button.region.reset_offset)  # type: ignore[arg-type]
    return "".join(segment.text for segment in lines[len(lines) // 2]).strip()


async def test_continue_names_the_whole_deliberation_when_its_label_grows(app: BeraadApp):
    """Carla's lobby showed "Verder met “Buurthuis", then "Verder met": the button kept the
    width of an earlier, shorter label."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        short = MySession("c" * 32, "Hal", "", "knots", 3, left_at=1)
        lobby.post_message(MySessionsChanged([short]))
        button = lobby.query_one("#continue", Button)
        await until(lambda: button.display and button.region.width > 0, pilot)
        long = MySession("d" * 32, "Buurthuis consent", "", "decide", 3, left_at=2)
        lobby.post_message(MySessionsChanged([short, long]))
        label = _("Continue “{title}”").format(title="Buurthuis consent")
        await until(lambda: str(button.label) == label, pilot)
        await pilot.pause()
        assert _shown(button) == label, _shown(button)
        lobby.post_message(MySessionsChanged([short]))  # and back to a shorter one
        await until(lambda: "Hal" in str(button.label), pilot)
        await pilot.pause()
        assert _shown(button) == _("Continue “{title}”").format(title="Hal"), _shown(button)
