"""One member cannot lock the table map for everyone: a member adds at most ``GROUPS_EACH``
groups (the facilitator, who keeps the map, up to ``MAX_GROUPS``), and the facilitator renames
any group, so a real group's name one member took first, or a map one member filled, is theirs
to set right. A session opened before the rule folds as it did."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.actions import GROUPS_EACH, MAX_GROUPS
from beraad.core.names import RULE_SINCE_MS
from tests.core.test_deliberation import NONCE, A, B, C, Writer
from tests.core.writer import EPOCH_MS

REAL = ("Youth", "Neighbours", "Shop owners", "Parents", "Police")


def _opened(after_rule: bool) -> Writer:
    writer = Writer()
    if after_rule:
        writer.wait(RULE_SINCE_MS - EPOCH_MS)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate((B, C)):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    return writer


def _squat(writer: Writer) -> list[str]:
    """Bart takes the real groups' names first, then adds junk until he is refused."""
    ids = [writer.ok(B, "group.add", s.group_body(name)).id for name in REAL]
    for n in range(GROUPS_EACH - len(REAL)):
        ids.append(writer.ok(B, "group.add", s.group_body(f"x{n}")).id)
    return ids


def test_one_member_adds_a_share_and_the_facilitator_renames_what_they_squatted():
    assert GROUPS_EACH * 2 < MAX_GROUPS
    writer = _opened(after_rule=True)
    youth = _squat(writer)[0]
    refusal = writer.refused(B, "group.add", s.group_body("one more"))
    assert f"at most {GROUPS_EACH} groups" in refusal
    writer.ok(C, "group.add", s.group_body("Elderly"))  # the others still add theirs
    writer.ok(A, "group.add", s.group_body("Schools"))
    # The facilitator renames Bart's group; another member still may not.
    refusal = writer.refused(C, "group.rename", s.group_rename_body(youth, "Youth club"))
    assert "or the facilitator" in refusal
    writer.ok(A, "group.rename", s.group_rename_body(youth, "Youth club"))
    assert writer.state.groups[youth].name == "Youth club"
    assert writer.state.groups[youth].author == B.public_key  # still his, renamed


def test_the_facilitator_adds_up_to_the_whole_map():
    writer = _opened(after_rule=True)
    for n in range(GROUPS_EACH + 1):
        writer.ok(A, "group.add", s.group_body(f"g{n}"))
    assert len(writer.state.groups) == GROUPS_EACH + 1


def test_a_session_opened_before_the_rule_folds_as_it_did():
    writer = _opened(after_rule=False)
    youth = _squat(writer)[0]
    writer.ok(B, "group.add", s.group_body("one more"))  # no share then
    refusal = writer.refused(A, "group.rename", s.group_rename_body(youth, "Youth club"))
    assert "only who added the group Youth renames it" in refusal
