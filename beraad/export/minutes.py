"""The minutes of a session: what a person wants to read, print and check afterwards.

Built from ``SessionState`` (and the records, for the history of objections) as a document
(``document.py``), in Dutch or English, with no I/O: the same records give the same minutes on
every peer. Co-creation asks that anyone can follow how the group came to its decision — also
those who were not in the room — so the minutes show the whole analysis (knots, positions,
experience, criteria, options), every vote, every objection and what became of it, the rule
the decision met, and how to check all of it against the signed records.
"""

from __future__ import annotations

from typing import Any

from beraad.core.gap_refusals import refused_after_gaps
from beraad.core.identity import fingerprint
from beraad.core.record import Record
from beraad.core.session import DECISION_RULE_LABELS, PHASE_LABELS, PROCESS_RULE_LABELS
from beraad.core.state import Claim, Handover
from beraad.export.actions import actions_section, table_map_section
from beraad.export.cafe import cafe_section
from beraad.export.decision import decisions_section
from beraad.export.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
    code,
    em,
    inline,
    strong,
    struck,
)
from beraad.export.document import Item as Entry
from beraad.export.facts import facts_section
from beraad.export.fork_words import kept_sentences
from beraad.export.meetings import meetings_section
from beraad.export.period import Period, session_period
from beraad.export.votes import objections_section, votes_section
from beraad.export.wording import (
    Context,
    _,
    by_line,
    cites,
    incomplete_section,
    item_text,
    language,
    name_of,
    ngettext,
    number,
    number_items,
    section,
    when,
)
from beraad.i18n.kinds import kind_name, reason_text
from beraad.scenarios import scenario_title

__all__ = ["Context", "build_minutes"]


def build_minutes(context: Context) -> Document:
    """The whole minutes as a document, in ``context.language``."""
    token = language.set(context.language)
    try:
        number_items(context)
        state = context.state
        title = state.info.title if state.info else _("Untitled deliberation")
        blocks: list[Block] = [Heading(1, inline(title)), *_opening(context)]
        for builder in (
            _incomplete,
            _participants,
            meetings_section,
            table_map_section,
            _process,
            facts_section,
            cafe_section,
            _knots,
            _positions,
            _notes,
            _criteria,
            _options,
            votes_section,
            objections_section,
            decisions_section,
            actions_section,
            _evaluation,
            _set_aside,
            _refused,
            _how_to_check,
        ):
            section = builder(context)
            if section is not None:
                blocks.append(section)
        return Document(title=title, blocks=tuple(blocks))
    finally:
        language.reset(token)


# ----------------------------------------------------------------------------- sections


def _opening(context: Context) -> list[Block]:
    state, info = context.state, context.state.info
    if info is None:
        return [Paragraph(inline(_("This deliberation has no opening record.")))]
    facts = [
        Entry(inline(strong(_("Deliberation")), ": ", code(info.id))),
        Entry(inline(strong(_("Scenario")), ": ", scenario_title(info.scenario, context.language))),
        Entry(inline(strong(_("Process rule")), ": ", _(PROCESS_RULE_LABELS[info.process_rule]))),
        Entry(
            inline(strong(_("Decision rule")), ": ", _(DECISION_RULE_LABELS[info.decision_rule]))
        ),
        Entry(
            inline(
                strong(_("Phases")),
                ": ",
                " → ".join(_(PHASE_LABELS[p]) for p in info.phases),
            )
        ),
    ]
    if state.phase:
        facts.append(Entry(inline(strong(_("Current phase")), ": ", _(PHASE_LABELS[state.phase]))))
    period = _period(context)
    if period is not None:
        facts.append(
            Entry(inline(strong(_("Period")), ": ", when(period.start), " – ", when(period.end)))
        )
    if period is not None and period.outliers:
        authors = dict.fromkeys(name_of(context, r.author) for r in period.outliers)
        facts.append(
            Entry(
                inline(
                    ngettext(
                        "Not counted in the period: {n} record whose time lies more than an hour "
                        "before the opening, or more than 31 days after both the opening and "
                        "the last counted record of another member, by {names}.",
                        "Not counted in the period: {n} records whose time lies more than an hour "
                        "before the opening, or more than 31 days after both the opening and "
                        "the last counted record of another member, by {names}.",
                        len(period.outliers),
                    ).format(n=len(period.outliers), names=", ".join(authors))
                )
            )
        )
    focus = info.focus.strip() or _("(no focus question was set)")
    return [
        Heading(2, inline(_("Focus question"))),
        Paragraph(inline(strong(focus))),
        Bullets(tuple(facts)),
    ]


