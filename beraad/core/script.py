"""The scripted-session runner: walks a scenario's script as real, signed records.

Given a scenario, a language and the simulated members' identities, it opens the session,
admits everyone and writes every step with correct seq, prev and lamport, folding as it goes so
that steps completed from the state (a decision names the votes it rests on; a reveal carries
the sealed vote and its nonce) are exactly what a peer would accept. Pure and deterministic:
the session nonce, the sealing seed and the clock are the caller's. Used by tests and the demo.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.kinds import PER_OPTION_VOTES
from beraad.core.messages import N_, Explained
from beraad.core.record import Record, sign_record
from beraad.core.replica import session_id_for
from beraad.core.scenario import Scenario, Step, localize
from beraad.core.sealed import commitment
from beraad.core.session import admit_body, name_body, open_body
from beraad.core.state import SessionState
from beraad.core.tally import TallyError, decision_body

DEFAULT_START = 1_700_000_000_000
STEP_MS = 30_000


class ScriptError(Explained, ValueError):
    """A scripted step could not be written or was refused by the fold."""


@dataclass(slots=True)
class _Author:
    identity: Identity
    seq: int = 0
    prev: str | None = None


@dataclass(slots=True)
class SealedVote:
    """A vote committed in a sealed step, kept until its ``vote.reveal`` step."""

    kind: str
    vote: dict[str, Any]
    nonce: str


_Sealed = SealedVote


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A scripted step made concrete: the kind and body to sign, and the sealed vote if any."""

    kind: str
    body: dict[str, Any]
    sealed: SealedVote | None = None


def open_fields(scenario: Scenario, language: str) -> dict[str, Any]:
    """The ``session.open`` fields a scenario sets (``session.open_body`` keywords)."""
    return {
        "title": scenario.text("title", language),
        "focus": scenario.text("focus", language),
        "scenario": scenario.id,
        "language": language,
        "process_rule": scenario.process_rule,
        "decision_rule": scenario.decision_rule,
        "phases": scenario.phases,
        "private": scenario.private,
        "dots_per_member": scenario.dots_per_member,
        "gradient_threshold": scenario.gradient_threshold,
    }


