"""Guests' evaluation notes and members still to be confirmed, in the minutes and in ``verify``."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.i18n import translate
from tests.conftest import run_beraad
from tests.core.strategies import identity
from tests.core.test_admission import _open
from tests.core.test_deliberation import A, B, D, move_to
from tests.export.helpers import bundle_lines
from tests.export.test_minutes_decisions import minutes

WORDS = {
    "en": ("Gina (guest)", "guest: evaluation only", "not confirmed, so not counted"),
    "nl": ("Gina (gast)", "gast: alleen evaluatie", "niet bevestigd, dus niet meegeteld"),
}


def _session_with_a_guest():
    writer = _open()
    writer.ok(A, "member.admit", s.admit_body(D.public_key, "Gina", role="guest"))
    writer.ok(B, "member.admit", s.admit_body(identity(15).public_key, "Puppet"))
    move_to(writer, "knots", "positions", "criteria", "options", "decide", "act", "evaluate")
    writer.ok(D, "evaluation.add", s.evaluation_body("went_well", "Clear for a newcomer"))
    writer.ok(A, "evaluation.add", s.evaluation_body("try_next", "Start on time"))
    return writer


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
def test_a_guests_note_is_marked_and_the_roles_are_listed(language):
    text = minutes(_session_with_a_guest(), language)
    marked, role, waiting = WORDS[language]
    assert f"Clear for a newcomer — *{marked}*" in text
    assert role in text and waiting in text
    # The member's note carries no mark.
    assert "Start on time — *" in text and f"Start on time — *{marked}" not in text
    confirmed = translate("confirmed by {name}", language).split("{")[0]
    assert confirmed not in text  # nobody confirmed anyone here


def test_verify_names_the_guests_and_who_is_not_confirmed(tmp_path):
    writer = _session_with_a_guest()
    fold = writer.fold
    path = tmp_path / "s.beraad"
    path.write_bytes(b"".join(bundle_lines(fold.records, A, fold.state_hash())))
    done = run_beraad("verify", str(path), env={"BERAAD_LANG": "en"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "guests (evaluation only, counted nowhere): Gina; 1 evaluation note by guests" in (
        done.stdout
    )
    # Counted as the session screen and the lobby count: the guest and the member waiting for
    # confirmation are in the bundle but are no members who count.
    assert "members: 3\n" in done.stdout
    assert "also in the bundle: 1 guest, 1 waiting for confirmation, 0 observers" in done.stdout
    assert "admitted but not confirmed, so counted nowhere: Puppet" in done.stdout


@pytest.mark.parametrize(
    ("language", "count_words", "more"),
    [
        ("en", "40 admitted but not confirmed, so counted nowhere: ", "and 35 more"),
        ("nl", "40 toegelaten maar niet bevestigd, tellen dus nergens mee: ", "en nog 35"),
    ],
)
def test_verify_counts_many_waiting_members_and_names_a_handful(
    tmp_path, language, count_words, more
):
    """An attack once admitted 493 keys and ``verify`` printed all their names on one line: it
    says how many, names five, and wraps."""
    writer = _open()
    for n in range(40):
        writer.ok(B, "member.admit", s.admit_body(identity(120 + n).public_key, f"Puppet{n:02}"))
    fold = writer.fold
    path = tmp_path / "s.beraad"
    path.write_bytes(b"".join(bundle_lines(fold.records, A, fold.state_hash())))
    done = run_beraad("verify", str(path), env={"BERAAD_LANG": language})
    assert done.returncode == 0, done.stdout + done.stderr
    start = done.stdout.index(count_words)
    said = " ".join(done.stdout[start:].split("\n\n")[0].split())
    assert said.startswith(count_words + "Puppet00, Puppet01, Puppet02, Puppet03, Puppet04")
    assert more in said
    assert "Puppet05" not in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 79
