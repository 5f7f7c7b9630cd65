"""Textual's ``Header``, whose title is set only while its title part is there.

Textual's Header sets its title in a callback that runs after it is mounted (a watch of the
app's and the screen's title). A screen taken down before that callback ran — the app quitting
just after the screen was pushed — raised NoMatches('HeaderTitle') inside Textual on the way
out (seen in a test of the join-code screen). Every screen of beraad uses this one instead.
"""

from __future__ import annotations

from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from beraad.ui.parts import part


class SteadyHeader(Header):
    """A ``Header`` whose title callback does nothing once its title part is gone."""

    def _on_mount(self, event: Mount) -> None:
        # Textual calls the ``_on_mount`` of every class in the MRO: prevent_default stops
        # that walk before Header's own (as GuardedSelect does), and Widget's runs here.
        event.prevent_default()

        async def set_title() -> None:
            title = part(self, HeaderTitle)
            if title is None:  # taken down (or not composed yet): nothing to write on
                return
            try:
                title.update(self.format_title())
            except NoScreen:  # as Textual's: the screen whose title it reads is gone
                return

        for source in (self.app, self.screen):
            self.watch(source, "title", set_title)
            self.watch(source, "sub_title", set_title)
        Widget._on_mount(self, event)
