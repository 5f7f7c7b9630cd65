"""Notifications on one line over the title row, on every screen (see ``beraad.tcss``).

Textual shows a toast as a box of its title over its message, stacked in a rack; beraad lays
the rack over the title row instead, where nothing needed is (the title is known), so a
notification hides no form, list or bar and never moves what is under it. For that the toast
says its title and message on one line, and never more: a message longer than the line is
said in turns, one line after the other ("… is closed: nobody…", then "…joins with it any
more"), each for at most ``TURN`` seconds, round again until the notification was to go
(``turns_of``); wrapped, it covered the phase bar while it showed. After a resize a message
said in turns is said again at the new width (``say_again``). Textual has no hook for a
toast's look (the rack is made by the screen and found by its exact type), so
``Toast.render``, ``Toast._expire``, ``ToastRack.show`` and ``App._on_notify`` are replaced
here, once, on import.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import replace

from rich.cells import cell_len
from textual.app import App
from textual.content import Content
from textual.markup import MarkupError
from textual.notifications import Notification, Notifications, Notify
from textual.widget import Widget
from textual.widgets._toast import Toast, ToastHolder, ToastRack

#: Cells of a toast's line that are no text: its coloured left edge and one space each side.
FRAME = 3
#: Lines a message is said in at most: one longer still ends its last line with "…".
MOST_LINES = 4
#: The mark that a line goes on in the next one (and that a line goes on from the last one).
MORE = "…"
#: Seconds a line said in turns shows before the next, at most: the last line, often what to
#: do, came 30 s after the first (naive s10 finding 5: "Press F8…" a minute late).
TURN = 8.0
#: Seconds a turn shows at least when the lines go round again: time to read a line.
SHORTEST_TURN = 5.0


def _message(notification: Notification) -> Content:
    if not notification.markup:
        return Content(notification.message)
    try:
        return Content.from_markup(notification.message)
    except MarkupError:  # words that only look like markup: said as they are
        return Content(notification.message)


def _one_line(self: Toast) -> Content:
    """The title in its own style, then the message, on one line; the title is left out when
    both do not fit (the message says what happened: "Invite: the member code … is closed:
    nobody joins with it any more" wrapped over the phase bar). A message too long alone is
    cut with "…" (``_on_notify`` says it in turns, so this is only after a narrower resize)."""
    notification = self._notification
    message = _message(notification)
    width = max(1, self.app.size.width - FRAME)
    if notification.title:
        title = self.get_visual_style("toast--title")
        line = Content.assemble((notification.title + ":", title), " ", message)
        if line.cell_length <= width:
            return line
    if message.cell_length <= width:
        return message
    return message.truncate(width, ellipsis=True)


def _cut(word: str, width: int) -> list[str]:
    """A word longer than a line, in pieces that fit (a link, a path, a hash)."""
    pieces, piece = [], ""
    for character in word:
        if piece and cell_len(piece + character) > width:
            pieces.append(piece)
            piece = ""
        piece += character
    return [*pieces, piece] if piece else pieces


def lines_of(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, each but the last ending in "…" and each
    but the first starting with it, cut between words; at most ``MOST_LINES``."""
    words = [piece for word in text.split() for piece in _cut(word, max(1, width - 2))]
    lines: list[str] = []
    line = ""
    for word in words:
        lead = MORE if lines and not line else ""
        candidate = f"{line} {word}" if line else lead + word
        if cell_len(candidate + MORE) <= width or not line:
            line = candidate
            continue
        lines.append(line + MORE)
        line = MORE + word
    if line:
        lines.append(line)
    if len(lines) > MOST_LINES:
        last = lines[MOST_LINES - 1]
        lines = [*lines[: MOST_LINES - 1], last if last.endswith(MORE) else last + MORE]
    return lines


def _on_notify(self: App[object], event: Notify) -> None:
    """A notification whose line is too long is said in turns: its turns are raised at once,
    the first the newest (only the newest shows, ``beraad.tcss``), each lasting a turn
    (``turns_of``) longer than the one before, the last as long as the whole was to show, so
    nothing wraps."""
    _say(self, event.notification, self.size.width)
    self._refresh_notifications()


def turns_of(lines: int, timeout: float) -> list[tuple[int, float]]:
    """When each turn of a message said in ``lines`` lines ends: (the line it says, seconds
    from the start). The lines go round until the message was to go, in whole rounds of turns
    of about ``TURN`` seconds (never under ``SHORTEST_TURN``), so its start comes back soon:
    said once, a person who looked up after the first turn read only "…F8 for a new one and
    read that out.", the 30 s last line with no reason (naive s13b B7), or "Written to…"
    without the path (naive s13 N6). It ends when it always did: at ``timeout``, or after one
    round if that is longer."""
    turn = min(timeout, TURN)
    whole = max(timeout, turn * lines)
    rounds = math.ceil(whole / (turn * lines))
    rounds = max(1, min(rounds, math.floor(whole / (SHORTEST_TURN * lines))))
    each = whole / (rounds * lines)
    return [(at % lines, each * (at + 1)) for at in range(rounds * lines)]


def _say(app: App[object], notification: Notification, columns: int) -> None:
    width = columns - FRAME
    message = _message(notification)
    if width < 20 or message.cell_length <= width:  # one line, with its title if it fits
        app._notifications.add(notification)
        return
    lines = lines_of(message.plain, width)
    turns = turns_of(len(lines), notification.timeout)
    _in_turns(app)[notification.identity] = (notification, time.monotonic())
    for at in reversed(range(len(turns))):
        line, ends = turns[at]
        app._notifications.add(
            replace(
                notification,
                message=lines[line],
                title="",
                markup=False,
                timeout=ends,
                identity=notification.identity if at == 0 else f"{notification.identity}-{at}",
            )
        )


def _in_turns(app: App[object]) -> dict[str, tuple[Notification, float]]:
    """The notifications said in turns, whole, with when they were raised."""
    kept = app.__dict__.setdefault("_beraad_in_turns", {})
    return kept  # type: ignore[no-any-return]


_AGAIN = itertools.count(1)


def say_again(app: App[object], columns: int) -> None:
    """After a resize to ``columns``, what is still being said in turns is said again for the
    new width and the time it had left (its lines kept the old width's turns: naive s10
    finding 5)."""
    kept = _in_turns(app)
    now = time.monotonic()
    for identity, (notification, raised) in list(kept.items()):
        turns = f"{identity}-"
        showing = [
            n for n in app._notifications if n.identity == identity or n.identity.startswith(turns)
        ]
        del kept[identity]
        if not showing:
            continue
        for said in showing:
            app._unnotify(said, refresh=False)
        left = max(n.timeout for n in showing) - (now - raised)
        if left > 1:
            # Under a new identity: Textual keeps a toast whose identity is still notified, so
            # the old turn stayed on screen and took the message with it when it ran out
            # (naive s10b J). Still withdrawn with the first (``withdraw``: "identity-…").
            again = f"{identity}-again{next(_AGAIN)}"
            _say(app, replace(notification, timeout=left, identity=again), columns)
    app._refresh_notifications()


def withdraw(app: App[object], notification: Notification) -> None:
    """Take back a notification, every line of it: said in turns, its later lines are
    notifications of their own (``_on_notify``), and one left behind showed the end of a
    question already answered ("…te antwoorden.")."""
    turns = f"{notification.identity}-"
    for said in list(app._notifications):
        if said.identity == notification.identity or said.identity.startswith(turns):
            app._unnotify(said, refresh=False)
    app._refresh_notifications()


def _newest_only(rack: Widget, gone: Widget | None = None) -> None:
    """Only the newest toast shows (``beraad.tcss``); the one under it shows once it goes.
    Said here rather than by ``ToastHolder:last-child`` alone: Textual does not restyle the
    siblings of a widget it removes, so the next line of a message (or an older toast that had
    not run out) stayed hidden. ``gone``: the holder being removed."""
    holders = [h for h in rack.query_children(ToastHolder) if h is not gone]
    for at, holder in enumerate(holders):
        holder.display = at == len(holders) - 1


_show = ToastRack.show


def _show_newest(self: ToastRack, notifications: Notifications) -> None:
    _show(self, notifications)
    self.call_later(_newest_only, self)


def _expire(self: Toast) -> None:
    """The toast goes, and the one under it shows (at once: nothing here waits, so no key
    waits behind it)."""
    self.app._unnotify(self._notification, refresh=False)
    holder = self.parent if isinstance(self.parent, ToastHolder) else self
    rack = holder.parent
    if isinstance(rack, Widget):
        _newest_only(rack, gone=holder)
    holder.remove()


Toast.render = _one_line  # type: ignore[method-assign]
Toast._expire = _expire  # type: ignore[method-assign]
ToastRack.show = _show_newest  # type: ignore[method-assign]
App._on_notify = _on_notify  # type: ignore[method-assign]
