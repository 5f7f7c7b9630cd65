"""The records folded into a state lately: what came since a view last drew it.

A list of thousands of rows is drawn again on every record; built again only where what a row
shows changed, it still walked every row to find out (issue 15: O(n) per record at 10,000
knots). A state keeps the last records folded into it and how many there were in all, so a
view that remembers the count it drew at knows what came since and draws only the rows those
records touch, or learns that it cannot know (another state after a refold, too many since)
and walks every row.
"""

from __future__ import annotations

from collections import deque
from typing import Any

#: Records kept: a view drawn at most this many records ago knows what came since.
KEPT = 256


class Applied:
    """How many records were folded into the state, and the last ``KEPT`` of them."""

    __slots__ = ("count", "recent")

    def __init__(self) -> None:
        self.count = 0
        self.recent: deque[Any] = deque(maxlen=KEPT)

    def add(self, record: Any) -> None:
        self.count += 1
        self.recent.append(record)

    def since(self, count: int) -> list[Any] | None:
        """The records folded after the first ``count``; None when they are not all kept."""
        new = self.count - count
        if new < 0 or new > len(self.recent):
            return None
        return list(self.recent)[len(self.recent) - new :] if new else []

    def __deepcopy__(self, memo: dict[int, Any]) -> Applied:
        """A trial copy of a state (``Fold.check``) starts a count of its own: nobody drew it."""
        return Applied()
