"""The node's commands as a person runs them: keeper, state and sessions (real processes).

Everything listens on 127.0.0.1 with discovery off: these tests never touch real interfaces.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from beraad.node import Node
from tests.conftest import beraad_command, run_beraad

pytestmark = pytest.mark.timeout(120)


async def make_session(home: Path, title: str = "Buurtfeest") -> tuple[str, str]:
    node = await Node.open(home, host="127.0.0.1", discovery=False)
    try:
        session = await node.create_session(title=title, focus="Wanneer?", invite=False)
        await node.contribute(session, "phase.move", {"to": "knots", "proposal": None})
        await node.contribute(session, "knot.add", {"text": "Wie brengt de tafels?"})
        return session, node.state_hash(session)
    finally:
        await node.close()


def start_keeper(home: Path, *more: str, invite: bool = True) -> subprocess.Popen[str]:
    """``beraad keeper`` on ``home`` (loopback, no mDNS), opening join codes unless not
    ``invite``, with ``more`` of its options; its output is read with ``read_until``."""
    return subprocess.Popen(
        [
            *beraad_command(),
            *("--data-dir", str(home), "--host", "127.0.0.1", "--no-discovery", "keeper"),
            *(["--invite"] if invite else []),
            *more,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "BERAAD_LANG": "en"},
    )


def read_until(process: subprocess.Popen[str], pattern: str) -> re.Match[str]:
    """Read the keeper's output line by line (the pipe blocks: no sleeping) until it matches."""
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if found := re.search(pattern, line):
            return found
    raise AssertionError(f"the keeper ended without {pattern!r}:\n{''.join(seen)}")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_keeper_serves_a_joiner_and_stops_cleanly(tmp_path: Path, stop: signal.Signals):
    home = tmp_path / "keeper"
    session, _digest = asyncio.run(make_session(home))
    keeper = start_keeper(home)
    try:
        port = int(read_until(keeper, r"listening on port (\d+)").group(1))
        code = read_until(keeper, rf"join code for session {session}: (\S+)").group(1)

        async def join_and_add() -> str:
            joiner = await Node.open(tmp_path / "joiner", host="127.0.0.1", discovery=False)
            try:
                joined = await joiner.join(code, address=f"127.0.0.1:{port}")
                await joiner.contribute(joined, "knot.add", {"text": "Ik breng tafels mee"})
                return joined
            finally:
                await joiner.close()

        assert asyncio.run(join_and_add()) == session
        read_until(keeper, r"record knot.add by")  # the keeper logs what it keeps
        keeper.send_signal(stop)
        read_until(keeper, r"stopping")
        assert keeper.wait(30) == 0
    finally:
        if keeper.poll() is None:
            keeper.kill()
            keeper.wait(10)
    # What the keeper kept is on its disk: the joiner's knot is there.
    state = run_beraad("--data-dir", str(home), "state", session[:6], "--json")
    assert "Ik breng tafels mee" in state.stdout


def test_state_prints_the_same_hash_the_node_computes(tmp_path: Path):
    home = tmp_path / "anja"
    session, digest = asyncio.run(make_session(home))
    plain = run_beraad("--data-dir", str(home), "state", session[:5])
    assert plain.returncode == 0, plain.stderr
    assert f"state hash: {digest}" in plain.stdout and "title: Buurtfeest" in plain.stdout
    as_json = json.loads(run_beraad("--data-dir", str(home), "state", session, "--json").stdout)
    assert as_json["session"] == session and as_json["state_hash"] == digest
    # By its name as `beraad sessions` lists it, in any case (naive s16 N3: "No single
    # session starts with Speeltuin").
    by_name = run_beraad("--data-dir", str(home), "state", "buurtfeest")
    assert by_name.returncode == 0, by_name.stderr
    assert f"state hash: {digest}" in by_name.stdout
    missing = run_beraad("--data-dir", str(home), "state", "ffff")
    assert missing.returncode == 2 and "No deliberation is called ffff" in missing.stderr


def test_sessions_lists_what_you_hold(tmp_path: Path):
    home = tmp_path / "anja"
    session, _digest = asyncio.run(make_session(home))
    listed = run_beraad("--data-dir", str(home), "sessions", "--wait", "0")
    assert listed.returncode == 0, listed.stderr
    assert session in listed.stdout and "Buurtfeest" in listed.stdout
    empty = run_beraad("--data-dir", str(tmp_path / "nieuw"), "sessions", "--wait", "0")
    assert "not part of any session" in empty.stdout


@pytest.mark.parametrize(("lang", "phase"), [("en", "Knots"), ("nl", "Knopen")])
def test_sessions_and_state_name_the_phase_as_the_app_does(tmp_path: Path, lang, phase):
    """The phase bar says "Knopen"; the command line must not print the id "knots" instead."""
    home = tmp_path / "anja"
    session, _digest = asyncio.run(make_session(home))
    listed = run_beraad("--data-dir", str(home), "--lang", lang, "sessions", "--wait", "0")
    assert f"({phase}, 1 " in listed.stdout, listed.stdout  # 1 member, 1 lid: never "1 members"
    assert "1 members" not in listed.stdout and "1 leden" not in listed.stdout
    state = run_beraad("--data-dir", str(home), "--lang", lang, "state", session)
    assert f": {phase}\n" in state.stdout, state.stdout
    assert "knots" not in listed.stdout + state.stdout


