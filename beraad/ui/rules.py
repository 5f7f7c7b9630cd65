"""The 8 interaction rules for co-creation ("8 x cocreatie"), shown whenever someone asks.

They come from the method (seed text 004): short, so the group can keep them in view.
"""

from __future__ import annotations

from beraad.i18n import N_

INTERACTION_RULES: tuple[str, ...] = (
    N_("Open your mind"),
    N_("Think positively, and towards the future"),
    N_("Keep the whole in view"),
    N_("Hold back your judgement"),
    N_("Ask"),
    N_("Build on each other's ideas"),
    N_("Value other points of view"),
    N_("Speak from the heart too"),
)
