"""Shared facts: the group's signed list of sources, opened from every phase with Ctrl+F.

The screen lists every fact (label, title, who added it, how many question it), shows the chosen
one in full (its text, link as plain text, file hash, each question with who and why), adds a fact
(title, text, link, and a file whose sha256 beraad computes on this device) and questions one.
Enter on a fact marks it to be cited by what the person adds next (a knot, a position, an
argument, an option); the session screen carries that choice and says so above the phase.

It opens with the keys in the title box (docs/focus.md); letters act only in the list. Closing it
returns a ``FactsChoice`` (what to cite, what was typed and not yet added), so nothing is lost.
The rules (who may question, what may be cited) are the core's (``beraad.core.facts``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from beraad.core.facts import fact_label
from beraad.core.kinds import MAX_LINK, MAX_SHORT, SchemaError, link
from beraad.core.session import edit_body, fact_body, fact_question_body, retract_body
from beraad.core.state import Fact, SessionState
from beraad.file_hash import FileHashError, sha256_of
from beraad.i18n import N_, _, ngettext
from beraad.ui.parts import in_place
from beraad.ui.phases.base import is_typing
from beraad.ui.phases.knots import first_line
from beraad.ui.screens.base import LiveScreen
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.widgets.composer import fill, focus_now, with_text
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.free_text_box import FreeText
from beraad.ui.widgets.sending_input import InOrderInput


class FormBox(InOrderInput):
    """A box of the add form. Enter and Ctrl+S act while the key is handled, after the keys
    typed before them and before the keys typed after them (``widgets/sending_input.py``): as a
    binding, Ctrl+S was handled once the words typed after it were already in the box, and
    they were saved with the fact ("…30 km/h.Is that enforced"). Keys typed after that Enter or
    Ctrl+S, handed to this box before it moved the focus on, go on to the box that has the keys
    now (Tab moves the focus at once, ``BeraadApp``: what was typed before it stays here)."""

    handed_on = False
    """Enter or Ctrl+S here moved the focus on: the keys still queued here came after it."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if not isinstance(screen, FactsScreen):
            await super()._on_key(event)
            return
        focused = screen.focused
        if self.handed_on and focused is not self and isinstance(focused, Input):
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key == "ctrl+s":
            event.stop()
            event.prevent_default()
            screen.action_add()
            self.handed_on = screen.focused is not self
            return
        await super()._on_key(event)

    def _on_focus(self, event: events.Focus) -> None:
        self.handed_on = False
        super()._on_focus(event)

    async def action_submit(self) -> None:
        screen = self.screen
        if isinstance(screen, FactsScreen):
            screen.entered(self.id or "")
            self.handed_on = screen.focused is not self
            return
        await super().action_submit()


class FactTextBox(FreeText, FormBox):
    """The new fact's short text: free text, a paste taken whole (``free_text_box``)."""


class TitleBox(FreeText, FormBox):
    """The new fact's title, which also asks why a fact is questioned or holds a fact's new
    text: then Enter hands the words over and the box is the title again while the key is
    handled, before the keys typed after it (``widgets/sending_input.py``): handled later, by
    the screen, they were glued to the words on their way, then lost."""

    plain_line = True  # a fact's title is one line (``kinds.py``); not a why, nor a text

    async def action_submit(self) -> None:
        screen = self.screen
        if isinstance(screen, FactsScreen) and screen.asking is not None:
            screen.send_asked(self.value)
            return
        await super().action_submit()


#: The add form's fields, in the order Tab and Enter move through them (Enter in the last one,
#: or Ctrl+S in any, adds the fact).
FIELDS = ("fact-title", "fact-text", "fact-link", "fact-file")


@dataclass(frozen=True, slots=True)
class Asked:
    """What the title box asked for and sent (a question's reason or a fact's new text),
    and what the box held once it was the new fact's title again (``left``)."""

    fact: str
    kind: str
    text: str
    left: str


