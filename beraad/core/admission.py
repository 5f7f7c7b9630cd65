"""Who may admit whom, and who counts: no sock puppets, and guests who only evaluate.

A join code proves a person was in the room when it was read out; it does not prove the group
wants them to count. So in a session opened with ``admission: "confirmed"`` (every session this
version opens) a ``member.admit`` by the facilitator counts at once, and one by any other member
leaves the new member *pending* until a ``member.confirm``: under process rule "facilitator" by
the facilitator, under "consent" by a member who counts and is neither the admitter nor the
admitted. (Under "consent" the facilitator's own admissions count at once too: otherwise the
second person of a session could never be confirmed by anyone.) One member with twenty keys
thus adds twenty pending voices, which count nowhere until someone else vouches for each.

A pending member is in the room: they read, write text contributions, raise a hand. They do not
vote, seal or reveal, answer a phase proposal, mark what matters, weight criteria, admit or
confirm others, steward anything, or appear in a quorum, the balance or a round's order.

A guest (``role: "guest"``) is invited to evaluate: they read everything and write only
evaluation notes, their name, and edits or retractions of their own notes; they count nowhere,
and their notes are marked as a guest's wherever they are shown.

The facilitator's ``member.admit`` of someone another member's admission left pending counts as
their confirmation, not as "already a member": a member who back-dates an admission of someone
the facilitator admitted (slotting it before the facilitator's) cannot make them pending.

Sessions opened before this rule (no ``admission`` field) keep it as it was: every member
a member who takes part admits there counts, and guests do not exist in them. Only an observer's
admission waits there too: a keeper that opens codes (``--invite``) watches, and a device that
only watches must not let people in who count before anyone in the room vouched for them.

Waiting members never take a place the facilitator needs: the session's cap counts members who
do not wait (``MAX_MEMBERS``), and admissions that would wait are refused once the session holds
that many of any kind. Five members admitting a hundred made-up keys each thus fill the waiting
room, not the session: the facilitator still admits the real room (and confirms nobody past
the cap), whatever sits pending. At most twice ``MAX_MEMBERS`` members, so lists stay bounded.
"""

from __future__ import annotations

from beraad.core.kinds import TEXT_ITEMS
from beraad.core.messages import N_, Reason
from beraad.core.record import Record
from beraad.core.refusal import refuse, short
from beraad.core.state import Member, SessionState

__all__ = [
    "ADMISSION_HANDLERS",
    "MAX_ADMITS",
    "MAX_MEMBERS",
    "check_counting",
    "confirms_now",
    "may_confirm",
]

#: What a guest may write: evaluation notes, its own name, and its own notes' edits/retractions.
GUEST_KINDS = frozenset({"evaluation.add", "member.name", "edit", "retract"})
#: What a member waiting for confirmation may write: text, its name, a hand; nothing that counts.
PENDING_KINDS = frozenset(
    {
        *TEXT_ITEMS,
        *("edit", "retract", "member.name", "member.observe", "hand.raise", "hand.lower"),
        *("fact.add", "fact.question"),  # a source or a doubt is words too, and counts nowhere
        # Not actions: what the group will do and who pulls it is said by members who count
        # (seed 004); a puller who stepped back may still do so (``action.release``).
        "action.release",
    }
)


def confirmed_rule(state: SessionState) -> bool:
    """Does this session hold admissions to the group's confirmation (opened under the rule)?"""
    return state.info is not None and state.info.admission == "confirmed"


def check_counting(state: SessionState, record: Record) -> None:
    """Refuse what a guest or a pending member may not write (called before a kind's rules)."""
    member = state.members[record.author]
    if member.guest and record.kind not in GUEST_KINDS:
        refuse(N_("a guest adds evaluation notes only; {kind} is for members"), kind=record.kind)
    if member.pending and record.kind not in PENDING_KINDS:
        refuse(
            N_("your admission waits for confirmation; until then {kind} is not possible"),
            kind=record.kind,
        )


