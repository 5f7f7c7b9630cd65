"""Join codes on real nodes, as a room and as an attacker on the same network would use them.

Real nodes on loopback (real SPAKE2, real stores); the attacker speaks the join protocol by hand.
"""

from __future__ import annotations

import asyncio

import pytest

from beraad.events import JoinAttemptFailed
from beraad.net.channel import FrameStream
from beraad.net.errors import JoinError, UnknownCode, WrongCode
from beraad.net.joincode import JoinCode
from beraad.net.wire import join_preamble
from beraad.node import INVITATION_USES, Node

pytestmark = pytest.mark.timeout(120)


async def open_node(tmp_path, name):
    return await Node.open(tmp_path / name, host="127.0.0.1", discovery=False)


def wrong(code: str) -> str:
    """The same nameplate and language, another second word: a typo or a guess."""
    parsed = JoinCode.parse(code)
    other = JoinCode.generate(parsed.language, nameplate=parsed.nameplate)
    while other.words == parsed.words:
        other = JoinCode.generate(parsed.language, nameplate=parsed.nameplate)
    return str(other)


async def test_one_code_read_aloud_admits_a_room_of_twelve_at_once(tmp_path):
    """Finding 9: a facilitator reads one code to the room; everyone types it at once."""
    anja = await open_node(tmp_path, "anja")
    room = [await open_node(tmp_path, f"p{n}") for n in range(12)]
    try:
        invitation = await anja.create_session(title="Buurtfeest", focus="Wanneer?")
        joined = await asyncio.gather(
            *(person.join(invitation.code, address=anja.address, timeout=60) for person in room)
        )
        assert set(joined) == {invitation.session}
        members = {person.identity.public_key for person in room}
        await anja.wait_for(lambda: members <= anja.members(invitation.session), 30)
        assert len(anja.members(invitation.session)) == 13 <= INVITATION_USES
    finally:
        for node in (anja, *room):
            await node.close()


async def test_squatting_on_the_code_number_blocks_nobody(tmp_path):
    """Finding 1: connections that send the join preamble and the code's number, then nothing,
    held the code for 30 s while the real joiner gave up after 15. Now they hold nothing."""
    anja, bart = await open_node(tmp_path, "anja"), await open_node(tmp_path, "bart")
    squatters = []
    try:
        invitation = await anja.create_session(title="Plein", focus="Bomen?")
        nameplate = JoinCode.parse(invitation.code).nameplate
        for _ in range(5):
            reader, writer = await asyncio.open_connection("127.0.0.1", anja.port)
            await FrameStream(reader, writer).write_raw(join_preamble(nameplate))
            squatters.append(writer)
        session = await bart.join(invitation.code, address=anja.address, timeout=5)
        assert session == invitation.session
    finally:
        for writer in squatters:
            writer.close()
        await anja.close()
        await bart.close()


async def test_the_facilitator_sees_a_wrong_try_and_a_fresh_code_replaces_the_old(tmp_path):
    anja = await open_node(tmp_path, "anja")
    bart, carla = await open_node(tmp_path, "bart"), await open_node(tmp_path, "carla")
    seen: list[JoinAttemptFailed] = []
    anja.subscribe(lambda event: seen.append(event) if isinstance(event, JoinAttemptFailed) else 0)
    try:
        invitation = await anja.create_session(title="Plein", focus="Bomen?")
        with pytest.raises(WrongCode):
            await bart.join(wrong(invitation.code), address=anja.address, timeout=5)
        await anja.wait_for(lambda: bool(seen), 5)
        [attempt] = seen
        assert attempt.session == invitation.session and attempt.host == "127.0.0.1"
        assert attempt.reason == "wrong-code" and attempt.attempts_left == 19
        fresh = await anja.invite(invitation.session)
        assert fresh.code != invitation.code
        with pytest.raises(JoinError) as old:
            await carla.join(invitation.code, address=anja.address, timeout=5)
        assert isinstance(old.value, UnknownCode | WrongCode)
        assert await carla.join(fresh.code, address=anja.address, timeout=10) == fresh.session
    finally:
        for node in (anja, bart, carla):
            await node.close()


