"""Messages the app sends down to its screens, named for what already happened."""

from __future__ import annotations

from textual.message import Message

from beraad.ui.models import MySession, NearbyItem


class NearbyChanged(Message):
    """The deliberations seen on this network changed; ``items`` is the whole new list."""

    def __init__(self, items: list[NearbyItem]) -> None:
        super().__init__()
        self.items = items


class MySessionsChanged(Message):
    """The deliberations this person belongs to changed; ``items`` is the whole new list."""

    def __init__(self, items: list[MySession]) -> None:
        super().__init__()
        self.items = items


class NetworkChanged(Message):
    """The node started, failed or stopped; ``status`` is a sentence for the person."""

    def __init__(self, online: bool, status: str, held_elsewhere: str = "") -> None:
        super().__init__()
        self.online = online
        self.status = status
        self.held_elsewhere = held_elsewhere
        """Why this person's deliberations cannot be shown (another beraad holds the data
        dir), or "" when that is not the reason."""
