"""What each record kind is called where a person reads it: never ``round.start``.

The core refuses with templates that name a record kind (``only the facilitator may write
{kind}``); those templates are part of the state hash and stay as they are. Where a refusal is
shown, ``kind_name`` puts the act into words, and a few templates get a wording that reads well
around those words (``WORDED``).
"""

from __future__ import annotations

from beraad.core.session import PHASE_LABELS
from beraad.i18n import N_, _, current_language, translate
from beraad.readable import readable

KIND_NAMES: dict[str, str] = {
    "session.open": N_("opening the session"),
    "member.admit": N_("admitting a member"),
    "member.confirm": N_("confirming an admission"),
    "member.name": N_("giving your name"),
    "member.observe": N_("watching as an observer"),
    "facilitator.handover": N_("handing over the facilitation"),
    "facilitator.claim": N_("asking to take over the facilitation"),
    "facilitator.second": N_("seconding a take-over of the facilitation"),
    "phase.propose": N_("proposing a move of the group"),
    "phase.respond": N_("answering a proposed move"),
    "phase.move": N_("moving the group"),
    "knot.add": N_("adding a knot"),
    "knot.link": N_("linking knots"),
    "knot.cluster": N_("clustering knots"),
    "knot.matter": N_("marking what matters to you"),
    "position.add": N_("adding a position"),
    "argument.add": N_("adding an argument"),
    "note.add": N_("adding an experience or knowledge"),
    "criterion.add": N_("adding a criterion"),
    "weight.set": N_("weighting the criteria"),
    "option.add": N_("adding an option"),
    "score.set": N_("scoring the options"),
    "ballot.rank": N_("ranking the options"),
    "ballot.grade": N_("grading the options"),
    "dots.place": N_("placing dots"),
    "consent.respond": N_("answering for consent"),
    "gradient.respond": N_("giving your level of agreement"),
    "vote.commit": N_("a sealed vote"),
    "vote.close": N_("closing the voting"),
    "vote.reopen": N_("opening a new round of voting"),
    "vote.reveal": N_("revealing your vote"),
    "vote.reveal_end": N_("ending the wait for sealed votes"),
    "decision.take": N_("taking the decision"),
    "evaluation.add": N_("adding to the evaluation"),
    "edit": N_("editing"),
    "retract": N_("taking back"),
    "hand.raise": N_("raising a hand"),
    "hand.lower": N_("lowering a hand"),
    "floor.give": N_("giving the word"),
    "timer.start": N_("starting the timer"),
    "timer.stop": N_("stopping the timer"),
    "round.start": N_("starting a round"),
    "round.pass": N_("passing your turn"),
    "round.end": N_("ending the round"),
    "action.add": N_("adding an action"),
    "action.pull": N_("pulling an action"),
    "action.release": N_("stepping back from an action"),
    "action.update": N_("saying how an action goes"),
    "group.add": N_("adding a group to the table map"),
    "group.mark": N_("marking who is at the table"),
    "group.rename": N_("renaming a group on the table map"),
    "action.due": N_("setting an action's due date"),
    "fact.add": N_("adding a shared fact"),
    "fact.question": N_("questioning a fact"),
    "cafe.setup": N_("setting up a world café"),
    "cafe.round": N_("starting a café round"),
    "cafe.end": N_("ending a café round"),
    "meeting.end": N_("ending the meeting"),
    "meeting.start": N_("opening the next meeting"),
}

#: What a text item is (the café's harvest names each so), in words (never a record kind).
ITEM_WORDS: dict[str, str] = {
    "knot.add": N_("knot"),
    "knot.cluster": N_("cluster"),
    "position.add": N_("position"),
    "argument.add": N_("argument"),
    "note.add": N_("experience or knowledge"),
    "criterion.add": N_("criterion"),
    "option.add": N_("option"),
    "evaluation.add": N_("evaluation"),
    "action.add": N_("action"),
}

