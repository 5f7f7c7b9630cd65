"""``beraad web``: a browser gets the real app through textual-serve, over a real websocket.

The page and the websocket are served on 127.0.0.1; the app behind them is the real ``beraad``
command (first-run screen), driven as textual-serve's browser front-end drives it.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from beraad.commands.web_guard import host_allowed, own_names
from beraad.identity_file import save_profile

pytestmark = pytest.mark.timeout(90)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_browser_gets_the_app(tmp_path: Path):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "beraad",
            "--data-dir",
            str(tmp_path / "h"),
            "--lang",
            "en",
            "--host",
            "127.0.0.1",
            "--no-discovery",
            "web",
            "--web-port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "BERAAD_LANG": "en"},
    )
    try:
        assert server.stdout is not None
        first = await asyncio.to_thread(server.stdout.readline)
        page_url = address(first, port)
        async with aiohttp.ClientSession() as client:
            html = await get_page(client, page_url)
            assert "/ws" in html and "beraad" in html
            screen = ""
            ws_url = "ws" + page_url.removeprefix("http") + "ws?width=80&height=24"
            async with client.ws_connect(ws_url, origin=f"http://127.0.0.1:{port}") as ws:
                await ws.send_json(["resize", {"width": 80, "height": 24}])

                async def read_until_first_run() -> None:
                    nonlocal screen
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            screen += message.data.decode("utf-8", "replace")
                        elif message.type == aiohttp.WSMsgType.TEXT:
                            screen += message.data
                        if "display name" in screen.lower() or "Nederlands" in screen:
                            return

                await asyncio.wait_for(read_until_first_run(), 45)
        assert "Nederlands" in screen or "display name" in screen.lower()
    finally:
        server.terminate()
        server.wait(15)


def address(line: str, port: int) -> str:
    """The page's address as ``beraad web`` prints it: its port, then a key of its own."""
    found = re.search(rf"http://127\.0\.0\.1:{port}/([A-Za-z0-9_-]{{20,}})/", line)
    assert found, line
    return found.group(0)


async def served(server: subprocess.Popen[str], port: int) -> str:
    assert server.stdout is not None
    return address(await asyncio.to_thread(server.stdout.readline), port)


def start_web(home: Path, port: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "beraad", "--data-dir", str(home), "--lang", "en"]
    command += ["--host", "127.0.0.1", "--no-discovery", "web", "--web-port", str(port)]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "BERAAD_LANG": "en"},
    )


async def get_page(client: aiohttp.ClientSession, url: str) -> str:
    for _attempt in range(100):  # the server binds just after printing its address
        try:
            async with client.get(url) as page:
                return await page.text()
        except aiohttp.ClientConnectorError:
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never answered")


async def read_tab(client: aiohttp.ClientSession, page: str, wanted: str, tabs: list) -> str:
    """Open one browser tab (a websocket; textual-serve starts one app for it) and read its
    screen until ``wanted`` shows; the tab stays open (in ``tabs``) until the test ends."""
    ws_url = "ws" + page.removeprefix("http") + "ws?width=100&height=30"
    ws = await client.ws_connect(ws_url, origin="/".join(page.split("/")[:3]))
    tabs.append(ws)
    await ws.send_json(["resize", {"width": 100, "height": 30}])
    screen = ""

    async def read() -> None:
        nonlocal screen
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                screen += message.data.decode("utf-8", "replace")
            elif message.type == aiohttp.WSMsgType.TEXT:
                screen += message.data
            if wanted in screen:
                return

    await asyncio.wait_for(read(), 45)
    return screen


async def test_the_page_loads_nothing_from_the_internet(tmp_path: Path):
    """Issue 13: the page asked fonts.googleapis.com for its font, which fails offline."""
    port = free_port()
    server = start_web(tmp_path / "h", port)
    origin = f"http://127.0.0.1:{port}/"
    try:
        page = await served(server, port)
        async with aiohttp.ClientSession() as client:
            html = await get_page(client, page)
            assert "googleapis" not in html
            fetched = re.findall(r"""(?:href|src)=["']([^"']+)""", html)
            fetched += re.findall(r"""url\(["']?([^"')]+)""", html)
            assert any(url.endswith(".ttf") for url in fetched)  # the font, from here
            for url in fetched:
                assert url.startswith(origin) or not re.match(r"(?:[a-z]+:)?//", url), url
                async with client.get(url if url.startswith("http") else origin + url) as got:
                    assert got.status == 200, url  # and it is really served
                    body = await got.read()
                if url.endswith(".css"):
                    assert not re.search(rb"url\(['\"]?(?:https?:)?//", body), url
    finally:
        server.terminate()
        server.wait(15)


