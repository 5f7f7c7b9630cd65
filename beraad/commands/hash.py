"""``beraad hash FILE…``: the sha256 of a file, as a shared fact names it.

A group keeps its data files on a USB stick or a shared drive; a fact in beraad names such a
file by its sha256, so anyone can check that the copy they hold is the one the fact is about.
"""

from __future__ import annotations

import argparse

from beraad.commands.common import fail
from beraad.file_hash import FileHashError, sha256_of
from beraad.i18n import N_, _

NAME = "hash"
HELP = N_("print the sha256 of files, to name or check them in a shared fact")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar=_("FILE"), help=_("a file to fingerprint"))


def run(args: argparse.Namespace) -> int:
    for path in args.files:
        try:
            print(f"{sha256_of(path)}  {path}")
        except FileHashError as error:
            fail(str(error))
    return 0
