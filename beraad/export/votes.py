"""The minutes' votes and objections: every vote as cast (earlier meetings' too, which a
decision of theirs rests on), and every objection with what became of it — a reader follows
how the group came to its decision (``minutes.py`` puts the sections in order).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from beraad.core.end_consent import END
from beraad.core.gradients import KANER_SCALE
from beraad.core.majority import GRADES
from beraad.core.record import Record
from beraad.core.session import PHASE_LABELS
from beraad.core.state import vote_key
from beraad.export.document import (
    Block,
    Bullets,
    Heading,
    Paragraph,
    Section,
    Table,
    em,
    inline,
    strong,
)
from beraad.export.document import Item as Entry
from beraad.export.wording import Context, _, name_of, section, when


def _vote_summary(context: Context, kind: str, body: dict[str, Any]) -> str:
    label = context.label
    if kind == "score.set":  # options and criteria in their own order (C1, C2, C3), not ids'
        scores = body["scores"]
        return "; ".join(
            f"{label(o)}: "
            + ", ".join(f"{label(c)} {scores[o][c]}" for c in context.in_order(scores[o]))
            for o in context.in_order(scores)
        )
    if kind == "ballot.rank":
        return " > ".join(" = ".join(label(o) for o in tier) for tier in body["ranking"])
    if kind == "ballot.grade":
        return ", ".join(f"{label(o)} {_(GRADES[g])}" for o, g in body["grades"].items())
    if kind == "dots.place":
        dots = body["dots"]
        return ", ".join(f"{label(o)} ×{dots[o]}" for o in context.in_order(dots))
    reason = body.get("reason", "").strip()
    reason = f" — {reason}" if reason else ""
    if kind == "consent.respond":
        return f"{label(body['option'])}: {_response(body['response'])}{reason}"
    if kind == "gradient.respond":
        level = body["level"]
        return f"{label(body['option'])}: {level} ({_(dict(KANER_SCALE)[level])}){reason}"
    return ""


def _response(response: str) -> str:
    return {
        "agree": _("agree"),
        "stand_aside": _("stand aside"),
        "object": _("object"),
        "ready": _("ready"),
    }.get(response, response)


def _vote_title(kind: str) -> str:
    titles = {
        "score.set": _("Scores"),
        "ballot.rank": _("Rankings"),
        "ballot.grade": _("Grades"),
        "dots.place": _("Dots"),
        "consent.respond": _("Consent responses"),
        "gradient.respond": _("Gradients of agreement"),
    }
    return titles.get(kind, kind)


def _earlier_votes(context: Context) -> list[Block]:
    """The votes each decision of an earlier meeting rests on: voting starts fresh each
    meeting, so these are no longer in the state, but a reader of "rests on the signed votes
    of 2 people" must find them (naive pass 2: meeting 1's votes appeared nowhere)."""
    state = context.state
    by_id = {record.id: record for record in context.records}
    reveals = {
        record.body.get("commit"): record
        for record in context.records
        if record.kind == "vote.reveal"
    }
    blocks: list[Block] = []
    for decision in state.decisions:
        if decision.meeting >= state.meeting:
            continue
        rows: dict[str, list[tuple[str, Any]]] = {}
        for record_id in decision.rests_on:
            record = by_id.get(record_id)
            if record is None:
                continue
            if record.kind == "vote.reveal":  # a sealed vote: rests_on names its reveal
                reveal, record = record, by_id.get(str(record.body.get("commit", "")))
                if record is None or record.kind != "vote.commit":
                    continue
            if record.kind == "vote.commit":
                kind = str(record.body.get("kind", ""))
                reveal = reveals.get(record.id)
                if reveal is None or not isinstance(reveal.body.get("vote"), dict):
                    summary = inline(em(_("sealed, not revealed")))
                else:
                    said = _vote_summary(context, kind, reveal.body["vote"])
                    summary = inline(said, em(f" ({_('sealed, then revealed')})"))
            else:
                kind = record.kind
                summary = inline(_vote_summary(context, kind, record.body))
            rows.setdefault(kind, []).append((name_of(context, record.author), summary))
        for kind, kind_rows in sorted(rows.items()):
            title = _("Meeting {number}").format(number=decision.meeting)
            blocks.append(Heading(3, inline(f"{title}: {_vote_title(kind)}")))
            blocks.append(
                Table(
                    (inline(_("Member")), inline(_("Vote"))),
                    tuple(
                        (inline(who), said) for who, said in sorted(kind_rows, key=lambda r: r[0])
                    ),
                )
            )
    return blocks


