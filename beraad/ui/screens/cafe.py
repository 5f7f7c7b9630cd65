"""The world café screens: where I sit (F9) and, for the facilitator, setting a café up.

``CafeScreen`` shows this person's table in the round going on (or the next one), its question,
who sits there, the shared timer, where to go next, and for a table's host what earlier rounds
wrote there, to pass on to the newcomers; below it the whole round's seating. The steward (the
facilitator, or anyone under the consent rule) sets up a café (``n``), starts the next round
(``s``) and ends it (``e``). ``CafeSetupScreen`` asks for the tables' questions (and hosts), the
number of rounds, their length and the people without a device; the plan is computed by the
core's planner and written as one record, so every screen shows the same seating.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static, TextArea

from beraad.core.cafe import cafe_now, setup_body
from beraad.core.cafe_plan import PlanError
from beraad.core.kinds import KINDS, MAX_CAFE_ROUNDS, MAX_CAFE_TABLES, MAX_SHORT
from beraad.core.meeting import round_order
from beraad.core.session import speaker_key
from beraad.core.state import SessionState
from beraad.i18n import N_, _, ngettext
from beraad.ui.cafe_view import (
    harvest_lines,
    my_seat,
    pairs_line,
    round_line,
    round_shown,
    seating_rows,
    table_label,
)
from beraad.ui.parts import part
from beraad.ui.screens.base import BeraadModal, LiveScreen
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.meeting_status import Clock, timer_text, wall_clock
from beraad.ui.widgets.sending_input import StillInput

#: The longest round offered, in minutes.
MAX_ROUND_MINUTES = 240
#: The record each action writes (who may write it follows the process rule).
ACTION_KINDS = {
    "setup": "cafe.setup",
    "start": "cafe.round",
    "end": "cafe.end",
    "finish": "cafe.end",
}


def may_write(state: SessionState, me: str, kind: str) -> bool:
    """A steward's kind: the facilitator under that rule, any member under consent."""
    info = state.info
    if info is None or me not in state.members or state.members[me].observer:
        return False
    spec = KINDS[kind]
    if spec.who == "steward" and info.process_rule == "facilitator":
        return me == state.facilitator
    return True


