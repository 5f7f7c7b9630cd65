"""The Footer, with each key's description in the person's language.

Bindings are declared once with English descriptions marked ``N_``; Textual's Footer shows them
as given, so this Footer translates them each time it is composed (also after a language switch).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from beraad.i18n import N_, _

# Textual's own description of the command palette key, so the catalogs translate it too.
PALETTE = N_("palette")


class TranslatedFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
            yield widget