async def test_a_refused_admission_admits_nobody_and_locks_nobody_out(tmp_path):
    """Attack finding 2: a guest signs ``member.admit`` for the key of someone about to join.
    The fold refuses it; that key must not count as a member on the link gate either, and
    when its owner joins with the real code the facilitator still writes the admission."""
    from beraad.core.identity import Identity
    from beraad.core.record import sign_record

    anja, zoe = await open_node(tmp_path, "anja"), await open_node(tmp_path, "zoe")
    try:
        invitation = await anja.create_session(title="t", focus="f")
        session = invitation.session
        guest = Identity.from_seed(b"\x42" * 32)
        await anja.contribute(
            session, "member.admit", {"member": guest.public_key, "name": "g", "role": "guest"}
        )
        zkey = zoe.identity.public_key
        ghost = sign_record(
            guest, session=session, seq=1, prev=None, lamport=anja._session(session).lamport + 1,
            at=int(anja.clock() * 1000), kind="member.admit", body={"member": zkey, "name": "z"},
        )  # fmt: skip
        assert ghost.id in anja.ingest(session, [ghost])  # stored: a guest's record is valid
        assert ghost.id in anja.rejected(session)  # but the fold refuses the admission
        assert zkey not in anja.members(session)
        assert not anja._session(session).is_member(zkey)  # the link gate asks the fold
        await zoe.join(str(invitation.code), address=anja.address, timeout=30)
        assert zkey in anja.state(session).members
        await zoe.contribute(session, "member.name", {"name": "Zoë"})
        await anja.wait_for(lambda: anja.state(session).name(zkey) == "Zoë", 15)
    finally:
        for node in (anja, zoe):
            await node.close()


async def test_a_member_code_and_a_guest_code_are_open_at_once_each_closable(tmp_path):
    """Opening a guest code used to replace the member code. Both work side by side now: who
    joins by the one is a member, by the other a guest; closing one leaves the other."""
    from beraad.admission import describe_attempt

    anja = await open_node(tmp_path, "anja")
    bart, carla, driss = [await open_node(tmp_path, n) for n in ("bart", "carla", "driss")]
    seen: list[JoinAttemptFailed] = []
    anja.subscribe(lambda event: seen.append(event) if isinstance(event, JoinAttemptFailed) else 0)
    try:
        session = (await anja.create_session(title="Buurtfeest", focus="Wanneer?")).session
        member_code = (await anja.open_invitations(session))["member"].code
        guest_code = (await anja.invite(session, role="guest")).code
        assert set(await anja.open_invitations(session)) == {"member", "guest"}
        # A wrong guess at the guest code is said to be about the guest code.
        with pytest.raises(WrongCode):
            await driss.join(wrong(guest_code), address=anja.address, timeout=5)
        await anja.wait_for(lambda: bool(seen), 5)
        assert seen[0].role == "guest"
        assert "tried the guest code" in describe_attempt(seen[0])
        await asyncio.gather(
            bart.join(member_code, address=anja.address),
            carla.join(guest_code, address=anja.address),
        )
        members = anja.state(session).members
        assert not members[bart.identity.public_key].guest
        assert members[carla.identity.public_key].guest
        # A fresh member code replaces the member code only.
        fresh = (await anja.invite(session)).code
        assert (await anja.open_invitations(session))["guest"].code == guest_code
        assert await anja.close_invitation(session, "guest")
        assert set(await anja.open_invitations(session)) == {"member"}
        with pytest.raises(UnknownCode):
            await driss.join(guest_code, address=anja.address)
        with pytest.raises(JoinError) as replaced:  # its nameplate may serve the fresh code
            await driss.join(member_code, address=anja.address, timeout=5)
        assert isinstance(replaced.value, UnknownCode | WrongCode)
        await driss.join(fresh, address=anja.address)
        assert not anja.state(session).members[driss.identity.public_key].guest
        assert not await anja.close_invitation(session, "guest")  # nothing left to close
    finally:
        for node in (anja, bart, carla, driss):
            await node.close()


async def test_a_guesser_from_many_addresses_is_said_once_not_per_try(tmp_path):
    """Attack s12 #2: two wrong guesses from each of ten addresses burn the code in about a
    second, and the facilitator got one notice per try (60 queued on the title row, and as
    many again for every fresh code burnt). Now the first try of the first two addresses is
    said (a typo, a person or two), the rest is not said one by one, and the code's end is
    said once, as guessing."""
    from beraad.admission import describe_attempt
    from tests.test_keeper_fresh_code import guess_from

    anja = await open_node(tmp_path, "anja")
    seen: list[JoinAttemptFailed] = []
    anja.subscribe(lambda event: seen.append(event) if isinstance(event, JoinAttemptFailed) else 0)
    try:
        invitation = await anja.create_session(title="Plein", focus="Bomen?")
        guess = JoinCode.parse(wrong(invitation.code))
        for n in range(10):
            for _try in range(2):
                await guess_from(f"127.0.0.{10 + n}", anja.port, guess)
        assert anja.code_burnt(invitation.session)
        await anja.wait_for(lambda: any(e.attempts_left == 0 for e in seen), 5)
        assert [(e.host, e.attempts_left, e.guessing) for e in seen] == [
            ("127.0.0.10", 19, False),
            ("127.0.0.11", 17, False),
            ("127.0.0.19", 0, True),
        ]
        assert describe_attempt(seen[-1]) == (
            "Someone on this network is guessing the join code: it no longer works. Open a "
            "fresh code for the others."
        )
    finally:
        await anja.close()
