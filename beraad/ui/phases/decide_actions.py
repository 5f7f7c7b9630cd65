"""The decide view's steps: cast a vote, close voting, reveal, end the reveal, take, reopen.

Each is a key, a button and a palette command at once (``DecideView`` binds the keys and sends
its buttons here); ``may`` offers a step only where it can be taken. ``DecideActions`` is a
mixin of ``DecideView`` and uses its widgets by id.
"""

from __future__ import annotations

import secrets as random
from typing import Any

from textual.widgets import Button, Checkbox, Input, RadioSet, Select

from beraad.core import session as model
from beraad.core.kinds import PER_OPTION_VOTES
from beraad.core.matrix import MatrixMemo
from beraad.core.sealed import commitment
from beraad.core.state import SessionState
from beraad.core.tally import PER_OPTION_METHODS, TallyError, decision_body, progress
from beraad.i18n import _, ngettext
from beraad.ui.guest import reads_only
from beraad.ui.parts import part
from beraad.ui.tallied import option_words
from beraad.ui.widgets.tally_format import Legend
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice

RESPONSES: tuple[str, ...] = ("agree", "stand_aside", "object")


class DecideActions:
    """The steps of ``DecideView`` (a mixin: it reads the view's state and widgets)."""

    state: SessionState | None
    me: str
    method: str
    session: str
    secrets: dict[str, dict[str, Any]]
    _parts: list[dict[str, Any]]
    _take_memo: MatrixMemo | None = None
    _asked_empty: tuple[int, str] | None = None
    """The empty cells and sheet a first Ctrl+S asked about; the same again casts."""
    """The matrix the footer's "take the decision" check tallied last (``_takeable``)."""

    # The view's own, declared for the reader (DecideView defines them).
    kind: str
    query_one: Any
    app: Any
    post_message: Any
    VoteSealed: Any
    _decided: Any

    def _vote_body(self) -> tuple[dict[str, Any], str | None] | None:
        """The body of my vote and the option it is about, or None (with the reason shown)."""
        notice = self.query_one(Notice)
        if self.method in PER_OPTION_METHODS:
            option = self.round_option()
            if option is None:
                notice.refused(_("Choose an option first."))
                return None
            reason = self.query_one("#reason", Input).value.strip()
            if self.method == "consent":
                pressed = self.query_one("#response", RadioSet).pressed_index
                if pressed < 0:
                    notice.refused(
                        _("Choose agree, stand aside or object: ↑ ↓ in the reason box choose.")
                    )
                    return None
                response = RESPONSES[pressed]
                if response == "object" and not reason:
                    notice.refused(_("An objection needs a reason: say what would have to change."))
                    self.query_one("#reason", Input).focus()
                    return None
                return model.consent_body(option, response, reason), option
            level = self.query_one("#level", Select).value
            if not isinstance(level, int):
                notice.refused(_("Choose your level of agreement."))
                return None
            return model.gradient_body(option, level, reason), option
        given = self.query_one("#ballot", VoteGrid).given()
        if not given:
            notice.refused(_("Fill in your vote first."))
            self.query_one("#ballot", VoteGrid).focus()
            return None
        if self.method == "matrix":
            return model.scores_body(given), None
        if self.method == "schulze":
            ranks: dict[int, list[str]] = {}
            for option, row in given.items():
                ranks.setdefault(row["rank"], []).append(option)
            return model.ranking_body([sorted(ranks[r]) for r in sorted(ranks)]), None
        if self.method == "dots":
            dots = {o: row["dots"] for o, row in given.items() if row.get("dots")}
            allowance = self.state.info.dots_per_member if self.state and self.state.info else 0
            if not dots:
                notice.refused(_("Place at least one dot."))
                return None
            if sum(dots.values()) > allowance:
                notice.refused(
                    _("You placed {placed} dots; you have {dots}.").format(
                        placed=sum(dots.values()), dots=allowance
                    )
                )
                return None
            return model.dots_body(dots), None
        return model.grades_body({o: row["grade"] for o, row in given.items()}), None

    def action_cast(self) -> None:
        if self.state is None or not self.kind:
            return
        for select in self.query("#round Select").results(Select):
            if select.expanded:  # Ctrl+S casts what the form shows: its list closes first
                select.expanded = False
                select.focus()
        made = self._vote_body()
        if made is None:
            return
        body, option = made
        if self._empty_cells_asked(body):
            return
        sealing = self.query_one("#seal", Checkbox).value
        # A big matrix goes in parts (each record has a size limit), one after the other.
        bodies = model.scores_bodies(body["scores"]) if self.kind == "score.set" else [body]
        if sealing and len(bodies) > 1:
            self.query_one(Notice).refused(
                _("This score sheet is too big to seal; cast it without sealing.")
            )
            return
        self.query_one(Notice).clear()
        self.query_one("#ballot", VoteGrid).reset()
        if not sealing:
            self._parts = bodies[1:]
            self.contribute(self.kind, bodies[0])
            return
        nonce = random.token_hex(16)
        sealed = commitment(self.kind, body, nonce)
        secret = {"kind": self.kind, "vote": body, "nonce": nonce}
        self.secrets[sealed] = secret
        self.post_message(self.VoteSealed(self.session, sealed, secret))
        per_option = self.kind in PER_OPTION_VOTES
        self.contribute(
            "vote.commit",
            {"kind": self.kind, "option": option if per_option else None, "commitment": sealed},
        )

    def _empty_cells_asked(self, body: dict[str, Any]) -> bool:
        """A score sheet with empty cells is cast on the second Ctrl+S only: the first says
        how many would not count (naive s13 N10: 6 of 9 cells empty were cast without a word,
        and that member's say on two criteria was gone from the means)."""
        if self.method != "matrix":
            return False
        empty = self.query_one("#ballot", VoteGrid).empty_cells()
        asked, self._asked_empty = self._asked_empty, (empty, repr(body)) if empty else None
        if not empty or asked == self._asked_empty:
            return False
        self.query_one(Notice).inform(  # a question, not a refusal (naive s13b B8)
            ngettext(
                "{empty} cell is empty: it will not count for you. Ctrl+S again casts your "
                "vote as it is; the arrows take you to the empty cell.",
                "{empty} cells are empty: they will not count for you. Ctrl+S again casts "
                "your vote as it is; the arrows take you to the empty cells.",
                empty,
            ).format(empty=empty)
        )
        return True

    def action_vote_closed(self) -> None:
        """Ctrl+S once voting closed: nothing is cast, and the line says why and what counts
        (it did nothing, silently, naive s11 F12)."""
        if self.state is None or self.kind not in self.state.closed:
            return
        decided = self._decided(self.state) is not None
        self.query_one(Notice).refused(
            _("Not cast: the decision is taken. The votes cast before voting closed counted.")
            if decided
            else _("Not cast: voting is closed. The votes cast before the close count.")
        )

    def _names(self, members: tuple[str, ...] | list[str]) -> str:
        assert self.state is not None
        return ", ".join(self.state.name(m) for m in members)

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Cast my vote" is not offered (footer, key) once voting is closed; closing and
        taking the decision only to who may (their buttons show), the decision once voting
        is closed (before that, its button says why not)."""
        closed = self.state is not None and self.kind in self.state.closed
        if action == "cast":  # as its button: never for a guest (the fold takes no vote)
            return not closed and self._shown("#cast")
        if action == "vote_elsewhere":  # Ctrl+S away from the vote says why (naive s9 6)
            return not self.castable()  # type: ignore[attr-defined]
        if action == "vote_closed":  # Ctrl+S once voting closed says why (naive s11 F12)
            state = self.state
            voter = state is not None and not reads_only(state, self.me, "decide")
            return closed and voter and self.castable()  # type: ignore[attr-defined]
        if action == "step_elsewhere":  # Ctrl+O, Ctrl+G away from the vote (naive s9b 3)
            return self.steward() and not self.castable()  # type: ignore[attr-defined]
        if action == "close_voting":
            return self._shown("#close-voting")
        if action == "take":  # only when it can act: its button says why not otherwise
            # At a tie not chosen from yet, Ctrl+G is offered and says what is needed first
            # (naive s8b finding 11: it did nothing, and the footer dropped ^g).
            return closed and self._shown("#take") and (self._takeable() or self._tie_open())
        return True

    def _tie_open(self) -> bool:
        """Voting closed on a tie at the top that the steward has not chosen from yet."""
        select = part(self, "#tie-option", Select)
        return select is not None and select.display and self._tie_choice() is None

    def _takeable(self) -> bool:
        """The votes carry a decision now (closed, revealed, no objection, a tie chosen from)."""
        if self.state is None:
            return False
        per_option = self.method in PER_OPTION_METHODS
        option = self.round_option() if per_option else self._tie_choice()
        if self._take_memo is None:
            self._take_memo = MatrixMemo()  # its own: the panel's may be in a thread now
        try:
            # The footer asks after every key and record: a big matrix is worked out again
            # only in the rows that changed since.
            decision_body(self.state, option, self.method, memo=self._take_memo)
        except TallyError:
            return False
        return True

    def _shown(self, button: str) -> bool:
        """Is the button there and shown? (Asked by the footer for every key after every
        record: found by id, not by walking the view's widgets.)"""
        found = part(self, button, Button)
        return found is not None and found.display

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """The decide steps this member can take now, for the command palette (Ctrl+P): the
        same as the buttons shown, so a step is never offered where it cannot be taken."""
        steps = [
            ("close-voting", _("Close voting"), _("Nobody can vote after this"), "close_voting"),
            ("reveal", _("Reveal my vote"), _("Show your sealed vote so it counts"), "reveal"),
            ("end-reveal", _("End the reveal"), _("Unrevealed votes do not count"), "end_reveal"),
            ("take", _("Take the decision"), _("Record what the votes support"), "take"),
            ("reopen", _("New round of voting"), _("Everyone can respond again"), "reopen"),
        ]
        return [
            (title, help_text, getattr(self, f"action_{action}"))
            for button, title, help_text, action in steps
            if self.query_one(f"#{button}", Button).display
        ]

    def action_reopen(self) -> None:
        """A new round of voting: work with an objection, then everyone may respond again."""
        if self.state is None or not self.kind:
            return
        self.query_one(Notice).clear()
        self.contribute("vote.reopen", {"kind": self.kind})

    def action_close_voting(self) -> None:
        """Close voting; if someone has not voted yet, ask first, naming them."""
        if self.state is None or not self.kind:
            return
        self.query_one(Notice).clear()
        on = self.round_option() if self.method in PER_OPTION_METHODS else None
        missing = progress(self.state, self.method, on).not_voted
        uncast = self._uncast()  # type: ignore[attr-defined]
        if not missing and not uncast:
            self.contribute("vote.close", model.close_body(self.kind))
            return
        from beraad.ui.screens.confirm import ConfirmScreen

        if missing:
            question = _(
                "Not voted yet: {names}. After closing nobody can vote any more. Close voting?"
            ).format(names=self._names(missing))
        else:
            question = _("Close voting?")
        if uncast:  # one's own changes, not cast: closing counts only what was cast (s8b 1)
            uncast_words = _(
                "What you changed in your vote is not cast: only what you cast counts."
            )
            question = f"{uncast_words} {question}"

        def closing(go_on: bool | None) -> None:
            if go_on:
                self.contribute("vote.close", model.close_body(self.kind))
            else:  # Enter on the question cancels: said, so nobody thinks it closed (naive s7)
                self.query_one(Notice).inform(_("Voting stays open: you cancelled closing it."))

        self.app.push_screen(ConfirmScreen(question, _("Close voting")), closing)

    def action_end_reveal(self) -> None:
        """Name the votes still sealed and end the reveal, after a question that names whose
        votes would then not count (the fold also waits a grace after the close)."""
        if self.state is None:
            return
        self.query_one(Notice).clear()
        sealed = [v for v in self.state.current_votes(self.kind) if v.sealed and not v.reveal]
        waiting = sorted(v.record for v in sealed)
        if not waiting:
            return
        from beraad.ui.screens.confirm import ConfirmScreen

        question = _(
            "The sealed votes of {names} are not revealed. Ending the reveal means they are not "
            "counted (they are named as not revealed). End the reveal?"
        ).format(names=self._names(sorted({v.member for v in sealed})))

        def ending(go_on: bool | None) -> None:
            if go_on:
                self.contribute("vote.reveal_end", {"kind": self.kind, "unrevealed": waiting})
            else:
                self.query_one(Notice).inform(_("The reveal goes on: you cancelled ending it."))

        self.app.push_screen(ConfirmScreen(question, _("End the reveal")), ending)

    def action_reveal(self) -> None:
        if self.state is None:
            return
        notice = self.query_one(Notice)
        notice.clear()
        for vote in self._unrevealed(self.state):
            secret = self.secrets.get(vote.commitment or "")
            if secret is None:
                notice.refused(
                    _(
                        "The secret of your sealed vote is not on this device, so it cannot be "
                        "revealed."
                    )
                )
                continue
            self.contribute(
                "vote.reveal",
                {"commit": vote.record, "vote": secret["vote"], "nonce": secret["nonce"]},
            )

    def action_take(self) -> None:
        """Ctrl+G (and Ctrl+P): the decision is recorded for the whole group and cannot be
        taken back, so it is asked first, as closing voting is (naive s8 finding 11: it was
        taken at once). The button, pressed where it says what it does, takes it at once."""
        if self.state is not None and self._tie_open():
            self._choose_from_the_tie_first()
            return
        if self.state is None or not self._takeable():
            self.action_take_now()  # says why not, in the rule status's words
            return
        from beraad.ui.screens.confirm import ConfirmScreen

        per_option = self.method in PER_OPTION_METHODS
        body = decision_body(
            self.state, self.round_option() if per_option else self._tie_choice(), self.method
        )
        option = option_words(self.state, body["option"])
        if body.get("tie"):
            # Named, with the tie it was chosen from (naive s8b finding 11: the question did
            # not say which option, nor that it was the steward's choice among equals).
            legend = Legend.of(self.state)
            question = _(
                "Take the decision now: {option}, chosen from the tie {options}? It is "
                "recorded for the whole group, as chosen from a tie, and cannot be undone."
            ).format(
                option=option,
                options=" = ".join(legend.option(o) for o in legend.by_option(body["tie"])),
            )
        else:
            question = _(
                "Take the decision now: {option}? It is recorded for the whole group and "
                "cannot be undone."
            ).format(option=option)

        def taking(go_on: bool | None) -> None:
            if go_on:
                self.action_take_now()
            else:
                self.query_one(Notice).inform(_("No decision taken: you cancelled."))

        self.app.push_screen(ConfirmScreen(question, _("Take the decision")), taking)

    def _choose_from_the_tie_first(self) -> None:
        """Ctrl+G at a tie not chosen from: say what is needed and give the keys to the
        choice."""
        assert self.state is not None
        legend = Legend.of(self.state)
        tied = legend.by_option(self._tie_options)  # type: ignore[attr-defined]
        self.query_one(Notice).inform(
            _(
                "Choose one of the tied options first ({options}): Enter opens “Choose from "
                "the tie”; then Ctrl+G takes the decision."
            ).format(options=" = ".join(legend.option(o) for o in tied))
        )
        select = self.query_one("#tie-option", Select)
        select.focus()

    def action_take_now(self) -> None:
        """Take the decision the votes carry now (what the fold will accept)."""
        if self.state is None:
            return
        if self._tie_open():
            self._choose_from_the_tie_first()
            return
        per_option = self.method in PER_OPTION_METHODS
        option = self.round_option() if per_option else self._tie_choice()
        try:
            body = decision_body(self.state, option, self.method)
        except TallyError as error:
            self.query_one(Notice).refused(self._why_not(option, error))
            return
        self.query_one(Notice).clear()
        self.contribute("decision.take", body)

    def action_how(self) -> None:
        from beraad.ui.screens.how_decided import HowDecidedScreen

        if self.state is not None and self.state.decisions:
            self.app.push_screen(HowDecidedScreen(self.state, self.state.decisions[-1]))
