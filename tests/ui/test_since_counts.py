"""The popups' counts agree with what they list (naive s10 finding 1): "Since last time" said
"2 contributions and updates" over one line (Bart pulled the action, then said it started:
the pull was counted, never said), and "While you were away" said "4 new contributions" over
two knots (the other two were the group's move and a name, each said on a line of its own).
Real signed records through the real fold, en and nl."""

from __future__ import annotations

import re

import pytest

from beraad.core import session as s
from beraad.core.catchup import since
from beraad.core.trajectory import since_last_time
from beraad.i18n import _, ngettext, set_language
from beraad.i18n.kinds import kind_name
from beraad.ui.screens.since_last_time import since_lines
from beraad.ui.screens.while_away import summary_lines
from tests.core.strategies import identity
from tests.core.test_meeting import A, B, C, Meeting


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


def _between(lines: list[str]) -> tuple[int, list[str]]:
    """The count said between the meetings, and the lines under it."""
    said = ngettext(
        "Between the meetings: {count} contribution or update.",
        "Between the meetings: {count} contributions and updates.",
        2,
    ).split("{count}")[0]
    start = next(n for n, line in enumerate(lines) if line.startswith(said))
    count = int(re.search(r"\d+", lines[start][len(said) :]).group())
    return count, lines[start + 1 :]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_since_last_time_lists_every_change_it_counts(language):
    set_language(language)
    m = Meeting()
    decision = m.decided_by_consent("A market on Saturday")
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Reach out to the shops", decision)).id
    m.ok(A, "meeting.end", {})
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(B, "action.update", s.action_update_body(action, "started"))
    summary = since_last_time(m.state, m.fold.records)
    assert summary is not None
    count, under = _between(since_lines(summary, m.state))
    bullets = [line for line in under if line.startswith("  • ")]
    assert count == 2 and len(bullets) == 2, under
    assert _("pulled") in bullets[0] and _("started") in bullets[1], under
    # A new name taken between the meetings is counted too, and said as who renamed to what
    # (it read "Also: giving your name (1)", as if the reader had a name to give).
    m.ok(C, "member.name", {"name": "Chris V."})
    count, under = _between(since_lines(since_last_time(m.state, m.fold.records), m.state))
    renamed = "  • " + _("{before} is now called {now}.").format(before="Chloé", now="Chris V.")
    assert count == 3 and renamed in under, under
    assert not any(kind_name("member.name") in line for line in under), under
    assert len([line for line in under if line.startswith("  • ")]) == 3, under


@pytest.mark.parametrize("language", ["en", "nl"])
def test_while_away_counts_the_contributions_it_lists(language):
    set_language(language)
    m = Meeting()
    left = m.records[-1].id
    m.move("knots")
    m.ok(C, "knot.add", {"text": "Cars drive too fast"})
    m.ok(C, "knot.add", {"text": "Parked vans"})
    m.ok(C, "member.name", {"name": "Chris V."})
    lines = summary_lines(since(m.records, B.public_key, left, state=m.state), m.state)
    two = ngettext(
        "{count} new contribution from others.", "{count} new contributions from others.", 2
    ).format(count=2)
    assert lines[0] == two, lines
    assert _("New knots ({count})").format(count=2) in lines
    # Chloé's new name: who renamed to what, not "giving your name (1)".
    assert _("{before} is now called {now}.").format(before="Chloé", now="Chris V.") in lines
    assert not any(kind_name("member.name") in line for line in lines), lines


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_name_given_again_unchanged_or_on_joining_is_no_rename(language):
    """Joining (admitted, then one's own name) is said by "Joined"; a name given again as it
    was renames nobody. Neither reads "giving your name"."""
    set_language(language)
    m = Meeting()
    left = m.records[-1].id
    m.ok(C, "member.name", {"name": "Chloé"})  # the name she was admitted with
    e = identity(35)
    m.ok(A, "member.admit", s.admit_body(e.public_key, "Eva"))
    m.ok(e, "member.name", {"name": "Eva K."})
    summary = since(m.records, B.public_key, left, state=m.state)
    assert summary.renames == []
    lines = summary_lines(summary, m.state)
    assert _("Joined: {names}.").format(names="Eva K.") in lines, lines
    assert _("Also: {acts}.").format(acts=_("giving their name") + " (1)") in lines, lines
    assert not any(kind_name("member.name") in line for line in lines), lines
