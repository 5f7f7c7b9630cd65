"""The newsletter of a trajectory: a short summary for the wider community (seed 003).

Not the minutes: those are for checking how the group decided. A newsletter tells neighbours
who were not there what was decided, which actions are under way and who pulls them, what comes
next and how to take part — in plain words, Dutch or English, Markdown or HTML. It leaves out
everything marked internal (an ``action.add`` with ``internal``), and never shows a member key,
a fingerprint, a hash or a record id: it is meant to be forwarded.
"""

from __future__ import annotations

from typing import Any

from beraad.core.state import Meeting, SessionState
from beraad.export.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Paragraph,
    Section,
    em,
    inline,
    strong,
)
from beraad.export.document import Item as Entry
from beraad.export.wording import Context, _, incomplete_section, language, name_of, section
from beraad.i18n import N_

__all__ = ["ACTION_STATUS", "build_newsletter", "public_actions"]

#: How an action's status reads (the contract's statuses).
ACTION_STATUS: dict[str, str] = {
    "open": N_("looking for people to pull it"),
    "started": N_("started"),
    "done": N_("done"),
    "stuck": N_("stuck"),
}


def _day(at: int | None) -> str:
    import datetime as dt

    if at is None:
        return ""
    return dt.datetime.fromtimestamp(at / 1000, tz=dt.UTC).strftime("%Y-%m-%d")


def public_actions(state: SessionState) -> list[Any]:
    """The actions a newsletter may show: every live action not marked internal, in fold
    order."""
    actions = getattr(state, "actions", {})
    return [
        a
        for a in actions.values()
        if not getattr(a, "internal", False) and getattr(a, "live", True)
    ]


def _option_text(state: SessionState, option: str) -> str:
    found = state.options.get(option)
    return found.text if found is not None else ""


def _decisions(context: Context) -> Section | None:
    state = context.state
    items = []
    for decision in state.decisions:
        text = _option_text(state, decision.option)
        if not text:
            continue
        when_ = _("meeting {number}, {day}").format(number=decision.meeting, day=_day(decision.at))
        items.append(Entry(inline(strong(text), " ", em(f"({when_})"))))
    if not items:
        return None
    return section(_("What was decided"), [Bullets(tuple(items))])


def _action_entry(context: Context, action: Any) -> Entry:
    state = context.state
    pullers = [name_of(context, p) for p in getattr(action, "pullers", [])]
    status = _(ACTION_STATUS.get(getattr(action, "status", "open"), ACTION_STATUS["open"]))
    if getattr(action, "status", "open") == "open" and pullers:
        status = _("not started yet")
    parts: list[Any] = [strong(action.text), " — ", status]
    if pullers:
        parts += ["; ", _("pulled by {names}").format(names=", ".join(pullers))]
    due = getattr(action, "due", None)
    if due:
        parts += ["; ", _("due {date}").format(date=due)]
    decision = getattr(action, "decision", None)
    found = next((d for d in state.decisions if d.record == decision), None)
    if found is not None and _option_text(state, found.option):
        parts += [
            " ",
            em("(" + _("for: {decision}").format(decision=_option_text(state, found.option)) + ")"),
        ]
    return Entry(inline(*parts))


def _actions(context: Context) -> Section | None:
    actions = public_actions(context.state)
    if not actions:
        return None
    blocks: list[Block] = [Bullets(tuple(_action_entry(context, a) for a in actions))]
    if any(not getattr(a, "pullers", []) for a in actions):
        blocks.append(
            Paragraph(
                inline(_("An action nobody pulls yet waits for someone willing to take it on."))
            )
        )
    return section(_("Actions and where they stand"), blocks)


def _last_meeting(state: SessionState) -> Meeting | None:
    ended = [m for m in state.meetings if m.ended]
    return ended[-1] if ended else None


def _next(context: Context) -> Section | None:
    state = context.state
    last = _last_meeting(state)
    lines: list[Block] = []
    if state.meetings and not state.between_meetings:
        lines.append(
            Paragraph(inline(_("Meeting {number} is under way.").format(number=state.meeting)))
        )
    elif last is not None and last.next.strip():
        lines.append(Paragraph(inline(last.next.strip())))
    elif state.between_meetings:
        lines.append(Paragraph(inline(_("The date of the next meeting will be announced."))))
    return section(_("What comes next"), lines)


def _take_part(context: Context, how: str) -> Section | None:
    blocks: list[Block] = []
    if how.strip():
        blocks.append(Paragraph(inline(how.strip())))
    # Whom to ask, by name (the facilitator's display name): "the people named here" pointed
    # at nobody, since the newsletter names no members (naive finding 12).
    state = context.state
    if state.facilitator is not None and state.facilitator in state.members:
        ask = _(
            "Everyone concerned is welcome. Come to the next meeting, or ask {name}, the "
            "facilitator, or anyone who takes part: a member can let you in with a join code, "
            "or invite you as a guest to add your evaluation."
        ).format(name=state.name(state.facilitator))
    else:
        ask = _(
            "Everyone concerned is welcome. Come to the next meeting, or ask anyone who takes "
            "part: a member can let you in with a join code, or invite you as a guest to add "
            "your evaluation."
        )
    blocks.append(Paragraph(inline(ask)))
    return section(_("How to take part"), blocks)


def build_newsletter(context: Context, how_to_take_part: str = "") -> Document:
    """The newsletter as a document, in ``context.language``."""
    token = language.set(context.language)
    try:
        state = context.state
        title = state.info.title if state.info else _("Untitled deliberation")
        heading = _("Newsletter: {title}").format(title=title)
        blocks: list[Block] = [Heading(1, inline(heading))]
        intro = []
        if state.info is not None and state.info.focus.strip():
            intro.append(Paragraph(inline(em(state.info.focus.strip()))))
        last = _last_meeting(state)
        meetings = last.number if last is not None else 0
        if last is not None and state.meetings and not state.between_meetings:
            # One under way too: "One meeting so far" stood above decisions of meetings 1
            # and 2 and "Meeting 2 is under way" (naive s13 N7).
            said = _("Meeting {number} is under way; meeting {last} ended on {day}.")
            intro.append(
                Paragraph(
                    inline(
                        said.format(number=state.meeting, last=meetings, day=_day(last.ended_at))
                    )
                )
            )
        elif meetings:
            intro.append(
                Paragraph(
                    inline(
                        _("{count} meetings so far; the last one ended on {day}.").format(
                            count=meetings, day=_day(last.ended_at if last else None)
                        )
                        if meetings != 1
                        else _("One meeting so far; it ended on {day}.").format(
                            day=_day(last.ended_at if last else None)
                        )
                    )
                )
            )
        blocks += intro
        what = _(
            "This newsletter may be incomplete: it leaves out the records below, which this "
            "device cannot place yet."
        )
        incomplete = incomplete_section(context, what)
        for part in (incomplete, _decisions(context), _actions(context), _next(context)):
            if part is not None:
                blocks.append(part)
        taking_part = _take_part(context, how_to_take_part)
        if taking_part is not None:
            blocks.append(taking_part)
        return Document(title=heading, blocks=tuple(blocks))
    finally:
        language.reset(token)
