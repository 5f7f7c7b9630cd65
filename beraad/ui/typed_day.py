"""A due day typed as people write it, read as the day the fold takes (YYYY-MM-DD).

A Dutch facilitator types 15-1-2027, and "Refused: a due date is a day written YYYY-MM-DD"
cost a step each time (naive s11 F-minor-11). Day first with dashes, slashes or dots is read
where it can mean one day only: always in Dutch (nobody writes the month first there), in
English only when the first number cannot be a month (31/3/2027) or both are the same. What
cannot be read so is handed on unchanged, and the fold's check says what a day is.
"""

from __future__ import annotations

import datetime as dt
import re

#: Day, month, year: 1 or 2 digits, 1 or 2 digits, 4 digits, one kind of separator.
DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")


def as_iso_day(typed: str, language: str) -> str:
    """``typed`` as YYYY-MM-DD where it is a day written day first that can mean one day
    only (see the module); otherwise ``typed`` as it was."""
    text = typed.strip()
    found = DAY_FIRST.fullmatch(text)
    if found is None:
        return typed
    day, month, year = int(found[1]), int(found[3]), int(found[4])
    if language != "nl" and day <= 12 and day != month:
        return typed  # 3/4/2027: the 3rd of April, or March 4th? Not guessed
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return typed  # 31-2-2027 is no day: the fold's check says so
