"""Who took another name meanwhile: the popups on coming back say "Bart is now called Bert".

Every member's ``member.name`` is a record of the same kind, whether it is the name they join
with or a new one later; named by kind, a peer's new name read "giving your name (1)", as if
it were the reader's to give. A rename is a name given by a member who had one before: said
with the name they had and the one they have. Pure: records and state in, renames out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from beraad.core.record import Record
from beraad.core.state import SessionState

KIND = "member.name"
ADMIT = "member.admit"


@dataclass(frozen=True, slots=True)
class Rename:
    member: str  # their key
    before: str  # the name they had before the first of the new names
    now: str  # the name they have now, as the state shows it


def renames(
    records: Iterable[Record],
    new: Callable[[Record], bool],
    state: SessionState,
    refused: Collection[str] = (),
) -> list[Rename]:
    """The members whose name changed in the records ``new`` picks (in the order they first
    renamed): named before them (admitted, or a name given), and now another name. A first
    name (joining) is no rename, nor a name given again unchanged."""
    had: dict[str, str] = {}  # the name each member had before the records picked
    before: dict[str, str] = {}
    for record in records:
        if record.kind not in (KIND, ADMIT) or record.id in refused:
            continue
        name = " ".join(str(record.body.get("name", "")).split())
        # An admission names the member (as the admitter typed it); one among the records
        # picked is a joining, said as such: the name after it is no rename.
        member = str(record.body.get("member", "")) if record.kind == ADMIT else record.author
        if not new(record):
            if member not in before:
                had[member] = name
        elif record.kind == KIND and member in had:
            before.setdefault(member, had[member])
    found = []
    for member, old in before.items():
        held = state.members.get(member)
        if held is not None and held.name and held.name != old:
            found.append(Rename(member, old, state.name(member)))
    return found