@dataclass(slots=True)
class FactsChoice:
    """What the Facts screen hands back: the facts to cite next, and the unfinished form."""

    citing: list[str] = field(default_factory=list)
    draft: dict[str, str] = field(default_factory=dict)


def fact_line(state: SessionState, fact: Fact, me: str, citing: bool) -> Text:
    """``✓ F1 Title — Name · 2 questions``; a retracted fact struck but still there."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("✓ " if citing else "  ", "bold")
    line.append(f"{fact_label(state, fact.id)} ", "bold")
    if not fact.live:
        line.append(_("(taken back)") + " ", "dim")
    line.append(first_line(fact.title), "" if fact.live else "strike dim")
    who = _("— you") if fact.author == me else f"— {state.name(fact.author)}"
    line.append(f" {who}", "dim italic")
    questions = len(state.questions_on(fact.id))
    if questions:
        line.append(" · ")
        line.append(
            ngettext("{n} question", "{n} questions", questions).format(n=questions), "bold"
        )
    return line


def fact_detail(state: SessionState, fact: Fact) -> Text:
    """The chosen fact in full: text, link (as text), file hash, questions, what cites it."""
    text = Text()
    if fact.text.strip():
        text.append(first_line(fact.text, 400) + "\n")
    if fact.link:
        text.append(_("Source") + ": ", "bold")
        text.append(fact.link + "\n")
    if fact.sha256:
        text.append(_("File (sha256)") + ": ", "bold")
        text.append(fact.sha256 + "\n")
    for question in state.questions_on(fact.id):
        text.append(
            "? " + _("{name} questions it").format(name=state.name(question.author)), "bold"
        )
        text.append(f": {first_line(question.text, 300)}\n")
    citing = len(state.citing(fact.id))
    if citing:
        text.append(
            ngettext("Cited by {n} contribution", "Cited by {n} contributions", citing).format(
                n=citing
            ),
            "italic",
        )
    return text


class FactsScreen(LiveScreen):
    """The shared facts of one session; dismisses with a ``FactsChoice``."""

    HELP_TEXT = N_(
        "The facts and sources the group's analysis rests on, signed by whoever added them.\n\n"
        "- The cursor starts in the title of a new fact: type it, **Enter** (or **Tab**) goes "
        "on to its short text, a link (http:// or https://, shown as text and never opened) "
        "and a file. **Enter** in the file, or **Ctrl+S** anywhere, adds the fact with what the "
        "boxes hold; the form is empty at once for the next one. For a file on this computer "
        "or a USB stick, type its path: beraad computes its fingerprint (sha256), so everyone "
        "can check they hold the same file; the file itself is not shared.\n"
        "- **Shift+Tab** goes to the list, where no fact is chosen yet: **↓** chooses the first. "
        "There **Enter** marks a fact to cite (✓): what you add next — a knot, a position, an "
        "argument or an option — rests on it. **Enter** again unmarks it.\n"
        "- **q** questions the fact under the cursor: say why, **Enter** sends it. Everyone sees "
        "who questions a fact and why.\n"
        "- **e** edits the text of a fact of yours (**Enter** saves it as a new version).\n"
        "- **r** on a fact of yours takes it back, once you confirm; it stays visible, marked, "
        "wherever it was cited. On someone else's fact that you questioned, **r** withdraws "
        "your question.\n"
        "- **Escape** stops a question, or closes this screen; what you typed is kept."
    )
    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("ctrl+s", "add", N_("Add fact")),
        Binding("q", "question", N_("Question it")),
        Binding("e", "edit", N_("Edit")),
        Binding("r", "take_back", N_("Take back")),
    ]
    DEFAULT_CSS = """
    FactsScreen { align: center middle; }
    FactsScreen > #facts-box { width: 100%; height: 1fr; padding: 0 1; background: $panel; }
    FactsScreen .dialog-title { height: 1; text-style: bold; }
    FactsScreen #facts { height: auto; max-height: 7; border: none; padding: 0; }
    FactsScreen #facts-keys { height: auto; color: $text-muted; }
    FactsScreen #fact-detail { height: auto; max-height: 5; padding-left: 2; }
    FactsScreen #facts-citing { height: auto; color: $text-accent; }
    FactsScreen .fact-row { height: 1; }
    FactsScreen .fact-label { width: 14; color: $text-muted; }
    FactsScreen .fact-row Input { width: 1fr; }
    FactsScreen #fact-form-title { height: 1; margin-top: 1; text-style: bold; }
    """

    def __init__(
        self,
        node: Any,
        session: str,
        *,
        citing: list[str] | None = None,
        draft: dict[str, str] | None = None,
    ) -> None:
        super().__init__(node, session)
        self.citing: list[str] = list(citing or [])
        self.draft = dict(draft or {})
        self.asking: str | None = None
        """The fact being questioned or edited (the title box then asks why, or holds its
        text), else None."""
        self.ask_kind = "question"
        """What the title box asks for while ``asking``: "question" or "edit"."""
        self._ids: list[str] = []

    # Composition ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="facts-box"):
            yield Static(_("Shared facts"), classes="dialog-title")
            yield OptionList(id="facts")
            yield Static(id="facts-keys")
            yield Static(id="fact-detail", markup=False)
            yield Static(id="facts-citing", markup=False)
            yield Static(id="fact-form-title", markup=False)
            labels = (_("Title"), _("Short text"), _("Web link"), _("File"))
            hints = (
                _("what the fact or source is called"),
                _("what it says, in a sentence or two"),
                _("optional: https://…"),
                _("optional: path of a file, to fingerprint it"),
            )
            limits = (MAX_SHORT, 2000, MAX_LINK, 4096)
            for field_id, label, hint, limit in zip(FIELDS, labels, hints, limits, strict=True):
                with Horizontal(classes="fact-row", id=f"{field_id}-row"):
                    yield Static(label, classes="fact-label", id=f"{field_id}-label")
                    kind = {"fact-title": TitleBox, "fact-text": FactTextBox}.get(field_id, FormBox)
                    yield kind(placeholder=hint, compact=True, max_length=limit, id=field_id)
            yield FieldError(id="fact-error")
        yield TranslatedFooter()

    def arrive(self) -> None:
        """The unfinished form comes back as it was left; the keys go to the title."""
        for field_id, value in self.draft.items():
            found = self.query(f"#{field_id}")
            if found and isinstance(found.first(), Input):
                fill(found.first(Input), value)
        self._show_mode()
        self.query_one("#fact-title", Input).focus()

    def recomposed(self) -> None:
        self._ids = []

    async def relabel(self) -> None:
        await super().relabel()
        self._show_mode()

    # The state ------------------------------------------------------------------------------

    def draw(self) -> None:
        # A fact taken back meanwhile can no longer be cited: it leaves the choice.
        self.citing = [f for f in self.citing if f in self.state.facts and self.state.facts[f].live]
        listing = self.query_one("#facts", OptionList)
        facts = list(self.state.facts.values())
        highlighted = listing.highlighted
        keep = self._ids[highlighted] if highlighted is not None and self._ids else None
        self._ids = [f.id for f in facts]
        listing.clear_options()
        if not facts:
            listing.add_option(Option(_("No facts yet: add the first one below."), disabled=True))
        else:
            listing.add_options(
                [
                    Option(fact_line(self.state, f, self.me, f.id in self.citing), id=f.id)
                    for f in facts
                ]
            )
            if keep in self._ids:
                listing.highlighted = self._ids.index(keep)
        self._draw_chosen()
        self._draw_citing()

    def chosen(self) -> Fact | None:
        listing = self.query("#facts")
        if not listing:  # the screen is being taken down (the footer may still ask): none
            return None
        highlighted = listing.first(OptionList).highlighted
        if highlighted is None or not self._ids or highlighted >= len(self._ids):
            return None
        return self.state.facts.get(self._ids[highlighted])

    def _draw_chosen(self) -> None:
        fact = self.chosen()
        detail = self.query_one("#fact-detail", Static)
        detail.update(fact_detail(self.state, fact) if fact is not None else "")
        detail.display = fact is not None
        if fact is None:  # a list starts with no row chosen (docs/focus.md)
            keys = [_("↓ choose a fact")]
        else:
            keys = [_("Enter cite"), _("q question")] if fact.live else []
        if fact is not None and fact.author == self.me and fact.live:
            keys.append(_("e edit"))
        target = self._own_open(fact.id) if fact is not None else None
        if target is not None:
            own_fact = fact is not None and target == fact.id
            keys.append(_("r take back the fact") if own_fact else _("r withdraw my question"))
        line = " · ".join(keys) if self._ids else ""
        if line and fact is not None and is_typing(self.focused):
            # The letters act in the list, not where the keys are (naive finding 14: "r" went
            # into the title box as text).
            line = _("In the list (Shift+Tab): {keys}").format(keys=line)
        self.query_one("#facts-keys", Static).update(line)

    def _draw_citing(self) -> None:
        line = self.query_one("#facts-citing", Static)
        if not self.citing:
            line.update(
                _("Shift+Tab to the list, ↓ to a fact, Enter: what you add next rests on it.")
            )
            return
        names = ", ".join(
            f"{fact_label(self.state, f)} {self.state.facts[f].title}" for f in self.citing
        )
        line.update(_("What you add next cites: {facts}").format(facts=names))

    def on_descendant_focus(self) -> None:
        if self._ids:
            self._draw_chosen()

    def on_descendant_blur(self) -> None:
        if self._ids:
            self._draw_chosen()

    @on(OptionList.OptionHighlighted, "#facts")
    def _highlighted(self) -> None:
        self._draw_chosen()
        self.refresh_bindings()

    # Citing ---------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#facts")
    def _toggle_cite(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        fact = self.chosen()
        if fact is None:
            return
        if fact.id in self.citing:
            self.citing.remove(fact.id)
        elif not fact.live:
            self._error(_("That fact was taken back; it can no longer be cited."))
            return
        else:
            self.citing.append(fact.id)
        self._error("")
        self.redraw()

    # Adding and questioning -----------------------------------------------------------------

    def _show_mode(self) -> None:
        """Adding a fact, or (after q) saying why one questions the chosen fact."""
        asking = self.asking is not None and self.asking in self.state.facts
        title = self.query_one("#fact-title", TitleBox)
        for field_id in FIELDS[1:]:
            self.query_one(f"#{field_id}-row").display = not asking
        label = self.query_one("#fact-title-label", Static)
        form = self.query_one("#fact-form-title", Static)
        if asking and self.ask_kind == "edit":
            assert self.asking is not None
            fact = self.state.facts[self.asking]
            form.update(
                _("Edit the text of {fact}: Enter saves it, Escape stops.").format(
                    fact=f"{fact_label(self.state, fact.id)} {first_line(fact.title, 40)}"
                )
            )
            label.update(_("Short text"))
            title.placeholder = _("what it says, in a sentence or two")
            title.max_length, title.plain_line = 2000, False
        elif asking:
            assert self.asking is not None
            fact = self.state.facts[self.asking]
            form.update(
                _("Question {fact}: why? Enter sends it, Escape stops.").format(
                    fact=f"{fact_label(self.state, fact.id)} {first_line(fact.title, 40)}"
                )
            )
            label.update(_("Why"))
            title.placeholder = _("what makes you doubt it")
            title.max_length, title.plain_line = 2000, False
        else:
            form.update(_("Add a fact"))
            label.update(_("Title"))
            title.placeholder = _("what the fact or source is called")
            title.max_length, title.plain_line = MAX_SHORT, True

    def entered(self, field_id: str) -> None:
        """Enter in a box of the form, while the key is handled: each field goes on to the
        next, the last one adds the fact (Ctrl+S adds it from any). Enter in the short text
        added it, and the link typed next became the next fact's title (naive s11 F9)."""
        at = FIELDS.index(field_id) if field_id in FIELDS else len(FIELDS) - 1
        if self.asking is not None or at == len(FIELDS) - 1:
            self.action_add()
        else:
            focus_now(self.query_one(f"#{FIELDS[at + 1]}", Input))

    def action_add(self) -> None:
        if self.asking is not None:
            self.send_asked(self.query_one("#fact-title", Input).value)
            return
        values = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        title = " ".join(values["fact-title"].split())
        problem, focus = "", ""
        if not title:
            problem, focus = _("Give the fact a title."), "fact-title"
        elif values["fact-link"].strip():
            try:
                link(values["fact-link"].strip(), "link")
            except SchemaError:
                problem = _("A link starts with http:// or https:// and has no spaces.")
                focus = "fact-link"
        if problem:
            self._error(problem)
            focus_now(self.query_one(f"#{focus}", Input))
            return
        self._error("")
        # The fact is on its way: the form is empty at once and the keys in the title, so
        # what is typed next is the next fact (a refusal gives this one back: _give_back).
        for field_id in FIELDS:
            self.query_one(f"#{field_id}", Input).value = ""
        focus_now(self.query_one("#fact-title", Input))
        self._add(values)

    def _give_back(self, values: dict[str, str], message: str, focus: str = "") -> None:
        """Refused: the fact's fields back if the form is still empty, else quoted."""
        fields = {f: self.query_one(f"#{f}", Input) for f in FIELDS}
        if any(box.value for box in fields.values()):
            self._error(with_text(message, " ".join(values["fact-title"].split())))
            return
        for field_id, box in fields.items():
            fill(box, values[field_id])
        self._error(message)
        if focus:
            fields[focus].focus()

    @work(group="facts")
    async def _add(self, values: dict[str, str]) -> None:
        """Hash the file (if any) off the event loop, then sign and share the fact."""
        title = " ".join(values["fact-title"].split())
        text, web, path = (values[f].strip() for f in ("fact-text", "fact-link", "fact-file"))
        sha256 = None
        if path:
            try:
                sha256 = await asyncio.to_thread(sha256_of, path)
            except FileHashError as problem:
                self._give_back(values, str(problem), "fact-file")
                return
        try:
            record = await self.node.contribute(
                self.session, "fact.add", fact_body(title, text, web or None, sha256)
            )
        except Exception as problem:  # NodeError, a full disk: said, the fact given back
            if in_place(self):  # else the screen was closed meanwhile: nowhere to give back
                self._give_back(values, str(problem))
            return
        if not in_place(self):
            return
        self._error("")
        self.redraw()
        # "Fact F1", with its title: "F1 added." read as the Help key (naive s13 N9).
        added = _("Added “{title}” as fact {fact}.")
        self.notify(
            added.format(title=first_line(title, 30), fact=fact_label(self.state, record.id)),
            title=_("Shared facts"),
            markup=False,
        )

    def action_question(self) -> None:
        fact = self.chosen()
        if fact is None:
            self._error(_("Put the cursor on a fact first."))
            return
        if not fact.live:
            self._error(_("That fact was taken back; there is nothing left to question."))
            return
        self._ask(fact.id, "question", "")

    def action_edit(self) -> None:
        """``e`` on one's own fact: its text in the box, Enter saves a new version."""
        fact = self.chosen()
        if fact is None or fact.author != self.me or not fact.live:
            self._error(_("You can only edit a fact of your own that was not taken back."))
            return
        self._ask(fact.id, "edit", fact.text)

    def _ask(self, fact: str, kind: str, value: str) -> None:
        """The title box asks for a reason or an edit; what was typed for a new fact is kept."""
        if self.asking is None:
            self.draft = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        self.asking, self.ask_kind = fact, kind
        title = self.query_one("#fact-title", Input)
        self._show_mode()
        fill(title, value)
        self._error("")
        title.focus()

    def send_asked(self, typed: str) -> None:
        """Enter while the title box asks: the question's reason, or the fact's new text.
        The box is the new fact's title again at once, as every box that sends: what a fast
        typist types next is not glued to the words on their way (nor lost when they arrive)."""
        assert self.asking is not None
        value = typed.strip()
        fact, kind = self.asking, self.ask_kind
        if not value:
            self._error(
                _("The text cannot be empty; take the fact back instead.")
                if kind == "edit"
                else _("Say why you question it.")
            )
            return
        self._stop_asking()
        asked = Asked(fact, kind, value, self.query_one("#fact-title", Input).value)
        if kind == "edit":
            self._send("edit", edit_body(fact, value), asked=asked)
        else:
            self._send("fact.question", fact_question_body(fact, value), asked=asked)

    @work(group="facts")
    async def _send(self, kind: str, body: dict[str, Any], *, asked: Asked | None = None) -> None:
        """A question, an edit or a taking back; ``asked``: what the title box asked for,
        already emptied (a refusal gives it back, ``_give_asked_back``)."""
        try:
            await self.node.contribute(self.session, kind, body)
        except Exception as problem:  # NodeError, a full disk: said, the words given back
            if not in_place(self):  # closed meanwhile: nowhere to give them back
                return
            if asked is None:
                self._error(str(problem))
            else:
                self._give_asked_back(asked, str(problem))
            return
        if in_place(self):
            self._error("")
            self.redraw()

    def _give_asked_back(self, asked: Asked, message: str) -> None:
        """Refused: the box asks again with the words, if nothing was typed since; else the
        words are quoted in the refusal and what was typed stays."""
        title = self.query_one("#fact-title", Input)
        if self.asking is None and title.value == asked.left and asked.fact in self.state.facts:
            self._ask(asked.fact, asked.kind, asked.text)
            title.cursor_position = len(asked.text)
            self._error(message)
            return
        self._error(with_text(message, asked.text))

    def _stop_asking(self) -> None:
        self.asking = None
        self.query_one("#fact-title", Input).value = self.draft.get("fact-title", "")
        self._show_mode()

    def _own_open(self, fact_id: str) -> str | None:
        """What ``r`` would take back on this fact: my live fact, else my live question on it."""
        fact = self.state.facts.get(fact_id)
        if fact is None:
            return None
        if fact.author == self.me and fact.live:
            return fact.id
        mine = [q for q in self.state.questions_on(fact_id) if q.author == self.me]
        return mine[-1].id if mine else None

    def action_take_back(self) -> None:
        fact = self.chosen()
        target = self._own_open(fact.id) if fact is not None else None
        if target is None or fact is None:
            self._error(_("You can only take back a fact or a question of your own."))
            return
        if target != fact.id:  # one's question on someone else's fact: withdrawn at once
            self._send("retract", retract_body(target))
            return
        question = _(
            "Take back {fact}? It stays visible, struck through, wherever it was cited, and "
            "can no longer be cited."
        ).format(fact=f"{fact_label(self.state, fact.id)} {first_line(fact.title, 40)}")

        def confirmed(go_on: bool | None) -> None:
            if go_on:
                self._send("retract", retract_body(target))

        self.app.push_screen(ConfirmScreen(question, _("Take back")), confirmed)

    def _error(self, message: str) -> None:
        error = self.query_one("#fact-error", FieldError)
        if message:
            error.show(message)
        else:
            error.clear()

    # Keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letters act only in the list (docs/focus.md); ``r`` only on one's own words."""
        if action in ("question", "take_back", "edit"):
            if is_typing(self.focused):
                return False
            if action == "edit":
                fact = self.chosen()
                return fact is not None and fact.author == self.me and fact.live
            if action == "question":
                fact = self.chosen()
                return fact is None or fact.live
            if action == "take_back":
                fact = self.chosen()
                return fact is not None and self._own_open(fact.id) is not None
        return True

    def action_close(self) -> None:
        if self.asking is not None:  # Escape stops the question or edit; the box keeps the keys
            self._error("")
            self._stop_asking()
            return
        draft = {f: self.query_one(f"#{f}", Input).value for f in FIELDS}
        self.dismiss(
            FactsChoice(citing=list(self.citing), draft={k: v for k, v in draft.items() if v})
        )