def test_a_second_keeper_on_the_same_data_dir_is_refused(tmp_path: Path):
    home = tmp_path / "keeper"
    asyncio.run(make_session(home))
    first = start_keeper(home)
    try:
        read_until(first, r"listening on port")
        second = run_beraad(
            "--data-dir", str(home), "--host", "127.0.0.1", "--no-discovery", "keeper"
        )
        assert second.returncode == 2
        assert "beraad:" in second.stderr and "Traceback" not in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)


def test_python_dash_m_runs_the_same_commands(tmp_path: Path):
    home = tmp_path / "anja"
    session, digest = asyncio.run(make_session(home))
    result = subprocess.run(
        [sys.executable, "-m", "beraad", "--data-dir", str(home), "state", session, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(result.stdout)["state_hash"] == digest


def test_keeper_says_when_someone_tries_a_wrong_code_and_logs_no_traceback(tmp_path: Path):
    """A guesser and a squatter at the keeper: the person running it reads who tried, and the
    real joiner still gets in right after."""
    from beraad.net.errors import WrongCode
    from beraad.net.joincode import JoinCode

    home = tmp_path / "keeper"
    session, _digest = asyncio.run(make_session(home))
    keeper = start_keeper(home)
    try:
        port = int(read_until(keeper, r"listening on port (\d+)").group(1))
        code = read_until(keeper, rf"join code for session {session}: (\S+)").group(1)
        parsed = JoinCode.parse(code)
        guess = next(
            str(c)
            for c in iter(lambda: JoinCode.generate(parsed.language, nameplate=parsed.nameplate), 0)
            if c.words != parsed.words
        )

        async def guess_then_join() -> str:
            squatter = await asyncio.open_connection("127.0.0.1", port)
            squatter[1].write(b"BERAAD\x01J" + bytes([parsed.nameplate]))  # and then nothing
            guesser = await Node.open(tmp_path / "guesser", host="127.0.0.1", discovery=False)
            joiner = await Node.open(tmp_path / "joiner", host="127.0.0.1", discovery=False)
            try:
                with pytest.raises(WrongCode):
                    await guesser.join(guess, address=f"127.0.0.1:{port}", timeout=5)
                return await joiner.join(code, address=f"127.0.0.1:{port}", timeout=5)
            finally:
                squatter[1].close()
                await guesser.close()
                await joiner.close()

        assert asyncio.run(guess_then_join()) == session
        keeper.send_signal(signal.SIGTERM)
        assert keeper.stdout is not None
        said = keeper.stdout.read()  # everything after the code, up to stopping
        assert keeper.wait(30) == 0
        assert re.search(r"Someone at 127\.0\.0\.1 tried the join code.*19 wrong tries", said)
        assert "Traceback" not in said
    finally:
        if keeper.poll() is None:
            keeper.kill()
            keeper.wait(10)


async def test_a_keeper_that_joins_by_code_watches_and_counts_in_no_quorum(tmp_path: Path):
    """A keeper is a device: as a member it counted in every phase consent and vote without
    ever answering (and showed as absent from every meeting)."""
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    keeper = None
    try:
        invitation = await anja.create_session(title="Buurtfeest", focus="Wanneer?")
        session = invitation.session
        joining = ("--join", str(invitation.code), "--join-address", str(anja.address))
        keeper = start_keeper(tmp_path / "keeper", *joining, invite=False)
        await asyncio.to_thread(read_until, keeper, rf"watching session {session}")
        me = anja.identity.public_key

        def keeper_watches() -> bool:
            others = [m for k, m in anja.state(session).members.items() if k != me]
            return len(others) == 1 and others[0].observer

        await anja.wait_for(keeper_watches, 30)
        assert anja.state(session).participants() == [me]
    finally:
        if keeper is not None and keeper.poll() is None:
            keeper.terminate()
            keeper.wait(30)
        await anja.close()


async def test_a_keeper_with_invite_watches_and_whom_it_admits_wait_for_confirmation(
    tmp_path: Path,
):
    """A keeper that opens codes counted in every quorum and never answered (last session's
    stop note): now it only watches, still admits, and whom it admits the facilitator confirms."""
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    keeper = None
    try:
        invitation = await anja.create_session(title="Buurtfeest", focus="Wanneer?")
        session = invitation.session
        joining = ("--join", str(invitation.code), "--join-address", str(anja.address))
        keeper = start_keeper(tmp_path / "keeper", *joining)
        port = (await asyncio.to_thread(read_until, keeper, r"listening on port (\d+)")).group(1)
        await asyncio.to_thread(read_until, keeper, rf"watching session {session}: .*confirm")
        found = await asyncio.to_thread(
            read_until, keeper, rf"join code for session {session}: (\S+)"
        )
        await bart.join(found.group(1), address=f"127.0.0.1:{port}")
        me, newcomer = anja.identity.public_key, bart.identity.public_key

        def keeper_watches_and_bart_waits() -> bool:
            members = anja.state(session).members
            keepers = [m for k, m in members.items() if k not in (me, newcomer)]
            return (
                newcomer in members
                and members[newcomer].pending
                and len(keepers) == 1
                and keepers[0].observer
            )

        await anja.wait_for(keeper_watches_and_bart_waits, 30)
        assert anja.state(session).participants() == [me]
        await anja.contribute(session, "member.confirm", {"member": newcomer})
        assert anja.state(session).participants() == [me, newcomer]
    finally:
        if keeper is not None and keeper.poll() is None:
            keeper.terminate()
            keeper.wait(30)
        await bart.close()
        await anja.close()
