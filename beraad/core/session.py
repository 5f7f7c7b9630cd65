"""The vocabulary of a session: phases, process rules, decision rules, and body builders.

Builders return plain dicts that pass ``kinds.validate``; the node signs them and the UI, the
demo and the scripted runner all build bodies the same way, so there is one spelling of each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from beraad.core.canonical import canonical_bytes
from beraad.core.messages import N_

#: The phases of a deliberation, in order (DESIGN §4). A scenario may leave some out.
PHASES: tuple[str, ...] = (
    "opening",
    "knots",
    "positions",
    "criteria",
    "options",
    "decide",
    "act",
    "evaluate",
)
PHASE_LABELS: dict[str, str] = {
    "opening": N_("Opening"),
    "knots": N_("Knots"),
    "positions": N_("Positions"),
    "criteria": N_("Criteria"),
    "options": N_("Options"),
    "decide": N_("Decide"),
    "act": N_("Act"),
    "evaluate": N_("Evaluate"),
}

#: Who moves the group to another phase: the facilitator, or the group by consent.
PROCESS_RULES: tuple[str, ...] = ("facilitator", "consent")
PROCESS_RULE_LABELS: dict[str, str] = {
    "facilitator": N_("The facilitator moves the group"),
    "consent": N_("The group moves by consent"),
}

#: How the group decides. Each name is a pure method in ``beraad.core`` (see ``tally``).
DECISION_RULES: tuple[str, ...] = (
    "consent",
    "gradients",
    "dots",
    "matrix",
    "schulze",
    "majority_judgment",
)
DECISION_RULE_LABELS: dict[str, str] = {
    "consent": N_("Consent"),
    "gradients": N_("Gradients of agreement"),
    "dots": N_("Dot voting"),
    "matrix": N_("Weighted criteria matrix"),
    "schulze": N_("Schulze ranking"),
    "majority_judgment": N_("Majority judgment"),
}

#: The phases a decision rule needs: you cannot weigh criteria you never set.
RULE_NEEDS: dict[str, tuple[str, ...]] = {
    "consent": ("options", "decide"),
    "gradients": ("options", "decide"),
    "dots": ("options", "decide"),
    "matrix": ("criteria", "options", "decide"),
    "schulze": ("options", "decide"),
    "majority_judgment": ("options", "decide"),
}

LANGUAGES: tuple[str, ...] = ("en", "nl")
DEFAULT_DOTS = 3
#: How long after ``vote.close`` (by the records' own ``at``, in ms) the reveal may be ended.
#: A sealed voter's running app reveals as soon as it sees the close; this window keeps anyone
#: from ending the reveal before an online voter's reveal can arrive (finding: 3 s sufficed).
REVEAL_GRACE_MS = 60_000
DEFAULT_GRADIENT_THRESHOLD = 5


def open_body(
    title: str,
    focus: str = "",
    scenario: str = "blank",
    language: str = "en",
    process_rule: str = "facilitator",
    decision_rule: str = "consent",
    phases: Sequence[str] = PHASES,
    private: bool = True,
    *,
    dots_per_member: int = DEFAULT_DOTS,
    gradient_threshold: int = DEFAULT_GRADIENT_THRESHOLD,
    nonce: str | None = None,
    admission: str | None = None,
) -> dict[str, Any]:
    """The body of ``session.open``: everything every peer needs to interpret the session.

    ``nonce`` (32 hex) makes the session id self-certifying (``replica.session_id_for``); the
    node adds it when it opens a session, so it may be left out here. ``admission``
    "confirmed" holds admissions by others than the facilitator to the group's confirmation
    (``core/admission.py``); the node opens every new session so. None writes a session as
    before that rule (scripted fixtures whose records are checked in keep their ids).
    """
    body: dict[str, Any] = {
        "title": title,
        "focus": focus,
        "scenario": scenario,
        "language": language,
        "process_rule": process_rule,
        "decision_rule": decision_rule,
        "phases": list(phases),
        "private": private,
        "dots_per_member": dots_per_member,
        "gradient_threshold": gradient_threshold,
    }
    if nonce is not None:
        body["nonce"] = nonce
    if admission is not None:
        body["admission"] = admission
    return body


def admit_body(member: str, name: str, role: str = "member") -> dict[str, Any]:
    body = {"member": member, "name": name}
    if role != "member":
        body["role"] = role
    return body


def confirm_body(member: str, admission: str | None = None) -> dict[str, Any]:
    """``admission``: the ``member.admit`` it confirms, so the confirmation stays with it
    whatever admission of the same key is back-dated before it (``admission._confirm``)."""
    body = {"member": member}
    if admission is not None:
        body["admission"] = admission
    return body


def name_body(name: str) -> dict[str, Any]:
    return {"name": name}


def text_body(text: str) -> dict[str, Any]:
    """For ``knot.add`` and ``criterion.add``."""
    return {"text": text}


def link_body(source: str, target: str, relation: str = "relates_to") -> dict[str, Any]:
    return {"source": source, "target": target, "relation": relation}


def cluster_body(label: str, knots: Iterable[str]) -> dict[str, Any]:
    return {"label": label, "knots": list(knots)}


def matter_body(knot: str, matters: bool = True) -> dict[str, Any]:
    return {"knot": knot, "matters": matters}


def position_body(knot: str, text: str) -> dict[str, Any]:
    return {"knot": knot, "text": text}


def argument_body(position: str, stance: str, text: str) -> dict[str, Any]:
    return {"position": position, "stance": stance, "text": text}


def note_body(target: str | None, note_type: str, text: str) -> dict[str, Any]:
    return {"target": target, "type": note_type, "text": text}


def weights_body(weights: Mapping[str, int]) -> dict[str, Any]:
    return {"weights": dict(weights)}


def option_body(text: str, builds_on: Iterable[str] = ()) -> dict[str, Any]:
    return {"text": text, "builds_on": list(builds_on)}


def scores_body(scores: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    return {"scores": {option: dict(row) for option, row in scores.items()}}


#: Room in a record for a score sheet's body: the limit less the record's own fields.
SHEET_BUDGET = 60 * 1024


def scores_bodies(
    scores: Mapping[str, Mapping[str, int]], budget: int | None = None
) -> list[dict[str, Any]]:
    """A whole score sheet as ``score.set`` bodies that each fit a record: the sheet itself when
    it fits, else a first sheet that replaces the old one and parts (``part``) that add rows."""
    budget = SHEET_BUDGET if budget is None else budget
    whole = scores_body(scores)
    if len(canonical_bytes(whole)) <= budget:
        return [whole]
    bodies: list[dict[str, Any]] = []
    rows: dict[str, Mapping[str, int]] = {}
    empty = len(canonical_bytes({"part": True, "scores": {}}))
    size = empty
    for option, row in scores.items():
        grows = len(canonical_bytes({option: row}))  # its row's bytes, and a comma at most
        if rows and size + grows > budget:
            bodies.append(scores_body(rows))
            rows, size = {}, empty
        rows[option] = row
        size += grows
    bodies.append(scores_body(rows))
    for body in bodies[1:]:
        body["part"] = True
    return bodies


def ranking_body(ranking: Iterable[str | Iterable[str]]) -> dict[str, Any]:
    """A ranked ballot; an inner list is a group of options ranked equal."""
    tiers = [[entry] if isinstance(entry, str) else list(entry) for entry in ranking]
    return {"ranking": tiers}


def grades_body(grades: Mapping[str, int]) -> dict[str, Any]:
    return {"grades": dict(grades)}


def dots_body(dots: Mapping[str, int]) -> dict[str, Any]:
    return {"dots": dict(dots)}


def consent_body(option: str, response: str, reason: str = "") -> dict[str, Any]:
    return {"option": option, "response": response, "reason": reason}


def gradient_body(option: str, level: int, reason: str = "") -> dict[str, Any]:
    return {"option": option, "level": level, "reason": reason}


def propose_body(to: str, reason: str = "") -> dict[str, Any]:
    return {"to": to, "reason": reason}


def respond_body(proposal: str, response: str, reason: str = "") -> dict[str, Any]:
    return {"proposal": proposal, "response": response, "reason": reason}


def move_body(to: str, proposal: str | None = None) -> dict[str, Any]:
    return {"to": to, "proposal": proposal}


def handover_body(to: str) -> dict[str, Any]:
    return {"to": to}


def claim_body(replaces: str) -> dict[str, Any]:
    """Ask to take over the facilitation from ``replaces`` (``takeover.py``)."""
    return {"replaces": replaces}


def second_body(claim: str) -> dict[str, Any]:
    """Second the request ``claim`` to take over the facilitation."""
    return {"claim": claim}


def meeting_end_body(next_: str = "") -> dict[str, Any]:
    """End the current meeting; ``next_`` says what comes next (for the newsletter)."""
    return {"next": next_} if next_.strip() else {}


def meeting_start_body() -> dict[str, Any]:
    return {}


def close_body(kind: str) -> dict[str, Any]:
    return {"kind": kind}


def evaluation_body(aspect: str, text: str, decision: str | None = None) -> dict[str, Any]:
    return {"aspect": aspect, "text": text, "decision": decision}


def fact_body(
    title: str, text: str, link: str | None = None, sha256: str | None = None
) -> dict[str, Any]:
    """For ``fact.add``: the optional link and file hash only when given."""
    body: dict[str, Any] = {"title": title, "text": text}
    if link:
        body["link"] = link
    if sha256:
        body["sha256"] = sha256
    return body


def fact_question_body(fact: str, reason: str) -> dict[str, Any]:
    return {"fact": fact, "reason": reason}


def with_cites(body: dict[str, Any], cites: Iterable[str]) -> dict[str, Any]:
    """A knot/position/argument/option body citing shared facts (unchanged when none)."""
    cites = list(cites)
    return {**body, "cites": cites} if cites else body


def action_body(
    text: str,
    decision: str | None = None,
    group: str | None = None,
    due: str | None = None,
    internal: bool = False,
) -> dict[str, Any]:
    """An action: what, and the decision it serves or the group it reaches out to."""
    body: dict[str, Any] = {"text": text}
    if decision is not None:
        body["decision"] = decision
    if group is not None:
        body["group"] = group
    if due:
        body["due"] = due
    if internal:
        body["internal"] = True
    return body


def pull_body(action: str) -> dict[str, Any]:
    """Volunteer to pull an action (for ``action.pull`` and ``action.release``)."""
    return {"action": action}


def action_update_body(action: str, status: str, note: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {"action": action, "status": status}
    if note:
        body["note"] = note
    return body


def group_body(name: str) -> dict[str, Any]:
    return {"name": name}


def group_mark_body(group: str, status: str) -> dict[str, Any]:
    return {"group": group, "status": status}


def group_rename_body(group: str, name: str) -> dict[str, Any]:
    return {"group": group, "name": name}


def due_body(action: str, due: str | None) -> dict[str, Any]:
    """Set an action's due date (YYYY-MM-DD); None takes it away."""
    body: dict[str, Any] = {"action": action}
    if due:
        body["due"] = due
    return body


