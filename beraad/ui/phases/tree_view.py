"""What the knots and positions views share: a tree of items with an input below it.

Both let a person edit or take back their own words and clear the input only once the node
accepted what was written; this keeps those rules in one place.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from beraad.core import session as bodies
from beraad.core.state import Item
from beraad.i18n import _
from beraad.ui.phases.base import PhaseView
from beraad.ui.widgets.composer import Composer, focus_now
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.vote_notice import Notice


def written_here(composer: Composer, kind: str, body: dict[str, Any]) -> bool:
    """Did this contribution come from what the composer still holds? Then it may be cleared."""
    if kind == "retract":
        return composer.mode == "retract" and composer.target == body.get("target")
    text = body.get("label", body.get("text"))
    return isinstance(text, str) and composer.value.strip() == text


class TreeView(PhaseView):
    """A phase drawn as an ``ItemTree`` with a ``Composer`` for writing."""

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
            self.contribute("edit", bodies.edit_body(event.target, event.text))
        elif event.mode == "retract":
            self.contribute("retract", bodies.retract_body(event.target, event.text))
        else:
            return False
        return True

    def finish_writing(self, kind: str, body: dict[str, Any], error: str | None) -> bool:
        """After the node answered: clear the input if it accepted what was typed there."""
        if error is not None:
            self.query_one(Notice).refused(error)  # here, under what was typed; kept there
            return False
        self.query_one(Notice).clear()
        if not written_here(self.composer, kind, body):
            return False
        was_default = self.composer.mode == self.composer.default_mode
        self.composer.reset()
        if not was_default:
            focus_now(self.tree)
        return True

    def text_box(self) -> Widget | None:
        return self.composer.input
