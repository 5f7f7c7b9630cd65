"""What only this device keeps for a session: sealed votes' secrets (stored before their
commitment is shared, revealed by themselves once voting closes) and the "while you were away"
marker (what the person has seen: set as the screen draws it and when they leave, read when
they come back) and when it was last opened."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

from beraad import away
from beraad.core.state import SessionState
from beraad.core.vote_in import could_hold
from beraad.i18n import _, ngettext
from beraad.ui.delivered import holders
from beraad.ui.phases.decide import DecideView, reveals_due, stored_secrets, with_secret
from beraad.ui.screens.since_last_time import opens_with_summary
from beraad.ui.screens.while_away import WhileAwayScreen
from beraad.ui.tallied import decided
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.tally_format import RULE_VOTE
from beraad.waiting_words import shown_incomplete

#: Seconds after a drawing that what it showed is remembered as seen (``DeviceKept._saw``).
SEEN_AFTER = 0.5
#: Seconds after coming in during which records written while away, brought by a sync that
#: came after, are still said as "while you were away" (``DeviceKept._catch_up``).
LATE_CATCH_UP = 60.0


class DeviceKept:
    """The session screen's part that reads and writes this device's own values."""

    state: SessionState
    me: str
    node: Any
    session: str
    _unkept: set[str]
    _revealing: set[str]
    is_attached: bool
    set_timer: Any
    #: Our own chain has a gap here: nothing of ours is signed (``Node.writes_wait``).
    _own_blocked = False

    def _local(self) -> dict[str, Any]:
        """This device's own values for the session (never shared with peers)."""
        return cast(dict[str, Any], self.node.local_values(self.session))

    def _give_secrets(self) -> None:
        """The decide view gets the sealed votes' secrets kept on this device (for reveals)."""
        try:
            kept = stored_secrets(self._local())
        except Exception as problem:  # a closed or damaged store: say it, the view still works
            self.notify(str(problem), title=_("Sealed votes"), severity="error", markup=False)
            return
        for view in self.query(DecideView):
            view.keep_secrets(kept)

    def _store_secret(self, message: DecideView.VoteSealed) -> None:
        """Store the secret durably *before* the commitment (the next message) is shared."""
        try:
            self.node.set_local_values(
                message.session, with_secret(self._local(), message.commitment, message.secret)
            )
        except Exception as problem:  # a full disk: the commitment is then not sent at all
            self._unkept.add(message.commitment)
            self.notify(
                _("Your sealed vote could not be kept on this device: {error}").format(
                    error=problem
                ),
                title=_("Sealed vote not sent"),
                severity="error",
                timeout=10,
                markup=False,
            )

    def unsent_work(self) -> list[str]:
        """What the person typed here and has not sent: only this device holds it, and
        leaving the session (Ctrl+L, Ctrl+Q) loses it."""
        said = []
        if self._uncast_scores():  # type: ignore[attr-defined]
            said.append(_("the scores you typed (Ctrl+S casts them)"))
        decide = self._views.get("decide")  # type: ignore[attr-defined]
        uncast_answer = getattr(decide, "uncast_answer", None)
        if uncast_answer is not None and decide.is_mounted and uncast_answer():
            said.append(_("the answer you chose in Decide (Ctrl+S casts it)"))
        criteria = self._views.get("criteria")  # type: ignore[attr-defined]
        weights = getattr(criteria, "unsaved_weights", None)
        if weights is not None and criteria.is_mounted and weights():
            said.append(_("the weights you typed in Criteria, not saved"))
        for view in self.views():  # type: ignore[attr-defined]
            if view.holds_words():
                said.append(
                    _("the words in the box of {phase}").format(phase=phase_label(view.phase))
                )
        return said

    def sealed_waiting(self) -> bool:
        """A sealed vote of this person's that voting has not revealed yet: it counts only
        once this app reveals it after the close, so it must be open then, or opened again
        (naive s12 P11: Ctrl+Q went at once, without a word)."""
        ended = self.state.reveal_ended
        return any(
            vote.member == self.me and vote.sealed and vote.reveal is None and kind not in ended
            for kind, votes in self.state.votes.items()
            for vote in votes.values()
        )

    def ask_before_leaving(self, then: Callable[[], None]) -> None:
        """Leave to the lobby at once, or ask first when something typed is not sent (naive
        s8 finding 7: uncast scores and a half-typed knot went without a word). Asked rather
        than kept as a draft: scores and words belong to the moment they were typed for, and
        a draft coming back later in another phase would be sent where it no longer fits."""
        unsent = self.unsent_work()
        if not unsent:
            then()
            return
        from beraad.ui.screens.confirm import ConfirmScreen

        question = _(
            "Not sent yet: {what}. Leaving this deliberation loses it. Go to the lobby anyway?"
        ).format(what="; ".join(unsent))
        self.app.push_screen(  # type: ignore[attr-defined]
            ConfirmScreen(question, _("To the lobby")), lambda go_on: then() if go_on else None
        )

    def leave(self) -> None:
        """The person leaves the session: remember what they have seen (for "while away")."""
        self._viewing(False)
        try:
            away.mark_seen(self.node, self.session)
        except Exception as problem:  # a closed or full store: leaving must still work
            self.notify(
                str(problem), title=_("While you were away"), severity="warning", markup=False
            )

    def _mark_opened(self) -> None:
        """The lobby's "Continue" names the session opened last: written now, not on leaving,
        so a killed app (``kill -9``, a dead battery) still offers this one."""
        self._viewing(True)
        try:
            away.mark_opened(self.node, self.session)
        except Exception:  # a closed or full store only costs the "continue" offer
            return

    def _viewing(self, open_: bool) -> None:
        """Others see this person here only while this session is open on their screen."""
        bridge = getattr(self.app, "bridge", None)
        if bridge is not None:
            bridge.viewing(self.session, open_)

    _seen_version: int | None = None
    """The state version last remembered as seen; None until the person has arrived."""
    _seen_due = False
    """A write of what was seen is on its way (``_saw``)."""
    _own_drawn = False
    """A record of this person's own came since the last redraw (``_saw`` writes at once)."""
    _away_marker: dict[str, Any] | None = None
    """What this person had seen when they came in (``_catch_up``)."""
    _arrived: tuple[float, int] | None = None
    """When they came in: monotonic seconds, and wall-clock ms as records' ``at``."""
    _away_told = False
    _caught_up: dict[str, int] | None = None
    """The records held when ``_catch_up`` last looked (author → highest seq)."""
    """What happened while they were away has been said (or there was nothing to say)."""

    def _arrive(self) -> None:
        """Coming in: if others did something since the person last saw the session, say what,
        in one popup with "since last time" when that opens too (two in a row, naive s6b
        finding I); from then on what the screen draws is what they saw (``_saw``).
        What others did meanwhile that reaches the node only after this (the lobby shows
        before the node is open: naive s10b finding N) is said by ``_catch_up``."""
        try:
            self._away_marker = away.last_seen(self.node, self.session)
            summary = away.while_away(self.node, self.session, self._away_marker)
        except Exception:  # a damaged marker only costs the summary, never the session
            summary = None
        if summary is not None and summary.empty:
            summary = None
        said = opens_with_summary(self.state) and self.offer_since_last_time(summary)
        if summary is not None and not said:
            self.app.push_screen(WhileAwayScreen(summary, self.state))
        self._arrived = (time.monotonic(), int(time.time() * 1000))
        self._away_told = summary is not None
        self._seen_version = -1
        self._saw_now()  # arriving: at once
        self._say_codes_lost()
        self._say_incomplete()

    def _say_codes_lost(self) -> None:
        """A join code lives only while this app runs: after a restart, the person who read
        one out is told it no longer works and how to get a new one (naive s9b finding 6: a
        newcomer typed it and found "no deliberation", and nobody told the facilitator)."""
        lost = getattr(self.node, "codes_lost", None)
        try:
            codes = lost(self.session) if callable(lost) else []
        except Exception:  # a closed or read-only store only costs the warning
            codes = []
        if codes:
            # Short enough for one line at 80 columns: said in turns, the start with the code
            # and the reason was gone when the facilitator looked up (naive s13b B7).
            self.notify(
                ngettext(
                    "Join code {codes} ended when beraad closed: F8 makes a new one.",
                    "Join codes {codes} ended when beraad closed: F8 makes a new one.",
                    len(codes),
                ).format(codes=", ".join(codes)),
                severity="warning",
                timeout=30,
                markup=False,
            )

    def _say_incomplete(self) -> None:
        """Records held here that wait for a damaged line's record are left out of what the
        screen shows: said on coming in, whose and how many, and what restores them (attack
        s13 #2: the session looked rolled back without a word)."""
        waiting = getattr(self.node, "waiting", None)
        own = self._own_wait()
        try:
            held = list(waiting(self.session)) if waiting else []
            if own:  # it says "(3 later ones of yours wait for it)": not "3 records by Anja"
                held = [w for w in held if w.author != getattr(self, "me", "")]
            said = shown_incomplete(self.state, held)
        except Exception:  # a closed store only costs the notice
            said = ""
        self._own_blocked = bool(own)
        if own:  # before anything is typed, not only when it is refused (naive s16 N1)
            # First: a notice is said in at most four lines at 80 columns, and after the
            # waiting records' words "Not signed yet: your own…" was cut every time (naive
            # s18 N6); what she cannot do matters more than what is not shown.
            said = f"{own} {said}" if said else own
        gone = self._key_gone()
        if gone:  # the lobby said it; opening the session said nothing (naive s18 N11)
            said = f"{gone} {said}" if said else gone
        if said:
            self.notify(said, title=_("Incomplete"), severity="warning", timeout=60, markup=False)

    def _clocks(self) -> tuple[list[Any], dict[str, Any]]:
        """The peers with their clocks as this device measured them, and what waits here for
        its time (``ClockLine``); a node that cannot say (a closed one) says nothing."""
        held = getattr(self.node, "held_for_their_time", None)
        try:
            return list(self.node.peers(self.session)), dict(held(self.session)) if held else {}
        except Exception:
            return [], {}

    def _key_gone(self) -> str:
        why = getattr(self.node, "readonly_why", None)
        try:
            return str(why(self.session)) if callable(why) else ""
        except Exception:  # a closed store only costs the notice
            return ""

    def _own_wait(self) -> str:
        wait = getattr(self.node, "writes_wait", None)
        try:
            return str(wait(self.session)) if callable(wait) else ""
        except Exception:  # a closed store only costs the notice
            return ""

    def tell_own_whole(self) -> None:
        """Our own chain's gap is closed: what was kept typed can be sent now, and the person
        is told how, once: a peer sent the record back, or nobody else ever had it (naive s16
        N1, journal17 left)."""
        if self._own_blocked and not self._own_wait():
            self._own_blocked = False
            said = getattr(self.node, "writes_again", None)
            try:
                words = str(said(self.session)) if callable(said) else ""
            except Exception:  # a closed store only costs the notice
                words = ""
            if words:
                self.notify(words, severity="information", timeout=20, markup=False)

    def _saw(self) -> None:
        """What the screen has drawn, this person has seen: remembered as it is drawn, so a
        killed app (``kill -9``, a dead battery) keeps it. "While you were away" counted from
        the last clean exit, and someone present the whole time read "39 new contributions…
        meanwhile meeting 4 opened" of a meeting she had opened herself (naive s6b D).

        Written a moment after the drawing (``SEEN_AFTER``), once for what came meanwhile:
        with every peer's record it was a walk over the whole session and a synced write to
        disk in the same turn of the loop as the redraw, and a key pressed then waited for
        both (a vote a second at 5,000 contributions). What the person did herself (opened a
        meeting, moved the group) is written at once: killed right after it, she must not read
        it as news (naive s6b D); a peer's record drawn in the last half second may be."""
        if self._seen_version is None:
            return  # not arrived yet: the summary is read first (``_arrive``)
        self._catch_up()
        if self._own_drawn:
            self._own_drawn = False
            self._saw_now()
            return
        if not self._seen_due:
            self._seen_due = True
            self.set_timer(SEEN_AFTER, self._saw_now)

    def _catch_up(self) -> None:
        """Records written while this person was away that reach the node only after they
        came in (a sync after the arrival: naive s10b findings M and N, two new actions
        and no popup) are said as on arrival, once, in the first ``LATE_CATCH_UP`` seconds."""
        arrived = self._arrived
        if self._away_told or self._away_marker is None or arrived is None:
            return
        if time.monotonic() - arrived[0] > LATE_CATCH_UP or self.app.screen is not self:
            return  # late, or the person is reading another screen: tried on the next draw
        try:
            frontier = dict(self.node.held_frontier(self.session)[0])
            if frontier == self._caught_up:
                return  # nothing came since the last look: no walk over the records
            self._caught_up = frontier
            summary = away.while_away(self.node, self.session, self._away_marker, arrived[1])
        except Exception:  # a damaged store only costs the summary
            return
        if summary is not None and not summary.empty:
            self._away_told = True
            self.app.push_screen(WhileAwayScreen(summary, self.state))

    def _saw_now(self) -> None:
        self._seen_due = False
        if self._seen_version is None or not self.is_attached:
            return
        try:
            version = self.node.state_version(self.session)
            if version != self._seen_version:
                self._seen_version = version
                away.mark_seen(self.node, self.session)
        except Exception:  # a closed or full store only costs the summary next time
            return

    def _write_reveals(self) -> None:
        """Voting closed on a vote I sealed: reveal it now, once, without waiting for a button,
        so that nobody can end the reveal before my vote (an objection, say) is counted."""
        # A vote of mine a reveal end named as not revealed is still revealed, late.
        named = any(v.member == self.me for v in self.state.named_unrevealed.values())
        if not named and not any(k not in self.state.reveal_ended for k in self.state.closed):
            return
        try:
            secrets = stored_secrets(self._local())
        except Exception:  # a damaged store: the "Reveal my vote" button says what is wrong
            return
        for body in reveals_due(self.state, self.me, secrets):
            if body["commit"] not in self._revealing:
                self._revealing.add(body["commit"])
                self._contribute("vote.reveal", body)

    def _tell_decide(self, view: DecideView, connected: set[str]) -> None:
        """Where my vote is (``DecideView.present``): who is here now, and which members'
        records show they hold it. Only until this meeting decided (closed too: "in and counts"
        is said only once another member holds it, naive s9b finding 4): the walk covers the
        records written since the vote. The rule is the state's, not the view's: a view
        learns it only when it draws, after it was told this on arrival (a fresh view after a
        language switch, or one opened while the peers' hellos had come in the lobby, kept
        "yours is not in yet" until a peer came or went, naive s11 F1)."""
        method = self.state.info.decision_rule if self.state.info is not None else ""
        kind = RULE_VOTE.get(method, "")
        mine = (
            [
                r
                for v in self.state.current_votes(kind)
                if v.member == self.me
                for r in (v.record, *v.counted_records)
            ]
            if kind and decided(self.state, method) is None
            else []
        )
        if mine:
            # A peer's receipt counts for a member only: a projector holds it too, but "in"
            # means another member has it (naive s9b finding 4).
            could = could_hold(self.state, self.me)
            receipts = {
                p.peer: p.holds
                for p in self.node.peers(self.session)
                if getattr(p, "holds", 0) and p.peer in could
            }
            held = holders(self.node.records(self.session), self.me, mine, receipts)
        else:
            held = frozenset()
        view.present(connected, held)
