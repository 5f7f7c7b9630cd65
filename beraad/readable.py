"""Text from others made safe to print on a terminal: one line, nothing a terminal acts on.

Names and titles come from peers (a hello, a record, a bundle, a discovery announcement). The
record checks refuse control characters, but a name in a peer's hello or an older record need
not have passed them; whatever the command line prints of another's words goes through here.
"""

from __future__ import annotations

import logging


def readable(text: str) -> str:
    """One line of printable text: no control characters (a terminal escape is no title), no
    line separators, no bidirectional overrides (``str.isprintable`` refuses them all)."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(printable.split())


class ReadableFormatter(logging.Formatter):
    """Log lines whose message is ``readable``: a line quotes peers' words (an error they
    caused, a refused record's reason), and the keeper's log is read on a terminal."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = readable(record.message)
        return super().formatMessage(record)
