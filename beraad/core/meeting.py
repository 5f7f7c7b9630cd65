"""Tools for a real meeting: the speaking queue, the floor, a shared timer and rounds.

A room with one projector, some laptops and people without a device needs more than the
deliberation's phases: who wants to speak (``hand.raise``), who has the word (``floor.give``), how
long this phase still has (``timer.start``), and rounds in which everyone gets a turn
(``round.start``). The rules follow the process rule: under "facilitator" the facilitator keeps
order; under "consent" nobody does — the queue decides who speaks next, and any member may move
it on. Each handler checks everything before it changes the state (the reducer's contract).

A *voice* is a member, or a person a member speaks for as scribe (``speaker``; see
``kinds.py``). Voices compare by member key and the speaker's name folded (``speaker_key``).
"""

from __future__ import annotations

from collections.abc import Callable

from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse, short
from beraad.core.session import clean_speaker, speaker_key
from beraad.core.state import Floor, Hand, Round, RoundTurn, SessionState, Timer, Voice

__all__ = [
    "MEETING_HANDLERS",
    "has_word",
    "queue_position",
    "round_order",
    "same_voice",
    "take_turn",
]


def same_voice(
    member: str, speaker: str | None, other_member: str, other_speaker: str | None
) -> bool:
    return member == other_member and speaker_key(speaker) == speaker_key(other_speaker)


def _clean(speaker: str | None) -> str | None:
    return None if speaker is None else clean_speaker(speaker)


def _facilitating(state: SessionState, member: str) -> bool:
    """Keeps order for the group: only under process rule "facilitator"."""
    info = state.info
    return info is not None and info.process_rule == "facilitator" and member == state.facilitator


def queue_position(state: SessionState, member: str, speaker: str | None = None) -> int | None:
    """Where this voice's raised hand stands in the queue (0 is next), or None."""
    for index, hand in enumerate(state.queue):
        if same_voice(hand.member, hand.speaker, member, speaker):
            return index
    return None


def has_word(state: SessionState, member: str, speaker: str | None = None) -> bool:
    floor = state.floor
    return floor is not None and same_voice(floor.member, floor.speaker, member, speaker)


def round_order(state: SessionState) -> list[str]:
    """A fair default order for a round: participants by name (then key), so nobody chose it.
    Observers (a projector) have no turn: they do not take part."""
    return sorted(state.participants(), key=lambda key: (state.name(key).casefold(), key))


# Handlers (called by the deliberation reducer) ---------------------------------------------


#: Hands one member may have raised at once: their own and those of the people they speak
#: for as scribe (one laptop for a whole low-tech room). More is no meeting, and each raise is
#: checked against the queue: 4,000 hands by one member froze a peer for 23 s (attacker pass).
MAX_HANDS_PER_MEMBER = 40
#: Raised hands in the queue at once, everyone's together.
MAX_QUEUE = 400


def _raise(state: SessionState, record: Record) -> None:
    speaker = _clean(record.body.get("speaker"))
    member = state.members.get(record.author)
    if speaker is not None and member is not None and member.pending:
        # Unconfirmed keys (ten puppets one member admitted) filled the whole queue with hands
        # for made-up people, and nobody else could raise one (attacker pass 2).
        refuse(N_("someone who waits for confirmation raises only their own hand"))
    if len(state.queue) >= MAX_QUEUE:
        refuse(N_("{count} hands are already raised; wait until some have spoken"), count=MAX_QUEUE)
    if sum(1 for hand in state.queue if hand.member == record.author) >= MAX_HANDS_PER_MEMBER:
        refuse(
            N_("{name} already has {count} hands raised (their own and those they speak for)"),
            name=state.name(record.author),
            count=MAX_HANDS_PER_MEMBER,
        )
    if has_word(state, record.author, speaker):
        refuse(N_("{name} already has the word"), name=state.voice_name(record.author, speaker))
    if queue_position(state, record.author, speaker) is not None:
        refuse(
            N_("the hand of {name} is already raised"),
            name=state.voice_name(record.author, speaker),
        )
    state.queue.append(
        Hand(
            record=record.id,
            member=record.author,
            speaker=speaker,
            lamport=record.lamport,
            at=record.at,
        )
    )


