"""``beraad web``: the app in a browser, for people who have no terminal at hand.

textual-serve starts one real ``beraad`` process per browser tab (Textual's web driver) and
streams it over a websocket. It listens on this machine only unless ``--host`` says otherwise:
anyone who can reach the page can use the app as you.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from beraad.commands.common import fail, open_profile
from beraad.i18n import N_, _, current_language
from beraad.paths import data_dir

NAME = "web"
HELP = N_("serve the app to a browser (textual-serve); one app per browser tab")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--web-host",
        default="127.0.0.1",
        help=_("address the web page listens on (default: this machine only)"),
    )
    parser.add_argument(
        "--web-port", type=int, default=8000, help=_("port of the web page (default: 8000)")
    )


def app_command(args: argparse.Namespace) -> str:
    """The command line each browser tab runs: this beraad, this data dir, these options."""
    command = [
        sys.executable,
        "-m",
        "beraad",
        "--data-dir",
        str(data_dir(args.data_dir)),
        "--lang",
        args.lang or current_language(),
    ]
    if hasattr(args, "host"):
        command += ["--host", args.host]
    if hasattr(args, "port"):
        command += ["--port", str(args.port)]
    for peer in getattr(args, "peer", []):
        command += ["--peer", peer]
    if getattr(args, "no_discovery", False):
        command.append("--no-discovery")
    return shlex.join(command)


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    try:
        from textual_serve.server import Server
    except ImportError:
        fail(_("beraad web needs textual-serve: pip install 'beraad[web]'"))
    url = f"http://{args.web_host}:{args.web_port}"
    print(_("Open {url} in a browser; stop with Ctrl-C.").format(url=url), flush=True)
    Server(app_command(args), host=args.web_host, port=args.web_port, title="beraad").serve()
    return 0
