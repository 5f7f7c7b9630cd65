"""``beraad keeper``: a node without a screen — the always-on peer that keeps a meeting's records.

It listens, advertises every session it holds, dials the peers it is given, logs to stdout and
stops cleanly on SIGINT or SIGTERM. With ``--invite`` it prints a join code per session, and
when wrong guesses burn one it opens and prints a fresh one by itself (``Renewals`` bounds how
often); SIGUSR1 opens fresh codes on request.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from typing import Any

from beraad.commands.common import add_network_arguments, fail, network_options, open_profile
from beraad.core.identity import fingerprint
from beraad.events import (
    JoinAttemptFailed,
    JoinedFromOneAddress,
    NodeEvent,
    PeerJoined,
    PeerLeft,
    RecordArrived,
    RecordRefused,
)
from beraad.i18n import N_, _
from beraad.net.limits import Throttle
from beraad.paths import data_dir
from beraad.readable import ReadableFormatter, readable

NAME = "keeper"
HELP = N_("run a peer without a screen that keeps and serves the records (stop with Ctrl-C)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    parser.add_argument(
        "--join",
        metavar="CODE",
        help=_(
            "join a session with this code first; without --invite the keeper only watches "
            "it (keeps its records, counts in no vote)"
        ),
    )
    parser.add_argument(
        "--invite",
        action="store_true",
        help=_("open a join code for every session kept and print it"),
    )
    parser.add_argument(
        "--join-address",
        metavar=_("HOST:PORT"),
        help=_("where the joined session's admitter listens (default: find it)"),
    )


#: A keeper has nobody at a screen to open a fresh code when guessers burnt the one it printed,
#: so it opens one by itself: after ``RENEW_FIRST`` seconds, twice as long after each further
#: burn (up to ``RENEW_LONGEST``), and at most ``RENEW_LIMIT`` times per run. Each fresh code
#: takes ``MAX_FAILURES`` more guesses, so the bound keeps a patient guesser's total chance
#: small (10 × 20 guesses at a 16-bit code: 0.3 %); past it, SIGUSR1 opens one on request.
RENEW_FIRST = 2.0
RENEW_LONGEST = 300.0
RENEW_LIMIT = 10


class Renewals:
    """When the keeper opens a fresh join code by itself after one was burnt (no I/O here)."""

    def __init__(self, limit: int = RENEW_LIMIT) -> None:
        self.limit = limit
        self.done = 0
        self.pending: set[str] = set()

    def delay(self, session: str) -> float | None:
        """Seconds to wait before the fresh code for ``session``; None when none is opened
        (one is already coming, or the budget of this run is spent)."""
        if session in self.pending or self.done >= self.limit:
            return None
        self.pending.add(session)
        self.done += 1
        return min(RENEW_FIRST * 2 ** (self.done - 1), RENEW_LONGEST)


def _describe(event: NodeEvent, refusals: Throttle) -> str | None:
    """The printed line(s) for ``event``; refusals are counted per peer past a few lines."""
    if isinstance(event, RecordArrived):
        return _("record {kind} by {who} in {session}").format(
            kind=event.record.kind, who=fingerprint(event.record.author), session=event.session[:8]
        )
    if isinstance(event, PeerJoined):
        return _("{name} ({who}) connected to {session}").format(
            name=readable(event.name), who=fingerprint(event.peer), session=event.session[:8]
        )
    if isinstance(event, PeerLeft):
        return _("{who} left {session}").format(
            who=fingerprint(event.peer), session=event.session[:8]
        )
    if isinstance(event, RecordRefused):
        who = fingerprint(event.peer) if event.peer else "-"
        count, left_out = refusals.count(who)
        lines = []
        if left_out:
            lines.append(
                _("{count} more records from {who} were refused (not printed)").format(
                    count=left_out, who=who
                )
            )
        if count <= refusals.burst:
            lines.append(
                _("refused a record from {who}: {reason}").format(
                    who=who, reason=readable(event.reason)
                )
            )
        elif count == refusals.burst + 1:
            lines.append(
                _("more records from {who} are refused; they are counted, not printed").format(
                    who=who
                )
            )
        return "\n".join(lines) or None
    if isinstance(event, JoinAttemptFailed):
        from beraad.admission import describe_attempt

        return describe_attempt(event)
    if isinstance(event, JoinedFromOneAddress):
        from beraad.admission import describe_shared_address

        return describe_shared_address(event)
    return None


async def _keep(args: argparse.Namespace) -> int:
    from beraad.node import Node, NodeError
    from beraad.store import StoreError

    try:
        node = await Node.open(data_dir(args.data_dir), **network_options(args))
    except (StoreError, NodeError, OSError) as error:
        fail(str(error))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    renewals = Renewals()
    tasks: set[asyncio.Task[None]] = set()

    async def fresh_code(session: str, delay: float, why: str) -> None:
        try:
            await asyncio.wait_for(stop.wait(), delay)
            return  # stopping: no code for anyone
        except TimeoutError:
            pass
        finally:
            renewals.pending.discard(session)
        if why == "burnt" and not node.code_burnt(session):
            return  # a late report about a code that was replaced meanwhile
        try:
            invitation = await node.invite(session)
        except NodeError as error:
            print(_("could not open a fresh join code: {error}").format(error=error), flush=True)
            return
        print(
            _("fresh join code for session {session}: {code}").format(
                session=session, code=invitation.code
            ),
            flush=True,
        )

    def later(session: str, delay: float, why: str) -> None:
        task = loop.create_task(fresh_code(session, delay, why))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    refusals = Throttle()

    def show(event: NodeEvent) -> None:
        line = _describe(event, refusals)
        if line:
            print(line, flush=True)
        if isinstance(event, JoinAttemptFailed) and event.attempts_left <= 0:
            delay = renewals.delay(event.session)
            if delay is not None:
                print(
                    _("opening a fresh join code for session {session} in {n} s").format(
                        session=event.session, n=round(delay)
                    ),
                    flush=True,
                )
                later(event.session, delay, "burnt")
            elif event.session not in renewals.pending:
                print(
                    _(
                        "the join code of session {session} was burnt again; no fresh code is "
                        "opened by itself any more in this run: send SIGUSR1 to the keeper "
                        "(kill -USR1 {pid}) to open one"
                    ).format(session=event.session, pid=os.getpid()),
                    flush=True,
                )

    def on_request() -> None:
        """SIGUSR1: open a fresh code for every session kept, now."""
        for session in node.session_ids():
            later(session, 0, "asked")

    loop.add_signal_handler(signal.SIGUSR1, on_request)
    node.subscribe(show)
    try:
        print(
            _("keeper {who} listening on port {port}").format(
                who=node.identity.fingerprint, port=node.port
            ),
            flush=True,
        )
        if args.join:
            try:
                session = await node.join(args.join, address=args.join_address)
            except Exception as error:
                print(_("could not join: {error}").format(error=error), flush=True)
                return 1
            print(_("joined session {session}").format(session=session), flush=True)
            await _watch(node, session, args.invite)
        for session in node.session_ids():
            print(_("keeping session {session}").format(session=session), flush=True)
            if args.invite:
                invitation = await node.invite(session)
                print(
                    _("join code for session {session}: {code}").format(
                        session=session, code=invitation.code
                    ),
                    flush=True,
                )
        await stop.wait()
        print(_("stopping"), flush=True)
    finally:
        for task in list(tasks):
            task.cancel()
        await node.close()
    return 0


async def _watch(node: Any, session: str, invites: bool) -> None:
    """A keeper that joined by code is a device, not a person: as a member it would count in
    every quorum and phase consent (and be "absent" from every meeting) without ever
    answering. So it only watches; with ``--invite`` it still admits (an observer may), and
    whom it admits count once a member confirms them. Sessions it held before are left as they
    are: a keeper may run on a person's own data dir, and that person takes part."""
    state = node.state(session)
    me = state.members.get(node.identity.public_key)
    if me is None or not me.counts or state.facilitator == node.identity.public_key:
        return
    from beraad.node import NodeError

    try:
        await node.contribute(session, "member.observe", {})
    except NodeError as error:  # its own chain not whole here yet (own_chain.py): said, kept
        print(_("could not switch to only watching yet: {error}").format(error=error), flush=True)
        return
    if invites:
        said = _(
            "watching session {session}: keeping its records, counting in no vote; whom its "
            "codes admit count once a member confirms them (F12)"
        )
    else:
        said = _("watching session {session}: keeping its records, counting in no vote")
    print(said.format(session=session), flush=True)


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(ReadableFormatter("%(asctime)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    return asyncio.run(_keep(args))