#: Core templates that name a kind, and how they read with the act in words.
WORDED: dict[str, str] = {
    "only the facilitator may write {kind}": N_("only the facilitator may do that ({kind})"),
    "{kind} is not possible in phase {phase}": N_(
        "the group is in {phase} now, and {kind} is not possible there"
    ),
    "an observer only watches; {kind} is for members who take part": N_(
        "an observer only watches; {kind} is for members who take part"
    ),
    "voting with {kind} is closed": N_("voting had already closed, so this vote was not counted"),
    "voting with {kind} had closed before its author wrote this": N_(
        "its voter had already seen voting close, so this vote came in after the close "
        "and was not counted"
    ),
    "a guest adds evaluation notes only; {kind} is for members": N_(
        "a guest adds evaluation notes only; {kind} is for members"
    ),
    "your admission waits for confirmation; until then {kind} is not possible": N_(
        "your admission waits for confirmation; until then {kind} is not possible"
    ),
    "unknown record kind {kind}": N_("this version of beraad does not know this kind of record"),
    "a sealed {kind} names its option": N_("a sealed vote must name its option ({kind})"),
    "a sealed {kind} names no option": N_("this sealed vote names no option ({kind})"),
    "the body of {kind} must be a table": N_("this record is damaged ({kind})"),
    "{kind} has unknown fields: {fields}": N_("unknown fields in {kind}: {fields}"),
    "{kind} needs {field}": N_("{field} is missing ({kind})"),
}


#: Where one template reads well only for some kinds: (template, kind) → its wording.
WORDED_FOR: dict[tuple[str, str], str] = {
    ("voting with {kind} is closed", "vote.close"): N_("voting is already closed"),
}


#: The fields a person types, in words: "name is longer than 60 characters" named the record's
#: field; a person reads "the name is longer than 60 characters".
FIELD_WORDS: dict[str, str] = {
    "name": N_("the name"),
    "text": N_("the text"),
    "title": N_("the title"),
    "focus": N_("the focus question"),
    "note": N_("the note"),
    "reason": N_("the reason"),
    "speaker": N_("the name of who speaks"),
}


#: The items a core template names as ``{what}`` ("no such {what}: …"), in words: the Dutch
#: verify output read "knot niet gevonden" (naive s12 P8).
WHAT_WORDS: dict[str, str] = {
    "knot": N_("knot"),
    "position": N_("position"),
    "criterion": N_("criterion"),
    "option": N_("option"),
}


def kind_name(kind: str, language: str | None = None) -> str:
    """``round.start`` → "starting a round", in the person's language (or ``language``)."""
    return translate(KIND_NAMES.get(kind, N_("this")), language or current_language())


#: What others did, where it reads otherwise than the act the person is refused: a newcomer's
#: name in "Also: …" read "giving your name (1)", as if it were the reader's to give.
OTHERS_DID: dict[str, str] = {"member.name": N_("giving their name")}


def others_did(kind: str) -> str:
    """What others did by a record of ``kind``, for the lists of what came meanwhile."""
    return _(OTHERS_DID[kind]) if kind in OTHERS_DID else kind_name(kind)


def worded(template: str, params: dict[str, object], language: str | None = None) -> str:
    """A core template in the person's language (or ``language``: the minutes have their
    own), with any record kind put into words. Every text parameter is a record's value (a
    field name a member made up, a name): ``readable``, so that no escape, line break or bidi
    override reaches a terminal, a log or the minutes through a refusal."""
    language = language or current_language()
    params = {k: readable(v) if isinstance(v, str) else v for k, v in params.items()}
    if "kind" in params and isinstance(params["kind"], str):
        kind = params["kind"]
        params = {**params, "kind": kind_name(kind, language)}
        template = WORDED_FOR.get((template, kind)) or WORDED.get(template, template)
    field = params.get("field")
    if isinstance(field, str) and field in FIELD_WORDS:
        params = {**params, "field": translate(FIELD_WORDS[field], language)}
    what = params.get("what")
    if isinstance(what, str) and what in WHAT_WORDS:  # "no such {what}": knot, not "knot"
        params = {**params, "what": translate(WHAT_WORDS[what], language)}
    phase = params.get("phase")
    if isinstance(phase, str) and phase in PHASE_LABELS:
        params = {**params, "phase": translate(PHASE_LABELS[phase], language)}
    return translate(template, language).format(**params)


def reason_text(reason: str, language: str | None = None) -> str:
    """Why the rules refused a record, as the fold keeps it (``core/messages.Reason``), in the
    reader's language; a reason kept as plain English (no template) shows as it is, made
    ``readable`` (it may quote a field name from the record)."""
    template = getattr(reason, "template", None)
    if not isinstance(template, str):
        return readable(str(reason))
    return worded(template, dict(getattr(reason, "params", {})), language)