def edit_body(target: str, text: str) -> dict[str, Any]:
    return {"target": target, "text": text}


def retract_body(target: str, reason: str = "") -> dict[str, Any]:
    return {"target": target, "reason": reason}


# Meeting tools: scribes, the speaking queue, the timer and rounds (``beraad.core.meeting``) --

#: The longest phase timer (a whole day), in seconds.
MAX_TIMER_SECONDS = 86_400


def clean_speaker(name: str) -> str:
    """A spoken-for person's name as shown: whitespace collapsed, as the scribe typed it."""
    return " ".join(name.split())


def speaker_key(name: str | None) -> str | None:
    """Two scribes who type "amina" and "Amina " mean the same person: compare names folded."""
    return None if name is None else clean_speaker(name).casefold()


def _voice(member: str | None, speaker: str | None) -> dict[str, Any]:
    voice: dict[str, Any] = {"member": member}
    if speaker is not None:
        voice["speaker"] = speaker
    return voice


def spoken_for(body: Mapping[str, Any], speaker: str | None) -> dict[str, Any]:
    """Scribe mode: ``body`` written by the scribe for ``speaker``, someone without a device."""
    return dict(body) if speaker is None else {**body, "speaker": speaker}


def hand_raise_body(speaker: str | None = None) -> dict[str, Any]:
    """Raise our hand (or, as scribe, the hand of ``speaker``)."""
    return {} if speaker is None else {"speaker": speaker}


def hand_lower_body(member: str | None = None, speaker: str | None = None) -> dict[str, Any]:
    """Lower a hand: our own by default; the facilitator may name someone else's."""
    body: dict[str, Any] = {}
    if member is not None:
        body["member"] = member
    if speaker is not None:
        body["speaker"] = speaker
    return body


def floor_body(member: str | None, speaker: str | None = None) -> dict[str, Any]:
    """Give the word to a member (or a person a member speaks for); ``None`` closes the floor."""
    return _voice(member, speaker)


def timer_body(seconds: int, label: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"seconds": seconds}
    if label:
        body["label"] = label
    return body


def round_body(
    order: Iterable[str | tuple[str, str | None]], topic: str | None = None
) -> dict[str, Any]:
    """A round in this order; an entry is a member key or (scribe key, spoken-for name)."""
    voices = [_voice(v, None) if isinstance(v, str) else _voice(*v) for v in order]
    body: dict[str, Any] = {"order": voices}
    if topic:
        body["topic"] = topic
    return body
