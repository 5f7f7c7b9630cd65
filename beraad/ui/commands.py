"""The command palette (Ctrl+P): switch theme, switch language, show the rules, help, quit;
in a session also "go to phase …" (look) and each phase move the person may make now.

Every command is named in the person's language, so the palette is searchable in Dutch too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from beraad.i18n import _
from beraad.ui.screens.first_run import LANGUAGE_NAMES

if TYPE_CHECKING:
    from beraad.ui.app import BeraadApp


class BeraadCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("BeraadApp", self.app)
        commands: list[tuple[str, str, Callable[[], object]]] = []
        session_commands = getattr(self.screen, "palette_commands", None)
        if callable(session_commands):
            commands.extend(session_commands())
        for theme in app.beraad_themes:
            commands.append(
                (
                    _("Theme: {name}").format(name=theme.label()),
                    _("Switch to this theme"),
                    partial(app.switch_theme, theme.name),
                )
            )
        for code, name in LANGUAGE_NAMES:
            commands.append(
                (
                    _("Language: {name}").format(name=name),
                    _("Show beraad in this language"),
                    partial(app.action_language, code),
                )
            )
        commands.append((_("Show the interaction rules"), _("8 × co-creation"), app.action_rules))
        commands.append((_("Help"), _("What this screen is for"), app.action_help))
        commands.append((_("Quit"), _("Close beraad"), app.action_quit))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        """A command is found by its title, or by the other words a person would use for it
        (``command_words.Title``): "vergadering" finds "Bijeenkomst 1 afsluiten"."""
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)
                continue
            also = getattr(title, "also", "")
            score = matcher.match(also) if also else 0
            if score > 0:
                yield Hit(score, str(title), command, help=help_text)
