"""The minutes report a world café per table and round, in Dutch and English, in both formats."""

from __future__ import annotations

import pytest

from beraad.core.cafe import cafe_now, seat_of, table_people
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from tests.core.test_cafe import FACILITATOR, PEOPLE, Room, planned


def held_cafe() -> Room:
    """Two of three rounds held; Eva writes in round 1, Bart for Lot in round 2."""
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    room.ok(PEOPLE[4], "knot.add", {"text": "Eva's <knot> at the table"})
    room.ok(FACILITATOR, "cafe.end", {})
    room.ok(FACILITATOR, "cafe.round", {"round": 2})
    room.ok(PEOPLE[1], "knot.add", {"text": "Lot's knot", "speaker": "Lot"})
    room.ok(FACILITATOR, "cafe.end", {})
    return room


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("World café", "Table 1", "Wat gaat goed?", "Round 2", "not held", "host: Anna")),
        ("nl", ("Wereldcafé", "Tafel 1", "Wat gaat goed?", "Ronde 2", "niet gehouden", "Anna")),
    ],
)
@pytest.mark.both_languages
def test_minutes_report_each_table_and_round(language, words) -> None:
    room = held_cafe()
    state = room.state
    context = Context(state, room.records, "hash", language)
    markdown = render_markdown(build_minutes(context))
    html = render_html(build_minutes(Context(state, room.records, "hash", language)), language)
    for word in words:
        assert word in markdown and word in html.replace("&#x27;", "'"), word
    assert "<knot>" not in html and "&lt;knot&gt;" in html  # a member's words stay text
    cafe = cafe_now(state)
    tables = markdown.split(f"## {words[0]}")[1].split("\n## ")[0].split("### ")[1:]
    assert len(tables) == 3
    round_word = "Round" if language == "en" else "Ronde"
    eva = seat_of(cafe, 1, PEOPLE[4].public_key)
    rounds = tables[eva].split(f"- **{round_word} ")[1:]
    seated = ", ".join(state.voice_name(v.member, v.speaker) for v in table_people(cafe, 1, eva))
    assert rounds[0].startswith(f"1**: {seated}")
    assert "Eva's \\<knot\\> at the table" in rounds[0]
    lot = seat_of(cafe, 2, PEOPLE[1].public_key, "Lot")
    lot_round = tables[lot].split(f"- **{round_word} ")[2]
    assert "Lot's knot" in lot_round
    scribe = "Lot (written down by Bart)" if language == "en" else "Lot (opgeschreven door Bart)"
    assert scribe in lot_round
