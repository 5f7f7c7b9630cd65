"""The minutes' world café: per table its question and host, per round who sat there and what
they wrote, so a reader sees how the harvest grew from table to table (seed 004).

What was written at a table is part of the plenary too (a knot there is a knot in the knot map,
with the same label): this section only groups it by table and round.
"""

from __future__ import annotations

from beraad.core.cafe import harvest, table_people
from beraad.core.state import Cafe, Voice
from beraad.export.document import Block, Bullets, Heading, Paragraph, Section, em, inline, strong
from beraad.export.document import Item as Entry
from beraad.export.wording import Context, _, by_line, item_text, name_of, section
from beraad.i18n.kinds import ITEM_WORDS

__all__ = ["cafe_section"]


def _voice(context: Context, voice: Voice) -> str:
    return voice.speaker if voice.speaker is not None else name_of(context, voice.member)


def _summary(context: Context, cafe: Cafe) -> Paragraph:
    minutes = max(1, round(cafe.seconds / 60))
    facts = _(
        "{tables} tables, {rounds} rounds of {minutes} minutes, {people} people; "
        "{done} of the rounds were held."
    ).format(
        tables=len(cafe.tables),
        rounds=len(cafe.plan),
        minutes=minutes,
        people=len(cafe.people),
        done=cafe.round,
    )
    pairs = _(
        "Pairs that sat together more than once: {repeated} (no seating of this room can have "
        "fewer than {bound})."
    ).format(repeated=cafe.repeated, bound=cafe.bound)
    return Paragraph(inline(facts, " ", pairs))


def _table(context: Context, cafe: Cafe, index: int) -> list[Block]:
    table = cafe.tables[index]
    host = _voice(context, cafe.people[table.host])
    heading = inline(
        strong(_("Table {number}").format(number=index + 1)),
        f": {table.question} ",
        em(_("(host: {name})").format(name=host)),
    )
    written = harvest(context.state, cafe, index)
    rounds = []
    for number in range(1, len(cafe.plan) + 1):
        names = ", ".join(_voice(context, v) for v in table_people(cafe, number, index))
        items = tuple(
            Entry(
                inline(
                    em(_(ITEM_WORDS.get(item.kind, item.kind)) + ": "),
                    item_text(context, item),
                    by_line(context, item),
                )
            )
            for round_number, item in written
            if round_number == number
        )
        if number > cafe.round:
            items = (Entry(inline(em(_("not held")))),)
        elif not items:
            items = (Entry(inline(em(_("nothing written")))),)
        label = _("Round {number}").format(number=number)
        rounds.append(Entry(inline(strong(label), f": {names}"), items))
    return [Heading(3, heading), Bullets(tuple(rounds))]


def cafe_section(context: Context) -> Section | None:
    """Every café of the session, each table with its rounds; None without a café."""
    cafes = context.state.cafes
    blocks: list[Block] = []
    for number, cafe in enumerate(cafes, start=1):
        if len(cafes) > 1:
            blocks.append(Heading(3, inline(_("Café {number}").format(number=number))))
        blocks.append(_summary(context, cafe))
        for index in range(len(cafe.tables)):
            blocks += _table(context, cafe, index)
    return section(_("World café"), blocks)
