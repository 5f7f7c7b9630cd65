"""Joining with a code over real loopback sockets: SPAKE2, key confirmation, limits, expiry."""

from __future__ import annotations

import asyncio
import logging

import pytest
from spake2 import SPAKE2_A

from beraad.net import admission as admission_module
from beraad.net.admission import (
    MAX_FAILURES,
    MAX_HOST_FAILURES,
    STEP_TIMEOUT,
    Admission,
    AdmissionGrant,
    AdmissionRequest,
    FailedAttempt,
    join,
)
from beraad.net.channel import FrameStream
from beraad.net.errors import (
    AdmissionRefused,
    BackedOff,
    CodeExpired,
    CodeFormatError,
    ConnectionClosed,
    JoinTimedOut,
    LockedOut,
    ProtocolError,
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
    assert raised.value.attempts_left == 4  # this address's tries; the room has more
    assert "Attempts left for this code: 4" in str(raised.value)
    assert "wrong join code" in caplog.text and "127.0.0.1:" in caplog.text
    assert admitter.requests == []


async def join_from(source: str, port: int, code: JoinCode = CODE) -> Admission:
    """Join as someone on another machine: the connection comes from ``source`` (127.0.0.x)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    frames = FrameStream(reader, writer, max_frame=4096)
    try:
        async with asyncio.timeout(10):
            return await admission_module._join(frames, code, bob, "Bob", "127.0.0.1", port)
    finally:
        await frames.close()


async def guess_and_go_quiet(port: int, code: JoinCode = WRONG) -> FrameStream:
    """An attacker: send the SPAKE2 message, read the answer, then never confirm."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    frames = FrameStream(reader, writer)
    await frames.write_raw(join_preamble(7))
    status = await read_clear(frames, 5)
    raw = bytes.fromhex(status["session"])
    spake = SPAKE2_A(code.password(), idA=b"beraad-joiner:" + raw, idB=b"beraad-admitter:" + raw)
    await send_clear(frames, spake2=spake.start().hex())
    assert "spake2" in await read_clear(frames, 5)
    return frames


async def test_one_typo_does_not_make_the_next_person_on_the_same_host_wait(admitter):
    """People sharing an SSH host share an address: one person's typo costs the next nothing."""
    with pytest.raises(WrongCode):
        await bob_joins(admitter.port, WRONG)
    admission = await bob_joins(admitter.port, CODE)
    assert admission.group_key == GROUP_KEY


async def test_one_address_is_locked_out_of_the_code_but_the_room_keeps_it(admitter, clock):
    for left in (4, 3):
        with pytest.raises(WrongCode) as wrong:
            await bob_joins(admitter.port, WRONG)
        assert wrong.value.attempts_left == left
    with pytest.raises(BackedOff) as raised:
        await bob_joins(admitter.port, WRONG)
    assert raised.value.retry_after == 1
    for left in (2, 1):
        clock.now += 60
        with pytest.raises(WrongCode) as wrong:
            await bob_joins(admitter.port, WRONG)
        assert wrong.value.attempts_left == left
    clock.now += 60
    with pytest.raises(LockedOut, match="from this computer"):
        await bob_joins(admitter.port, WRONG)
    clock.now += 600
    with pytest.raises(LockedOut):  # even the right code: this address had its tries
        await bob_joins(admitter.port, CODE)
    # Everyone else at the table still gets in with the code that was read aloud.
    admission = await join_from("127.0.0.2", admitter.port)
    assert admission.group_key == GROUP_KEY


async def test_the_code_burns_for_everyone_only_after_many_addresses_guessed(admitter, clock):
    reports: list[FailedAttempt] = []
    admitter.listener.invitations.get(7).on_failed = reports.append
    guessers = [f"127.0.0.{n}" for n in range(2, 6)]
    for source in guessers:
        for _ in range(MAX_HOST_FAILURES):
            clock.now += 5  # past this address's back-off, well within the code's life
            with pytest.raises((WrongCode, TooManyAttempts)):
                await join_from(source, admitter.port, WRONG)
    assert len(reports) == MAX_FAILURES == len(guessers) * MAX_HOST_FAILURES
    assert reports[0].attempts_left == MAX_FAILURES - 1 and reports[-1].attempts_left == 0
    assert {r.host for r in reports} == set(guessers)
    with pytest.raises(TooManyAttempts, match="no longer works"):
        await join_from("127.0.0.9", admitter.port)
    assert admitter.requests == []


async def test_a_connection_that_says_only_the_number_holds_nothing(admitter):
    """The join preamble and the code's number, then silence: nobody else has to wait, and the
    silent connection is closed after one step's time-out without costing a guess."""
    invitation = admitter.listener.invitations.get(7)
    squatters = []
    for _ in range(10):
        reader, writer = await asyncio.open_connection("127.0.0.1", admitter.port)
        await FrameStream(reader, writer).write_raw(join_preamble(7))
        squatters.append((reader, writer))
    admission = await bob_joins(admitter.port, timeout=3)
    assert admission.group_key == GROUP_KEY
    reader, writer = squatters[0]
    async with asyncio.timeout(STEP_TIMEOUT + 5):
        while await reader.read(4096):
            pass  # the status frame, then the end: the admitter hung up
    for _reader, writer in squatters:
        writer.close()
    assert invitation.failures == 0


async def test_a_guess_that_goes_quiet_blocks_nobody_and_is_charged(admitter):
    reports: list[FailedAttempt] = []
    admitter.listener.invitations.get(7).on_failed = reports.append
    quiet = await guess_and_go_quiet(admitter.port)
    admission = await join_from("127.0.0.2", admitter.port, CODE)
    assert admission.group_key == GROUP_KEY
    with pytest.raises((ConnectionClosed, ProtocolError)):
        await read_clear(quiet, STEP_TIMEOUT + 5)  # cut off after one step's time-out
    await quiet.close()
    [report] = reports
    assert (report.reason, report.host, report.attempts_left) == ("gave-up", "127.0.0.1", 19)


async def test_back_off_grows_with_each_wrong_try(admitter, clock):
    waits = []
    with pytest.raises(WrongCode):
        await bob_joins(admitter.port, WRONG)
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
    frames = await guess_and_go_quiet(admitter.port)
    await frames.close()
    clock.now += 60
    with pytest.raises(WrongCode) as raised:
        await bob_joins(admitter.port, WRONG)
    assert raised.value.attempts_left == 3


async def test_a_closed_code_admits_nobody_even_one_who_started_before(admitter):
    """Someone who overheard the code starts joining; the facilitator replaces the code; the
    right code, sent after that, gets nothing."""
    reader, writer = await asyncio.open_connection("127.0.0.1", admitter.port)
    frames = FrameStream(reader, writer)
    await frames.write_raw(join_preamble(7))
    status = await read_clear(frames, 5)
    admitter.listener.close_admission(CODE)
    raw = bytes.fromhex(status["session"])
    spake = SPAKE2_A(CODE.password(), idA=b"beraad-joiner:" + raw, idB=b"beraad-admitter:" + raw)
    await send_clear(frames, spake2=spake.start().hex())
    assert await read_clear(frames, 5) == {"error": "unknown-code"}
    await frames.close()
    assert admitter.requests == []


@pytest.mark.parametrize(
    "message",
    [bytes([0x41]) + bytes(range(32)), bytes([0x42]) + b"\xff" * 32, bytes(33)],
    ids=["not-on-curve", "other-side-junk", "zeros"],
)
async def test_a_spake2_message_that_is_no_point_is_a_failed_guess_said_in_one_line(
    admitter, caplog, message
):
    """Bytes that are no SPAKE2 message (not a point on the curve) are a failed join attempt,
    charged like a wrong code, said in one line — never an 'unexpected error' traceback."""
    caplog.set_level(logging.INFO)
    reports: list[FailedAttempt] = []
    admitter.listener.invitations.get(7).on_failed = reports.append
    reader, writer = await asyncio.open_connection("127.0.0.1", admitter.port)
    frames = FrameStream(reader, writer)
    await frames.write_raw(join_preamble(7))
    assert "session" in await read_clear(frames, 5)
    await send_clear(frames, spake2=message.hex())
    with pytest.raises((ConnectionClosed, ProtocolError)):
        await read_clear(frames, 5)  # the admitter hangs up
    await frames.close()
    async with asyncio.timeout(5):
        while not reports:
            await asyncio.sleep(0.01)
    [report] = reports
    assert (report.host, report.attempts_left) == ("127.0.0.1", 19)
    assert "Traceback" not in caplog.text and "unexpected" not in caplog.text
    assert caplog.text.count("SPAKE2 message is not valid") == 1
