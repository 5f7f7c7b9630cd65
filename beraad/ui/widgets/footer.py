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


#: Always first, so a long footer (Dutch, or a screen with many keys) never cuts it off: the
#: naive tester saw "f1 H▏" where help should be.
FIRST_KEYS = ("f1",)


class TranslatedFooter(Footer):
    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
        first = [w for w in widgets if isinstance(w, FooterKey) and w.key in FIRST_KEYS]
        yield from first
        yield from (w for w in widgets if w not in first)
