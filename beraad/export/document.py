"""A tiny document model shared by the Markdown and HTML minutes.

The minutes are built once as plain data (headings, paragraphs, lists, tables of styled text)
and then rendered; so both formats say the same thing, and escaping untrusted record text lives
in one place per format (``render.py``), never in the code that decides what to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: str = ""  # "", "strong", "em", "code" or "del"


Inline = tuple[Span, ...]


def inline(*parts: str | Span | Inline) -> Inline:
    """Join strings (plain), spans and other inlines into one inline."""
    result: list[Span] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                result.append(Span(part))
        elif isinstance(part, Span):
            result.append(part)
        else:
            result.extend(part)
    return tuple(result)


def strong(text: str) -> Span:
    return Span(text, "strong")


def em(text: str) -> Span:
    return Span(text, "em")


def code(text: str) -> Span:
    return Span(text, "code")


def struck(text: str) -> Span:
    return Span(text, "del")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 is the title
    text: Inline


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Inline


@dataclass(frozen=True, slots=True)
class Item:
    text: Inline
    children: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the minutes that prints as a unit where it can (no page break inside)."""

    heading: Heading
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | Bullets | Table | Section


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
