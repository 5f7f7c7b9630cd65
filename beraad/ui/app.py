"""The beraad Textual app: screens, themes, language, and the bridge to the node.

The app talks to the rest of beraad only through the node's API. The node is opened in a
worker (``node_opener``); without one the app still runs, and says it is offline.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import Notification, Notify
from textual.timer import Timer
from textual.widgets._toast import Toast, ToastRack

from beraad.attach import AttachedNode
from beraad.core.state import SessionState
from beraad.held import NodeError
from beraad.i18n import N_, _, current_language, set_language, translate
from beraad.i18n.os_words import os_reason
from beraad.identity_file import Profile, save_profile
from beraad.resources import data_files
from beraad.store import StoreCorrupt, StoreLocked
from beraad.ui import notice_line  # notifications on one line, on import
from beraad.ui.app_join import JoinFlow
from beraad.ui.app_keys import KeyRouting
from beraad.ui.bridge import Bridge, NodeEventArrived, kept_mine
from beraad.ui.commands import BeraadCommands
from beraad.ui.guest import GUEST_HELP_TEXT, is_guest
from beraad.ui.messages import MySessionsChanged, NearbyChanged, NetworkChanged
from beraad.ui.models import InvitationView, MySession, NearbyItem, NewSession
from beraad.ui.notice_line import withdraw
from beraad.ui.phases.base import PhaseView
from beraad.ui.plain import first_line
from beraad.ui.scenarios import load_scenarios, shipped_sealed
from beraad.ui.screens.base import Relabel
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.connect import ConnectScreen
from beraad.ui.screens.first_run import LANGUAGE_NAMES, FirstRunScreen
from beraad.ui.screens.help import HelpScreen, declared_by_beraad
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.join import JoinScreen
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.rules import RulesScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.start import StartScreen
from beraad.ui.sent_rows import SentRows
from beraad.ui.textual_words import Palette
from beraad.ui.themes import DEFAULT_THEME, BeraadTheme, load_themes

NodeOpener = Callable[[], Awaitable[Any]]
#: Seconds between tries to attach again after the beraad holding the data dir stopped.
REATTACH_EVERY = 1.0
#: The lobby is filled again from the node at most this often (the last change in a burst is
#: always shown): an outsider's 1,500 mDNS adverts, each a change, refilled it 400 times and
#: keys waited 4–8 s for ~90 s (attack s12 #3).
LOBBY_REFRESH_EVERY = 0.25
#: The id of the question Ctrl+Q asks when something typed is not sent yet.
QUIT_QUESTION = "quit-question"
#: The name the last help screen is kept under between two F1s.
HELP_SCREEN = "beraad-help"
#: A language switch says so at once ("Switching to Nederlands…") and takes the toast back
#: when done; it goes by itself after this many seconds should the switch never end.
SWITCH_SAID_AT_MOST = 30.0
#: Seconds a switch waits at most for that toast to be painted before it starts, and how
#: often it looks.
SWITCH_SAID_WAIT = 0.5
SWITCH_SAID_LOOK = 0.005


class BeraadApp(JoinFlow, KeyRouting, App[None]):
    TITLE = "beraad"
    CSS_PATH = "beraad.tcss"
    COMMANDS = {BeraadCommands}
    BINDINGS = [
        Binding("f1", "help", N_("Help")),
        Binding("f2", "rules", N_("Rules")),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        # Tab moves the focus before the keys typed right after it are handed out: otherwise
        # they were already queued for the field being left (docs/focus.md).
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        # Enter in a text box likewise submits what the box holds when Enter comes, not after
        # a Tab typed right after it moved the focus and the Enter to the next field.
        Binding("enter", "app.submit_now", show=False, priority=True),
    ]

    def __init__(
        self,
        profile: Profile,
        *,
        data_dir: Path | None = None,
        node_opener: NodeOpener | None = None,
        theme_files: list[Path] | None = None,
        scenario_files: list[Path] | None = None,
    ) -> None:
        """``data_dir`` is where the first-run choices are saved (None: they are not saved)."""
        super().__init__()
        self.profile = profile
        self.display_name = profile.display_name
        self.data_dir = data_dir
        self.node_opener = node_opener
        self.bridge: Bridge | None = None
        self._theme_files = theme_files
        self._scenario_files = scenario_files
        self.beraad_themes: list[BeraadTheme] = []
        self.nearby: list[NearbyItem] = []
        self.mine: list[MySession] = []
        self._lobby_stale = False
        #: When the lobby was last filled from the node, and the fill waiting for its turn.
        self._refreshed_at = float("-inf")
        self._refresh_timer: Timer | None = None
        """Records came while the lobby was covered: it fills when it shows again."""
        self._open_when_ready: str | None = None
        """A session chosen in the lobby before the node was open: opened once it is."""
        self._network_words: tuple[str, dict[str, object]] | None = None
        """The sentence ``network_status`` says, to translate again at a language switch."""
        self.network_status = self._network_said(N_("Offline: the network is not running."))
        self.held_elsewhere = ""
        """Set when another beraad holds the data dir: the lobby says so instead of "empty"."""
        #: Retrying to attach after the holder stopped (``_reattach``), while it is not back.
        self._reattaching: Timer | None = None
        self._help_kept: tuple[tuple[Any, ...], HelpScreen] | None = None
        """The last help opened, and what it was built from (``_push_help``)."""
        self.sent_rows = SentRows()
        """The rows the terminal shows: a frame writes only those it changes."""
        self.frames_written = 0
        """Frames written so far (a language switch waits for the one with its toast)."""

    def _display(self, screen: Any, renderable: Any) -> None:
        """Each frame as Textual writes it, less the rows the terminal shows already, and a
        screen's first frame whole (``ui/sent_rows.py``)."""
        if not self._batch_count and not self.is_headless:  # headless, Textual writes nothing
            renderable = self.sent_rows.frame(screen, renderable, self.size)
        if renderable is not None:
            self.frames_written += 1
        super()._display(screen, renderable)

    # Start and stop.
    def on_mount(self) -> None:
        # Back from a suspension the terminal may show anything: every row is written again.
        self.app_resume_signal.subscribe(self, lambda _app: self.sent_rows.forget())
        # Read while the person is in the lobby, not when the first session screen opens.
        self.run_worker(shipped_sealed, thread=True, group="warm", exit_on_error=False)
        self._load_themes()
        self.theme = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else self.theme
        if self.profile.chosen:
            self._start_network()
            self.push_screen(self._lobby())
        else:
            # The network waits for the name: others must never see a placeholder name.
            self.push_screen(
                FirstRunScreen(self.profile.display_name, self.profile.identity.fingerprint)
            )

    def on_resize(self, event: events.Resize) -> None:
        # A message said in turns, again in the new width's turns (before Textual's own
        # handler, so ``self.size`` is still the old one).
        notice_line.say_again(self, event.size.width)

    async def on_unmount(self) -> None:
        if self.bridge is not None:
            await self.bridge.close()

    def _load_themes(self) -> None:
        files = self._theme_files if self._theme_files is not None else data_files("themes")
        themes, problems = load_themes(files, taken=self.available_themes)
        for theme in themes:
            self.register_theme(theme.theme)
        self.beraad_themes = themes
        for problem in problems:
            self.notify(
                problem.message(), title=_("Theme"), severity="warning", timeout=10, markup=False
            )

    def _lobby(self) -> LobbyScreen:
        who = f"{self.display_name} ({self.profile.identity.fingerprint})"
        return LobbyScreen(
            who=who,
            nearby=self.nearby,
            mine=self.mine,
            network=self.network_status,
            held_elsewhere=self.held_elsewhere,
        )

    # The node.
    def _start_network(self) -> None:
        if self.node_opener is not None and self.bridge is None:
            self.network_status = self._network_said(N_("Starting the network…"))
            if self.data_dir is not None:
                # Listed at once, as the node kept them: opening it reads and folds every
                # record (seconds at thousands), which the lobby's rows do not need.
                self.mine = kept_mine(self.data_dir)
            self._starting = True
            # Once the lobby is drawn: its first frame does not share the interpreter with
            # the thread that reads the journal.
            self.call_after_refresh(self._open_node)

    @work(exclusive=True, group="node")
    async def _open_node(self) -> None:
        try:
            await self._open_node_now()
        finally:
            self._network_done()

    async def _open_node_now(self) -> None:
        node = await self._opened_node()
        if node is None:
            # Only what the node lists can be opened: no rows kept from its last run.
            self._open_when_ready = None
            if self.mine:
                self.mine = []
                for screen in self._lobbies():
                    screen.post_message(MySessionsChanged([]))
            return
        self.bridge = Bridge(node, self._post_from_node)
        for note in getattr(node, "recovered", ()):
            # What opening the store repaired (an unconfirmed end set aside, and where): said
            # where people look, not in a log file only (attack s11 finding 7).
            self.notify(note, title=_("Repaired"), severity="warning", timeout=30, markup=False)
        if hasattr(node, "read_back_checked"):  # not an attached window: its holder says it
            said = list(getattr(node, "recovered", ()))
            self.run_worker(self._say_read_back(node, said), group="read back")
        if isinstance(node, AttachedNode):
            self._network_says(
                True, N_("Online through the beraad already running on this data dir.")
            )
        elif getattr(node, "discovery", None) is not None:
            self._network_says(True, N_("Looking for deliberations nearby."))
        else:  # --no-discovery: nothing is looked for; people connect by address
            self._network_says(True, N_("Online; not looking nearby (discovery is off)."))
        kept = {item.session: item.title for item in self.mine}  # the rows of its last run
        self._refresh_from_node()
        chosen, self._open_when_ready = self._open_when_ready, None
        held = chosen in {item.session for item in self.mine}  # not a row gone meanwhile
        if chosen is not None and not held:
            self._gone(kept.get(chosen, ""))
        elif chosen is not None and self._lobbies() and self.screen is self._lobbies()[-1]:
            self.open_session(chosen)

    async def _say_read_back(self, node: Any, said: list[str]) -> None:
        """What checking the records read back set aside (``beraad/read_back.py``): the check
        ends after the node opened, so it is said when it does, where people look."""
        await node.read_back_checked()
        for note in node.read_back_notes:
            if note not in said:
                self.notify(
                    note, title=_("Set aside"), severity="warning", timeout=30, markup=False
                )

    def _gone(self, title: str) -> None:
        """A row kept from the last run was chosen, and the node no longer holds its session
        (its records were removed): the row went and nothing opened, without a word."""
        self.notify(
            _(
                "“{title}” is no longer on this computer, so it cannot be opened. Someone in "
                "the group can let you in again with a join code."
            ).format(title=first_line(title)),
            title=_("Not opened"),
            severity="warning",
            timeout=15,
            markup=False,
        )

    async def _opened_node(self) -> Any:
        """The node opened (or the one another beraad holds, attached); None if neither."""
        assert self.node_opener is not None
        try:
            return await self.node_opener()
        except StoreLocked as error:  # a second window or browser tab on the same data dir
            node = await self._attach()
            if not isinstance(node, AttachedNode):
                # Nobody serves it: the lock's words; the holder failed us: that, never "in
                # use by another beraad", which attaching is for (attack s11 finding 3).
                said = node or str(error)
                self.held_elsewhere = said
                self._set_network(False, said)
                return None
            return node
        except StoreCorrupt as error:
            # A damaged journal: an offline app would look like a node that lost everything.
            # Stop, and say which line and what to do; the next start says it again.
            # After the screen's own mounting is done: exiting mid-mount breaks Textual's Header.
            self.call_after_refresh(self.exit, return_code=2, message=Text(f"beraad: {error}"))
            return None
        except Exception as error:  # any failure to start leaves a usable, offline app
            self._network_says(
                False, N_("Offline: the network could not start ({error})."), error=error
            )
            self.notify(str(error), title=_("Network"), severity="error", timeout=15, markup=False)
            return None

    async def _attach(self) -> AttachedNode | str | None:
        """The node another beraad holds on this data dir, reached over its local socket;
        None when nobody serves it, or what went wrong with the one that does."""
        if self.data_dir is None:
            return None
        try:
            return await AttachedNode.attach(self.data_dir)
        except (FileNotFoundError, ConnectionRefusedError):  # an older holder, or it stopped
            return None
        except (OSError, NodeError, TimeoutError) as error:
            why = str(error) or _("it did not answer in time")
            return _(
                "The beraad that holds the data dir {path} could not hand this window its "
                "sessions: {why}. Close this window and start it again; or start it with "
                "another --data-dir."
            ).format(path=self.data_dir, why=why)

    @work(exclusive=True, group="reattach")
    async def _reattach(self) -> None:
        """The holder stopped: as soon as a beraad holds the data dir again, write through it."""
        bridge = self.bridge
        if bridge is None or not isinstance(bridge.node, AttachedNode):
            return
        if not await bridge.node.reattach():
            return
        if self._reattaching is not None:
            self._reattaching.stop()
            self._reattaching = None
        self.held_elsewhere = ""
        self._network_says(True, N_("Online through the beraad already running on this data dir."))
        self.notify(_("Attached again to the beraad that holds this data dir."), markup=False)
        self._refresh_from_node()

    def _post_from_node(self, message: NodeEventArrived) -> None:
        """The node's callback: may run on another thread, so hop onto the app's loop."""
        if self._thread_id == threading.get_ident():
            self.post_message(message)
        else:
            self.call_from_thread(self.post_message, message)

    def on_node_event_arrived(self, message: NodeEventArrived) -> None:
        bridge = self.bridge
        if bridge is None:
            return
        if type(message.event).__name__ == "NearbyChanged":
            bridge.nearby_taken()
        if getattr(bridge.node, "gone", False) and not self.held_elsewhere:
            # Attached to another beraad's node, which stopped: say so, where people look.
            self.held_elsewhere = _(
                "The beraad that holds this data dir has closed; start beraad again."
            )
            self._set_network(False, self.held_elsewhere)
            self.notify(self.held_elsewhere, severity="error", timeout=30, markup=False)
            if self._reattaching is None:
                self._reattaching = self.set_interval(REATTACH_EVERY, self._reattach)
        if message.refused:
            # Why a peer's record was refused may quote that peer: words, never markup.
            kind = type(message.event).__name__
            attempt = kind in ("JoinAttemptFailed", "JoinedFromOneAddress")
            unsaved = kind == "RecordsNotStored"
            self.notify(
                message.refused
                + (
                    " " + _("Press F8 in the session for a fresh code.")
                    if kind == "JoinAttemptFailed"
                    else ""
                ),
                title=_("Join code")
                if attempt
                else _("Not saved")
                if unsaved
                else _("Held back")
                if kind == "MemberOverVolume"
                else _("Connection")
                if kind == "LinkDroppedAgain"
                else _("Refused"),
                severity="error" if unsaved else "warning",
                timeout=30 if unsaved else 20 if attempt else 10,
                markup=False,
            )
        refused = _refused_record(bridge.node, message.event)  # changes nothing on screen
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.node_changed(message.event)
            elif isinstance(screen, InvitationScreen) and screen.invitation.session and not refused:
                screen.show_members(bridge.member_names(screen.invitation.session))
        if not refused:
            self._refresh_from_node()

    def _refresh_from_node(self, now: bool = False) -> None:
        """Fill the lobby again; a lobby under another screen waits until it shows (a flood
        of records in an open session must not refill a table nobody sees, every record).
        ``now``: the lobby takes it before its next frame, not through its message queue."""
        if self.bridge is None:
            return
        if not now:
            # A burst of changes (records, adverts) is one fill per LOBBY_REFRESH_EVERY, the
            # last of them included.
            if self._refresh_timer is not None:
                return
            wait = self._refreshed_at + LOBBY_REFRESH_EVERY - time.monotonic()
            if wait > 0:
                self._refresh_timer = self.set_timer(wait, self._refresh_due)
                return
        lobbies = self._lobbies()
        if lobbies and all(screen is not self.screen for screen in lobbies):
            self._lobby_stale = True
            return
        self._lobby_stale = False
        self._refreshed_at = time.monotonic()
        self.nearby = self.bridge.nearby()
        self.mine = self.bridge.mine()
        for screen in lobbies:
            nearby, mine = NearbyChanged(self.nearby), MySessionsChanged(self.mine)
            if now:
                screen.on_nearby_changed(nearby)
                screen.on_my_sessions_changed(mine)
            else:
                screen.post_message(nearby)
                screen.post_message(mine)

    def _refresh_due(self) -> None:
        self._refresh_timer = None
        self._refresh_from_node()

    def lobby_uncovered(self) -> None:
        """The lobby shows again: filled again at once, whether or not records came while it
        was covered. Leaving a session is news to it ("Continue" names the session just
        left): without a record meanwhile it waited for the next node event, seconds later
        (naive s6b finding J)."""
        self._refresh_from_node(now=True)

    def _network_said(self, words: str, **params: object) -> str:
        """``words`` (marked ``N_``) in the language of the moment, kept to be said again in
        another one (``switch_language``)."""
        self._network_words = (words, params)
        return _(words).format(**params)

    def _network_says(self, online: bool, words: str, **params: object) -> None:
        """``_set_network`` with a sentence that follows a language switch (naive s9 finding
        8: the lobby said "Online: looking for deliberations nearby." after a switch to
        Dutch, until beraad was restarted)."""
        self._set_network(online, _(words).format(**params), words=(words, params))

    def _set_network(
        self, online: bool, status: str, *, words: tuple[str, dict[str, object]] | None = None
    ) -> None:
        self._network_words = words
        self.network_status = status
        for screen in self._lobbies():
            screen.post_message(NetworkChanged(online, status, self.held_elsewhere))

    def _lobbies(self) -> list[LobbyScreen]:
        return [s for s in self.screen_stack if isinstance(s, LobbyScreen)]

    # First run.
    @on(FirstRunScreen.LanguagePicked)
    async def _language_picked(self, message: FirstRunScreen.LanguagePicked) -> None:
        await self.switch_language(message.language, save=False)

    @on(FirstRunScreen.Chosen)
    async def _first_run_done(self, message: FirstRunScreen.Chosen) -> None:
        if self.data_dir is not None:
            try:
                save_profile(self.data_dir, message.display_name, message.language, chosen=True)
            except OSError as error:
                self.notify(
                    _("Your choices could not be saved: {error}").format(error=os_reason(error)),
                    severity="error",
                    markup=False,
                )
        self.display_name = message.display_name
        await self.switch_language(message.language, save=False)
        self._start_network()
        self.switch_screen(self._lobby())

    # Lobby requests.
    @on(LobbyScreen.Requested)
    def _lobby_requested(self, message: LobbyScreen.Requested) -> None:
        if message.what == "start":
            files = (
                self._scenario_files
                if self._scenario_files is not None
                else data_files("scenarios")
            )
            scenarios, problems = load_scenarios(files)
            for problem in problems:
                self.notify(
                    problem, title=_("Scenario"), severity="warning", timeout=10, markup=False
                )
            self.push_screen(StartScreen(scenarios))
        elif message.what == "join":
            where = message.item.where if isinstance(message.item, NearbyItem) else ""
            self.push_screen(JoinScreen(address=where, typed=message.code))
        elif message.what == "connect":
            self.push_screen(ConnectScreen(), self._connect)
        elif message.what == "open" and isinstance(message.item, MySession):
            held = self.bridge is None or message.item.session in self.bridge.node.session_ids()
            if held:
                self.open_session(message.item.session)
            else:  # a row drawn before the node's list replaced it
                self._gone(message.item.title)

    def open_session(self, session: str, *, replace: bool = False) -> None:
        """Show the session screen of ``session`` (on top of the lobby, or instead of a form)."""
        if self.bridge is None and self._starting:
            self._open_when_ready = session  # a row kept from the last run, chosen early
            return
        if self._offline():
            return
        assert self.bridge is not None
        screen = SessionScreen(self.bridge.node, session)
        for lobby in self._lobbies():
            lobby.leaving_for_a_session()
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _offline(self) -> bool:
        if self.bridge is None:
            self.notify(self.network_status, title=_("Network"), severity="warning", markup=False)
            return True
        return False

    def _connect(self, address: str | None) -> None:
        if address and not self._offline():
            self._run_connect(address)

    @work(group="network")
    async def _run_connect(self, address: str) -> None:
        """Said as it goes: trying, then reached or not (naive s11b: "Connected to …" came
        as soon as the address was added, before anything had answered there)."""
        assert self.bridge is not None
        self.notify(_("Trying {address}…").format(address=address), markup=False)
        try:
            reached = await self.bridge.connect(address)
        except Exception as error:  # the node's message is for the person
            self.notify(str(error), title=_("Connect"), severity="error", timeout=10, markup=False)
        else:
            if reached:
                self.notify(_("Connected to {address}.").format(address=address), markup=False)
            else:
                self.notify(
                    _(
                        "Nothing answers at {address}: check the address, and that beraad runs "
                        "there. It is tried again now and then."
                    ).format(address=address),
                    severity="warning",
                    timeout=10,
                    markup=False,
                )

    @on(StartScreen.Submitted)
    def _start_submitted(self, message: StartScreen.Submitted) -> None:
        screen = self.screen
        if self.bridge is None:
            if isinstance(screen, StartScreen):
                screen.show_error(self.network_status)
            return
        self._create(message.request)

    @work(exclusive=True, group="create")
    async def _create(self, request: NewSession) -> None:
        assert self.bridge is not None
        try:
            session, view = await self.bridge.create(request)
        except Exception as error:  # the node's message is for the person
            if isinstance(self.screen, StartScreen):
                self.screen.show_error(str(error))
            return
        self._refresh_from_node()
        # The session screen takes the form's place; the join code is shown on top of it.
        self.open_session(session, replace=isinstance(self.screen, StartScreen))
        self.show_invitation(view)

    def show_invitation(self, view: InvitationView) -> None:
        members = self.bridge.member_names(view.session) if self.bridge and view.session else []

        def switched(choice: str | None) -> None:
            """F8 on the code: a code of the other role beside it; Ctrl+X: close this one."""
            from beraad.ui.join_codes import close_code

            if not isinstance(self.screen, SessionScreen):
                return
            if choice == "switch":
                self.screen.show_code("guest" if view.role == "member" else "member")
            elif choice == "close":
                self.screen.run_worker(close_code(self.screen, view), group="invite")

        self.push_screen(InvitationScreen(view, members=members), switched)

    @on(JoinScreen.Submitted)
    def _join_submitted(self, message: JoinScreen.Submitted) -> None:
        self.join_submitted(message)  # ``JoinFlow``

    # Commands everywhere.
    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys = [
            (self.get_key_display(binding), binding.description)
            for node, binding, _enabled, _tooltip in screen.active_bindings.values()
            # also keys the footer has no room for; not the widgets' own (scroll, copy,
            # tree keys): Textual names those in English only, and they bury ours
            if binding.description and declared_by_beraad(node, binding)
        ]
        help_text = screen.HELP_TEXT if isinstance(screen, Relabel) else ""
        state, me = getattr(screen, "state", None), getattr(screen, "me", None)
        if isinstance(state, SessionState) and isinstance(me, str) and is_guest(state, me):
            help_text = GUEST_HELP_TEXT  # only what a guest has (docs/focus.md)
        # The phase view on screen adds what is particular to it (Act's Internal, a due date).
        more = tuple(
            view.HELP_TEXT for view in screen.query(PhaseView) if view.display and view.HELP_TEXT
        )
        self._push_help(help_text, keys, more)

    def _push_help(self, text: str, keys: list[tuple[str, str]], more: tuple[str, ...]) -> None:
        """Open the help; the last one is kept, and F1 again on the same screen shows it
        without building its text again (composing and styling it was most of F1's time)."""
        key = (text, tuple(keys), more, current_language())
        kept = self._help_kept
        if kept is not None and kept[0] == key:
            self.push_screen(HELP_SCREEN)
            return
        stacked = kept is not None and kept[1] in self.screen_stack
        help_screen = HelpScreen(N_("Help"), text, keys, more)
        if stacked:  # the kept one is open below: this one is not kept
            self.push_screen(help_screen)
            return
        if kept is not None:
            self.uninstall_screen(HELP_SCREEN)
            kept[1].remove()
        self.install_screen(help_screen, HELP_SCREEN)
        self._help_kept = (key, help_screen)
        self.push_screen(HELP_SCREEN)

    async def action_quit(self) -> None:
        """Quitting leaves every open session: remember what was seen (for "while away").
        Something typed and not sent (uncast scores, a half-typed knot) is asked about
        first, Cancel focused; Ctrl+Q again there quits (naive s8 finding 7: it went at once,
        without a word)."""
        unsent = [
            said
            for screen in self.screen_stack
            if isinstance(screen, SessionScreen)
            for said in screen.unsent_work()
        ]
        sealed = any(
            screen.sealed_waiting()
            for screen in self.screen_stack
            if isinstance(screen, SessionScreen)
        )
        asking = isinstance(self.screen, ConfirmScreen) and self.screen.id == QUIT_QUESTION
        if (unsent or sealed) and not asking:
            said = []
            if unsent:
                said.append(
                    _("Not sent yet: {what}. What is not sent is lost when beraad closes.").format(
                        what="; ".join(unsent)
                    )
                )
            if sealed:
                said.append(
                    _(
                        "Your sealed vote counts only once beraad reveals it after voting "
                        "closes: keep it open until then, or open it again."
                    )
                )
            question = " ".join([*said, _("Quit anyway? (Ctrl+Q again quits.)")])
            confirm = ConfirmScreen(question, _("Quit"), id=QUIT_QUESTION)
            self.push_screen(confirm, self._quit_answered)
            return
        await self._quit()

    async def _quit_answered(self, go_on: bool | None) -> None:
        if go_on:
            await self._quit()

    async def _quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.leave()
        await super().action_quit()

    def action_help_quit(self) -> None:
        """Ctrl+C (copy in a box) elsewhere says how to stop, in the person's language and
        with the key as the footer writes it (Textual's own toast was English and wrote
        "ctrl+q": naive s11 F10)."""
        self.notify(_("To stop beraad, press Ctrl+Q."), markup=False)

    def action_rules(self) -> None:
        if not isinstance(self.screen, RulesScreen):
            self.push_screen(RulesScreen())

    def action_language(self, language: str) -> None:
        self.run_worker(self.switch_language(language), exclusive=True, group="language")

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                Palette(id="--command-palette", placeholder=_("Search for a command…"))
            )

    def switch_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name

    async def switch_language(self, language: str, *, save: bool = True) -> None:
        """Show everything in ``language`` now, and remember it for next time.

        It says so at once, in the new language, before the screens are composed anew (a
        frozen screen with no word for seconds, and a second Enter in the palette: naive s15
        F9), and the keys typed meanwhile wait and then go, in order, to the new screens."""
        if language != current_language():
            name = dict(LANGUAGE_NAMES).get(language, language)
            words = translate(N_("Switching to {language}…"), language).format(language=name)
            toast = Notification(words, "", "information", SWITCH_SAID_AT_MOST, markup=False)
            self.post_message(Notify(toast))
            self.keys_wait()
            try:
                await self._shown_first(toast)
                self._relabel_all(language)
                # Nothing is painted until every screen holds its words, numbers and place
                # again: the frames in between showed the views empty, then the ballot with
                # the cast numbers and the cursor on row A (naive s10 finding 2).
                with self.batch_update():
                    for screen in list(self.screen_stack):
                        if isinstance(screen, Relabel):
                            await screen.relabel()
                self.refresh_bindings()
            finally:
                withdraw(self, toast)
                await self.keys_go()
        if save and self.data_dir is not None:
            try:
                save_profile(self.data_dir, self.display_name, language)
            except (OSError, ValueError) as error:
                self.notify(str(error), severity="error", markup=False)

    def _relabel_all(self, language: str) -> None:
        """The language itself, and the lines the app keeps to say again in it."""
        set_language(language)
        if self._network_words is not None:  # the lobby's line, in the new language
            words, params = self._network_words
            self.network_status = _(words).format(**params)
            for lobby in self._lobbies():
                lobby.network = self.network_status

    async def _shown_first(self, toast: Notification) -> None:
        """Until a frame with ``toast`` on it has been written (its widget mounted, then a
        frame), or ``SWITCH_SAID_WAIT`` seconds at most: the work after it holds the loop."""
        if self._disable_notifications:
            return  # no toasts shown (``run_test`` by default): nothing to wait for
        deadline = time.monotonic() + SWITCH_SAID_WAIT

        def on_screen() -> bool:
            rack = next((c for c in self.screen.children if isinstance(c, ToastRack)), None)
            return rack is not None and any(
                shown._notification.identity.startswith(toast.identity)
                for shown in rack.query(Toast)
            )

        while not on_screen() and time.monotonic() < deadline:
            await asyncio.sleep(SWITCH_SAID_LOOK)
        written = self.frames_written
        while self.frames_written == written and time.monotonic() < deadline:
            await asyncio.sleep(SWITCH_SAID_LOOK)


def _refused_record(node: object, event: object) -> bool:
    """Whether ``event`` is a record the rules refused: it changes nothing on any screen."""
    record = getattr(event, "record", None)
    session = getattr(event, "session", None)
    refused = getattr(node, "refused", None)
    if record is None or session is None or refused is None:
        return False
    try:
        return bool(refused(session, record.id))
    except Exception:  # not (or no longer) a session of this node
        return False
