"""A meeting ended by the group's consent: the minutes and ``verify`` say who proposed the end
and whose "ready" it rests on, and an objection that came in later (``core/end_consent.py``)."""

from __future__ import annotations

import pytest

from beraad.core.end_consent import agreed_end_body
from beraad.i18n import translate
from tests.conftest import run_beraad
from tests.core.test_deliberation import A, B, C
from tests.core.test_end_consent import _consent_session, _ready
from tests.export.helpers import bundle_lines
from tests.export.test_minutes_decisions import minutes


def _ended_by_consent():
    """Bart proposes to end; Anna and Bart are ready; Chloé's objection comes in after the
    answers the end names, before the end: it came in later."""
    writer = _consent_session()
    writer.ok(A, "member.name", {"name": "Anna"})
    writer.ok(B, "member.name", {"name": "Bart"})
    writer.ok(C, "member.name", {"name": "Chloé"})
    proposal = writer.ok(B, "phase.propose", {"to": "end", "next": "Donderdag, buurthuis"}).id
    _ready(writer, proposal, B, A)
    body = agreed_end_body(writer.state.proposals[proposal])
    no = {"proposal": proposal, "response": "object", "reason": "nog niet klaar"}
    writer.ok(C, "phase.respond", no)
    writer.ok(A, "meeting.end", body)
    return writer


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_minutes_say_who_proposed_and_who_consented_to_ending(language):
    text = minutes(_ended_by_consent(), language)
    said = translate("By consent of the group: proposed by {name}, ready: {ready}", language)
    assert said.format(name="Bart", ready="Anna, Bart") in text
    later = translate("objections that came in later: {names}", language)
    assert later.format(names="Chloé") in text
    objected = translate("{name} objected to ending the meeting", language)
    assert objected.format(name="Chloé") in text


def test_verify_says_who_proposed_and_who_consented_to_ending(tmp_path):
    fold = _ended_by_consent().fold
    path = tmp_path / "s.beraad"
    path.write_bytes(b"".join(bundle_lines(fold.records, A, fold.state_hash())))
    done = run_beraad("verify", str(path), env={"BERAAD_LANG": "en"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "meeting 1 ended by consent: proposed by Bart, ready: Anna, Bart" in done.stdout
    assert "objections that came in later: Chloé" in done.stdout