def _incomplete(context: Context) -> Section | None:
    what = _(
        "These minutes are incomplete: they leave out the records below, which this device "
        "cannot place yet."
    )
    return incomplete_section(context, what)


def _period(context: Context) -> Period | None:
    """The period over the records the fold accepted; only counting members' records vouch
    for the times of others (``export/period.py``; attack s9 finding 1)."""
    members = context.state.members

    def backs(record: Record) -> bool:
        member = members.get(record.author)
        forked = context.set_aside.get(record.author)
        return (
            member is not None
            and member.counts
            and (forked is None or record.seq < forked or record.id in context.kept)
        )

    def measured_as(record: Record) -> str:
        member = members.get(record.author)
        if member is None or member.counts:
            return record.author
        return member.admitted_by or record.author  # a guest's, a waiting member's: its admitter

    accepted = (r for r in context.records if r.id not in context.rejected)
    return session_period(accepted, backs, measured_as)


def _participants(context: Context) -> Section | None:
    state = context.state
    rows = []
    watchers = []
    for key, member in state.members.items():
        if member.observer:  # a projector or a screen that only watches: no member of the group
            watchers.append(f"{member.name} ({fingerprint(key)})")
            continue
        if member.admitted_by is None:
            role = _("opened the deliberation")
        else:
            role = _("admitted by {name}").format(name=name_of(context, member.admitted_by))
        if member.facilitator:
            role = f"{role}; {_('facilitator')}"
        if member.confirmed_by is not None:
            confirmed = _("confirmed by {name}").format(name=name_of(context, member.confirmed_by))
            role = f"{role}; {confirmed}"
        if member.pending:
            role = f"{role}; {_('not confirmed, so not counted')}"
        if member.guest:
            role = f"{role}; {_('guest: evaluation only')}"
        counted = state.participation.get(key)
        rows.append(
            (
                inline(name_of(context, key)),
                inline(code(fingerprint(key))),
                inline(role),
                inline(str(counted.total if counted else 0)),
            )
        )
    table = Table(
        (
            inline(_("Name")),
            inline(_("Fingerprint")),
            inline(_("Role")),
            inline(_("Records")),
        ),
        tuple(rows),
        numeric=frozenset({3}),
    )
    note = Paragraph(
        inline(
            _(
                "A fingerprint is a short form of the member's public key; every record they "
                "wrote carries their signature."
            )
        )
    )
    blocks: list[Block] = [table, note]
    if watchers:
        blocks.append(
            Paragraph(
                inline(
                    strong(_("Observers")),
                    ": ",
                    ", ".join(watchers),
                    ". ",
                    _("They only watched: they count in no quorum and cast no vote."),
                )
            )
        )
    return section(_("Who took part"), blocks)


def _objected_later(context: Context, move: Any) -> str:
    """A consent move stands on the answers it named; objections that came in later are said."""
    proposal = context.state.proposals.get(move.proposal or "")
    if not move.came_later or proposal is None:
        return ""
    names = sorted(name_of(context, proposal.said[r].member) for r in move.came_later)
    return "; " + _("objections that came in later: {names}").format(names=", ".join(names))


def _move_entry(context: Context, move: Any) -> Entry:
    how = (
        _("by consent of the group, moved by {name}") if move.proposal else _("moved by {name}")
    ).format(name=name_of(context, move.by))
    later = _objected_later(context, move)
    return Entry(inline(strong(_(PHASE_LABELS[move.to])), f" — {how}, {when(move.at)}{later}"))


