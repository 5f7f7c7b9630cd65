"""Plain data the lobby widgets show. The app fills them from the node; widgets only display.

Keeping the widgets on these small dataclasses (not on the node's own types) lets them be built,
tested and snapshotted without a network, and keeps the translation from node to screen in one
place (``beraad.ui.bridge``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NearbyItem:
    """A deliberation someone advertises on this network."""

    session: str
    title: str | None
    where: str
    """``host:port`` to reach it."""
    members: int | None = None
    private: int = 1
    """How many private deliberations at ``where`` this one row stands for (``nearby_items``)."""


@dataclass(frozen=True, slots=True)
class MySession:
    """A deliberation this person belongs to."""

    session: str
    title: str
    focus: str = ""
    phase: str = ""
    members: int = 1
    left_at: int | None = None
    """When this person last left it (ms since the epoch); the latest is offered to continue."""
    between_meetings: bool = False
    """A meeting ended and the next is not open: the lobby says so, not the phase."""


@dataclass(frozen=True, slots=True)
class InvitationView:
    """What the join-code screen shows: the code, for which deliberation, until when."""

    code: str
    title: str
    expires_at: int | None = None
    """Milliseconds since the epoch, or None when the code does not expire."""
    addresses: tuple[str, ...] | None = None
    """``host:port`` at which other computers reach this node: where peers are not found by
    themselves (no multicast, ``--no-discovery``) the joiner types one. ``()``: the node listens
    but this machine has no address another computer can reach; None: it does not listen."""
    session: str = ""
    """The deliberation, so the screen can show who has joined while it is open."""
    role: str = "member"
    """"guest": whoever joins with this code may only add evaluation notes."""
    guests: bool = True
    """Can the session admit guests at all (not one opened before guests existed)?"""


@dataclass(frozen=True, slots=True)
class NewSession:
    """What the start form collected: the arguments of ``Node.create_session``."""

    title: str
    focus: str
    scenario: str
    language: str
    process_rule: str
    decision_rule: str
