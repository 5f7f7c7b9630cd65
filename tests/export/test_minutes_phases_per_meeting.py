"""The minutes list the group's moves per meeting (naive s12 P6): at a second meeting the
phase list went on from Evaluate back to Knots with no word that a new meeting began. Real
signed records through the fold, rendered as a reader gets them."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.trajectory import RESUME_SINCE_MS
from beraad.export.minutes import build_minutes
from beraad.export.render import render_markdown
from beraad.i18n import translate
from tests.core.test_meeting import A
from tests.core.test_trajectory import _decided_meeting
from tests.core.writer import EPOCH_MS
from tests.export.test_newsletter import _context


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_meeting_lists_its_own_moves_and_where_it_stopped(language):
    m, _option = _decided_meeting()  # meeting 1: Opening to Evaluate
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag"))
    m.ok(A, "meeting.start", {})
    m.wait(RESUME_SINCE_MS - EPOCH_MS)
    m.ok(A, "phase.move", s.move_body("evaluate"))  # carries on where meeting 1 stopped
    text = render_markdown(build_minutes(_context(m, language)))
    section = text[text.index(translate("How the group moved through the phases", language)) :]
    section = section[: section.index("\n#", 1)]
    first = translate("Meeting {number}", language).format(number=1)
    second = translate("Meeting {number}", language).format(number=2)
    evaluate = translate("Evaluate", language)
    stopped = translate("The meeting ended in {phase}.", language).format(phase=evaluate)
    assert first in section and second in section, section
    one, two = section.split(second)
    assert one.count(translate("moved by {name}", language).format(name="Anna")) == 7, one
    assert stopped in one and stopped not in two
    assert two.count(translate("moved by {name}", language).format(name="Anna")) == 1, two
    assert evaluate in two
