"""The lobby: deliberations nearby, my deliberations, and the ways to start or join one.

The two lists are filled by the app (from the node) through ``NearbyChanged`` and
``MySessionsChanged``; the screen itself knows nothing of the network.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from beraad.i18n import N_, _
from beraad.ui.messages import MySessionsChanged, NearbyChanged, NetworkChanged
from beraad.ui.models import MySession, NearbyItem
from beraad.ui.plain import first_line
from beraad.ui.screens.base import BeraadScreen
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.my_sessions import MySessionsList
from beraad.ui.widgets.nearby_list import NearbyList
from beraad.ui.widgets.steady_header import SteadyHeader

#: The buttons' row at the foot of the lobby, left to right.
BUTTONS_ROW = ("start", "join", "connect")


class LobbyScreen(BeraadScreen):
    HELP_TEXT = N_(
        "The lobby lists the deliberations that people on this network have started, and the "
        "ones you belong to.\n\n"
        "- **Start a new one** (`n`): choose a scenario, a title and a focus question; you get a "
        "join code to read out to the others.\n"
        "- **Join by code** (`j`): type the code someone read out, like `7-apple-river`.\n"
        "- **Connect to an address** (`c`): when the others are not found automatically "
        "(another subnet, a VPN), type the address their screen shows.\n\n"
        "Use the arrow keys and Tab to move, Enter to choose."
    )
    BINDINGS = [
        Binding("n", "start", N_("New")),
        Binding("j", "join", N_("Join")),
        Binding("c", "connect", N_("Connect")),
    ]

    class Requested(Message):
        """The person asked for ``what`` (start, join, connect, open), perhaps about ``item``."""

        def __init__(
            self,
            what: str,
            item: NearbyItem | MySession | None = None,
            code: list[str] | None = None,
        ) -> None:
            super().__init__()
            self.what = what
            self.item = item
            self.code = code
            """A join code's characters typed in the lobby, from its first digit on."""

    def __init__(
        self,
        *,
        who: str,
        nearby: list[NearbyItem] | None = None,
        mine: list[MySession] | None = None,
        network: str = "",
        held_elsewhere: str = "",
    ) -> None:
        super().__init__()
        self.who = who
        self.nearby = list(nearby or [])
        self.mine = list(mine or [])
        self.network = network
        self.held_elsewhere = held_elsewhere
        self._offered = False
        self._start_by_default = False
        self._code: list[str] | None = None
        """A join code being typed here, while its screen opens (``_typing_a_code``)."""
        """The keys are on "Start a new one" because nothing else was there, not by choice."""
        self._came_from: Widget | None = None
        """The part above the buttons' row (*Continue* or a list) that last had the keys."""
        self._left_for_a_session = False
        """A session screen covers the lobby (``leaving_for_a_session``): back, it arrives."""

    def compose(self) -> ComposeResult:
        self.sub_title = _("Lobby")
        yield SteadyHeader()
        with Vertical(id="lobby"):
            # A display name is typed freely ("[/]" too): words, not markup.
            yield Static(self._status_text(), id="status", classes="hint", markup=False)
            yield self._continue_button()
            yield Static(_("Deliberations nearby"), classes="section-title")
            yield NearbyList(self.nearby, id="nearby")
            yield Static(_("My deliberations"), classes="section-title")
            yield MySessionsList(self.mine, id="mine")
            with Horizontal(classes="buttons"):
                yield Button(_("Start a new one"), variant="primary", id="start")
                yield Button(_("Join by code"), id="join")
                yield Button(_("Connect to an address"), id="connect")
        yield TranslatedFooter()

    def _status_text(self) -> str:
        you = _("You are {who}.").format(who=self.who)
        return f"{you} {self.network}".strip()

    def on_mount(self) -> None:
        self.query_one(MySessionsList).unavailable(self._unavailable_text())
        self._show_recent()
        self._focus_a_list()

    def recent(self) -> MySession | None:
        """The deliberation this person was in last (opened or left): the one to continue."""
        left = [s for s in self.mine if s.left_at is not None]
        return max(left, key=lambda s: s.left_at or 0) if left else None

    def _continue_label(self) -> Text:
        recent = self.recent()
        title = recent.title if recent is not None else ""
        # A title is typed freely: words, not markup.
        return Text(_("Continue “{title}”").format(title=first_line(title)), overflow="ellipsis")

    def _continue_button(self) -> Button:
        button = Button(self._continue_label(), id="continue", variant="primary")
        button.display = self.recent() is not None
        return button

    def _show_recent(self) -> None:
        button = self.query_one("#continue", Button)
        button.display = self.recent() is not None
        button.label = self._continue_label()
        # Textual lays a button out again only when asked: a longer name showed cut to the
        # width of the label before ("Verder met “Buurthuis", then "Verder met"; naive s9
        # finding 7).
        button.refresh(layout=True)
        if button.display and not self._offered and self.is_current:
            # Coming back is why most people start beraad: the first offer takes the keys,
            # also from a list that got them while the deliberations were still loading.
            self._offered = True
            button.focus()

    def _focus_a_list(self) -> None:
        """Enter opens a deliberation at once: while nothing has the keys, "Continue" or the
        first list with a row gets them (yours first: coming back is the common case)."""
        start = self.query_one("#start", Button)
        ours = self.focused is start and self._start_by_default
        if not self.is_current or (
            self.focused is not None and self.focused in self.focus_chain and not ours
        ):
            return  # (Textual may have given the keys to a list that is hidden while empty)
        button = self.query_one("#continue", Button)
        if button.display:
            button.focus()
            return
        for table in (self.query_one(MySessionsList), self.query_one(NearbyList)):
            if table.items:
                table.query_one(DataTable).focus()
                return
        if self.focused is None or self.focused not in self.focus_chain:
            # Nothing to open yet: Enter starts a new one rather than doing nothing. A list
            # that fills later still takes the keys over, until the person moves them.
            self._start_by_default = True
            start.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        chosen = event.widget in self.focus_chain  # not Textual's pick of a hidden button
        if chosen and event.widget is not self.query_one("#start", Button):
            self._start_by_default = False
        if chosen and event.widget in self._parts()[:-1]:
            self._came_from = event.widget

    def _back_from_the_buttons(self) -> None:
        """Back from a dialog a button opened (*Start a new one*, *Join*, *Connect*): the
        keys go back to the part above they came from, where Enter opens a deliberation. On
        the button, Enter opened the same form again, and a person who had gone ↓ one row too
        far looped there (naive s11 F-minor-15)."""
        focused = self.focused
        if not isinstance(focused, Button) or focused.id not in BUTTONS_ROW:
            return
        parts = self._parts()[:-1]
        if not parts:
            return  # an empty lobby: the buttons are all there is
        back = self._came_from if self._came_from in parts else parts[0]
        self.set_focus(back)

    def _parts(self) -> list[Widget]:
        """What ↓ and ↑ go through, in the screen's order: "Continue", each list with rows,
        the buttons' row (as its first button)."""
        parts: list[Widget] = []
        button = self.query_one("#continue", Button)
        if button.display:
            parts.append(button)
        for table in (self.query_one(NearbyList), self.query_one(MySessionsList)):
            if table.items:
                parts.append(table.query_one(DataTable))
        parts.append(self.query_one("#start", Button))
        return parts

    def on_key(self, event: events.Key) -> None:
        """↓ past "Continue" or a list's last row goes on to the next part below, ↑ past a
        list's first row to the one above: ↓ did nothing on "Continue", so three people's
        ↓↓ Enter opened the deliberation offered there, not the one they meant. The buttons'
        row is not one of them: ↓ on the last row and ↑ at the top stay where they are, or
        ↓ (↑) Enter meant for a deliberation started a new one (naive s18 N5); Tab goes
        there. From the buttons' row ↓ goes round to the top, ↑ to the part above."""
        if self._typing_a_code(event) or self._along_the_buttons(event):
            return
        if event.key not in ("up", "down"):
            return
        parts, focused = self._parts(), self.focused
        if isinstance(focused, Button) and focused.id in ("join", "connect"):
            focused = parts[-1]  # the buttons' row is one part
        if focused not in parts:
            return
        down = event.key == "down"
        if isinstance(focused, DataTable) and (
            focused.cursor_row < focused.row_count - 1 if down else focused.cursor_row > 0
        ):
            return  # the list moves its own cursor
        event.stop()
        event.prevent_default()
        at = parts.index(focused) + (1 if down else -1)
        buttons = len(parts) - 1
        if focused is not parts[buttons] and not 0 <= at < buttons:
            return  # the last row, or the top: the keys stay
        # Round: ↓ on the buttons' row (where Escape from "Start a new one" leaves the keys)
        # did nothing (naive s6b), so it goes on to the top.
        at %= len(parts)
        if parts[at] is focused:
            return
        target = parts[at]
        self.set_focus(target)  # at once: the ↓ or Enter typed right after belongs there
        if isinstance(target, DataTable):
            target.move_cursor(row=0 if down else target.row_count - 1)

    def focus_next(self, selector: str | type[Widget] = "*") -> Widget | None:
        """Tab into a list starts on its first row, as ↓ into it does: it kept the row chosen
        on an earlier visit, which only colour showed, so ↓ meant for the second row left
        the list from it and Enter started a new deliberation (naive s16 N6)."""
        return self._into_a_list(super().focus_next(selector), down=True)

    def focus_previous(self, selector: str | type[Widget] = "*") -> Widget | None:
        """Shift+Tab into a list starts on its last row, as ↑ into it does."""
        return self._into_a_list(super().focus_previous(selector), down=False)

    def _into_a_list(self, widget: Widget | None, *, down: bool) -> Widget | None:
        if isinstance(widget, DataTable) and widget in self._parts() and widget.row_count:
            widget.move_cursor(row=0 if down else widget.row_count - 1)
        return widget

    def _typing_a_code(self, event: events.Key) -> bool:
        """A join code starts with its number: a digit typed here opens "Join by code" with
        it, and what follows until that screen is up goes in after it (naive s13 N3: a code
        typed in the lobby vanished, and Enter then opened the join with an empty box)."""
        character = event.character
        if not event.is_printable or not character:
            return False
        if self._code is None:
            if not character.isdigit():
                return False
            self._code = []
            self.post_message(self.Requested("join", code=self._code))
        event.stop()
        event.prevent_default()
        self._code.append(character)
        return True

    def _along_the_buttons(self, event: events.Key) -> bool:
        """← → move along the buttons' row, and so do ↓ ↑ when that row is all there is (an
        empty lobby: only Tab moved there; naive s7 finding 13). Stops at the row's ends."""
        focused = self.focused
        ids = BUTTONS_ROW
        if not isinstance(focused, Button) or focused.id not in ids:
            return False
        only_row = len(self._parts()) == 1
        steps = {"left": -1, "right": 1, **({"up": -1, "down": 1} if only_row else {})}
        step = steps.get(event.key)
        if step is None:
            return False
        event.stop()
        event.prevent_default()
        at = ids.index(focused.id) + step
        if 0 <= at < len(ids):
            self.set_focus(self.query_one(f"#{ids[at]}", Button))
        return True

    def leaving_for_a_session(self) -> None:
        """A session opens over the lobby: back from it, the lobby arrives anew."""
        self._left_for_a_session = True

    def on_screen_resume(self) -> None:
        self._code = None
        uncovered = getattr(self.app, "lobby_uncovered", None)
        if uncovered is not None:
            uncovered()
        if self._left_for_a_session:
            self._left_for_a_session = False
            self._arrive()
            return
        self._back_from_the_buttons()

    def _arrive(self) -> None:
        """Back from a session (Ctrl+L), the keys are where they are at the start, whatever
        the last visit did: on *Continue*. They stayed on the row the session was opened
        from, so Tab went to *Start a new one*, and the keys typed in the first second went
        to what had them before the lobby was filled (naive s18 N5)."""
        button = self.query_one("#continue", Button)
        if button.display:
            self._offered = True
            self.set_focus(button)  # at once: the keys typed right after Ctrl+L go there
            return
        self.set_focus(None)
        self._focus_a_list()

    def on_nearby_changed(self, message: NearbyChanged) -> None:
        self.nearby = list(message.items)
        self.query_one(NearbyList).show(self.nearby)
        self._focus_a_list()

    def on_my_sessions_changed(self, message: MySessionsChanged) -> None:
        self.mine = list(message.items)
        self.query_one(MySessionsList).show(self.mine)
        self._show_recent()
        self._focus_a_list()

    def _unavailable_text(self) -> str:
        if not self.held_elsewhere:
            return ""
        return _(
            "Your deliberations are open in another beraad on this data dir (another window, "
            "browser tab or keeper), so this one cannot show them. Use that one, or close it "
            "and start beraad again."
        )

    def on_network_changed(self, message: NetworkChanged) -> None:
        self.network = message.status
        self.held_elsewhere = message.held_elsewhere
        self.query_one("#status", Static).update(self._status_text())
        self.query_one(MySessionsList).unavailable(self._unavailable_text())

    @on(NearbyList.Chosen)
    def _nearby_chosen(self, event: NearbyList.Chosen) -> None:
        if isinstance(event.item, NearbyItem):
            self.post_message(self.Requested("join", event.item))

    @on(MySessionsList.Chosen)
    def _mine_chosen(self, event: MySessionsList.Chosen) -> None:
        if isinstance(event.item, MySession):
            self.post_message(self.Requested("open", event.item))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        recent = self.recent()
        if event.button.id == "continue" and recent is not None:
            self.post_message(self.Requested("open", recent))
        elif event.button.id in ("start", "join", "connect"):
            self.post_message(self.Requested(event.button.id))

    def action_start(self) -> None:
        self.post_message(self.Requested("start"))

    def action_join(self) -> None:
        self.post_message(self.Requested("join"))

    def action_connect(self) -> None:
        self.post_message(self.Requested("connect"))
