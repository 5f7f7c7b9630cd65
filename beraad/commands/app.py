"""``beraad`` with no subcommand: open the app, with the node started inside it."""

from __future__ import annotations

import argparse
from typing import Any

from beraad.commands.common import open_profile
from beraad.paths import data_dir


def run(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    from beraad.ui.app import BeraadApp

    home = data_dir(args.data_dir)
    BeraadApp(profile=profile, data_dir=home, node_opener=_node_opener(home)).run()
    return 0


def _node_opener(home: Any):
    """How the app starts the node; None while ``beraad.node`` is not part of this build."""
    try:
        from beraad.node import Node
    except ImportError:
        return None

    async def open_node() -> Any:
        return await Node.open(home)

    return open_node
