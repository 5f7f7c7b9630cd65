"""What waits for a missing record, said in the reader's language.

One damaged line of a journal cuts its author's chain: their later records cannot be placed
until a peer that holds the line sends it again. Everything else is shown (``Replica.offer``
with ``own``), but what is shown leaves those records out, and a person reading the app, the
state or the minutes must know (attack s13 #2: a session looked rolled back, without a word).
The app, ``beraad state``, the minutes and the newsletter say the same sentence, then what it
means where it is said.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from beraad.core.identity import fingerprint
from beraad.core.replica import Waiting
from beraad.i18n import _
from beraad.i18n import ngettext as plural_here
from beraad.readable import readable

#: ``ngettext`` and ``translate`` are given by the minutes, which are built in their own
#: language (``export/wording.py``); the app and the commands use the interface's.
Plural = Callable[[str, str, int], str]


def waits(author: str, waiting: Waiting, ngettext: Plural = plural_here) -> str:
    """The sentence "N records by X wait for their record number S, which this device lacks"."""
    return ngettext(
        "{n} record by {author} waits for their record number {seq}, which this device lacks "
        "(a damaged line of its saved records).",
        "{n} records by {author} wait for their record number {seq}, which this device lacks "
        "(a damaged line of its saved records).",
        waiting.records,
    ).format(n=waiting.records, author=author, seq=waiting.missing)


def restored(translate: Callable[[str], str] = _) -> str:
    """What makes it whole again: nothing is lost where a peer holds the line."""
    return translate("A peer that holds that record restores them when you connect.")


def author_of(state: Any, key: str) -> str:
    """The author's name and fingerprint, made readable for a line on a terminal. A name
    that looks like another member's is shown with the fingerprint already (``state.name``):
    not twice ("root (4JZ3-FD73) (4JZ3-FD73)", on the attacker's data dir)."""
    print_ = fingerprint(key)
    if key not in (getattr(state, "members", None) or {}):
        return print_
    name = readable(state.name(key))
    return (
        name
        if print_ in name
        else _("{name} ({fingerprint})").format(name=name, fingerprint=print_)
    )


def shown_incomplete(state: Any, waiting: list[Waiting]) -> str:
    """The app's and ``beraad state``'s words: what waits, that what is shown is incomplete
    and why, and what restores it. Empty when nothing waits."""
    if not waiting:
        return ""
    said = [waits(author_of(state, w.author), w) for w in waiting]
    said.append(_("What is shown leaves them out: it is incomplete."))
    said.append(restored())
    return " ".join(said)
