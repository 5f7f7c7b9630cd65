"""Notifications on one line over the title row, on every screen (see ``beraad.tcss``).

Textual shows a toast as a box of its title over its message, stacked in a rack; beraad lays
the rack over the title row instead, where nothing needed is (the title is known), so a
notification hides no form, list or bar and never moves what is under it. For that the toast
says its title and message on one line. Textual has no hook for a toast's look (the rack is
made by the screen and found by its exact type), so ``Toast.render`` is replaced here, once,
on import.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets._toast import Toast

#: Cells of a toast's line that are no text: its coloured left edge and one space each side.
FRAME = 3


def _one_line(self: Toast) -> Content:
    """The title in its own style, then the message, on one line; the title is left out when
    both do not fit (the message says what happened: "Invite: the member code … is closed:
    nobody joins with it any more" wrapped over the phase bar). A message too long alone
    wraps onto the rows below while it shows."""
    notification = self._notification
    message = (
        Content.from_markup(notification.message)
        if notification.markup
        else Content(notification.message)
    )
    if not notification.title:
        return message
    title = self.get_visual_style("toast--title")
    line = Content.assemble((notification.title + ":", title), " ", message)
    return line if line.cell_length <= self.app.size.width - FRAME else message


Toast.render = _one_line  # type: ignore[method-assign]
