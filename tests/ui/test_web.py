"""``beraad web``: a browser gets the real app through textual-serve, over a real websocket.

The page and the websocket are served on 127.0.0.1; the app behind them is the real ``beraad``
command (first-run screen), driven as textual-serve's browser front-end drives it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

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
        assert f"http://127.0.0.1:{port}" in first
        async with aiohttp.ClientSession() as client:
            for _attempt in range(100):  # the server binds just after printing its address
                try:
                    async with client.get(f"http://127.0.0.1:{port}/") as page:
                        html = await page.text()
                        break
                except aiohttp.ClientConnectorError:
                    await asyncio.sleep(0.1)
            assert "/ws" in html and "beraad" in html
            screen = ""
            async with client.ws_connect(f"ws://127.0.0.1:{port}/ws?width=80&height=24") as ws:
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
