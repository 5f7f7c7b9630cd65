"""The lobby after a while (naive s9): "Continue" names the whole deliberation however its label
changed (finding 7), and the network line follows a language switch (finding 8)."""

from __future__ import annotations

from textual.widgets import Button

from beraad.i18n import _, set_language, translate
from beraad.ui.app import BeraadApp
from beraad.ui.messages import MySessionsChanged
from beraad.ui.models import MySession
from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, screen_words
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


async def test_the_network_line_follows_a_language_switch(tmp_path):
    """Bart switched to Dutch: the lobby still said "Online: looking for deliberations nearby."
    until beraad was restarted. Here with a real node (discovery off: "Online; not looking
    nearby…"), in the lobby and in a lobby made anew (Ctrl+L from a session)."""
    app = make_app(tmp_path / "bart", "Bart", "en")
    english = "Online; not looking nearby (discovery is off)."
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            await until(lambda: english in screen_words(app), pilot)
            await app.switch_language("nl", save=False)
            dutch = translate(english, "nl")
            assert dutch != english
            await until(lambda: dutch in screen_words(app), pilot)
            assert english not in screen_words(app)
            assert app.network_status == dutch
            assert dutch in app._lobby()._status_text()
    finally:
        set_language("en")
