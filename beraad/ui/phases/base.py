"""The contract between the session screen and the phase views."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.containers import Vertical
from textual.message import Message

from beraad.core.state import SessionState


class PhaseView(Vertical):
    """A phase of the deliberation, drawn from the state and contributing through messages.

    Subclasses set ``phase`` (a name from ``beraad.core.session.PHASES``) and implement
    ``show``. ``show`` is called after every change to the state, also while the person is
    typing: it must update lists and tables in place and never clear or move the focus away
    from an input the person is using.
    """

    phase: ClassVar[str] = ""

    class Contribute(Message):
        """Ask the session screen to sign and share a record of ours."""

        def __init__(self, kind: str, body: dict[str, Any]) -> None:
            super().__init__()
            self.kind = kind
            self.body = body

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    def show(self, state: SessionState, me: str) -> None:
        """Draw ``state``; ``me`` is this person's public key (hex)."""
        raise NotImplementedError

    def contribute(self, kind: str, body: dict[str, Any]) -> None:
        self.post_message(self.Contribute(kind, body))
