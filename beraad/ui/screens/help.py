"""F1: what this screen is for, and which keys do what on it."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import Markdown
from rich.table import Table
from rich.theme import Theme
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

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


#: Inline code (a key: `a`, `+`) stands out by weight on the dialog's panel; Rich's own style
#: puts it on black, a hole in the panel.
HELP_THEME = Theme({"markdown.code": "bold", "markdown.item.bullet": "bold"})


class HelpMarkdown:
    """A help text's markdown as Rich draws it, in the help's theme."""

    def __init__(self, source: str) -> None:
        self.markdown = Markdown(source)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        with console.use_theme(HELP_THEME):
            lines = console.render_lines(self.markdown, options, pad=False, new_lines=True)
        for line in lines:
            yield from line


class HelpText(Static):
    """One section of the help (the screen's text, the view's, the keys), drawn as one widget:
    Textual's ``Markdown`` composed a widget per paragraph, list item and table cell (112 for
    the session screen), and composing and laying those out was most of the first F1."""

    DEFAULT_CSS = """
    HelpText {
        height: auto;
        margin-bottom: 1;
    }
    HelpText:last-child {
        margin-bottom: 0;
    }
    """

    def __init__(self, source: str, keys: list[tuple[str, str]] | None = None) -> None:
        """``source`` is markdown; with ``keys`` (key, translated description) the section is
        the table of keys that ``source`` writes as markdown, drawn with its borders."""
        super().__init__(HelpMarkdown(source) if keys is None else key_table(keys))
        self.source = source
        """The markdown shown (what tests and readers check)."""


def key_table(keys: list[tuple[str, str]]) -> RenderableType:
    table = Table(box=box.SQUARE, expand=True, show_edge=True, header_style="bold")
    table.add_column(_("Key"), style="bold", no_wrap=True)
    table.add_column(_("What it does"), ratio=1)
    for key, description in keys:
        table.add_row(key, description)
    return table


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
                        yield HelpText(_(text))
                keys = [(key, _(description)) for key, description in self.keys]
                lines = [f"| `{key}` | {description} |" for key, description in keys]
                if lines:
                    table = "\n".join(
                        [f"| {_('Key')} | {_('What it does')} |", "|---|---|", *lines]
                    )
                    yield HelpText(table, keys)
            yield Static(_("Press Escape to go back."), classes="dialog-hint")

    def on_screen_resume(self) -> None:
        """The app keeps the last help for the next F1: it opens at the top again."""
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one(VerticalScroll), f"scroll_{where}")(animate=False)
