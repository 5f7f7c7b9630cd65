"""The shared wording of the minutes: their language, numbers, times, names and item texts.

The minutes are built in a language chosen per export, not the app's: ``_`` here translates
into the language set by ``build_minutes`` through a context variable, so building Dutch
minutes never switches the interface language, even from a worker thread.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from beraad.core.ranking import letter
from beraad.core.record import Record
from beraad.core.replica import Waiting
from beraad.core.state import Item, SessionState
from beraad.export.document import (
    Block,
    Bullets,
    Heading,
    Inline,
    Paragraph,
    Section,
    em,
    inline,
    strong,
    struck,
)
from beraad.export.document import Item as Entry
from beraad.i18n import PLURAL, catalog, decimal, translate
from beraad.waiting_words import restored, waits

language: contextvars.ContextVar[str] = contextvars.ContextVar("minutes_language", default="en")


def _(message: str) -> str:
    """Translate into the language of the minutes being built (not the app's language)."""
    return translate(message, language.get())


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` in the language of the minutes (English and Dutch: one, or more)."""
    found = catalog(language.get()).get(singular + PLURAL + plural, "")
    forms = found.split(PLURAL) if found else [singular, plural]
    return forms[0] if count == 1 or len(forms) < 2 else forms[1]


@dataclass(slots=True)
class Context:
    state: SessionState
    records: list[Record]
    state_hash: str
    language: str = "en"
    rejected: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    #: Author → the seq from which their records are set aside: they forked there.
    set_aside: dict[str, int] = field(default_factory=dict)
    #: A forker's record past the fork → (why, the record) it still counts for (core/forks.py).
    kept: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Records held that wait for a missing one of their author (a damaged journal line):
    #: left out of what is told, so the minutes say they are incomplete (``Node.waiting``).
    waiting: list[Waiting] = field(default_factory=list)

    def label(self, item_id: str) -> str:
        return self.labels.get(item_id, item_id[:8])

    def in_order(self, item_ids: Any) -> list[str]:
        """Ids in the order of their labels (O1, O2, …, O10), unlabelled ones last."""
        order = {item_id: n for n, item_id in enumerate(self.labels)}
        return sorted(item_ids, key=lambda i: (order.get(i, len(order)), i))


def number_items(context: Context) -> None:
    """Short labels (K1, P1, A1, C1, …) so tables stay narrow and items can be referred to.

    Options get the letters the app and the projector give them (A, B, …, in fold order), so
    "option B" means the same thing on every screen and on paper.
    """
    state = context.state
    for prefix, table in (
        ("K", state.knots),
        ("P", state.positions),
        ("A", state.arguments),
        ("C", state.criteria),
    ):
        for number, item_id in enumerate(table, start=1):
            context.labels[item_id] = f"{prefix}{number}"
    for index, item_id in enumerate(state.options):
        context.labels[item_id] = letter(index)
    for number, item_id in enumerate(state.facts, start=1):
        context.labels[item_id] = f"F{number}"


def when(at: int) -> str:
    moment = dt.datetime.fromtimestamp(at / 1000, tz=dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def number(value: Fraction | int | None) -> str:
    """An exact fraction shown with two decimals (a comma in Dutch); integers as they are."""
    return decimal(value, language.get())


def name_of(context: Context, member: str) -> str:
    return context.state.name(member)


def incomplete_section(context: Context, what: str) -> Section | None:
    """What waits for a record this device lacks (a damaged journal line), said at the top:
    the rest leaves those records out (attack s13 #2: minutes of a session that looked rolled
    back said nothing of ~15,700 records waiting). ``what``: what is incomplete, in words."""
    if not context.waiting:
        return None
    said = [Entry(inline(waits(name_of(context, w.author), w, ngettext))) for w in context.waiting]
    blocks: list[Block] = [
        Paragraph(inline(strong(what))),
        Bullets(tuple(said)),
        Paragraph(inline(restored(_))),
    ]
    return section(_("Incomplete"), blocks)


def item_text(context: Context, item: Item, *, label: bool = True) -> Inline:
    """An item's current text, marked when edited, struck through (with reason) when retracted."""
    prefix = strong(f"{context.label(item.id)} ") if label and item.id in context.labels else ""
    if not item.live:
        reason = f": {item.retract_reason}" if item.retract_reason.strip() else ""
        return inline(prefix, struck(item.text), em(f" ({_('retracted')}{reason})"))
    edited = em(f" ({_('edited')})") if item.edited else ""
    return inline(prefix, item.text, edited)


def by_line(context: Context, item: Item) -> Inline:
    """Who said it; for a scribe's record both: the person spoken for and who wrote it down."""
    speaker = getattr(item, "speaker", None)
    if speaker:
        return inline(
            " — ",
            em(
                _("{speaker} (written down by {scribe})").format(
                    speaker=speaker, scribe=name_of(context, item.author)
                )
            ),
        )
    member = context.state.members.get(item.author)
    if member is not None and member.guest:  # an outsider invited to evaluate: said so
        return inline(" — ", em(_("{name} (guest)").format(name=name_of(context, item.author))))
    return inline(" — ", em(name_of(context, item.author)))


def cites(context: Context, item: Item) -> Inline:
    """The shared facts an item cites, by label (F1, …); a retracted fact struck and marked."""
    facts = [context.state.facts[f] for f in item.cites if f in context.state.facts]
    if not facts:
        return inline()
    parts: list[Any] = [" (", em(_("cites")), ": "]
    for index, fact in enumerate(facts):
        if index:
            parts.append(", ")
        label = f"{context.label(fact.id)} {fact.title}"
        parts.append(label if fact.live else inline(struck(label), em(f" ({_('retracted')})")))
    return inline(*parts, ")")


def section(title: str, blocks: list[Block]) -> Section | None:
    if not blocks:
        return None
    return Section(Heading(2, inline(title)), tuple(blocks))


def option_text(context: Context, option_id: str) -> Inline:
    found = context.state.options.get(option_id)
    if found is None:
        return inline(option_id[:12])
    return item_text(context, found)
