"""The minutes' account of a trajectory: each meeting, who was there and who was absent, what
came next, and what members added between meetings (``core/trajectory.py``).

Only a session that has had more than one meeting (or ended its first) gets this section; the
minutes of a single meeting read as they always did.
"""

from __future__ import annotations

from beraad.core.state import Meeting
from beraad.core.trajectory import STATUS_SAID as STATUS
from beraad.core.trajectory import STEPS_SAID as STEPS
from beraad.core.trajectory import between
from beraad.export.document import Bullets, Paragraph, Section, em, inline, strong
from beraad.export.document import Item as Entry
from beraad.export.wording import Context, _, item_text, name_of, ngettext, section, when
from beraad.i18n.kinds import kind_name
from beraad.readable import readable

__all__ = ["meetings_section"]


def _names(context: Context, members: list[str]) -> str:
    return ", ".join(name_of(context, m) for m in members) or _("nobody")


def _consented(context: Context, meeting: Meeting) -> str:
    """Who proposed to end the meeting and whose "ready" the end rests on; objections ordered
    before the end that it did not name came in later (said, as for a phase move)."""
    text = _("By consent of the group: proposed by {name}, ready: {ready}").format(
        name=name_of(context, meeting.end_proposed_by or ""),
        ready=", ".join(sorted(name_of(context, m) for m in meeting.end_consented)),
    )
    proposal = context.state.proposals.get(meeting.end_proposal or "")
    if meeting.end_came_later and proposal is not None:
        names = sorted(name_of(context, proposal.said[r].member) for r in meeting.end_came_later)
        text += "; " + _("objections that came in later: {names}").format(names=", ".join(names))
    return text


def _meeting_entry(context: Context, meeting: Meeting) -> Entry:
    state = context.state
    title = _("Meeting {number}").format(number=meeting.number)
    facts: list[Entry] = []
    if meeting.opened_at is not None:
        facts.append(Entry(inline(_("Opened {when}").format(when=when(meeting.opened_at)))))
    if meeting.ended and meeting.ended_at is not None:
        facts.append(
            Entry(
                inline(
                    _("Ended {when} by {name}").format(
                        when=when(meeting.ended_at), name=name_of(context, meeting.ended_by or "")
                    )
                )
            )
        )
        if meeting.end_proposal:  # ended by the group's consent (core/end_consent.py)
            facts.append(Entry(inline(_consented(context, meeting))))
        facts.append(Entry(inline(strong(_("Present")), ": ", _names(context, meeting.present))))
        # Who sent nothing, said as such: they may have followed it (naive s8b finding 18).
        silent = _names(context, meeting.absent)
        facts.append(Entry(inline(strong(_("Sent nothing")), ": ", silent)))
        if meeting.next.strip():
            facts.append(Entry(inline(strong(_("What comes next")), ": ", meeting.next.strip())))
    else:
        facts.append(Entry(inline(em(_("under way")))))
    decided = [d for d in state.decisions if d.meeting == meeting.number]
    for decision in decided:
        option = state.options.get(decision.option)
        if option is not None:
            facts.append(Entry(inline(strong(_("Decided")), ": ", item_text(context, option))))
    if meeting.between:
        facts.append(_between_entry(context, meeting))
    return Entry(inline(strong(title)), tuple(facts))


def _between_entry(context: Context, meeting: Meeting) -> Entry:
    """What members wrote between this meeting and the next: the count and the parts of
    ``core.trajectory.between``, the same as the "since last time" popup says (the minutes
    counted only the items, "0 contributions (1 signed record in all)" beside the popup's
    "1 contribution or update": naive s11 F6). Each record is under one line below it."""
    came = between(context.state, meeting, context.records)
    lines: list[Entry] = [
        Entry(inline(item_text(context, i), " — ", em(name_of(context, i.author))))
        for i in came.added
    ]
    changes = [(u.record, a, u.by, _(STATUS.get(u.status, u.status))) for a, u in came.updates]
    changes += [(record, a, who, _(STEPS[kind])) for kind, a, who, record in came.steps]
    order = {record: n for n, record in enumerate(meeting.between)}
    for _record, action, by, status in sorted(changes, key=lambda c: order.get(c[0], 0)):
        lines.append(
            Entry(inline(item_text(context, action), ": ", status, " — ", em(name_of(context, by))))
        )
    for rename in came.renames:  # said as in the popup, not as "giving your name (1)"
        words = _("{before} is now called {now}.").format(
            before=readable(rename.before), now=rename.now
        )
        lines.append(Entry(inline(words)))
    if came.others:
        acts = ", ".join(
            f"{kind_name(kind, context.language) if kind else _('other changes')} ({count})"
            for kind, count in sorted(came.others.items())
        )
        lines.append(Entry(inline(_("Also: {acts}.").format(acts=acts))))
    said = ngettext(
        "Between the meetings: {count} contribution or update.",
        "Between the meetings: {count} contributions and updates.",
        came.count,
    ).format(count=came.count)
    return Entry(inline(said), tuple(lines))


def meetings_section(context: Context) -> Section | None:
    """One entry per meeting of the trajectory, or nothing for a single meeting."""
    meetings = context.state.meetings
    if not meetings:
        return None
    note = _(
        "Sent nothing: the members taking part when the meeting ended who wrote nothing during "
        "it but maybe their name. They may have followed it without writing."
    )
    return section(
        _("Meetings"),
        [Bullets(tuple(_meeting_entry(context, m) for m in meetings)), Paragraph(inline(note))],
    )
