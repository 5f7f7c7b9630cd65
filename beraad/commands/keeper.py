"""``beraad keeper``: a node without a screen — the always-on peer that keeps a meeting's records.

It listens, advertises every session it holds, dials the peers it is given, logs to stdout and
stops cleanly on SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from beraad.commands.common import add_network_arguments, fail, network_options, open_profile
from beraad.core.identity import fingerprint
from beraad.events import (
    JoinAttemptFailed,
    NodeEvent,
    PeerJoined,
    PeerLeft,
    RecordArrived,
    RecordRefused,
)
from beraad.i18n import N_, _
from beraad.paths import data_dir

NAME = "keeper"
HELP = N_("run a peer without a screen that keeps and serves the records (stop with Ctrl-C)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_network_arguments(parser)
    parser.add_argument("--join", metavar="CODE", help=_("join a session with this code first"))
    parser.add_argument(
        "--invite",
        action="store_true",
        help=_("open a join code for every session kept and print it"),
    )
    parser.add_argument(
        "--join-address",
        metavar="HOST:PORT",
        help=_("where the joined session's admitter listens (default: find it)"),
    )


def _describe(event: NodeEvent) -> str | None:
    if isinstance(event, RecordArrived):
        return _("record {kind} by {who} in {session}").format(
            kind=event.record.kind, who=fingerprint(event.record.author), session=event.session[:8]
        )
    if isinstance(event, PeerJoined):
        return _("{name} ({who}) connected to {session}").format(
            name=event.name, who=fingerprint(event.peer), session=event.session[:8]
        )
    if isinstance(event, PeerLeft):
        return _("{who} left {session}").format(
            who=fingerprint(event.peer), session=event.session[:8]
        )
    if isinstance(event, RecordRefused):
        who = fingerprint(event.peer) if event.peer else "-"
        return _("refused a record from {who}: {reason}").format(who=who, reason=event.reason)
    if isinstance(event, JoinAttemptFailed):
        from beraad.admission import describe_attempt

        return describe_attempt(event)
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

    def show(event: NodeEvent) -> None:
        line = _describe(event)
        if line:
            print(line, flush=True)

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
        await node.close()
    return 0


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, format="%(asctime)s %(name)s %(message)s"
    )
    return asyncio.run(_keep(args))
