"""The facilitation dialog: hand the role over, ask to take it over, or second a request.

Opened from the palette ("Hand over facilitation", "Take over facilitation") and from the
meeting tools (F7, Ctrl+F). It lists what this person may do now (``ui/facilitation.offers``,
the core's rules read off the state) and follows the node while open; Enter on a choice asks
once more (``ConfirmScreen``), and only then is the record signed. Nobody is handed the role
by one key: a handover changes who moves the group for everyone.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from beraad.i18n import N_, _
from beraad.ui.facilitation import Offer, offers, status
from beraad.ui.screens.base import LiveScreen
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.widgets.footer import TranslatedFooter


class FacilitationScreen(LiveScreen):
    """Who facilitates, and this person's choices about it; dismisses once one is sent."""

    HELP_TEXT = N_(
        "Who facilitates: under the facilitator rule only the facilitator moves the group, "
        "ends the meeting and opens the next one.\n\n"
        "- The facilitator hands the role to a member who takes part: choose them, Enter, "
        "and confirm.\n"
        "- When the facilitator is gone (a laptop that died, someone who had to leave), a "
        "member asks to take over, and it counts once another member seconds it on their "
        "screen: two signed records, so anyone can check afterwards how it went. With "
        "nobody else taking part it counts at once.\n"
        "- A request lapses when its meeting ends. The facilitator, back, sees who took over "
        "and may be handed the role back."
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", N_("Back"))]
    DEFAULT_CSS = """
    FacilitationScreen { align: center middle; }
    FacilitationScreen > Vertical {
        width: 72; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    FacilitationScreen #facilitation-status { height: auto; margin-bottom: 1; }
    FacilitationScreen #facilitation-offers { height: auto; max-height: 12; }
    FacilitationScreen #facilitation-keys { height: auto; color: $text-muted; }
    """

    def __init__(self, node: object, session: str) -> None:
        super().__init__(node, session)
        self._offers: list[Offer] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Facilitation"), classes="dialog-title")
            yield Static(id="facilitation-status", markup=False)
            yield OptionList(id="facilitation-offers", markup=False)
            yield Static(
                _("Enter chooses, then asks once more; Escape goes back."),
                id="facilitation-keys",
            )
        yield TranslatedFooter()

    def arrive(self) -> None:
        self.query_one("#facilitation-offers", OptionList).focus()

    def recomposed(self) -> None:
        self._offers = []

    def draw(self) -> None:
        here = {p.peer for p in self.node.peers(self.session) if p.connected} | {self.me}
        self.query_one("#facilitation-status", Static).update(status(self.state, self.me, here))
        found = offers(self.state, self.me, here)
        if found == self._offers and self._offers:
            return
        self._offers = found
        listed = self.query_one("#facilitation-offers", OptionList)
        listed.clear_options()
        if not found:
            listed.add_option(Option(_("Nothing to do about it from here."), disabled=True))
            return
        listed.add_options([Option(offer.label) for offer in found])
        listed.highlighted = 0

    @on(OptionList.OptionSelected, "#facilitation-offers")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not 0 <= event.option_index < len(self._offers):
            return
        offer = self._offers[event.option_index]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._send(offer)

        self.app.push_screen(
            ConfirmScreen(offer.question, offer.go_on, enter_goes_on=True), confirmed
        )

    @work(group="facilitation")
    async def _send(self, offer: Offer) -> None:
        """Sign it; the dialog closes once it is in (the line every peer shows says what
        happened), or stays with the node's reason in the person's words."""
        try:
            await self.node.contribute(self.session, offer.kind, dict(offer.body))
        except Exception as problem:  # NodeError, a full disk: say it, lose nothing
            self.notify(
                str(problem), title=_("Not done"), severity="error", timeout=10, markup=False
            )
            self.redraw()
            return
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
