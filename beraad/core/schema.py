"""The spec machinery behind ``kinds``: the checks a record body's fields pass, and the limits.

A check is ``check(value, field)`` that raises ``SchemaError`` naming the field and why; the
factories (``text``, ``integer``, ``id_list`` …) make one for given limits. ``spec`` builds one
row of the kinds table from such checks. Kept apart from the table so that a module with new
kinds can build its specs beside its reducer without importing the whole table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from beraad.core.identity import is_public_key
from beraad.core.messages import N_, Explained
from beraad.core.session import PHASES, speaker_key

MAX_TEXT = 2000
MAX_SHORT = 200
MAX_NAME = 60
MAX_LIST = 200
MAX_CITES = 20
MAX_LINK = 500
_ID = re.compile(r"^[0-9a-f]{64}\Z")
_HEX = re.compile(r"^[0-9a-f]+\Z")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}\Z")


class SchemaError(Explained, ValueError):
    """A body does not fit its kind; the message says which field and why."""


Check = Callable[[Any, str], None]


def _fail(template: str, **params: Any) -> None:
    raise SchemaError(template, **params)


def _entries(value: Any, field: str, minimum: int, maximum: int, kind: type = list) -> None:
    """``value`` is a ``kind`` of ``minimum`` to ``maximum`` entries; anything else is refused
    in those words (one sentence for every list and table in a record)."""
    if not isinstance(value, kind) or not minimum <= len(value) <= maximum:
        _fail(
            N_("{field} must hold {minimum} to {maximum} entries"),
            field=field,
            minimum=minimum,
            maximum=maximum,
        )


#: Control characters other than newline and tab: C0, DEL and C1 (U+0085 NEL, U+009B CSI: a
#: terminal acts on them). A regex: this runs on every text received.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What one line (a name, a title) may not hold besides: the bidirectional marks, embeddings,
#: overrides and isolates, with which a name could pass for another or turn the text around.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text(maximum: int = MAX_TEXT, minimum: int = 1) -> Check:
    def check(value: Any, field: str) -> None:
        if not isinstance(value, str):
            _fail(N_("{field} must be text"), field=field)
        if len(value.strip()) < minimum:
            _fail(N_("{field} must not be empty"), field=field)
        if len(value) > maximum:
            _fail(N_("{field} is longer than {maximum} characters"), field=field, maximum=maximum)
        if _CONTROL.search(value):
            _fail(N_("{field} contains control characters"), field=field)

    return check


def name(value: Any, field: str) -> None:
    one_line(MAX_NAME)(value, field)


#: Checks of one line (a name, a title): what ``legacy_text`` cleans as such in older records.
name.one_line = True  # type: ignore[attr-defined]


def one_line(maximum: int) -> Check:
    """One line of text up to ``maximum`` characters (a name, a title)."""

    def check(value: Any, field: str) -> None:
        text(maximum)(value, field)
        if "\n" in value or "\u2028" in value or "\u2029" in value:
            _fail(N_("{field} must be one line"), field=field)
        if _BIDI.search(value):
            _fail(N_("{field} contains control characters"), field=field)

    check.one_line = True  # type: ignore[attr-defined]
    return check


def record_id(value: Any, field: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        _fail(N_("{field} must be a record id (64 hex characters)"), field=field)


def optional_id(value: Any, field: str) -> None:
    if value is not None:
        record_id(value, field)


def public_key(value: Any, field: str) -> None:
    if not is_public_key(value):
        _fail(N_("{field} must be a public key (64 hex characters)"), field=field)


def one_of(*choices: str) -> Check:
    def check(value: Any, field: str) -> None:
        if value not in choices:
            _fail(
                N_("{field} must be one of: {choices}"),
                field=field,
                choices=", ".join(choices),
            )

    return check


def integer(lowest: int, highest: int) -> Check:
    def check(value: Any, field: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            _fail(N_("{field} must be a whole number"), field=field)
        if not lowest <= value <= highest:
            _fail(
                N_("{field} must be between {lowest} and {highest}"),
                field=field,
                lowest=lowest,
                highest=highest,
            )

    return check


def optional_key(value: Any, field: str) -> None:
    if value is not None:
        public_key(value, field)


def voices(value: Any, field: str) -> None:
    """A list of voices: ``{"member": key}`` or ``{"member": scribe key, "speaker": name}``."""
    _entries(value, field, 1, MAX_LIST)
    seen: set[tuple[str, str | None]] = set()
    for index, entry in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(entry, dict):
            _fail(N_("{field} must be a table"), field=where)
        if set(entry) - {"member", "speaker"} or "member" not in entry:
            _fail(N_("{field} must hold a member and maybe a speaker"), field=where)
        public_key(entry["member"], f"{where}.member")
        if "speaker" in entry:
            name(entry["speaker"], f"{where}.speaker")
        voice = (entry["member"], speaker_key(entry.get("speaker")))
        if voice in seen:
            _fail(N_("{field} names the same voice twice"), field=field)
        seen.add(voice)


_LINK = re.compile(r"^https?://[^\s/?#]+[^\s]*\Z", re.IGNORECASE)


def link(value: Any, field: str) -> None:
    """A web address to show as text (never fetched): http or https, one word, no controls."""
    if not isinstance(value, str) or len(value) > MAX_LINK or not _LINK.match(value):
        _fail(N_("{field} must be a web address starting with http:// or https://"), field=field)
    if _CONTROL.search(value):
        _fail(N_("{field} contains control characters"), field=field)


#: A world café's limits: enough for a hall, small enough that a plan fits one record.
MAX_CAFE_TABLES = 30
MAX_CAFE_ROUNDS = 12
#: People at one table: a café table is small (and the fold counts its pairs every round).
MAX_CAFE_SEATS = 30


def cafe_tables(value: Any, field: str) -> None:
    """``[{question, host}]``: each table's question and its host (an index into people)."""
    _entries(value, field, 1, MAX_CAFE_TABLES)
    for index, entry in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"question", "host"}:
            _fail(N_("{field} must hold a question and a host"), field=where)
        text(MAX_SHORT)(entry["question"], f"{where}.question")
        integer(0, MAX_LIST - 1)(entry["host"], f"{where}.host")


