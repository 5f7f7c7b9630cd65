"""Free text as a one-line box takes it: what the record checks refuse never sits in the box.

The checks (``schema.text``) refuse a text holding a control character (C0 but newline and
tab, DEL, C1); a one-line box cannot show a newline or a tab either. A person pasting a
prepared reason saw escape codes vanish from view yet stay in the box, and the cast refused
"control characters" they could not find; a multi-line paste kept its first line only
(attack s9 finding 4). So what a box takes is cleaned as it comes: line breaks and tabs
become a space, other controls are dropped. A free text may hold a right-to-left override
(right-to-left writing, ``schema``), but it must not turn around what follows it: each piece
taken closes what it opens, as the minutes' renderer does with a whole text (``closed_bidi``,
one rule for both).
"""

from __future__ import annotations

import re

from beraad.core.schema import _BIDI

__all__ = ["closed_bidi", "one_line_of"]

#: Bidi controls that open something (embeddings and overrides; isolates) and what closes it.
_OPENS = {c: "\u202c" for c in "\u202a\u202b\u202d\u202e"} | {
    c: "\u2069" for c in "\u2066\u2067\u2068"
}
#: A run of line breaks (blank lines too) with the spaces around it: one space in a line.
_BREAKS = re.compile(r"(?:[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]))+[ \t]*")
#: Such a run at either end of a paste (a copied line's own break).
_EDGE_BREAKS = re.compile(
    r"^(?:[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]))+[ \t]*"
    r"|[ \t]*(?:(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])[ \t]*)+$"
)
#: What the record checks refuse in any text (``schema._CONTROL``) once breaks are spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def closed_bidi(text: str) -> str:
    """``text`` closing every embedding, override and isolate it opens, at its end. An
    isolate's closer with no opener of its own would close one around it early: shown as
    U+FFFD, visibly not the text as typed."""
    closers: list[str] = []
    out = []
    for char in text:
        if char in _OPENS:
            closers.append(_OPENS[char])
        elif char == "\u202c" and closers and closers[-1] == "\u202c":
            closers.pop()
        elif char == "\u2069":
            if "\u2069" not in closers:
                char = "\ufffd"
            else:
                while closers.pop() != "\u2069":
                    pass
        out.append(char)
    return "".join(out) + "".join(reversed(closers))


def one_line_of(text: str, bidi: bool = True) -> str:
    """``text`` as a one-line box of free text takes it: its lines (several pasted) joined by
    one space, blank ones and the spaces around each break left out, a break at either end
    (a copied line's own) dropped; a tab as a space; no other control; every bidi control it
    opens closed. Without ``bidi`` (a name, a title: ``schema.one_line`` refuses them) no
    bidi mark or control at all."""
    inner = _EDGE_BREAKS.sub("", text)
    joined = _CONTROL.sub("", _BREAKS.sub(" ", inner).replace("\t", " "))
    return closed_bidi(joined) if bidi else _BIDI.sub("", joined)
