"""Only the person who started ``beraad web`` drives the app it serves.

textual-serve answers any page that asks: browsers let every web site open a websocket to
127.0.0.1 (they send the page's ``Origin``; refusing it is the server's job), and each
websocket is a real ``beraad`` on the person's data dir. A page merely visited while
``beraad web`` ran read their deliberations and signed a knot with their key (attack s12
finding 3). Here the page and its websocket live under a random key in the path, printed by
``beraad web`` as Jupyter prints its token, and a request from another site's page (an
``Origin`` that is not this server's) is refused.

Under DNS rebinding the other site's name points at this machine: the browser then sends that
name as ``Host`` *and* in ``Origin``, which agree, so the Origin check alone lets it through. A
request is therefore answered only when its ``Host`` names this server as its person does: an
IP address (no rebinding goes through one), ``localhost``, the ``--web-host`` given, or this
machine's own name (``name`` or ``name.local``). The key in the path is the first defence;
this is a second (attack s12, left over).
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from collections.abc import Collection
from typing import Any

from beraad.i18n import _


def new_key() -> str:
    """The secret part of the page's address (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def own_names(listen_host: str | None) -> frozenset[str]:
    """The host names this server answers to besides IP addresses (lower case)."""
    names = {"localhost"}
    machine = socket.gethostname().lower().rstrip(".")
    if machine:
        names |= {machine, f"{machine}.local"}
    if listen_host:
        names.add(listen_host.lower().rstrip("."))
    return frozenset(names)


def host_allowed(host: str | None, names: Collection[str]) -> bool:
    """Whether a request's ``Host`` header names this server (an IP address or one of
    ``names``, any port), not a name somebody else's DNS points here."""
    if not host:
        return False
    name = host.strip().lower()
    if name.startswith("["):  # [v6]:port
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    name = name.rstrip(".")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name in names
    return True


def guarded_server(server_class: Any, key: str, **options: Any) -> Any:
    """A textual-serve ``Server`` whose page is ``/<key>/`` and websocket ``/<key>/ws``.

    The routes are textual-serve 1.1's own (``Server._make_app``), moved under the key: it
    has no hook for a check of its own (tests/ui/test_web.py holds it to that)."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web

    names = own_names(options.get("host"))

    @web.middleware
    async def same_site(request: web.Request, handler: Any) -> web.StreamResponse:
        if not host_allowed(request.headers.get("Host"), names):
            raise web.HTTPForbidden(
                text=_(
                    "beraad web answers only to this machine's address or name: open the "
                    "address it printed when it started."
                )
            )
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/") != f"{request.scheme}://{request.host}":
            raise web.HTTPForbidden(text=_("beraad web answers only its own page."))
        return await handler(request)

    async def without_key(_request: web.Request) -> web.Response:
        return web.Response(
            status=403,
            text=_(
                "This page needs its key: open the address beraad web printed when it started "
                "(it ends in a long code)."
            ),
        )

    class GuardedServer(server_class):  # type: ignore[misc, valid-type]
        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[same_site])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", without_key),
                    web.get(f"/{key}/", self.handle_index, name="index"),
                    web.get(f"/{key}/ws", self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_shutdown.append(self.on_shutdown)
            return app  # no on_startup: it printed the address without its key

    return GuardedServer(**options)
