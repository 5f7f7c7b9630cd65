"""Which view shows each phase: found by name in ``beraad.ui.phases``, a plain notice where
this build has none (an older beraad reading a newer session's phases)."""

from __future__ import annotations

import importlib
from typing import cast

from textual.app import ComposeResult
from textual.widgets import Static

from beraad.core.session import PHASES
from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.ui.phases.base import PhaseView
from beraad.ui.widgets.phase_bar import phase_label

#: Where each phase's view lives; a missing module (not built yet) gets a plain notice instead.
VIEW_MODULES: dict[str, str] = {phase: f"beraad.ui.phases.{phase}" for phase in PHASES}


class UnavailableView(PhaseView):
    """Stands in for a phase whose view this build does not have."""

    def compose(self) -> ComposeResult:
        yield Static(
            _("This version of beraad cannot show the {phase} phase yet.").format(
                phase=phase_label(self.phase)
            ),
            classes="hint",
        )

    def show(self, state: SessionState, me: str) -> None:
        pass


def view_class(phase: str) -> type[PhaseView]:
    """The ``PhaseView`` subclass for ``phase``, found in its module by its ``phase`` name."""
    try:
        module = importlib.import_module(VIEW_MODULES[phase])
    except ImportError:
        module = None
    for value in vars(module).values() if module is not None else ():
        if isinstance(value, type) and issubclass(value, PhaseView) and value.phase == phase:
            return value
    return cast(type[PhaseView], type(f"Unavailable_{phase}", (UnavailableView,), {"phase": phase}))