def _meeting_moves(context: Context) -> list[Entry]:
    """A trajectory's moves under the meeting each was made in, each meeting from its opening
    to where it stopped: one list read as if meeting 2 went on from Evaluate back to the
    opening (naive s12 P6)."""
    state, items = context.state, []
    first = state.info.phases[0] if state.info is not None else "opening"
    for meeting in state.meetings:
        made = [move for move in state.phase_history if move.meeting == meeting.number]
        moves = [_move_entry(context, move) for move in made]
        if meeting.stopped_in is not None:
            stopped = _("The meeting ended in {phase}.").format(
                phase=_(PHASE_LABELS[meeting.stopped_in])
            )
            moves.append(Entry(inline(em(stopped))))
        title = _("Meeting {number}").format(number=meeting.number)
        start = _("starts at {phase}").format(phase=_(PHASE_LABELS[first]))
        items.append(Entry(inline(strong(title), f" — {start}"), tuple(moves)))
    return items


def _process(context: Context) -> Section | None:
    state = context.state
    if state.meetings:  # a trajectory: each meeting's moves under it
        items = _meeting_moves(context)
    else:
        items = [_move_entry(context, move) for move in state.phase_history]
    items.extend(Entry(inline(handover_line(context, h))) for h in state.handovers)
    items.extend(
        Entry(inline(unseen_line(context, c)))
        for c in state.claims.values()
        if c.status == "unseen"
    )
    if not items:
        return None
    return section(_("How the group moved through the phases"), [Bullets(tuple(items))])


def unseen_line(context: Context, claim: Claim) -> str:
    """A request to take over that never counted: the facilitator it named wrote after it
    without having seen it, so was not away (``core/takeover.py``)."""
    said = _(
        "{name} asked to take over the facilitator role from {old} ({when}); it did not "
        "count: {old} wrote on after it without having seen it, so was not away"
    )
    old, name = name_of(context, claim.replaces), name_of(context, claim.by)
    return said.format(name=name, old=old, when=when(claim.at))


def handover_line(context: Context, handover: Handover) -> str:
    """Who handed the role to whom, or who took it over, when, and who seconded it: the
    decision structure read from the records alone (``core/takeover.py``)."""
    old, new = name_of(context, handover.by), name_of(context, handover.to)
    if handover.claim is None:
        return _("{old} handed the facilitator role to {new}").format(old=old, new=new)
    if handover.seconded_by is None:
        said = _("{new} took over the facilitator role from {old} ({when}); nobody else took part")
        return said.format(new=new, old=old, when=when(handover.at))
    said = _("{new} took over the facilitator role from {old} ({when}), seconded by {second}")
    second = name_of(context, handover.seconded_by)
    return said.format(new=new, old=old, when=when(handover.at), second=second)


def _knots(context: Context) -> Section | None:
    state = context.state
    if not state.knots:
        return None
    items = []
    for knot in state.knots.values():
        children = []
        if knot.matters:
            names = ", ".join(name_of(context, m) for m in knot.matters)
            children.append(
                Entry(
                    inline(
                        _("matters to {count}: {names}").format(
                            count=len(knot.matters), names=names
                        )
                    )
                )
            )
        for link in state.links_of(knot.id):
            if link.source != knot.id:
                continue
            relation = _("relates to") if link.relation == "relates_to" else _("is part of")
            text = inline(relation, " ", strong(context.label(link.target)))
            if not link.live:
                text = inline(struck("".join(s.text for s in text)), em(f" ({_('retracted')})"))
            children.append(Entry(text))
        items.append(
            Entry(
                inline(item_text(context, knot), cites(context, knot), by_line(context, knot)),
                tuple(children),
            )
        )
    blocks: list[Block] = [Bullets(tuple(items))]
    if state.clusters:
        clusters = []
        for cluster in state.clusters.values():
            members = ", ".join(context.label(k) for k in cluster.knots)
            clusters.append(
                Entry(
                    inline(item_text(context, cluster), f": {members}", by_line(context, cluster))
                )
            )
        blocks += [Heading(3, inline(_("Clusters"))), Bullets(tuple(clusters))]
    return section(_("The knot map"), blocks)


