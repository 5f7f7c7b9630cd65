"""Every record kind of a deliberation: its body schema, who may write it, and when.

``validate(kind, body)`` is the one schema check: the node calls it before signing our own
contribution (so the user sees a mistake at once), and the reducer calls it on every arrival.
It checks shape only; what depends on the session so far (does that knot exist, is this your
record, is this the right phase) is the reducer's job.

| kind                 | body                                                | who       | phase |
|----------------------|-----------------------------------------------------|-----------|---|
| session.open         | title, focus, scenario, language, process_rule,     | anyone²   | — |
|                      | decision_rule, phases, private, dots_per_member?,   |           |  |
|                      | gradient_threshold?, nonce (session id = its hash)  |           |  |
| member.admit         | member (public key), name, role? member/guest¹³     | member    | any |
| member.confirm       | member (key of a pending member), admission? (id)¹³ | see ¹³    | any |
| member.name          | name                                                | member    | any |
| member.observe       | (nothing)                                           | member⁷   | any |
| facilitator.handover | to (member key)                                     | facilit.  | any |
| facilitator.claim    | replaces (the facilitator's key)¹⁸                  | member    | any |
| facilitator.second   | claim (id of a facilitator.claim)¹⁸                 | member    | any |
| phase.propose        | to (phase, or "end"¹⁷), reason?, next?¹⁷            | member    | any |
| phase.respond        | proposal (id), response ready/object, reason³       | member    | any |
| phase.move           | to (phase), proposal (id or null), rests_on?        | steward¹  | any |
| knot.add             | text, cites?¹¹                                      | member    | K |
| knot.link            | source, target (knots), relation relates_to/part_of | member    | KP |
| knot.cluster         | label, knots (ids)                                  | member    | KP |
| knot.matter          | knot (id), matters (bool)                           | member    | KPC |
| position.add         | knot (id), text, cites?¹¹                           | member    | P |
| argument.add         | position (id), stance for/against, text, cites?¹¹   | member    | P |
| note.add             | target (id/null), type experience/knowledge, text   | member    | KPCOD |
| criterion.add        | text                                                | member    | C |
| weight.set           | weights {criterion id: 0..100}                      | member    | C |
| option.add           | text, builds_on? (option ids), cites?¹¹             | member    | O |
| score.set            | scores {option id: {criterion id: 0..10}}, part?⁸   | member    | D |
| ballot.rank          | ranking [[option ids ranked equal], …] best first   | member    | D |
| ballot.grade         | grades {option id: 0..5} (0 reject … 5 excellent)   | member    | D |
| dots.place           | dots {option id: ≥1}                                | member    | D |
| consent.respond      | option, response agree/stand_aside/object, reason³  | member    | D |
| gradient.respond     | option, level 1..8, reason?                         | member    | D |
| vote.commit          | kind (vote kind), option? (id or null), commitment  | member    | D |
| vote.close           | kind (vote kind)                                    | steward¹  | D |
| vote.reopen          | kind (vote kind)                                    | steward¹⁰ | D |
| vote.reveal          | commit (id), vote (body of that kind), nonce (hex)  | committer | D |
| vote.reveal_end      | kind (vote kind), unrevealed (commit ids)           | steward⁹  | D |
| decision.take        | method, option, rests_on (record ids), tie? (ids)   | steward¹  | D |
| evaluation.add       | aspect went_well/try_next, text, decision? (id)     | member    | E |
| edit                 | target (id of own text item), text                  | author    | any |
| retract              | target (id of own item), reason?                    | author    | any |
| hand.raise           | speaker?                                            | member    | any |
| hand.lower           | member? (key, default: the writer), speaker?        | raiser⁴   | any |
| floor.give           | member (key or null: nobody), speaker?              | see ⁵     | any |
| timer.start          | seconds 1..86400, label?                            | steward¹  | any |
| timer.stop           | (empty)                                             | steward¹  | any |
| round.start          | order [{member, speaker?}, …], topic?               | steward¹  | any |
| round.pass           | (empty)                                             | see ⁶     | any |
| round.end            | (empty)                                             | steward¹  | any |
| fact.add             | title, text, link? (http/https URL), sha256? (hex)  | member    | any |
| fact.question        | fact (id), reason                                   | member    | any |
| cafe.setup           | people (voices), tables [{question, host (index)}], | steward¹  | any |
|                      | seconds, plan [round [table [person indexes]]]      |           |  |
| cafe.round           | round (1-based, the next one)                       | steward¹  | any |
| cafe.end             | whole? (bool; empty: ends the round going on)       | steward¹  | any |
| meeting.end          | next? (what comes next: when, where, about what),   | steward¹  | any¹² |
|                      | proposal?, rests_on? (under consent, see ¹⁷)        |           |  |
| meeting.start        | (empty)                                             | steward¹  | any¹² |
| action.add           | text, decision? (id), group? (id), due? YYYY-MM-DD, | member    | see¹⁴ |
|                      | internal? (bool: left out of the newsletter)        |           |  |
| action.pull          | action (id): the writer volunteers to pull it       | member    | any |
| action.release       | action (id): a puller steps back                    | puller    | any |
| action.update        | action (id), status started/done/stuck, note³       | puller    | any |
| group.add            | name (a group concerned: residents, youth, …)       | member    | any |
| group.mark           | group (id), status present/reached/missing          | member    | any |
| group.rename         | group (id), name: a better name for it               | author¹⁵  | any |
| action.due           | action (id), due? YYYY-MM-DD (absent: no due date)  | see¹⁶     | any |

Phases: K knots, P positions, C criteria, O options, D decide, A act, E evaluate.
¹ steward: the current facilitator under process rule "facilitator"; any member under "consent"
(a ``phase.move`` then needs a proposal that has the group's consent).
² the author's first record (seq 1); the author becomes the first member and facilitator.
³ a reason is required with an objection; a note with the status "stuck".

**Scribe mode.** Every kind that adds text (``TEXT_ITEMS``) and ``hand.raise`` take an optional
``speaker``: the display name of someone in the room *without a device* for whom the writer
(the scribe) records it. The record is signed by the scribe, who alone may edit or retract it;
the state keeps both (``Item.author`` = scribe, ``Item.speaker`` = name) and participation
counts the contribution for the person spoken for (``SessionState.spoken_for``, keyed by the
name folded with ``session.speaker_key``), not for the scribe (who gets ``scribed`` + 1). Such a
person holds no key, so is no member: they cannot vote or move phases. A *voice* is a member key
plus an optional speaker name; the queue, the floor and rounds hold voices.

⁴ the member who raised it (its ``member``); under process rule "facilitator" also the
facilitator, for anyone's hand.
⁵ under process rule "facilitator": the facilitator gives the word to anyone; under "consent"
the queue decides who: any member may give the word to the voice at the head of the queue (the
head taking it, or the group passing it on). In both, whoever holds the word (or their scribe)
may close it with ``member`` null.
⁶ the member whose turn it is (or the scribe of the spoken-for person whose turn it is); under
process rule "facilitator" also the facilitator. A text contribution by the voice whose turn it
is also ends that turn.
⁷ a member that only watches (a projector, a screen for the room) says so for itself; from then
on it writes nothing but its name, admissions (a keeper that opens codes; whom it admits
waits for confirmation) and the late reveal of a sealed vote a reveal end named, and no
quorum counts it. What it said while taking part is withdrawn when it observes: its votes
(sealed ones too), criteria weights, answers to an open phase proposal and "matters" marks,
so no tally, quorum or move rests on an observer; a decision taken before keeps the votes it
counted. The facilitator cannot observe.
⁸ ``part`` true: a part of the member's open score sheet (a big matrix does not fit one record);
each option row it holds replaces that row, the other rows stay. Without it a sheet replaces
the whole sheet. A decision rests on every part whose row still counts.
⁹ a steward (see ¹), and only when its ``at`` is at least ``session.REVEAL_GRACE_MS`` (60 s)
after the close's time: the ``at`` of the ``vote.close``, or the latest ``at`` of a vote still
sealed then, whichever is later (a close dated in the past, by a slow clock or on purpose,
cannot end the reveal at once). A voter's running app reveals by itself at the close, so
ending the reveal cannot race a voter who is online.
¹⁰ a new round of voting on a closed vote kind, before any decision by it: what "work with the
objection and respond again" needs. Every member's latest vote still counts until they change
it; the reveal (and its end) of the old round no longer applies, so the next close starts anew.
¹¹ ``cites``: the ids of shared facts (``fact.add``) the contribution rests on, each live when
cited (see ``facts.py``). A link is only ever shown as text, never fetched; ``sha256`` is the hash
of a file someone holds (say on the group's USB stick), so anyone can check their copy.
¹² a trajectory of meetings (``trajectory.py``): ``meeting.end`` ends the current meeting,
``meeting.start`` opens the next one at the opening phase with voting fresh. Between them the
kinds that need the group in the room (``trajectory.MEETING_ONLY``) are refused.
¹³ in a session opened with ``admission: "confirmed"``: an admission by anyone but the
facilitator is pending until ``member.confirm`` — by the facilitator under process rule
"facilitator", under "consent" by a member who counts other than the admitter and the admitted.
A pending member writes text but counts nowhere; a guest writes evaluation notes only
(``core/admission.py``). In a session opened before that rule an observer's admission waits
for confirmation too. 500 members who do not wait at most; one that would wait is refused
once 500 of any kind are in, so waiting keys never lock the facilitator out.
¹⁴ from the act phase on, or between meetings (``actions.may_add_actions``); before, only to
reach out to a group of the table map not marked present, serving no decision. A ``decision``
must name a decision taken. Nobody assigns anyone: each puller volunteers with their own
``action.pull``; pending members and guests neither add, pull nor update (``core/actions.py``).
¹⁵ who added the group, or (since 6 December 2026) the facilitator; not to a name that
``names.alike`` folds to another group's. A member other than the facilitator adds at most
``actions.GROUPS_EACH`` groups (docs/protocol.md).
¹⁶ whoever pulls the action; its author too, until someone else pulls it (as for an edit).
¹⁷ under process rule "consent", in a session opened since 6 December 2026 12:00 UTC
(``end_consent.py``): a member proposes to end the meeting (``phase.propose`` with ``to: "end"``
and optionally ``next``), the others answer ready/object, and ``meeting.end`` names the
``proposal`` and the "ready" answers it rests on (``rests_on``), by the rule of a consent move,
with the proposal's ``next``; it is folded only after every answer it names. Under
"facilitator" the facilitator ends meetings alone; an older session folds as it did.
¹⁸ a take-over of the facilitation (``takeover.py``): a member who takes part asks to take
over from the facilitator it names; it counts once another member who takes part seconds it
(at once when nobody but the two of them takes part). A request lapses with its meeting, and
when the facilitator changes otherwise.
"""

