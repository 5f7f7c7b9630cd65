"""Sealed votes: commit to a vote now, reveal it when voting closes.

A commitment is SHA-256 over the canonical bytes of ``{"kind", "nonce", "vote"}``. The nonce
(at least 16 random bytes, as hex) is chosen by the caller — the core never draws randomness,
so it stays deterministic and testable — and keeps a small vote space (say, three options)
from being guessed by hashing every possible vote.
"""

from __future__ import annotations

import hashlib
from typing import Any

from beraad.core.canonical import canonical_bytes


def commitment(kind: str, vote: dict[str, Any], nonce: str) -> str:
    """The hex commitment a ``vote.commit`` record carries for this vote."""
    return hashlib.sha256(canonical_bytes({"kind": kind, "nonce": nonce, "vote": vote})).hexdigest()


def matches(kind: str, vote: dict[str, Any], nonce: str, expected: str) -> bool:
    return commitment(kind, vote, nonce) == expected
