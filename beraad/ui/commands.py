"""The command palette (Ctrl+P): switch theme, switch language, show the rules, help, quit;
in a session also "go to phase …" (look) and each phase move the person may make now.

Every command is named in the person's language, so the palette is searchable in Dutch too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from beraad.i18n import _
from beraad.ui.screens.first_run import LANGUAGE_NAMES

if TYPE_CHECKING:
    from beraad.ui.app import BeraadApp


def unaccented(text: str) -> str:
    """``text`` without its accents (ë → e), for a search typed without them."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


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
        plain = self.matcher(unaccented(query))
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)
                continue
            # Then the other words, then what the command does, all without accents:
            # "beeindig" found nothing beside "beëindigen", nor "code" the invitation
            # ("Een nieuwe deelnamecode…"; naive s11 F-minor-9, 17). Below a title's match.
            words = " ".join([getattr(title, "also", ""), help_text])
            score = plain.match(unaccented(words)) if words.strip() else 0
            if score > 0:
                yield Hit(score / 2, str(title), command, help=help_text)