#: A session holds at most this many members who do not wait for confirmation (a real room is
#: up to about sixty), and takes an admission that would wait only while it holds fewer members
#: of any kind: a flood of admitted keys would otherwise make every list of members, tally and
#: export grow without end, and pending keys must not lock the facilitator out.
MAX_MEMBERS = 500
#: How many others one member may admit; the facilitator is bounded by ``MAX_MEMBERS`` only.
MAX_ADMITS = 100


def _admit(state: SessionState, record: Record) -> None:
    member = record.body["member"]
    found = state.members.get(member)
    if found is not None and found.pending and record.author == state.facilitator:
        # Another member's admission, ordered first (it may have been back-dated to get there),
        # left them waiting: the facilitator's own admission confirms them (``settled``).
        if _settled(state) >= MAX_MEMBERS:
            refuse(N_("this session holds {max} members, as many as it can take"), max=MAX_MEMBERS)
        found.pending = False
        found.guest = record.body.get("role", "member") == "guest"
        found.confirmed_by = record.author
        found.confirmed_in = record.id
        return
    if found is not None:
        # Kept aside: a confirmation may name it, when the admission sorted before it was
        # back-dated there (``_confirm``). Unhashed; what it changes is hashed where it does.
        guest = record.body.get("role", "member") == "guest"
        state.second_admissions[record.id] = (member, record.author, guest)
        state.second_of.setdefault(member, []).append(record.id)
        refuse(N_("{member} is already a member"), member=short(member))
    pending = _waits(state, record.author)
    if _settled(state) >= MAX_MEMBERS:
        refuse(N_("this session holds {max} members, as many as it can take"), max=MAX_MEMBERS)
    if pending and len(state.members) >= MAX_MEMBERS:
        refuse(
            N_(
                "this session holds {max} members, counting those who wait for confirmation; "
                "the facilitator can still admit"
            ),
            max=MAX_MEMBERS,
        )
    if record.author != state.facilitator:
        admitted = sum(1 for m in state.members.values() if m.admitted_by == record.author)
        if admitted >= MAX_ADMITS:
            refuse(
                N_("you have admitted {max} people already; the facilitator can admit more"),
                max=MAX_ADMITS,
            )
    guest = record.body.get("role", "member") == "guest"
    if guest and not confirmed_rule(state):
        refuse(N_("this deliberation admits members only, no guests"))
    state.members[member] = Member(
        key=member,
        name=" ".join(record.body["name"].split()),
        admitted_by=record.author,
        admitted_in=record.id,
        guest=guest,
        pending=pending,
        named_by_table=state.names_by_table(record.at),
    )


def _waits(state: SessionState, admitter: str) -> bool:
    """Does a member ``admitter`` admits wait for confirmation? Under the rule, unless the
    facilitator admits; before it (an older session), only when an observer admits."""
    if admitter == state.facilitator:
        return False
    return confirmed_rule(state) or state.members[admitter].observer


def _settled(state: SessionState) -> int:
    """Members who do not wait for confirmation: what the session's cap counts."""
    return sum(1 for m in state.members.values() if not m.pending)


def may_confirm(state: SessionState, confirmer: str, member: str) -> bool:
    """May ``confirmer`` confirm ``member``'s admission now (the fold's rule, for the UI)?"""
    found, by = state.members.get(member), state.members.get(confirmer)
    if found is None or not found.pending or by is None or not by.counts:
        return False
    if state.info is not None and state.info.process_rule == "facilitator":
        return confirmer == state.facilitator
    return confirmer not in (member, found.admitted_by)


def confirms_now(state: SessionState, confirmer: str) -> list[str]:
    """The pending members ``confirmer`` may confirm, in admission order: the UI's prompt."""
    return [key for key in state.members if may_confirm(state, confirmer, key)]


def _confirm(state: SessionState, record: Record) -> None:
    member = record.body["member"]
    found = state.members.get(member)
    if found is None:
        refuse(N_("{member} is not a member"), member=short(member))
    named = record.body.get("admission")
    if named is None:
        named = _meant(state, record.author, found)
    if named is not None and named != found.admitted_in:
        _confirm_other(state, record, found, named)
        return
    if not found.pending:
        refuse(N_("{name} needs no confirmation"), name=state.name(member))
    if not may_confirm(state, record.author, member):
        _refuse_confirmer(state)
    if _settled(state) >= MAX_MEMBERS:
        refuse(N_("this session holds {max} members, as many as it can take"), max=MAX_MEMBERS)
    found.pending = False
    found.confirmed_by = record.author
    found.confirmed_in = record.id