def _lower(state: SessionState, record: Record) -> None:
    member = record.body.get("member", record.author)
    speaker = record.body.get("speaker")
    if member != record.author and not _facilitating(state, record.author):
        refuse(N_("only the facilitator can lower someone else's hand"))
    index = queue_position(state, member, speaker)
    if index is None:
        refuse(N_("the hand of {name} is not raised"), name=state.voice_name(member, speaker))
    del state.queue[index]


def _give(state: SessionState, record: Record) -> None:
    member, speaker = record.body["member"], _clean(record.body.get("speaker"))
    if member is None:
        if speaker is not None:
            refuse(N_("a spoken-for person needs the member who speaks for them"))
        floor = state.floor
        if floor is None:
            refuse(N_("nobody has the word"))
        if record.author != floor.member and not _facilitating(state, record.author):
            refuse(N_("only whoever has the word, or the facilitator, can close it"))
        state.floor = None
        return
    if member not in state.members:
        refuse(N_("{member} is not a member"), member=short(member))
    if has_word(state, member, speaker):
        refuse(N_("{name} already has the word"), name=state.voice_name(member, speaker))
    index = queue_position(state, member, speaker)
    assert state.info is not None
    if state.info.process_rule == "facilitator":
        if record.author != state.facilitator:
            refuse(N_("only the facilitator gives the word"))
    elif not state.queue:
        refuse(N_("nobody has raised a hand"))
    elif index != 0:
        refuse(
            N_("under the consent rule the word goes to the first raised hand: {name}"),
            name=state.voice_name(state.queue[0].member, state.queue[0].speaker),
        )
    if index is not None:
        del state.queue[index]
    state.floor = Floor(
        record=record.id,
        member=member,
        speaker=speaker,
        given_by=record.author,
        lamport=record.lamport,
        at=record.at,
    )


def _timer_start(state: SessionState, record: Record) -> None:
    assert state.phase is not None
    state.timer = Timer(
        record=record.id,
        by=record.author,
        seconds=record.body["seconds"],
        label=record.body.get("label", ""),
        phase=state.phase,
        lamport=record.lamport,
        at=record.at,
    )


def _timer_stop(state: SessionState, record: Record) -> None:
    if state.timer is None:
        refuse(N_("there is no timer to stop"))
    state.timer = None


def _round_start(state: SessionState, record: Record) -> None:
    current = state.round
    if current is not None and not current.complete:
        refuse(N_("a round is still going; end it first"))
    order = [
        Voice(member=entry["member"], speaker=_clean(entry.get("speaker")))
        for entry in record.body["order"]
    ]
    for voice in order:
        if voice.member not in state.members:
            refuse(N_("{member} is not a member"), member=short(voice.member))
        if not state.members[voice.member].counts:
            refuse(N_("{name} has no turn in a round"), name=state.name(voice.member))
    assert state.phase is not None
    if current is not None:  # a finished round makes way for the next one
        current.ended = record.id
        state.rounds.append(current)
    state.round = Round(
        record=record.id,
        by=record.author,
        topic=record.body.get("topic", ""),
        phase=state.phase,
        order=order,
    )


def _round_pass(state: SessionState, record: Record) -> None:
    current = state.round
    if current is None:
        refuse(N_("no round is going"))
    turn = current.turn
    if turn is None:
        refuse(N_("everyone has had their turn in this round"))
    if record.author != turn.member and not _facilitating(state, record.author):
        refuse(N_("it is the turn of {name}"), name=state.voice_name(turn.member, turn.speaker))
    current.turns.append(RoundTurn(voice=turn, record=record.id, passed=True))


def _round_end(state: SessionState, record: Record) -> None:
    current = state.round
    if current is None:
        refuse(N_("no round is going"))
    current.ended = record.id
    state.rounds.append(current)
    state.round = None


def take_turn(state: SessionState, record: Record) -> None:
    """A text contribution by the voice whose turn it is takes that turn (after it was folded)."""
    current = state.round
    turn = current.turn if current is not None else None
    if current is None or turn is None:
        return
    if same_voice(turn.member, turn.speaker, record.author, record.body.get("speaker")):
        current.turns.append(RoundTurn(voice=turn, record=record.id, passed=False))


MEETING_HANDLERS: dict[str, Callable[[SessionState, Record], None]] = {
    "hand.raise": _raise,
    "hand.lower": _lower,
    "floor.give": _give,
    "timer.start": _timer_start,
    "timer.stop": _timer_stop,
    "round.start": _round_start,
    "round.pass": _round_pass,
    "round.end": _round_end,
}
