"""The record store: every record of every session, crash-safe, with TinyDB as query layer."""

from beraad.store.records import (
    RecordStore,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLocked,
)

__all__ = ["RecordStore", "StoreCorrupt", "StoreError", "StoreFull", "StoreLocked"]