from __future__ import annotations

from typing import Any

from beraad.core.messages import N_
from beraad.core.schema import (
    MAX_CAFE_ROUNDS,
    MAX_CAFE_SEATS,
    MAX_CAFE_TABLES,
    MAX_CITES,
    MAX_LINK,
    MAX_LIST,
    MAX_NAME,
    MAX_SHORT,
    MAX_TEXT,
    Check,
    Field,
    KindSpec,
    SchemaError,
    boolean,
    cafe_plan,
    cafe_tables,
    due_date,
    hex_text,
    id_list,
    id_map,
    integer,
    link,
    name,
    one_line,
    one_of,
    optional_id,
    optional_key,
    phases,
    public_key,
    record_id,
    slug,
    table,
    text,
    tiers,
    voices,
)
from beraad.core.schema import optional as _optional
from beraad.core.schema import spec as _spec
from beraad.core.session import (
    DECISION_RULES,
    LANGUAGES,
    MAX_TIMER_SECONDS,
    PHASES,
    PROCESS_RULES,
    RULE_NEEDS,
)

#: The spec machinery lives in ``schema``; these names stay importable from here as before.
__all__ = [
    "ACTION_UPDATES",
    "ANY_PHASE",
    "CITING_KINDS",
    "GROUP_MARKS",
    "KINDS",
    "MAX_CAFE_ROUNDS",
    "MAX_CAFE_SEATS",
    "MAX_CAFE_TABLES",
    "MAX_CITES",
    "MAX_LINK",
    "MAX_LIST",
    "MAX_NAME",
    "MAX_SHORT",
    "MAX_TEXT",
    "MEETING_KINDS",
    "NEEDS_REASON",
    "PER_OPTION_VOTES",
    "TEXT_ITEMS",
    "VOTE_KINDS",
    "Check",
    "Field",
    "KindSpec",
    "SchemaError",
    "boolean",
    "cafe_plan",
    "cafe_tables",
    "due_date",
    "hex_text",
    "id_list",
    "id_map",
    "integer",
    "link",
    "name",
    "one_line",
    "one_of",
    "optional_id",
    "optional_key",
    "phases",
    "public_key",
    "record_id",
    "slug",
    "table",
    "text",
    "tiers",
    "validate",
    "voices",
]

