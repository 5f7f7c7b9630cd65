"""What the room does live, as plain typed data: hands and the floor, the timer, rounds, the
world café, and the meetings of a trajectory.

Part of ``SessionState`` (``state.py``), built only by the reducers; kept apart because it is a
different idea from the contributions and votes (and state.py grew past ~800 lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, kw_only=True)
class Hand:
    """A raised hand in the speaking queue; ``speaker`` set when a scribe raised it for them."""

    record: str
    member: str
    speaker: str | None
    lamport: int
    at: int


@dataclass(slots=True, kw_only=True)
class Floor:
    """Who has the word now, and who gave it."""

    record: str
    member: str
    speaker: str | None
    given_by: str
    lamport: int
    at: int


@dataclass(slots=True, kw_only=True)
class Timer:
    """A shared phase timer: it ends at ``at + seconds * 1000`` (the starter's clock, in ms)."""

    record: str
    by: str
    seconds: int
    label: str
    phase: str
    lamport: int
    at: int

    @property
    def ends_at(self) -> int:
        return self.at + self.seconds * 1000

    def remaining_ms(self, now_ms: int) -> int:
        """What every screen shows: milliseconds left (0 once it has run out)."""
        return max(0, self.ends_at - now_ms)


@dataclass(slots=True, kw_only=True)
class Voice:
    """Someone who can have the word: a member, or a person a member (scribe) speaks for."""

    member: str
    speaker: str | None = None


@dataclass(slots=True, kw_only=True)
class RoundTurn:
    voice: Voice
    record: str  # the contribution that was the turn, or the round.pass
    passed: bool


@dataclass(slots=True, kw_only=True)
class Round:
    """A round-robin: everyone in ``order`` gets a turn, one after the other."""

    record: str
    by: str
    topic: str
    phase: str
    order: list[Voice]
    turns: list[RoundTurn] = field(default_factory=list)
    ended: str | None = None  # the round.end record (or the round.start that followed it)

    @property
    def turn(self) -> Voice | None:
        """Whose turn it is; None once everyone had theirs."""
        return self.order[len(self.turns)] if len(self.turns) < len(self.order) else None

    @property
    def complete(self) -> bool:
        return len(self.turns) >= len(self.order)


@dataclass(slots=True, kw_only=True)
class CafeTable:
    """A world-café table: its question and its host (an index into ``Cafe.people``)."""

    question: str
    host: int


@dataclass(slots=True, kw_only=True)
class CafeTag:
    """Where a contribution was made: table index (0-based) and café round (1-based)."""

    table: int
    round: int


@dataclass(slots=True, kw_only=True)
class Cafe:
    """A world café (``cafe.py``): the signed seating plan and how far its rounds are."""

    record: str
    by: str
    people: list[Voice]
    tables: list[CafeTable]
    seconds: int
    plan: list[list[list[int]]]  # round → table → indexes into ``people``
    repeated: int  # pairs that sit together more than once, counted by the fold
    bound: int  # the planner's lower bound for this room (``cafe_plan.lower_bound``)
    round: int = 0  # the round going on or last ended (0: none started yet)
    running: bool = False
    started: list[str] = field(default_factory=list)  # the cafe.round records, in order
    started_at: list[int] = field(default_factory=list)
    tags: dict[str, CafeTag] = field(default_factory=dict)  # contribution → table and round
    #: The ``meeting.end`` that ended this café before its last round (a café is one meeting's).
    ended_in: str | None = field(default=None, metadata={"omit_empty": True})
    #: Ended by the steward (``cafe.end`` with ``whole``), not by the meeting's end.
    ended_early: bool = field(default=False, metadata={"omit_empty": True})

    @property
    def finished(self) -> bool:
        return self.ended_in is not None or (self.round >= len(self.plan) and not self.running)


@dataclass(slots=True, kw_only=True)
class Meeting:
    """One meeting of a trajectory (``trajectory.py``): when it opened and ended, who took part,
    and what members added after it ended, before the next one opened."""

    number: int
    opened_in: str  # the session.open (meeting 1) or meeting.start record
    opened_by: str
    opened_at: int | None  # the opening record's ``at`` (None for meeting 1: see opened_in)
    ended_in: str | None = None  # the meeting.end record
    ended_by: str | None = None
    ended_at: int | None = None
    #: What comes next, as the steward wrote it when ending the meeting (for the newsletter).
    next: str = ""
    #: Members who wrote at least one record during the meeting (known once it ended).
    present: list[str] = field(default_factory=list)
    #: Members of the session when it ended who wrote nothing during it (observers not counted).
    absent: list[str] = field(default_factory=list)
    #: Records accepted between this meeting's end and the next one's opening, in fold order.
    between: list[str] = field(default_factory=list)
    #: Each member's participation count when the meeting opened (who wrote during it).
    counts_at_open: dict[str, int] = field(default_factory=dict)
    #: Ended by consent (``end_consent.py``): the proposal to end, who proposed it, the members
    #: whose "ready" answers the end rests on, and objections ordered before it, come later.
    end_proposal: str | None = field(default=None, metadata={"omit_empty": True})
    end_proposed_by: str | None = field(default=None, metadata={"omit_empty": True})
    end_consented: list[str] = field(default_factory=list, metadata={"omit_empty": True})
    end_came_later: list[str] = field(default_factory=list, metadata={"omit_empty": True})
    #: The phase the group was in when the meeting ended: the next one may carry on there
    #: (``trajectory.stopped_phase``). Read off the records, so outside the hash, which
    #: stays what it was for sessions that ended meetings before it was kept.
    stopped_in: str | None = field(default=None, compare=False, metadata={"unhashed": True})

    @property
    def ended(self) -> bool:
        return self.ended_in is not None


@dataclass(slots=True, kw_only=True)
class Claim:
    """A member's request to take over the facilitation (``takeover.py``): open until a second
    member seconds it ("taken"), the facilitator changes otherwise ("stale"), or the meeting
    (or the time between two) it was made in is over."""

    id: str
    by: str
    #: The facilitator it takes over from, as the request names them.
    replaces: str
    at: int
    meeting: int
    #: Made between two meetings (it lapses when the next one opens).
    between: bool
    #: "open", "taken", "stale", "back" (the facilitator it replaces wrote while it was open:
    #: she is back), or "unseen" (her first record after it had not seen it: she was not away,
    #: so it never counted, ``takeover.py``).
    status: str = "open"
    #: The ``facilitator.second`` that made it count (none when nobody else took part).
    second: str | None = None
