"""A damaged journal, as the real commands meet it, in the user's language.

The person zeroes, truncates or edits ``store/records.jsonl`` (a sync tool, a full disk, a
careless editor). A journal that is no longer the one this data dir wrote (zeroed, its header
gone) stops `beraad keeper` and `beraad state` — never an empty node that would then write a
fresh chain over a broken one — and they say the same each time. A line deleted whole, one
that reads but holds nothing the store knows, or a session's damaged group key is said, and
every other session is read (naive s17 F1, attack s16 #3).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from beraad.node import Node, NodeError
from beraad.store import RecordStore
from tests.conftest import run_beraad
from tests.test_node_commands import make_session

pytestmark = pytest.mark.timeout(120)


def zero(journal: Path) -> None:
    journal.write_bytes(b"\0" * journal.stat().st_size)


def test_a_zeroed_journal_stops_keeper_and_state_every_time(tmp_path):
    english, dutch = "damaged at line 1, its header", "beschadigd op regel 1, de kopregel"
    home = tmp_path / "anja"
    session, _digest = asyncio.run(make_session(home))
    journal = home / "store" / "records.jsonl"
    zero(journal)
    damaged = journal.read_bytes()
    runs = [
        ("en", english, ["--no-discovery", "--host", "127.0.0.1", "keeper"]),
        ("en", english, ["state", session]),
        ("nl", dutch, ["state", session]),
        ("en", english, ["--no-discovery", "--host", "127.0.0.1", "keeper"]),  # the next start
    ]
    for lang, expected, args in runs:
        result = run_beraad("--data-dir", str(home), *args, env={"BERAAD_LANG": lang})
        assert result.returncode == 2, result.stdout + result.stderr
        assert expected in result.stderr
        assert str(journal) in result.stderr
        assert "Traceback" not in result.stderr
        assert journal.read_bytes() == damaged
    assert not list(journal.parent.glob("*.torn-*"))


def drop_the_move(home: Path, session: str) -> None:
    """vi's ``dd`` on the line holding the move to Knots (naive s17 F1)."""
    journal = home / "store" / "records.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(line for line in lines if b'"phase.move"' not in line))


def unknown_entry(home: Path, session: str) -> None:
    """A line with its number and checksum right that holds no entry this beraad knows (a
    newer one's), with the store's own lines after it (attack s16 #3)."""
    with RecordStore.open(home) as store:
        store._writer().append([b'{"op":"snapshot"}'])
        store.set_setting("theme", "dark")


def bad_group_key(home: Path, session: str) -> None:
    """``{"op":"local","values":{"group_key":"zz"}}``: a traceback on state (attack s16 #3)."""
    with RecordStore.open(home) as store:
        store.set_session_local(session, {"group_key": "zz"})


@pytest.mark.parametrize(
    ("damage", "english", "dutch"),
    [
        (drop_the_move, "is missing (deleted", "ontbreekt (gewist"),
        (unknown_entry, "holds an entry this beraad cannot read", "iets dat deze beraad"),
        (
            bad_group_key,
            "The group key this device keeps for “Buurtfeest” is damaged",
            "De groepssleutel die dit apparaat voor “Buurtfeest” bewaart, is beschadigd",
        ),
    ],
)
def test_a_damaged_line_is_said_and_the_session_still_read(tmp_path, damage, english, dutch):
    home = tmp_path / "anja"
    session, _digest = asyncio.run(make_session(home))
    damage(home, session)
    journal = home / "store" / "records.jsonl"
    damaged = journal.read_bytes()
    for lang, expected in (("en", english), ("nl", dutch)):
        result = run_beraad("--data-dir", str(home), "state", session, env={"BERAAD_LANG": lang})
        assert result.returncode == 0, result.stdout + result.stderr
        assert expected in " ".join(result.stderr.split()), result.stderr
        assert "Buurtfeest" in result.stdout
        assert "Traceback" not in result.stderr
        assert journal.read_bytes() == damaged  # a look changes nothing


@pytest.mark.parametrize("key", ["zz", "ab"])
async def test_a_damaged_group_key_leaves_every_other_session_working(tmp_path, key):
    """The app's node on the same data dir (it listens): "zz" raised from ``bytes.fromhex``,
    and "ab" (one byte) stopped the network, "Offline … a group key is exactly 32 bytes", and
    the lobby said "You are not in any deliberation yet" (attack s16 #3). Now only that
    session is held read-only, said, and the other one writes as before."""
    home = tmp_path / "anja"
    damaged, _digest = await make_session(home)
    other, _digest = await make_session(home, title="Speeltuin")
    with RecordStore.open(home) as store:
        store.set_session_local(damaged, {"group_key": key})
    node = await Node.open(home, host="127.0.0.1", discovery=False)
    try:
        assert set(node.session_ids()) == {damaged, other}
        assert node._session(damaged).readonly
        assert any("keeps for “Buurtfeest” is damaged" in note for note in node.recovered)
        await node.contribute(other, "knot.add", {"text": "Schommels"})
    finally:
        await node.close()


async def test_a_group_key_lost_with_a_missing_line_is_said_every_start(tmp_path):
    """The line holding the session's group key deleted whole: the session is shown, read-only,
    and said. The journal is renumbered on that start, and the next one held the session
    read-only without a word (journal17 left): now it is said every start; the other session
    writes."""
    home = tmp_path / "anja"
    lost, _digest = await make_session(home)
    other, _digest = await make_session(home, title="Speeltuin")
    journal = home / "store" / "records.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    (key_line,) = [line for line in lines if b'"group_key"' in line and lost.encode() in line]
    journal.write_bytes(b"".join(line for line in lines if line != key_line))
    for start in range(2):
        node = await Node.open(home, host="127.0.0.1", discovery=False)
        try:
            assert node._session(lost).readonly
            said = " ".join(" ".join(node.recovered).split())
            assert "The group key of “Buurtfeest” is not on this device any more" in said, start
            assert ("is missing" in said) == (start == 0)  # renumbered on the first start
            # Writing there says why, not "You hold this session from a bundle" (naive s18 N11).
            with pytest.raises(NodeError) as refused:
                await node.contribute(lost, "knot.add", {"text": "Schommels"})
            assert "is not on this device any more" in str(refused.value), refused.value
            assert node.readonly_why(lost) == str(refused.value)
            await node.contribute(other, "knot.add", {"text": f"Schommels {start}"})
        finally:
            await node.close()
