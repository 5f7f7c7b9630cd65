"""``beraad whoami``: your display name and the fingerprint others see beside it."""

from __future__ import annotations

import argparse

from beraad.commands.common import fail, open_profile
from beraad.i18n import N_, _
from beraad.identity_file import save_profile
from beraad.paths import data_dir

NAME = "whoami"
HELP = N_("show your display name and key fingerprint (creates them on first use)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", help=_("change your display name"))
    parser.add_argument("--key", action="store_true", help=_("also print your full public key"))


def run(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    name = profile.display_name
    if args.name is not None:
        try:
            save_profile(data_dir(args.data_dir), args.name, profile.language)
        except ValueError as error:
            fail(str(error))
        name = " ".join(args.name.split())
    if profile.created:
        print(_("A new identity was created for you."))
    print(f"{name} ({profile.identity.fingerprint})")
    if args.key:
        print(profile.identity.public_key)
    return 0
