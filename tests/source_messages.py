"""The interface's words as the sources give them (``beraad.i18n.extract.messages``), read once
per test process: each read parses every module of beraad (~2 s of CPU), and the catalogue and
wording tests asked for them eleven times in a run."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from beraad.i18n.extract import messages


@functools.cache
def source_messages() -> Mapping[str, str]:
    """msgid → first place of use, as ``messages()`` gives them (read-only: shared)."""
    return MappingProxyType(messages())
