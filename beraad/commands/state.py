"""``beraad state SESSION``: the state derived from a session's records, and its state hash.

Two peers that print the same state hash hold the same records and agree on everything derived
from them.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from pathlib import Path
from typing import Any

from beraad.clock_words import held_said
from beraad.commands.common import fail, open_profile
from beraad.core.session import PHASE_LABELS
from beraad.i18n import N_, _
from beraad.paths import data_dir
from beraad.readable import readable
from beraad.waiting_words import author_of, shown_incomplete

NAME = "state"
HELP = N_("print a session's derived state and its state hash")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        metavar=_("deliberation"),
        help=_("session id (or its first characters), or its name"),
    )
    parser.add_argument("--json", action="store_true", help=_("print the whole state as JSON"))


async def _state(args: argparse.Namespace) -> int:
    from beraad.export.holding import find_session
    from beraad.node import Node, NodeError
    from beraad.store import StoreError

    try:
        # Read-only: works beside a running keeper or app, which keeps writing.
        node = await Node.open(data_dir(args.data_dir), readonly=True)
    except StoreError as error:
        fail(str(error))
    try:
        try:
            session = find_session(node, args.session)
        except NodeError as error:
            fail(str(error))
        held = await _held_by_holder(data_dir(args.data_dir), session)
        if args.json:
            print(
                json.dumps(
                    {
                        "session": session,
                        "state_hash": node.state_hash(session),
                        **node.snapshot(session),
                        # records held here that wait for a missing one: left out above
                        "waiting": [dataclasses.asdict(w) for w in node.waiting(session)],
                        # records the running node holds until their time: author → [n,
                        # until, later ones behind them, 2 a take-over, 1 a handover, or 0]
                        "held_for_their_time": held,
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
            state = node.state(session)
            for line in held_said(held, lambda key: author_of(state, key)):
                print(_("not in yet: {why}").format(why=line))
    finally:
        await node.close()
    return 0


async def _held_by_holder(home: Path, session: str) -> dict[str, Any]:
    """What the running node on this data dir holds until its time (written ahead of its
    clock): only its memory keeps it, so it is asked (``attach.ask_holder``). Nothing runs,
    or it does not answer: nothing is held."""
    from beraad.attach import ask_holder
    from beraad.held import NodeError

    try:
        held = await ask_holder(home, "held_for_their_time", session=session)
    except (OSError, TimeoutError, NodeError, ValueError):
        return {}
    if not isinstance(held, dict):
        return {}
    return {  # [n, until, later ones behind them, about who facilitates]; before: [n, until]
        str(author): tuple(int(n) for n in said)
        for author, said in held.items()
        if isinstance(said, list) and len(said) in (2, 4) and all(type(n) is int for n in said)
    }


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    return asyncio.run(_state(args))
