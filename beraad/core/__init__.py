"""The pure domain core of beraad.

Nothing in this package performs I/O, touches asyncio, Textual, TinyDB or zeroconf: every peer
must compute the same state from the same records, and the network, storage and UI layers depend
on this package, never the reverse. ``tests/core/test_purity.py`` checks it.
"""
