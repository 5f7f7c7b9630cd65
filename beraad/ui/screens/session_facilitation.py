"""The session screen's part in who facilitates: the dialog, and one line on every peer when
the role changes hands or someone asks to take it over (``ui/facilitation.py``)."""

from __future__ import annotations

from typing import Any

from beraad.core.state import SessionState
from beraad.core.takeover import open_claims
from beraad.i18n import _
from beraad.ui.facilitation import change_said, claim_news
from beraad.ui.screens.facilitation import FacilitationScreen

#: A line about the facilitation stays this long: it changes who moves the group.
SAID_FOR = 15


class FacilitationNews:
    """Opens the facilitation dialog and says each change of facilitator once."""

    state: SessionState
    me: str
    node: Any
    session: str
    #: (handovers told, open requests told), None until the screen's first drawing.
    _facilitation_told: tuple[int, frozenset[str]] | None = None

    def action_facilitation(self) -> None:
        """Hand the role over, ask to take it over, or second another's request."""
        self.app.push_screen(FacilitationScreen(self.node, self.session))  # type: ignore[attr-defined]

    def tell_facilitation(self) -> None:
        """After each drawing: a change of facilitator is said on one line (who handed to
        whom, or who took over and who seconded it); a request to take over is said to those
        who may act on it. On opening, only the requests open now (what happened while away
        is said by "while you were away")."""
        state, me = self.state, self.me
        asking = [c for c in open_claims(state) if c.by != me]
        told = self._facilitation_told
        self._facilitation_told = (len(state.handovers), frozenset(c.id for c in asking))
        lines = []
        if told is not None:
            lines.extend(change_said(state, h, me) for h in state.handovers[told[0] :])
        lines.extend(
            claim_news(state, claim, me)
            for claim in asking
            if told is None or claim.id not in told[1]
        )
        for line in lines:
            self.notify(  # type: ignore[attr-defined]
                line, title=_("Facilitation"), timeout=SAID_FOR, markup=False
            )
