"""Errors that explain themselves in the user's language without the core doing any I/O.

The core may not read translation catalogs (it is pure), yet every refusal must reach the user
in Dutch or English. So an error keeps its English template (marked with ``N_`` for the catalog
extractor) and its parameters; ``str(error)`` is the English text (which is what the state hash
covers, identical on every peer), and a layer above translates with
``_(error.template).format(**error.params)``.
"""

from __future__ import annotations

from typing import Any

#: How much of a sender's value a reason quotes: a malformed record's 3 MB field must not
#: become a 3 MB notice and log line (attack s8).
QUOTED_CHARS = 200


def quoted(value: Any) -> str:
    """``value`` as a reason quotes it: its ``repr``, cut at ``QUOTED_CHARS`` with "…"."""
    text = repr(value) if not isinstance(value, str) else repr(value[: QUOTED_CHARS + 1])
    return text if len(text) <= QUOTED_CHARS else text[:QUOTED_CHARS] + "…"


def N_(message: str) -> str:
    """Mark a core message for the catalogs; it is translated where it is shown."""
    return message


class Explained(Exception):
    """An exception carrying a translatable template and its parameters."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


class Reason(str):
    """Why a record was refused, as the fold keeps it: the English text (what the state hash
    covers, so every peer agrees), which also carries its template and parameters so that
    ``verify`` and the minutes show it in the reader's language (``i18n.kinds.reason_text``).
    A reason kept as a plain string (a fault, or an older reason) shows as it is."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]) -> Reason:
        reason = super().__new__(cls, template.format(**params))
        reason.template, reason.params = template, dict(params)
        return reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (Reason, (self.template, self.params))


def reason_of(error: BaseException) -> str:
    """The reason to keep for a refusal: a ``Reason`` when it explains itself, else its text."""
    if isinstance(error, Explained):
        return Reason(error.template, error.params)
    return str(error)