ANY_PHASE: tuple[str, ...] = PHASES
#: Kinds that are votes: the latest one per member (and option) counts; each can be sealed.
VOTE_KINDS: tuple[str, ...] = (
    "score.set",
    "ballot.rank",
    "ballot.grade",
    "dots.place",
    "consent.respond",
    "gradient.respond",
)
#: Vote kinds cast on one option at a time (the others are a whole sheet).
PER_OPTION_VOTES: tuple[str, ...] = ("consent.respond", "gradient.respond")
#: What a puller can say about an action (its status is "open" until the first of these).
ACTION_UPDATES: tuple[str, ...] = ("started", "done", "stuck")
#: Who is at the table: each group concerned is present, reached (outside the room) or missing.
GROUP_MARKS: tuple[str, ...] = ("present", "reached", "missing")
#: Kinds that create an item with text that its author may edit or retract.
TEXT_ITEMS: tuple[str, ...] = (
    "knot.add",
    "knot.cluster",
    "position.add",
    "argument.add",
    "note.add",
    "criterion.add",
    "option.add",
    "evaluation.add",
)


_REASON = _optional(text(MAX_TEXT, minimum=0))
#: Scribe mode: the name of the person without a device this text is recorded for.
_SPEAKER = _optional(name)
_DECIDE = ("decide",)
#: The shared facts a contribution rests on (``facts.py`` checks each exists).
_CITES = _optional(id_list(0, MAX_CITES))
KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        _spec(
            "session.open",
            "anyone",
            (),
            title=text(MAX_SHORT),
            focus=text(MAX_TEXT, minimum=0),
            scenario=slug,
            language=one_of(*LANGUAGES),
            process_rule=one_of(*PROCESS_RULES),
            decision_rule=one_of(*DECISION_RULES),
            phases=phases,
            private=boolean,
            dots_per_member=_optional(integer(1, 100)),
            gradient_threshold=_optional(integer(1, 7)),
            nonce=_optional(hex_text(32, 32)),
            admission=_optional(one_of("confirmed")),
        ),
        _spec(
            "member.admit",
            "member",
            ANY_PHASE,
            member=public_key,
            name=name,
            role=_optional(one_of("member", "guest")),
        ),
        _spec(
            "member.confirm",
            "member",
            ANY_PHASE,
            member=public_key,
            admission=_optional(record_id),  # the admission it confirms (since 6 Dec 2026)
        ),
        _spec("member.name", "member", ANY_PHASE, name=name),
        _spec("member.observe", "member", ANY_PHASE),
        _spec("facilitator.handover", "facilitator", ANY_PHASE, to=public_key),
        _spec("facilitator.claim", "member", ANY_PHASE, replaces=public_key),
        _spec("facilitator.second", "member", ANY_PHASE, claim=record_id),
        _spec(
            "phase.propose",
            "member",
            ANY_PHASE,
            to=one_of(*PHASES, "end"),  # "end": to end the meeting (``end_consent.py``)
            reason=_REASON,
            next=_optional(text(MAX_TEXT, minimum=0)),  # with "end": what comes next
        ),
        _spec(
            "phase.respond",
            "member",
            ANY_PHASE,
            proposal=record_id,
            response=one_of("ready", "object"),
            reason=_REASON,
        ),
        _spec(
            "phase.move",
            "steward",
            ANY_PHASE,
            to=one_of(*PHASES),
            proposal=_optional(optional_id),
            rests_on=_optional(id_list(1, 500)),  # the "ready" answers it moves on (settled)
        ),
        _spec("knot.add", "member", ("knots",), text=text(), speaker=_SPEAKER, cites=_CITES),
        _spec(
            "knot.link",
            "member",
            ("knots", "positions"),
            source=record_id,
            target=record_id,
            relation=one_of("relates_to", "part_of"),
        ),
        _spec(
            "knot.cluster",
            "member",
            ("knots", "positions"),
            label=text(MAX_SHORT),
            knots=id_list(1),
            speaker=_SPEAKER,
        ),
        _spec(
            "knot.matter",
            "member",
            ("knots", "positions", "criteria"),
            knot=record_id,
            matters=boolean,
        ),
        _spec(
            "position.add",
            "member",
            ("positions",),
            knot=record_id,
            text=text(),
            speaker=_SPEAKER,
            cites=_CITES,
        ),
        _spec(
            "argument.add",
            "member",
            ("positions",),
            position=record_id,
            stance=one_of("for", "against"),
            text=text(),
            speaker=_SPEAKER,
            cites=_CITES,
        ),
        _spec(
            "note.add",
            "member",
            ("knots", "positions", "criteria", "options", "decide"),
            target=optional_id,
            type=one_of("experience", "knowledge"),
            text=text(),
            speaker=_SPEAKER,
        ),
        _spec("criterion.add", "member", ("criteria",), text=text(MAX_SHORT), speaker=_SPEAKER),
        _spec("weight.set", "member", ("criteria",), weights=id_map(integer(0, 100), 1)),
        _spec(
            "option.add",
            "member",
            ("options",),
            text=text(),
            builds_on=_optional(id_list()),
            speaker=_SPEAKER,
            cites=_CITES,
        ),
        _spec(
            "score.set",
            "member",
            _DECIDE,
            scores=id_map(id_map(integer(0, 10), 1), 1),
            part=_optional(boolean),
        ),
        _spec("ballot.rank", "member", _DECIDE, ranking=tiers),
        _spec("ballot.grade", "member", _DECIDE, grades=id_map(integer(0, 5), 1)),
        _spec("dots.place", "member", _DECIDE, dots=id_map(integer(1, 100), 1)),
        _spec(
            "consent.respond",
            "member",
            _DECIDE,
            option=record_id,
            response=one_of("agree", "stand_aside", "object"),
            reason=_REASON,
        ),
        _spec(
            "gradient.respond",
            "member",
            _DECIDE,
            option=record_id,
            level=integer(1, 8),
            reason=_REASON,
        ),
        _spec(
            "vote.commit",
            "member",
            _DECIDE,
            kind=one_of(*VOTE_KINDS),
            option=_optional(optional_id),
            commitment=hex_text(64, 64),
        ),
        _spec("vote.close", "steward", _DECIDE, kind=one_of(*VOTE_KINDS)),
        _spec("vote.reopen", "steward", _DECIDE, kind=one_of(*VOTE_KINDS)),
        _spec(
            "vote.reveal",
            "self",
            _DECIDE,
            commit=record_id,
            vote=table,
            nonce=hex_text(32, 128),
        ),
        _spec(
            "vote.reveal_end",
            "steward",
            _DECIDE,
            kind=one_of(*VOTE_KINDS),
            unrevealed=id_list(1, 10_000),
        ),
        _spec(
            "decision.take",
            "steward",
            _DECIDE,
            method=one_of(*DECISION_RULES),
            option=record_id,
            rests_on=id_list(0, 10_000),
            tie=_optional(id_list(2)),
        ),
        _spec(
            "evaluation.add",
            "member",
            ("evaluate",),
            aspect=one_of("went_well", "try_next"),
            text=text(),
            decision=_optional(optional_id),
            speaker=_SPEAKER,
        ),
        _spec("edit", "self", ANY_PHASE, target=record_id, text=text()),
        _spec("retract", "self", ANY_PHASE, target=record_id, reason=_REASON),
        _spec("hand.raise", "member", ANY_PHASE, speaker=_SPEAKER),
        _spec(
            "hand.lower",
            "member",
            ANY_PHASE,
            member=_optional(public_key),
            speaker=_SPEAKER,
        ),
        _spec("floor.give", "member", ANY_PHASE, member=optional_key, speaker=_SPEAKER),
        _spec(
            "timer.start",
            "steward",
            ANY_PHASE,
            seconds=integer(1, MAX_TIMER_SECONDS),
            label=_optional(text(MAX_SHORT)),
        ),
        _spec("timer.stop", "steward", ANY_PHASE),
        _spec("round.start", "steward", ANY_PHASE, order=voices, topic=_optional(text(MAX_SHORT))),
        _spec("round.pass", "member", ANY_PHASE),
        _spec("round.end", "steward", ANY_PHASE),
        _spec(
            "fact.add",
            "member",
            ANY_PHASE,
            title=one_line(MAX_SHORT),
            text=text(MAX_TEXT, minimum=0),
            link=_optional(link),
            sha256=_optional(hex_text(64, 64)),
        ),
        _spec("fact.question", "member", ANY_PHASE, fact=record_id, reason=text()),
        _spec(
            "cafe.setup",
            "steward",
            ANY_PHASE,
            people=voices,
            tables=cafe_tables,
            seconds=integer(1, MAX_TIMER_SECONDS),
            plan=cafe_plan,
        ),
        _spec("cafe.round", "steward", ANY_PHASE, round=integer(1, MAX_CAFE_ROUNDS)),
        # ``whole``: the steward ends the café itself, not only the round (no later round).
        _spec("cafe.end", "steward", ANY_PHASE, whole=_optional(boolean)),
        _spec(
            "meeting.end",
            "steward",
            ANY_PHASE,
            next=_optional(text(MAX_TEXT, minimum=0)),
            proposal=_optional(record_id),  # under consent: the proposal to end (end_consent)
            rests_on=_optional(id_list(1, 500)),  # and the "ready" answers it ends on
        ),
        _spec("meeting.start", "steward", ANY_PHASE),
        _spec(
            "action.add",
            "member",
            ANY_PHASE,
            text=text(),
            decision=_optional(optional_id),
            group=_optional(optional_id),
            due=_optional(due_date),
            internal=_optional(boolean),
        ),
        _spec("action.pull", "member", ANY_PHASE, action=record_id),
        _spec("action.release", "member", ANY_PHASE, action=record_id),
        _spec(
            "action.update",
            "member",
            ANY_PHASE,
            action=record_id,
            status=one_of(*ACTION_UPDATES),
            note=_optional(text(MAX_TEXT, minimum=0)),
        ),
        _spec("group.add", "member", ANY_PHASE, name=name),
        _spec("group.mark", "member", ANY_PHASE, group=record_id, status=one_of(*GROUP_MARKS)),
        _spec("group.rename", "member", ANY_PHASE, group=record_id, name=name),
        _spec("action.due", "member", ANY_PHASE, action=record_id, due=_optional(due_date)),
    )
}
#: Kinds that cite shared facts (an optional ``cites`` list of ``fact.add`` ids).
CITING_KINDS: tuple[str, ...] = ("knot.add", "position.add", "argument.add", "option.add")
#: Kinds of the meeting tools (queue, floor, timer, rounds): any phase, never a contribution.
MEETING_KINDS: tuple[str, ...] = (
    "hand.raise",
    "hand.lower",
    "floor.give",
    "timer.start",
    "timer.stop",
    "round.start",
    "round.pass",
    "round.end",
    "cafe.setup",
    "cafe.round",
    "cafe.end",
)
#: Objections must say why: a reason is required with these responses.
NEEDS_REASON: dict[str, tuple[str, str]] = {
    "phase.respond": ("response", "object"),
    "consent.respond": ("response", "object"),
}


