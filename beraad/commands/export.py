"""``beraad export SESSION --format md|html|bundle -o FILE``: minutes to read, or a bundle to check.

``--newsletter`` writes the trajectory's newsletter instead (md or html): what neighbours who
were not there need, nothing marked internal.

Minutes are for people (also those who were not in the room); a bundle is every signed record
of the session in one file that ``beraad verify`` checks and ``beraad import`` merges. A bundle
holds no group key: it lets others read and check, never write.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date

from beraad.commands.common import fail, open_profile
from beraad.i18n import N_, _, current_language
from beraad.paths import data_dir

NAME = "export"
HELP = N_("write a session's minutes (Markdown, HTML) or a self-verifying bundle")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        metavar=_("deliberation"),
        help=_("session id (or its first characters), or its name"),
    )
    parser.add_argument(
        "--format",
        choices=("md", "html", "bundle"),
        type=str.lower,  # "MD" was refused (naive s13 N7)
        default="md",
        help=_("md or html minutes, or a bundle of all signed records (default: md)"),
    )
    parser.add_argument(
        "--newsletter",
        action="store_true",
        help=_(
            "write the newsletter of the trajectory instead of the minutes: decisions, actions, "
            "what comes next, how to take part (md or html; nothing marked internal)"
        ),
    )
    parser.add_argument(
        "--take-part",
        default="",
        metavar=_("TEXT"),
        help=_("with --newsletter: how people can take part (a place, a contact)"),
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar=_("FILE"), help=_("the file to write")
    )


async def _export(args: argparse.Namespace) -> int:
    from beraad.export import holding
    from beraad.export.transfer import (
        TransferError,
        export_minutes,
        file_name,
        newsletter_text,
        where_to_write,
        write_text,
    )
    from beraad.node import Node, NodeError
    from beraad.store import StoreError

    try:
        # Read-only: works beside a running keeper or app, which keeps writing.
        node = await Node.open(data_dir(args.data_dir), readonly=True)
    except StoreError as error:
        fail(str(error))
    try:
        session = holding.find_session(node, args.session)
        # An existing folder takes the file under the name the app suggests, as in the app:
        # the CLI refused it, "that is a folder, not a file" (naive s13 N6).
        extension = f"newsletter.{args.format}" if args.newsletter else args.format
        info = node.state(session).info
        title = info.title if info is not None else session[:12]
        name = file_name(title, extension, date.today())
        output = where_to_write(args.output, name)
        if args.newsletter:
            if args.format == "bundle":
                fail(_("A newsletter is md or html, not a bundle."))
            text = newsletter_text(node, session, args.format, current_language(), args.take_part)
            path = write_text(output, text)
        else:
            path = export_minutes(node, session, args.format, output, current_language())
    except (TransferError, NodeError) as error:
        fail(str(error))
    finally:
        await node.close()
    print(_("Wrote {path}.").format(path=path))
    return 0


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    return asyncio.run(_export(args))
