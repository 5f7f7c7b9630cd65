"""What every beraad screen shares: a help text for F1 and re-rendering in a new language.

Switching language recomposes each screen (every label is built with ``_()`` in ``compose``);
what the person already typed or chose in a form is carried across, so a switch loses nothing.
``LiveScreen`` is the dialog that follows one session as it happens (the meeting tools, the
shared facts, the world café).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.css.scalar import Scalar
from textual.geometry import Region
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    RadioButton,
    RadioSet,
    Select,
    Switch,
    TextArea,
)
from textual.widgets.select import InvalidSelectValueError

from beraad.core.state import SessionState
from beraad.i18n import N_, _
from beraad.ui.app_keys import KeyRouting
from beraad.ui.parts import in_place
from beraad.ui.screens.dimmed_below import DimmedRows, SeenThrough
from beraad.ui.widgets.free_text_box import FreeText
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.vote_grid import GridPlace, VoteGrid


@dataclass(frozen=True, slots=True)
class TreePlace:
    """A list's row under the cursor (-1: none chosen) and its scroll, kept across a
    language switch."""

    cursor: int
    scroll: float


def _form_values(root: Widget) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for widget in root.query("Input, Select, RadioSet, Checkbox, Switch, VoteGrid, ItemTree"):
        if not widget.id:
            continue
        if isinstance(widget, ItemTree):
            # the list's place: the row chosen and how far it is scrolled (naive s10 finding
            # 2: a Knots list at Knot 272 came back at Knot 0)
            values[widget.id] = TreePlace(widget.cursor_line, widget.scroll_y)
        elif isinstance(widget, VoteGrid):
            # a ballot's numbers typed and not cast, its cursor and scroll (attack s7ui 2)
            values[widget.id] = widget.place()
        elif isinstance(widget, RadioSet):
            values[widget.id] = widget.pressed_index
        elif isinstance(widget, Input | Select | Checkbox | Switch):
            values[widget.id] = widget.value
    return values


def _restore(root: Widget, values: dict[str, Any]) -> None:
    """Put back what :func:`_form_values` kept; what no longer fits is dropped, never raised.

    A Select's options may be filled only later (or the chosen option be gone): its old value is
    then simply not restored — a language switch must never crash on it.
    """
    # One walk of the screen for all of them: a query per id walked it each time (32 walks,
    # 0.19 s of a switch at 5,000 contributions).
    by_id: dict[str, Widget] = {}
    for node in root.walk_children(Widget):
        if node.id in values:
            by_id.setdefault(node.id, node)
    for widget_id, value in values.items():
        widget = by_id.get(widget_id)
        if widget is None:
            continue
        if isinstance(widget, ItemTree):
            if isinstance(value, TreePlace) and widget.last_line >= 0:
                if value.cursor >= 0:
                    widget.cursor_line = min(value.cursor, widget.last_line)
                widget.call_after_refresh(
                    widget.scroll_to, y=value.scroll, animate=False, immediate=True
                )
        elif isinstance(widget, VoteGrid):
            if isinstance(value, GridPlace):
                widget.put_back(value)
        elif isinstance(widget, RadioSet):
            buttons = list(widget.query(RadioButton))
            if isinstance(value, int) and 0 <= value < len(buttons):
                buttons[value].value = True
        elif isinstance(widget, Select):
            if value is not Select.NULL and value != widget.value:
                # not among its options (yet): the view chooses again
                with suppress(InvalidSelectValueError):
                    widget.value = value
        elif isinstance(widget, Input | Checkbox | Switch):
            widget.value = value


class Relabel:
    """Mixin for screens: ``HELP_TEXT`` (markdown, marked ``N_``) and ``relabel()``."""

    HELP_TEXT: ClassVar[str] = ""
    _relabelling: bool = False
    """A language switch is composing the screen anew (``recompose_anew``): its old parts are
    gone before the new ones are mounted. What runs later on the screen (a clock tick, a
    redraw) asks this and waits for the end of ``relabel``."""

    async def relabel(self: Any) -> None:
        values = _form_values(self)
        focused_id = self.focused.id if self.focused is not None else None
        await self.recompose_anew()
        _restore(self, values)
        if focused_id:
            found = self.query(f"#{focused_id}")
            if found:
                self.set_focus(found.first())

    async def recompose_anew(self: Any) -> None:
        """``recompose`` for a language switch, with ``_relabelling`` set while it runs."""
        self._relabelling = True
        try:
            await self.recompose()
        finally:
            self._relabelling = False


def say_full(screen: Screen[Any], event: FreeText.Full) -> None:
    """A box of free text on ``screen`` stops at its record's limit: said as one types, where
    nothing nearer (a phase view's line) said it."""
    event.stop()
    said = _("This box holds at most {n} characters: the rest is not typed.")
    screen.notify(said.format(n=event.limit), markup=False)


class BeraadScreen(SeenThrough, Relabel, Screen[None]):
    def on_free_text_full(self, event: FreeText.Full) -> None:
        say_full(self, event)


class BeraadModal(Relabel, ModalScreen[Any]):
    # A modal screen stops the app's own keys: F1 must still open this screen's help.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "app.help", N_("Help"), show=False)]

    def on_free_text_full(self, event: FreeText.Full) -> None:
        say_full(self, event)


#: The rows a ``GivesWay`` box's text has at most (its old height), and at least.
MAX_TEXT_ROWS = 16
MIN_TEXT_ROWS = 3
#: The rows of its own text such a box keeps in sight, giving way to what has the keys below
#: only beyond them; over a list it gives way to its chosen row first (naive s13 N4).
KEPT_TEXT_ROWS = 8

#: Keys that edit the words in a box: with a box like ``GivesWay`` open they act in the box
#: below, as they would with it shut (a slip mended while the box appeared is mended).
EDITING_KEYS = frozenset(
    {
        "backspace",
        "delete",
        "left",
        "right",
        "home",
        "end",
        "ctrl+u",
        "ctrl+w",
        "ctrl+k",
        "ctrl+a",
        "ctrl+e",
        "ctrl+left",
        "ctrl+right",
    }
)

#: Keys that move in a list: with a box like ``GivesWay`` open they act on the list below.
MOVING_KEYS = frozenset({"up", "down", "pageup", "pagedown"})


class GivesWay(DimmedRows):
    """A box shown over a screen the person may be typing in ("since last time", "while you
    were away"; by itself or with Ctrl+T): what is typed goes on in the box below, in order,
    and the box stays open to be read until Enter or Escape (naive s8b findings 8 and 16: a
    letter closed it as it opened, so a typist never saw it; asked for with Ctrl+T, a letter
    was lost). F2–F12 close it and act on the screen below. F1 still explains it.

    The screen below stays in sight around it, the part that has the keys uncovered
    (``fit``): the box covered the whole screen, so the letters typed went in blind
    (naive s10). Its ``.dialog`` holds one ``VerticalScroll`` that gives up rows. That screen
    is drawn dimmed a row at a time (``DimmedRows``): a key below costs what it costs without
    the box."""

    gives_way: bool = True
    #: Text was typed (or mended) in the box below while this one was open.
    _typed_below: bool = False

    def on_mount(self) -> None:
        self.add_class("gives-way")  # type: ignore[attr-defined]
        self.call_after_refresh(self.fit)  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)  # type: ignore[attr-defined]

    _fit_due = False

    def below_changed(self) -> None:
        """The screen below drew something (``SeenThrough``): fit again once, after it, as
        its page may have scrolled the chosen row up behind this box (a row key's question
        scrolled into sight under the list: naive s13 N4)."""
        if not self._fit_due:
            self._fit_due = True
            self.call_after_refresh(self._fit_again)  # type: ignore[attr-defined]

    def _fit_again(self) -> None:
        self._fit_due = False
        self.fit()

    def fit(self) -> None:
        """Leave the rows of what has the keys below in sight: the box goes above it (or
        below it, where it sits high), and its text scrolls in what room is left."""
        app = self.app  # type: ignore[attr-defined]
        if not in_place(self) or len(app.screen_stack) < 2:  # type: ignore[arg-type]
            return
        below = app.screen_stack[-2]
        keys = below.focused
        height = self.size.height  # type: ignore[attr-defined]
        row = False  # the keys are on a list's chosen row (and its question under it)
        if keys is None or not keys.region.area:  # none, or out of sight
            top, rows = True, height
        else:
            region = keys_region(keys)
            row = region != keys.region
            asked = asked_region(keys)
            if asked is not None:  # a row key's question: read before Enter does it
                region = region.union(asked)
            top = region.y >= height - region.bottom  # more room above it than under it
            rows = region.y if top else height - region.bottom
        self.styles.align_vertical = "top" if top else "bottom"  # type: ignore[attr-defined]
        dialog = self.query_one(".dialog")  # type: ignore[attr-defined]
        text = dialog.query_one(VerticalScroll)
        # What the box shows besides its text (border, title, hint) keeps its rows.
        around = dialog.outer_size.height - text.outer_size.height
        # Its own lines stay whole up to a few rows: with less room it covers rather than
        # show a count without what it counts (naive s10b finding D).
        needed = sum(child.outer_size.height for child in text.children)
        kept = min(needed, KEPT_TEXT_ROWS) if needed else MIN_TEXT_ROWS
        if row:
            # Over a list's chosen row the box gives up its own lines, not the row: a key
            # typed now acts on that row, and one acted on a row behind the box (naive s13
            # N4: `1` then Enter marked a group nobody could see; in Act `p` Enter pulled an
            # action with its question unread).
            kept = MIN_TEXT_ROWS
        room = max(MIN_TEXT_ROWS, kept, min(MAX_TEXT_ROWS, rows - around))
        if text.styles.max_height != Scalar.parse(str(room)):
            text.styles.max_height = room

    def on_key(self, event: events.Key) -> None:
        app = self.app  # type: ignore[attr-defined]
        if not self.gives_way or len(app.screen_stack) < 2:
            return
        below = app.screen_stack[-2]
        target = below.focused or below
        # Mending keys go below only to a text box: elsewhere they scroll this box, as before.
        editing = event.key in EDITING_KEYS and isinstance(target, (Input, TextArea))
        waiting = self._waits_for_enter(target, event) if event.key == "enter" else None
        if waiting is not None:
            event.stop()
            event.prevent_default()
            waiting()
            return
        # Arrows and pages on a list (or a grid) below move there, as with this box shut
        # (naive s10b finding B: Tab then ↓ chose no row); in a text box they scroll this box.
        moving = event.key in MOVING_KEYS and target is not below and not editing
        moving = moving and not isinstance(target, (Input, TextArea))
        if not (editing or goes_below(event)):
            if moving:
                event.stop()
                event.prevent_default()
                target._forward_event(KeyBelow(event.key, event.character, below))
                self.call_after_refresh(self.fit)
            return
        event.stop()
        event.prevent_default()
        self._typed_below = self._typed_below or event.is_printable or editing
        if event.is_printable:
            # As typed with this box shut: a list's own keys act there (``KeyBelow``), and the
            # next key waits until this one has acted (a letter on a list moves the keys to
            # the box: the next one went to the list and was lost, naive s10).
            target._forward_event(KeyBelow(event.key, event.character, below))
            if isinstance(app, KeyRouting):
                app.wait_for(target)
            self.call_after_refresh(self.fit)
            return
        if editing:
            # The box's own binding (its Backspace), in its queue behind the letters before
            # it: Textual looks bindings up on the screen in front, which has none for it.
            for binding in target._bindings.key_to_bindings.get(event.key, ()):
                target.call_later(target.run_action, binding.action)
                break
            return
        self.dismiss(None)  # type: ignore[attr-defined]
        target._forward_event(events.Key(event.key, event.character))

    def on_paste(self, event: events.Paste) -> None:
        """A paste goes on below like typing: it was lost, the box below left empty and this
        one open, though it says typing goes on underneath (naive s13 N13)."""
        app = self.app  # type: ignore[attr-defined]
        if not self.gives_way or len(app.screen_stack) < 2:
            return
        event.stop()
        event.prevent_default()
        below = app.screen_stack[-2]
        target = below.focused or below
        self._typed_below = self._typed_below or isinstance(target, (Input, TextArea))
        target._forward_event(events.Paste(event.text))
        self.call_after_refresh(self.fit)

    def _waits_for_enter(self, target: Widget, enter: events.Key) -> Callable[[], object] | None:
        """What waits below for an Enter typed over this box, done there as with the box
        shut (one rule; Enter only closed the box, and what waited stayed undone): words
        typed below are sent and the box closes, read (the next words were glued onto them
        and signed as one note: naive s12 P4, "Fijne sfeerMeer jongeren"); a row key's
        proposal (``phases/proposal.py``) is done and the box stays, as for the key alone.
        None: nothing waits, and Enter closes the box."""
        if self._typed_below and isinstance(target, (Input, TextArea)):

            def send() -> None:
                self.dismiss(None)  # type: ignore[attr-defined]
                target._forward_event(events.Key(enter.key, enter.character))

            return send
        proposing = proposing_view(target)
        if proposing is not None:
            return partial(proposing.call_later, proposing.run_action, "carry_out")
        return None