def resolve_refs(value: Any, where: str, refs: Mapping[str, str], keys: Sequence[str]) -> Any:
    """Replace ``@ref`` by that step's record id and ``@member:N`` by member N's key."""
    if isinstance(value, str) and value.startswith("@"):
        name = value[1:]
        if name.startswith("member:"):
            return keys[int(name.removeprefix("member:"))]
        if name not in refs:
            raise ScriptError(N_("{where}: {token} is not known yet"), where=where, token=value)
        return refs[name]
    if isinstance(value, dict):
        return {
            resolve_refs(k, where, refs, keys): resolve_refs(v, where, refs, keys)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [resolve_refs(v, where, refs, keys) for v in value]
    return value


def plan_step(
    number: int,
    step: Step,
    language: str,
    *,
    refs: Mapping[str, str],
    keys: Sequence[str],
    sealed: Mapping[str, SealedVote],
    state: SessionState,
    seal_seed: bytes = b"beraad-script",
) -> PlannedStep:
    """What step ``number`` writes, given the records so far (their refs, seals and state).

    Shared by the in-memory runner below and the demo, whose members are real nodes: a
    sealed vote becomes a ``vote.commit`` (remember its ``SealedVote`` under the commit's id),
    a reveal carries the sealed vote, a decision names exactly the votes the fold will recheck.
    """
    body = resolve_refs(localize(step.body, language), f"script[{number}]", refs, keys)
    kind = step.kind
    if step.sealed:
        nonce = hashlib.sha256(seal_seed + f"/{number}".encode()).hexdigest()
        option = body.get("option") if kind in PER_OPTION_VOTES else None
        seal = {"kind": kind, "option": option, "commitment": commitment(kind, body, nonce)}
        return PlannedStep("vote.commit", seal, SealedVote(kind, body, nonce))
    if kind == "vote.reveal":
        found = sealed.get(body.get("commit", ""))
        if found is None:
            raise ScriptError(N_("script[{n}]: no sealed vote to reveal"), n=number)
        body = {"commit": body["commit"], "vote": found.vote, "nonce": found.nonce}
    elif kind == "decision.take":
        try:
            body = decision_body(state, body.get("option"), body.get("method"))
        except TallyError as error:
            raise ScriptError(N_("script[{n}]: {problem}"), n=number, problem=str(error)) from error
    return PlannedStep(kind, body)


@dataclass
class ScriptRunner:
    """Writes one scenario's records, one at a time, as its members would."""

    scenario: Scenario
    language: str
    identities: Sequence[Identity]
    nonce: str
    seal_seed: bytes = b"beraad-script"
    clock: Callable[[int], int] = lambda n: DEFAULT_START + n * STEP_MS
    fold: Fold[SessionState] = field(default_factory=lambda: Fold(DeliberationReducer()))
    refs: dict[str, str] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    _authors: list[_Author] = field(default_factory=list)
    _sealed: dict[str, _Sealed] = field(default_factory=dict)
    _lamport: int = 0

    def __post_init__(self) -> None:
        if len(self.identities) < max(1, len(self.scenario.members)):
            raise ScriptError(
                N_("the scenario needs {count} identities"), count=len(self.scenario.members)
            )
        self._authors = [_Author(identity) for identity in self.identities]

    @property
    def session(self) -> str:
        return session_id_for(self.identities[0].public_key, self.nonce)

    @property
    def state(self) -> SessionState:
        return self.fold.state

    def key(self, member: int) -> str:
        return self.identities[member].public_key

    def run(self) -> list[Record]:
        """Every record of the whole script."""
        for _ in self.steps():
            pass
        return self.records

    def steps(self) -> Iterator[Record]:
        """Yield each record as soon as it is written and folded."""
        scenario, language = self.scenario, self.language
        body = open_body(**open_fields(scenario, language), nonce=self.nonce)
        yield self._write(0, "session.open", body)
        if scenario.members:
            yield self._write(0, "member.name", name_body(scenario.member_name(0, language)))
        for index in range(1, len(scenario.members)):
            body = admit_body(self.key(index), scenario.member_name(index, language))
            yield self._write(0, "member.admit", body)
        for number, step in enumerate(scenario.script):
            yield self._step(number, step)

    def _step(self, number: int, step: Step) -> Record:
        planned = plan_step(
            number,
            step,
            self.language,
            refs=self.refs,
            keys=[identity.public_key for identity in self.identities],
            sealed=self._sealed,
            state=self.state,
            seal_seed=self.seal_seed,
        )
        record = self._write(step.member, planned.kind, planned.body, number)
        if planned.sealed is not None:
            self._sealed[record.id] = planned.sealed
        if step.ref:
            self.refs[step.ref] = record.id
        return record

    def _resolve(self, value: Any, where: str) -> Any:
        keys = [identity.public_key for identity in self.identities]
        return resolve_refs(value, where, self.refs, keys)

    def _write(self, member: int, kind: str, body: dict[str, Any], number: int = -1) -> Record:
        author = self._authors[member]
        self._lamport += 1
        record = sign_record(
            author.identity,
            session=self.session,
            seq=author.seq + 1,
            prev=author.prev,
            lamport=self._lamport,
            at=self.clock(len(self.records)),
            kind=kind,
            body=body,
        )
        self.fold.add(record)
        reason = self.fold.rejected.get(record.id)
        if reason is not None:
            raise ScriptError(
                N_("step {n} ({kind}) was refused: {reason}"), n=number, kind=kind, reason=reason
            )
        author.seq, author.prev = record.seq, record.id
        self.records.append(record)
        return record


def run_script(
    scenario: Scenario,
    language: str,
    identities: Sequence[Identity],
    nonce: str,
    **options: Any,
) -> ScriptRunner:
    """Walk the whole script; the runner holds the records, the refs and the folded state."""
    runner = ScriptRunner(scenario, language, identities, nonce, **options)
    runner.run()
    return runner
