"""Names that look alike by Unicode's confusables (UTS #39), versioned by date (finding 6).

A member renamed their group "Youtһ" (Cyrillic һ) beside "Youth", or named themselves "Һans"
beside "Hans", and passed as the other. Since ``names.RULE_SINCE_MS`` every letter Unicode lists
as taken for another counts; a session from before folds as it did.
"""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.deliberation import snapshot
from beraad.core.identity import fingerprint
from beraad.core.names import RULE_SINCE_MS, alike, alike_before
from tests.core.test_deliberation import NONCE, A, B, C, Writer
from tests.core.writer import EPOCH_MS

#: The attacker's names beside a group "Youth": Cyrillic о, һ, Ү; Armenian օ; Latin small
#: capital ʏ; Lisu ꓬ; Greek Υ.
FAKES = ("Yоuth", "Youtһ", "Yօuth", "Үouth", "ʏouth", "ꓬouth", "Υouth")


def _opened(after_rule: bool) -> Writer:
    writer = Writer()
    if after_rule:
        writer.wait(RULE_SINCE_MS - EPOCH_MS)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate((B, C)):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    return writer


@pytest.mark.parametrize("fake", FAKES)
def test_confusable_letters_look_alike(fake):
    assert alike(fake) == alike("Youth") == alike("YOUTH")
    assert alike("Һans") == alike("Hans")


@pytest.mark.parametrize(
    ("fake", "real"), [("ᴀnna", "Anna"), ("ʙob", "Bob"), ("ʜᴇʟᴇɴ", "Helen"), ("Тᴇd", "Ted")]
)
def test_latin_small_capitals_read_as_their_letter(fake, real):
    """Unicode takes only some small capitals for letters; the rest read so in a name too."""
    assert alike(fake) == alike(real)


def test_ascii_people_type_on_purpose_stays_apart():
    assert alike("Ian") == alike("ian") == alike("IAN")
    assert alike("Barn") != alike("Bam") and alike("Ian") != alike("lan")
    assert alike("Anna (K7QX-M2PA)") == alike("anna") and alike("Y0uth") == alike("Youth")


@pytest.mark.parametrize("fake", FAKES)
def test_a_group_cannot_be_renamed_or_added_like_another(fake):
    writer = _opened(after_rule=True)
    writer.ok(A, "group.add", {"name": "Youth"})
    mine = writer.ok(B, "group.add", {"name": "Shopkeepers"}).id
    reason = writer.refused(B, "group.rename", {"group": mine, "name": fake})
    assert "already on the table map" in reason
    assert "already on the table map" in writer.refused(C, "group.add", {"name": fake})
    assert sorted(g.name for g in writer.state.groups.values()) == ["Shopkeepers", "Youth"]


def test_a_member_named_like_another_carries_a_fingerprint():
    writer = _opened(after_rule=True)
    writer.ok(A, "member.name", s.name_body("Hans"))
    writer.ok(B, "member.name", s.name_body("Һans"))
    assert writer.state.name(B.public_key) == f"Һans ({fingerprint(B.public_key)})"
    assert writer.state.name(A.public_key) == f"Hans ({fingerprint(A.public_key)})"


def test_back_dating_in_a_session_opened_since_the_rule_gains_nothing():
    writer = _opened(after_rule=True)
    writer.ok(A, "group.add", {"name": "Youth"})
    writer.wait(-(RULE_SINCE_MS - EPOCH_MS))  # later records claim 2023
    assert "already on the table map" in writer.refused(B, "group.add", {"name": "Youtһ"})
    writer.ok(A, "member.name", s.name_body("Hans"))
    writer.ok(B, "member.name", s.name_body("Һans"))
    assert fingerprint(B.public_key) in writer.state.name(B.public_key)


def test_a_session_from_before_the_rule_folds_as_it_did():
    """Its records, dated before the rule, are judged by the old look-alike form: the same
    groups, names and snapshot (no new field), so its state hash is what it was."""
    writer = _opened(after_rule=False)
    writer.ok(A, "group.add", {"name": "Youth"})
    mine = writer.ok(B, "group.add", {"name": "Shopkeepers"}).id
    writer.ok(B, "group.rename", {"group": mine, "name": "Youtһ"})
    writer.ok(A, "member.name", s.name_body("Hans"))
    writer.ok(B, "member.name", s.name_body("Һans"))
    assert writer.state.name(B.public_key) == "Һans"
    assert alike_before("Youtһ") != alike_before("Youth")
    text = repr(snapshot(writer.state))
    assert "names_by_table" not in text and "named_by_table" not in text
    # The same old session, continued by a record written since the rule, judges that one anew.
    writer.wait(RULE_SINCE_MS - EPOCH_MS)
    assert "already on the table map" in writer.refused(C, "group.add", {"name": "Yօuth"})
