"""What the phase-view tests share: a tiny app around one view, real nodes, fixed data.

``PhaseApp`` stands in for the session screen: it hands the view the node's folded state and
turns each ``PhaseView.Contribute`` into a real ``Node.contribute`` (refusals go back to the
view), and keeps sealed votes' secrets in the node's local store as the session screen must.
``Table`` writes deterministic signed records (fixed keys, clock and nonce) for snapshots.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.replica import session_id_for
from beraad.core.session import (
    PHASES,
    admit_body,
    close_body,
    consent_body,
    move_body,
    name_body,
    open_body,
    option_body,
    text_body,
    weights_body,
)
from beraad.core.state import SessionState
from beraad.core.tally import decision_body
from beraad.node import Node, NodeError
from beraad.ui.phases.base import PhaseView
from beraad.ui.phases.decide import DecideView, stored_secrets, with_secret
from beraad.ui.widgets.footer import TranslatedFooter

CSS = Path(__file__).resolve().parents[2] / "beraad" / "ui" / "beraad.tcss"
SIZE = (80, 24)
OPTIONS = ("A fence around the square", "Speed bumps", "A zebra crossing")


class PhaseApp(App[None]):
    """One phase view, fed from a node (``node``) or from a fixed state (``state``)."""

    CSS_PATH = str(CSS)

    def __init__(
        self,
        view: PhaseView,
        me: str,
        *,
        node: Node | None = None,
        state: SessionState | None = None,
    ) -> None:
        super().__init__()
        self.view = view
        self.me = me
        self.node = node
        self.fixed_state = state
        self.refusals: list[tuple[str, str]] = []
        self.contributed: list[Record] = []

    def compose(self) -> ComposeResult:
        yield self.view
        yield TranslatedFooter()

    def on_mount(self) -> None:
        if self.node is not None and isinstance(self.view, DecideView):
            local = self.node.store.session_local(self.view.session)
            self.view.keep_secrets(stored_secrets(local))
        self.refresh_view()

    def state(self) -> SessionState:
        if self.node is not None:
            return self.node.state(self.view.session)
        assert self.fixed_state is not None
        return self.fixed_state

    def refresh_view(self) -> None:
        self.view.show(self.state(), self.me)

    @on(DecideView.VoteSealed)
    def _keep_secret(self, message: DecideView.VoteSealed) -> None:
        assert self.node is not None
        local = self.node.store.session_local(message.session)
        self.node.store.set_session_local(
            message.session, with_secret(local, message.commitment, message.secret)
        )

    @on(PhaseView.Contribute)
    async def _contribute(self, message: PhaseView.Contribute) -> None:
        if self.node is None:
            return
        try:
            record = await self.node.contribute(self.view.session, message.kind, message.body)
        except NodeError as error:
            self.refusals.append((message.kind, str(error)))
            answer: str | None = str(error)
        else:
            self.contributed.append(record)
            answer = None
        # As the session screen does: every view hears how its contribution went.
        self.view.contributed(message.kind, message.body, answer)  # type: ignore[attr-defined]
        self.refresh_view()


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds (a hang
    guard, not a speed limit: a loaded machine is slow)."""

    async def wait() -> None:
        while not condition():
            await pilot.pause()

    await asyncio.wait_for(wait(), timeout)


async def open_node(tmp_path: Path, name: str) -> Node:
    return await Node.open(tmp_path / name, host="127.0.0.1", discovery=False)


async def converged(nodes: list[Node], session: str, timeout: float = 60) -> None:
    """Until every node holds the same state hash. The timeout is a hang guard: 20 s ran out
    for twelve nodes on loopback at load 10 (test_cafe)."""

    changed = asyncio.Event()
    stops = [n.subscribe(lambda _event: changed.set()) for n in nodes]

    async def same() -> None:
        while len({n.state_hash(session) for n in nodes}) != 1:
            changed.clear()
            if len({n.state_hash(session) for n in nodes}) == 1:
                return
            await changed.wait()

    try:
        await asyncio.wait_for(same(), timeout)
    finally:
        for stop in stops:
            stop()


async def decided(
    nodes: list[Node], session: str, *, voters: list[Node] | None = None, then: str = "act"
) -> str:
    """The walk every Act and Evaluate test starts with: the facilitator (``nodes[0]``) adds an
    option, moves to decide, each of ``voters`` (all nodes) agrees, she closes the vote, takes the
    decision and moves on to ``then`` (and the phases before it). The decision's record id."""
    lead = nodes[0]
    option = (await lead.contribute(session, "option.add", option_body("Bumps"))).id
    await lead.contribute(session, "phase.move", move_body("decide"))
    if len(nodes) > 1:
        await converged(nodes, session)
    for node in nodes if voters is None else voters:
        await node.contribute(session, "consent.respond", consent_body(option, "agree"))
    if len(nodes) > 1:
        await converged(nodes, session)
    await lead.contribute(session, "vote.close", close_body("consent.respond"))
    await lead.contribute(session, "decision.take", decision_body(lead.state(session), option))
    for phase in PHASES[PHASES.index("decide") + 1 : PHASES.index(then) + 1]:
        await lead.contribute(session, "phase.move", move_body(phase))
    return lead.state(session).decisions[0].record


