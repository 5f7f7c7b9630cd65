"""Errors that explain themselves in the user's language without the core doing any I/O.

The core may not read translation catalogs (it is pure), yet every refusal must reach the user
in Dutch or English. So an error keeps its English template (marked with ``N_`` for the catalog
extractor) and its parameters; ``str(error)`` is the English text (which is what the state hash
covers, identical on every peer), and a layer above translates with
``_(error.template).format(**error.params)``.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a core message for the catalogs; it is translated where it is shown."""
    return message


class Explained(Exception):
    """An exception carrying a translatable template and its parameters."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))
