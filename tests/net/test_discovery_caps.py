"""One machine's mDNS adverts fill at most ``NEARBY_PER_HOST`` places of the discovery table,
and all machines together ``NEARBY_MOST`` (attack s12 #4 and #6).

An outsider's 1,500 adverts (each its own session id and port) went into the table whole: the
lobby, the addresses a member's node dials and join by code all read it. The adverts here are
real zeroconf ``AsyncServiceInfo``s as a resolve gives them, taken by a real ``Discovery`` (not
started: nothing goes on the network).
"""

from __future__ import annotations

import logging
from collections import Counter

from zeroconf.asyncio import AsyncServiceInfo

from beraad.net.discovery import (
    NEARBY_MOST,
    NEARBY_PER_HOST,
    SERVICE_TYPE,
    Discovery,
    instance_label,
    txt_properties,
)


def advert(n: int, host: str, title: str = "Flood") -> tuple[str, AsyncServiceInfo]:
    session, peer = f"{n:032x}", f"p{n}"
    name = f"{instance_label(peer, session)}.{SERVICE_TYPE}"
    properties = txt_properties(session=session, peer=peer, nameplate=None, title=title)
    info = AsyncServiceInfo(
        SERVICE_TYPE, name, parsed_addresses=[host], port=7000 + n % 50000, properties=properties
    )
    return name, info


def test_one_host_fills_a_few_places_and_others_still_show(caplog):
    changes = []
    discovery = Discovery(on_change=lambda: changes.append(1))
    with caplog.at_level(logging.WARNING, logger="beraad.net.discovery"):
        for n in range(300):
            discovery._take(*advert(n, "10.0.0.66"))
    flood = [e for e in discovery.nearby() if e.host == "10.0.0.66"]
    assert len(flood) == NEARBY_PER_HOST  # before: 300
    assert len(changes) == NEARBY_PER_HOST
    assert len([r for r in caplog.records if "10.0.0.66" in r.getMessage()]) == 1  # said once

    discovery._take(*advert(10_000, "10.0.0.7", "Buurtfeest"))
    assert any(e.title == "Buurtfeest" for e in discovery.nearby())  # an honest machine shows

    listed = flood[0].name
    discovery._take(listed, advert(int(flood[0].session, 16), "10.0.0.66", "Renamed")[1])
    assert any(e.title == "Renamed" for e in discovery.nearby())  # a listed advert updates

    discovery._forget(listed.lower())  # one went: the next advert from the host takes its place
    discovery._take(*advert(500, "10.0.0.66"))
    assert f"{500:032x}" in {e.session for e in discovery.nearby()}


def test_many_hosts_fill_at_most_the_table():
    discovery = Discovery()
    for n in range(NEARBY_MOST + 100):
        discovery._take(*advert(n, f"10.0.{n // 10}.{1 + n % 10}"))
    assert len(discovery.nearby()) == NEARBY_MOST


def test_a_full_table_makes_room_for_an_address_with_fewer_adverts():
    """Eight addresses of 32 adverts filled all 256 places: a session started afterwards was
    never listed, nor found by its join code. A full table leaves out one advert of the
    address holding the most for an address holding fewer."""
    discovery = Discovery()
    hosts = [f"10.0.66.{h + 1}" for h in range(NEARBY_MOST // NEARBY_PER_HOST)]
    for n in range(NEARBY_MOST):
        discovery._take(*advert(n, hosts[n % len(hosts)]))
    assert len(discovery.nearby()) == NEARBY_MOST

    discovery._take(*advert(10_000, "10.0.0.7", "Buurtfeest"))
    assert any(e.title == "Buurtfeest" for e in discovery.nearby())  # before: left out
    assert len(discovery.nearby()) == NEARBY_MOST
    per_host = Counter(e.host for e in discovery.nearby())
    assert sorted(per_host.values()) == [1, NEARBY_PER_HOST - 1] + [NEARBY_PER_HOST] * 7
