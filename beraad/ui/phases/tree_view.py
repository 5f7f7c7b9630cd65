"""What the knots and positions views share: a tree of items with an input below it.

Both let a person edit or take back their own words. The composer empties its box on Enter
(the text is on its way, ``widgets/composer.py``); a refusal gives the words back if the box
is still empty, else quotes them in the refusal: this keeps those rules in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input

from beraad.core import session as bodies
from beraad.core.kinds import KINDS
from beraad.core.state import Item, SessionState
from beraad.i18n import _
from beraad.ui.parts import in_place, part
from beraad.ui.phases.base import UNCHANGED, PhaseView
from beraad.ui.widgets.composer import Composer, Sent, with_text
from beraad.ui.widgets.item_tree import ItemTree, Row, RowCache
from beraad.ui.widgets.unchanged import FixedPane
from beraad.ui.widgets.vote_notice import Notice


def allowed(state: SessionState, kind: str) -> bool:
    """May a member write ``kind`` in the group's current phase (kinds.py's table)?"""
    spec = KINDS.get(kind)
    return spec is not None and state.phase in spec.phases


def answers(kind: str, body: dict[str, Any], asked: tuple[str, dict[str, Any], Sent]) -> bool:
    """Is the node's answer about ``kind``/``body`` the one for what was ``asked``? The body
    comes back with what the screen added (the speaker, cited facts)."""
    return kind == asked[0] and all(body.get(k) == v for k, v in asked[1].items())


#: The row's keys line in the detail, within 80 columns.
ROW_KEYS_WIDTH = 76
#: Lines the detail under the list takes at least, and rows the list keeps when it grows.
DETAIL_LINES = 3
LIST_KEEPS = 4


def fit_detail(view: Widget, pane: FixedPane, detail: Text) -> None:
    """The chosen row's detail in as many lines as it takes, so its whole text is read under
    the list: three, it showed the keys and one line of a pasted paragraph, the rest nowhere
    (naive s13 N5). It grows into the list, which keeps ``LIST_KEEPS`` rows; what is longer
    still ends its last line with "…". Laid out again only when its height changes."""
    width = pane.content_size.width
    if width > 0 and view.size.height > 0:
        others = sum(
            child.outer_size.height
            for child in view.children
            if child is not pane and child.display and not isinstance(child, ItemTree)
        )
        most = max(DETAIL_LINES, view.size.height - others - LIST_KEEPS)
        lines = detail.wrap(pane.app.console, width)
        if len(lines) > most:
            lines = lines[:most]
            last = lines[-1]
            last.truncate(width - 1)
            last.append("…")
        detail = Text("\n").join(lines)
        height = max(DETAIL_LINES, len(lines))
        if pane.styles.height is None or pane.styles.height.value != height:
            pane.styles.height = height
    pane.show_text(detail)


class TreeView(PhaseView):
    """A phase drawn as an ``ItemTree`` with a ``Composer`` for writing."""

    row_keys_order: ClassVar[tuple[str, ...]] = ()
    """The row's actions its detail names (``row_keys``), the most used first: those the
    footer has no room for."""

    _asked: list[tuple[str, dict[str, Any], Sent]]
    adds: ClassVar[str] = ""
    """The record the box writes (``knot.add``): the box shows while the group's phase takes
    it (``show``)."""

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.state: SessionState | None = None
        self.me = ""
        self.row_cache = RowCache()
        self._drawn: tuple[SessionState, int, object] | None = None
        """The state last drawn, how many records it had folded then, and what else the
        rows were drawn for (``records_since``)."""
        self.rows_walked = 0
        """Rows of items looked at to draw the list (tests count: a record walks its rows)."""
        self._chosen_for: object = None
        """What the row chosen was chosen for (``let_go_of_an_old_row``)."""

    def tree_and_box(
        self, prompt: str, mode: str, *, input_id: str, placeholder: str
    ) -> ComposeResult:
        """The list, the chosen row's detail under it, the box and its notice; their ids
        named after the phase (``knots-tree``)."""
        yield ItemTree(id=f"{self.phase}-tree")
        yield FixedPane(id=f"{self.phase}-detail")
        yield Composer(
            prompt, mode, input_id=input_id, placeholder=placeholder, id=f"{self.phase}-composer"
        )
        yield Notice(id=f"{self.phase}-notice")

    # Drawing --------------------------------------------------------------------------------

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        self.tree.rows(self.rows(state, me))
        self.tree.relabel(self.row_cache.relabelled)
        self.let_go_of_an_old_row(self.row_lasts(state))
        composer = self.composer
        # It shows while it holds words a move left unsent (naive s7 finding 2: the box hid
        # with them, and the toast promised Enter would send them), and while it edits.
        writing = composer.mode != composer.default_mode
        composer.display = writing or self.holds_words() or allowed(state, self.adds)
        self._detail()
        self.refresh_bindings()

    def row_lasts(self, state: SessionState) -> object:
        """What a row chosen for the box lasts for (None: as long as the person keeps it)."""
        return None

    def let_go_of_an_old_row(self, now: object) -> None:
        """A row chosen for what the box targets (a knot, a decision) before ``now`` came (a
        new meeting, a new decision) is let go of, unless the list has the keys: the box
        names what it serves anew. Kept, meeting 2's actions were signed under meeting 1's
        decision, and its positions under meeting 1's knot (naive s19 G2)."""
        chosen_for, self._chosen_for = self._chosen_for, now
        if now is None or chosen_for is None or chosen_for == now or self.tree.current is None:
            return
        if not self.is_attached or self.screen.focused is not self.tree:
            self.tree.let_go()

    def rows(self, state: SessionState, me: str) -> list[Row]:
        """The list's rows for ``state`` as ``me`` sees them: each view its own."""
        raise NotImplementedError

    def records_since(self, state: SessionState, context: object) -> list[Any] | None:
        """The records folded into ``state`` since the list was last drawn from it for the
        same ``context``, and notes this drawing; None when that cannot be known (another
        state, after a refold; another context; too many since): walk every row."""
        drawn, self._drawn = self._drawn, (state, state.applied.count, context)
        if drawn is None or drawn[0] is not state or drawn[2] != context:
            return None
        return state.applied.since(drawn[1])

    def label_now(self, make: Callable[..., Text], item: Item, *extra: object) -> Text:
        """``make(state, item, me, *extra)`` with the state shown when the label is made (its
        line drawn): a kept row's label reads the names of now, also after a refold."""
        assert self.state is not None  # rows are made by ``show``, which sets it
        return make(self.state, item, self.me, *extra)

    def _detail(self) -> None:
        """What the chosen row says under the list: each view its own."""

    def send(self, event: Composer.Written, kind: str, body: dict[str, Any]) -> None:
        """Contribute what the composer sent; remembered until the node answers."""
        if not self.sends_now(kind):
            # Not asked of the node: its refusal named the record ("adding an option"); the
            # words stay in the box (naive s7 findings 2, 6).
            self.give_back(event.sent, self.unsent_line(self.state.phase))
            return
        if not hasattr(self, "_asked"):
            self._asked = []
        self._asked.append((kind, body, event.sent))
        self.contribute(kind, body)

    def give_back(self, sent: Sent, message: str) -> None:
        """Refused before it went (or by the node): the words back in the box if it is still
        empty, else quoted in the refusal; never lost, never over what was typed since."""
        if self.composer.give_back(sent):
            self.query_one(Notice).refused(message)  # under the words it is about
        else:
            self.query_one(Notice).refused(with_text(message, sent.text))

    def _take_asked(self, kind: str, body: dict[str, Any]) -> Sent | None:
        for at, asked in enumerate(getattr(self, "_asked", [])):
            if answers(kind, body, asked):
                return self._asked.pop(at)[2]
        return None

    @on(ItemTree.NodeHighlighted)
    def _highlighted(self) -> None:
        """The row under the cursor changed: what follows it (``_moved``), unless the view is
        being taken apart. A language switch recomposes the screen, and a highlight posted
        before reached the view after its parts were gone: NoMatches('Composer') took the app
        down (263b4d2). The message sits in the old view's queue, so no flag of the screen's
        can hold it back; the view itself knows it is going (``in_place``)."""
        if in_place(self):
            self._moved()

    def added(self, record: str) -> None:
        """One's own new item is brought into sight in the list when its row comes."""
        self.tree.bring_into_sight(record)

    def _moved(self) -> None:
        """What follows the row under the cursor: each view its own."""

    def row_keys(self) -> str:
        """The list's keys that act on the chosen row now and have no room in the footer,
        one line (only while the list has the keys: in the box they are text)."""
        if not self.is_attached or self.screen.focused is not self.tree:
            return ""
        order = self.row_keys_order
        said: dict[str, tuple[int, str]] = {}
        for key, bindings in self._bindings.key_to_bindings.items():
            for binding in bindings:
                name = binding.action.split("(")[0]
                if name not in order or not binding.description or key in said:
                    continue
                if self.row_key_said(name):
                    said[key] = (order.index(name), f"{key} {_(binding.description)}")
        # Whole, over a second line where one is too short: cut, "c Pick for a …" hid what
        # c does (naive s9 finding 13)
        lines = [_("A key, then Enter:")] if said else [""]
        for _at, text in sorted(said.values(), key=lambda s: s[0]):
            joined = f"{lines[-1]} · {text}" if lines[-1] else text
            if lines[-1].endswith(":"):
                joined = f"{lines[-1]} {text}"
            if len(joined) <= ROW_KEYS_WIDTH or not lines[-1]:
                lines[-1] = joined
            else:
                lines.append(text)
        return "\n".join(lines)

    def row_key_said(self, action: str) -> bool:
        """Does the row's keys line name ``action`` now (it acts on the chosen row)?"""
        return bool(self.check_action(action, ()))

    @property
    def tree(self) -> ItemTree:
        return self.query_one(ItemTree)

    @property
    def composer(self) -> Composer:
        return self.query_one(Composer)

    def start_edit(self, item: Item | None) -> None:
        if item is None:
            self.notify(_("You can only edit your own words."), severity="warning")
            return
        self.composer.display = True
        self.composer.start("edit", _("Edit:"), target=item.id, text=item.text)
        self._edit_from = (item.id, item.text)

    def start_retract(self, target: str | None) -> None:
        if target is None:
            self.notify(_("You can only take back your own words."), severity="warning")
            return
        self.composer.display = True
        self.composer.start(
            "retract",
            _("Take back — why? (optional)"),
            target=target,
            allow_empty=True,
            placeholder=_("Enter takes it back; Escape keeps it"),
        )

    def write_edit_or_retract(self, event: Composer.Written) -> bool:
        """Contribute an edit or a retraction; False when ``event`` is neither."""
        if event.mode == "edit":
            if (event.target, event.text) == getattr(self, "_edit_from", None):
                self.query_one(Notice).inform(_(UNCHANGED))  # nothing signed
                return True
            self.send(event, "edit", bodies.edit_body(event.target, event.text))
        elif event.mode == "retract":
            self.send(event, "retract", bodies.retract_body(event.target, event.text))
        else:
            return False
        return True

    def finish_writing(self, kind: str, body: dict[str, Any], error: str | None) -> bool:
        """After the node answered: True if it took what was written in the box. A refusal
        gives the words back (``give_back``). After an edit, a reason or a take-back the box
        keeps the keys, as after every Enter (docs/focus.md): sent back to the list, the next
        words fired its letters; the row stays chosen, Shift+Tab is the list on it."""
        sent = self._take_asked(kind, body)
        if error is not None:
            if sent is not None:
                self.give_back(sent, error)
            else:
                self.query_one(Notice).refused(error)
            return False
        self.query_one(Notice).clear()
        return sent is not None

    def text_box(self) -> Widget | None:
        """The view's box, or None while the view is mounted but not yet composed (views
        mount in the background: asked then, ``composer`` raised NoMatches)."""
        composer = part(self, Composer)
        return None if composer is None else part(composer, Input)


class DetailFollowsTheRow:
    """A ``TreeView`` whose detail under the list names the chosen row's keys (knots,
    positions): it is said again when the row moves and when the list gets or loses the keys,
    which it shows only while the list has them."""

    _detail: Any
    refresh_bindings: Any

    def _moved(self) -> None:
        """The row under the cursor changed (``TreeView._highlighted``): its keys and
        details follow."""
        self._detail()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        super().on_descendant_focus()  # type: ignore[misc]
        self._detail()  # the row's keys show only while the list has them

    def on_descendant_blur(self) -> None:
        super().on_descendant_blur()  # type: ignore[misc]
        self._detail()

    def on_resize(self) -> None:
        self._detail()  # its lines follow the width and the room (``fit_detail``)
