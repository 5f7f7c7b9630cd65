"""The session screen's other screens: meeting tools, café, shared facts, invite codes,
confirming an admission, exports, "how did we decide?" and "since last time"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual import work

from beraad.core.catchup import AwaySummary
from beraad.core.end_consent import ends_by_consent
from beraad.core.session import meeting_end_body, meeting_start_body
from beraad.core.state import SessionState
from beraad.core.trajectory import since_last_time
from beraad.i18n import _, current_language
from beraad.ui.confirm_admissions import ask_to_confirm
from beraad.ui.guest import offered
from beraad.ui.join_codes import show_code
from beraad.ui.screens.cafe import CafeScreen
from beraad.ui.screens.export_path import ExportPathScreen, as_typed, default_path
from beraad.ui.screens.facts import FactsChoice, FactsScreen
from beraad.ui.screens.how_decided import HowDecidedScreen
from beraad.ui.screens.meeting import MeetingScreen
from beraad.ui.screens.since_last_time import (
    SHOWN,
    EndMeetingScreen,
    SinceLastTimeScreen,
    summary_key,
)
from beraad.ui.widgets.phase_dialog import replaced_text


class SessionActions:
    """The session screen's keys and commands that open another screen."""

    state: SessionState
    me: str
    node: Any
    session: str
    speaker: str | None
    facts: FactsChoice
    today: Callable[[], date]

    def action_meeting(self) -> None:
        """The speaking queue, the timer, rounds, scribe mode and the participation balance."""
        self.app.push_screen(
            MeetingScreen(self.node, self.session, speaker=self.speaker), self._speaker_chosen
        )

    def action_cafe(self) -> None:
        """The world café: my table this round, who sits there, and setting a café up."""
        self.app.push_screen(CafeScreen(self.node, self.session, speaker=self.speaker))

    def _speaker_chosen(self, speaker: str | None) -> None:
        self.speaker = speaker
        self._draw_bars()

    def action_facts(self) -> None:
        """The shared facts: read, add, question, and choose what to cite next."""
        facts = FactsScreen(
            self.node, self.session, citing=self.facts.citing, draft=self.facts.draft
        )
        self.app.push_screen(facts, self._facts_chosen)

    def _facts_chosen(self, choice: FactsChoice | None) -> None:
        if choice is not None:
            self.facts = choice
        self._draw_bars()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A guest only evaluates: the keys to move the group, the meeting tools, invite and
        confirm are not offered to them (and do nothing). F12 works for every member: when
        they may confirm nobody it says who may (``who_confirms``)."""
        if action == "lobby" and parameters == ("shown",):
            return self.lobby_matters()
        if action == "meeting" and self.state.between_meetings:
            return False  # hands, the floor, the timer, rounds wait for the next meeting
        return offered(self.state, self.me, action)

    def lobby_matters(self) -> bool:
        """Is leaving what comes next, so that the footer shows Ctrl+L (naive s10 finding 6:
        it was in F1 only)? Once the meeting has ended, and in the deliberation's last
        phase; elsewhere the meeting's keys need the room."""
        state = self.state
        if state.between_meetings:
            return True
        return state.info is not None and bool(state.phase) and state.phase == state.info.phases[-1]

    def action_invite(self) -> None:
        self.show_code()

    @work(exclusive=True, group="invite")
    async def show_code(self, role: str = "member") -> None:
        """A fresh join code of ``role``, shown large; the other role's code may be open beside
        it (``ui/join_codes.py``)."""
        await show_code(self, role)

    def action_confirm_member(self) -> None:
        """F12: confirm who waits for me, one or all at once (``ui/confirm_admissions.py``)."""
        ask_to_confirm(self)

    def export(self, fmt: str) -> None:
        """Ask where to write the minutes (``md``, ``html``) or the bundle, then write it."""
        from beraad.export.transfer import export_minutes

        title = self.state.info.title if self.state.info is not None else self.session[:12]

        def write(path: str) -> Path:
            return export_minutes(
                self.node, self.session, fmt, path, current_language(), screen.take_part()
            )

        screen = ExportPathScreen(fmt, default_path(title, fmt, self.today()), write)
        self.app.push_screen(screen, self._exported)

    def _exported(self, path: str | None) -> None:
        if path:
            # As long as a person needs to read a path and find it on the stick; a long one
            # goes round in turns (``notice_line``), shown 5 s it was missed (naive s13 N6).
            written = _("Written to {path}").format(path=as_typed(path))
            self.notify(written, title=_("Export"), markup=False, timeout=20)

    def how_decided(self) -> None:
        if self.state.decisions:
            self.app.push_screen(HowDecidedScreen(self.state, self.state.decisions[-1]))

    def action_since_last_time(
        self, gives_way: bool = False, away: AwaySummary | None = None
    ) -> bool:
        """The last meeting's decisions, the actions, who was absent, what came in between;
        ``away``: what "while you were away" says, first in the same popup. Shown or not."""
        summary = since_last_time(self.state, self._records_between())
        if summary is None:
            self.notify(_("This is the first meeting: there is no last time yet."), markup=False)
            return False
        if isinstance(self.app.screen, SinceLastTimeScreen):
            # one in front already ("meeting 1 has ended"): the new one takes its place, so
            # one Enter is enough (naive finding 19: two stacked needed two)
            self.app.pop_screen()
        self.app.push_screen(SinceLastTimeScreen(summary, self.state, gives_way, away, me=self.me))
        return True

    def _records_between(self) -> list[Any]:
        """The session's records, for what was done between the meetings that the state
        keeps no trace of (a pull, a name); none once no meeting has ended."""
        if not any(m.ended for m in self.state.meetings):
            return []
        try:
            return list(self.node.records(self.session))
        except Exception:  # a holder gone away: the records are counted, not named
            return []

    def offer_since_last_time(self, away: AwaySummary | None = None) -> bool:
        """A new meeting (or its end): the summary shows by itself once per meeting for this
        person, remembered on this device; opening the session again does not show it again
        (Ctrl+T does), and it gives way to typing (naive s5 finding 3). Shown or not."""
        key = summary_key(self.state)
        try:
            if self.node.local_values(self.session).get(SHOWN) == key:
                return False
            self.node.set_local_values(self.session, {SHOWN: key})
        except Exception:  # a damaged store: showing it once more costs little
            pass
        return self.action_since_last_time(gives_way=True, away=away)

    def end_meeting(self) -> None:
        number, propose = self.state.meeting, ends_by_consent(self.state)
        # A proposal to end replaces the open one: said before Enter (naive s8 finding 5).
        replaces = replaced_text(self.state, self.me) if propose else ""
        self.app.push_screen(EndMeetingScreen(number, propose, replaces), self._end_meeting)

    def _end_meeting(self, next_: str | None) -> None:
        if next_ is None:  # Escape: nothing is written
            return
        if ends_by_consent(self.state):  # under consent: proposed, ended once the group agrees
            self.propose_end(next_)
        else:
            self._contribute("meeting.end", meeting_end_body(next_))

    def open_meeting(self) -> None:
        self._contribute("meeting.start", meeting_start_body())
