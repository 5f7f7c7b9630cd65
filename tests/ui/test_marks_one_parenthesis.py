"""A name's marks read in one parenthesis (naive s10 finding 6): a guest on their own screen
read "Dirk (gast) (jij)"; now "Dirk (gast, jij)", "Dirk (guest, you)". The strip of who is
here and the opening's list of who is away say it so too. Real signed records, en and nl."""

from __future__ import annotations

from beraad.core import session as s
from beraad.i18n import _
from beraad.ui.widgets.member_strip import member_label, strip_text
from tests.core.test_action_rules import A, Confirmed, G


def test_a_guests_own_name_has_one_parenthesis(language):
    m = Confirmed()
    m.ok(A, "member.admit", s.admit_body(G.public_key, "Dirk", role="guest"))
    state, dirk = m.state, G.public_key
    both = "({guest}, {you})".format(guest=_("(guest)")[1:-1], you=_("(you)")[1:-1])
    assert member_label(state, dirk, dirk) == f"Dirk {both}"
    assert f"Dirk {both}" in strip_text(state, dirk, [dirk]).plain
    away = member_label(state, dirk, "someone else", also=(_("(away)"),))
    assert away == "Dirk ({guest}, {away})".format(guest=_("(guest)")[1:-1], away=_("(away)")[1:-1])
    assert ") (" not in strip_text(state, dirk, [dirk]).plain
