"""What a session's records mean, as plain typed data the UI and the minutes render.

``SessionState`` is built only by ``DeliberationReducer`` (``deliberation.py``); nothing here
changes it. Items keep every version of their text and a retraction stays visible: nobody's
words disappear. ``snapshot`` turns the state into canonical JSON data (no floats; fractions
as ``"n/d"``), which is what the state hash covers.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from beraad.core.applied import Applied
from beraad.core.identity import fingerprint
from beraad.core.kinds import PER_OPTION_VOTES
from beraad.core.matrix import CriterionWeight, group_weights
from beraad.core.names import alike, alike_before, judged_by_table
from beraad.core.state_room import (  # noqa: F401 (what the room does; re-exported)
    Cafe,
    CafeTable,
    CafeTag,
    Claim,
    Floor,
    Hand,
    Meeting,
    Round,
    RoundTurn,
    Timer,
    Voice,
)


@dataclass(slots=True, kw_only=True)
class SessionInfo:
    id: str
    creator: str
    opened_in: str
    title: str
    focus: str
    scenario: str
    language: str
    process_rule: str
    decision_rule: str
    phases: tuple[str, ...]
    private: bool
    dots_per_member: int
    gradient_threshold: int
    #: "confirmed": admissions by others than the facilitator wait for the group's confirmation
    #: (``core/admission.py``); empty in sessions opened before that rule (they hash as before).
    admission: str = field(default="", metadata={"omit_empty": True})
    #: Opened since names are judged by Unicode's confusables table (``names.RULE_SINCE_MS``):
    #: every name in it is; False in older sessions (they hash and fold as before).
    names_by_table: bool = field(default=False, metadata={"omit_empty": True})
    #: Opened since a meeting under consent ends by the group's consent (``end_consent.py``);
    #: False in older sessions (they hash and fold as before).
    ends_by_consent: bool = field(default=False, metadata={"omit_empty": True})


@dataclass(slots=True, kw_only=True)
class Member:
    key: str
    name: str
    admitted_by: str | None  # None for the creator
    admitted_in: str  # id of the session.open or member.admit record
    facilitator: bool = False
    #: Only watches (a projector, a minute-taker's screen): not counted in any quorum.
    observer: bool = False
    #: Invited to evaluate only (``member.admit`` role "guest"): counts nowhere.
    guest: bool = field(default=False, metadata={"omit_empty": True})
    #: Admitted by someone other than the facilitator, not yet confirmed: counts nowhere.
    pending: bool = field(default=False, metadata={"omit_empty": True})
    confirmed_by: str | None = field(default=None, metadata={"omit_empty": True})
    confirmed_in: str | None = field(default=None, metadata={"omit_empty": True})
    #: The name was written under the confusables table (``names.judged_by_table``): a reader
    #: compares it to others by ``names.alike``, else by ``names.alike_before``.
    named_by_table: bool = field(default=False, metadata={"omit_empty": True})
    #: The ``member.observe`` record: a decision counting their vote names it as come later.
    observed_in: str | None = field(default=None, compare=False, metadata={"unhashed": True})

    @property
    def counts(self) -> bool:
        """Counts in votes, quorums, phase consent, the balance and rounds."""
        return not (self.observer or self.guest or self.pending)


@dataclass(slots=True, kw_only=True)
class Handover:
    """A change of facilitator: a handover (``record`` is it), or a take-over (``takeover.py``:
    ``claim`` names the request, ``record`` the second that granted it, or the request itself
    when nobody else took part). The new fields are left out of the hash while empty, so a
    session with handovers before them hashes as it did."""

    record: str
    by: str
    to: str
    claim: str | None = field(default=None, metadata={"omit_empty": True})
    seconded_by: str | None = field(default=None, metadata={"omit_empty": True})
    #: The ``at`` of ``record``: when it happened (the minutes, "while you were away").
    at: int = field(default=0, compare=False, metadata={"unhashed": True})


@dataclass(slots=True, kw_only=True)
class PhaseMove:
    record: str
    by: str
    from_phase: str | None
    to: str
    proposal: str | None
    lamport: int
    at: int
    #: Objections ordered before it that it does not name: they came in later (``settled``).
    came_later: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})
    #: The meeting it was made in (the minutes list the moves per meeting); outside the hash,
    #: which stays what it was for sessions of several meetings before it was kept.
    meeting: int = field(default=1, compare=False, metadata={"unhashed": True})


@dataclass(slots=True, kw_only=True)
class PhaseResponse:
    member: str
    response: str  # "ready" or "object"
    reason: str
    record: str


@dataclass(slots=True, kw_only=True)
class PhaseProposal:
    id: str
    by: str
    to: str
    from_phase: str
    reason: str
    status: str = "open"  # "open", "moved" (it carried the move) or "stale"
    #: A proposal to end the meeting (``to`` "end"): what comes next, as proposed.
    next: str = field(default="", metadata={"omit_empty": True})
    responses: dict[str, PhaseResponse] = field(default_factory=dict)
    #: Every response to it as given, by record: what a move names (``settled``).
    said: dict[str, PhaseResponse] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )

    @property
    def ready(self) -> tuple[str, ...]:
        return tuple(m for m, r in sorted(self.responses.items()) if r.response == "ready")

    @property
    def objections(self) -> tuple[PhaseResponse, ...]:
        return tuple(r for _, r in sorted(self.responses.items()) if r.response == "object")


@dataclass(slots=True, kw_only=True)
class Version:
    record: str
    text: str
    at: int


@dataclass(slots=True, kw_only=True)
class Item:
    """A contribution with text: its author may edit (a new version) or retract it."""

    id: str
    author: str
    kind: str
    phase: str
    at: int
    versions: list[Version]
    retracted: str | None = None  # id of the retract record
    retract_reason: str = ""
    #: Scribe mode: the person without a device the author recorded this for (else None).
    speaker: str | None = None
    #: The shared facts this rests on (``fact.add`` ids; left out of the snapshot when empty,
    #: so states from before facts hash as they did).
    cites: list[str] = field(default_factory=list, metadata={"omit_empty": True})
    #: The meeting it was added in (``trajectory.py``); left out of the snapshot when 1, so a
    #: single meeting hashes as it always did.
    meeting: int = field(default=1, metadata={"omit": 1})
    #: Added between meetings (after meeting ``meeting`` ended, before the next one opened).
    between: bool = field(default=False, metadata={"omit_empty": True})

    @property
    def text(self) -> str:
        return self.versions[-1].text

    @property
    def live(self) -> bool:
        return self.retracted is None

    @property
    def edited(self) -> bool:
        return len(self.versions) > 1


@dataclass(slots=True, kw_only=True)
class Knot(Item):
    matters: list[str] = field(default_factory=list)  # members for whom it matters, sorted


@dataclass(slots=True, kw_only=True)
class Cluster(Item):
    knots: list[str]  # text is the cluster's label


@dataclass(slots=True, kw_only=True)
class Position(Item):
    knot: str


@dataclass(slots=True, kw_only=True)
class Argument(Item):
    position: str
    stance: str  # "for" or "against"


@dataclass(slots=True, kw_only=True)
class Note(Item):
    target: str | None
    note_type: str  # "experience" or "knowledge"


@dataclass(slots=True, kw_only=True)
class Criterion(Item):
    pass


@dataclass(slots=True, kw_only=True)
class Option(Item):
    builds_on: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Evaluation(Item):
    aspect: str  # "went_well" or "try_next"
    decision: str | None = None


@dataclass(slots=True, kw_only=True)
class Fact(Item):
    """A source or fact the group's analysis rests on; ``text`` is its short description."""

    title: str
    number: int  # F1, F2, … in the order the facts were added (``facts.fact_label``)
    link: str | None = None  # shown as text, never fetched
    sha256: str | None = None  # hash of a file someone holds, so anyone can check their copy


