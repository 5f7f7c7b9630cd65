"""First run: the person chooses the name others will see, and their language.

Choosing a language switches the whole interface at once, so the person sees what they pick.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioSet, Static

from beraad.i18n import N_, _, current_language
from beraad.identity_file import MAX_NAME_LENGTH, clean_name
from beraad.ui.screens.base import BeraadScreen
from beraad.ui.widgets.choice import Choice
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.sending_input import InOrderInput
from beraad.ui.widgets.steady_header import SteadyHeader

LANGUAGE_NAMES = (("en", "English"), ("nl", "Nederlands"))
#: Login names of shared or system accounts: nobody in the group is called "root". A naive
#: Enter kept them, and the group saw "root (you)".
SYSTEM_ACCOUNTS = frozenset(
    {
        "root",
        "admin",
        "administrator",
        "user",
        "guest",
        "pi",
        "ubuntu",
        "debian",
        "toor",
        "nobody",
        "vagrant",
        "ec2-user",
        "kali",
        "owner",
    }
)


def is_system_account(name: str) -> bool:
    return name.strip().casefold() in SYSTEM_ACCOUNTS


class LanguageList(RadioSet):
    """The languages: Enter continues with the one under the cursor, as Enter in the name box
    continues (naive s11 F-minor-1: Enter there ticked English again and nothing happened);
    Space ticks, as in any radio list."""

    BINDINGS = [Binding("enter", "go_on", show=False)]

    def action_next_button(self) -> None:
        """The cursor starts on the ticked language, not the first row: started with
        ``--lang nl``, Tab, Enter continued in English (naive s11b N1)."""
        if self._selected is None:
            ticked = [at for at, button in enumerate(self.query(Choice)) if button.value]
            if ticked:
                self._selected = ticked[0]
                return
        super().action_next_button()

    def action_go_on(self) -> None:
        at = self._selected
        buttons = list(self.query(Choice))
        chosen = None
        if at is not None and 0 <= at < len(buttons):
            chosen = buttons[at].name
            buttons[at].value = True  # ticked too: the screen keeps it through the switch
        screen = self.screen
        if isinstance(screen, FirstRunScreen):
            screen.go_on(chosen)


class NameBox(InOrderInput):
    """The name box: Enter reads the name as its key is handled, before the keys typed after
    it (``Eva`` Enter ``n`` in one burst saved "Evan" when the Enter's message came after the
    n: naive s11 F3b)."""

    async def action_submit(self) -> None:
        screen = self.screen
        if isinstance(screen, FirstRunScreen):
            screen.go_on()
            return
        await super().action_submit()


class FirstRunScreen(BeraadScreen):
    HELP_TEXT = N_(
        "Welcome to beraad. Choose the name the others in your group will see beside your "
        "contributions, and the language of the interface. Both can be changed later."
    )
    BINDINGS = [Binding("ctrl+s", "done", N_("Continue"))]
    #: Focused as the screen activates, before its first paint, so no early keystroke is lost.
    AUTO_FOCUS = "#name"

    class Chosen(Message):
        """The person chose a display name and a language."""

        def __init__(self, display_name: str, language: str) -> None:
            super().__init__()
            self.display_name = display_name
            self.language = language

    class LanguagePicked(Message):
        """The person picked a language on this screen (the app switches at once)."""

        def __init__(self, language: str) -> None:
            super().__init__()
            self.language = language

    def __init__(self, name: str, fingerprint: str) -> None:
        super().__init__()
        # A login name like "root" is no one's name: ask instead of suggesting it.
        self.suggested_name = "" if is_system_account(name) else name
        self.fingerprint = fingerprint

    def compose(self) -> ComposeResult:
        self.sub_title = _("Welcome to beraad")
        yield SteadyHeader()
        with Vertical(id="first-run", classes="form"):
            yield Static(
                _(
                    "Your key fingerprint is {fingerprint}: others can check it to know it is you."
                ).format(fingerprint=self.fingerprint),
                classes="hint",
            )
            yield Label(_("Your name, as the group will see it"), classes="field-label")
            yield NameBox(
                self.suggested_name,
                placeholder=_("for example Anja"),
                max_length=MAX_NAME_LENGTH,
                id="name",
                suggested=True,  # selected while untouched: typing replaces it
            )
            yield FieldError(id="name-error")
            yield Label(_("Language"), classes="field-label")
            with LanguageList(id="language"):
                for code, label in LANGUAGE_NAMES:
                    yield Choice(label, value=code == current_language(), name=code)
            with Horizontal(classes="buttons"):
                yield Button(_("Continue"), variant="primary", id="done")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(RadioSet.Changed, "#language")
    def _language_changed(self, event: RadioSet.Changed) -> None:
        language = event.pressed.name
        if language and language != current_language():
            self.post_message(self.LanguagePicked(language))

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.go_on()

    def go_on(self, language: str | None = None) -> None:
        """Continue with the name typed and the language ticked (or ``language``: the one
        under the cursor in the list, where Enter was pressed)."""
        error = self.query_one("#name-error", FieldError)
        try:
            name = clean_name(self.query_one("#name", Input).value)
        except ValueError as problem:
            error.show(str(problem))
            self.query_one("#name", Input).focus()
            return
        if is_system_account(name):
            error.show(
                _(
                    "“{name}” is the computer's account, not your name: type the name your "
                    "group knows you by."
                ).format(name=name)
            )
            self.query_one("#name", Input).focus()
            return
        error.clear()
        pressed = self.query_one("#language", RadioSet).pressed_button
        if not language:
            language = pressed.name if pressed is not None and pressed.name else current_language()
        self.post_message(self.Chosen(name, language))
