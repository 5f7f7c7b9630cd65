"""Textual's own words, in the person's language.

A few strings come from Textual itself, not from beraad: the description of the key that closes
an open dropdown (the footer shows it while a Select is open) and the line the command palette
shows when nothing matches. Textual has no translation hook; the footer translates every
description it shows (``widgets/footer.py``), so marking Textual's description ``N_`` here puts it
in the catalogs, and the palette below says "no matches" through ``_``.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from beraad.i18n import N_, _

#: Textual's SelectOverlay binds Escape with this description (textual/widgets/_select.py).
DISMISS_MENU = N_("Dismiss menu")


class Palette(CommandPalette):
    """The command palette, saying in the person's language that nothing matches."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's version adds an English "No matches found"; this one is the same but for the
        # words (textual/command.py, CommandPalette._start_no_matches_countdown).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
