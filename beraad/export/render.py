"""Rendering the minutes' document model as Markdown or as one self-contained HTML page.

Record text is untrusted: in HTML every character that means something is escaped, there are
no scripts, no links and no external resources, and a Content-Security-Policy forbids them in
case anything slipped through. In Markdown, punctuation that Markdown or embedded HTML would
interpret is backslash-escaped. The HTML is XHTML-compatible (every element closed), so it is
well-formed for an XML parser as well as a browser, and its print styles keep tables whole,
headings with what follows, and the page white.
"""

from __future__ import annotations

import html
import re

from beraad.core.typed_text import closed_bidi
from beraad.export.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Inline,
    Item,
    Paragraph,
    Table,
)

# ----------------------------------------------------------------------------- Markdown

# ``&`` too: unescaped, a typed "&amp;" would read back as "&" (an entity, not the words).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_SPACE = re.compile(r"\s+")
_MD_MARK = {"strong": "**", "em": "*", "code": "`", "del": "~~"}
#: C0 (but newline and tab), DEL and C1 controls: the record checks refuse them in any text and
#: older records are cleaned (``core/legacy_text``); should one come through all the same, a
#: terminal showing the file acts on none of them: each shows as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(text: str) -> str:
    """A record's text with nothing a terminal acts on (the minutes may be ``cat``-ed)."""
    return _CONTROL.sub("\ufffd", text)


def _isolated(text: str) -> str:
    """``text`` (holding bidi controls) as one isolate that closes all it opens: Markdown's
    ``<bdi>``. A free text may hold a right-to-left override (the record checks allow it
    there), but it must not reverse what follows on the line (who wrote it)."""
    return "\u2068" + closed_bidi(text) + "\u2069"


#: What makes Markdown of a text's start (a list item, a rule, a heading's underline) and the
#: bare web addresses a GitHub-flavoured reader links: an action "1. pull" became a numbered
#: list inside its item, an option "https://evil.example/login" a link (attack s12 finding 7).
_MD_LINE_START = re.compile(r"^(\s*)(?:(\d{1,9})([.)])(?=\s|$)|([-+=])(?=\s|$|[-=]))")
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(://)|(?<=\bwww)(\.)")


def _md_text(text: str) -> str:
    flat = _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", _shown(text)))
    flat = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), flat)
    return _MD_LINE_START.sub(_line_start_escaped, flat)


def _line_start_escaped(match: re.Match[str]) -> str:
    lead, number, mark, sign = match.groups()
    return f"{lead}{number}\\{mark}" if number else f"{lead}\\{sign}"


def _md_inline(spans: Inline) -> str:
    out = []
    for span in spans:
        if span.style == "code":
            out.append(f"`{' '.join(span.text.split()).replace('`', '')}`")
            continue
        text = _md_text(span.text)
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = text.strip()
        if _BIDI.search(core):
            core = _isolated(core)  # the reversal stays inside this span
        mark = _MD_MARK.get(span.style, "")
        if mark and core:
            core = f"{mark}{core}{mark}"
        out.append(f"{lead}{core}{trail}" if core else text)
    return "".join(out)


def _md_items(items: tuple[Item, ...], depth: int) -> list[str]:
    lines = []
    for item in items:
        lines.append(f"{'  ' * depth}- {_md_inline(item.text)}")
        lines.extend(_md_items(item.children, depth + 1))
    return lines


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {_md_inline(block.text)}", ""]
    if isinstance(block, Paragraph):
        return [_md_inline(block.text), ""]
    if isinstance(block, Bullets):
        return [*_md_items(block.items, 0), ""]
    if isinstance(block, Table):
        head = [_md_inline(cell) for cell in block.header]
        align = ["---:" if i in block.numeric else "---" for i in range(len(head))]
        lines = [f"| {' | '.join(head)} |", f"| {' | '.join(align)} |"]
        for row in block.rows:
            lines.append(f"| {' | '.join(_md_inline(cell) for cell in row)} |")
        return [*lines, ""]
    lines = _md_block(block.heading)
    for inner in block.blocks:
        lines.extend(_md_block(inner))
    return lines


