"""Minutes of a session full of hostile words: every word reads back exactly as typed.

A member writes Rich markup (``[/]``, ``[@click=app.quit]``, ``[link=…]``), HTML, Markdown,
backslashes, a right-to-left override, emoji and a 500-character word into every phase, and
is named ``[/]Mal[b]``. The HTML page must stay well-formed with no link, image or script,
and its text must hold each string verbatim; the Markdown, rendered by a CommonMark parser
(markdown-it, which Rich already ships), must give the same words and no markup of its own.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from beraad.core.scenario import parse_scenario
from beraad.core.script import run_script
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from tests.export.helpers import NONCE, people

CLICK = "[@click=app.quit]click me[/]"
LINK = "[link=https://example.invalid]x[/link]"
NAME = "[/]Mal[b]"
WORDS = {
    "focus": f"{LINK} {CLICK}",
    "knot": CLICK,
    "long": "w" * 500,
    "rtl": "\u202eevil 🎉🙂",
    "position": "[bold red]x <b>bold</b> **strong** _em_",
    "argument": "back\\slash \\[not a tag] \\",
    "note": "[/] & &amp; <script>alert(1)</script>",
    "criterion": "`code` ~~gone~~ # not a heading",
    "option": CLICK,
    "build": "![img](https://example.invalid/x.png) <https://example.invalid>",
    "reason": f"[/] {CLICK}",
    "well": "| a | b | table?",
    "group": "[b]Jeugd</b> <i>",
    "action": "**pull** [/] <script>x</script>",
    "stuck": f"{CLICK} # stuck",
}


def _both(text: str) -> dict[str, str]:
    return {"en": text, "nl": text}


def _step(member: int, kind: str, body: dict, ref: str | None = None) -> dict:
    return {"member": member, "kind": kind, "body": body, **({"ref": ref} if ref else {})}


def hostile_runner():
    text = {key: _both(value) for key, value in WORDS.items()}
    script = [
        _step(1, "group.add", {"name": text["group"]}, "group"),
        _step(0, "group.mark", {"group": "@group", "status": "missing"}),
        _step(0, "phase.move", {"to": "knots"}),
        _step(1, "knot.add", {"text": text["knot"]}, "knot"),
        _step(1, "knot.add", {"text": text["long"]}),
        _step(1, "knot.add", {"text": text["rtl"]}),
        _step(0, "phase.move", {"to": "positions"}),
        _step(1, "position.add", {"knot": "@knot", "text": text["position"]}, "position"),
        _step(
            1, "argument.add", {"position": "@position", "stance": "for", "text": text["argument"]}
        ),
        _step(1, "note.add", {"target": "@knot", "type": "experience", "text": text["note"]}),
        _step(0, "phase.move", {"to": "criteria"}),
        _step(1, "criterion.add", {"text": text["criterion"]}),
        _step(0, "phase.move", {"to": "options"}),
        _step(1, "option.add", {"text": text["option"], "builds_on": []}, "option"),
        _step(1, "option.add", {"text": text["build"], "builds_on": ["@option"]}),
        _step(0, "phase.move", {"to": "decide"}),
        _step(
            1,
            "consent.respond",
            {"option": "@option", "response": "object", "reason": text["reason"]},
        ),
        _step(1, "consent.respond", {"option": "@option", "response": "agree", "reason": ""}),
        _step(0, "consent.respond", {"option": "@option", "response": "agree", "reason": ""}),
        _step(0, "vote.close", {"kind": "consent.respond"}),
        _step(0, "decision.take", {"option": "@option"}, "decision"),
        _step(0, "phase.move", {"to": "act"}),
        _step(1, "action.add", {"text": text["action"], "decision": "@decision"}, "action"),
        _step(1, "action.pull", {"action": "@action"}),
        _step(1, "action.update", {"action": "@action", "status": "stuck", "note": text["stuck"]}),
        _step(0, "action.add", {"text": text["long"], "group": "@group", "due": "2030-01-31"}),
        _step(0, "phase.move", {"to": "evaluate"}),
        _step(
            1,
            "evaluation.add",
            {"aspect": "went_well", "decision": "@decision", "text": text["well"]},
        ),
    ]
    scenario = parse_scenario(
        {
            "id": "hostile",
            "decision_rule": "consent",
            "title": _both(f"[bold red]x {CLICK}"),
            "description": _both("D"),
            "focus": text["focus"],
            "members": [_both("Anja"), _both(NAME)],
            "script": script,
        }
    )
    return run_script(scenario, "en", people(2), NONCE)


def minutes(fmt: str) -> str:
    runner = hostile_runner()
    context = Context(
        state=runner.state,
        records=runner.records,
        rejected=dict(runner.fold.rejected),
        state_hash=runner.fold.state_hash(),
        language="en",
    )
    document = build_minutes(context)
    return render_markdown(document) if fmt == "md" else render_html(document, "en")


class _Reader(HTMLParser):
    """The words a browser shows, and every tag it would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.words.append(data)


