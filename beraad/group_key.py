"""The group key this device keeps for a session (a local value): read without trusting it.

The key lets a node link with the session's other members; it is written when one opens or
joins a session and is never sent. A key that is not 32 bytes of hex (an edited or damaged
store: ``"zz"`` gave a traceback on ``beraad state`` and hid every session in the app, attack
s16 #3) or a key lost with a missing journal line leaves that one session shown, not linked or
written from here, and said; every other session works as before.
"""

from __future__ import annotations

import re

from beraad.i18n import _

#: A group key as kept: 32 bytes, lowercase hex (``secrets.token_bytes(32).hex()``).
_KEY = re.compile(r"[0-9a-f]{64}")
#: Local value: this session's key went with a missing journal line. The journal is then
#: renumbered, and without it later starts held the session read-only without a word
#: (journal17 left); a new key (a new join code) makes it moot.
LOST_KEY = "group_key_lost"


def group_key_of(value: object) -> bytes:
    """The key kept as ``value``, or ``b""`` (the session is then held read-only)."""
    if isinstance(value, str) and _KEY.fullmatch(value):
        return bytes.fromhex(value)
    return b""


def key_damaged(title: str) -> str:
    """What is said of a kept key that cannot be used."""
    return _(
        "The group key this device keeps for “{title}” is damaged, so that deliberation is "
        "shown here but not linked or written. Ask a member for a new join code to take part "
        "again; your other deliberations are not affected."
    ).format(title=title)


def key_lost(title: str) -> str:
    """What is said when a missing journal line may have held the key (naive s17 F1)."""
    return _(
        "The group key of “{title}” is not on this device any more (a missing line of its "
        "saved records held it), so that deliberation is shown here but not linked or "
        "written. Restore the file from a backup, or ask a member for a new join code to take "
        "part again; your other deliberations are not affected."
    ).format(title=title)


def key_gone_words(gone: str, title: str) -> str:
    """Why a session is read-only here, when its key is gone ("lost" or "damaged"): said
    when the person opens it or writes in it, not only in the lobby (naive s18 N11: the
    refusal said "You hold this session from a bundle", which he never imported)."""
    return key_lost(title) if gone == "lost" else key_damaged(title)
