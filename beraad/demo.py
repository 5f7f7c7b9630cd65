"""``beraad demo``: a live group on this machine, so a newcomer sees beraad work in seconds.

Every simulated member of a scenario is a real ``Node`` with its own data dir (identity, store,
lock) under one base dir, listening on 127.0.0.1 with discovery off. The first member opens the
session and a join code; the others join **by that code**, over SPAKE2 and Noise, like people do.
Then each scripted step is written by its member's own node (``script.plan_step`` makes it
concrete from that node's state), and the records travel over the real transport.

Around the script the demo also shows the meeting tools: whoever speaks raises a hand and is
given the word (by the facilitator, or under the consent rule by taking it from the head of the
queue), each phase move starts a shared phase timer, and the evaluation goes round the table
(a round in which who has nothing to add passes). Before a member writes, the demo waits
until that member's node holds every record written so far (no timing guesses); at the end it
waits until all nodes hold the same records and checks they compute the same state hash.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beraad.core.kinds import TEXT_ITEMS
from beraad.core.meeting import has_word, round_order
from beraad.core.record import Record
from beraad.core.scenario import Scenario
from beraad.core.script import SealedVote, open_fields, plan_step
from beraad.core.session import (
    PHASE_LABELS,
    floor_body,
    hand_raise_body,
    round_body,
    timer_body,
)
from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.identity_file import save_profile
from beraad.node import Node, NodeError, explain

DEFAULT_SCENARIO = "buurt"
#: Pause before each scripted step at speed 1, in seconds (a person reading along).
STEP_SECONDS = 1.0
#: The phase timer the facilitator starts at each phase move, in seconds.
PHASE_TIMER_SECONDS = 15 * 60
#: The phase in which the demo goes round the table (appreciative evaluation: every voice).
ROUND_PHASE = "evaluate"
#: How long the demo waits for the simulated members to catch up with each other.
CATCH_UP_SECONDS = 30.0
#: A new meeting opens with "since last time": the demo leaves it this many steps to be read.
SUMMARY_STEPS = 5
#: Longest text shown per line.
SHOWN_TEXT = 72


class DemoError(Exception):
    """The demo cannot be played; the message is in the user's language."""


@dataclass(frozen=True, slots=True)
class DemoResult:
    session: str
    state_hash: str
    hashes: list[str]  # one per simulated member's node, in member order
    phase: str | None
    decision: str | None  # the text of the decided option, if the group decided
    records: int
    data_dirs: list[Path]


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SHOWN_TEXT else line[: SHOWN_TEXT - 1] + "…"


def _phase(phase: str | None) -> str:
    return _(PHASE_LABELS[phase]) if phase in PHASE_LABELS else (phase or "")


