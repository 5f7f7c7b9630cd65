"""Shared facts: the signed list of sources and facts the group's analysis rests on.

The co-creators manage the underlying data together (seed 000): any member adds a fact (a title,
a short text, maybe a web address shown as text and never fetched, maybe the sha256 of a file
someone holds), anyone may question one (who and why stay visible), and each retracts or edits
only their own through the ordinary ``retract``/``edit``. Knots, positions, arguments and options
cite facts with an optional ``cites`` list: each cited fact must exist and be live when cited; a
fact retracted later shows as retracted wherever it is cited (the citation stays).
Each handler checks everything before it changes the state (the reducer's contract).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse, short
from beraad.core.state import Fact, FactQuestion, Item, SessionState, Version

__all__ = ["FACT_HANDLERS", "check_cites", "cited", "citing", "fact_label"]


def _item_fields(record: Record, state: SessionState, text: str) -> dict[str, Any]:
    assert state.phase is not None
    return {
        "id": record.id,
        "author": record.author,
        "kind": record.kind,
        "phase": state.phase,
        "at": record.at,
        "versions": [Version(record=record.id, text=text, at=record.at)],
    }


def _add(state: SessionState, record: Record) -> None:
    body = record.body
    state.facts[record.id] = Fact(
        **_item_fields(record, state, body["text"]),
        title=" ".join(body["title"].split()),
        number=len(state.facts) + 1,
        link=body.get("link"),
        sha256=body.get("sha256"),
    )


def _question(state: SessionState, record: Record) -> None:
    fact = state.facts.get(record.body["fact"])
    if fact is None:
        refuse(N_("no such fact: {id}"), id=short(record.body["fact"]))
    if not fact.live:
        refuse(N_("that fact was retracted; there is nothing left to question"))
    state.fact_questions[record.id] = FactQuestion(
        **_item_fields(record, state, record.body["reason"]), fact=fact.id
    )


def check_cites(state: SessionState, body: dict[str, Any]) -> None:
    """Refuse unless every fact ``body`` cites exists and is live (before any change)."""
    for fact_id in body.get("cites", ()):
        fact = state.facts.get(fact_id)
        if fact is None:
            refuse(N_("no such fact: {id}"), id=short(fact_id))
        if not fact.live:
            refuse(
                N_("the fact {title} was retracted; it can no longer be cited"), title=fact.title
            )


def cited(state: SessionState, item: Item) -> list[Fact]:
    """The facts an item cites, in the order it cites them (retracted ones included)."""
    return [state.facts[f] for f in item.cites if f in state.facts]


def fact_label(state: SessionState, fact_id: str) -> str:
    """F1, F2, … in the order the facts were added: the same on every screen and on paper."""
    fact = state.facts.get(fact_id)
    return f"F{fact.number}" if fact is not None else "F?"


Handler = Callable[[SessionState, Record], None]


def citing(add: Callable[..., None]) -> Callable[..., None]:
    """Wrap an add handler: check the cites first, then add, then note what the item cites."""

    def handler(reducer: Any, state: SessionState, record: Record) -> None:
        check_cites(state, record.body)
        add(reducer, state, record)
        cites = record.body.get("cites")
        if cites:
            item = state.item(record.id)
            assert item is not None
            item.cites = list(cites)

    return handler


FACT_HANDLERS: dict[str, Handler] = {
    "fact.add": _add,
    "fact.question": _question,
}
