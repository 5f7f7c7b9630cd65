"""``beraad web``: the app in a browser, for people who have no terminal at hand.

textual-serve starts one real ``beraad`` process per browser tab (Textual's web driver) and
streams it over a websocket. It listens on this machine only unless ``--host`` says otherwise,
and only under a random key printed with its address (``web_guard``): a page of another site
open in the same browser cannot drive it.

The page must work in a room without internet: textual-serve's page asks Google's font service
for Roboto Mono, so we serve its page with that link replaced by the copy of the font
textual-serve itself ships (``offline_templates``); no request leaves the serving machine.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import tempfile
from pathlib import Path

from beraad.commands.common import fail, open_profile
from beraad.commands.web_guard import guarded_server, new_key
from beraad.i18n import N_, _, current_language
from beraad.paths import data_dir

NAME = "web"
HELP = N_(
    "serve the app to a browser (textual-serve); one app per browser tab, all on the first "
    "tab's node"
)


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


#: A stylesheet or script fetched from another site (the font service): replaced or refused.
_REMOTE = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=\"(?:https?:)?//[^\"]*\"[^>]*>", re.I)

_LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
        font-weight: 100 700;
      }
      @font-face {
        font-family: "Roboto Mono";
        font-style: italic;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf");
        font-weight: 100 700;
      }
    </style>"""


def offline_page(template: str) -> str:
    """textual-serve's page template with every remote stylesheet or script replaced by the
    font it ships; ``ValueError`` if anything else would still be fetched from elsewhere."""
    page = _REMOTE.sub(lambda _match: _LOCAL_FONT, template, count=1)
    page = _REMOTE.sub("", page)
    if re.search(r"(?:href|src)=\"(?:https?:)?//", page) or "url(http" in page:
        raise ValueError(_("The web page would still load something from the internet."))
    return page


def offline_templates(into: Path) -> Path:
    """A templates folder for textual-serve whose page is ``offline_page`` of its own."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    into.mkdir(parents=True, exist_ok=True)
    (into / "app_index.html").write_text(
        offline_page(source.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return into


def run(args: argparse.Namespace) -> int:
    open_profile(args)
    try:
        from textual_serve.server import Server
    except ImportError:
        fail(_("beraad web needs textual-serve: pip install 'beraad[web]'"))
    key = new_key()
    url = f"http://{args.web_host}:{args.web_port}/{key}/"
    print(_("Open {url} in a browser; stop with Ctrl-C.").format(url=url), flush=True)
    with tempfile.TemporaryDirectory(prefix="beraad-web-") as folder:
        guarded_server(
            Server,
            key,
            command=app_command(args),
            host=args.web_host,
            port=args.web_port,
            title="beraad",
            templates_path=offline_templates(Path(folder)),
        ).serve()
    return 0
