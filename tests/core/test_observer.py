"""A member that only watches (a projector) is not counted in any quorum and writes nothing."""

import pytest

from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.replica import session_id_for
from beraad.core.session import open_body
from beraad.core.tally import tally

NONCE = "7" * 32


class Group:
    def __init__(self, n: int, process_rule: str = "consent") -> None:
        from beraad.core.deliberation import DeliberationReducer

        self.people = [Identity.from_seed(bytes([40 + i]) * 32) for i in range(n)]
        self.session = session_id_for(self.people[0].public_key, NONCE)
        self.fold = Fold(DeliberationReducer())
        self.seqs: dict[str, int] = {}
        self.prev: dict[str, str | None] = {}
        self.clock = 0
        body = {**open_body("t", "f", "blank", "en", process_rule, "consent"), "nonce": NONCE}
        self.write(0, "session.open", body)
        for i, person in enumerate(self.people[1:], start=1):
            self.write(0, "member.admit", {"member": person.public_key, "name": f"P{i}"})

    def write(self, who: int, kind: str, body: dict) -> str | None:
        """Append a record; returns the fold's refusal, or None."""
        person = self.people[who]
        key = person.public_key
        self.clock += 1
        self.seqs[key] = self.seqs.get(key, 0) + 1
        record = sign_record(
            person,
            session=self.session,
            seq=self.seqs[key],
            prev=self.prev.get(key),
            lamport=self.clock,
            at=0,
            kind=kind,
            body=body,
        )
        self.prev[key] = record.id
        self.fold.add(record)
        return self.fold.rejected.get(record.id)


def test_observer_writes_nothing_but_is_not_a_quorum_member():
    group = Group(4)  # three people and a projector
    assert group.write(3, "member.observe", {}) is None
    state = group.fold.state
    assert state.members[group.people[3].public_key].observer
    assert len(state.participants()) == 3
    refused = group.write(3, "phase.propose", {"to": "knots", "reason": ""})
    assert refused and "observer" in refused
    assert group.write(0, "phase.propose", {"to": "knots", "reason": ""}) is None
    proposal = next(iter(group.fold.state.proposals))
    for who in (0, 1):
        assert (
            group.write(who, "phase.respond", {"proposal": proposal, "response": "ready"}) is None
        )
    # Two of the three who take part are ready: more than half, though only half of four.
    assert group.write(0, "phase.move", {"to": "knots", "proposal": proposal}) is None
    assert group.fold.state.phase == "knots"


def test_consent_quorum_ignores_observers():
    group = Group(3, process_rule="facilitator")
    group.write(2, "member.observe", {})
    for phase in ("knots", "positions", "criteria", "options"):
        group.write(0, "phase.move", {"to": phase, "proposal": None})
    assert group.write(1, "option.add", {"text": "Speeltuin"}) is None
    option = next(iter(group.fold.state.options))
    group.write(0, "phase.move", {"to": "decide", "proposal": None})
    for who in (0, 1):
        assert group.write(who, "consent.respond", {"option": option, "response": "agree"}) is None
    result = tally(group.fold.state, "consent", option)
    assert result.members == 2 and result.passes


def test_the_facilitator_cannot_only_watch():
    group = Group(2)
    refused = group.write(0, "member.observe", {})
    assert refused and "facilitator" in refused


@pytest.mark.parametrize("kind", ["member.observe"])
def test_observer_kind_is_documented(kind):
    from beraad.core import kinds

    assert kind in kinds.__doc__
