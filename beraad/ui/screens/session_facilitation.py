"""The session screen's part in who facilitates: the dialog, and one line on every peer when
the role changes hands or someone asks to take it over (``ui/facilitation.py``)."""

from __future__ import annotations

from typing import Any

from beraad.core.record import Record
from beraad.core.state import SessionState
from beraad.core.takeover import open_claims
from beraad.ui.facilitation import (
    changes_said,
    claim_news,
    lapsed_news,
    own_claim_news,
    set_aside_said,
    unseen_news,
)
from beraad.ui.screens.facilitation import FacilitationScreen

#: A line about the facilitation stays this long: it changes who moves the group.
SAID_FOR = 15


class FacilitationNews:
    """Opens the facilitation dialog and says each change of facilitator once."""

    state: SessionState
    me: str
    node: Any
    session: str
    #: (handovers told, open requests told, requests told as not counting), None until the
    #: screen's first drawing.
    _facilitation_told: tuple[int, frozenset[str], frozenset[str]] | None = None

    def action_facilitation(self) -> None:
        """Hand the role over, ask to take it over, or second another's request."""
        self.app.push_screen(FacilitationScreen(self.node, self.session))  # type: ignore[attr-defined]

    def _facilitation_refused(self) -> tuple[list[Record], dict[str, str]]:
        """The records folded, and those refused (a take-over of me undoes my moves)."""
        return self.node.records(self.session), self.node.rejected(self.session)

    def tell_facilitation(self) -> None:
        """After each drawing: the changes of facilitator since (who handed to whom, who took
        over and who seconded it — many at once as one count); a request to take over, to
        those who may act on it and to its author; a request that lapsed because the
        facilitator came back. On opening, only the requests open now (what happened while
        away is said by "while you were away")."""
        state, me = self.state, self.me
        waiting = open_claims(state)
        told = self._facilitation_told
        unseen = frozenset(c.id for c in state.claims.values() if c.status == "unseen")
        self._facilitation_told = (len(state.handovers), frozenset(c.id for c in waiting), unseen)
        lines = []
        if told is not None:
            fresh = state.handovers[told[0] :]
            lines.extend(changes_said(state, fresh, me))
            if any(h.by == me and h.claim is not None for h in fresh):  # a take-over of me
                records, rejected = self._facilitation_refused()
                said = (set_aside_said(state, records, rejected, h, me) for h in fresh)
                lines.extend(line for line in said if line)
            lines.extend(  # a take-over undone by the facilitator's record: the fold said anew
                unseen_news(state, state.claims[claim], me) for claim in sorted(unseen - told[2])
            )
            lines.extend(
                lapsed_news(state, state.claims[claim], me)
                for claim in sorted(told[1])
                if state.claims.get(claim) is not None and state.claims[claim].status == "back"
            )
        for claim in waiting:
            if told is not None and claim.id in told[1]:
                continue
            lines.append(
                own_claim_news(state, claim) if claim.by == me else claim_news(state, claim, me)
            )
        for line in lines:
            # No title: each line names the facilitation, and "Begeleiding: … de begeleiding"
            # said it twice (naive s17 F7).
            self.notify(line, timeout=SAID_FOR, markup=False)  # type: ignore[attr-defined]