def _notes_on(context: Context, target: str) -> tuple[Entry, ...]:
    return tuple(
        Entry(inline(em(_note_type(n.note_type)), ": ", item_text(context, n), by_line(context, n)))
        for n in context.state.notes_on(target)
    )


def _note_type(note_type: str) -> str:
    return _("experience") if note_type == "experience" else _("knowledge")


def _positions(context: Context) -> Section | None:
    state = context.state
    if not state.positions:
        return None
    blocks: list[Block] = []
    for knot in state.knots.values():
        positions = state.positions_on(knot.id)
        if not positions:
            continue
        blocks.append(Heading(3, item_text(context, knot)))
        items = []
        for position in positions:
            children = []
            for argument in state.arguments_on(position.id):
                stance = _("for") if argument.stance == "for" else _("against")
                children.append(
                    Entry(
                        inline(
                            strong(f"{stance}: "),
                            item_text(context, argument, label=False),
                            cites(context, argument),
                            by_line(context, argument),
                        ),
                        _notes_on(context, argument.id),
                    )
                )
            children.extend(_notes_on(context, position.id))
            items.append(
                Entry(
                    inline(
                        item_text(context, position),
                        cites(context, position),
                        by_line(context, position),
                    ),
                    tuple(children),
                )
            )
        blocks.append(Bullets(tuple(items)))
    return section(_("Positions and arguments"), blocks)


def _notes(context: Context) -> Section | None:
    state = context.state
    if not state.notes:
        return None
    items = []
    for note in state.notes.values():
        if note.target is None:
            about = _("in general")
        elif note.target in context.labels:
            about = _("on {item}").format(item=context.label(note.target))
        elif any(d.record == note.target for d in state.decisions):
            about = _("on the decision")
        else:
            target = state.item(note.target)
            about = _("on {item}").format(item=target.text[:40] if target else note.target[:8])
        items.append(
            Entry(
                inline(
                    strong(_note_type(note.note_type)),
                    f" ({about}): ",
                    item_text(context, note),
                    by_line(context, note),
                )
            )
        )
    return section(_("Experiences and knowledge"), [Bullets(tuple(items))])


def _criteria(context: Context) -> Section | None:
    state = context.state
    if not state.criteria:
        return None
    weights = {row.criterion: row for row in state.criterion_weights()}
    rows = []
    for criterion in state.criteria.values():
        row = weights.get(criterion.id)
        given = (
            ", ".join(f"{name_of(context, m)} {w}" for m, w in row.weights.items()) if row else ""
        )
        spread = (
            f"{row.low}–{row.high} ({row.spread})"
            if row is not None and row.low is not None
            else "–"
        )
        rows.append(
            (
                item_text(context, criterion),
                inline(number(row.group) if row else "–"),
                inline(spread),
                inline(given or "–"),
            )
        )
    table = Table(
        (
            inline(_("Criterion")),
            inline(_("Group weight")),
            inline(_("Spread (low–high)")),
            inline(_("Weights given")),
        ),
        tuple(rows),
        numeric=frozenset({1}),
    )
    note = Paragraph(
        inline(
            _(
                "The group weight is the mean of the members' points; the spread shows how far "
                "they were apart, so disagreement stays visible."
            )
        )
    )
    return section(_("Criteria and their weights"), [table, note])


def _options(context: Context) -> Section | None:
    state = context.state
    if not state.options:
        return None
    items = []
    for option in state.options.values():
        extra = ""
        if option.builds_on:
            extra = " " + _("(builds on {options})").format(
                options=", ".join(context.label(o) for o in option.builds_on)
            )
        items.append(
            Entry(
                inline(
                    item_text(context, option),
                    extra,
                    cites(context, option),
                    by_line(context, option),
                )
            )
        )
    return section(_("Options"), [Bullets(tuple(items))])


