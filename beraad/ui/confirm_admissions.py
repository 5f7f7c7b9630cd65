"""F12: confirm the admissions that wait for me — one person, or everyone waiting at once.

A facilitator with twelve newcomers admitted by others should not press F12 twelve times. With
one person waiting F12 asks about that person; with more it names them (at 80×24 the first few
"and N more") and offers to confirm them all, only the first, or nothing. Each confirmation is
its own ``member.confirm``: the fold checks each, so one that is no longer needed (someone else
confirmed meanwhile) is said and the others still count.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from beraad.core.admission import confirms_now
from beraad.core.session import confirm_body
from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.widgets.admission_line import who_confirms

#: Names a question shows before "and N more": the dialog stays within 80×24.
SHOWN_NAMES = 6


def one_question(state: SessionState, key: str) -> str:
    """The question before confirming one person."""
    member = state.members[key]
    name, admitter = state.name(key), state.name(member.admitted_by or key)
    if member.guest:
        return _(
            "Confirm {name} as a guest, admitted by {admitter}? A guest only adds evaluation notes."
        ).format(name=name, admitter=admitter)
    return _(
        "Confirm {name}, admitted by {admitter}? From then on {name} counts in votes, "
        "quorums and rounds."
    ).format(name=name, admitter=admitter)


def many_question(state: SessionState, waiting: list[str]) -> str:
    """The question before confirming everyone in ``waiting``: who (guests marked), by whom."""
    shown = []
    for key in waiting[:SHOWN_NAMES]:
        name = state.name(key)
        shown.append(_("{name} (guest)").format(name=name) if state.members[key].guest else name)
    names = ", ".join(shown)
    more = len(waiting) - len(shown)
    if more > 0:
        names = _("{names} and {n} more").format(names=names, n=more)
    admitters = sorted({state.name(state.members[k].admitted_by or k) for k in waiting})
    return _(
        "Confirm all {n} who wait: {names}? Admitted by {admitters}. From then on they count "
        "in votes, quorums and rounds (a guest only adds evaluation notes)."
    ).format(n=len(waiting), names=names, admitters=", ".join(admitters))


class ConfirmManyScreen(ConfirmScreen):
    """Confirm everyone (True), only the first (``"one"``), or nothing (False, Escape)."""

    DEFAULT_CSS: ClassVar[str] = ConfirmScreen.DEFAULT_CSS

    def __init__(self, question: str, go_on: str, only: str) -> None:
        super().__init__(question, go_on, enter_goes_on=True)
        self.only = only

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                yield Button(self.go_on, id="go-on", compact=True)
                yield Button(self.only, id="only-one", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    @on(Button.Pressed, "#only-one")
    def _only_one(self) -> None:
        self.dismiss("one")


def ask_to_confirm(screen: Any) -> None:
    """F12 on the session screen: ask, then confirm whom the person chose."""
    state, me = screen.state, screen.me
    waiting = confirms_now(state, me)
    if not waiting:
        screen.notify(who_confirms(state, me), title=_("Confirm"), markup=False)
        return

    def chosen(answer: bool | str | None) -> None:
        keys = waiting if answer is True else waiting[:1] if answer == "one" else []
        if keys:
            screen.run_worker(_confirm(screen, keys), group="contribute")
            return
        left = (
            _("Nothing confirmed: {name} still waits and counts in no vote.")
            if len(waiting) == 1
            else _("Nothing confirmed: {n} people still wait and count in no vote.")
        ).format(name=state.name(waiting[0]), n=len(waiting))
        screen.notify(left, title=_("Confirm"), markup=False)

    if len(waiting) == 1:
        # Who pressed F12 came to confirm: Enter confirms (Escape changes nothing).
        question = one_question(state, waiting[0])
        screen.app.push_screen(ConfirmScreen(question, _("Confirm"), enter_goes_on=True), chosen)
        return
    only = _("Only {name}").format(name=state.name(waiting[0]))
    question = many_question(state, waiting)
    go_on = _("Confirm all {n}").format(n=len(waiting))
    screen.app.push_screen(ConfirmManyScreen(question, go_on, only), chosen)


async def _confirm(screen: Any, keys: list[str]) -> None:
    """One ``member.confirm`` per person, in order; whatever the fold refuses is said."""
    refused: list[str] = []
    for key in keys:
        # Naming the admission this person saw keeps the confirmation with it, whatever
        # admission of the same key is back-dated before it later (``admission._confirm``).
        member = screen.state.members.get(key)
        body = confirm_body(key, member.admitted_in if member is not None else None)
        try:
            await screen.node.contribute(screen.session, "member.confirm", body)
        except Exception as problem:  # NodeError: confirmed meanwhile by someone else, say
            refused.append(f"{screen.state.name(key)}: {problem}")
    if refused:
        screen.notify(
            _("Not confirmed: {reasons}").format(reasons="; ".join(refused)),
            title=_("Confirm"),
            severity="error",
            timeout=10,
            markup=False,
        )
