"""Start a deliberation: scenario, title, focus question, process rule and decision rule."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioSet, Select, Static

from beraad.core.session import (
    DECISION_RULE_LABELS,
    DECISION_RULES,
    PROCESS_RULE_LABELS,
    PROCESS_RULES,
)
from beraad.i18n import N_, _, current_language
from beraad.ui.models import NewSession
from beraad.ui.scenarios import ScenarioChoice
from beraad.ui.screens.base import BeraadScreen
from beraad.ui.widgets.choice import Choice, Choices
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.free_text_box import FreeTextBox
from beraad.ui.widgets.steady_header import SteadyHeader

MAX_TITLE = 120
MAX_FOCUS = 400


class StartScreen(BeraadScreen):
    HELP_TEXT = N_(
        "Start a deliberation for your group.\n\n"
        "- **Scenario**: a starting point with suggestions, or a blank deliberation.\n"
        "- **Title**: a few words everyone recognises.\n"
        "- **Focus question**: the one question the group will work on together, for example "
        "*How do we make our street safer for children?*\n"
        "- **Who moves the group on**: a facilitator, or the group itself by consent (↑ ↓ "
        "choose).\n"
        "- **How the group decides**: the decision rule for the final choice.\n\n"
        "Press Ctrl+S or the Start button; you then get a join code for the others."
    )
    BINDINGS = [
        Binding("ctrl+s", "submit", N_("Start")),
        Binding("escape", "cancel", N_("Back")),
    ]

    class Submitted(Message):
        """The form is complete and valid."""

        def __init__(self, request: NewSession) -> None:
            super().__init__()
            self.request = request

    def __init__(self, scenarios: list[ScenarioChoice]) -> None:
        super().__init__()
        self.scenarios = scenarios
        self.scenario_id: str | None = scenarios[0].id if scenarios else None
        self._filled: dict[str, str] = {"title": "", "focus": ""}
        """What the scenario wrote into each field: replaced when another is picked, unless the
        person typed over it."""

    def compose(self) -> ComposeResult:
        self.sub_title = _("Start a new deliberation")
        yield SteadyHeader()
        with VerticalScroll(id="start", classes="form"):
            with Horizontal(classes="row"):
                yield Label(_("Scenario"), classes="row-label", name=_("Scenario"))
                with Vertical(classes="row-field"):
                    yield Select(
                        [(s.title(), s.id) for s in self.scenarios],
                        value=self.scenario_id or Select.NULL,
                        allow_blank=not self.scenarios,
                        prompt=_("No scenarios found"),
                        id="scenario",
                    )
                    yield Static(
                        self._description(), id="scenario-description", classes="hint", markup=False
                    )
            with Horizontal(classes="row"):
                yield Label(_("Title"), classes="row-label", name=_("Title"))
                with Vertical(classes="row-field"):
                    yield FreeTextBox(
                        placeholder=_("for example: Our street"), max_length=MAX_TITLE, id="title"
                    )
                    yield FieldError(id="title-error")
            with Horizontal(classes="row"):
                yield Label(_("Focus question"), classes="row-label", name=_("Focus question"))
                with Vertical(classes="row-field"):
                    yield FreeTextBox(
                        placeholder=_("for example: How do we make our street safer?"),
                        max_length=MAX_FOCUS,
                        id="focus",
                    )
                    yield FieldError(id="focus-error")
            with Horizontal(classes="row"):
                yield Label(
                    _("Who moves the group on"),
                    classes="row-label",
                    name=_("Who moves the group on"),
                )
                with Choices(id="process", classes="row-field"):
                    for index, rule in enumerate(PROCESS_RULES):
                        yield Choice(_(PROCESS_RULE_LABELS[rule]), value=index == 0, name=rule)
            with Horizontal(classes="row"):
                yield Label(
                    _("How the group decides"), classes="row-label", name=_("How the group decides")
                )
                yield Select(
                    [(_(DECISION_RULE_LABELS[rule]), rule) for rule in DECISION_RULES],
                    value=DECISION_RULES[0],
                    allow_blank=False,
                    id="decision",
                    classes="row-field",
                )
            yield FieldError(id="form-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Start"), variant="primary", id="submit")
                yield Button(_("Back"), id="cancel")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self._fill_from_scenario()
        self.query_one("#title", Input).focus()

    def on_descendant_focus(self) -> None:
        """Mark the field that has the keys beside its name, also without colour (NO_COLOR,
        tmux): a naive tester could not see where the cursor started."""
        focused = self.focused
        for row in self.query("#start > .row"):
            label = row.query_one(".row-label", Label)
            name = label.name or ""
            here = focused is not None and row in focused.ancestors_with_self
            label.update(f"✎ {name}" if here else name)

    @on(Input.Changed, "#title, #focus")
    def _typed(self, event: Input.Changed) -> None:
        """What was asked for is there now: its error goes (naive finding: "Give the
        deliberation a title." stayed after the title was typed)."""
        if " ".join(event.value.split()):
            self.query_one(f"#{event.input.id}-error", FieldError).clear()

    def _fill_from_scenario(self) -> None:
        """A written-out scenario brings its own title and focus question (a blank one none)."""
        scenario = self._scenario()
        written = scenario is not None and bool(scenario.focus())
        for field, text in (
            ("title", scenario.title() if written and scenario else ""),
            ("focus", scenario.focus() if written and scenario else ""),
        ):
            widget = self.query_one(f"#{field}", Input)
            if widget.value.strip() in ("", self._filled[field]):
                widget.value = text
                self._filled[field] = text

    def _scenario(self) -> ScenarioChoice | None:
        for scenario in self.scenarios:
            if scenario.id == self.scenario_id:
                return scenario
        return None

    def _description(self) -> str:
        scenario = self._scenario()
        return scenario.description() if scenario else ""

    @on(Select.Changed, "#scenario")
    def _scenario_changed(self, event: Select.Changed) -> None:
        chosen = event.value if isinstance(event.value, str) else None
        if chosen == self.scenario_id:
            return  # the same scenario again (a redraw): keep the rules the person chose
        self.scenario_id = chosen
        self.query_one("#scenario-description", Static).update(self._description())
        self._fill_from_scenario()
        scenario = self._scenario()
        if scenario is None:
            return
        # The description promises its rules ("with a dot vote"): the form shows them, and
        # the person may still change them.
        for button in self.query_one("#process", RadioSet).query(Choice):
            if button.name == scenario.process_rule:
                button.value = True
        self.query_one("#decision", Select).value = scenario.decision_rule

    def show_error(self, message: str) -> None:
        """Show a problem with the whole form (for example the network refused it)."""
        self.query_one("#form-error", FieldError).show(message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#title")
    def _title_entered(self) -> None:
        self.query_one("#focus", Input).focus()

    def enter_moves_focus(self, box: Input) -> bool:
        """Enter in the title goes on to the focus question (``KeyRouting``: the keys typed
        after it wait for that)."""
        return box.id == "title"

    @on(Input.Submitted, "#focus")
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        request = self.validate()
        if request is not None:
            self.post_message(self.Submitted(request))

    def validate(self) -> NewSession | None:
        """The request when every field is right; otherwise the first problem gets the focus."""
        problems: list[Input] = []
        checks = (
            ("title", _("Give the deliberation a title.")),
            ("focus", _("Write the focus question the group will work on.")),
        )
        for field, message in checks:
            widget = self.query_one(f"#{field}", Input)
            error = self.query_one(f"#{field}-error", FieldError)
            if " ".join(widget.value.split()):
                error.clear()
            else:
                error.show(message)
                problems.append(widget)
        scenario = self._scenario()
        form_error = self.query_one("#form-error", FieldError)
        if scenario is None:
            form_error.show(_("No scenario could be read; see the warnings."))
            return None
        form_error.clear()
        if problems:
            problems[0].focus()
            return None
        process = self.query_one("#process", RadioSet).pressed_button
        decision = self.query_one("#decision", Select).value
        return NewSession(
            title=" ".join(self.query_one("#title", Input).value.split()),
            focus=" ".join(self.query_one("#focus", Input).value.split()),
            scenario=scenario.id,
            language=current_language(),
            process_rule=process.name if process is not None and process.name else "facilitator",
            decision_rule=str(decision),
        )
