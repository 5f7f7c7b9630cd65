"""Which deliberations nearby are in sight, and in what order: every address its first row
before any address its second.

Titles, addresses and how many sessions an address offers all come from strangers' adverts.
Sorted by title, an outsider's sessions titled "AAA …" from 13 addresses took all 100 places
of the list (8 from each), and the real ones went under "… and N more" (attack s12, left
over). So the list fills in rounds: each address's first row, then each address's second, and
so on, never more than ``PER_ADDRESS`` from one address. Within a round an address offering
fewer sessions comes first (a machine holds a few; one that offers many pays for it here),
then the title decides. To push one honest machine's row out of the list an outsider now
needs as many addresses as the list has places, each offering a single session; to push it
below the first screenful, as many as that holds. Deliberations this person belongs to are
never here: they are under "My deliberations", where no advert reaches.
"""

from __future__ import annotations

from collections.abc import Sequence

from beraad.ui.models import NearbyItem

#: Rows one advertising address may have in the list: a machine holds a few deliberations; an
#: outsider's 1,500 adverts from one host made 1,500 rows (attack s12 #3).
PER_ADDRESS = 8


def address(item: NearbyItem) -> str:
    """The address part of where a deliberation is offered (``host`` of ``host:port``)."""
    return item.where.rsplit(":", 1)[0]


def in_sight(
    items: Sequence[NearbyItem], most: int | None, per_address: int = PER_ADDRESS
) -> tuple[list[NearbyItem], list[NearbyItem]]:
    """The rows to show, in order, and the rows left out (past ``per_address`` from one
    address, or past ``most`` in all)."""
    by_address: dict[str, list[NearbyItem]] = {}
    for item in sorted(items, key=lambda i: (i.title is None, i.title or "", i.where, i.session)):
        by_address.setdefault(address(item), []).append(item)
    ordered: list[NearbyItem] = []
    for depth in range(per_address):
        round_ = [rows[depth] for rows in by_address.values() if depth < len(rows)]
        round_.sort(
            key=lambda i: (len(by_address[address(i)]), i.title is None, i.title or "", i.where)
        )
        ordered.extend(round_)
    past_cap = [item for rows in by_address.values() for item in rows[per_address:]]
    cut = len(ordered) if most is None else most
    return ordered[:cut], ordered[cut:] + past_cap
