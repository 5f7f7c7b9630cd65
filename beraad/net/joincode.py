"""Join codes people read aloud: ``7-appel-fiets`` or ``7-apple-river`` (magic-wormhole's model).

The number (1–99) is a *nameplate*: it is not secret and only says which open invitation on the
admitting node the joiner wants to talk to. The two words are the secret, 16 bits from two lists
of 256 words; that is little, and enough, because the code is only ever used as a SPAKE2
password: an eavesdropper learns nothing and every guess costs one online attempt, which the
admitter counts and limits.

Both words of a generated code come from one list, so parsing refuses a code that mixes Dutch
and English words (a likely mistake such as ``puzzle`` for ``puzzel``) before any attempt is
spent. Parsing accepts any case and spaces or dashes between the parts.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from beraad.i18n import _
from beraad.net.errors import CodeFormatError

LANGUAGES = ("nl", "en")
MIN_NAMEPLATE = 1
MAX_NAMEPLATE = 99
_WORDS_DIR = Path(__file__).parent


@cache
def words(language: str) -> tuple[str, ...]:
    """The word list of ``language`` (``nl`` or ``en``), as shipped in the package."""
    if language not in LANGUAGES:
        raise ValueError(f"no word list for {language!r}")
    text = (_WORDS_DIR / f"words_{language}.txt").read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _word_language() -> dict[str, str]:
    return {word: language for language in LANGUAGES for word in words(language)}


@dataclass(frozen=True)
class JoinCode:
    """A nameplate and two words from one list."""

    nameplate: int
    words: tuple[str, str]

    def __post_init__(self) -> None:
        if not MIN_NAMEPLATE <= self.nameplate <= MAX_NAMEPLATE:
            raise CodeFormatError(
                _("The number of a join code is between 1 and 99, not {n}.").format(
                    n=self.nameplate
                )
            )
        languages = {_word_language().get(word) for word in self.words}
        if None in languages or len(languages) != 1 or len(self.words) != 2:
            raise CodeFormatError(_("A join code has two words from one word list."))

    @property
    def language(self) -> str:
        return _word_language()[self.words[0]]

    def __str__(self) -> str:
        return f"{self.nameplate}-{self.words[0]}-{self.words[1]}"

    def password(self) -> bytes:
        """The SPAKE2 password: the normalised code text, so both sides type-agree exactly."""
        return str(self).encode("ascii")

    @classmethod
    def generate(
        cls, language: str = "nl", *, taken: Iterable[int] = (), nameplate: int | None = None
    ) -> JoinCode:
        """A fresh random code; the nameplate avoids those in ``taken`` (open invitations)."""
        if nameplate is None:
            free = sorted(set(range(MIN_NAMEPLATE, MAX_NAMEPLATE + 1)) - set(taken))
            if not free:
                raise ValueError("all 99 nameplates are in use")
            nameplate = secrets.choice(free)
        pool = words(language)
        return cls(nameplate, (secrets.choice(pool), secrets.choice(pool)))

    @classmethod
    def parse(cls, text: str) -> JoinCode:
        """Read a typed code: any case, spaces or dashes; a clear error for anything else."""
        parts = [part for part in re.split(r"[\s\-–—_.]+", text.strip().lower()) if part]
        if len(parts) != 3 or not parts[0].isdigit():
            raise CodeFormatError(
                _("A join code looks like 7-apple-river: a number and two words.")
            )
        unknown = [word for word in parts[1:] if word not in _word_language()]
        if unknown:
            raise CodeFormatError(
                # A Dutch joiner translated the English words off the screen ("8-kameel-moeras"
                # for 8-camel-swamp): the words are typed as shown, whatever one's language.
                _(
                    "'{word}' is not a word of the join code lists; check the spelling. Type "
                    "the words as they are shown, even in another language."
                ).format(word=unknown[0])
            )
        if _word_language()[parts[1]] != _word_language()[parts[2]]:
            raise CodeFormatError(
                _("The two words come from different languages; check the code again.")
            )
        return cls(int(parts[0]), (parts[1], parts[2]))
