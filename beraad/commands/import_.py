"""``beraad import FILE``: merge a bundle's records into what this peer holds.

Every record takes the path a record from a peer takes (signature, session, membership, chain),
so importing is safe in any order and twice over. Before anything is imported the bundle is
checked exactly as ``beraad verify`` checks it; if that finds a problem, nothing is imported
unless ``--anyway`` is given. It lets you hold, read and export the session; it does not make
you a member: without being admitted you cannot write to it.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from beraad.commands.common import fail, open_profile, print_listed, print_refused
from beraad.i18n import N_, _, ngettext
from beraad.paths import data_dir

NAME = "import"
HELP = N_("merge a session bundle's signed records into what you hold")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar=_("FILE"), help=_("the bundle to import"))
    parser.add_argument(
        "--anyway",
        action="store_true",
        help=_("import the records that hold on their own even when verify finds problems"),
    )


async def _import(args: argparse.Namespace) -> int:
    from beraad.export.transfer import TransferError, import_bundle
    from beraad.node import Node, NodeError
    from beraad.store import StoreError, StoreLocked

    try:
        node = await Node.open(data_dir(args.data_dir), discovery=False, listen=False)
    except StoreLocked as error:
        # Import writes, and one data dir has one writer: the keeper's chains and lamport
        # clock live in that process, so records cannot be slipped in beside it.
        fail(
            _(
                "{error}\nImporting adds records, so it needs the data dir to itself: stop the "
                "keeper (or the app) using it, then import again. Reading works while it runs: "
                "beraad state and beraad export."
            ).format(error=error)
        )
    except StoreError as error:
        fail(str(error))
    try:
        report = import_bundle(node, Path(args.file), anyway=args.anyway)
    except (TransferError, NodeError) as error:
        fail(str(error))
    finally:
        await node.close()
    print(_("session {session}").format(session=report.session))
    if not report.problems:
        print(_("verify: everything in this bundle holds."))
    else:
        print_listed(
            ngettext(
                "verify found {n} problem in this bundle:",
                "verify found {n} problems in this bundle:",
                len(report.problems),
            ).format(n=len(report.problems)),
            report.problems,
        )
    print_refused(report)
    if report.stopped:
        print(_("Nothing was imported."))
        print(
            _(
                "To import the records that hold on their own all the same: "
                "beraad import --anyway {file}"
            ).format(file=args.file)
        )
        return 1
    print(ngettext("{n} new record", "{n} new records", report.new).format(n=report.new))
    print(_("{n} already held").format(n=report.already_held))
    if report.waiting:
        print(_("{n} held back: they wait for records the bundle lacks").format(n=report.waiting))
    if report.set_aside:
        print(
            _("{n} set aside: their author signed two different records at one place").format(
                n=report.set_aside
            )
        )
    if report.not_members:
        print(
            _("{n} not taken: by the bundle's records their author is no member").format(
                n=report.not_members
            )
        )
    print(_("{n} refused").format(n=len(report.refused)))
    for where, reason in report.refused:
        print(f"  {where + ': ' if where else ''}{reason}")
    if report.state_hash:
        print(_("state hash: {hash}").format(hash=report.state_hash))
        if not report.matches_header:
            print(_("(the bundle's header claimed {hash})").format(hash=report.header_hash))
    return 1 if report.refused or report.problems else 0


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    return asyncio.run(_import(args))