@dataclass(slots=True, kw_only=True)
class FactQuestion(Item):
    """Someone doubts a fact; ``text`` says why. Retracting it withdraws the doubt."""

    fact: str


@dataclass(slots=True, kw_only=True)
class ActionUpdate:
    """A puller's word on an action: started, done, or stuck (with a note saying why)."""

    record: str
    by: str
    status: str
    note: str
    at: int


@dataclass(slots=True, kw_only=True)
class Action(Item):
    """What the group will do, and who volunteered to pull it (nobody is assigned).

    Its ``status`` is the latest update's ("open" until a puller says otherwise). Its author
    may edit its text or retract it, as any contribution.
    """

    decision: str | None = None  # the decision it serves
    group: str | None = None  # the group of the table map it reaches out to
    due: str | None = None  # "YYYY-MM-DD"
    internal: bool = False  # left out of the newsletter
    pullers: list[str] = field(default_factory=list)  # in the order they volunteered
    status: str = "open"
    updates: list[ActionUpdate] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class GroupMark:
    record: str
    by: str
    status: str
    at: int


@dataclass(slots=True, kw_only=True)
class Group:
    """A group concerned (residents, shopkeepers, youth, …): is it at the table?"""

    id: str
    author: str
    name: str
    at: int
    status: str | None = None  # None until marked: "present", "reached" or "missing"
    marks: list[GroupMark] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Link:
    id: str
    author: str
    source: str
    target: str
    relation: str  # "relates_to" or "part_of"
    retracted: str | None = None
    retract_reason: str = ""

    @property
    def live(self) -> bool:
        return self.retracted is None


