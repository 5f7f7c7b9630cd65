"""Deliberations found on this network; the app refills it from the node's discovery."""

from __future__ import annotations

from collections import Counter

from beraad.i18n import _, ngettext
from beraad.ui.models import NearbyItem
from beraad.ui.nearby_order import address, in_sight
from beraad.ui.widgets.session_table import SessionTable


class NearbyList(SessionTable[NearbyItem]):
    #: Deliberations listed at most: adverts from many addresses (each capped per address)
    #: could still fill the table with hundreds (attack s12 #4).
    most = 100

    def columns(self) -> list[str]:
        return [_("Deliberation"), _("Where"), _("Peers")]

    def row(self, item: NearbyItem) -> tuple[str, ...]:
        title = item.title or ngettext(
            "(private: ask for a join code)",
            "({count} private: ask for a join code)",
            item.private,
        ).format(count=item.private)
        members = "" if item.members is None else str(item.members)
        return (title, item.where, members)

    def key(self, item: NearbyItem) -> str:
        return f"{item.session}@{item.where}"

    def in_sight(self, items: list[NearbyItem]) -> tuple[list[NearbyItem], list[NearbyItem]]:
        # Each address its first row before any its second (nearby_order: titles are chosen by
        # whoever advertises, and "AAA …" from a few addresses pushed the real ones out).
        return in_sight(items, self.most)

    def more_text(self, hidden: list[NearbyItem]) -> str:
        """Where the rows left out come from: an outsider's flood is mostly one address."""
        counts = Counter(address(item) for item in hidden)
        if len(counts) == 1:
            ((where, count),) = counts.items()
            return _("… and {count} more from {address}.").format(count=count, address=where)
        where, most = counts.most_common(1)[0]
        if most > 1:
            return _(
                "… and {count} more from {addresses} addresses, {most} from {address}."
            ).format(count=len(hidden), addresses=len(counts), most=most, address=where)
        return _("… and {count} more from {addresses} addresses.").format(
            count=len(hidden), addresses=len(counts)
        )

    def empty_text(self) -> str:
        # Nearby lists others' deliberations only: peers in one's own are not here, so
        # "Nobody … has started one" was false beside them (naive s7 finding 13).
        return _("No deliberation on this network besides your own.")