def render_markdown(document: Document) -> str:
    lines: list[str] = []
    for block in document.blocks:
        lines.extend(_md_block(block))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- HTML

_HTML_TAG = {"strong": "strong", "em": "em", "code": "code", "del": "del"}

STYLE = """
:root { color-scheme: light; }
body { font-family: Georgia, 'Times New Roman', serif; color: #111; background: #fff;
  max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #888; margin-top: 1.6em; }
h3 { font-size: 1.1em; margin-top: 1.2em; }
h1, h2, h3 { font-family: 'Helvetica Neue', Arial, sans-serif; break-after: avoid;
  page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.6em 0; width: 100%; }
th, td { border: 1px solid #999; padding: 0.2em 0.45em; vertical-align: top; text-align: left; }
th { font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 0.9em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: 'DejaVu Sans Mono', Menlo, monospace; font-size: 0.88em;
  overflow-wrap: anywhere; }
del { color: #555; }
ul { padding-left: 1.4em; }
section { margin-bottom: 0.4em; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  table, tr, li { break-inside: avoid; page-break-inside: avoid; }
  section.check { break-before: page; page-break-before: always; }
  * { background: transparent !important; color: #000 !important; }
  del { color: #444 !important; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


def _h(text: str) -> str:
    return html.escape(text, quote=True)


#: Bidirectional controls: in a record's text they could reverse what follows (who wrote it).
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _html_inline(spans: Inline) -> str:
    out = []
    for span in spans:
        text = "<br />".join(_h(_shown(part)) for part in span.text.split("\n"))
        if _BIDI.search(span.text):
            text = f"<bdi>{text}</bdi>"  # the reversal stays inside this span
        tag = _HTML_TAG.get(span.style)
        out.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "".join(out)


def _html_items(items: tuple[Item, ...]) -> str:
    parts = []
    for item in items:
        children = f"<ul>{_html_items(item.children)}</ul>" if item.children else ""
        parts.append(f"<li>{_html_inline(item.text)}{children}</li>")
    return "".join(parts)


def _html_block(block: Block, index: int) -> str:
    if isinstance(block, Heading):
        level = max(1, min(block.level, 6))
        return f"<h{level}>{_html_inline(block.text)}</h{level}>\n"
    if isinstance(block, Paragraph):
        return f"<p>{_html_inline(block.text)}</p>\n"
    if isinstance(block, Bullets):
        return f"<ul>{_html_items(block.items)}</ul>\n"
    if isinstance(block, Table):

        def cell(tag: str, column: int, content: Inline) -> str:
            css = ' class="num"' if column in block.numeric else ""
            return f"<{tag}{css}>{_html_inline(content)}</{tag}>"

        head = "".join(cell("th", i, c) for i, c in enumerate(block.header))
        rows = "".join(
            "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>\n"
            for row in block.rows
        )
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    inner = "".join(_html_block(b, i) for i, b in enumerate((block.heading, *block.blocks)))
    css = ' class="check"' if block.heading.level == 2 and index < 0 else ""
    return f"<section{css}>\n{inner}</section>\n"


def render_html(document: Document, language: str) -> str:
    body = []
    last = len(document.blocks) - 1
    for index, block in enumerate(document.blocks):
        # The last section ("how to check this") starts a printed page of its own.
        body.append(_html_block(block, -1 if index == last else index))
    return (
        "<!DOCTYPE html>\n"
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{_h(language)}" '
        f'xml:lang="{_h(language)}">\n<head>\n'
        '<meta charset="utf-8" />\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_h(CSP)}" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        '<meta name="generator" content="beraad" />\n'
        f"<title>{_h(document.title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{''.join(body)}</body>\n</html>\n"
    )
