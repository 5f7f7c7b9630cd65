"""The attach socket under load and abuse (attacker pass 2, findings 4 and 6).

Real nodes, a real Unix socket, real signed records: a window that attaches while the holder
takes in a whole session asks for it once; a client on the socket that sends garbage, huge
values, or never reads its answers gets a one-line refusal or is dropped, and the holder's loop
never sees an unhandled exception, also not when it closes with a client still connected.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from beraad import attach
from beraad.attach import AttachedNode, socket_path
from beraad.node import Node

pytestmark = pytest.mark.timeout(60)


async def _holder(home: Path) -> tuple[Node, str]:
    node = await Node.open(home, discovery=False, listen=False)
    session = await node.create_session(invite=False, title="Straat", focus="Verkeer")
    return node, session


async def _until(condition: Callable[[], bool], timeout: float = 20) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def _troubles() -> list[dict[str, Any]]:
    """What reaches the loop's exception handler (the "Unhandled exception" tracebacks)."""
    seen: list[dict[str, Any]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: seen.append(context))
    return seen


async def _ask(path: Path, line: bytes) -> dict[str, Any]:
    reader, writer = await asyncio.open_unix_connection(str(path))
    writer.write(line)
    answer = await reader.readline()
    writer.close()
    return dict(json.loads(answer))


async def test_a_session_arriving_record_by_record_is_fetched_once(tmp_path: Path):
    other, elsewhere = await _holder(tmp_path / "b")
    for i in range(80):
        await other.contribute(elsewhere, "fact.add", {"title": f"f{i}", "text": "x" * 100})
    records = other.records(elsewhere)
    await other.close()

    node, _session = await _holder(tmp_path / "a")
    troubles = _troubles()
    asked: list[str] = []
    server = node.attach_server
    serve = server._call

    async def counting(call: str, args: dict[str, Any]) -> Any:
        asked.append(call)
        return await serve(call, args)

    server._call = counting
    window = await AttachedNode.attach(node.data_dir)
    try:
        asked.clear()
        for i in range(0, len(records), 16):  # a bundle import: one event per record
            node.ingest(elsewhere, records[i : i + 16])
        await _until(
            lambda: (
                elsewhere in window.session_ids() and len(window.records(elsewhere)) == len(records)
            )
        )
        assert asked.count("session") == 1
        assert window.state_hash(elsewhere) == node.state_hash(elsewhere)
    finally:
        await window.close()
        await node.close()
    assert troubles == []


async def test_garbage_on_the_socket_gets_a_refusal_not_a_traceback(tmp_path: Path):
    node, session = await _holder(tmp_path / "a")
    troubles = _troubles()
    sock = socket_path(node.data_dir)
    try:
        for line in [
            b"[]\n",
            b"1\n",
            b'{"id": 1, "call": "session", "args": [1]}\n',
            b"[" * 100_000 + b"]" * 100_000 + b"\n",
            b"\xff\xfe\x00\n",
        ]:
            answer = await _ask(sock, line)
            assert "error" in answer and "ok" not in answer, line[:20]
        hello = await _ask(sock, b'{"id": 7, "call": "hello"}\n')
        assert hello["id"] == 7 and session in hello["ok"]["sessions"]
    finally:
        await node.close()
    assert troubles == []


async def test_local_values_past_the_cap_are_refused(tmp_path: Path):
    node, session = await _holder(tmp_path / "a")
    try:
        big = "a" * (attach.LOCAL_VALUES_LIMIT + 1)
        request = {
            "id": 3,
            "call": "set_local_values",
            "args": {"session": session, "values": {"x": big}},
        }
        answer = await _ask(socket_path(node.data_dir), json.dumps(request).encode() + b"\n")
        assert answer["id"] == 3 and "limit" in answer["error"]
        assert "x" not in node.local_values(session)
        small = {
            "id": 4,
            "call": "set_local_values",
            "args": {"session": session, "values": {"x": "kort"}},
        }
        answer = await _ask(socket_path(node.data_dir), json.dumps(small).encode() + b"\n")
        assert answer == {"id": 4, "ok": None}
        assert node.local_values(session)["x"] == "kort"
    finally:
        await node.close()


async def test_a_client_that_never_reads_is_dropped(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(attach, "OUTGOING_LIMIT", 256 * 1024)
    node, session = await _holder(tmp_path / "a")
    troubles = _troubles()
    for _ in range(40):
        await node.contribute(session, "fact.add", {"title": "t", "text": "k" * 2000})
    server = node.attach_server
    _reader, writer = await asyncio.open_unix_connection(str(socket_path(node.data_dir)))
    try:
        await _until(lambda: len(server._clients) == 1)
        request = json.dumps({"id": 1, "call": "session", "args": {"session": session}})
        for _ in range(2000):
            writer.write(request.encode() + b"\n")
            await asyncio.sleep(0)
            if not server._clients:
                break
        await _until(lambda: not server._clients)  # dropped: its answers no longer pile up
        await node.contribute(session, "fact.add", {"title": "alive", "text": ""})
    finally:
        writer.transport.abort()
        await node.close()
    assert troubles == []


async def test_closing_with_a_client_connected_is_quiet(tmp_path: Path):
    node, _session = await _holder(tmp_path / "a")
    troubles = _troubles()
    window = await AttachedNode.attach(node.data_dir)
    await node.close()
    await _until(lambda: window.gone)
    await window.close()
    await asyncio.sleep(0)  # let the stream's done-callbacks run (they reported the traceback)
    assert troubles == []


async def test_a_session_past_the_line_limit_attaches_in_pieces(tmp_path: Path, monkeypatch):
    """A session bigger than the longest line the window reads travels in pieces (attack s11
    finding 3: a 300 MB session went as one line past ``LINE_LIMIT``, and no second window
    could attach). The limits lowered here; the records real and signed."""
    node, session = await _holder(tmp_path / "a")
    for i in range(60):
        await node.contribute(session, "fact.add", {"title": f"f{i}", "text": "x" * 200})
    whole = sum(r.size for r in node.bundle_records(session))
    monkeypatch.setattr(attach, "LINE_LIMIT", whole // 3)
    monkeypatch.setattr(attach, "PIECE_BYTES", whole // 8, raising=False)
    troubles = _troubles()
    try:
        window = await AttachedNode.attach(node.data_dir)
        try:
            assert len(window.records(session)) == len(node.records(session))
            assert window.state_hash(session) == node.state_hash(session)
            assert node.attach_server._pieces == {}  # nothing kept once fetched
        finally:
            await window.close()
    finally:
        await node.close()
    assert troubles == []
