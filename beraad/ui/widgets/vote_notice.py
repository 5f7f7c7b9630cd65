"""One line under a phase view that says what just happened to the person's contribution.

A refused record (a reveal that does not match its commitment, a vote after voting closed)
must be visible where the person looks, not only in a toast that fades: the session screen
calls the view's ``refused``, which shows it here until the next contribution.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakSet

from textual.widgets import Static

from beraad.i18n import _

#: Every notice mounted (the session screen clears those of its views on a view switch
#: without walking its whole DOM for them).
MOUNTED: WeakSet[Notice] = WeakSet()


class Unsent(str):
    """A line that already says what became of the words ("Not sent: the group is in …"):
    shown as a refusal, without "Refused:" before it (two prefixes in one line; naive s8
    finding 11)."""

    __slots__ = ()


class Notice(Static):
    DEFAULT_CSS = """
    Notice { height: auto; display: none; padding: 0 1; }
    Notice.-refused { display: block; color: $text-error; text-style: bold; }
    Notice.-info { display: block; color: $text-success; }
    """

    message: str = ""
    #: The id of a hint beside it whose place this line takes while it says something: at
    #: 80×24 Criteria had no row left for a refusal under the weights, and "7,5" was refused
    #: below the screen's edge (naive s13b B4, B5).
    stands_in_for: str | None = None
    #: The message says where keys just went (the person's look and the group's phase as
    #: they were then): it goes once the person looks again (F3/F4/F5) or the meeting ends.
    fleeting: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The message may quote a peer or the node (a path, a name): words, never markup.
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        MOUNTED.add(self)

    def on_unmount(self) -> None:
        MOUNTED.discard(self)

    def speaking(self) -> bool:
        """Does the line say something now?"""
        return self.has_class("-refused") or self.has_class("-info")

    def _in_place_of_the_hint(self) -> None:
        parent = self.parent
        if self.stands_in_for is None or parent is None:
            return
        for hint in parent.query_children(f"#{self.stands_in_for}"):
            hint.set_class(self.speaking(), "-spoken-over")

    def refused(self, message: str) -> None:
        self.fleeting = False
        said = isinstance(message, Unsent)
        self.message = str(message) if said else _("Refused: {reason}").format(reason=message)
        self.update(self.message)
        self.set_class(True, "-refused")
        self.set_class(False, "-info")
        self._in_place_of_the_hint()
        self.call_after_refresh(self.scroll_visible, animate=False)  # also at 80×24

    def inform(self, message: str, fleeting: bool = False) -> None:
        self.fleeting = fleeting
        self.message = message
        self.update(message)
        self.set_class(True, "-info")
        self.set_class(False, "-refused")
        self._in_place_of_the_hint()

    def clear(self) -> None:
        self.fleeting = False
        shown = self.has_class("-refused") or self.has_class("-info")
        if not self.message and not shown and not self.content:
            return  # nothing shown: an update would lay the screen out for nothing
        self.message = ""
        self.update("")
        self.set_class(False, "-refused", "-info")
        self._in_place_of_the_hint()