async def test_a_second_tab_on_the_same_data_dir_attaches_to_the_first(tmp_path: Path):
    """The first tab's process holds the data dir; the second tab used to show an empty lobby
    ("You are not in any deliberation yet"), then only said another beraad held it. It now
    attaches to the first tab's node and shows the same deliberations."""
    from tests.test_node_commands import make_session

    home = tmp_path / "h"
    home.mkdir()
    await make_session(home, title="Buurtfeest")
    save_profile(home, "Anja", "en", chosen=True)
    port = free_port()
    server = start_web(home, port)
    tabs: list = []
    try:
        page = await served(server, port)
        async with aiohttp.ClientSession() as client:
            await get_page(client, page)
            await read_tab(client, page, "Buurtfeest", tabs)
            screen = await read_tab(client, page, "Buurtfeest", tabs)
            assert "open in another beraad" not in screen
            assert "not in any deliberation yet" not in screen
            for tab in tabs:
                await tab.close()
    finally:
        server.terminate()
        server.wait(15)


async def test_another_sites_page_cannot_drive_the_app(tmp_path: Path):
    """Attack s12 finding 3: any page open in the same browser opened a websocket to the
    served app (browsers allow it to 127.0.0.1) and typed a knot signed with the person's key.
    Without the key printed with the address, or from another site's page (DNS rebinding
    included: a Host that is not this machine's), nothing answers; the printed address from
    its own page does."""
    port = free_port()
    server = start_web(tmp_path / "h", port)
    own = f"http://127.0.0.1:{port}"
    try:
        page = await served(server, port)
        key_ws = "ws" + page.removeprefix("http") + "ws?width=80&height=24"
        async with aiohttp.ClientSession() as client:
            await get_page(client, page)
            async with client.get(f"{own}/") as bare:
                assert bare.status == 403
                assert "open the address beraad web printed" in await bare.text()
            for url, origin in (
                (f"ws://127.0.0.1:{port}/ws?width=80&height=24", own),  # textual-serve's
                (key_ws, "http://evil.example"),  # the key learnt, another site's page
                (key_ws, f"http://localhost.evil.example:{port}"),  # DNS rebinding
            ):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect(url, origin=origin)
                assert refused.value.status in (403, 404), (url, origin)
            # DNS rebinding: another site's name pointed at 127.0.0.1, so its page sends that
            # name as Host and in Origin alike, and the Origin check alone let it in
            rebound = f"rebound.evil.example:{port}"
            for url in (page, key_ws.replace("ws://", "http://", 1)):
                headers = {"Host": rebound, "Origin": f"http://{rebound}"}
                if url.endswith("ws?width=80&height=24"):
                    headers |= {"Connection": "Upgrade", "Upgrade": "websocket"}
                    headers |= {"Sec-WebSocket-Version": "13"}
                    headers |= {"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
                async with client.get(url, headers=headers) as rebinding:
                    assert rebinding.status == 403, url  # before: the page and the websocket
                    assert "this machine's address or name" in await rebinding.text()
            async with client.get(page, headers={"Host": f"localhost:{port}"}) as by_name:
                assert by_name.status == 200  # its own names still work
            async with client.ws_connect(key_ws, origin=own) as ws:
                await ws.send_json(["resize", {"width": 80, "height": 24}])
                message = await asyncio.wait_for(ws.receive(), 45)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
    finally:
        server.terminate()
        server.wait(15)


def test_a_host_header_names_this_machine_or_is_refused():
    """What ``Host`` a browser may send: an address or this machine's own names, any port;
    another name (one somebody's DNS points here: rebinding) is refused, however it is
    written."""
    names = own_names("beraad-box.lan")
    machine = socket.gethostname().lower()
    for host in (
        "127.0.0.1:8000",
        "192.168.1.5:8000",
        "[::1]:8000",
        "localhost:8000",
        "LOCALHOST",
        "beraad-box.lan:8000",
        f"{machine}:8000",
        f"{machine}.local.:8000",
    ):
        assert host_allowed(host, names), host
    for host in (
        None,
        "",
        "evil.example:8000",
        "localhost.evil.example:8000",
        "127.0.0.1.evil.example",
        "[::1.evil.example]:8000",
        f"{machine}.evil.example",
    ):
        assert not host_allowed(host, names), host
