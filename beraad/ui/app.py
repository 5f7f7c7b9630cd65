"""The beraad Textual app."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from beraad.i18n import _
from beraad.identity_file import Profile


class BeraadApp(App[None]):
    TITLE = "beraad"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            _("Welcome, {name} ({fingerprint}).").format(
                name=self.profile.display_name, fingerprint=self.profile.identity.fingerprint
            ),
            id="welcome",
        )
        yield Footer()
