"""Beraad: deliberate together on one local network, with no server."""

__version__ = "0.1.0"
