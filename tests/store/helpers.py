"""Helpers for store tests: real signed records, real files."""

from __future__ import annotations

from pathlib import Path

from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record

OTHER_SESSION = "fedcba9876543210fedcba9876543210"


def texts(count: int, start: int = 0) -> list[dict]:
    return [{"text": f"knot {n}", "n": n} for n in range(start, start + count)]


def journal_of(data_dir: Path) -> Path:
    return data_dir / "store" / "records.jsonl"


def record(
    ident: Identity,
    session: str,
    seq: int,
    prev: str | None,
    lamport: int,
    kind: str = "note.add",
    body: dict | None = None,
) -> Record:
    return sign_record(
        ident,
        session=session,
        seq=seq,
        prev=prev,
        lamport=lamport,
        at=1_700_000_000_000 + lamport,
        kind=kind,
        body=body if body is not None else {"lamport": lamport},
    )
