"""An outsider's advert flood does not hold the lobby's keys (attack s12, left over).

zeroconf ran on the app's own event loop: every packet of a flood, every browser callback and
every resolve took the loop the keys need, and 1,500 adverts from another host stalled the app
up to ~0.9 s at a time. Now zeroconf runs on a loop of its own, in its own thread, and only each
parsed advert crosses to the app. Three hosts of a test LAN (``tests/netns.py``): the real app,
headless, in the lobby of host 0 (``tests/net/lobby_under_flood.py``: real node, real zeroconf);
a raw zeroconf peer flooding from host 1; an honest peer advertising one session from host 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.netns import Process, netns_lab_fixture  # noqa: F401  (provides the netns_lab fixture)

pytestmark = [pytest.mark.netns, pytest.mark.timeout(240)]

APP = "tests/net/lobby_under_flood.py"
PEER = "tests/net/discovery_peer.py"
FLOOD = 600


def event(process: Process, name: str, timeout: float = 60) -> dict[str, Any]:
    return process.expect_json(lambda e: e["event"] == name, timeout=timeout)


def counted(app: Process, host: str, condition: Any, tries: int = 600) -> dict[str, Any]:
    """Ask the app what its lobby lists until ``condition`` holds (each answer waits on the
    app; ``tries`` is a hang guard)."""
    for _try in range(tries):
        app.send_json({"op": "count", "host": host})
        seen = event(app, "count")
        if condition(seen):
            return seen
    raise AssertionError(f"the lobby never got there: {seen}")


def test_the_lobby_moves_its_keys_while_zeroconf_is_held_by_a_flood(netns_lab, tmp_path: Path):
    """While zeroconf's loop is held (here on purpose, as a flood keeps it busy), → moves the
    lobby's keys: the effect shows before zeroconf's loop is let go. Then the flood's adverts
    reach the lobby within the caps, and the honest session beside them shows."""
    lab = netns_lab(3)
    flood_host = lab.hosts[1].address
    app = lab.hosts[0].python(APP, "--home", str(tmp_path / "anja"), "--host", lab.hosts[0].address)
    event(app, "ready", timeout=120)
    flooder = lab.hosts[1].python(PEER, "--raw", "--quiet")
    event(flooder, "ready")
    honest = lab.hosts[2].python(
        PEER, "--peer", "bart", "--session", "b" * 32, "--title", "Buurtfeest", "--port", "7000"
    )
    event(honest, "ready")

    flooder.send_json({"op": "flood", "count": FLOOD, "rate": 300, "addresses": [flood_host]})
    event(flooder, "flooding")  # the flood is on the wire
    app.send_json({"op": "gate"})
    assert event(app, "gated", timeout=120)["held"]  # before: the key waited for zeroconf
    event(flooder, "flooded", timeout=120)

    seen = counted(
        app,
        flood_host,
        lambda c: c["table"] >= 33 and c["rows_from"] == 8 and "Buurtfeest" in c["titles"],
    )
    assert seen["table"] == 32 + 1  # discovery.NEARBY_PER_HOST adverts from it, and Bart's
    assert seen["titles"][0] == "Buurtfeest"  # its address offers one: it comes first
    assert seen["more"] == f"… and 24 more from {flood_host}."
