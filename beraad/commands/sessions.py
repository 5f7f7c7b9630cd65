"""``beraad sessions``: the sessions you hold, and those found nearby on the network."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
from collections.abc import Iterable
from typing import Any

from beraad.commands.common import fail, open_profile
from beraad.core.session import PHASE_LABELS
from beraad.i18n import N_, _, ngettext
from beraad.paths import data_dir
from beraad.readable import readable

NAME = "sessions"
HELP = N_("list your sessions and the ones nearby")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        type=float,
        default=3.0,
        metavar=_("SECONDS"),
        help=_("how long to look for sessions nearby (0: do not look)"),
    )


def nearby_lines(nearby: Iterable[Any]) -> list[str]:
    """One line a deliberation, its name first and every address that offers it on it: each
    private one was listed once per peer holding it, a row of hex ids (naive s13b)."""
    by_session: dict[str, list[Any]] = {}
    for entry in nearby:
        by_session.setdefault(entry.session, []).append(entry)
    lines = []
    for session, entries in by_session.items():
        title = next((readable(e.title) for e in entries if e.title), "") or _("(private)")
        numbers = [
            number
            for e in entries
            for number in getattr(e, "nameplates", ()) or (e.nameplate,)
            if number
        ]
        code = "".join(f"  {_('code')} {number}-…" for number in dict.fromkeys(numbers))
        where = ", ".join(dict.fromkeys(f"{e.host}:{e.port}" for e in entries))
        lines.append(f"  {title}  {where}{code}  {session}")
    return lines


async def _list(args: argparse.Namespace) -> int:
    from beraad.node import Node
    from beraad.store import StoreError

    try:
        # Read-only: works beside a running keeper or app, which holds the data dir.
        node = await Node.open(data_dir(args.data_dir), readonly=True)
    except StoreError as error:
        fail(str(error))
    # --no-discovery (or BERAAD_DISCOVERY=0, as the app reads it) looks for nothing nearby:
    # it browsed whenever --wait was above 0 (naive s8 finding 11).
    off = getattr(args, "no_discovery", False) or os.environ.get("BERAAD_DISCOVERY") == "0"
    look = args.wait > 0 and not off
    try:
        if look:
            await node.browse()
        mine = node.sessions()
        print(_("Your sessions:") if mine else _("You are not part of any session yet."))
        for summary in mine:
            phase = _(PHASE_LABELS.get(summary.phase, summary.phase))
            if summary.between_meetings:
                phase = _("Between meetings")
            # The name first, the id (what export and state take) after it: a row of hex ids
            # was what a person read first (naive s13b).
            members = ngettext("{n} member", "{n} members", summary.members)
            print(
                f"  {readable(summary.title)}  ({phase}, {members.format(n=summary.members)})"
                f"  {summary.id}"
            )
        if off:
            print(_("Not looking for deliberations nearby (discovery is off)."))
        if look:
            with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                await node.discovery.wait_for(lambda entries: False, args.wait)
            nearby = node.nearby()
            print(_("Nearby:") if nearby else _("Nothing found nearby."))
            for line in nearby_lines(nearby):
                print(line)
    finally:
        await node.close()
    return 0


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    return asyncio.run(_list(args))
