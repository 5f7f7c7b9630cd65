"""Who facilitates, in words, and what this person may do about it (``core/takeover.py``).

The facilitator hands the role over; anyone else asks to take it over, or seconds another's
request. Read off the folded state, so the words, the offers and the palette follow every
change on every peer. Used by the facilitation dialog (F7's Ctrl+F, the palette), the F6
dialog's line when only the facilitator moves the group, the notices of the session screen
and "while you were away".
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from beraad.core import session as bodies
from beraad.core.record import Record
from beraad.core.state import Claim, Handover, SessionState
from beraad.core.takeover import open_claims, seconders
from beraad.i18n import N_, _, ngettext
from beraad.ui.widgets.phase_bar import phase_label

#: Other words a person looks for the facilitation by in the palette (naive s13 N14:
#: "begeleider", "facilitator", "hand over" found nothing).
WORDS = N_("facilitator facilitation hand over take over second role lead chair moderator")
#: More changes of facilitator than this since the last drawing are said as one count.
MANY = 3


@dataclass(frozen=True, slots=True)
class Offer:
    """One thing this person may do about the facilitation: the record, and the question."""

    kind: str
    label: str
    body: dict[str, Any] = field(hash=False)
    question: str
    go_on: str


def at(ms: int) -> str:
    """A record's time as this device's clock shows it (hours and minutes)."""
    return time.strftime("%H:%M", time.localtime(ms / 1000))


def _named(state: SessionState, key: str | None, me: str) -> str:
    """A member's name, "(you)" after one's own (Dutch needs "jij" and "jou" apart)."""
    if key is None:
        return "?"
    name = state.name(key)
    return f"{name} {_('(you)')}" if key == me else name


def offers(state: SessionState, me: str, here: Collection[str] | None = None) -> list[Offer]:
    """What this person may do now: the facilitator hands over (to each member who takes
    part); anyone else who takes part seconds another's open request, or asks to take over.
    ``here``: who is connected now (None: not known), for the words of a take-over of a
    facilitator who is here."""
    member = state.members.get(me)
    facilitator = state.facilitator
    if state.info is None or member is None or not member.counts or facilitator is None:
        return []
    if me == facilitator:
        asking = {c.by for c in open_claims(state)}
        found = []
        for key, other in state.members.items():
            if key == me or not other.counts:
                continue
            name = state.name(key)
            label = _("Hand the facilitation to {name}").format(name=name)
            if key in asking:
                label += " " + _("(asked to take over)")
            question = _(
                "Hand the facilitation to {name}? From then on {name} moves the group; "
                "you no longer do (until it is handed back)."
            ).format(name=name)
            found.append(
                Offer(
                    "facilitator.handover",
                    label,
                    bodies.handover_body(key),
                    question,
                    _("Hand over"),
                )
            )
        return found
    found = []
    old = state.name(facilitator)
    for claim in open_claims(state):
        if claim.by == me:
            continue
        name = state.name(claim.by)
        label = _("Second {name} taking over the facilitation").format(name=name)
        question = _(
            "{name} asks to take over the facilitation from {old}. Second it? {name} then "
            "moves the group in {old}'s place."
        ).format(name=name, old=old)
        found.append(
            Offer("facilitator.second", label, bodies.second_body(claim.id), question, _("Second"))
        )
    if not any(c.by == me for c in open_claims(state)):
        label = _("Take over the facilitation from {old}").format(old=old)
        if seconders(state, me):
            question = _(
                "Ask to take over the facilitation from {old}? It counts once another member "
                "seconds it on their screen (Ctrl+P there)."
            )
        elif here is not None and facilitator in here:
            # Nobody to second it, and she is right here: taking over is for a facilitator
            # who is gone; "sees it when back" was said of someone present (naive s18 N12).
            label += " " + _("(here now)")
            question = _(
                "{old} is here now: ask {old} to hand it to you instead (Ctrl+P → “Hand over "
                "facilitation” on {old}'s screen). Take it over anyway? Nobody else takes "
                "part to second it, so it counts at once, and {old} no longer moves the group."
            )
        else:
            question = _(
                "Take over the facilitation from {old}? Nobody else takes part to second it, "
                "so it counts at once; {old} sees it when back."
            )
        found.append(
            Offer(
                "facilitator.claim",
                label,
                bodies.claim_body(facilitator),
                question.format(old=old),
                _("Take over"),
            )
        )
    return found


def palette_title(state: SessionState, me: str) -> str | None:
    """The palette's command for the facilitation (the F6 line names it), or None when there
    is nothing to do."""
    if not offers(state, me):
        return None
    if me == state.facilitator:
        return _("Hand over facilitation")
    asking = [c for c in open_claims(state) if c.by != me]
    if asking:
        return _("Second {name} taking over facilitation").format(name=state.name(asking[0].by))
    return _("Take over facilitation")


def status(state: SessionState, me: str, here: Collection[str] | None = None) -> str:
    """Who facilitates (away or not) and the requests open: one line for F7 and the dialog."""
    facilitator = state.facilitator
    if facilitator is None:
        return ""
    if facilitator == me:
        line = _("You facilitate.")
    elif here is not None and facilitator not in here:
        line = _("{name} facilitates (away).").format(name=state.name(facilitator))
    else:
        line = _("{name} facilitates.").format(name=state.name(facilitator))
    for claim in open_claims(state):
        line += " " + claim_said(state, claim, me)
    return line


def claim_said(state: SessionState, claim: Claim, me: str) -> str:
    """An open request to take over, said to this person."""
    if claim.by == me:
        return _("You asked to take over ({time}): another member seconds it.").format(
            time=at(claim.at)
        )
    if claim.replaces == me:  # naive s16 N9: her dialog offered only to hand it over
        return _(
            "{name} asks to take over ({time}); anything you write says you are back and "
            "ends the request."
        ).format(name=state.name(claim.by), time=at(claim.at))
    return _("{name} asks to take over ({time}).").format(
        name=state.name(claim.by), time=at(claim.at)
    )


def stuck(state: SessionState, me: str, here: Collection[str] | None = None) -> str:
    """What the group can do when only the facilitator moves it and this is not her: F6's
    line (naive s13 N14 said only "Only the facilitator, Anja, moves the group on.")."""
    facilitator = state.facilitator
    member = state.members.get(me)
    if facilitator is None or member is None or not member.counts:
        return ""
    name = state.name(facilitator)
    mine = [c for c in open_claims(state) if c.by == me]
    others = [c for c in open_claims(state) if c.by != me]
    if others:
        return _("{name} asks to take over the facilitation: Ctrl+P → “{command}”.").format(
            name=state.name(others[0].by), command=palette_title(state, me)
        )
    if mine:
        return _(
            "You asked to take over the facilitation: it counts once another member seconds "
            "it (Ctrl+P on their screen)."
        )
    if here is not None and facilitator not in here:
        return _(
            "{name} is away: Ctrl+P → “Take over facilitation”; a second member confirms."
        ).format(name=name)
    return _(
        "If {name} cannot go on: Ctrl+P → “Take over facilitation”; a second member confirms."
    ).format(name=name)


def change_said(state: SessionState, handover: Handover, me: str) -> str:
    """One line: who handed the role to whom, or who took it over and who seconded it."""
    old, new = _named(state, handover.by, me), _named(state, handover.to, me)
    if handover.claim is None:
        return _("{old} handed the facilitation to {new}.").format(old=old, new=new)
    if handover.seconded_by is None:
        return _(
            "{new} took over the facilitation from {old} at {time} (nobody else took part)."
        ).format(new=new, old=old, time=at(handover.at))
    return _("{new} took over the facilitation from {old} at {time}, seconded by {second}.").format(
        new=new, old=old, time=at(handover.at), second=_named(state, handover.seconded_by, me)
    )


def changes_said(state: SessionState, handovers: list[Handover], me: str) -> list[str]:
    """The changes since the last drawing: each on its line, or, past ``MANY`` (a take-over
    ping-pong), one line with the count and who facilitates now (attack s16 #5)."""
    if len(handovers) <= MANY:
        return [change_said(state, handover, me) for handover in handovers]
    now = _named(state, state.facilitator, me)
    return [
        ngettext(
            "The facilitation changed hands {n} time; now {name} facilitates.",
            "The facilitation changed hands {n} times; now {name} facilitates.",
            len(handovers),
        ).format(n=len(handovers), name=now)
    ]


#: What only the facilitator does: such records of hers sorting after a take-over of her,
#: written before it reached her, count for nothing (``set_aside_said``).
AS_FACILITATOR = frozenset(("phase.move", "meeting.end", "meeting.start", "facilitator.handover"))


def set_aside_said(
    state: SessionState,
    records: Sequence[Record],
    rejected: Collection[str],
    handover: Handover,
    me: str,
) -> str:
    """One line when a take-over of this person sets aside what she did as facilitator
    before it reached her (naive s18 N7: Bart's clock ran ahead, his request waited on her
    device, she moved the group, and when it came her move was undone without a word; "took
    over … at 23:12", on his clock, read as after her move at 23:10). Empty otherwise."""
    if handover.by != me or handover.claim is None:
        return ""
    place = next((r.order_key for r in records if r.id == handover.record), None)
    if place is None:
        return ""
    undone = [
        r
        for r in records
        if r.author == me and r.kind in AS_FACILITATOR and r.id in rejected and r.order_key > place
    ]
    name = state.name(handover.to)
    if len(undone) == 1 and undone[0].kind == "phase.move":
        return _(
            "Your move to {phase} did not count: {name} had already taken over the "
            "facilitation before it."
        ).format(phase=phase_label(str(undone[0].body.get("to", ""))), name=name)
    if not undone:
        return ""
    return ngettext(
        "{n} step of yours as facilitator did not count: {name} had already taken over the "
        "facilitation before it.",
        "{n} steps of yours as facilitator did not count: {name} had already taken over the "
        "facilitation before them.",
        len(undone),
    ).format(n=len(undone), name=name)


def unseen_news(state: SessionState, claim: Claim, me: str) -> str:
    """A request to take over that never counts: the facilitator it named wrote after it
    without having seen it (``takeover.py``; a request dated back, or she was cut off)."""
    return _(
        "{name} asked at {time} to take over the facilitation from {old}, but {old} wrote "
        "after it without having seen it, so was not away: it does not count."
    ).format(
        name=_named(state, claim.by, me), old=_named(state, claim.replaces, me), time=at(claim.at)
    )


def lapsed_news(state: SessionState, claim: Claim, me: str) -> str:
    """A request that waited lapsed because the facilitator it named wrote after it."""
    return _(
        "{old} is back, so the request by {name} to take over the facilitation lapsed."
    ).format(old=_named(state, claim.replaces, me), name=_named(state, claim.by, me))


def own_claim_news(state: SessionState, claim: Claim) -> str:
    """One's own request, said once to its author: it waits for another member."""
    return _(
        "Your request to take over the facilitation from {old} waits: it counts once another "
        "member seconds it."
    ).format(old=state.name(claim.replaces))


def claim_news(state: SessionState, claim: Claim, me: str) -> str:
    """A request to take over that just came, said to someone who can act on it."""
    name = state.name(claim.by)
    if me == state.facilitator:
        return _(
            "{name} asks to take over the facilitation from you. Back? Anything you write "
            "ends the request. Ctrl+P → “Hand over facilitation” hands it to {name}; a second "
            "member can make it count too."
        ).format(name=name)
    return _(
        "{name} asks to take over the facilitation from {old}: Ctrl+P → “{command}” makes "
        "{name} the facilitator."
    ).format(name=name, old=state.name(claim.replaces), command=palette_title(state, me))