@dataclass(slots=True, kw_only=True)
class WeightSheet:
    member: str
    record: str
    weights: dict[str, int]


@dataclass(slots=True, kw_only=True)
class Vote:
    """A member's current vote of one kind (per option for consent and gradients).

    A sealed vote has a ``commitment`` and no ``body`` until a matching ``vote.reveal``.
    """

    record: str  # the vote record, or the vote.commit record when sealed
    member: str
    kind: str
    option: str | None
    body: dict[str, Any] | None
    commitment: str | None = None
    reveal: str | None = None
    #: A score sheet written in parts: option → the record whose row counts (else empty, and
    #: then left out of the snapshot: states without parts hash as they always did).
    rows: dict[str, str] = field(default_factory=dict, metadata={"omit_empty": True})
    #: The sealed vote's ``at`` (its ``vote.commit``): the reveal grace runs from no earlier
    #: than this. Not hashed: the close's ``closed_at`` carries what it decides.
    sealed_at: int = field(default=0, metadata={"unhashed": True})
    #: In the vote log only: a part of a sheet, kept as its own record's rows (``body`` is the
    #: record's), that started a sheet anew (True) or added to the member's open one; the sheet
    #: as cast is rebuilt when a decision names it (``settled.as_cast``). Copying the whole
    #: sheet and its rows map per part kept ~7 KB per part of a 100-option matrix (attack s11).
    anew: bool = field(default=False, repr=False, compare=False, metadata={"unhashed": True})

    @property
    def sealed(self) -> bool:
        return self.commitment is not None

    @property
    def hidden(self) -> bool:
        return self.body is None

    @property
    def counted_record(self) -> str:
        """The record a decision rests on: the reveal for a sealed vote."""
        return self.reveal or self.record

    @property
    def counted_records(self) -> tuple[str, ...]:
        """Every record a decision rests on for this vote: each part of a sheet in parts."""
        return tuple(sorted(set(self.rows.values()))) if self.rows else (self.counted_record,)


@dataclass(slots=True, kw_only=True)
class RevealEnd:
    """The steward ended the reveal of one vote kind; ``unrevealed`` stay sealed, named."""

    record: str
    by: str
    kind: str
    unrevealed: tuple[str, ...]  # the vote.commit records never revealed


