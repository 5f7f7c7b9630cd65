"""Complete scripted sessions and bundles of them, for the export tests and the benchmark."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from beraad.core.canonical import canonical_bytes
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.script import ScriptRunner, run_script
from beraad.export.bundle import encode_bundle
from beraad.scenarios import load_scenarios
from beraad.store import RecordStore

NONCE = "0f" * 16
SCRIPTED = ("buurt", "gemeente", "armoede")


def people(count: int = 5) -> list[Identity]:
    return [Identity.from_seed(bytes([40 + n]) * 32) for n in range(count)]


@cache
def scripted(name: str, language: str = "nl") -> ScriptRunner:
    scenario = load_scenarios()[0][name]
    return run_script(scenario, language, people(len(scenario.members)), NONCE)


def bundle_lines(records: list[Record], exporter: Identity, state_hash: str) -> list[bytes]:
    session = records[0].session
    return list(encode_bundle(exporter, session, records, state_hash, 1_700_000_000_000))


def honest_bundle(name: str = "buurt") -> tuple[ScriptRunner, list[bytes]]:
    runner = scripted(name)
    return runner, bundle_lines(runner.records, people()[0], runner.fold.state_hash())


def relabel(line: bytes, **changes: object) -> bytes:
    """A record line with fields changed and the signature left as it was."""
    data = json.loads(line)
    data.update(changes)
    return canonical_bytes(data) + b"\n"


def sign_after(runner_records: list[Record], author: Identity, kind: str, body: dict) -> Record:
    """A well-signed record by ``author`` that follows everything in ``runner_records``."""
    own = [r for r in runner_records if r.author == author.public_key]
    return sign_record(
        author,
        session=runner_records[0].session,
        seq=len(own) + 1,
        prev=own[-1].id if own else None,
        lamport=max(r.lamport for r in runner_records) + 1,
        at=runner_records[-1].at + 1000,
        kind=kind,
        body=body,
    )


def seed_data_dir(data_dir: Path, records: list[Record], member: Identity | None = None) -> None:
    """A peer's data dir holding a session as a member would (records + a group key).

    With ``member``, the data dir's own key is that member's (so what it exports is signed by a
    member, as verify and import expect).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    if member is not None:
        key = data_dir / "identity.pem"
        key.write_bytes(member.to_pem())
        key.chmod(0o600)
    store = RecordStore.open(data_dir)
    try:
        store.append_many(records)
        store.set_session_local(records[0].session, {"group_key": "11" * 32})
    finally:
        store.close()