def proposing_view(widget: Widget) -> Widget | None:
    """The view around ``widget`` whose row key waits for Enter (its ``carry_out`` may be
    taken now), if one does."""
    for node in widget.ancestors_with_self:
        for binding in node._bindings.key_to_bindings.get("enter", ()):
            if binding.action == "carry_out" and node.check_action("carry_out", ()):
                return node  # type: ignore[return-value]
    return None


def keys_region(widget: Widget) -> Region:
    """Where the keys are in ``widget``: in a list, its chosen row (its first while none is),
    not the whole list: a box over it gave up its own lines to leave a tall list in sight.
    A table's row lies under its header (the table map's groups: the whole table counted,
    and the box covered the chosen group, naive s13 N4)."""
    region = widget.region
    if isinstance(widget, DataTable) and widget.row_count:
        header = widget.header_height if widget.show_header else 0
        y = region.y + header + widget.cursor_row - int(widget.scroll_offset.y)
        return Region(region.x, y, region.width, 1).intersection(region) or region
    line = getattr(widget, "cursor_line", None)
    if not isinstance(line, int) or isinstance(widget, (Input, TextArea)):
        return region
    row = Region(region.x, region.y + max(line, 0) - int(widget.scroll_offset.y), region.width, 1)
    return row.intersection(region) or region


