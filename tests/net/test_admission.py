"""Joining with a code over real loopback sockets: SPAKE2, key confirmation, limits, expiry."""

from __future__ import annotations

import asyncio
import logging

import pytest
from spake2 import SPAKE2_A

from beraad.net.admission import Admission, AdmissionGrant, AdmissionRequest, join
from beraad.net.channel import FrameStream
from beraad.net.errors import (
    AdmissionRefused,
    BackedOff,
    CodeExpired,
    CodeFormatError,
    JoinTimedOut,
    TooManyAttempts,
    UnknownCode,
    Unreachable,
    WrongCode,
)
from beraad.net.joincode import JoinCode
from beraad.net.transport import Connection, Listener, connect
from beraad.net.wire import join_preamble, read_clear, send_clear
from tests.core.strategies import SESSION, identity

GROUP_KEY = bytes(range(100, 132))
CODE = JoinCode(7, ("appel", "fiets"))
WRONG = JoinCode(7, ("appel", "boom"))

ann, bob = identity(1), identity(2)


class Clock:
    """An injected monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Admitter:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.listener = Listener(ann, name="Ann", now=clock)
        self.members = {ann.public_key}
        self.requests: list[AdmissionRequest] = []
        self.connected: asyncio.Queue[Connection] = asyncio.Queue()
        self.refuse: str | None = None

    async def on_admitted(self, request: AdmissionRequest) -> AdmissionGrant:
        if self.refuse is not None:
            raise AdmissionRefused(self.refuse)
        self.requests.append(request)
        self.members.add(request.member)
        return AdmissionGrant({"frontier": {ann.public_key: 3}})

    async def on_connection(self, connection: Connection) -> None:
        await self.connected.put(connection)
        await connection.recv()

    async def start(self, **invitation: object) -> None:
        await self.listener.start()
        self.listener.open_session(
            SESSION, GROUP_KEY, self.on_connection, self.members.__contains__
        )
        self.listener.open_admission(SESSION, CODE, self.on_admitted, **invitation)

    @property
    def port(self) -> int:
        return self.listener.port


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def admitter(clock):
    started = Admitter(clock)
    await started.start()
    yield started
    await started.listener.close()


async def bob_joins(port: int, code: str | JoinCode = CODE, **options) -> Admission:
    return await join("127.0.0.1", port, code, identity=bob, name="Bob", **options)


async def test_the_right_code_admits_and_the_group_key_then_opens_the_session(admitter):
    admission = await bob_joins(admitter.port, "7 Appel fiets")
    assert admission.session == SESSION
    assert admission.group_key == GROUP_KEY
    assert admission.admitter == ann.public_key and admission.admitter_name == "Ann"
    assert admission.grant == {"frontier": {ann.public_key: 3}}
    assert admission.port == admitter.port
    [request] = admitter.requests
    assert (request.member, request.name, request.session) == (bob.public_key, "Bob", SESSION)
    # What a join gives is exactly what the transport needs: Bob now connects as a member.
    connection = await connect(
        admission.host,
        admission.port,
        session=admission.session,
        group_key=admission.group_key,
        identity=bob,
        is_member={admission.admitter}.__contains__,
    )
    served = await asyncio.wait_for(admitter.connected.get(), 5)
    assert served.peer == bob.public_key and connection.peer == ann.public_key
    await connection.close()


async def test_a_code_admits_once(admitter):
    await bob_joins(admitter.port)
    with pytest.raises(UnknownCode):
        await bob_joins(admitter.port)


async def test_a_wrong_code_is_a_clear_error_on_both_sides(admitter, caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    with pytest.raises(WrongCode, match="wrong") as raised:
        await bob_joins(admitter.port, WRONG)
    assert raised.value.attempts_left == 4
    assert "Attempts left for this code: 4" in str(raised.value)
    assert "wrong join code" in caplog.text and "127.0.0.1:" in caplog.text
    assert admitter.requests == []


async def test_wrong_tries_back_off_per_address_and_then_burn_the_code(admitter, clock):
    with pytest.raises(WrongCode):
        await bob_joins(admitter.port, WRONG)
    with pytest.raises(BackedOff) as raised:
        await bob_joins(admitter.port, CODE)
    assert raised.value.retry_after == 1
    for left in (3, 2, 1):
        clock.now += 60
        with pytest.raises(WrongCode) as wrong:
            await bob_joins(admitter.port, WRONG)
        assert wrong.value.attempts_left == left
    clock.now += 60
    with pytest.raises(TooManyAttempts):
        await bob_joins(admitter.port, WRONG)
    clock.now += 600
    with pytest.raises(TooManyAttempts, match="no longer works"):
        await bob_joins(admitter.port, CODE)
    assert admitter.requests == []


async def test_back_off_grows_with_each_wrong_try(admitter, clock):
    waits = []
    for _ in range(3):
        with pytest.raises(WrongCode):
            await bob_joins(admitter.port, WRONG)
        with pytest.raises(BackedOff) as raised:
            await bob_joins(admitter.port, WRONG)
        waits.append(raised.value.retry_after)
        clock.now += raised.value.retry_after
    assert waits == [1, 2, 4]


async def test_a_right_code_after_a_wrong_one_still_works(admitter, clock):
    with pytest.raises(WrongCode):
        await bob_joins(admitter.port, WRONG)
    clock.now += 5
    admission = await bob_joins(admitter.port, CODE)
    assert admission.group_key == GROUP_KEY


async def test_an_expired_code_is_refused(clock):
    admitter = Admitter(clock)
    await admitter.start(ttl=60)
    try:
        clock.now += 59
        await bob_joins(admitter.port)  # still valid one second before
        admitter.listener.open_admission(SESSION, CODE, admitter.on_admitted, ttl=60)
        clock.now += 61
        with pytest.raises(CodeExpired, match="expired"):
            await bob_joins(admitter.port)
    finally:
        await admitter.listener.close()


async def test_an_unknown_nameplate_is_refused(admitter):
    with pytest.raises(UnknownCode, match="open invitation"):
        await bob_joins(admitter.port, JoinCode(8, ("appel", "fiets")))


async def test_the_node_can_refuse(admitter):
    admitter.refuse = "session closed"
    with pytest.raises(AdmissionRefused, match="session closed"):
        await bob_joins(admitter.port)


async def test_a_mistyped_code_fails_before_any_attempt(admitter):
    with pytest.raises(CodeFormatError):
        await bob_joins(admitter.port, "7-appel-fietz")
    assert (await bob_joins(admitter.port)).group_key == GROUP_KEY


async def test_nobody_listening_is_unreachable():
    listener = Listener(ann)
    await listener.start()
    port = listener.port
    await listener.close()
    with pytest.raises(Unreachable, match=f"127.0.0.1:{port}"):
        await bob_joins(port)


async def test_a_silent_admitter_times_out():
    async def say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with pytest.raises(JoinTimedOut, match="No answer"):
            await bob_joins(port, timeout=0.3)
    finally:
        server.close()
        await server.wait_closed()


async def test_invitations_need_an_open_session_and_a_free_nameplate(admitter):
    with pytest.raises(ValueError, match="already in use"):
        admitter.listener.open_admission(SESSION, CODE, admitter.on_admitted)
    with pytest.raises(ValueError, match="open the session"):
        admitter.listener.open_admission("b" * 32, JoinCode(9, ("appel", "boom")), None)
    assert admitter.listener.invitations.taken() == {7}
    admitter.listener.close_admission(CODE)
    with pytest.raises(UnknownCode):
        await bob_joins(admitter.port)


async def test_walking_away_after_spake2_still_costs_an_attempt(admitter, clock):
    """A guesser who hangs up before confirming must not get a free try."""
    reader, writer = await asyncio.open_connection("127.0.0.1", admitter.port)
    frames = FrameStream(reader, writer)
    await frames.write_raw(join_preamble(7))
    status = await read_clear(frames, 5)
    raw = bytes.fromhex(status["session"])
    spake = SPAKE2_A(WRONG.password(), idA=b"beraad-joiner:" + raw, idB=b"beraad-admitter:" + raw)
    await send_clear(frames, spake2=spake.start().hex())
    assert "spake2" in await read_clear(frames, 5)
    await frames.close()
    clock.now += 60
    with pytest.raises(WrongCode) as raised:
        await bob_joins(admitter.port, WRONG)
    assert raised.value.attempts_left == 3
