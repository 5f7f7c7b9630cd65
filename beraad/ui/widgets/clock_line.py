"""A line under "who is here" about clocks that differ: whose is off, by how much and what it
does, and what waits here for its time (``beraad/clock_words.py``). Hidden when all agree.

On the screen where people look, not in a toast: it stays as long as the clocks differ (a
laptop 2 minutes fast shows its person's words at once, while every other screen holds them).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from beraad.clock_words import clocks_said, held_said
from beraad.core.state import SessionState
from beraad.ui.widgets.unchanged import update


class ClockLine(Static):
    DEFAULT_CSS = """
    ClockLine { height: auto; padding: 0 1; color: $warning; }
    """

    def show(self, state: SessionState, peers: list[Any], held: dict[str, Any]) -> None:
        called = {p.peer: p.name for p in peers}

        def name(key: str) -> str:
            return state.name(key) if key in state.members else called.get(key, key[:8])

        text = " ".join([*clocks_said(peers, name), *held_said(held, name)])
        update(self, Text(text))  # names as written: a name like "[/]" is not markup
        self.display = bool(text)
