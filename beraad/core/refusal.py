"""The reducer's refusal: why a well-signed record means nothing valid in this session.

Its own module so that the deliberation reducer and the meeting tools (``meeting.py``), which it
delegates to, raise the same error without importing each other.
"""

from __future__ import annotations

from typing import Any, NoReturn

from beraad.core.fold import Rejected, Unheard
from beraad.core.messages import Explained


class Refusal(Explained, Rejected):
    """Why a record was refused, translatable (``template``/``params``) and in English."""


class NotAMember(Refusal, Unheard):
    """The author is no member where the record sorts: refused without a trace (``Unheard``)."""


def refuse(template: str, **params: Any) -> NoReturn:
    raise Refusal(template, **params)


def short(record_id: str) -> str:
    return record_id[:12]
