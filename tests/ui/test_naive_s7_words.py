"""The words the app uses, in Dutch (naive s7 finding 12): whole phrases, one word for one
thing, and the phase bar at 80 columns keeps a space between done phases where it fits."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from beraad.core.session import PHASE_LABELS, PHASES
from beraad.i18n import _, ngettext
from beraad.ui.widgets.phase_bar import COMPACT_FROM, phases_line

DUTCH = pytest.mark.parametrize("language", ["nl"], indirect=True)


@pytest.mark.parametrize("language", ["en", "nl"], indirect=True)
@pytest.mark.parametrize("here", range(len(PHASES)))
@pytest.mark.both_languages
def test_the_phase_bar_keeps_a_space_between_phases_at_80(language, here):
    """No mark glued to the phase before it ("✓Opening✓Knopen✓…" read as one word: naive s7
    finding 12, naive s8 finding 12): every phase is its own word, in both languages; and every
    done phase keeps its ✓ in the session's bar (80 columns, its margins given up when the
    line needs them: the Dutch bar dropped them all from Oplossingen on, naive s8b finding 13)."""
    state = SimpleNamespace(info=SimpleNamespace(phases=PHASES), phase=PHASES[here])
    line = phases_line(state, room=80, margin=True).plain
    assert len(line) <= 80, line
    assert not re.findall(r"\S[✓▸]", line), line
    assert len(line.split()) == len(PHASES), line
    assert line.count("✓") == here and "▸" + _(PHASE_LABELS[PHASES[here]]) in line, line
    if len(line) < 79:
        assert line.startswith(" "), line  # in line with the rows under it, where it fits
    if language == "nl" and here == PHASES.index("decide"):
        words = "✓Opening ✓Knopen ✓Standpunten ✓Criteria ✓Oplossingen ▸Beslissen Doen Evalueren"
        assert line == " " + words
    if language == "nl" and here == len(PHASES) - 1:
        assert line == (
            "✓Opening ✓Knopen ✓Standpunten ✓Criteria ✓Oplossingen ✓Beslissen ✓Doen ▸Evalueren"
        )
    narrow = phases_line(state).plain  # elsewhere (the projector): inside a bar's margins
    assert len(narrow) <= COMPACT_FROM and len(narrow.split()) == len(PHASES), narrow


@DUTCH
def test_dutch_words_read_whole_and_alike(language):
    assert _("Start a new one") == "Nieuw beraad starten"
    assert _("Due:") == "Einddatum:"  # "Tegen:" read as "against"; the help says einddatum
    assert _("(observer)") == "(waarnemer)"  # as verify counts them: "1 waarnemer"
    assert ngettext("{n} observer", "{n} observers", 1) == "{n} waarnemer"
    assert _("Meeting") == "Bijeenkomst"  # F7: one word for the meeting, as everywhere
    assert "bijeenkomst" in _("Meeting tools")
