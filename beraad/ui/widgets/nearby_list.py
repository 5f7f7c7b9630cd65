"""Deliberations found on this network; the app refills it from the node's discovery."""

from __future__ import annotations

from beraad.i18n import _
from beraad.ui.models import NearbyItem
from beraad.ui.widgets.session_table import SessionTable


class NearbyList(SessionTable[NearbyItem]):
    #: Deliberations listed at most: adverts from many addresses (each capped per address)
    #: could still fill the table with hundreds (attack s12 #4).
    most = 100

    def columns(self) -> list[str]:
        return [_("Deliberation"), _("Where"), _("Peers")]

    def row(self, item: NearbyItem) -> tuple[str, ...]:
        title = item.title or _("(private: ask for a join code)")
        members = "" if item.members is None else str(item.members)
        return (title, item.where, members)

    def key(self, item: NearbyItem) -> str:
        return f"{item.session}@{item.where}"

    def more_text(self, hidden: int) -> str:
        return _("… and {count} more nearby.").format(count=hidden)

    def empty_text(self) -> str:
        # Nearby lists others' deliberations only: peers in one's own are not here, so
        # "Nobody … has started one" was false beside them (naive s7 finding 13).
        return _("No deliberation on this network besides your own.")
