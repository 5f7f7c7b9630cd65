"""The action part of the minutes: who is at the table, and what the group will do.

The table map shows each group concerned and whether it was present, reached or missing (with
who marked it). Actions are grouped under the decision they serve, then those reaching out to a
group, then the rest; each shows its pullers (who volunteered), its current status and the whole
history of its updates, so a reader sees how an action went, not only where it stands.
"""

from __future__ import annotations

from beraad.core.actions import ACTION_STATUS, GROUP_STATUS
from beraad.core.state import Action, Group
from beraad.export.document import Block, Bullets, Heading, Paragraph, Section, em, inline, strong
from beraad.export.document import Item as Entry
from beraad.export.wording import (
    Context,
    _,
    item_text,
    name_of,
    ngettext,
    option_text,
    section,
    when,
)

#: The latest updates of an action the minutes list; earlier ones are counted, not repeated.
SHOWN_UPDATES = 10


def table_map_section(context: Context) -> Section | None:
    """Who is at the table: each group concerned and how it was last marked."""
    groups = context.state.groups
    if not groups:
        return None
    items = tuple(_group_entry(context, group) for group in groups.values())
    intro = Paragraph(
        inline(
            _("The groups this concerns, and whether they were at the table, reached or missing.")
        )
    )
    return section(_("Who is at the table"), [intro, Bullets(items)])


def _group_entry(context: Context, group: Group) -> Entry:
    status = _(GROUP_STATUS.get(group.status, GROUP_STATUS[None]))
    marks = tuple(
        Entry(
            inline(
                _(GROUP_STATUS.get(mark.status, mark.status)),
                " — ",
                em(name_of(context, mark.by)),
                f", {when(mark.at)}",
            )
        )
        for mark in group.marks
    )
    return Entry(inline(strong(group.name), ": ", status), marks if len(marks) > 1 else ())


def actions_section(context: Context) -> Section | None:
    """Every action, under the decision it serves, with pullers, status and its history."""
    state = context.state
    if not state.actions:
        return None
    blocks: list[Block] = []
    by_decision = {d.record: d for d in state.decisions}
    served = [a for a in state.actions.values() if a.decision in by_decision]
    for record, decision in by_decision.items():
        mine = [a for a in served if a.decision == record]
        if mine:
            title = inline(_("For the decision"), ": ", option_text(context, decision.option))
            blocks += [Heading(3, title), Bullets(tuple(_entry(context, a) for a in mine))]
    groups = state.groups
    reaching = [a for a in state.actions.values() if a.decision is None and a.group in groups]
    if reaching:
        blocks += [
            Heading(3, inline(_("Reaching out to groups not at the table"))),
            Bullets(tuple(_entry(context, a) for a in reaching)),
        ]
    rest = [a for a in state.actions.values() if a not in served and a not in reaching]
    if rest and (served or reaching):
        blocks += [
            Heading(3, inline(_("Other actions"))),
            Bullets(tuple(_entry(context, a) for a in rest)),
        ]
    elif rest:  # under the section's own heading: "## Actions / ### Actions" said it twice
        blocks.append(Bullets(tuple(_entry(context, a) for a in rest)))
    return section(_("Actions"), blocks)


def _entry(context: Context, action: Action) -> Entry:
    state = context.state
    pullers = ", ".join(name_of(context, p) for p in action.pullers)
    facts = []
    if pullers or action.live:  # taken back, it asks nobody to pull it (naive s13 N7)
        facts.append(
            Entry(
                inline(
                    strong(_("Pulled by")),
                    ": ",
                    pullers or em(_("nobody yet: who pulls this?")),
                )
            )
        )
    if action.group in state.groups:
        name = state.groups[action.group].name
        facts.append(Entry(inline(strong(_("Reaches out to")), ": ", name)))
    if action.due:
        facts.append(Entry(inline(strong(_("Due")), ": ", action.due)))
    if action.internal:
        facts.append(Entry(inline(em(_("Internal: left out of the newsletter")))))
    # Who pulled and then stepped back: the state keeps only who pulls now, the chain keeps
    # the step (a pull-then-step-back left no trace in the minutes).
    for record in context.records:
        if (
            record.kind == "action.release"
            and record.body.get("action") == action.id
            and record.id not in context.rejected
        ):
            facts.append(
                Entry(
                    inline(
                        f"{when(record.at)} ",
                        strong(_("stepped back")),
                        " — ",
                        em(name_of(context, record.author)),
                    )
                )
            )
    earlier = len(action.updates) - SHOWN_UPDATES
    if earlier > 0:
        said = ngettext("and {n} earlier update", "and {n} earlier updates", earlier)
        facts.append(Entry(inline(em(said.format(n=earlier)))))
    for update in action.updates[-SHOWN_UPDATES:]:
        note = f": {update.note}" if update.note.strip() else ""
        facts.append(
            Entry(
                inline(
                    f"{when(update.at)} ",
                    strong(_(ACTION_STATUS.get(update.status, update.status))),
                    note,
                    " — ",
                    em(name_of(context, update.by)),
                )
            )
        )
    added = em(_("added by {name}").format(name=name_of(context, action.author)))
    if not action.live:
        # Struck and "(retracted)" already: "· **open**" after it read as still to do, and
        # the secretary copied it into the to-do list (naive s13 N7).
        return Entry(inline(item_text(context, action), " — ", added), tuple(facts))
    status = _(ACTION_STATUS.get(action.status, action.status))
    head = inline(item_text(context, action), " — ", added, " · ", strong(status))
    return Entry(head, tuple(facts))