def read(page: str) -> _Reader:
    reader = _Reader()
    reader.feed(page)
    return reader


def test_the_html_minutes_show_every_hostile_word_as_typed_and_build_no_markup():
    page = minutes("html")
    ET.fromstring(page.split("\n", 1)[1])  # still well-formed
    reader = read(page)
    shown = "".join(reader.words)
    for key, words in WORDS.items():
        assert words in shown, key
    assert NAME in shown
    # The page's own emphasis and code are fine; links, images, scripts and bold from
    # record text never are.
    assert not {"a", "img", "script", "b"} & set(reader.tags)


def test_the_markdown_minutes_read_back_as_typed_through_a_commonmark_parser():
    markdown = minutes("md")
    reader = read(MarkdownIt("commonmark").render(markdown))
    shown = " ".join("".join(reader.words).split())
    for key, words in WORDS.items():
        assert words in shown, key
    assert NAME in shown
    # The page's own emphasis and tables are fine; links, images and raw HTML never are.
    assert not {"a", "img", "script", "b"} & set(reader.tags)


def test_a_right_to_left_override_stays_inside_its_own_text():
    """U+202E in a knot would reverse the rest of the line in a browser (hiding who wrote it);
    in the HTML minutes it is isolated in <bdi>, so the author's name reads as it is."""
    from beraad.export.document import Paragraph, inline
    from beraad.export.render import _html_block

    html_text = _html_block(Paragraph(inline("\u202eevil", " — ", "Anja")), 0)
    assert "<bdi>\u202eevil</bdi> — Anja" in html_text
    plain = _html_block(Paragraph(inline("gewoon", " — ", "Anja")), 0)
    assert "<bdi>" not in plain


LINE_STARTS = {
    "focus": "1. first",
    "knot": "- a bullet",
    "position": "+ plus",
    "argument": "---",
    "note": "2) two",
    "criterion": "===",
    "option": "https://evil.example/login",
    "build": "www.evil.example",
    "reason": "1984. A year",
    "action": "1. pull",
    "stuck": "---",
}


@pytest.mark.parametrize("flavour", ["commonmark", "gfm-like"])
def test_a_text_that_starts_like_markdown_or_is_a_web_address_stays_text(monkeypatch, flavour):
    """Attack s12 finding 7: an action "1. pull" became a numbered list inside its item, and
    in GitHub-flavoured readers an option "https://evil.example/login" or "www.evil.example"
    a link. Read through both, the minutes build no list, rule or link of a record's own and
    show each text as typed."""
    plain = {key: f"plain {key}" for key in LINE_STARTS}
    for key, words in plain.items():
        monkeypatch.setitem(WORDS, key, words)
    benign = read(MarkdownIt(flavour).render(minutes("md")))
    for key, words in LINE_STARTS.items():
        monkeypatch.setitem(WORDS, key, words)
    hostile = read(MarkdownIt(flavour).render(minutes("md")))
    assert sorted(hostile.tags) == sorted(benign.tags)
    shown = " ".join("".join(hostile.words).split())
    for key, words in LINE_STARTS.items():
        assert words in shown, key
