"""Projector mode: one deliberation, read-only and large, for the terminal on the beamer.

A separate Textual app that opens its own node (``node_opener``), follows one session through
the node's events and draws it for a room: the phase in big letters with the phase list, the
shared timer, the focus question, who has the word, the newest contributions and, while the
group decides, the live tally. It writes nothing into a deliberation.

A data dir is open in one process only (the store takes a lock), so on a laptop that also runs
``beraad`` the projector gets a data dir of its own (``beraad --data-dir ~/beamer --projector``)
and joins the session by its code, like any member; ``beraad demo`` hands it a simulated
member's node instead.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from beraad.core.cafe import cafe_now
from beraad.core.record import Record
from beraad.core.state import SessionState
from beraad.core.trajectory import since_last_time
from beraad.i18n import N_, _
from beraad.resources import data_files
from beraad.store import StoreLocked
from beraad.ui.bigfont import big_lines, big_width
from beraad.ui.cafe_view import projector_seating, round_line, round_shown, seating_on_the_wall
from beraad.ui.parts import in_place, part
from beraad.ui.projector_screens import ProjectorJoin, ProjectorPicker
from beraad.ui.projector_view import (
    actions_view,
    cited_facts_line,
    contributions_text,
    most_recent_session,
    newest_contributions,
    quieter_line,
    speaking_line,
    table_map_view,
    tally_view,
)
from beraad.ui.screens.since_last_time import LINE, opens_with_summary, since_lines
from beraad.ui.themes import load_themes
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.phase_bar import phase_label, phases_line

PROJECTOR_THEME = "beraad-projector"
#: Seconds to gather a burst of arriving records (a backfill brings hundreds) into one redraw.
REDRAW_DELAY = 0.05

NodeOpener = Callable[[], Awaitable[Any]]
NodeCloser = Callable[[Any], Awaitable[None]]


async def _close_node(node: Any) -> None:
    await node.close()


def _now_ms() -> int:
    return int(time.time() * 1000)


class BigWord(Widget):
    """A word in the three-line font; plain bold capitals where the big letters do not fit."""

    DEFAULT_CSS = "BigWord { height: 3; }"

    word: reactive[str] = reactive("", layout=True)

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        if not self.word:
            return Text("")
        if big_width(self.word) <= width:
            return Text("\n".join(big_lines(self.word)), no_wrap=True)
        return Text("\n" + self.word.upper(), no_wrap=True, overflow="ellipsis")


def since_text(state: SessionState, records: Iterable[Record] = (), width: int = LINE) -> Text:
    """ "Since last time" for the wall: its title and its lines of ``width`` (``records`` name
    what was done between the meetings that the state keeps no trace of)."""
    summary = since_last_time(state, records)
    if summary is None:
        return Text("")
    title = _("Since last time — meeting {number}").format(number=summary.meeting)
    if state.between_meetings:
        title = _("Meeting {number} has ended").format(number=summary.last.number)
    return Text.assemble((title, "bold"), "\n", "\n".join(since_lines(summary, state, width=width)))


class ProjectorApp(App[None]):
    """Read-only view of one session for a beamer; quits with q."""

    TITLE = "beraad"
    CSS_PATH = "projector.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("q", "leave", N_("Quit")),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
        Binding("s", "pick", N_("Sessions")),
        Binding("j", "join", N_("Join")),
    ]

    def __init__(
        self,
        node_opener: NodeOpener,
        session: str | None = None,
        *,
        closer: NodeCloser | None = None,
        clock: Callable[[], int] = _now_ms,
        beamer: bool = True,
    ) -> None:
        """``closer`` stops what ``node_opener`` started (default: close the node).

        ``beamer``: the node's identity is the projector's own (it joined to show the session),
        so it is no voice to invite; False when the node is a person's (the demo's first member).
        """
        super().__init__()
        self.beamer = beamer
        self.node_opener = node_opener
        self.session = session
        self.node: Any = None
        self.closer = closer or _close_node
        self.clock = clock
        self.problem = ""
        self.status = ""
        self._unsubscribe: Callable[[], None] | None = None
        self._redraw_pending = False
        self.redraws = 0
        """How many times the view was drawn from the node (tests wait on it)."""

    # Composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="phases")
        with Horizontal(id="stage"):
            yield BigWord(id="phase-name")
            yield Digits("", id="timer")
        yield Static(id="focus")
        yield Static(id="speaking")
        yield Static(id="main")
        yield Static(id="facts")
        yield Static(id="quieter")
        yield Static(id="status")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        themes, _problems = load_themes(data_files("themes"), taken=self.available_themes)
        for theme in themes:
            if theme.name == PROJECTOR_THEME:
                self.register_theme(theme.theme)
                self.theme = PROJECTOR_THEME
        self.set_interval(1.0, self._tick)
        self.redraw()
        self._open_node()

    async def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.node is not None:
            node, self.node = self.node, None
            await self.closer(node)

    # The node --------------------------------------------------------------------------------

    @work(exclusive=True, group="node")
    async def _open_node(self) -> None:
        try:
            node = await self.node_opener()
        except Exception as error:  # a locked or broken data dir: say so, stay on screen
            self.problem = _("The projector could not start: {error}").format(
                error=str(error) or _("it stopped without saying why")
            )
            if isinstance(error, StoreLocked):
                self.problem += "\n\n" + _(
                    "A projector beside a running beraad needs a data dir of its own: "
                    "beraad --data-dir DIR --projector, then press j and type the join code."
                )
            self.redraw()
            return
        self.node = node
        self._unsubscribe = node.subscribe(self._on_event)
        if self.session is not None and self.session not in node.session_ids():
            self.problem = _("This projector does not hold session {session}.").format(
                session=self.session
            )
            self.session = None
        if self.session is None:
            self.session = most_recent_session(node)
        self.redraw()

    class NodeEvent(Message):
        """A node event, carried onto the app's own queue."""

        def __init__(self, event: object) -> None:
            super().__init__()
            self.event = event

    def _on_event(self, event: object) -> None:
        """The node's callback: it runs in whichever thread or task wrote the record (another
        app's, in one process), so the event goes through the app's queue (thread-safe)."""
        self.post_message(self.NodeEvent(event))

    @on(NodeEvent)
    def _node_event(self, message: NodeEvent) -> None:
        self._schedule(message.event)

    def _schedule(self, event: object) -> None:
        if self.session is None and self.node is not None:
            self.session = most_recent_session(self.node)
        if getattr(event, "session", self.session) != self.session or self._redraw_pending:
            return
        self._redraw_pending = True
        self.set_timer(REDRAW_DELAY, self._redraw_now)

    def _redraw_now(self) -> None:
        self._redraw_pending = False
        if in_place(self):  # the timer outlived the wall: the app is closing (CI run, 6 Dec)
            self.redraw()

    # Drawing --------------------------------------------------------------------------------

    def state(self) -> SessionState | None:
        if self.node is None or self.session is None:
            return None
        return self.node.state(self.session)

    def set_status(self, text: str) -> None:
        """A line under the view for what runs it (the demo says when its script ended)."""
        self.status = text
        self._show("#status", text)

    def _show(self, selector: str, content: Any) -> None:
        widget = part(self, selector, Static)
        if widget is None:  # the wall is being taken down: nothing is left to show it on
            return
        # A str would be parsed as markup: the focus question and names are other people's
        # words, and "[/]" must not break the wall nor "[@click=app.quit]" become a button.
        widget.update(Text(content) if isinstance(content, str) else content)
        widget.set_class(not content, "hidden")

    _told_showing: object = ()
    """The session last told to the node as on screen (``()``: nothing told yet)."""

    def _tell_showing(self) -> None:
        """Tell the node which session the projector shows: it is here only there, not in
        every session its node holds (naive s9b finding 1)."""
        set_open = getattr(self.node, "set_open", None)
        if callable(set_open) and self._told_showing != self.session:
            self._told_showing = self.session
            set_open(self.session)

    def redraw(self) -> None:
        self._tell_showing()
        state = self.state()
        self.redraws += 1
        self._show("#status", self.status)
        if state is None or state.info is None:
            self._empty()
            return
        info = state.info
        self.query_one("#title", Static).update(
            Text.assemble(
                (info.title, "bold"),
                "  ·  ",
                _("{count} members").format(count=len(state.participants())),
            )
        )
        self.query_one("#phases", Static).update(phases_line(state))
        self.query_one("#phase-name", BigWord).word = (
            phase_label(state.phase) if state.phase else ""
        )
        self._show("#focus", info.focus)
        self._show("#speaking", speaking_line(state))
        width = max(self.size.width - 2, 40)
        cafe = cafe_now(state)
        seating = projector_seating(state) if seating_on_the_wall(cafe) else None
        if seating is not None and cafe is not None:
            # A café on: the round in big letters, its state, and where everyone sits
            number = round_shown(cafe) or cafe.round
            self.query_one("#phase-name", BigWord).word = _("Round {number}").format(number=number)
            self._show("#focus", round_line(cafe))
            main: Any = seating
        elif state.phase == "decide":
            main = tally_view(state, width)
        elif opens_with_summary(state):  # a new meeting opens with it, on the wall too
            main = since_text(state, self.node.records(self.session), width)
        elif state.phase == "act":
            main = actions_view(state, width)
        elif state.phase == "opening" and state.groups:  # the table map, for the room to see
            main = table_map_view(state, width)
        else:
            main = contributions_text(newest_contributions(state, self.node.records(self.session)))
        self.query_one("#main", Static).update(main)
        beamer = self.node.identity.public_key if self.beamer else None
        self._show("#facts", cited_facts_line(state))
        here = {p.peer for p in self.node.peers(self.session) if p.connected}
        now = time.time_ns() // 1_000_000
        self._show("#quieter", quieter_line(state, here, beamer, now))
        self._tick()

    def _empty(self) -> None:
        self.query_one("#title", Static).update(Text(_("beraad · projector"), style="bold"))
        self.query_one("#phases", Static).update("")
        self.query_one("#phase-name", BigWord).word = ""
        self._show("#focus", "")
        self._show("#speaking", "")
        self._show("#facts", "")
        self._show("#quieter", "")
        self.query_one("#timer", Digits).update("")
        if self.problem:
            message = self.problem
        elif self.node is None:
            message = _("Starting the network…")
        else:
            message = _(
                "This projector holds no deliberation yet. Press j and type the join code "
                "the facilitator's screen shows."
            )
        self.query_one("#main", Static).update(Text(message))

    def _tick(self) -> None:
        """The shared phase timer, counting down (shown only for the current phase)."""
        state = self.state()
        timer = state.timer if state is not None else None
        digits = part(self, "#timer", Digits)
        if digits is None:  # the wall is being taken down: its clock ticked once more
            return
        if timer is None or state is None or timer.phase != state.phase:
            digits.update("")
            digits.display = False
            return
        seconds = timer.remaining_ms(self.clock()) // 1000
        digits.update(f"{seconds // 60:02d}:{seconds % 60:02d}")
        digits.display = True

    # Keys -------------------------------------------------------------------------------------

    def action_pick(self) -> None:
        if self.node is None:
            return
        sessions = self.node.sessions()
        if not sessions:
            self.action_join()
            return
        self.push_screen(ProjectorPicker(sessions, self.session), self._picked)

    def _picked(self, session: str | None) -> None:
        if session is not None:
            self.session = session
            self.problem = ""
            self.redraw()

    def action_join(self, typed: str = "") -> None:
        if self.node is not None and not isinstance(self.screen, ProjectorJoin):
            self.push_screen(ProjectorJoin(typed))

    def action_leave(self) -> None:
        self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the join is open its letters are the code's: `q`, `s`, `j` act only outside."""
        joining = any(isinstance(screen, ProjectorJoin) for screen in self.screen_stack)
        return not (joining and action in ("leave", "pick", "join"))

    def on_key(self, event: events.Key) -> None:
        """A join code starts with its number: a digit typed on the projector's own screen opens
        the join with that digit as the code's start, so a code typed without `j` first is
        kept rather than lost to the letter keys (docs/focus.md). The keys of a burst that
        reach the app while the join screen is still opening go into its code, in order."""
        if isinstance(self.screen, ProjectorJoin):
            if event.is_printable and event.character:
                event.stop()
                self.screen.take(event.character)
            return
        if (
            event.character is not None
            and event.character.isdigit()
            and len(self.screen_stack) == 1
            and self.node is not None
        ):
            event.stop()
            self.action_join(event.character)

    @on(ProjectorJoin.Requested)
    def _join_requested(self, message: ProjectorJoin.Requested) -> None:
        self._join(message.code, message.address)

    @work(exclusive=True, group="join")
    async def _join(self, code: str, address: str | None) -> None:
        try:
            session = await self.node.join(code, address=address)
        except Exception as error:  # wrong or expired code, nobody reachable: the node says which
            if isinstance(self.screen, ProjectorJoin):
                # A node's error is a sentence for the person; one without words is said
                # in theirs, never by its Python name ("TimeoutError", naive s11 F4).
                self.screen.show_error(
                    str(error) or _("Joining stopped without an answer; press Enter to try again.")
                )
            return
        if self.beamer:
            try:
                # A beamer only watches: no quorum counts it, and it can write nothing else.
                await self.node.contribute(session, "member.observe", {})
            except Exception as error:  # already observing (a second join), or refused: say so
                self.notify(str(error), severity="warning", markup=False)
        if isinstance(self.screen, ProjectorJoin):
            self.screen.dismiss(None)
        self.session = session
        self.problem = ""
        self.redraw()
