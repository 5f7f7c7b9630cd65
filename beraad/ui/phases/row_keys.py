"""A row key proposes; Enter does it: the half of ``PhaseView`` that asks before a letter on
a chosen row acts (docs/focus.md, ``proposal.py`` for the words). Split from ``base.py``,
which had reached 800 lines."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.actions import parse as parse_action
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, TextArea

from beraad.i18n import _
from beraad.ui.phases.proposal import Proposal, chosen_row, row_name
from beraad.ui.widgets.composer import focus_now
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.vote_notice import Notice


def is_typing(widget: Widget | None) -> bool:
    """Does ``widget`` (the focused one) take printable keys as text?"""
    return isinstance(widget, Input | TextArea)


class RowKeys:
    """Mixed into ``PhaseView``: a row key on a chosen row proposes, Enter does it."""

    row_actions: ClassVar[frozenset[str]]
    proposes_on_a_row: ClassVar[frozenset[str]]
    _proposal: Proposal | None
    screen: Any
    app: Any
    refresh_bindings: Any
    text_box: Any
    say: Any
    _writes_here: Any
    _write_where_the_group_is: Any
    _keep_here: Any
    _nothing_to_type: Any

    def _row_binding(self, key: str, focused: Widget) -> tuple[DOMNode, Binding] | None:
        """The binding ``key`` would fire on the chosen row now, if it is a row key (one of
        ``row_actions`` of the view, or of a part of it: the table map's)."""
        for node in focused.ancestors_with_self:
            for binding in node._bindings.key_to_bindings.get(key, []):
                _namespace, action, parameters = parse_action(binding.action)
                if node.check_action(action, parameters):
                    rows = (
                        self.row_actions | self.proposes_on_a_row
                        if node is self
                        else getattr(node, "row_actions", ())
                    )
                    return (node, binding) if action in rows else None
            if node is self:
                break
        return None

    def _box_key(self, key: str, focused: Widget) -> tuple[DOMNode, Binding] | None:
        """The binding of a key that needs no row and opens a box of its own (Positions'
        `n`, `k`: a general note), pressed in a list with no row chosen, where it may act:
        it proposes as on a row. Acting at once, it ate the first letter of a sentence and
        opened a box for the rest: "nieuwe bankjes" typed in Positions, looked at with the
        group deciding, was signed as the note "ieuwe bankjes" (naive s17 F2)."""
        if not isinstance(focused, ItemTree) or focused.current is not None:
            return None
        for binding in self._bindings.key_to_bindings.get(key, []):  # type: ignore[attr-defined]
            _namespace, action, parameters = parse_action(binding.action)
            if action in self.proposes_on_a_row and self.check_action(action, parameters):  # type: ignore[attr-defined]
                return self, binding
        return None

    def _row_key_proposes(self, event: events.Key, focused: Widget | None) -> bool:
        """A row key on a chosen row signs nothing and opens nothing: it says, under the
        list, what it would do to which row, and Enter does it (naive s11 F8, s11b N10:
        "prima" typed there pulled the action and took it back with "ima" as the reason).
        So does a key that opens a box with no row chosen (``_box_key``)."""
        if (
            focused is None
            or is_typing(focused)
            or self not in focused.ancestors
            or event.key in focused._bindings.key_to_bindings  # the list's own (space)
        ):
            return False
        row = chosen_row(focused)
        found = (
            self._row_binding(event.key, focused)
            if row is not None
            else self._box_key(event.key, focused)
        )
        if found is None:
            return False
        event.stop()
        event.prevent_default()
        node, binding = found
        self._proposal = Proposal(node, binding.action, event.key, focused, row, event.character)
        name = row_name(focused, getattr(self.screen, "state", None))
        line = self._proposal_line(focused)
        _namespace, action, parameters = parse_action(binding.action)
        refuses = getattr(node, "refuses", None)
        why = refuses(action, parameters) if callable(refuses) else None
        if why:
            # Said before Enter, not after it (naive s17 F8: "Rename “Residents”? Enter does
            # it" and Enter then refused: only who added it, or the facilitator, renames it).
            words = _("{why} Typing goes to the box.").format(why=why)
        else:
            asked = self.asks(action, parameters, name) if node is self else None
            words = self._proposal.question(name, _(binding.description), asked)
        if line is not None:
            line.inform(words)
            line.call_after_refresh(line.scroll_visible, animate=False)
        self.refresh_bindings()
        return True

    def asks(self, action: str, parameters: tuple[object, ...], row: str) -> str | None:
        """The question a row key asks, where this view's state says more than its row's
        name (a link's two knots, a mark one has already): None takes ``QUESTIONS``'."""
        return None

    def asked_line(self) -> Notice | None:
        """The line asking a row key's question, while it waits for Enter (a box over the
        view leaves it uncovered with the row: ``GivesWay.fit``)."""
        proposal = self._proposal
        if proposal is None or not proposal.on.is_attached:
            return None
        return self._proposal_line(proposal.on)

    def _proposal_line(self, focused: Widget) -> Notice | None:
        """The notice line nearest the list (the table map's own in the opening)."""
        for node in focused.ancestors:
            notices = node.query(Notice)
            if notices:
                return notices.first()
            if node is self:
                break
        return None

    def _drop_proposal(self) -> None:
        """The proposal goes, nothing written; its line with it."""
        proposal, self._proposal = self._proposal, None
        if proposal is None:
            return
        line = self._proposal_line(proposal.on) if proposal.on.is_attached else None
        if line is not None and line.has_class("-info"):
            line.clear()
        self.refresh_bindings()

    def _answer_proposal(self, event: events.Key, focused: Widget | None) -> bool:
        """A key after a row key's proposal: Escape takes it back; an arrow, another row or
        a key elsewhere lets it go (and acts); the same letter again keeps it; any other
        printable key makes the letters typed since the proposal text for the box, in
        order, and the rest of the word follows them there ("prima" lands whole). Handled?"""
        proposal = self._proposal
        assert proposal is not None
        if focused is not proposal.on or chosen_row(focused) != proposal.row:
            self._drop_proposal()
            return False
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self._drop_proposal()
            return True
        if not event.is_printable or not event.character:
            self._drop_proposal()
            return False
        event.stop()
        event.prevent_default()
        if event.key == proposal.key and proposal.typed == event.character * len(proposal.typed):
            proposal.typed += event.character  # "pp": still the one proposal, no toggling
            return True
        typed = proposal.typed + event.character
        self._drop_proposal()
        box = self.text_box()
        if not self._writes_here() and self._write_where_the_group_is(typed):
            return True
        if not isinstance(box, Input) or not self._writes_here():
            if not self._keep_here(typed):
                self._nothing_to_type()
            return True
        focus_now(box)
        box.insert_text_at_cursor(typed)
        return True

    async def action_carry_out(self) -> None:
        """Enter after a row key: what it proposed, on the row it named; opening its box as
        the letter alone did before."""
        proposal = self._proposal
        if proposal is None:
            return
        self._drop_proposal()
        focused = self.screen.focused
        here = focused is proposal.on and chosen_row(focused) == proposal.row
        if here and await self.app.run_action(proposal.action, proposal.node):
            return
        self.say(_("Not done: that key does not act on the chosen line now."))
