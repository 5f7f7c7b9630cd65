"""Why a forker's record past the fork still counts, in words: said by verify and the minutes
(each in its own language, hence ``translate``), so both name the same records the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from beraad.core.forks import ADMITTED, OPENING, SEEN, admitted
from beraad.core.record import Record
from beraad.i18n.kinds import KIND_NAMES


def _act(kind: str, translate: Callable[[str], str]) -> str:
    """What a record of ``kind`` does, in words (never the kind itself)."""
    name = KIND_NAMES.get(kind)
    return translate(name) if name else translate("a contribution")


def kept_sentences(
    records: list[Record],
    kept: Mapping[str, tuple[str, str]],
    author: str,
    who: Callable[[str], str],
    translate: Callable[[str], str],
) -> list[tuple[str, str]]:
    """(record id, why it still counts) for each record of the forker ``author`` from the fork
    on that the group built on (``core/forks.py``), in fold order."""
    authors = {r.id: r.author for r in records}
    kinds = {r.id: r.kind for r in records}
    lines = []
    for record in records:
        if record.author != author or record.id not in kept:
            continue
        why, by = kept[record.id]
        if why == ADMITTED:
            member = admitted(record) or ""
            text = translate(
                "Still counts: the admission of {member} by {author} (seq {seq}); {member} has "
                "taken part."
            ).format(member=who(member), author=who(author), seq=record.seq)
        elif why == SEEN:
            text = translate(
                "Still counts: {what} by {author} (seq {seq}); {other} had seen it and built on "
                "it: {by_what}."
            ).format(
                what=_act(record.kind, translate),
                author=who(author),
                seq=record.seq,
                other=who(authors.get(by, "")),
                by_what=_act(kinds.get(by, ""), translate),
            )
        elif why == OPENING:
            text = translate(
                "Still counts: the opening of the session by {author}, the copy whose id sorts "
                "first; without it there is no session."
            ).format(author=who(author))
        else:
            text = translate(
                "Still counts: {what} by {author} (seq {seq}); {other} built on it: {by_what}."
            ).format(
                what=_act(record.kind, translate),
                author=who(author),
                seq=record.seq,
                other=who(authors.get(by, "")),
                by_what=_act(kinds.get(by, ""), translate),
            )
        lines.append((record.id, text))
    return lines
