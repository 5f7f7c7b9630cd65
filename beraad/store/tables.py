"""TinyDB as the query layer, without TinyDB's cost per write.

TinyDB's ``Storage`` contract hands the *whole* database to ``write()`` on every change, and its
``Table.insert`` rebuilds the whole table dict before calling it: even on ``MemoryStorage`` an
insert costs O(table size). A journal behind that contract would pay O(size) per record too.

So the two jobs are split. Durability is the journal's (``journal.py``): ``RecordStore`` writes
each change there as one line, fsynced, *before* TinyDB sees it. TinyDB then holds the replayed
database in memory (``ReplayedStorage``: ``write()`` only keeps the reference, nothing goes to
disk) and answers queries from it; ``AppendTable`` inserts a document into that dict in O(1)
instead of rebuilding the table. Fork evidence never changes, so its table only ever grows;
small tables (settings, local values) use TinyDB's ordinary update paths. Records themselves are
not kept as documents: ``RecordStore.query`` makes one per record when asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table


class ReplayedStorage(Storage):
    """The database as replayed from the journal, kept in memory; the journal is on disk."""

    def __init__(self, tables: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.memory: dict[str, dict[str, Any]] = tables if tables is not None else {}

    def read(self) -> dict[str, dict[str, Any]]:
        return self.memory

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # Called with the whole database after each TinyDB change: keep the reference (O(1)).
        # The change itself was already journalled, durably, by RecordStore.
        self.memory = data


class AppendTable(Table):
    """A TinyDB table whose inserts are O(1): the document goes straight into the dict."""

    def insert(self, document: Mapping) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[int]:
        raw = self._storage.read().setdefault(self.name, {})
        ids: list[int] = []
        for document in documents:
            if not isinstance(document, Mapping):
                raise ValueError("Document is not a Mapping")
            if isinstance(document, self.document_class):
                doc_id = document.doc_id
                if str(doc_id) in raw:
                    raise ValueError(f"Document with ID {doc_id} already exists")
                self._next_id = None
            else:
                doc_id = self._get_next_id()
            raw[str(doc_id)] = dict(document)
            ids.append(doc_id)
        self.clear_cache()
        return ids


class ReplayedDB(TinyDB):
    """TinyDB over ``ReplayedStorage`` with O(1) inserts."""

    table_class = AppendTable


def open_db(tables: dict[str, dict[str, Any]]) -> ReplayedDB:
    """A query layer over already-replayed tables (``{table: {doc_id: document}}``)."""
    return ReplayedDB(tables, storage=ReplayedStorage)