class CafeScreen(LiveScreen):
    """One person's view of the café; dismisses with nothing."""

    HELP_TEXT = N_(
        "The world café: the room talks at small tables and moves on each round.\n\n"
        "- The top says which table you sit at now (or next), its question, who sits with "
        "you and the time left. Write at the table as usual, in the phase the group is in: "
        "what you add is kept with your table and round.\n"
        "- A table's host stays for every round and sees here what earlier rounds wrote at "
        "the table, to pass on to the newcomers.\n"
        "- The list shows the whole round's seating.\n"
        "- The facilitator (under the consent rule anyone) sets up a café with **n**, starts "
        "the next round with **s** and ends it with **e**; **x** ends the café itself, before "
        "its last round.\n"
        "- After the last round, the harvest stays in the phases (knots, positions, options), "
        "and the minutes report it per table and round."
    )
    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("n", "setup", N_("Set up")),
        Binding("s", "start", N_("Next round")),
        Binding("e", "end", N_("End café round")),
        Binding("x", "finish", N_("End the café")),
    ]
    DEFAULT_CSS = """
    CafeScreen { align: center middle; }
    CafeScreen > #cafe { width: 100%; height: 1fr; padding: 0 1; background: $panel; }
    CafeScreen .cafe-line { height: auto; max-height: 2; }
    CafeScreen #cafe-title { text-style: bold; }
    CafeScreen #cafe-table { text-style: bold; color: $accent; }
    CafeScreen #cafe-harvest { height: auto; max-height: 9; color: $text-muted; }
    CafeScreen #cafe-seating { height: 1fr; margin-top: 1; }
    """

    TICKS = True

    def __init__(
        self, node: Any, session: str, *, speaker: str | None = None, clock: Clock = wall_clock
    ) -> None:
        super().__init__(node, session)
        self.speaker = speaker
        self.clock = clock
        self._drawn_width = 0
        """The terminal width the seating was laid out for."""

    def compose(self) -> ComposeResult:
        with Vertical(id="cafe"):
            yield Static(id="cafe-title", classes="cafe-line", markup=False)
            yield Static(id="cafe-table", classes="cafe-line", markup=False)
            yield Static(id="cafe-mates", classes="cafe-line", markup=False)
            yield Static(id="cafe-timer", classes="cafe-line", markup=False)
            yield Static(id="cafe-next", classes="cafe-line", markup=False)
            yield Static(id="cafe-harvest", markup=False)
            yield DataTable(id="cafe-seating", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def arrive(self) -> None:
        self.query_one("#cafe-seating", DataTable).focus()

    def _line(self, widget_id: str, text: str) -> None:
        widget = part(self, f"#{widget_id}", Static)
        if widget is None:  # the screen is being taken down (its timer ticked once more)
            return
        widget.update(Text(text))
        widget.display = bool(text)

    def draw(self) -> None:
        state = self.state
        cafe = cafe_now(state)
        table = self.query_one("#cafe-seating", DataTable)
        table.clear(columns=True)
        if cafe is None:
            self._line("cafe-title", _("World café"))
            hint = (
                _("No café is set up. Press n to set one up.")
                if self._offered("setup")
                else _("No café is set up.")
            )
            for widget_id, text in (
                ("cafe-table", hint),
                ("cafe-mates", ""),
                ("cafe-next", ""),
                ("cafe-harvest", ""),
            ):
                self._line(widget_id, text)
            table.display = False
            self._tick()
            return
        self._line("cafe-title", _("World café") + " · " + round_line(cafe))
        seat = my_seat(state, self.me, self.speaker)
        if seat is None:
            self._line(
                "cafe-table",
                _("You have no seat in this café.") if round_shown(cafe) else pairs_line(cafe),
            )
            self._line("cafe-mates", "")
            self._line("cafe-next", "")
            self._line("cafe-harvest", "")
        else:
            where = (
                _("Your table: {table} — {question}")
                if seat.running
                else _("Next you sit at: {table} — {question}")
            )
            self._line(
                "cafe-table", where.format(table=table_label(seat.table), question=seat.question)
            )
            self._line("cafe-mates", _("With: {names}").format(names=", ".join(seat.mates)))
            if seat.host:
                going = _("You are the host: you stay at this table every round.")
            elif seat.next_table is not None and seat.running:
                going = _("Next round you go to {table}.").format(
                    table=table_label(seat.next_table)
                )
            else:
                going = ""
            self._line("cafe-next", going)
            passed = harvest_lines(state, seat.table, seat.round) if seat.host else []
            self._line(
                "cafe-harvest",
                "\n".join([_("Written at this table in earlier rounds:"), *passed])
                if passed
                else "",
            )
        number = round_shown(cafe) or len(cafe.plan)
        table.display = True
        rows = seating_rows(state, cafe, number)
        headings = (_("Table"), _("Question"), _("Round {number}").format(number=number))
        label_width, question_width, names_width = seating_widths(
            self.size.width, [headings, *rows]
        )
        table.add_column(headings[0], width=label_width)
        table.add_column(headings[1], width=question_width)
        table.add_column(headings[2], width=names_width)
        for label, question, names in rows:
            # Each row as high as its wrapped words: a long question or many names stay whole.
            table.add_row(Text(label), Text(question), Text(names), height=None)
        self._tick()
        self._drawn_width = self.size.width

    def on_resize(self) -> None:
        """A wider or narrower terminal lays the seating out anew (it kept the old widths)."""
        if not self.is_mounted or self._drawn_width == self.size.width:
            return
        table = self.query_one("#cafe-seating", DataTable)
        row = table.cursor_row
        self.draw()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _tick(self) -> None:
        cafe = cafe_now(self.state)
        shown = timer_text(self.state, self.clock()) if cafe is not None and cafe.running else None
        self._line("cafe-timer", shown or "")

    def _offered(self, action: str) -> bool:
        kind = ACTION_KINDS.get(action)
        if kind is None:
            return True
        if not may_write(self.state, self.me, kind):
            return False
        cafe = cafe_now(self.state)
        if action == "start":
            return cafe is not None and not cafe.running and round_shown(cafe) is not None
        if action == "end":
            return cafe is not None and cafe.running
        if action == "finish":  # the café itself, before its last planned round
            return cafe is not None and not cafe.finished
        return cafe is None or not cafe.running

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._offered(action)

    def action_setup(self) -> None:
        self.app.push_screen(CafeSetupScreen(self.node, self.session))

    def action_start(self) -> None:
        cafe = cafe_now(self.state)
        if cafe is not None:
            self.contribute("cafe.round", {"round": cafe.round + 1})

    def action_end(self) -> None:
        self.contribute("cafe.end", {})

    def action_finish(self) -> None:
        """End the café now (asked first: the rounds not yet run are dropped for everyone)."""
        cafe = cafe_now(self.state)
        if cafe is None:
            return
        left = len(cafe.plan) - cafe.round
        question = ngettext(
            "End the world café now? The {n} round not yet run is dropped for everyone; "
            "what was written at the tables stays.",
            "End the world café now? The {n} rounds not yet run are dropped for everyone; "
            "what was written at the tables stays.",
            left,
        ).format(n=left)

        def chosen(sure: bool | None) -> None:
            if sure:
                self.contribute("cafe.end", {"whole": True})

        self.app.push_screen(ConfirmScreen(question, _("End the café")), chosen)

    def action_close(self) -> None:
        self.dismiss(None)


#: The seating's cells: DataTable's padding on both sides of each of the 3 columns, the
#: screen's own padding and a vertical scrollbar.
_SEATING_CHROME = 3 * 2 + 2 + 2


def seating_widths(width: int, rows: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    """The columns for a terminal ``width`` wide (``rows``: the headings, then each table's
    label, question and who sits there): the label whole, the rest to the question and the
    names as each needs, shared by need when both do not fit (they wrap), so the seating
    never runs off the screen."""
    label = max(len(row[0]) for row in rows)
    rest = max(20, width - _SEATING_CHROME - label)
    asks = max(len(row[1]) for row in rows)
    names = max(len(row[2]) for row in rows)
    if asks + names <= rest:
        return label, rest - names, names
    question = min(rest - 10, max(10, rest * asks // (asks + names)))
    return label, question, rest - question


def parse_tables(
    text: str, state: SessionState, people: list[tuple[str, str | None]]
) -> list[tuple[str, int]]:
    """One table a line: ``question`` or ``question @ host name``; a table without a named
    host gets the first person (in name order) who hosts no other table. Raises ValueError
    with a message in the person's words."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError(_("Write at least one question: one table a line."))
    if len(lines) > MAX_CAFE_TABLES:
        raise ValueError(_("At most {count} tables.").format(count=MAX_CAFE_TABLES))
    names = {
        index: (speaker if speaker is not None else state.name(member)).casefold()
        for index, (member, speaker) in enumerate(people)
    }
    tables: list[tuple[str, int | None]] = []
    for line in lines:
        question, _at, host = line.partition("@")
        question, host = question.strip(), host.strip()
        if not question:
            raise ValueError(_("A table needs a question before the @."))
        if len(question) > MAX_SHORT:
            raise ValueError(_("A question is at most {count} characters.").format(count=MAX_SHORT))
        chosen = None
        if host:
            found = [i for i, name in names.items() if name == host.casefold()]
            if not found:
                raise ValueError(_("Nobody here is called {name}.").format(name=host))
            chosen = found[0]
        tables.append((question, chosen))
    taken = {host for _q, host in tables if host is not None}
    if len(taken) < len([h for _q, h in tables if h is not None]):
        raise ValueError(_("Each table needs its own host."))
    free = iter(i for i in range(len(people)) if i not in taken)
    result = []
    for question, host in tables:
        if host is None:
            host = next(free, None)
            if host is None:
                raise ValueError(_("There are more tables than people."))
        result.append((question, host))
    return result


def parse_extra(text: str, state: SessionState, me: str) -> list[tuple[str, str | None]]:
    """People without a device: ``Lot`` (I write for Lot) or ``Lot via Bart`` (Bart does),
    separated by commas."""
    extra: list[tuple[str, str | None]] = []
    for said in text.split(","):
        said = " ".join(said.split())
        if not said:
            continue
        name, _via, scribe = said.partition(" via ")
        member = me
        if scribe:
            found = [
                k for k in state.participants() if state.name(k).casefold() == scribe.casefold()
            ]
            if not found:
                raise ValueError(_("Nobody here is called {name}.").format(name=scribe))
            member = found[0]
        extra.append((member, name.strip()))
    return extra


class CafeSetupScreen(BeraadModal):
    """The facilitator's dialog: tables and questions, hosts, rounds, round length."""

    HELP_TEXT = N_(
        "Set up a world café.\n\n"
        "- **Questions**: one table a line. End a line with **@ name** to choose its host, who "
        "stays at that table; a table without one gets a host in name order.\n"
        "- **Rounds** and **minutes a round**: each round starts the shared timer.\n"
        "- **Limits**: at most 30 tables, 30 people a table and 12 rounds; only members who "
        "take part sit at a table (not guests, observers or members awaiting confirmation).\n"
        "- **Without a device**: names separated by commas. *Lot* means you write for Lot; "
        "*Lot via Bart* means Bart does. They are seated like everyone.\n"
        "- **Ctrl+S** plans the seating (nobody sits with the same person twice, as far as "
        "the room allows; a big hall is planned in a few seconds at most) and shares it with "
        "everyone."
    )
    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("ctrl+s", "save", N_("Set up the café")),
    ]
    DEFAULT_CSS = """
    CafeSetupScreen { align: center middle; }
    CafeSetupScreen > #cafe-setup { width: 100%; height: 1fr; padding: 0 1; background: $panel; }
    CafeSetupScreen #setup-questions { height: 7; }
    CafeSetupScreen .setup-row { height: 1; margin-top: 1; }
    CafeSetupScreen .setup-label { width: auto; padding-right: 1; }
    CafeSetupScreen #setup-rounds, CafeSetupScreen #setup-minutes { width: 8; }
    CafeSetupScreen #setup-extra { width: 1fr; }
    CafeSetupScreen #setup-preview { height: auto; margin-top: 1; }
    CafeSetupScreen #setup-error { height: auto; color: $error; }
    """

    def __init__(self, node: Any, session: str) -> None:
        super().__init__()
        self.node = node
        self.session = session
        self.me: str = node.identity.public_key
        self.state: SessionState = node.state(session)
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="cafe-setup"):
            yield Static(_("Set up a world café"), classes="dialog-title")
            yield Static(_("Questions, one table a line (@ name chooses its host):"))
            yield TextArea(id="setup-questions", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="setup-row"):
                yield Static(_("Rounds"), classes="setup-label")
                yield StillInput(
                    "3",
                    type="integer",
                    compact=True,
                    max_length=2,
                    id="setup-rounds",
                    suggested=True,
                )
                yield Static(" " + _("Minutes a round"), classes="setup-label")
                yield StillInput(
                    "20",
                    type="integer",
                    compact=True,
                    max_length=3,
                    id="setup-minutes",
                    suggested=True,
                )
            with Horizontal(classes="setup-row"):
                yield Static(_("Without a device"), classes="setup-label")
                yield StillInput(placeholder=_("Lot, Sam via Bart"), compact=True, id="setup-extra")
            yield Static(id="setup-preview", markup=False)
            yield Static(id="setup-error", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one("#setup-questions", TextArea).focus()
        self._preview()

    def _people(self) -> list[tuple[str, str | None]]:
        people: list[tuple[str, str | None]] = [(key, None) for key in round_order(self.state)]
        extra = parse_extra(self.query_one("#setup-extra", Input).value, self.state, self.me)
        seen = {(m, speaker_key(s)) for m, s in people}
        for member, name in extra:
            if (member, speaker_key(name)) not in seen:
                seen.add((member, speaker_key(name)))
                people.append((member, name))
        return people

    def _numbers(self) -> tuple[int, int]:
        rounds_text = self.query_one("#setup-rounds", Input).value.strip()
        minutes_text = self.query_one("#setup-minutes", Input).value.strip()
        rounds = int(rounds_text) if rounds_text.isdigit() else 0
        minutes = int(minutes_text) if minutes_text.isdigit() else 0
        if not 1 <= rounds <= MAX_CAFE_ROUNDS:
            raise ValueError(_("Give 1 to {count} rounds.").format(count=MAX_CAFE_ROUNDS))
        if not 1 <= minutes <= MAX_ROUND_MINUTES:
            raise ValueError(
                _("Give a round 1 to {count} minutes.").format(count=MAX_ROUND_MINUTES)
            )
        return rounds, minutes

    def _read(self) -> tuple[list[tuple[str, str | None]], list[tuple[str, int]], int, int]:
        people = self._people()
        tables = parse_tables(self.query_one("#setup-questions", TextArea).text, self.state, people)
        rounds, minutes = self._numbers()
        return people, tables, rounds, minutes

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _preview(self) -> None:
        preview = self.query_one("#setup-preview", Static)
        try:
            people, tables, rounds, minutes = self._read()
        except ValueError as problem:
            preview.update(Text(""))
            self.query_one("#setup-error", Static).update(Text(str(problem)))
            return
        self.query_one("#setup-error", Static).update(Text(""))
        lines = [
            _("{people} people at {tables} tables, {rounds} rounds of {minutes} minutes.").format(
                people=len(people), tables=len(tables), rounds=rounds, minutes=minutes
            )
        ]
        for index, (question, host) in enumerate(tables):
            member, speaker = people[host]
            name = speaker if speaker is not None else self.state.name(member)
            lines.append(
                _("{table}: {question} — host {name}").format(
                    table=table_label(index), question=question, name=name
                )
            )
        preview.update(Text("\n".join(lines[:8])))

    def action_save(self) -> None:
        if self.busy:
            return
        try:
            people, tables, rounds, minutes = self._read()
        except ValueError as problem:
            self.query_one("#setup-error", Static).update(Text(str(problem)))
            return
        self.busy = True
        self._write(people, tables, rounds, minutes)

    @work(group="cafe-setup")
    async def _write(
        self,
        people: list[tuple[str, str | None]],
        tables: list[tuple[str, int]],
        rounds: int,
        minutes: int,
    ) -> None:
        """Plan (in a thread: a big room takes a moment) and write the café."""
        error = self.query_one("#setup-error", Static)
        try:
            body, _plan = await asyncio.to_thread(setup_body, people, tables, minutes * 60, rounds)
            await self.node.contribute(self.session, "cafe.setup", body)
        except PlanError as problem:
            error.update(Text(_(problem.template).format(**problem.params)))
            self.busy = False
            return
        except Exception as problem:  # NodeError: the node's refusal, in the person's words
            error.update(Text(str(problem)))
            self.busy = False
            return
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