def _evaluation(context: Context) -> Section | None:
    state = context.state
    if not state.evaluations:
        return None
    blocks: list[Block] = []
    for aspect, title in (("went_well", _("What went well")), ("try_next", _("What to try next"))):
        items = tuple(
            Entry(inline(item_text(context, e), by_line(context, e)))
            for e in state.evaluations.values()
            if e.aspect == aspect
        )
        if items:
            blocks += [Heading(3, inline(title)), Bullets(items)]
    return section(_("Evaluation"), blocks)


def _set_aside(context: Context) -> Section | None:
    """Who signed two different records at one place: from there on none of theirs counts."""
    if not context.set_aside:
        return None
    items = [
        Entry(
            inline(
                _(
                    "{author} signed two different records at seq {seq}; from there on the "
                    "records of {author} are set aside, but for those the group built on."
                ).format(author=name_of(context, author), seq=seq)
            )
        )
        for author, seq in sorted(context.set_aside.items())
    ]
    for author in sorted(context.set_aside):
        # What the group built on still counts (core/forks.py): said, record by record.
        lines = kept_sentences(
            context.records, context.kept, author, lambda key: name_of(context, key), _
        )
        items += [Entry(inline(text)) for _record, text in lines]
    return section(_("Set aside"), [Bullets(tuple(items))])


def _refused(context: Context) -> Section | None:
    if not context.rejected:
        return None
    by_id = {r.id: r for r in context.records}
    # With a record missing here, what was refused after it could have stood may count on a
    # peer that holds it: said apart, never "as on every peer" (naive s16 N2).
    after = refused_after_gaps(
        context.rejected, context.records, [w.author for w in context.waiting]
    )
    items, waiting = [], []
    for record_id, reason in context.rejected.items():
        record = by_id.get(record_id)
        who = name_of(context, record.author) if record else "?"
        kind = kind_name(record.kind, language.get()) if record else "?"
        said = reason_text(reason, language.get())  # in the minutes' language; old ones as kept
        entry = Entry(inline(code(record_id[:12]), f" ({kind}, {who}): {said}"))
        (waiting if record_id in after else items).append(entry)
    blocks: list[Block] = []
    if items:
        intro = _(
            "These records were signed but refused by the rules of the deliberation; every "
            "peer refuses them in the same way, and they count for nothing."
        )
        blocks += [Paragraph(inline(intro)), Bullets(tuple(items))]
    if waiting:
        intro = _(
            "These records were refused here, where a record they may rest on is missing (see "
            "Incomplete): on a peer that holds it they may count. They are not the group's "
            "refusals."
        )
        blocks += [Paragraph(inline(intro)), Bullets(tuple(waiting))]
    return section(_("Refused records"), blocks)


def _how_to_check(context: Context) -> Section | None:
    state = context.state
    session = state.info.id if state.info else "?"
    blocks: list[Block] = [
        Paragraph(
            inline(
                _(
                    "These minutes were made from {count} records, each signed by the member "
                    "who wrote it. Nobody can change a record without breaking its signature, "
                    "and every peer that holds the same records computes the same state hash."
                ).format(count=len(context.records))
            )
        ),
        Paragraph(
            inline(
                _(
                    "To check them, ask a member for the bundle (beraad export {session} "
                    "--format bundle) and run beraad verify on it: it checks every signature, "
                    "who was a member, every chain and the order, recounts every vote and the "
                    "decision, and compares the state hash with the one below."
                ).format(session=session[:8])
            )
        ),
        Bullets(
            (
                Entry(inline(strong(_("Deliberation")), ": ", code(session))),
                Entry(inline(strong(_("Records")), f": {len(context.records)}")),
                Entry(inline(strong(_("State hash")), ": ", code(context.state_hash))),
            )
        ),
    ]
    return section(_("How to check this"), blocks)
