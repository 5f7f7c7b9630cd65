"""What every beraad screen shares: a help text for F1 and re-rendering in a new language.

Switching language recomposes each screen (every label is built with ``_()`` in ``compose``);
what the person already typed or chose in a form is carried across, so a switch loses nothing.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, Switch
from textual.widgets.select import InvalidSelectValueError

from beraad.i18n import N_


def _form_values(root: Widget) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for widget in root.query("Input, Select, RadioSet, Checkbox, Switch"):
        if not widget.id:
            continue
        if isinstance(widget, RadioSet):
            values[widget.id] = widget.pressed_index
        elif isinstance(widget, Input | Select | Checkbox | Switch):
            values[widget.id] = widget.value
    return values


def _restore(root: Widget, values: dict[str, Any]) -> None:
    """Put back what :func:`_form_values` kept; what no longer fits is dropped, never raised.

    A Select's options may be filled only later (or the chosen option be gone): its old value is
    then simply not restored — a language switch must never crash on it.
    """
    for widget_id, value in values.items():
        found = root.query(f"#{widget_id}")
        if not found:
            continue
        widget = found.first()
        if isinstance(widget, RadioSet):
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

    async def relabel(self: Any) -> None:
        values = _form_values(self)
        focused_id = self.focused.id if self.focused is not None else None
        await self.recompose()
        _restore(self, values)
        if focused_id:
            found = self.query(f"#{focused_id}")
            if found:
                self.set_focus(found.first())


class BeraadScreen(Relabel, Screen[None]):
    pass


class BeraadModal(Relabel, ModalScreen[Any]):
    # A modal screen stops the app's own keys: F1 must still open this screen's help.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "app.help", N_("Help"), show=False)]
