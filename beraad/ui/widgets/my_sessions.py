"""The deliberations this person belongs to."""

from __future__ import annotations

from beraad.core.session import PHASE_LABELS
from beraad.i18n import _
from beraad.ui.models import MySession
from beraad.ui.widgets.session_table import SessionTable


class MySessionsList(SessionTable[MySession]):
    def columns(self) -> list[str]:
        return [_("Deliberation"), _("Phase"), _("Members")]

    def row(self, item: MySession) -> tuple[str, ...]:
        phase = _(PHASE_LABELS.get(item.phase, item.phase)) if item.phase else ""
        if item.between_meetings:  # "Opening" read as a meeting under way (naive s8b 19)
            phase = _("Between meetings")
        return (item.title, phase, str(item.members))

    def key(self, item: MySession) -> str:
        return item.session

    def empty_text(self) -> str:
        return _("You are not in any deliberation yet: start one, or join with a code.")
