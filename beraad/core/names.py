"""Names as people see them: two members who chose (nearly) the same name are told apart.

A display name is whatever a member wrote in ``member.name``; anyone can write the facilitator's
name, or "root" twice. So wherever a name stands for a member (the app's presence line and
tallies, the projector, the minutes), names that look alike carry the member's key fingerprint,
e.g. ``Anna (K7QX-M2PA)``, and nobody passes as another by taking their name. Looking alike is
judged generously: case, width forms, accents, spacing and punctuation, every letter Unicode
lists as taken for another (UTS #39 confusables: Cyrillic, Greek, Armenian, Cherokee, Lisu, Latin
small capitals…) and a fingerprint-like suffix written into the name itself are ignored.

The Unicode table came on 6 December 2026 (``RULE_SINCE_MS``). Whether a group's name is taken
is part of the fold, and a session opened before then must fold as it did: there, a name
written before the rule is judged as it was (``alike_before``: case, accents and a short list of
Cyrillic/Greek letters). A session opened since judges every name by the table, whatever date
its records claim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from beraad.core.confusables import prototypes
from beraad.core.identity import fingerprint

#: 2026-12-06 00:00 UTC: names written since (or in a session opened since) are judged by
#: Unicode's confusables table.
RULE_SINCE_MS = 1_796_515_200_000
#: Non-ASCII characters → the characters people take them for (UTS #39).
_PROTOTYPES = prototypes()

#: Letters that look like Latin ones in most fonts (the common cases, not all of Unicode).
_LOOKALIKE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ı": "i",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "0": "o", "1": "l", "|": "l",
    }
)  # fmt: skip
_FINGERPRINT_SUFFIX = re.compile(r"\(\s*[a-z2-7]{4}\s*-\s*[a-z2-7]{4}\s*\)\s*$", re.IGNORECASE)


def judged_by_table(at: int, session_by_table: bool) -> bool:
    """Is a name written at ``at`` judged by the confusables table (``alike``)? Always in a
    session opened since the rule (``SessionInfo.names_by_table``), else by the record's date."""
    return session_by_table or at >= RULE_SINCE_MS


@lru_cache(maxsize=4096)
def alike(name: str) -> str:
    """The form two names share when a reader could take one for the other.

    Each letter is read as its Unicode prototype before and after case folding: "Υ" (Greek)
    is taken for "Y" and so for "y", "һ" (Cyrillic) for "h". ASCII stays itself but 0, 1, |.
    """
    text = unicodedata.normalize("NFD", _unsuffixed(name)).translate(_LOOKALIKE)
    text = unicodedata.normalize("NFD", text.translate(_PROTOTYPES).casefold())
    text = unicodedata.normalize("NFD", text.translate(_LOOKALIKE).translate(_PROTOTYPES))
    kept = (c for c in text if unicodedata.category(c)[0] in "LN")
    return "".join(kept).translate(_LOOKALIKE)


@lru_cache(maxsize=4096)
def alike_before(name: str) -> str:
    """``alike`` as it was before the confusables table: names written before it, in sessions
    opened before it, are judged so (the fold of such a session stays as it was)."""
    text = unicodedata.normalize("NFKD", _unsuffixed(name).casefold()).translate(_LOOKALIKE)
    kept = (c for c in text if unicodedata.category(c)[0] in "LN")
    return "".join(kept).translate(_LOOKALIKE)


def _unsuffixed(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    while (cut := _FINGERPRINT_SUFFIX.sub("", text).strip()) != text:
        text = cut
    return text


def told_apart(name: str, key: str, others: Iterable[tuple[str, str]]) -> str:
    """``name`` of member ``key``, with its fingerprint when another member's name looks alike.

    ``others`` are (key, name) of every member, the member itself included or not.
    """
    own = alike(name)
    if any(other != key and alike(theirs) == own for other, theirs in others):
        return f"{name} ({fingerprint(key)})"
    return name
