"""A confirmation stays with the admission it confirmed (attack s6 finding 2).

Driss was admitted by a member and confirmed by another, the confirmation naming the
admission. Someone then back-dates a second admission of Driss's key, so that it sorts before
the first: the confirmation used to attach to it, and Driss became a guest, or pending again
(when the back-dater is the confirmer), and his votes were refused. Now the confirmed
admission stays in force wherever the second one sorts, and the second is refused, with a
reason. Real signed records, the real fold; each case also folded in reverse arrival order.
"""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.admission import BACK_DATED
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.refusal import short
from tests.core.strategies import identity
from tests.core.test_deliberation import NONCE, A, B, C, D, Writer

E = identity(77)
O = identity(78)  # noqa: E741 - the observer


def _open(process_rule: str, admission: str | None = "confirmed") -> Writer:
    writer = Writer()
    body = s.open_body(
        "Plein", "Hoe?", "blank", "nl", process_rule, "dots", nonce=NONCE, admission=admission
    )
    writer.ok(A, "session.open", body)
    for who, name in ((B, "Bart"), (C, "Cas"), (E, "Eva"), (O, "Olle")):
        writer.ok(A, "member.admit", s.admit_body(who.public_key, name))
    return writer


def _propose(writer: Writer) -> str:
    """Driss proposes to move on: only a member who counts may (a guest or one waiting not)."""
    return writer.write(D, "phase.propose", s.propose_body("knots")).id


def _refolded(writer: Writer) -> Fold:
    """The same records folded as they might arrive at another peer: last first."""
    fold = Fold(DeliberationReducer())
    for record in reversed(writer.records):
        fold.add(record)
    return fold


