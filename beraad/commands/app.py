"""``beraad`` with no subcommand: open the app, with the node started inside it.

Where the node listens and whether it uses mDNS come from global options when the command line
has them (``--host``, ``--port``, ``--peer``, ``--no-discovery``), else from the environment
(``BERAAD_HOST``, ``BERAAD_PORT``, ``BERAAD_PEERS`` comma-separated, ``BERAAD_DISCOVERY=0``):
tests and classrooms without multicast need them, and the defaults suit everyone else.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beraad.commands.common import fail, open_profile
from beraad.i18n import _
from beraad.paths import data_dir


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    host: str = "0.0.0.0"
    port: int = 0
    discovery: bool = True
    peers: tuple[str, ...] = ()


def network_options(
    args: argparse.Namespace, environ: dict[str, str] | None = None
) -> NetworkOptions:
    env = os.environ if environ is None else environ
    host = getattr(args, "host", None) or env.get("BERAAD_HOST") or "0.0.0.0"
    port_text = str(getattr(args, "port", None) or env.get("BERAAD_PORT") or "0")
    if not port_text.isdigit() or int(port_text) > 65535:
        fail(_("The port must be a number from 0 to 65535, not {port}.").format(port=port_text))
    peers = tuple(getattr(args, "peer", None) or ()) or tuple(
        p.strip() for p in env.get("BERAAD_PEERS", "").split(",") if p.strip()
    )
    discovery = not getattr(args, "no_discovery", False) and env.get("BERAAD_DISCOVERY") != "0"
    return NetworkOptions(host, int(port_text), discovery, peers)


def run(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    from beraad.ui.app import BeraadApp

    home = data_dir(args.data_dir)
    opener = _node_opener(home, network_options(args))
    if getattr(args, "projector", False):
        return _projector(args, home, profile, opener)
    app = BeraadApp(profile=profile, data_dir=home, node_opener=opener)
    app.run()
    return app.return_code or 0


def _projector(
    args: argparse.Namespace,
    home: Path,
    profile: Any,
    opener: Callable[[], Awaitable[Any]] | None,
) -> int:
    """``beraad --projector``: the read-only beamer view on this data dir's own node.

    A projector that never ran on this data dir is named "Projector" for the others' screens
    (it joins as a member of its own; nobody types a name on a beamer).
    """
    from beraad.identity_file import save_profile
    from beraad.ui.projector import ProjectorApp

    if opener is None:
        fail(_("This build of beraad has no network node, so it cannot run a projector."))
        return 2
    if not profile.chosen:
        try:
            save_profile(home, _("Projector"), getattr(args, "lang", None), chosen=True)
        except (OSError, ValueError) as error:
            fail(str(error))
    ProjectorApp(opener).run()
    return 0


def _node_opener(home: Path, options: NetworkOptions) -> Callable[[], Awaitable[Any]] | None:
    """How the app starts the node; None while ``beraad.node`` is not part of this build."""
    try:
        from beraad.node import Node
    except ImportError:
        return None

    async def open_node() -> Any:
        return await Node.open(
            home,
            host=options.host,
            port=options.port,
            discovery=options.discovery,
            peers=options.peers,
        )

    return open_node
