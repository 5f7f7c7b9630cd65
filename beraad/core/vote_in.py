"""When a vote of mine is in for the group: once another member holds it — or at once when the
session has no other member to hold it.

A vote only on my device is not yet the group's (a cut cable, a lost laptop): it is in once
another member's record or receipt shows they hold it (``beraad/ui/delivered.py``). An
observer never confirms (a projector writes no records), so it is not one to wait for. A
member alone in their session has nobody to deliver to: waiting for a holder waited forever,
and "Votes in: 0 of 1 members; yours is not in yet" stood beside "your vote counts" and the
result (naive s11b N9). So with no other member the vote is in as it is cast.
"""

from __future__ import annotations

from collections.abc import Iterable

from beraad.core.state import SessionState

__all__ = ["could_hold", "in_for_the_group"]


def could_hold(state: SessionState, me: str) -> frozenset[str]:
    """The other members a record of ``me`` is delivered to, who can say they hold it: every
    member but ``me`` and the observers."""
    return frozenset(
        key for key, member in state.members.items() if key != me and not member.observer
    )


def in_for_the_group(state: SessionState, me: str, holders: Iterable[str]) -> bool:
    """Is a vote of ``me`` that ``holders`` are known to hold in for the group: one of those
    who could hold it does, or there is nobody who could."""
    others = could_hold(state, me)
    return not others or bool(others & set(holders))
