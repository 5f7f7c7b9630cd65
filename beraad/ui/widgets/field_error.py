"""An inline message under a form field: says what is wrong right where the person looks."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class FieldError(Static):
    DEFAULT_CSS = """
    FieldError { color: $text-error; text-style: bold; height: auto; display: none; }
    FieldError.-shown { display: block; }
    """

    message: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The message may quote a peer or the node (a path, a name): words, never markup.
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def show(self, message: str) -> None:
        self.message = message
        self.update(message)
        self.add_class("-shown")

    def clear(self) -> None:
        self.message = ""
        self.update("")
        self.remove_class("-shown")
