"""The scenario's suggestions cost each drawing what is new, not every version of every knot.

Which suggestions are still open is asked at every drawing of the knots list, so at every
record: it compared each suggestion with every text every knot ever had, normalising each
one (10,000 knots and 5,000 versions of up to 2,000 characters each time: attack13 finding
2). The texts seen are kept per state and grown by the knots and versions new since. Counted
(texts normalised), never timed; a real fold of signed records with the ``buurt`` scenario.
"""

from __future__ import annotations

import pytest

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.scenarios import get_scenario
from beraad.ui.phases import knots

BART = 1


@pytest.fixture
def normalised(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text ``suggested_knots`` normalises (the real function, counted)."""
    seen: list[str] = []
    same = knots._same

    def counted(text: str) -> str:
        seen.append(text)
        return same(text)

    monkeypatch.setattr(knots, "_same", counted)
    return seen


def test_a_record_normalises_only_what_is_new(normalised: list[str]):
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Plein", scenario="buurt"), "nonce": NONCE})
    w.write(0, "member.admit", bodies.admit_body(w.who[BART].public_key, "Bart"))
    w.write(0, "phase.move", bodies.move_body("knots"))
    for n in range(2000):
        w.write(BART, "knot.add", bodies.text_body(f"Knot {n}: the square is unsafe"))
    state = w.fold.state
    dark, teens, strangers = (k["en"] for k in get_scenario("buurt").knots)
    assert [text for _, text in knots.suggested_knots(state)] == [dark, teens, strangers]

    # A new knot, then an edit that adopts a suggestion: each drawing normalises the new text
    # and the suggestions (three), not the 2,000 knots again.
    normalised.clear()
    w.write(BART, "knot.add", bodies.text_body("The bins overflow"))
    assert len(knots.suggested_knots(state)) == 3
    assert len(normalised) <= 1 + 3
    first = next(iter(state.knots))
    normalised.clear()
    w.write(BART, "edit", bodies.edit_body(first, f"  {teens.upper()} "))
    assert [text for _, text in knots.suggested_knots(state)] == [dark, strangers]
    assert len(normalised) <= 1 + 3

    # Nothing new: nothing but the suggestions.
    normalised.clear()
    knots.suggested_knots(state)
    assert len(normalised) <= 3

    # A refold makes a new state: derived anew, with the same answer.
    fresh = Fold(DeliberationReducer())
    fresh.extend(w.records)
    assert [text for _, text in knots.suggested_knots(fresh.state)] == [dark, strangers]