CASES = {
    # rule, admitter, confirmer, back-dater, role of the back-dated admission
    "guest_under_consent": ("consent", B, C, E, "guest"),
    "guest_under_facilitator": ("facilitator", B, A, E, "guest"),
    "confirmer_back_dates": ("consent", B, C, C, "member"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_back_dated_second_admission_changes_nothing(case):
    rule, admitter, confirmer, back_dater, role = CASES[case]
    writer = _open(rule)
    start = writer.lamport  # before Driss's admission: where the second one will sort
    if back_dater is confirmer:
        # The confirmer's own admission must sort before its confirmation in its own chain:
        # it is written first (after seeing the real one), then the confirmation.
        first = writer.ok(admitter, "member.admit", s.admit_body(D.public_key, "Driss"))
        assert writer.state.members[D.public_key].pending
        second = writer.back_dated(
            back_dater, "member.admit", s.admit_body(D.public_key, "Driss", role), start
        )
        confirm = writer.ok(confirmer, "member.confirm", s.confirm_body(D.public_key, first.id))
    else:
        first = writer.ok(admitter, "member.admit", s.admit_body(D.public_key, "Driss"))
        confirm = writer.ok(confirmer, "member.confirm", s.confirm_body(D.public_key, first.id))
        assert writer.state.members[D.public_key].counts
        second = writer.back_dated(
            back_dater, "member.admit", s.admit_body(D.public_key, "Driss", role), start
        )
    proposal = _propose(writer)
    for fold in (writer.fold, _refolded(writer)):
        driss = fold.state.members[D.public_key]
        assert driss.counts, (driss.pending, driss.guest)
        assert (driss.admitted_by, driss.admitted_in) == (admitter.public_key, first.id)
        assert (driss.confirmed_by, driss.confirmed_in) == (confirmer.public_key, confirm.id)
        assert fold.rejected.get(second.id) == BACK_DATED.format(member=short(D.public_key))
        assert first.id not in fold.rejected and confirm.id not in fold.rejected
        assert proposal not in fold.rejected, fold.rejected.get(proposal)
    assert _refolded(writer).state_hash() == writer.fold.state_hash()


def test_a_second_admission_sorting_after_the_confirmation_is_refused():
    writer = _open("consent")
    first = writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    writer.ok(C, "member.confirm", s.confirm_body(D.public_key, first.id))
    reason = writer.refused(E, "member.admit", s.admit_body(D.public_key, "Driss", "guest"))
    assert reason == f"{short(D.public_key)} is already a member"
    assert writer.state.members[D.public_key].counts


def test_an_observers_admission_in_an_older_session_stays_with_its_confirmation():
    """Before the rule, an observer's admission waits: a confirmation naming it keeps it, when
    another observer back-dates an admission of the same key before it."""
    writer = _open("consent", admission=None)
    writer.ok(O, "member.observe", {})
    writer.ok(E, "member.observe", {})
    start = writer.ok(A, "member.name", s.name_body("Anna")).lamport  # after Eva's last record
    first = writer.ok(O, "member.admit", s.admit_body(D.public_key, "Driss"))
    assert writer.state.members[D.public_key].pending
    confirm = writer.ok(C, "member.confirm", s.confirm_body(D.public_key, first.id))
    second = writer.back_dated(E, "member.admit", s.admit_body(D.public_key, "Driss"), start)
    for fold in (writer.fold, _refolded(writer)):
        driss = fold.state.members[D.public_key]
        assert driss.counts and driss.admitted_by == O.public_key
        assert driss.confirmed_in == confirm.id
        assert fold.rejected.get(second.id) == BACK_DATED.format(member=short(D.public_key))
        assert first.id not in fold.rejected


def test_the_facilitators_admission_keeps_its_role_when_a_guest_one_is_back_dated():
    """The facilitator's admission counts at once (it confirms one left pending before it):
    a guest admission back-dated before it leaves Driss a member who counts."""
    writer = _open("consent")
    start = writer.lamport
    writer.ok(A, "member.admit", s.admit_body(D.public_key, "Driss"))
    writer.back_dated(E, "member.admit", s.admit_body(D.public_key, "Driss", "guest"), start)
    proposal = _propose(writer)
    for fold in (writer.fold, _refolded(writer)):
        assert fold.state.members[D.public_key].counts
        assert proposal not in fold.rejected


def test_a_confirmation_naming_an_admission_not_held_is_refused():
    writer = _open("consent")
    writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    other = writer.ok(A, "member.name", s.name_body("Anna")).id
    reason = writer.refused(C, "member.confirm", s.confirm_body(D.public_key, other))
    assert "not an admission" in reason
    assert writer.state.members[D.public_key].pending


@pytest.mark.parametrize("where", ["before_the_first", "between_it_and_the_confirmation"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_an_old_confirmation_without_the_field_keeps_the_standing_it_gave(case, where):
    """A confirmation written before the ``admission`` field existed names only the member.
    It confirmed whatever admission was in force where it sorted, so a second admission of
    the same key back-dated before the first (or slotted between it and the confirmation)
    took its place: Driss became a guest, or pending again when the back-dater was the
    confirmer. Now of the admissions it follows it keeps the one giving the person the most
    standing, the one in force on a tie (``admission._meant``), in any arrival order."""
    rule, admitter, confirmer, back_dater, role = CASES[case]
    writer = _open(rule)
    start = writer.lamport  # before Driss's admission
    second_body = s.admit_body(D.public_key, "Driss", role)
    first = writer.ok(admitter, "member.admit", s.admit_body(D.public_key, "Driss"))
    writer.ok(A, "member.name", s.name_body("Anna"))  # room between the first and the confirm
    slot = start if where == "before_the_first" else first.lamport + 1
    if back_dater is confirmer:  # in the confirmer's own chain, before the confirmation
        second = writer.back_dated(back_dater, "member.admit", second_body, slot)
        confirm = writer.ok(confirmer, "member.confirm", s.confirm_body(D.public_key))
    else:
        confirm = writer.ok(confirmer, "member.confirm", s.confirm_body(D.public_key))
        assert writer.state.members[D.public_key].counts
        second = writer.back_dated(back_dater, "member.admit", second_body, slot)
    proposal = _propose(writer)
    for fold in (writer.fold, _refolded(writer)):
        driss = fold.state.members[D.public_key]
        assert driss.counts and not driss.guest, (driss.pending, driss.guest)
        assert (driss.admitted_by, driss.admitted_in) == (admitter.public_key, first.id)
        assert (driss.confirmed_by, driss.confirmed_in) == (confirmer.public_key, confirm.id)
        assert second.id in fold.rejected
        assert first.id not in fold.rejected and confirm.id not in fold.rejected
        assert proposal not in fold.rejected, fold.rejected.get(proposal)
    assert _refolded(writer).state_hash() == writer.fold.state_hash()


def test_an_old_confirmation_after_two_like_admissions_confirms_the_one_in_force():
    """A stored session that held two admissions of one key with the same standing before an
    old confirmation folds as it always did: the first stays in force, the second refused."""
    writer = _open("consent")
    first = writer.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    second = writer.write(E, "member.admit", s.admit_body(D.public_key, "Driss"))
    confirm = writer.ok(C, "member.confirm", s.confirm_body(D.public_key))
    for fold in (writer.fold, _refolded(writer)):
        driss = fold.state.members[D.public_key]
        assert driss.counts and driss.admitted_in == first.id and driss.confirmed_in == confirm.id
        assert fold.rejected.get(second.id) == f"{short(D.public_key)} is already a member"