def votes_section(context: Context) -> Section | None:
    """Every vote as cast, earlier meetings' first, and which kinds were closed."""
    state = context.state
    blocks: list[Block] = _earlier_votes(context)
    earlier = bool(blocks)
    # A vote the decision does not name because it came in after it was taken: listed, but
    # marked (it read like any other under a decision whose means leave it out; naive s8 #3).
    late = {r for decision in state.meeting_decisions() for r in decision.came_later}
    for kind, votes in sorted(state.votes.items()):
        rows = []
        for vote in sorted(
            votes.values(), key=lambda v: (name_of(context, v.member), v.option or "")
        ):
            if vote.body is None:
                summary = inline(em(_("sealed, not revealed")))
            else:
                sealed = em(f" ({_('sealed, then revealed')})") if vote.sealed else ""
                summary = inline(_vote_summary(context, kind, vote.body), sealed)
            if late & set(vote.counted_records):
                summary = inline(
                    summary, em(f" ({_('not counted: came in after the decision was taken')})")
                )
            rows.append((inline(name_of(context, vote.member)), summary))
        title = _vote_title(kind)
        if earlier:  # earlier meetings' votes come first: say which meeting these are
            title = f"{_('Meeting {number}').format(number=state.meeting)}: {title}"
        blocks.append(Heading(3, inline(title)))
        blocks.append(Table((inline(_("Member")), inline(_("Vote"))), tuple(rows)))
        if kind in state.closed:
            # Under its own votes: "Voting was closed for: Dots." named a round as the
            # object of a sentence, and read as the app's, not the secretary's (naive s13 N7).
            blocks.append(Paragraph(inline(_("Voting on these was closed."))))
    if not blocks:
        return None
    for kind in sorted(set(state.closed) - set(state.votes)):
        said = _("{kind}: voting was closed before anyone voted.")
        blocks.append(Paragraph(inline(said.format(kind=_vote_title(kind)))))
    return section(_("Votes"), blocks)


def _objection_records(context: Context) -> Iterator[tuple[Record, str, dict[str, Any]]]:
    """(record, vote kind, body) for every objection ever written, sealed ones once revealed."""
    state = context.state
    threshold = state.info.gradient_threshold if state.info else 5
    for record in context.records:
        if record.id in context.rejected:
            continue
        kind, body = record.kind, record.body
        if kind == "vote.reveal":
            commit = state.commits.get(body.get("commit", ""))
            if commit is None or not isinstance(body.get("vote"), dict):
                continue
            kind, body = commit.kind, body["vote"]
        objects = (
            kind in ("consent.respond", "phase.respond") and body.get("response") == "object"
        ) or (kind == "gradient.respond" and body.get("level", 0) > threshold)
        if objects:
            yield record, kind, body


def _earlier_handled(context: Context, record: Record, kind: str, body: dict[str, Any]) -> str:
    """An objection from an earlier meeting (whose votes are no longer in the state): what the
    objector's vote was in the decision that meeting took on the same option, if any."""
    by_id = {r.id: r for r in context.records}
    for decision in context.state.decisions:
        for record_id in decision.rests_on:
            counted = by_id.get(record_id)
            if counted is None or counted.author != record.author:
                continue
            said = counted.body
            if counted.kind == "vote.reveal":
                said = counted.body.get("vote")
            if not isinstance(said, dict) or said.get("option") != body.get("option"):
                continue
            if counted.id == record.id or said == body:
                return _("still standing")
            return _("changed to: {vote}").format(vote=_vote_summary(context, kind, said))
    return ""


def _handled(context: Context, record: Record, kind: str, body: dict[str, Any]) -> str:
    state = context.state
    if kind == "phase.respond":
        proposal = state.proposals.get(body["proposal"])
        if proposal is None:
            return ""
        latest = proposal.responses.get(record.author)
        if latest is not None and latest.record != record.id:
            return _("withdrawn: later responded {response}").format(
                response=_response(latest.response)
            )
        if proposal.status == "stale":
            return _("the proposal lapsed; the group did not move on it")
        return _("still standing")
    vote = state.votes.get(kind, {}).get(vote_key(record.author, body.get("option")))
    if vote is None:
        return _earlier_handled(context, record, kind, body)
    if record.id in vote.counted_records:
        return _("still standing")
    if vote.body is None:
        return _("replaced by a sealed vote")
    return _("changed to: {vote}").format(vote=_vote_summary(context, kind, vote.body))


def objections_section(context: Context) -> Section | None:
    """Every objection ever written (sealed ones once revealed), and what became of it."""
    items = []
    for record, kind, body in _objection_records(context):
        if kind == "phase.respond":
            proposal = context.state.proposals.get(body["proposal"])
            if proposal is not None and proposal.to == END:
                what = _("{name} objected to ending the meeting").format(
                    name=name_of(context, record.author)
                )
            else:
                target = _(PHASE_LABELS[proposal.to]) if proposal else body["proposal"][:8]
                what = _("{name} objected to moving to {phase}").format(
                    name=name_of(context, record.author), phase=target
                )
        else:
            what = _("{name} objected to {option}").format(
                name=name_of(context, record.author), option=context.label(body["option"])
            )
        reason = body.get("reason", "").strip() or _("(no reason given)")
        items.append(
            Entry(
                inline(strong(what), f" ({when(record.at)}): ", reason),
                (
                    Entry(
                        inline(
                            em(_("How it was handled")), ": ", _handled(context, record, kind, body)
                        )
                    ),
                ),
            )
        )
    if not items:
        return None
    return section(_("Objections and how they were handled"), [Bullets(tuple(items))])