@dataclass(slots=True, kw_only=True)
class Decision:
    record: str
    by: str
    method: str
    option: str
    rests_on: tuple[str, ...]
    result: Any  # the method's result dataclass, with its full tables
    at: int
    #: The options tied at the top that the group chose ``option`` from (empty: no tie).
    tie: tuple[str, ...] = ()
    #: Sealed votes cast but never revealed (the reveal was ended): not counted, but named.
    not_revealed: tuple[str, ...] = ()
    #: The meeting it was taken in (voting starts fresh each meeting; ``trajectory.py``).
    meeting: int = field(default=1, metadata={"omit": 1})
    #: Of ``not_revealed``, the votes their voters revealed after the decision
    #: (``late_reveal.py``), and what the method gives with them: the option, or the tie
    #: (both empty: no option would pass). Left out of the snapshot while empty.
    revealed_later: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})
    later_option: str | None = field(default=None, metadata={"omit": None})
    later_tie: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})
    #: Votes ordered before it that it does not name: they came in later (``settled.py``).
    came_later: tuple[str, ...] = field(default=(), metadata={"omit_empty": True})
    #: The votes of its kind (and option) when it was taken, to recount with late reveals.
    counted: tuple[Vote, ...] = field(
        default=(), repr=False, compare=False, metadata={"unhashed": True}
    )


@dataclass(slots=True, kw_only=True)
class Participation:
    member: str
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_phase: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Contributions this member wrote as scribe for someone else (counted there, not here).
    scribed: int = 0
    #: Contributions (``balance.CONTRIBUTION_KINDS``) per meeting, each as (its ``at``, its
    #: phase, the key that wrote it: the member, or for a person spoken for their scribe):
    #: who spoke in the meeting going on, and lately, not over the whole trajectory (naive s9
    #: finding 5), and who wrote a spoken-for voice's words down (attack s9 finding 2: one
    #: scribe's many voices). Derived from the records counted above, so not hashed (older
    #: sessions' hashes stay).
    by_meeting: dict[int, list[tuple[int, str, str]]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )

    def count(
        self, kind: str, phase: str, meeting: int | None = None, at: int = 0, by: str = ""
    ) -> None:
        """Count one record; ``meeting`` is given for a contribution made in a meeting, ``by``
        is the key that signed it."""
        self.total += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        per_phase = self.by_phase.setdefault(phase, {})
        per_phase[kind] = per_phase.get(kind, 0) + 1
        if meeting is not None:
            self.by_meeting.setdefault(meeting, []).append((at, phase, by))


def vote_key(member: str, option: str | None) -> str:
    return member if option is None else f"{option}/{member}"


