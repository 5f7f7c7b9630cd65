"""Hypothesis strategies and helpers for building valid signed records in tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from beraad.core.canonical import MAX_SAFE_INT
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record

SESSION = "0123456789abcdef0123456789abcdef"

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-MAX_SAFE_INT, max_value=MAX_SAFE_INT)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
bodies = st.dictionaries(st.text(max_size=8), json_values, max_size=4)


def identity(n: int) -> Identity:
    return Identity.from_seed(bytes([n]) * 32)


def chain_of(
    ident: Identity,
    bodies: list[dict[str, Any]],
    start_lamport: int = 1,
    session: str = SESSION,
    kind: str = "note.add",
) -> list[Record]:
    """A valid chain of records by one author."""
    records: list[Record] = []
    prev = None
    for index, body in enumerate(bodies):
        record = sign_record(
            ident,
            session=session,
            seq=index + 1,
            prev=prev,
            lamport=start_lamport + index,
            at=1_700_000_000_000 + index,
            kind=kind,
            body=body,
        )
        records.append(record)
        prev = record.id
    return records
