"""Ctrl+C outside a box says how to stop in the person's language (naive s11 F10: Textual's
own English toast "Do you want to quit?: Press ctrl+q to quit the app" in a Dutch app)."""

from __future__ import annotations

from beraad.i18n import _
from tests.ui.conftest import SIZE
from tests.ui.test_session_flow import make_app, until


async def test_ctrl_c_says_ctrl_q_in_the_persons_words(tmp_path, language):
    app = make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        said = lambda: [(n.title, n.message) for n in app._notifications]  # noqa: E731
        await until(lambda: said(), pilot)
        assert said() == [("", _("To stop beraad, press Ctrl+Q."))]
        assert app.is_running
