"""``beraad`` with no subcommand: open the app."""

from __future__ import annotations

import argparse

from beraad.commands.common import open_profile


def run(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    from beraad.ui.app import BeraadApp

    BeraadApp(profile=profile).run()
    return 0