def describe(state: SessionState, record: Record) -> str:
    """One line for a record just written: ``[phase] who: what``, in the user's language."""
    name = state.name(record.author)
    body = record.body
    kind = record.kind
    item = state.item(record.id)
    if item is not None:
        labels = {
            "knot.add": _("knot"),
            "knot.cluster": _("cluster"),
            "position.add": _("position"),
            "argument.add": _("argument for")
            if body.get("stance") == "for"
            else _("argument against"),
            "note.add": _("experience") if body.get("type") == "experience" else _("knowledge"),
            "criterion.add": _("criterion"),
            "option.add": _("option"),
            "evaluation.add": _("went well")
            if body.get("aspect") == "went_well"
            else _("try next"),
            "fact.add": _("fact"),
            "fact.question": _("question on a fact"),
        }
        what = f"{labels.get(kind, kind)}: {_short(item.text)}"
        if item.speaker is not None:
            what = _("{what} (for {speaker})").format(what=what, speaker=item.speaker)
    elif kind == "phase.move":
        what = _("moves the group to {phase}").format(phase=_phase(body["to"]))
    elif kind == "phase.propose" and body["to"] == "end":
        what = _("proposes to end meeting {number}").format(number=state.meeting)
    elif kind == "phase.propose":
        what = _("proposes to move to {phase}").format(phase=_phase(body["to"]))
    elif kind == "phase.respond":
        what = (
            _("is ready to move on") if body["response"] == "ready" else _("objects to moving on")
        )
    elif kind == "hand.raise":
        what = _("raises a hand")
    elif kind == "floor.give":
        target = body.get("member")
        what = (
            _("closes the floor")
            if target is None
            else _("gives the word to {name}").format(
                name=state.voice_name(target, body.get("speaker"))
            )
            if target != record.author
            else _("takes the word")
        )
    elif kind == "timer.start":
        what = _("starts the timer: {minutes} minutes").format(minutes=body["seconds"] // 60)
    elif kind == "round.start":
        names = ", ".join(state.voice_name(v["member"], v.get("speaker")) for v in body["order"])
        what = _("starts a round: {names}").format(names=names)
    elif kind == "round.pass":
        what = _("passes")
    elif kind == "round.end":
        what = _("ends the round")
    elif kind == "knot.matter":
        knot = state.knots.get(body["knot"])
        what = _("this matters to me: {text}").format(text=_short(knot.text if knot else ""))
    elif kind == "knot.link":
        what = _("links two knots")
    elif kind == "weight.set":
        what = _("weighs the criteria")
    elif kind == "vote.commit":
        what = _("seals a vote")
    elif kind == "vote.close":
        what = _("closes the voting")
    elif kind == "vote.reopen":
        what = _("opens a new round of voting")
    elif kind == "vote.reveal":
        what = _("reveals a sealed vote")
    elif kind == "decision.take":
        option = state.options.get(body["option"])
        what = _("records the decision: {text}").format(text=_short(option.text if option else ""))
    elif kind == "edit":
        what = _("rewords: {text}").format(text=_short(body["text"]))
    elif kind == "retract":
        what = _("retracts a contribution")
    elif kind == "facilitator.handover":
        what = _("hands the facilitation to {name}").format(name=state.name(body["to"]))
    elif kind == "facilitator.claim":
        what = _("asks to take over the facilitation from {name}").format(
            name=state.name(body["replaces"])
        )
    elif kind == "facilitator.second":
        claim = state.claims.get(body["claim"])
        who = state.name(claim.by) if claim else "?"
        what = _("seconds {name} taking over the facilitation").format(name=who)
    elif kind.endswith(".respond") or kind in ("score.set", "ballot.rank", "ballot.grade"):
        what = _("votes")
    elif kind == "dots.place":
        what = _("places dots")
    elif kind == "meeting.end":
        what = _("ends meeting {number}").format(number=state.meeting)
    elif kind == "meeting.start":
        what = _("opens meeting {number}").format(number=state.meeting)
    else:
        what = kind
    return f"[{_phase(state.phase)}] {name}: {what}"


class _Play:
    """Plays one scenario's script through real nodes, member by member."""

    def __init__(
        self,
        scenario: Scenario,
        language: str,
        nodes: list[Node],
        session: str,
        changed: asyncio.Event,
        say: Callable[[str], None],
        meeting: bool,
    ) -> None:
        self.scenario, self.language, self.nodes, self.session = scenario, language, nodes, session
        self.changed, self.say, self.meeting = changed, say, meeting
        self.keys = [node.identity.public_key for node in nodes]
        self.known: set[str] = set()
        self.refs: dict[str, str] = {}
        self.sealed: dict[str, SealedVote] = {}

    async def until(self, predicate: Callable[[], bool]) -> None:
        """Wait, woken by any node's event, until ``predicate()`` holds."""

        async def wait() -> None:
            while not predicate():
                self.changed.clear()
                if predicate():
                    return
                await self.changed.wait()

        try:
            await asyncio.wait_for(wait(), CATCH_UP_SECONDS)
        except TimeoutError as error:
            raise DemoError(
                _("The simulated members did not catch up within {seconds} seconds.").format(
                    seconds=int(CATCH_UP_SECONDS)
                )
            ) from error

    def _ids(self, node: Node) -> set[str]:
        return {record.id for record in node.records(self.session)}

    async def caught_up(self, member: int) -> SessionState:
        """The member's state once their node holds every record written so far."""
        node = self.nodes[member]
        await self.until(lambda: self.known <= self._ids(node))
        return node.state(self.session)

    async def converge(self) -> None:
        """Wait until every node holds the same records; they are all known from then on."""
        await self.until(lambda: len({frozenset(self._ids(n)) for n in self.nodes}) == 1)
        self.known = self._ids(self.nodes[0])

    async def write(self, member: int, kind: str, body: dict[str, Any]) -> Record:
        await self.caught_up(member)
        node = self.nodes[member]
        try:
            record = await node.contribute(self.session, kind, body)
        except NodeError as error:
            raise DemoError(
                _("{name} could not write {kind}: {reason}").format(
                    name=node.display_name, kind=kind, reason=error
                )
            ) from error
        self.known.add(record.id)
        self.say(describe(node.state(self.session), record))
        return record

    async def step(self, number: int, step: Any) -> None:
        state = await self.caught_up(step.member)
        if self.meeting and step.kind in TEXT_ITEMS and not state.between_meetings:
            await self.give_word(step.member)  # between meetings nobody needs the word
        state = await self.caught_up(step.member)
        try:
            planned = plan_step(
                number,
                step,
                self.language,
                refs=self.refs,
                keys=self.keys,
                sealed=self.sealed,
                state=state,
            )
        except ValueError as error:
            raise DemoError(explain(error)) from error
        record = await self.write(step.member, planned.kind, planned.body)
        if planned.sealed is not None:
            self.sealed[record.id] = planned.sealed
        if step.ref:
            self.refs[step.ref] = record.id
        if self.meeting and step.kind == "phase.move":
            await self.write(step.member, "timer.start", timer_body(PHASE_TIMER_SECONDS))
            if step.body.get("to") == ROUND_PHASE:
                await self.start_round(step.member, number)

    async def start_round(self, member: int, number: int) -> None:
        """Looking back, everyone gets a turn: a round in the order the script has them speak,
        then the others by name (they will pass)."""
        speaking: list[str] = []
        for later in self.scenario.script[number + 1 :]:
            key = self.keys[later.member]
            if later.kind in TEXT_ITEMS and key not in speaking:
                speaking.append(key)
        state = await self.caught_up(member)
        order = speaking + [key for key in round_order(state) if key not in speaking]
        await self.write(member, "round.start", round_body(order))

    async def finish_round(self) -> None:
        """Whoever has not had a turn passes; then the round is closed."""
        state = await self.caught_up(0)
        while state.round is not None and state.round.turn is not None:
            turn = self.keys.index(state.round.turn.member)
            await self.write(turn, "round.pass", {})
            state = await self.caught_up(0)
        if state.round is not None and not state.between_meetings:
            assert state.info is not None
            steward = 0
            if state.info.process_rule == "facilitator" and state.facilitator in self.keys:
                steward = self.keys.index(state.facilitator)
            await self.write(steward, "round.end", {})

    async def give_word(self, member: int) -> None:
        """The speaker raises a hand and gets the word, as the process rule says."""
        key = self.keys[member]
        state = await self.caught_up(member)
        if has_word(state, key) or (state.round is not None and not state.round.complete):
            return  # in a round, the turn is the word
        await self.write(member, "hand.raise", hand_raise_body())
        assert state.info is not None
        giver = member
        if state.info.process_rule == "facilitator" and state.facilitator in self.keys:
            giver = self.keys.index(state.facilitator)
        await self.write(giver, "floor.give", floor_body(key))


async def run_demo(
    scenario: Scenario,
    language: str,
    base: Path,
    *,
    speed: float = 1.0,
    say: Callable[[str], None] = print,
    meeting: bool = True,
    on_open: Callable[[Node, str], None] | None = None,
    hold: Callable[[DemoResult], Awaitable[None]] | None = None,
) -> DemoResult:
    """Play ``scenario`` in ``language`` with one real node per member, data dirs under ``base``.

    ``on_open(node, session)`` is told as soon as the first member opened the session (a live
    view shows it from then on); ``hold(result)`` is awaited after the script, before the nodes
    close, so the view can stay until the person quits.
    """
    if not speed > 0:
        raise DemoError(_("The speed must be more than 0."))
    if not scenario.script:
        raise DemoError(_("Scenario {id} has no script to play.").format(id=scenario.id))
    nodes: list[Node] = []
    dirs: list[Path] = []
    changed = asyncio.Event()
    try:
        for index in range(len(scenario.members)):
            path = base / f"member-{index}"
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
            save_profile(path, scenario.member_name(index, language), language, chosen=True)
            node = await Node.open(path, host="127.0.0.1", port=0, discovery=False)
            node.subscribe(lambda _event: changed.set())
            nodes.append(node)
            dirs.append(path)
        host = nodes[0]
        invitation = await host.create_session(**open_fields(scenario, language))
        assert not isinstance(invitation, str)
        session = invitation.session
        if on_open is not None:
            on_open(host, session)
        state = host.state(session)
        say(
            _('{name} opens "{title}" with join code {code}').format(
                name=host.display_name, title=state.info.title, code=invitation.code
            )
        )
        for node in nodes[1:]:
            await node.join(invitation.code, address=host.address)
            say(_("{name} joins with the code").format(name=node.display_name))
        play = _Play(scenario, language, nodes, session, changed, say, meeting)
        await play.converge()
        for number, step in enumerate(scenario.script):
            await asyncio.sleep(STEP_SECONDS / speed)  # pacing for people reading along
            await play.step(number, step)
            if step.kind == "meeting.start":  # "since last time" is on the projector: read it
                await asyncio.sleep(SUMMARY_STEPS * STEP_SECONDS / speed)
        if meeting:
            await play.finish_round()
        await play.converge()
        hashes = [node.state_hash(session) for node in nodes]
        if len(set(hashes)) != 1:
            raise DemoError(_("The simulated members hold the same records but disagree."))
        final = host.state(session)
        decision = None
        if final.decisions:
            option = final.options.get(final.decisions[-1].option)
            decision = option.text if option else None
        result = DemoResult(
            session=session,
            state_hash=hashes[0],
            hashes=hashes,
            phase=final.phase,
            decision=decision,
            records=len(host.records(session)),
            data_dirs=dirs,
        )
        if hold is not None:
            await hold(result)
        return result
    finally:
        for node in reversed(nodes):
            await node.close()


class LiveDemo:
    """The demo played behind a live view (``beraad demo`` without ``--headless``).

    ``open`` starts the script and returns the first member's node as soon as the session
    exists, so the view shows the group from its first record; the nodes stay open after the
    script until ``close``, which stops the demo wherever it is and closes every node.
    ``on_end(result, error)`` is told when the script ended or failed.
    """

    def __init__(
        self,
        scenario: Scenario,
        language: str,
        base: Path,
        *,
        speed: float = 1.0,
        on_end: Callable[[DemoResult | None, str | None], None] | None = None,
    ) -> None:
        self.scenario, self.language, self.base, self.speed = scenario, language, base, speed
        self.on_end = on_end
        self.result: DemoResult | None = None
        self.error: str | None = None
        self.lines: list[str] = []
        self.session: str | None = None
        self._task: asyncio.Task[Any] | None = None
        self._release = asyncio.Event()
        self._opened: asyncio.Future[Node] | None = None

    async def open(self) -> Node:
        """Start playing; the first member's node once it opened the session."""
        loop = asyncio.get_running_loop()
        self._opened = loop.create_future()
        self._task = loop.create_task(self._play(), name="beraad demo")
        return await self._opened

    def _on_open(self, node: Node, session: str) -> None:
        self.session = session
        if self._opened is not None and not self._opened.done():
            self._opened.set_result(node)

    async def _hold(self, result: DemoResult) -> None:
        self.result = result
        if self.on_end is not None:
            self.on_end(result, None)
        await self._release.wait()

    async def _play(self) -> None:
        try:
            await run_demo(
                self.scenario,
                self.language,
                self.base,
                speed=self.speed,
                say=self.lines.append,
                on_open=self._on_open,
                hold=self._hold,
            )
        except DemoError as error:
            self._failed(str(error))
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a node could not start (ports, disk): say it, keep the view
            self._failed(str(error) or type(error).__name__)

    def _failed(self, message: str) -> None:
        self.error = message
        if self._opened is not None and not self._opened.done():
            self._opened.set_exception(DemoError(message))
        elif self.on_end is not None:
            self.on_end(None, message)

    async def close(self, _node: Node | None = None) -> None:
        """Stop the demo (mid-script or after it) and wait until every node is closed."""
        self._release.set()
        task = self._task
        if task is None:
            return
        if self.result is None and not task.done():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
