"""F1: what this screen is for, and which keys do what on it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown, Static

from beraad.i18n import N_, _
from beraad.ui.screens.base import BeraadModal


def declared_by_beraad(node: Any, binding: Binding) -> bool:
    """Whether ``binding`` is one beraad itself declares on ``node``'s class (or a base of it
    in beraad), rather than one a Textual widget brings along."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("beraad") or "BINDINGS" not in cls.__dict__:
            continue
        for declared in cls.__dict__["BINDINGS"]:
            if (
                isinstance(declared, Binding)
                and declared.action == binding.action
                and binding.key in declared.key.split(",")
            ):
                return True
    return False


class HelpScreen(BeraadModal):
    """The text scrolls with the arrow and page keys, but never takes the focus: a focused
    scroll area restyles every paragraph and table cell below it when it gains or loses the
    focus, which was a third of the time F1 took to open (and of closing it again)."""

    BINDINGS = [
        Binding("escape,enter,f1", "dismiss", N_("Close")),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
        Binding("home", "scroll('home')", show=False),
        Binding("end", "scroll('end')", show=False),
    ]

    def __init__(
        self, title: str, text: str, keys: list[tuple[str, str]], more: tuple[str, ...] = ()
    ) -> None:
        """``title``, ``text`` (markdown), ``more`` (what the view on screen adds, markdown)
        and key descriptions are msgids, translated on show."""
        super().__init__()
        self.help_title = title
        self.help_text = text
        self.keys = keys
        self.more = more

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static(_(self.help_title), classes="dialog-title")
            with VerticalScroll(can_focus=False):
                for text in (self.help_text, *self.more):
                    if text:
                        yield Markdown(_(text))
                lines = [f"| `{key}` | {_(description)} |" for key, description in self.keys]
                if lines:
                    table = "\n".join(
                        [f"| {_('Key')} | {_('What it does')} |", "|---|---|", *lines]
                    )
                    yield Markdown(table)
            yield Static(_("Press Escape to go back."), classes="dialog-hint")

    def on_screen_resume(self) -> None:
        """The app keeps the last help for the next F1: it opens at the top again."""
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one(VerticalScroll), f"scroll_{where}")(animate=False)