def _allowed(state: SessionState, confirmer: str, member: str, admitter: str) -> bool:
    """May ``confirmer`` confirm ``member`` as ``admitter`` admitted them (the rule's who)?"""
    by = state.members.get(confirmer)
    if by is None or not by.counts:
        return False
    if state.info is not None and state.info.process_rule == "facilitator":
        return confirmer == state.facilitator
    return confirmer not in (member, admitter)


def _meant(state: SessionState, confirmer: str, found: Member) -> str | None:
    """The admission a confirmation without the ``admission`` field (written before it existed)
    vouches for, when another than the one in force sorts before it too: None for the one in
    force (as it always did).

    Which of two admissions of one key sorting before it such a confirmation meant cannot be
    read from the records: one may have been signed later and back-dated there, before the
    one in force (it then takes its place) or after it. So the confirmer is taken to vouch for
    the person: of the held admissions it follows, the one in force — unless another gives
    the person more standing (a member over a guest; one this confirmer may confirm over one it
    may not). An admission slotted in later thus never takes standing away from a confirmed
    member (a guest one back-dated before theirs made them a guest, or pending again when the
    back-dater was the confirmer). Only a session that held two admissions of one key with
    different standing before an old confirmation folds differently from before."""
    if not found.pending:
        return None

    def standing(admitter: str, guest: bool) -> int:
        waits = admitter in state.members and _waits(state, admitter)
        if not waits or not _allowed(state, confirmer, found.key, admitter):
            return 0
        return 1 if guest else 2

    best, meant = standing(found.admitted_by, found.guest), None
    for admission in state.second_of.get(found.key, ()):
        _key, admitter, guest = state.second_admissions[admission]
        if standing(admitter, guest) > best:
            best, meant = standing(admitter, guest), admission
    return meant


def _refuse_confirmer(state: SessionState) -> None:
    if state.info is not None and state.info.process_rule == "facilitator":
        refuse(N_("only the facilitator confirms an admission"))
    refuse(N_("an admission is confirmed by a member other than who admitted them"))


#: Why an admission sorted before the one a confirmation names no longer counts.
BACK_DATED = N_(
    "{member} was admitted by another admission, which was confirmed; "
    "a second admission changes nothing"
)


def _confirm_other(state: SessionState, record: Record, found: Member, named: str) -> None:
    """A confirmation of an admission that is not the one in force where it sorts: another
    admission of the same key sorts before the one it names — written later and back-dated
    (or sent at the same time). The confirmer vouched for the one they saw: it becomes the
    admission in force and is confirmed, and the one before it counts for nothing, so no
    admission slotted in anywhere changes a confirmed member's standing (attack s6)."""
    second = state.second_admissions.get(named)
    if second is None or second[0] != found.key:
        refuse(N_("the admission it confirms is not an admission of {member} that is held"),
               member=short(found.key))  # fmt: skip
    _member, admitter, guest = second
    if not found.pending:
        refuse(N_("{name} needs no confirmation"), name=state.name(found.key))
    if admitter not in state.members or not _waits(state, admitter):
        # It would have counted at once: no confirmation was needed, none changes anything.
        refuse(N_("{name} needs no confirmation"), name=state.name(found.key))
    if not _allowed(state, record.author, found.key, admitter):
        _refuse_confirmer(state)
    if found.pending and _settled(state) >= MAX_MEMBERS:
        refuse(N_("this session holds {max} members, as many as it can take"), max=MAX_MEMBERS)
    displaced = found.admitted_in
    del state.second_admissions[named]
    state.second_of[found.key].remove(named)
    found.admitted_by, found.admitted_in, found.guest = admitter, named, guest
    found.pending = False
    found.confirmed_by = record.author
    found.confirmed_in = record.id
    state.overruled[displaced] = Reason(BACK_DATED, {"member": short(found.key)})
    state.overruled[named] = None


ADMISSION_HANDLERS = {"member.admit": _admit, "member.confirm": _confirm}
