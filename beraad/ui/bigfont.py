"""A three-line letter font, so a join code can be read from across a table.

Textual's ``Digits`` draws numbers this way but not letters; this font uses the same box-drawing
strokes for a–z as well, and falls back to the plain letter for anything it does not know.
"""

from __future__ import annotations

import unicodedata

_GLYPHS: dict[str, tuple[str, str, str]] = {
    "a": ("┏━┓", "┣━┫", "╹ ╹"),
    "b": ("┏┓ ", "┣┻┓", "┗━┛"),
    "c": ("┏━╸", "┃  ", "┗━╸"),
    "d": ("╺┳┓", " ┃┃", "╺┻┛"),
    "e": ("┏━╸", "┣╸ ", "┗━╸"),
    "f": ("┏━╸", "┣╸ ", "╹  "),
    "g": ("┏━╸", "┃╺┓", "┗━┛"),
    "h": ("╻ ╻", "┣━┫", "╹ ╹"),
    "i": ("╻", "┃", "╹"),
    "j": ("  ╻", "  ┃", "┗━┛"),
    "k": ("╻┏ ", "┣┻┓", "╹ ╹"),
    "l": ("╻  ", "┃  ", "┗━╸"),
    "m": ("┏┳┓", "┃┃┃", "╹ ╹"),
    "n": ("┏┓╻", "┃┗┫", "╹ ╹"),
    "o": ("┏━┓", "┃ ┃", "┗━┛"),
    "p": ("┏━┓", "┣━┛", "╹  "),
    "q": ("┏━┓", "┃┓┃", "┗┻┛"),
    "r": ("┏━┓", "┣┳┛", "╹┗╸"),
    "s": ("┏━┓", "┗━┓", "┗━┛"),
    "t": ("╺┳╸", " ┃ ", " ╹ "),
    "u": ("╻ ╻", "┃ ┃", "┗━┛"),
    "v": ("╻ ╻", "┃┏┛", "┗┛ "),
    "w": ("╻ ╻", "┃╻┃", "┗┻┛"),
    "x": ("╲ ╱", " ╳ ", "╱ ╲"),
    "y": ("╻ ╻", "┗┳┛", " ╹ "),
    "z": ("╺━┓", "┏━┛", "┗━╸"),
    "0": ("┏━┓", "┃ ┃", "┗━┛"),
    "1": ("╺┓ ", " ┃ ", "╺┻╸"),
    "2": ("╺━┓", "┏━┛", "┗━╸"),
    "3": ("╺━┓", " ━┫", "╺━┛"),
    "4": ("╻ ╻", "┗━┫", "  ╹"),
    "5": ("┏━╸", "┗━┓", "╺━┛"),
    "6": ("┏━╸", "┣━┓", "┗━┛"),
    "7": ("╺━┓", "  ┃", "  ╹"),
    "8": ("┏━┓", "┣━┫", "┗━┛"),
    "9": ("┏━┓", "┗━┫", "╺━┛"),
    "-": ("   ", "╺━╸", "   "),
    " ": ("  ", "  ", "  "),
}


def _glyph(char: str) -> tuple[str, str, str]:
    if char in _GLYPHS:
        return _GLYPHS[char]
    base = unicodedata.normalize("NFKD", char.lower())[:1]
    if base in _GLYPHS:
        return _GLYPHS[base]
    return (" ", char, " ")


def big_lines(text: str) -> tuple[str, str, str]:
    """``text`` drawn in three lines, one space between letters."""
    rows: list[list[str]] = [[], [], []]
    for char in text.lower():
        for row, stroke in zip(rows, _glyph(char), strict=True):
            row.append(stroke)
    return (" ".join(rows[0]), " ".join(rows[1]), " ".join(rows[2]))


def big_width(text: str) -> int:
    return len(big_lines(text)[0])