def cafe_plan(value: Any, field: str) -> None:
    """Rounds of tables of person indexes (what they mean is the reducer's to check)."""
    _entries(value, field, 1, MAX_CAFE_ROUNDS)
    for number, seating in enumerate(value):
        if not isinstance(seating, list) or not 1 <= len(seating) <= MAX_CAFE_TABLES:
            _fail(N_("{field} must be a list of tables"), field=f"{field}[{number}]")
        for index, table_ in enumerate(seating):
            where = f"{field}[{number}][{index}]"
            if not isinstance(table_, list) or not 1 <= len(table_) <= MAX_CAFE_SEATS:
                _fail(
                    N_("{field} must seat 1 to {maximum} people"),
                    field=where,
                    maximum=MAX_CAFE_SEATS,
                )
            for person in table_:
                integer(0, MAX_LIST - 1)(person, where)


def boolean(value: Any, field: str) -> None:
    if not isinstance(value, bool):
        _fail(N_("{field} must be true or false"), field=field)


def slug(value: Any, field: str) -> None:
    if not isinstance(value, str) or not _SLUG.match(value):
        _fail(N_("{field} must be a short lowercase name"), field=field)


def hex_text(minimum: int, maximum: int) -> Check:
    def check(value: Any, field: str) -> None:
        if not isinstance(value, str) or not _HEX.match(value):
            _fail(N_("{field} must be lowercase hex"), field=field)
        if not minimum <= len(value) <= maximum:
            _fail(
                N_("{field} must be {minimum} to {maximum} hex characters"),
                field=field,
                minimum=minimum,
                maximum=maximum,
            )

    return check


def id_list(minimum: int = 0, maximum: int = MAX_LIST) -> Check:
    def check(value: Any, field: str) -> None:
        if not isinstance(value, list):
            _fail(N_("{field} must be a list"), field=field)
        _entries(value, field, minimum, maximum)
        for index, item in enumerate(value):
            record_id(item, f"{field}[{index}]")
        if len(set(value)) != len(value):
            _fail(N_("{field} names the same record twice"), field=field)

    return check


def id_map(values: Check, minimum: int = 0) -> Check:
    def check(value: Any, field: str) -> None:
        if not isinstance(value, dict):
            _fail(N_("{field} must be a table"), field=field)
        _entries(value, field, minimum, MAX_LIST, dict)
        for key, item in value.items():
            record_id(key, f"{field} key")
            values(item, f"{field}.{key[:8]}")

    return check


def phases(value: Any, field: str) -> None:
    if not isinstance(value, list) or not value:
        _fail(N_("{field} must be a non-empty list of phases"), field=field)
    for item in value:
        one_of(*PHASES)(item, field)
    if value[0] != "opening":
        _fail(N_("{field} must start with the opening"), field=field)
    if [p for p in PHASES if p in value] != value:
        _fail(N_("{field} must keep the order of the phases, each once"), field=field)


def tiers(value: Any, field: str) -> None:
    if not isinstance(value, list) or not value:
        _fail(N_("{field} must rank at least one option"), field=field)
    seen: set[str] = set()
    for index, tier in enumerate(value):
        id_list(1)(tier, f"{field}[{index}]")
        if seen & set(tier):
            _fail(N_("{field} ranks an option twice"), field=field)
        seen |= set(tier)
    if len(seen) > MAX_LIST:
        _fail(N_("{field} ranks too many options"), field=field)


#: ASCII digits only, and nothing after the day (``$`` would let a trailing newline through, and
#: ``\d`` takes Arabic-Indic or fullwidth digits): a due date is stored as written and its text
#: sorts, compares and prints as a date.
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def due_date(value: Any, field: str) -> None:
    """A calendar date as YYYY-MM-DD (no clock: a due date is a day)."""
    found = _DATE.match(value) if isinstance(value, str) else None
    if found is None:
        _fail(N_("{field} must be a date as YYYY-MM-DD"), field=field)
    year, month, day = (int(part) for part in found.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= month <= 12 or not 1 <= day <= _MONTH_DAYS[month - 1] - (month == 2 and not leap):
        _fail(N_("{field} is not a day of the calendar"), field=field)
    if not 2000 <= year <= 2199:  # a plan of this group, not of a year like 0000 or 9999
        _fail(N_("{field} must fall between 2000 and 2199"), field=field)


def table(value: Any, field: str) -> None:
    if not isinstance(value, dict):
        _fail(N_("{field} must be a table"), field=field)


@dataclass(frozen=True, slots=True)
class Field:
    check: Check
    required: bool = True


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One row of the kinds table (``beraad.core.kinds``)."""

    kind: str
    fields: Mapping[str, Field]
    who: str  # "anyone", "member", "self", "facilitator", "steward"
    phases: tuple[str, ...]


def spec(name_: str, who: str, phases_: tuple[str, ...], /, **fields: Check | Field) -> KindSpec:
    table_ = {k: v if isinstance(v, Field) else Field(v) for k, v in fields.items()}
    return KindSpec(name_, table_, who, phases_)


def optional(check: Check) -> Field:
    return Field(check, required=False)