async def table_of(
    tmp_path: Path, names: list[str], decision_rule: str, phase: str, **fields: Any
) -> tuple[list[Node], str]:
    """Real nodes on loopback: the first opens a session, the others join by code; then the
    facilitator moves the group, one ``phase.move`` at a time, to ``phase``."""
    nodes = [await open_node(tmp_path, name) for name in names]
    invitation = await nodes[0].create_session(
        title="Speelplein",
        focus="How do we make the square safer?",
        decision_rule=decision_rule,
        **fields,
    )
    session = invitation.session
    for node in nodes[1:]:
        await node.join(invitation.code, address=nodes[0].address)
    await converged(nodes, session)
    for step in PHASES[1 : PHASES.index(phase) + 1]:
        await nodes[0].contribute(session, "phase.move", move_body(step))
    await converged(nodes, session)
    return nodes, session


async def close_all(nodes: list[Node]) -> None:
    for node in nodes:
        await node.close()


async def with_options(node: Node, session: str, texts=OPTIONS) -> list[str]:
    """Options (A, B, C in this order), then the move to the decide phase."""
    ids = [(await node.contribute(session, "option.add", option_body(t))).id for t in texts]
    await node.contribute(session, "phase.move", move_body("decide"))
    return ids


@dataclass
class Alone:
    """Anja alone at her table in Decide: her node, the session, the options' ids (A, B, C),
    the decide view's app with its pilot, and the criteria's ids (in their order)."""

    anja: Node
    session: str
    options: list[str]
    app: PhaseApp
    pilot: Pilot
    criteria: list[str] = field(default_factory=list)

    @property
    def me(self) -> str:
        return self.anja.identity.public_key


@asynccontextmanager
async def alone_in_decide(
    tmp_path: Path,
    decision_rule: str,
    *,
    criteria: tuple[str, ...] = (),
    weights: tuple[int, ...] = (),
    options: tuple[str, ...] = OPTIONS,
    before: Callable[[Node, str, list[str]], Awaitable[object]] | None = None,
    **fields: Any,
) -> AsyncIterator[Alone]:
    """The decide-view tests' table: Anja alone under ``decision_rule`` (and the session's
    ``fields``) writes ``criteria`` (if any), weighs them ``weights`` (if any, in their order)
    and writes ``options`` and moves on to Decide; ``before(node, session, option_ids)``
    writes what must be there when the view opens; then her decide view at 80×24. Her node
    is closed after, whatever the test did."""
    (anja,), session = await table_of(
        tmp_path, ["anja"], decision_rule, "criteria" if criteria else "options", **fields
    )
    try:
        kept = [
            (await anja.contribute(session, "criterion.add", text_body(text))).id
            for text in criteria
        ]
        if weights:
            await anja.contribute(
                session, "weight.set", weights_body(dict(zip(kept, weights, strict=True)))
            )
        if criteria:
            await anja.contribute(session, "phase.move", move_body("options"))
        ids = await with_options(anja, session, options)
        if before is not None:
            await before(anja, session, ids)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            yield Alone(anja, session, ids, app, pilot, kept)
    finally:
        await close_all([anja])


class Table:
    """A session written by fixed people at fixed times: the same records in every run."""

    NONCE = "00112233445566778899aabbccddeeff"
    START = 1_790_000_000_000

    def __init__(self, names: list[str], decision_rule: str, **fields: Any) -> None:
        self.people = [Identity.from_seed(bytes([i + 1]) * 32) for i in range(len(names))]
        self.keys = [p.public_key for p in self.people]
        self.names = names
        self.session = session_id_for(self.keys[0], self.NONCE)
        self.fold = Fold(DeliberationReducer())
        self._seq = [0] * len(names)
        self._prev: list[str | None] = [None] * len(names)
        self._clock = 0
        body = {
            **open_body(
                "Speelplein",
                "How do we make the square safer?",
                decision_rule=decision_rule,
                **fields,
            ),
            "nonce": self.NONCE,
        }
        self.write(0, "session.open", body)
        self.write(0, "member.name", name_body(names[0]))
        for index, name in enumerate(names[1:], start=1):
            self.write(0, "member.admit", admit_body(self.keys[index], name))

    @property
    def state(self) -> SessionState:
        return self.fold.state

    def write(self, who: int, kind: str, body: dict[str, Any]) -> str:
        """Sign and fold one record of person ``who``; its id. Fails if the fold refuses."""
        self._seq[who] += 1
        self._clock += 1
        record = sign_record(
            self.people[who],
            session=self.session,
            seq=self._seq[who],
            prev=self._prev[who],
            lamport=self._clock,
            at=self.START + self._clock * 60_000,
            kind=kind,
            body=body,
        )
        refusal = self.fold.try_append(record)
        assert refusal is None, refusal
        self._prev[who] = record.id
        return record.id

    def move_to(self, phase: str) -> None:
        here = PHASES.index(self.state.phase or "opening")
        for step in PHASES[here + 1 : PHASES.index(phase) + 1]:
            self.write(0, "phase.move", move_body(step))
