"""Reading a join code as people type it: ``7-appel-fiets``, ``7 appel fiets``, ``7 Appel-Fiets``.

Only the shape is checked here (a number and two words); whether the code is right is for the
admitting peer to say, through ``Node.join``.
"""

from __future__ import annotations

import re

from beraad.i18n import _

_SEPARATORS = re.compile(r"[\s\-–—_.]+")


class CodeFormatError(ValueError):
    """The text cannot be a join code; the message says what a code looks like."""


def normalize_code(text: str) -> str:
    """The canonical form ``<number>-<word>-<word>`` in lower case; raises ``CodeFormatError``."""
    parts = [part for part in _SEPARATORS.split(text.strip().lower()) if part]
    if not parts:
        raise CodeFormatError(_("Type the join code you were given, like 7-apple-river."))
    if not parts[0].isdigit():
        raise CodeFormatError(_("A join code starts with a number, like 7-apple-river."))
    if len(parts) != 3:
        raise CodeFormatError(_("A join code is a number and two words, like 7-apple-river."))
    if not all(word.isalpha() for word in parts[1:]):
        raise CodeFormatError(_("The two words of a join code contain letters only."))
    return "-".join((str(int(parts[0])), *parts[1:]))


def split_address(text: str) -> tuple[str, int]:
    """``host:port`` (also ``[::1]:port``) for "connect to an address"; raises ``ValueError``."""
    value = text.strip()
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(_("An address is a host and a port, like 192.168.1.20:7070."))
    return host, int(port)
