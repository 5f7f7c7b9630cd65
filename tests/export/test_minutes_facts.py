"""Shared facts in the minutes, in Dutch and English, Markdown and HTML: the facts section with
who added and who questioned, and the citations on knots, positions, arguments and options."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.replica import session_id_for
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from tests.export.helpers import NONCE

ANJA, BART = Identity.from_seed(bytes([11]) * 32), Identity.from_seed(bytes([12]) * 32)
HASH = "c0ffee" * 10 + "c0de"


def facts_session() -> tuple[Fold, list]:
    """Anja adds two facts, Bart questions one, both cite them; Anja retracts the second."""
    session = session_id_for(ANJA.public_key, NONCE)
    fold, records, heads, lamport = Fold(DeliberationReducer()), [], {}, [0]

    def write(who: Identity, kind: str, body: dict) -> str:
        seq, prev = heads.get(who.public_key, (0, None))
        lamport[0] += 1
        record = sign_record(
            who,
            session=session,
            seq=seq + 1,
            prev=prev,
            lamport=lamport[0],
            at=1_700_000_000_000 + lamport[0] * 60_000,
            kind=kind,
            body=body,
        )
        heads[who.public_key] = (record.seq, record.id)
        fold.add(record)
        records.append(record)
        assert record.id not in fold.rejected, fold.rejected[record.id]
        return record.id

    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "consent", nonce=NONCE)
    write(ANJA, "session.open", body)
    write(ANJA, "member.name", s.name_body("Anja"))
    write(ANJA, "member.admit", s.admit_body(BART.public_key, "Bart"))
    census = write(
        ANJA,
        "fact.add",
        s.fact_body("Telling 2024", "Een op vier is jonger dan 25", "https://cbs.nl/t", HASH),
    )
    survey = write(ANJA, "fact.add", s.fact_body("Enquête winkels", "Twaalf winkels"))
    write(BART, "fact.question", s.fact_question_body(census, "Studenten dubbel geteld?"))
    write(ANJA, "phase.move", s.move_body("knots"))
    knot = write(BART, "knot.add", s.with_cites(s.text_body("Jongeren trekken weg"), [census]))
    write(ANJA, "phase.move", s.move_body("positions"))
    position = write(BART, "position.add", s.with_cites(s.position_body(knot, "Huur"), [survey]))
    write(ANJA, "argument.add", s.with_cites(s.argument_body(position, "for", "Ja"), [census]))
    write(ANJA, "phase.move", s.move_body("criteria"))
    write(ANJA, "phase.move", s.move_body("options"))
    write(BART, "option.add", s.with_cites(s.option_body("Jongerenhuis"), [census, survey]))
    write(ANJA, "retract", s.retract_body(survey, "verouderd"))
    return fold, records


def minutes(language: str, fmt: str) -> str:
    fold, records = facts_session()
    context = Context(
        state=fold.state,
        records=records,
        rejected=dict(fold.rejected),
        state_hash=fold.state_hash(),
        language=language,
    )
    document = build_minutes(context)
    return render_markdown(document) if fmt == "md" else render_html(document, language)


WORDS = {
    "en": ("Shared facts", "questioned by Bart", "Cited by", "cites", "retracted", "Source"),
    "nl": (
        "Gedeelde feiten",
        "betwijfeld door Bart",
        "Aangehaald in",
        "steunt op",
        "ingetrokken",
        "Bron",
    ),
}


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
def test_the_minutes_show_facts_questions_and_citations(language, fmt):
    text = minutes(language, fmt)
    heading, asked, cited_by, cites, retracted, source = WORDS[language]
    for expected in (heading, asked, cited_by, source, "Telling 2024", "https://cbs.nl/t", HASH):
        assert expected in text, expected
    assert "Studenten dubbel geteld?" in text
    # Each kind that cites shows it; the retracted fact shows as retracted where it is cited.
    assert text.count(f"{cites}</em>: " if fmt == "html" else f"*{cites}*: ") == 4
    if fmt == "md":
        assert f"~~F2 Enquête winkels~~ *({retracted})*" in text
    else:
        assert f"<del>F2 Enquête winkels</del><em> ({retracted})</em>" in text


def test_the_link_is_text_in_html_never_a_live_link():
    page = minutes("en", "html")
    assert "https://cbs.nl/t" in page and 'href="https://cbs.nl' not in page


def test_markdown_minutes_in_english_read_as_expected():
    text = minutes("en", "md")
    assert "- **F1** **Telling 2024**: Een op vier is jonger dan 25 — *Anja*" in text
    assert "- **K1** Jongeren trekken weg (*cites*: F1 Telling 2024) — *Bart*" in text
    assert "(*cites*: F1 Telling 2024, ~~F2 Enquête winkels~~ *(retracted)*) — *Bart*" in text
    assert "*questioned by Bart*: Studenten dubbel geteld?" in text
    assert "*Cited by*: K1, A1, A" in text
