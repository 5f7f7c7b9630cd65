"""Export from the session: ask where to write the minutes or the bundle, then write it.

The path field starts with a sensible name in the home directory; a failed export (a folder
that does not exist, a full disk) is said inside the dialog and the typed path stays, so the
person can fix it and press Enter again. A folder typed gets the suggested name in it; a file
already there is written over only on a second Enter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from beraad.export.transfer import TransferError, file_name, where_to_write
from beraad.i18n import N_, _
from beraad.ui.screens.base import BeraadModal
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.free_text_box import FreeTextBox
from beraad.ui.widgets.sending_input import StillInput

#: format → (palette title, palette help, file extension); titles are msgids.
EXPORTS: dict[str, tuple[str, str, str]] = {
    "md": (
        N_("Export the minutes (Markdown)"),
        N_("Write the minutes of this deliberation to a file"),
        "md",
    ),
    "html": (
        N_("Export the minutes (HTML)"),
        N_("Write the minutes as a web page to a file"),
        "html",
    ),
    "newsletter.md": (
        N_("Export the newsletter (Markdown)"),
        N_("A summary for the wider community: decisions, actions, what comes next"),
        "newsletter.md",
    ),
    "newsletter.html": (
        N_("Export the newsletter (HTML)"),
        N_("The newsletter as a web page, to send or print"),
        "newsletter.html",
    ),
    "bundle": (
        N_("Export a bundle"),
        N_("Every signed record in one file that others can verify and import"),
        "bundle",
    ),
}


def as_typed(path: str) -> str:
    """``path`` as a person types it: under the home folder from ``~`` ("Written to
    /home/anja/notulen/beraad-…-2026-12-07.md" was longer than the 80-column line, and the one
    fact a person needs, where the file went, came in a second turn few saw: naive s13 N6)."""
    try:
        inside = Path(path).relative_to(Path.home())
    except (ValueError, RuntimeError):  # elsewhere (a stick under /media), or no home
        return path
    return f"~/{inside}" if inside.parts else "~"


def default_path(title: str, fmt: str, today: date) -> str:
    """``~/beraad-<title>-<date>.<ext>``: where an export goes unless the person says otherwise."""
    return "~/" + file_name(title, EXPORTS[fmt][2], today)


class ExportPathScreen(BeraadModal):
    HELP_TEXT = N_(
        "Type where the file should be written and press Enter. A path starting with ~ is in "
        "your home folder. Escape goes back without writing anything."
    )
    BINDINGS = [Binding("escape", "close", N_("Back"))]

    def __init__(self, fmt: str, path: str, export: Callable[[str], Path]) -> None:
        """``export(path)`` writes the file and returns where; it raises with a message."""
        super().__init__()
        self.fmt = fmt
        self.path = path
        self.export = export
        #: The file that is already there and the person was told of: Enter again writes it.
        self._over: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Static(_(EXPORTS[self.fmt][0]), classes="dialog-title")
            yield Static(_("Write it to:"), classes="dialog-intro")
            yield StillInput(self.path, id="export-path", suggested=True)
            if self.fmt.startswith("newsletter."):
                # The CLI's --how-to-take-part: where neighbours can come, whom to ask.
                yield Static(
                    _("How people can take part (a place, a contact; may stay empty):"),
                    classes="dialog-intro",
                )
                yield FreeTextBox(id="take-part", max_length=2000)  # a paste keeps its lines
            yield FieldError(id="export-error")
            yield Static(_("Enter writes the file; Escape goes back."), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def take_part(self) -> str:
        """What the newsletter says about taking part ("" for other exports or when empty)."""
        found = self.query("#take-part")
        return found.first(Input).value.strip() if found else ""

    @on(Input.Submitted, "#export-path, #take-part")
    def _submitted(self, event: Input.Submitted) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", FieldError)
        if not path:
            error.show(_("Type where the file should go."))
            return
        try:
            # A folder (the USB stick's) means "put it there": under the suggested name. It
            # was refused, "that is a folder, not a file" (naive s12 P7).
            target = where_to_write(path, Path(self.path).name)
        except TransferError as problem:
            error.show(str(problem))
            return
        path = str(target)
        if target.is_file() and self._over != target:
            # Last week's minutes on the stick, the same name typed again: written over
            # without a word (naive s12 P12). Said first; Enter again writes over it.
            self._over = target
            error.show(
                _(
                    "{name} is already there: Enter again writes over it; or type another name."
                ).format(name=target)
            )
            return
        try:
            written = self.export(path)
        except Exception as problem:  # TransferError, NodeError, OSError: their words
            error.show(str(problem))
            self.notify(str(problem), title=_("Not exported"), severity="error", markup=False)
            return
        error.clear()
        self.dismiss(str(written))

    def action_close(self) -> None:
        self.dismiss(None)
