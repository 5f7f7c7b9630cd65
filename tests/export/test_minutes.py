"""Minutes of complete scripted sessions, in Dutch and English, against checked-in files.

The expected files were generated once from the scenarios (run with BERAAD_UPDATE_SNAPSHOTS=1
to regenerate after a deliberate change, and read the diff). The Dutch minutes use the real
catalog, ``beraad/i18n/nl.po``.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import beraad.i18n
from beraad.core.scenario import parse_scenario
from beraad.core.script import run_script
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from tests.export.helpers import NONCE, SCRIPTED, people, scripted
from tests.source_messages import source_messages

HERE = Path(__file__).parent
EXPECTED = HERE / "expected"
OURS = (
    "beraad/export/",
    "beraad/commands/export.py",
    "beraad/commands/import_.py",
    "beraad/commands/verify.py",
)


def minutes(runner, language, fmt):
    context = Context(
        state=runner.state,
        records=runner.records,
        rejected=dict(runner.fold.rejected),
        state_hash=runner.fold.state_hash(),
        language=language,
    )
    document = build_minutes(context)
    return render_markdown(document) if fmt == "md" else render_html(document, language)


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", SCRIPTED)
def test_minutes_match_the_checked_in_files(name, language, fmt):
    text = minutes(scripted(name, language), language, fmt)
    path = EXPECTED / f"{name}.{language}.{fmt}"
    if os.environ.get("BERAAD_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SCRIPTED)
def test_minutes_say_what_a_reader_needs(name):
    runner = scripted(name, "en")
    state, text = runner.state, minutes(runner, "en", "md")
    decision = state.decisions[0]
    for needed in (
        "Focus question",
        "Who took part",
        "The knot map",
        "Options",
        "Votes",
        "Evaluation",
        "How to check this",
        runner.fold.state_hash(),
        decision.record,
    ):
        assert needed in text
    for member in state.members.values():
        assert re.sub(r"([()])", r"\1", member.name) in text.replace("\\", "")
    dutch = minutes(scripted(name, "nl"), "nl", "md")
    assert "Wie nam deel" in dutch and "Hoe je dit controleert" in dutch
    assert "Who took part" not in dutch


@pytest.mark.parametrize("name", SCRIPTED)
def test_the_html_is_well_formed_self_contained_and_prints_light(name):
    page = minutes(scripted(name, "nl"), "nl", "html")
    root = ET.fromstring(page.split("\n", 1)[1])  # after the doctype
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert not tags & {"script", "img", "link", "iframe", "object", "a", "form"}
    for banned in ("src=", "href=", "url(", "@import", "javascript:", "http://", "https://"):
        assert banned not in page.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    assert "@media print" in page and "Content-Security-Policy" in page
    assert "break-inside: avoid" in page and "background: transparent" in page


def test_untrusted_record_text_is_escaped_in_both_formats():
    hostile = '<script>alert("x")</script> & <img src=x onerror=1> | **bold** [link](http://e.vil)'
    scenario = parse_scenario(
        {
            "id": "t",
            "title": {"en": "<b>Title</b>", "nl": "<b>Title</b>"},
            "description": {"en": "D", "nl": "D"},
            "focus": {"en": hostile, "nl": hostile},
            "members": [{"en": "<i>Eve</i>", "nl": "<i>Eve</i>"}],
            "script": [
                {"member": 0, "kind": "phase.move", "body": {"to": "knots"}},
                {"member": 0, "kind": "knot.add", "body": {"text": hostile}},
            ],
        }
    )
    runner = run_script(scenario, "en", people(1), NONCE)
    page = minutes(runner, "en", "html")
    ET.fromstring(page.split("\n", 1)[1])
    assert "<script" not in page and "<img" not in page and "<i>Eve" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in page
    markdown = minutes(runner, "en", "md")
    assert not re.search(r"(?<!\\)[<>\[\]]", markdown), "unescaped markup in the Markdown"
    assert "\\<script\\>" in markdown and "\\*\\*bold\\*\\*" in markdown


def test_every_string_of_this_part_has_a_dutch_translation():
    nl = beraad.i18n.catalog("nl")
    used = [m for m, where in source_messages().items() if where.startswith(OURS)]
    assert used
    assert [m for m in used if not nl.get(m)] == []


def test_a_scribe_record_shows_both_voices_in_the_minutes():
    """A knot written by Anja for Amina (no device): signed by Anja, and the minutes name both."""
    from beraad.core.deliberation import DeliberationReducer
    from beraad.core.fold import Fold
    from beraad.core.identity import Identity
    from beraad.core.record import check_record, sign_record
    from beraad.core.replica import session_id_for
    from beraad.core.session import open_body

    anja = Identity.from_seed(bytes([9]) * 32)
    session = session_id_for(anja.public_key, NONCE)
    bodies = [
        (
            "session.open",
            {**open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "consent"), "nonce": NONCE},
        ),
        ("member.name", {"name": "Anja"}),
        ("phase.move", {"to": "knots", "proposal": None}),
        ("knot.add", {"text": "Te weinig banken", "speaker": "Amina"}),
    ]
    records, prev = [], None
    for seq, (kind, body) in enumerate(bodies, start=1):
        record = sign_record(
            anja, session=session, seq=seq, prev=prev, lamport=seq, at=0, kind=kind, body=body
        )
        records.append(check_record(record.to_dict()))  # the scribe's signature holds
        prev = record.id
    fold = Fold(DeliberationReducer())
    fold.extend(records)
    context = Context(
        state=fold.state,
        records=records,
        rejected=dict(fold.rejected),
        state_hash=fold.state_hash(),
        language="en",
    )
    text = render_markdown(build_minutes(context))
    assert "Te weinig banken" in text and "Amina (written down by Anja)" in text