def asked_region(widget: Widget) -> Region | None:
    """Where the question a row key asks is shown (under the list of ``widget``), while it
    waits for Enter; None when none does (``PhaseView.asked_line``)."""
    for node in widget.ancestors:
        asked = getattr(node, "asked_line", None)
        if callable(asked):
            line = asked()
            return line.region if line is not None and line.region.area else None
    return None


class KeyBelow(events.Key):
    """A key a ``GivesWay`` box sends on to the screen below it: the bindings of that screen
    (a list's `1`, `m`) act on it, not the box's (``KeyRouting.on_key``)."""

    def __init__(self, key: str, character: str | None, below: Screen[Any]) -> None:
        super().__init__(key, character)
        self.below = below


KeyBelow.handler_name = "on_key"  # a key to every handler, named after its class otherwise


def goes_below(event: events.Key) -> bool:
    """A key such a box does not use, meant for the screen below: text, and F2 to F12."""
    number = event.key[1:]
    return event.is_printable or (
        event.key.startswith("f") and number.isdigit() and 2 <= int(number) <= 12
    )


#: Seconds to gather a burst of arriving records into one redraw.
REDRAW_DELAY = 0.05


class LiveScreen(BeraadModal):
    """A dialog on one session that follows the node: what anyone writes shows at once.

    It subscribes to the node while mounted, gathers a burst of records into one redraw,
    re-reads the state and calls ``draw()``; a subclass draws in ``draw()`` and puts the keys
    where its dialog wants them in ``arrive()``. With ``TICKS`` its ``_tick()`` runs every second
    (a timer on screen). Subclasses define no ``on_mount``/``on_unmount`` of their own: Textual
    calls the handler of every class, so this one's order would no longer be the only one.
    """

    TICKS: ClassVar[bool] = False

    class Changed(Message):
        """Something happened in the node for this session (posted from any thread)."""

    def __init__(self, node: Any, session: str) -> None:
        super().__init__()
        self.node = node
        self.session = session
        self.me: str = node.identity.public_key
        self.state: SessionState = node.state(session)
        self._redraw_pending = False
        self._unsubscribe: Callable[[], None] | None = None

    def on_mount(self) -> None:
        self._unsubscribe = self.node.subscribe(self._node_event)
        if self.TICKS:
            self.set_interval(1.0, self._ticked)
        self.redraw()
        self.arrive()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def arrive(self) -> None:
        """Right after the first draw: put the focus where the dialog is for."""

    def _ticked(self) -> None:
        """The timer's call: it may tick once more while the screen is taken apart (its
        children go first), or while a language switch composes it anew (its old parts are
        removed before the new ones are mounted), and then there is nothing to move."""
        if in_place(self) and not self._relabelling:
            self._tick()

    def _tick(self) -> None:
        """Every second while ``TICKS``: what moves with the clock."""

    async def relabel(self) -> None:
        await super().relabel()
        self.recomposed()
        self.redraw()

    def recomposed(self) -> None:
        """The widgets were composed anew (a language switch): forget what the old ones held."""

    def _node_event(self, event: object) -> None:
        """The node's callback (any thread): redraw soon if it concerns this session."""
        if getattr(event, "session", self.session) == self.session:
            self.post_message(self.Changed())

    @on(Changed)
    def _changed(self) -> None:
        if not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(REDRAW_DELAY, self.redraw)

    def redraw(self) -> None:
        self._redraw_pending = False
        if not in_place(self) or self._relabelling:  # closing, or composed anew: relabel
            return  # draws once the new parts are there
        self.state = self.node.state(self.session)
        self.draw()
        self.refresh_bindings()  # who may do what follows the state (a handover)

    def draw(self) -> None:
        """Show ``self.state`` (just read from the node)."""

    @work(group="live")
    async def contribute(self, kind: str, body: dict[str, Any]) -> None:
        """Sign and share one record; a refusal is shown in the person's words."""
        try:
            await self.node.contribute(self.session, kind, body)
        except Exception as problem:  # NodeError, a full disk: say it, lose nothing
            self.notify(
                str(problem), title=_("Not done"), severity="error", timeout=10, markup=False
            )
        self.redraw()