def validate(kind: str, body: Any) -> None:
    """Raise SchemaError unless ``body`` fits ``kind`` (shape only; no session context)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise SchemaError(N_("unknown record kind {kind}"), kind=kind)
    if not isinstance(body, dict):
        raise SchemaError(N_("the body of {kind} must be a table"), kind=kind)
    unknown = sorted(set(body) - set(spec.fields))
    if unknown:
        raise SchemaError(
            N_("{kind} has unknown fields: {fields}"), kind=kind, fields=", ".join(unknown)
        )
    for field, rule in spec.fields.items():
        if field not in body:
            if rule.required:
                raise SchemaError(N_("{kind} needs {field}"), kind=kind, field=field)
            continue
        rule.check(body[field], field)
    needs = NEEDS_REASON.get(kind)
    if needs and body.get(needs[0]) == needs[1] and not str(body.get("reason", "")).strip():
        raise SchemaError(N_("an objection needs a reason"))
    if kind == "action.update" and body["status"] == "stuck" and not body.get("note", "").strip():
        raise SchemaError(N_("a stuck action needs a note saying why"))
    if kind == "session.open":
        _check_open(body)


def _check_open(body: dict[str, Any]) -> None:
    missing = [p for p in RULE_NEEDS[body["decision_rule"]] if p not in body["phases"]]
    if missing:
        raise SchemaError(
            N_("decision rule {rule} needs the phases {phases}"),
            rule=body["decision_rule"],
            phases=", ".join(missing),
        )
