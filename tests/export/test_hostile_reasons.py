"""A member's control characters never reach a terminal raw (attack s7, item 5).

A well-signed record the rules refuse quotes its own values in the reason: the names of the
unknown fields a member made up. ``beraad verify`` printed them as they were (ESC, NUL, CR/LF,
a right-to-left override), so a member could erase lines or forge a line of verify's output,
and the minutes held them too. Over hostile strings (C0/C1 controls, escape sequences, bidi
overrides and isolates, NUL, CR, LF), verify's output (en, nl) and the minutes (Markdown,
HTML; en, nl) hold no character a terminal or the bidi algorithm acts on, and each string's
printable rest still reads there.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import unicodedata
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.commands import verify as verify_command
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.record import Record
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from beraad.i18n import current_language, set_language
from beraad.readable import readable
from tests.conftest import beraad_command
from tests.export.helpers import bundle_lines, people, scripted, sign_after

#: What a terminal or the bidi algorithm acts on: C0 and C1 controls, DEL, line and paragraph
#: separators, bidi marks, embeddings, overrides and isolates.
HOSTILE_CHARS = (
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
SEQUENCES = [
    "\x1b[2J",
    "\x1b[1A\x1b[2K\r",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\x1b[31mRED\x1b[0m",
    "\r\n",
]
#: Letters a reader should still find (no Markdown or HTML specials: those are escaped).
WORDS = ["Kiezel", "zorg", "Amina", "verified 0 problems", "vijf"]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_CHARS), st.sampled_from(SEQUENCES), st.sampled_from(WORDS)),
    min_size=1,
    max_size=8,
).map("".join)


def _acted_on(text: str) -> list[str]:
    """Characters in ``text`` a terminal or the bidi algorithm would act on (a newline
    between output lines is ours)."""
    return [
        c
        for c in text
        if c != "\n" and (unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in HOSTILE_CHARS)
    ]


@cache
def _base() -> tuple[Record, ...]:
    return tuple(scripted("buurt").records)


def _hostile_session(keys: list[str]) -> tuple[Fold, list[Record]]:
    records = list(_base())
    member = people()[1]
    body = {"target": None, "type": "experience", "text": "x", **{k: 1 for k in keys}}
    records.append(sign_after(records, member, "note.add", body))
    records.append(sign_after(records, member, "member.name", {"name": keys[0]}))
    fold = Fold(DeliberationReducer())
    fold.extend(records)
    assert records[-2].id in fold.rejected  # a name may pass (made readable) if dated back
    return fold, records


def _verify_output(path: str, language: str) -> str:
    before = current_language()
    set_language(language)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            verify_command.run(argparse.Namespace(file=path, lang=language, data_dir=None))
    finally:
        set_language(before)
    return out.getvalue()


def _minutes(fold: Fold, language: str) -> tuple[str, str]:
    context = Context(
        state=fold.state,
        records=fold.records,
        rejected=dict(fold.rejected),
        state_hash=fold.state_hash(),
        language=language,
    )
    document = build_minutes(context)
    return render_markdown(document), render_html(document, language)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=st.lists(hostile_text, min_size=1, max_size=4, unique=True))
def test_hostile_field_names_reach_no_output_raw(tmp_path_factory, keys):
    fold, records = _hostile_session(keys)
    path = tmp_path_factory.mktemp("bundle") / "hostile.beraad"
    path.write_bytes(b"".join(bundle_lines(records, people()[0], fold.state_hash())))
    shown = [readable(k) for k in keys if readable(k)]
    for language in ("en", "nl"):
        said = _verify_output(str(path), language)
        assert not _acted_on(said), (language, said)
        for word in shown:
            assert word in said, (word, said)
        markdown, html = _minutes(fold, language)
        for text in (markdown.replace("\\", ""), html):  # Markdown escapes "[" as "\\["
            assert not _acted_on(text), (language, text)
            for word in shown:
                assert word in text, (word, text[-2000:])


def test_the_attackers_bundle_through_the_real_command_line(tmp_path):
    """The finding as it was run: the real ``beraad verify`` in both languages."""
    keys = [
        "\x1b[31mRED\x1b[0m",
        "a\r\nb",
        "\x00nul",
        "\u202eevil\u202c",
        "\x1b[1A\x1b[2K\r  verified",
    ]
    fold, records = _hostile_session(keys)
    path = tmp_path / "hostile.beraad"
    path.write_bytes(b"".join(bundle_lines(records, people()[0], fold.state_hash())))
    for language in ("en", "nl"):
        done = subprocess.run(
            [*beraad_command(), "--lang", language, "verify", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in done.stderr
        assert not _acted_on(done.stdout + done.stderr), done.stdout
        assert "[31mRED [0m" in done.stdout and "a b" in done.stdout and "evil" in done.stdout
        # the forged "verified" line stays inside the reason's line, never a line of its own
        assert not any(line.lstrip().startswith("verified") for line in done.stdout.splitlines())


#: A free text may hold bidi controls (the record checks allow them there, for right-to-left
#: writing), so the Markdown minutes keep them, inside an isolate that closes all they open.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _closed_at_end(text: str) -> bool:
    """Whether the isolate ``text`` opens with closes at its last character and not before,
    with nothing left open (UAX #9 X5a–X7: a PDF closes an embedding, never an isolate; a PDI
    closes its isolate and all opened since, and does nothing without one)."""
    stack: list[str] = []
    for index, char in enumerate(text):
        if char in "\u202a\u202b\u202d\u202e":
            stack.append("embedding")
        elif char in "\u2066\u2067\u2068":
            stack.append("isolate")
        elif char == "\u202c" and stack and stack[-1] == "embedding":
            stack.pop()
        elif char == "\u2069" and "isolate" in stack:
            while stack.pop() != "isolate":
                pass
        if not stack and index < len(text) - 1:
            return False
    return not stack


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*BIDI, "a", "b", " ", "\x1b", "\x85"]), max_size=30))
def test_a_reversal_in_free_text_stays_inside_its_words_in_the_markdown(text):
    from beraad.export.document import Paragraph, inline
    from beraad.export.render import _md_block

    [line, _blank] = _md_block(Paragraph(inline(f"x{text}", " — ", "Anja")))
    assert line.endswith(" — Anja"), repr(line)
    words = line[: -len(" — Anja")].strip()
    assert not [c for c in words if unicodedata.category(c) == "Cc"], repr(words)
    if any(c in BIDI for c in text):
        assert _closed_at_end(words), repr(words)
