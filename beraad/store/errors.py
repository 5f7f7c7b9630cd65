"""What can go wrong with the record store, as errors a person can act on.

Every message is user-facing (translated through ``_()``) and says what happened, that nothing
already saved was lost, and what to do next.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The record store cannot do what was asked; the message is meant for the user."""


class StoreLocked(StoreError):
    """Another beraad process is using the same data dir (one writer per dir)."""


class StoreCorrupt(StoreError):
    """The journal is damaged before its last line: refused, and left exactly as it was."""

    def __init__(self, message: str, path: Path, line: int) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class StoreFull(StoreError):
    """The disk is full: the change was not saved, everything saved before it is intact."""
