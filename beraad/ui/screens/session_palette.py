"""The session screen's commands for the palette (Ctrl+P): every command, also those on
function keys, and no more than a guest may do."""

from __future__ import annotations

from typing import Any

from beraad.core.admission import confirms_now
from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.ui.command_words import EXPORT, LOBBY, TOOLS, titled
from beraad.ui.facilitation import WORDS as FACILITATION
from beraad.ui.facilitation import palette_title
from beraad.ui.guest import offered
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.export_path import EXPORTS
from beraad.ui.screens.since_last_time import trajectory_commands
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.phase_dialog import phase_choices


class SessionPalette:
    """What the palette offers on the session screen."""

    state: SessionState
    me: str
    viewing: str
    phases: tuple[str, ...]

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """For the command palette: look at any phase, each phase move allowed now, exports,
        and "how did we decide?" once there is a decision."""
        commands: list[tuple[str, str, Any]] = trajectory_commands(self)
        if self.viewing == "decide":  # close voting, take the decision, a new round, …
            for view in self.query(DecideView):
                commands.extend(view.palette_commands())
        if self.state.decisions:
            commands.append(
                (
                    _("How did we decide?"),
                    _("The decision, the rule it met and the whole table"),
                    self.how_decided,
                )
            )
        # Also here: the palette lists every command, also those on function keys.
        commands.append(
            (
                titled(_("Meeting tools"), TOOLS),
                _("Raise your hand, give the word, the timer, a round, speak for someone"),
                self.action_meeting,
            )
        )
        facilitation = palette_title(self.state, self.me)
        if facilitation is not None:  # also F7, Ctrl+F (naive s13 N14: nowhere to be found)
            commands.append(
                (
                    titled(facilitation, FACILITATION),
                    _("Who moves the group: hand the role over, or take it over with a second"),
                    self.action_facilitation,
                )
            )
        commands.append(
            (
                _("World café"),
                _("Your table, who sits there, where you go next; set up a café"),
                self.action_cafe,
            )
        )
        commands.append(
            (_("Invite"), _("A new join code, for someone who arrives later"), self.action_invite)
        )
        if confirms_now(self.state, self.me):  # F12 too; some terminals keep function keys
            commands.append(
                (
                    _("Confirm an admission"),
                    _("Someone another member admitted counts once you confirm them"),
                    self.action_confirm_member,
                )
            )
        commands.append(
            (
                _("Shared facts"),
                _("The sources the analysis rests on: add, question, cite"),
                self.action_facts,
            )
        )
        for phase in self.phases:
            commands.append(
                (
                    _("Go to phase {phase}").format(phase=phase_label(phase)),
                    _("Look at it without moving the group"),
                    lambda phase=phase: self.look_at(phase),
                )
            )
        for choice in phase_choices(self.state, self.me):
            if choice.reason == "required" or choice.kind == "meeting.start":
                continue  # an objection needs its reason (F6 asks); opening is listed above
            commands.append(
                (choice.label, _("Move the group"), lambda choice=choice: self.choose(choice))
            )
        for fmt, (title, help_text, _extension) in EXPORTS.items():
            commands.append(
                (titled(_(title), EXPORT), _(help_text), lambda fmt=fmt: self.export(fmt))
            )
        commands.append(
            (
                titled(_("Back to the lobby"), LOBBY),
                _("Your other deliberations (Ctrl+L); this one stays as it is"),
                self.action_lobby,
            )
        )
        screen_actions = {
            self.action_meeting: "meeting",
            self.action_cafe: "cafe",
            self.action_invite: "invite",
            self.action_confirm_member: "confirm_member",
            self.action_facts: "facts",
            self.action_facilitation: "facilitation",
        }
        return [  # a guest's palette offers what a guest may do, no more (docs/focus.md)
            command
            for command in commands
            if offered(self.state, self.me, screen_actions.get(command[2], ""))
        ]
