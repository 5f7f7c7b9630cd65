"""Give a ``Select`` new options only while it can take them.

Textual's ``Select.set_options`` looks up the Select's own overlay list; a Select whose view is
still being composed (views mount in the background) or already being taken down (the app
quitting while a redraw or a tally was on its way) has none, and raised NoMatches with a
traceback on the way out. The caller keeps its old options unset and tries again at its next draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectOverlay


def set_options(select: Select[Any], options: Iterable[tuple[Any, Any]]) -> bool:
    """Set ``options`` if ``select`` can take them now; False when it cannot (nothing changed)."""
    # Both parts must be there: on the way out the overlay may already be gone while the
    # Select and its current-value line are still attached.
    parts = {type(child).__name__ for child in select.children}
    if not select.is_attached or not {"SelectCurrent", "SelectOverlay"} <= parts:
        return False
    try:
        select.set_options(options)
    except NoMatches:  # taken down between the check and the lookup
        return False
    return True


class GuardedSelect(Select[Any]):
    """A ``Select`` whose mount does nothing once it is being taken down.

    Textual's ``Select`` sets its options up on mount by looking up its overlay; a view mounted
    in the background just as the app quits is mounted and taken apart at once, and the lookup
    raised NoMatches with a traceback on the way out (seen at Ctrl+Q and at the end of tests).
    """

    def _on_mount(self, event: events.Mount) -> None:
        # Textual calls the ``_on_mount`` of every class in the MRO in turn, so returning here
        # alone still ran Select's own (the NoMatches of the CI run of 6 Dec, a guest's screen
        # taken down as it mounted): prevent_default stops that walk, and Select's and Widget's
        # handlers are called here, guarded, instead.
        event.prevent_default()
        parts = {type(child).__name__ for child in self.children}
        if not {"SelectCurrent", "SelectOverlay"} <= parts:
            return  # composed parts already gone: nothing will show it
        try:
            Select._on_mount(self, event)
        except NoMatches:  # taken down between the check and the lookup
            return
        Widget._on_mount(self, event)


class ChooserSelect(GuardedSelect):
    """A ``GuardedSelect`` whose list opens clear of the footer, on its first real choice.

    At the page's last lines Textual kept the list inside the screen by drawing it over the
    footer, and with nothing chosen its cursor sat on the prompt line, so the first ↓ chose
    the first option (naive s9b finding 10). Here the list opens above the Select when it
    does not fit between it and the footer, with the first option under the cursor.
    """

    def _watch_expanded(self, expanded: bool) -> None:
        overlay = next(self.query(SelectOverlay).results(), None)
        if overlay is not None and expanded:
            overlay.styles.offset = (0, self._lift(overlay))
        super()._watch_expanded(expanded)
        if overlay is not None and expanded and self.is_blank() and len(self._options) > 1:
            overlay.highlighted = 1  # the first option, not the prompt ("choose …")

    def _lift(self, overlay: SelectOverlay) -> int:
        """How far up the list goes (0 or less) so that its last line stays above the
        footer's: above the Select where there is no room below it."""
        rows = min(len(self._options), 12) + (0 if self.compact else 2)
        footer_top = self.screen.size.height - 1  # the footer's one line
        below = footer_top - self.region.bottom
        if self.region.height == 0 or below >= rows:
            return 0
        return -(rows + self.region.height)
