"""The minutes' shared facts: the sources the analysis rests on, who doubts them, who cites them.

A fact shows its label (F1, F2, …), title and text, who added it, its link as plain text (never
a live link: the minutes fetch nothing and invite nobody to click an address a member typed),
the sha256 of the file it names, every question with who asked and why, and what cites it.
"""

from __future__ import annotations

from beraad.core.state import Fact
from beraad.export.document import (
    Block,
    Bullets,
    Inline,
    Paragraph,
    Section,
    code,
    em,
    inline,
    strong,
    struck,
)
from beraad.export.document import Item as Entry
from beraad.export.wording import Context, _, by_line, item_text, section

__all__ = ["facts_section"]


def _heading(context: Context, fact: Fact) -> Inline:
    label = strong(f"{context.label(fact.id)} ")
    title = strong(fact.title) if fact.live else struck(fact.title)
    body = item_text(context, fact, label=False) if fact.text.strip() else ""
    return inline(label, title, ": " if body else "", body, by_line(context, fact))


def _details(context: Context, fact: Fact) -> tuple[Entry, ...]:
    state = context.state
    details: list[Entry] = []
    if fact.link:
        details.append(Entry(inline(em(_("Source")), ": ", code(fact.link))))
    if fact.sha256:
        details.append(Entry(inline(em(_("File (sha256)")), ": ", code(fact.sha256))))
    for question in state.questions_on(fact.id, retracted=True):
        asked = _("questioned by {name}").format(name=context.state.name(question.author))
        details.append(Entry(inline(em(asked), ": ", item_text(context, question, label=False))))
    citing = [context.label(item.id) for item in state.citing(fact.id)]
    if citing:
        details.append(Entry(inline(em(_("Cited by")), ": ", ", ".join(citing))))
    return tuple(details)


def facts_section(context: Context) -> Section | None:
    state = context.state
    if not state.facts:
        return None
    intro = Paragraph(
        inline(
            _(
                "The sources and facts the group's analysis rests on, each signed by who added "
                "it. Links are shown as text; a file is named by its sha256, so anyone can check "
                "their copy."
            )
        )
    )
    items = tuple(
        Entry(_heading(context, fact), _details(context, fact)) for fact in state.facts.values()
    )
    blocks: list[Block] = [intro, Bullets(items)]
    return section(_("Shared facts"), blocks)
