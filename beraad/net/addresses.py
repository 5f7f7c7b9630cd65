"""The addresses other computers can reach this node at, for people to type.

A node listening on every interface (``0.0.0.0``) is reachable at each of its non-loopback IPv4
addresses; ``127.0.0.1`` is useless from another computer, so it is never offered. A machine
with no such address (no network) gets an empty list, and the screen says so instead.
"""

from __future__ import annotations

import ipaddress

import ifaddr  # zeroconf's own dependency: the same interface list discovery uses

_EVERYWHERE = ("", "0.0.0.0", "::")


def interface_addresses() -> list[str]:
    """Every IPv4 address of this machine's interfaces."""
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                found.append(ip.ip)
    return found


def reachable(host: str, port: int, interfaces: list[str] | None = None) -> list[str]:
    """``host:port`` for each address another computer could dial; [] when there is none.

    Link-local addresses (169.254.x.x: a cable without a DHCP server) come last: they work only
    on that one wire.
    """
    if port <= 0:
        return []
    if host not in _EVERYWHERE:
        candidates = [host]
    else:
        candidates = interface_addresses() if interfaces is None else interfaces
    usable: list[ipaddress.IPv4Address] = []
    for candidate in candidates:
        try:
            ip = ipaddress.IPv4Address(candidate)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified or ip.is_multicast) and ip not in usable:
            usable.append(ip)
    usable.sort(key=lambda ip: (ip.is_link_local, ip.packed))
    return [f"{ip}:{port}" for ip in usable]
