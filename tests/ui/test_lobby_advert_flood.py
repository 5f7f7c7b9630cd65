"""An outsider's flood of mDNS adverts does not refill the lobby per advert (attack s12 #3).

1,500 adverts from one machine, each a change, made the lobby clear and rebuild its whole nearby
table twice per advert (O(N²) rows), with a row per advert: keys waited 4–8 s for ~90 s. Now a
burst of changes is one fill per ``LOBBY_REFRESH_EVERY``, the same rows are no refill, and one
advertising address puts at most ``PER_ADDRESS`` rows in the list, each address's first before
any address's second (``ui/nearby_order.py``). The real app with a real
node (Pilot); its nearby table is a real ``Discovery`` (never started: nothing goes on the
network) holding the adverts mDNS would have brought, each told as the node tells a change.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from beraad.net.discovery import Discovery, Nearby
from beraad.ui.nearby_order import PER_ADDRESS
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.widgets.nearby_list import NearbyList
from tests.ui.conftest import SIZE
from tests.ui.test_session_flow import make_app, screen_text, until

pytestmark = pytest.mark.timeout(120)

ADVERTS = 300


async def test_a_flood_of_adverts_is_a_few_fills_and_a_few_rows(tmp_path):
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen), pilot)
        node = app.bridge.node
        discovery = node.discovery = Discovery(on_change=node._nearby_changed)
        nearby = app.screen.query_one(NearbyList)
        before = nearby.fills
        for n in range(ADVERTS):  # one machine, each advert its own session and port
            discovery._table[f"flood-{n}"] = Nearby(
                f"{n:032x}", f"a{n}", "10.0.0.66", 7000 + n, 1 + n % 99, f"Flood {n:03d}"
            )
            discovery._notify()
        discovery._table["real"] = Nearby("f" * 32, "b1", "10.0.0.7", 7000, 5, "Buurtfeest")
        discovery._notify()
        await until(lambda: "Buurtfeest" in screen_text(app), pilot)
        fills = nearby.fills - before
        assert fills <= 6, fills  # before: two per advert (600)
        rows = nearby.query_one(DataTable).row_count
        assert rows == PER_ADDRESS + 1  # the flood's machine: 8 rows; and the real one
        assert nearby.items[0].title == "Buurtfeest"  # one row from its address: the first
        assert "… and 292 more from 10.0.0.66." in screen_text(app)  # where the rest come from


async def test_a_long_advertised_title_leaves_room_for_where_and_peers(tmp_path):
    """One advert's long title made its column as wide as itself: "Where" and "Peers" went off
    an 80-column screen on every row. The title is cut with "…"; the address shows."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen), pilot)
        node = app.bridge.node
        discovery = node.discovery = Discovery(on_change=node._nearby_changed)
        title = "Gratis koffie " + "lang " * 40
        discovery._table["long"] = Nearby("e" * 32, "b1", "10.0.0.66", 7000, 5, title)
        discovery._table["real"] = Nearby("f" * 32, "b2", "10.0.0.7", 7001, 6, "Buurtfeest")
        discovery._notify()
        await until(lambda: "Buurtfeest" in screen_text(app), pilot)
        text = screen_text(app)
        assert "10.0.0.66:7000" in text and "10.0.0.7:7001" in text
        assert "Gratis koffie lang" in text and "…" in text


async def test_adverts_from_many_addresses_list_a_hundred_and_say_how_many_more(tmp_path):
    """Each address fills a few rows, but 120 addresses filled 120: the list shows
    ``NearbyList.most`` and one line says how many more there are."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen), pilot)
        node = app.bridge.node
        discovery = node.discovery = Discovery(on_change=node._nearby_changed)
        for n in range(120):
            host = f"10.0.{n // 100}.{1 + n % 100}"
            discovery._table[f"m{n}"] = Nearby(f"{n:032x}", f"a{n}", host, 7000, None, f"T {n:03d}")
        discovery._notify()
        nearby = app.screen.query_one(NearbyList)
        await until(lambda: nearby.query_one(DataTable).row_count == NearbyList.most, pilot)
        await until(lambda: "… and 20 more from 20 addresses." in screen_text(app), pilot)


async def test_titles_from_many_addresses_push_no_real_one_out_of_sight(tmp_path):
    """Sorted by title, 13 addresses offering 8 sessions each, titled "AAA …", took all 100
    places of the list: the real deliberation was row 105, under "… and 5 more nearby."
    (attack s12, left over). Each address's first row comes before any address's second, and
    an address offering fewer first: the real one is the top row, the flood's last round goes
    under the line, which says where from."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen), pilot)
        node = app.bridge.node
        discovery = node.discovery = Discovery(on_change=node._nearby_changed)
        for a in range(13):
            for n in range(PER_ADDRESS):
                discovery._table[f"aaa-{a}-{n}"] = Nearby(
                    f"{a:016x}{n:016x}", f"x{a}", f"10.0.66.{a + 1}", 7000 + n, None, f"AAA {n}"
                )
        discovery._table["real"] = Nearby("f" * 32, "b1", "10.0.0.7", 7000, 5, "Buurtfeest")
        discovery._notify()
        nearby = app.screen.query_one(NearbyList)
        await until(lambda: nearby.query_one(DataTable).row_count == NearbyList.most, pilot)
        await until(lambda: "Buurtfeest" in screen_text(app), pilot)  # before: never
        assert nearby.items[0].title == "Buurtfeest"
        assert "… and 5 more from 5 addresses." in screen_text(app)
