"""The lobby's rows kept beside the journal (issue 15): the node writes them when a row changes
(not per record), corrects them on opening, and a damaged or stale file costs nothing.
Real nodes on real stores."""

from __future__ import annotations

import json
import os
from pathlib import Path

from beraad.away import mark_opened
from beraad.lobby_rows import kept_sessions
from beraad.node import Node
from beraad.store.kept_rows import read_rows, rows_path, write_rows


async def _node(home: Path, **options) -> Node:  # type: ignore[no-untyped-def]
    return await Node.open(home, host="127.0.0.1", discovery=False, **options)


def _inode(home: Path) -> int:
    return os.stat(rows_path(home)).st_ino  # each write is a new file renamed over the old


async def test_rows_change_with_what_the_lobby_shows_and_only_then(tmp_path: Path):
    home = tmp_path / "anja"
    node = await _node(home)
    try:
        session = await node.create_session(title="Buurtfeest", focus="Wanneer?", invite=False)
        row = read_rows(home)[session]
        assert (row["title"], row["focus"], row["members"]) == ("Buurtfeest", "Wanneer?", 1)
        await node.contribute(session, "phase.move", {"to": "knots", "proposal": None})
        assert read_rows(home)[session]["phase"] == "knots"
        written = _inode(home)
        for n in range(5):  # records that change no row write nothing
            await node.contribute(session, "knot.add", {"text": f"Wie brengt tafel {n}?"})
        assert _inode(home) == written
        mark_opened(node, session)  # when one was last here: "Continue" names it
        assert isinstance(read_rows(home)[session]["left_at"], int)
        assert _inode(home) != written
    finally:
        await node.close()
    ((summary, left_at),) = kept_sessions(home)
    assert summary.id == session and summary.phase == "knots" and left_at is not None


async def test_opening_corrects_stale_rows_and_ignores_a_damaged_file(tmp_path: Path):
    home = tmp_path / "anja"
    node = await _node(home)
    session = await node.create_session(title="Buurtfeest", focus="Wanneer?", invite=False)
    await node.close()
    path = rows_path(home)
    stale = json.loads(path.read_text())
    stale["sessions"][session]["title"] = "Old title"
    stale["sessions"]["0" * 32] = {**stale["sessions"][session], "title": "Gone"}
    path.write_text(json.dumps(stale))
    node = await _node(home)
    await node.close()
    assert [s.title for s, _left in kept_sessions(home)] == ["Buurtfeest"]
    for damaged in (b"\0" * 40, b'{"sessions": {"' + session.encode() + b'": {"title": 3}}}'):
        path.write_bytes(damaged)
        assert kept_sessions(home) == []  # the lobby then waits for the node, as before
        node = await _node(home)
        assert [s.title for s in node.sessions()] == ["Buurtfeest"]
        await node.close()
        assert [s.title for s, _left in kept_sessions(home)] == ["Buurtfeest"]


async def test_a_reader_beside_the_holder_writes_no_rows(tmp_path: Path):
    home = tmp_path / "anja"
    node = await _node(home)
    try:
        await node.create_session(title="Buurtfeest", focus="Wanneer?", invite=False)
        rows_path(home).unlink()
        reader = await _node(home, readonly=True)
        await reader.close()
        assert not rows_path(home).exists()
    finally:
        await node.close()


async def test_what_lies_at_the_files_names_is_never_waited_on_nor_written_through(tmp_path):
    """Attack s10b findings 1, 2 and 4: a FIFO as the rows file froze the app before its first
    frame (``open`` blocked); a FIFO at the spare's name hung the node, a link there had its
    target emptied; a row no node wrote (10**30 members, a phase with markup) was shown."""
    home = tmp_path / "anja"
    node = await _node(home)
    try:
        session = await node.create_session(title="Buurtfeest", focus="Wanneer?", invite=False)
    finally:
        await node.close()
    path = rows_path(home)
    kept = path.read_bytes()
    path.unlink()
    os.mkfifo(path)
    assert read_rows(home) == {}  # at once, no writer needed (the test would hang before)
    path.unlink()
    spare = path.with_name(path.name + ".new")
    os.mkfifo(spare)
    write_rows(home, json.loads(kept)["sessions"])  # returns: the FIFO is removed, not opened
    assert session in read_rows(home)
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    spare.symlink_to(target)
    write_rows(home, json.loads(kept)["sessions"])
    assert target.read_text() == "keep me" and not spare.is_symlink()
    path.unlink()
    path.symlink_to(target)  # a link as the rows file is not read through
    assert read_rows(home) == {}
    path.unlink()
    forged = json.loads(kept)
    forged["sessions"][session]["members"] = 10**30
    path.write_text(json.dumps(forged))
    assert read_rows(home) == {}
    forged["sessions"][session].update(members=3, phase="[blink]decide\u202e")
    path.write_text(json.dumps(forged))
    assert read_rows(home) == {}
