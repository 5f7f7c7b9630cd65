"""Sealed votes' secrets: kept in the node's local store until the app reveals them.

A sealed vote's nonce and body live only on the voter's device; the decide view posts them to
the session screen before the commitment is shared, and after ``vote.close`` the app writes the
reveals by itself (``reveals_due``), so nobody has to find a button before the reveal can end.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from beraad.core.state import SessionState

#: Where the session screen keeps sealed votes' secrets among the node's local values.
SEALED_LOCAL_KEY = "sealed_votes"


def stored_secrets(local: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The sealed votes' secrets (commitment → kind, vote, nonce) in a session's local values."""
    found = local.get(SEALED_LOCAL_KEY)
    if not isinstance(found, dict):
        return {}
    return {
        key: dict(value)
        for key, value in found.items()
        if isinstance(value, dict) and {"kind", "vote", "nonce"} <= set(value)
    }


def with_secret(local: Mapping[str, Any], sealed: str, secret: Mapping[str, Any]) -> dict[str, Any]:
    """The values to merge into ``set_session_local`` so one more secret is kept."""
    return {SEALED_LOCAL_KEY: {**stored_secrets(local), sealed: dict(secret)}}


def reveals_due(
    state: SessionState, me: str, secrets: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The ``vote.reveal`` bodies my app writes by itself: my current sealed votes whose voting
    has closed and whose reveal has not ended, or that a reveal end named as not revealed, and
    whose secret this device holds. The app holds
    the secret, so nobody has to find a button before the reveal can be ended without them."""
    due: list[dict[str, Any]] = []
    open_reveals = [k for k in sorted(state.closed) if k not in state.reveal_ended]
    # A vote a reveal end named as not revealed is still revealed, late (``late_reveal.py``).
    named = list(state.named_unrevealed.values())
    for votes in (*(state.current_votes(k) for k in open_reveals), named):
        for vote in votes:
            secret = secrets.get(vote.commitment or "")
            if vote.member != me or not vote.sealed or vote.reveal is not None or not secret:
                continue
            due.append({"commit": vote.record, "vote": secret["vote"], "nonce": secret["nonce"]})
    return due
