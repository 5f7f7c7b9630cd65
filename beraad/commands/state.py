"""``beraad state SESSION``: the state derived from a session's records, and its state hash.

Two peers that print the same state hash hold the same records and agree on everything derived
from them.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json

from beraad.commands.common import fail, open_profile
from beraad.core.session import PHASE_LABELS
from beraad.i18n import N_, _
from beraad.paths import data_dir
from beraad.readable import readable
from beraad.waiting_words import shown_incomplete

NAME = "state"
HELP = N_("print a session's derived state and its state hash")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session", metavar=_("deliberation"), help=_("session id (or its first characters)")
    )
    parser.add_argument("--json", action="store_true", help=_("print the whole state as JSON"))


async def _state(args: argparse.Namespace) -> int:
    from beraad.node import Node
    from beraad.store import StoreError

    try:
        # Read-only: works beside a running keeper or app, which keeps writing.
        node = await Node.open(data_dir(args.data_dir), readonly=True)
    except StoreError as error:
        fail(str(error))
    try:
        matches = [s for s in node.session_ids() if s.startswith(args.session.lower())]
        if len(matches) != 1:
            fail(_("No single session starts with {prefix}.").format(prefix=args.session))
        session = matches[0]
        if args.json:
            print(
                json.dumps(
                    {
                        "session": session,
                        "state_hash": node.state_hash(session),
                        **node.snapshot(session),
                        # records held here that wait for a missing one: left out above
                        "waiting": [dataclasses.asdict(w) for w in node.waiting(session)],
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
        else:
            summary = next(s for s in node.sessions() if s.id == session)
            print(_("session {session}").format(session=session))
            print(_("title: {title}").format(title=readable(summary.title)))
            phase = _(PHASE_LABELS.get(summary.phase, summary.phase))
            if summary.between_meetings:
                phase = _("Between meetings")
            print(_("phase: {phase}").format(phase=phase))
            print(_("members: {n}").format(n=summary.members))
            print(_("records: {n}").format(n=len(node.records(session))))
            print(_("state hash: {hash}").format(hash=node.state_hash(session)))
            incomplete = shown_incomplete(node.state(session), node.waiting(session))
            if incomplete:
                print(_("incomplete: {why}").format(why=incomplete))
    finally:
        await node.close()
    return 0


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    return asyncio.run(_state(args))
