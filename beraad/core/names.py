"""Names as people see them: two members who chose (nearly) the same name are told apart.

A display name is whatever a member wrote in ``member.name``; anyone can write the facilitator's
name, or "root" twice. So wherever a name stands for a member (the app's presence line and
tallies, the projector, the minutes), names that look alike carry the member's key fingerprint,
e.g. ``Anna (K7QX-M2PA)``, and nobody passes as another by taking their name. Looking alike is
judged generously: case, width forms, accents, spacing and punctuation, common Cyrillic/Greek
look-alike letters and a fingerprint-like suffix written into the name itself are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from beraad.core.identity import fingerprint

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


@lru_cache(maxsize=4096)
def alike(name: str) -> str:
    """The form two names share when a reader could take one for the other."""
    text = unicodedata.normalize("NFKC", name).strip()
    while (cut := _FINGERPRINT_SUFFIX.sub("", text).strip()) != text:
        text = cut
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_LOOKALIKE)
    kept = (c for c in text if unicodedata.category(c)[0] in "LN")
    return "".join(kept).translate(_LOOKALIKE)


def told_apart(name: str, key: str, others: Iterable[tuple[str, str]]) -> str:
    """``name`` of member ``key``, with its fingerprint when another member's name looks alike.

    ``others`` are (key, name) of every member, the member itself included or not.
    """
    own = alike(name)
    if any(other != key and alike(theirs) == own for other, theirs in others):
        return f"{name} ({fingerprint(key)})"
    return name