@dataclass(slots=True, kw_only=True)
class SessionState:
    session: str | None = None
    info: SessionInfo | None = None
    members: dict[str, Member] = field(default_factory=dict)
    facilitator: str | None = None
    handovers: list[Handover] = field(default_factory=list)
    #: Requests to take over the facilitation, by record (``takeover.py``); left out of the
    #: snapshot while empty, so a session without them hashes as it always did.
    claims: dict[str, Claim] = field(default_factory=dict, metadata={"omit_empty": True})
    phase: str | None = None
    phase_history: list[PhaseMove] = field(default_factory=list)
    proposals: dict[str, PhaseProposal] = field(default_factory=dict)
    knots: dict[str, Knot] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    arguments: dict[str, Argument] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    criteria: dict[str, Criterion] = field(default_factory=dict)
    weights: dict[str, WeightSheet] = field(default_factory=dict)
    options: dict[str, Option] = field(default_factory=dict)
    votes: dict[str, dict[str, Vote]] = field(default_factory=dict)  # kind → key → vote
    commits: dict[str, Vote] = field(default_factory=dict)  # every vote.commit, by its id
    closed: dict[str, str] = field(default_factory=dict)  # vote kind → vote.close record
    closed_at: dict[str, int] = field(default_factory=dict)  # vote kind → that record's ``at``
    vote_rounds: dict[str, int] = field(default_factory=dict, metadata={"omit_empty": True})
    reveal_ended: dict[str, RevealEnd] = field(default_factory=dict)  # vote kind → its end
    #: Sealed votes a reveal end named as not revealed, by commit, until their voter reveals
    #: them late (``late_reveal.py``). Derived from the records; what it decides is hashed.
    named_unrevealed: dict[str, Vote] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Every vote of this meeting as it was cast, by kind: what a decision names (``settled``).
    vote_log: dict[str, list[Vote]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Votes refused because a close ordered before them ended voting, by record: the close
    #: they came after. A decision naming them counts them; the close came in later (``settled``).
    after_close: dict[str, str] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Vote kind → the lamport of the close that ended voting on it: a vote of the same lamport
    #: was written without knowing of the close (``voting.py``), so the close does not refuse it.
    closed_lamport: dict[str, int] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Who wrote each ``vote.close`` and ``vote.reopen``, by record: named when it came later.
    closers: dict[str, str] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Vote kind → (the reopen, the close it undid, its time, its reveal end) until voting on
    #: it closes again: a decision naming the votes of that close holds on it (``settled``).
    reopened: dict[str, tuple[str, str, int | None, Any]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Every weight sheet as it was set: what a decision by scores names (``settled``).
    weight_log: list[WeightSheet] = field(
        default_factory=list, repr=False, compare=False, metadata={"unhashed": True}
    )
    decisions: list[Decision] = field(default_factory=list)
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    participation: dict[str, Participation] = field(default_factory=dict)
    #: Scribe mode: participation of people without a device, by ``session.speaker_key``.
    spoken_for: dict[str, Participation] = field(default_factory=dict)
    queue: list[Hand] = field(default_factory=list)  # raised hands, in fold order
    floor: Floor | None = None
    timer: Timer | None = None
    round: Round | None = None  # the current round, complete or not, until it ends
    rounds: list[Round] = field(default_factory=list)  # rounds that ended
    #: Shared facts and the questions about them (``facts.py``); omitted from the snapshot
    #: while empty, so sessions without facts keep their state hash.
    facts: dict[str, Fact] = field(default_factory=dict, metadata={"omit_empty": True})
    fact_questions: dict[str, FactQuestion] = field(
        default_factory=dict, metadata={"omit_empty": True}
    )
    #: World cafés, the current one last (``cafe.py``); left out of the snapshot while empty.
    cafes: list[Cafe] = field(default_factory=list, metadata={"omit_empty": True})
    #: The current meeting of the trajectory (1 at open; ``trajectory.py``).
    meeting: int = field(default=1, metadata={"omit": 1})
    #: The meetings so far, once the first one ended (empty for a single meeting, so its state
    #: hashes as it always did); the last one is the current or the last ended.
    meetings: list[Meeting] = field(default_factory=list, metadata={"omit_empty": True})
    #: From decision to action (``actions.py``); left out of the snapshot while empty, so a
    #: session without them hashes as it always did.
    actions: dict[str, Action] = field(default_factory=dict, metadata={"omit_empty": True})
    groups: dict[str, Group] = field(default_factory=dict, metadata={"omit_empty": True})
    #: Admissions of a key already admitted, refused as second ones where they sorted, by id:
    #: (member, admitter, guest). A confirmation that names one makes it the admission in force
    #: (the one before it was back-dated there: ``admission._confirm``).
    second_admissions: dict[str, tuple[str, str, bool]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: The same by member key, in fold order (what a confirmation without the field looks at).
    second_of: dict[str, list[str]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Earlier records whose verdict a later one changed (id → why it is refused now, or None
    #: when it counts now); the fold takes them into its refusals (``Fold.overruled``).
    overruled: dict[str, str | None] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Counts renames (``member.name``): the shown names are derived again when it moved.
    renames: int = field(default=0, repr=False, compare=False, metadata={"unhashed": True})
    #: Counts retractions: live counts (``in_play``) are derived again when it moved.
    retractions: int = field(default=0, repr=False, compare=False, metadata={"unhashed": True})
    #: The records folded into this state lately (``applied.py``): a view tells what came
    #: since it drew it. Never hashed, never compared.
    applied: Applied = field(
        default_factory=Applied, repr=False, compare=False, metadata={"unhashed": True}
    )
    #: Lookups derived from the fields above (``_derived``), each with the key of what it was
    #: derived from; never hashed, never compared.
    lookups: dict[str, tuple[Any, Any]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"unhashed": True}
    )

    # Reading helpers for the UI and the minutes ------------------------------------------

    @property
    def between_meetings(self) -> bool:
        """The last meeting has ended and the next has not opened: records still count (an
        action update on Tuesday), but nothing that needs the group in the room."""
        return bool(self.meetings) and self.meetings[-1].ended

    def meeting_decisions(self) -> list[Decision]:
        """Decisions taken in the current meeting: voting starts fresh each meeting."""
        return [d for d in self.decisions if d.meeting == self.meeting]

    def participants(self) -> list[str]:
        """Members who take part (not observers, guests or members waiting for confirmation):
        the ones every quorum counts."""
        return [key for key, member in self.members.items() if member.counts]

    def name(self, member: str) -> str:
        """How to show a member: their chosen name, with their key's fingerprint when another
        member's name looks alike (``names.told_apart``)."""
        found = self.shown_names().get(member)
        return found if found is not None else member[:12]

    def names_by_table(self, at: int) -> bool:
        """Is a name written at ``at`` judged by Unicode's confusables (``names.alike``)?"""
        return judged_by_table(at, self.info is not None and self.info.names_by_table)

    def shown_names(self) -> dict[str, str]:
        """Every member's shown name (``name``), derived in one pass grouping by the form names
        share (``names.alike``): a flood of members costs once per change, not per name."""
        return self._derived("names", (len(self.members), self.renames), self._shown_names)

    def _shown_names(self) -> dict[str, str]:
        forms = {
            key: alike(m.name) if m.named_by_table else alike_before(m.name)
            for key, m in self.members.items()
        }
        sharing = Counter(forms.values())
        return {
            key: f"{m.name} ({fingerprint(key)})" if sharing[forms[key]] > 1 else m.name
            for key, m in self.members.items()
        }

    def _derived(self, name: str, key: Any, derive: Callable[[], Any]) -> Any:
        """A lookup kept while ``key`` (what it derives from: items are only ever added, a
        retraction marks one, a rename bumps ``renames``) is unchanged."""
        kept = self.lookups.get(name)
        if kept is None or kept[0] != key:
            kept = (key, derive())
            self.lookups[name] = kept
        return kept[1]

    def item(self, item_id: str) -> Item | None:
        """Any text item (knot, cluster, position, argument, note, criterion, option, …)."""
        for table in (
            self.knots,
            self.clusters,
            self.positions,
            self.arguments,
            self.notes,
            self.criteria,
            self.options,
            self.evaluations,
            self.facts,
            self.fact_questions,
            self.actions,
        ):
            if item_id in table:
                return table[item_id]
        return None

    def live_options(self) -> list[str]:
        return sorted(o for o, item in self.options.items() if item.live)

    def live_criteria(self) -> list[str]:
        return sorted(c for c, item in self.criteria.items() if item.live)

    def in_play(self, table: str) -> int:
        """Live items of ``options`` or ``criteria`` (``in_play.py``'s caps), derived once per
        change, not scanned per record: thousands added and taken back stay linear."""
        items: dict[str, Item] = getattr(self, table)
        return self._derived(
            f"in play {table}",
            (len(items), self.retractions),
            lambda: sum(1 for item in items.values() if item.live),
        )

    def positions_on(self, knot: str) -> list[Position]:
        return [p for p in self.positions.values() if p.knot == knot]

    def arguments_on(self, position: str) -> list[Argument]:
        return [a for a in self.arguments.values() if a.position == position]

    def notes_on(self, target: str | None) -> list[Note]:
        return [n for n in self.notes.values() if n.target == target]

    def links_of(self, knot: str) -> list[Link]:
        return [x for x in self.links.values() if knot in (x.source, x.target)]

    def current_votes(self, kind: str, option: str | None = None) -> list[Vote]:
        """Every member's current vote of ``kind`` (sealed ones included, body hidden)."""
        votes = self.votes.get(kind, {}).values()
        if kind in PER_OPTION_VOTES and option is not None:
            return [v for v in votes if v.option == option]
        return list(votes)

    def counted_votes(self, kind: str, option: str | None = None) -> list[Vote]:
        """The votes a tally counts: open ones and sealed ones revealed with a match."""
        return [v for v in self.current_votes(kind, option) if v.body is not None]

    def sealed_counts(self, kind: str) -> tuple[int, int]:
        """(sealed votes committed, of which revealed) among the current votes of ``kind``."""
        sealed = [v for v in self.current_votes(kind) if v.sealed]
        return len(sealed), sum(1 for v in sealed if v.reveal is not None)

    def criterion_weights(self) -> tuple[CriterionWeight, ...]:
        """Per live criterion: members' weights, group weight (mean) and spread."""
        return group_weights(self.live_criteria(), self.live_weights())

    def live_weights(self) -> dict[str, dict[str, int]]:
        """Each member's weights on the criteria still live (a retracted one counts nowhere)."""
        live = set(self.live_criteria())
        return {
            m: {c: w for c, w in s.weights.items() if c in live} for m, s in self.weights.items()
        }

    def voice_name(self, member: str, speaker: str | None = None) -> str:
        """How a voice is shown: the member's name, or the spoken-for person's name."""
        return speaker if speaker is not None else self.name(member)

    def questions_on(self, fact: str, retracted: bool = False) -> list[FactQuestion]:
        """The live questions about a fact (with ``retracted``: all), oldest first; grouped by
        fact once per change."""
        grouped = self._derived("questions", len(self.fact_questions), self._questions_by_fact)
        return [q for q in grouped.get(fact, ()) if retracted or q.live]

    def _questions_by_fact(self) -> dict[str, list[FactQuestion]]:
        grouped: dict[str, list[FactQuestion]] = {}
        for question in self.fact_questions.values():
            grouped.setdefault(question.fact, []).append(question)
        return grouped

    def citing(self, fact: str) -> list[Item]:
        """Every live contribution that cites this fact (indexed once per change)."""
        tables = (self.knots, self.positions, self.arguments, self.options)
        grouped = self._derived("citing", tuple(len(t) for t in tables), lambda: _by_cited(tables))
        return [i for i in grouped.get(fact, ()) if i.live]

    def actions_for(self, decision: str | None) -> list[Action]:
        """The live actions serving ``decision`` (None: serving no decision), in fold order."""
        return [a for a in self.actions.values() if a.live and a.decision == decision]

    def matters_count(self, knot: str) -> int:
        found = self.knots.get(knot)
        return len(found.matters) if found else 0


def _by_cited(tables: tuple[dict[str, Any], ...]) -> dict[str, list[Item]]:
    """The items of ``tables`` by each fact they cite (cites are set when an item is added)."""
    grouped: dict[str, list[Item]] = {}
    for table in tables:
        for item in table.values():
            for fact in item.cites:
                grouped.setdefault(fact, []).append(item)
    return grouped


def _kept(f: dataclasses.Field[Any], value: Any) -> bool:
    """A field is left out of the snapshot when marked so and at its quiet value: new fields
    then leave the hash of older sessions as it was. An ``unhashed`` field is always left out
    (what it decides is hashed elsewhere)."""
    if f.metadata.get("unhashed"):
        return False
    if "omit" in f.metadata:
        return bool(value != f.metadata["omit"])
    return bool(value) or not f.metadata.get("omit_empty")


def to_data(value: Any) -> Any:
    """Canonical-JSON-ready data: dataclasses as objects, fractions as "n/d", no floats."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_data(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if _kept(f, getattr(value, f.name))
        }
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return [to_data(v) for v in sorted(value)]
    if isinstance(value, float):
        raise TypeError("floats never enter the state")
    return value


def snapshot(state: SessionState) -> dict[str, Any]:
    """The canonical data of ``state`` that the state hash is computed from."""
    return to_data(state)
