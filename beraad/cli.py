"""The ``beraad`` command line: global options, then one module per subcommand.

Each module in ``beraad.commands`` exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; adding a subcommand means adding its module to ``COMMANDS``. With no
subcommand, beraad opens the app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from beraad import __version__
from beraad.commands.common import add_network_arguments
from beraad.i18n import _, detect_language, set_language
from beraad.i18n.cli_words import translate_argparse

COMMANDS: tuple[str, ...] = (
    "whoami",
    "sessions",
    "state",
    "keeper",
    "export",
    "import_",
    "verify",
    "demo",
    "web",
    "hash",
)


def _load_commands() -> list[ModuleType]:
    return [importlib.import_module(f"beraad.commands.{name}") for name in COMMANDS]


def build_parser(commands: list[ModuleType]) -> argparse.ArgumentParser:
    translate_argparse()
    parser = argparse.ArgumentParser(
        prog="beraad",
        description=_(
            "Beraad lets a small group deliberate together on one local network, "
            "with no server: map knots, explore positions, set criteria, devise options, "
            "decide and evaluate, each on their own terminal."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"beraad {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        help=_(
            "where your identity and records live (default: $BERAAD_HOME or your user data dir)"
        ),
    )
    parser.add_argument(
        "--lang", choices=("en", "nl"), help=_("language of the interface (default: your locale)")
    )
    parser.add_argument(
        "--projector",
        action="store_true",
        help=_("show one deliberation large and read-only, for the beamer (no subcommand)"),
    )
    add_network_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))
    for module in commands:
        command = sub.add_parser(module.NAME, help=_(module.HELP), description=_(module.HELP))
        module.add_arguments(command)
        if "--lang" not in command._option_string_actions:
            # People write the language where they think of it, also after the command
            # (``beraad export X --newsletter --lang en``); SUPPRESS keeps a --lang given
            # before the command when none follows it.
            command.add_argument(
                "--lang",
                choices=("en", "nl"),
                default=argparse.SUPPRESS,
                help=_("language of the interface (default: your locale)"),
            )
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    set_language(detect_language())
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the help text is built.
    for index, arg in enumerate(args_list):
        if arg == "--lang" and index + 1 < len(args_list) and args_list[index + 1] in ("en", "nl"):
            set_language(args_list[index + 1])
        elif arg.startswith("--lang=") and arg[7:] in ("en", "nl"):
            set_language(arg[7:])
    parser = build_parser(_load_commands())
    args = parser.parse_args(args_list)
    run = getattr(args, "run", None)
    if run is None:
        from beraad.commands import app

        return app.run(args)
    try:
        code = run(args)
        sys.stdout.flush()  # here, where a reader gone can still be caught, not at exit
        return code
    except BrokenPipeError:
        # ``beraad verify … | head``: the reader had what it wanted and stopped; a traceback
        # followed (naive s13). Said by the exit code as a shell does (128 + SIGPIPE); what
        # is still buffered goes nowhere, so the exit's own flush raises nothing either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        # Ctrl+C during a long verify or import printed a Python traceback (attack s13
        # finding 5). What was saved before it stays saved; say that in one line.
        print(_("Stopped (Ctrl+C). What was saved before stays saved."), file=sys.stderr)
        return 130
