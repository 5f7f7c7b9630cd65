"""The process and decision rules a group can choose when it starts a deliberation.

The ids are what ``Node.create_session`` receives; the labels are what people read.
"""

from __future__ import annotations

from beraad.i18n import N_

PROCESS_RULES: tuple[tuple[str, str], ...] = (
    ("facilitator", N_("A facilitator")),
    ("consent", N_("The group, by consent")),
)

DECISION_RULES: tuple[tuple[str, str], ...] = (
    ("consent", N_("Consent (no reasoned objection)")),
    ("gradients", N_("Gradients of agreement")),
    ("dot-vote", N_("Dot vote")),
    ("criteria-matrix", N_("Weighted criteria matrix")),
    ("schulze", N_("Ranking (Schulze)")),
    ("majority-judgment", N_("Majority judgment")),
)
