"""``verify`` recomputes everything from the records and names exactly what was tampered with."""

from __future__ import annotations

import json

from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.tally import decision_body
from beraad.export.bundle import make_header
from beraad.export.verify import verify_lines
from beraad.i18n import set_language, translate
from beraad.identity_file import save_profile
from tests.conftest import run_beraad
from tests.export.helpers import bundle_lines, honest_bundle, people, relabel, scripted, sign_after

OUTSIDER = Identity.from_seed(b"\x99" * 32)


def only(report, code):
    found = [p for p in report.problems if p.code == code]
    assert found, f"no {code} problem in {[p.message for p in report.problems]}"
    return found


def test_an_honest_bundle_holds_and_its_decision_is_recounted():
    runner, lines = honest_bundle()
    report = verify_lines(lines)
    assert report.ok, [p.message for p in report.problems]
    assert report.accepted == report.records == len(runner.records)
    assert report.state_hash == runner.fold.state_hash()
    assert report.exporter_member
    [decision] = report.decisions
    assert decision.option == runner.state.decisions[0].option
    assert set(report.state.members) == {p.public_key for p in people()}


def test_a_changed_body_breaks_that_records_signature():
    _runner, lines = honest_bundle()
    data = json.loads(lines[10])
    data["body"] = {**data["body"], "text": "Something nobody wrote."}
    lines[10] = relabel(lines[10], body=data["body"])
    report = verify_lines(lines)
    [problem] = only(report, "signature")
    assert problem.line == 11 and problem.author == data["author"]
    assert "line 11" in problem.message.lower() and "bad signature" in problem.message


def test_a_forged_signature_by_someone_else_is_caught():
    _runner, lines = honest_bundle()
    data = json.loads(lines[5])
    forged = sign_record(
        OUTSIDER,
        session=data["session"],
        seq=data["seq"],
        prev=data["prev"],
        lamport=data["lamport"],
        at=data["at"],
        kind=data["kind"],
        body=data["body"],
    )
    lines[5] = relabel(lines[5], sig=forged.sig)
    report = verify_lines(lines)
    assert only(report, "signature")[0].line == 6
    assert not report.ok


def test_a_removed_record_leaves_a_gap_in_its_authors_chain():
    runner, lines = honest_bundle()
    index = next(
        i for i, r in enumerate(runner.records, start=1) if r.seq == 3 and r.author != runner.key(0)
    )
    removed = runner.records[index - 1]
    del lines[index]
    report = verify_lines(lines)
    [gap] = only(report, "gap")
    assert gap.author == removed.author and "Record number 3 of" in gap.message
    assert {"count", "digest"} <= report.codes()


def test_reordered_lines_are_out_of_fold_order():
    _runner, lines = honest_bundle()
    lines[20], lines[21] = lines[21], lines[20]
    report = verify_lines(lines)
    assert only(report, "order")[0].line == 22
    assert "digest" in report.codes()


def test_a_record_injected_by_a_non_member_is_named_with_its_author():
    runner, _lines = honest_bundle()
    intruder = sign_after(runner.records, OUTSIDER, "knot.add", {"text": "I was never admitted."})
    records = [*runner.records, intruder]
    # Even with a header made to match, the author is no member by the records.
    lines = bundle_lines(records, OUTSIDER, runner.fold.state_hash())
    report = verify_lines(lines)
    [problem] = only(report, "member")
    assert problem.author == OUTSIDER.public_key and problem.record == intruder.id
    assert problem.line == len(records) + 1
    assert not report.exporter_member


def test_a_second_record_at_the_same_seq_is_a_fork():
    runner, lines = honest_bundle()
    last_of_amina = max(
        (r for r in runner.records if r.author == runner.key(1)), key=lambda r: r.seq
    )
    twin = sign_record(
        people()[1],
        session=runner.session,
        seq=last_of_amina.seq,
        prev=last_of_amina.prev,
        lamport=max(r.lamport for r in runner.records) + 1,
        at=last_of_amina.at,
        kind="evaluation.add",
        body={"aspect": "went_well", "text": "A second story.", "decision": None},
    )
    lines.append(twin.to_bytes() + b"\n")
    report = verify_lines(lines)
    # Named (not a failure in itself: the forker's records from there on are set aside on
    # every peer); this bundle fails because a line was added after the header was signed.
    [fork] = [p for p in report.refused_by_rules if p.code == "fork"]
    assert fork.author == runner.key(1) and f"seq {last_of_amina.seq}" in fork.message
    assert "set aside" in fork.message and {"count", "digest"} <= report.codes()


def test_a_truncated_file_is_reported_as_cut_off():
    runner, lines = honest_bundle()
    cut = b"".join(lines)[:-40]
    report = verify_lines(cut.splitlines(keepends=True))
    assert only(report, "truncated")[0].line == len(runner.records) + 1
    assert "count" in report.codes()
    # Cut at a line end: the signed count and digest still show what is missing.
    report = verify_lines(lines[:-3])
    assert report.codes() == {"count", "digest", "state_hash"}


def test_a_header_that_lies_about_the_state_hash():
    runner, lines = honest_bundle()
    lie = make_header(people()[0], runner.session, runner.records, "ab" * 32, 1)
    report = verify_lines([lie.to_bytes() + b"\n", *lines[1:]])
    [problem] = report.problems
    assert problem.code == "state_hash" and runner.fold.state_hash() in problem.message
    # A header edited without its exporter's key shows too.
    edited = json.loads(lines[0])
    edited["state_hash"] = "cd" * 32
    report = verify_lines([relabel(lines[0], **edited), *lines[1:]])
    assert report.codes() == {"header", "state_hash"}


def false_decision() -> tuple[list[Record], Record, Fold]:
    """The buurt session up to its decision, and a decision by the facilitator for an option
    the votes do not carry; the fold holds the records before it."""
    runner = scripted("buurt")
    real = next(i for i, r in enumerate(runner.records) if r.kind == "decision.take")
    before = runner.records[:real]
    fold = Fold(DeliberationReducer())
    fold.extend(before)
    honest = decision_body(fold.state)
    loser = next(o for o in fold.state.live_options() if o != honest["option"])
    fake = sign_after(
        before,
        people()[0],
        "decision.take",
        {"method": "dots", "option": loser, "rests_on": honest["rests_on"]},
    )
    return before, fake, fold


def test_a_decision_the_votes_do_not_support_is_reported():
    before, fake, fold = false_decision()
    fold.add(fake)
    # The exporter is honest about the hash: only the decision itself does not hold.
    lines = bundle_lines([*before, fake], people()[0], fold.state_hash())
    report = verify_lines(lines)
    # Named as a false claim, and it decides nothing; the records themselves are authentic, so
    # the bundle holds (a failure here would let any steward poison every honest export).
    assert report.problems == [] and report.ok
    [claim] = report.false_claims
    assert claim.code == "decision" and claim.record == fake.id
    assert "do not support this decision" in claim.message
    assert report.decisions == []


def test_a_header_that_counts_a_false_decision_fails():
    """An exporter whose fold took the false decision claims another state: the hash says so."""
    before, fake, _fold = false_decision()
    # The header's state hash is one that only a fold accepting the fake could produce.
    lines = bundle_lines([*before, fake], people()[0], "ab" * 32)
    report = verify_lines(lines)
    assert "state_hash" in report.codes() and not report.ok


def test_a_session_id_its_open_record_does_not_certify():
    runner = scripted("buurt")
    first = runner.records[0]
    wrong = sign_record(
        people()[0],
        session=first.session,
        seq=1,
        prev=None,
        lamport=1,
        at=first.at,
        kind="session.open",
        body={**first.body, "nonce": "ee" * 16},
    )
    lines = bundle_lines([wrong], people()[0], "00" * 32)
    report = verify_lines(lines)
    assert {"session", "refused"} <= report.codes()
    # Why the gate refused it reads in the reader's language, never the record kind (tidy7).
    set_language("nl")
    try:
        [refused] = only(verify_lines(lines), "refused")
    finally:
        set_language("en")
    dutch = translate("an opening of a session that does not certify this session", "nl")
    assert dutch != "an opening of a session that does not certify this session"
    assert dutch in refused.message and "session.open" not in refused.message


def test_garbage_is_not_a_bundle():
    assert verify_lines([]).codes() == {"header"}
    assert verify_lines([b"hello\n", b"world\n"]).codes() == {"header"}
    _runner, lines = honest_bundle()
    report = verify_lines([lines[0], b"{not json\n", *lines[1:], b"\x00" * 10 + b"\n"])
    assert [p.line for p in report.problems if p.code == "line"] == [2, len(lines) + 2]


def test_the_command_exits_zero_only_when_everything_holds(tmp_path):
    _runner, lines = honest_bundle()
    good = tmp_path / "good.beraad"
    good.write_bytes(b"".join(lines))
    result = run_beraad("verify", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout
    # In the language chosen at the welcome screen, as state and export (attack s17 #4: it
    # was the locale's), and nothing is created in the data dir: verify needs no identity.
    home = tmp_path / "anja"
    home.mkdir()
    save_profile(home, "Anja", "nl", chosen=True)
    dutch = run_beraad("--data-dir", str(home), "verify", str(good), env={"BERAAD_LANG": ""})
    assert "OK: alles in deze bundel klopt." in dutch.stdout, dutch.stdout + dutch.stderr
    assert sorted(p.name for p in home.iterdir()) == ["profile.json"]
    lines[2], lines[3] = lines[3], lines[2]
    bad = tmp_path / "bad.beraad"
    bad.write_bytes(b"".join(lines))
    result = run_beraad("verify", str(bad))
    assert result.returncode == 1
    assert "[order]" in result.stdout and "line 4" in result.stdout.lower()
    missing = run_beraad("verify", str(tmp_path / "nothing.beraad"))
    assert missing.returncode == 2 and "Cannot read" in missing.stderr


def poisoned() -> tuple[list[Record], Fold, Record]:
    """The buurt session up to its decision, folded, and a member who may not decide signing
    the decision (the poison attack): even one the votes support, only the right is missing.
    (the records before it, the fold with the poison added, the poison)"""
    runner = scripted("buurt")
    real = next(i for i, r in enumerate(runner.records) if r.kind == "decision.take")
    before = runner.records[:real]
    fold = Fold(DeliberationReducer())
    fold.extend(before)
    poison = sign_after(before, people()[1], "decision.take", decision_body(fold.state))
    fold.add(poison)
    return before, fold, poison


def test_a_decision_by_a_member_not_entitled_is_refused_not_a_broken_bundle(tmp_path):
    """One member signs a decision.take only the facilitator may write (the poison attack): every
    peer's fold ignores it, so verify lists it as refused and the bundle still holds and imports;
    the same decision signed by the facilitator with the votes against it still fails."""
    before, fold, poison = poisoned()
    facilitator, mallory = people()[0], people()[1]
    assert fold.state.facilitator == facilitator.public_key
    assert mallory.public_key in fold.state.members
    assert poison.id in fold.rejected
    lines = bundle_lines([*before, poison], facilitator, fold.state_hash())
    report = verify_lines(lines)
    assert report.ok, [p.message for p in report.problems]
    [refused] = report.refused_by_rules
    assert refused.record == poison.id and refused.author == mallory.public_key
    assert "only the facilitator may do that (taking the decision)" in refused.message
    assert report.decisions == []
    bundle = tmp_path / "poisoned.beraad"
    bundle.write_bytes(b"".join(lines))
    checked = run_beraad("verify", str(bundle))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "OK" in checked.stdout and "[rules]" in checked.stdout
    assert poison.id[:12] in checked.stdout
    imported = run_beraad("--data-dir", str(tmp_path / "fresh"), "import", str(bundle))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert f"{len(before) + 1} new records" in imported.stdout
    assert fold.state_hash() in imported.stdout and "[rules]" in imported.stdout
    # The facilitator, who may decide, signing an option the votes do not carry: named apart as
    # a false claim that decides nothing; the bundle still holds and still imports.
    loser = next(o for o in fold.state.live_options() if o != decision_body(fold.state)["option"])
    false_claim = sign_after(
        [*before, poison],
        facilitator,
        "decision.take",
        {**decision_body(fold.state), "option": loser},
    )
    fold.add(false_claim)
    report = verify_lines(
        bundle_lines([*before, poison, false_claim], facilitator, fold.state_hash())
    )
    assert report.problems == []
    [claim] = report.false_claims
    assert claim.code == "decision" and claim.record == false_claim.id
    assert [r.record for r in report.refused_by_rules] == [poison.id]
    bundle.write_bytes(
        b"".join(bundle_lines([*before, poison, false_claim], facilitator, fold.state_hash()))
    )
    checked = run_beraad("verify", str(bundle))
    assert checked.returncode == 3, checked.stdout + checked.stderr  # not "everything holds"
    assert "Warning: 1 decision was signed" in checked.stdout
    assert "everything in this bundle holds" not in checked.stdout
    assert false_claim.id[:12] in checked.stdout
    imported = run_beraad("--data-dir", str(tmp_path / "fresh2"), "import", str(bundle))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Warning: 1 decision was signed" in imported.stdout


def test_verify_recomputes_every_actions_status_from_its_pullers_signed_updates(tmp_path):
    """buurt's act phase: one action started by a puller, one open. A 'done' signed by a member
    who does not pull the action counts for nothing: verify keeps the status the pullers gave,
    lists the update as refused, and the command prints each action's status and pullers."""
    runner = scripted("buurt", "en")
    records = runner.records
    started = next(a for a in runner.state.actions.values() if a.updates)
    outsider = next(
        p
        for p in people()
        if p.public_key not in started.pullers and p.public_key != started.author
    )
    claim = sign_after(records, outsider, "action.update", {"action": started.id, "status": "done"})
    from beraad.core.deliberation import DeliberationReducer
    from beraad.core.fold import Fold

    fold = Fold(DeliberationReducer())
    fold.extend([*records, claim])
    lines = bundle_lines([*records, claim], people()[0], fold.state_hash())
    report = verify_lines(lines)
    assert report.ok, [p.message for p in report.problems]
    statuses = {a.id: (a.status, tuple(a.pullers)) for a in report.actions}
    assert statuses[started.id] == ("started", tuple(started.pullers))
    assert len(statuses) == 2 and sorted(s for s, _p in statuses.values()) == ["open", "started"]
    assert [p.record for p in report.refused_by_rules] == [claim.id]
    path = tmp_path / "acts.beraad"
    path.write_bytes(b"".join(lines))
    result = run_beraad("verify", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    names = ", ".join(runner.state.name(p) for p in started.pullers)
    assert f"— started, pulled by {names} (1 update)" in result.stdout
    assert "action: Ask the teenagers where exactly the bench should go. — open" in result.stdout


def test_verify_says_a_decision_was_taken_before_votes_were_revealed_later(tmp_path):
    """A steward's forged reveal end, then the voter's late reveal: the bundle holds, and verify
    says in English and Dutch that the decision was taken while the vote was not revealed and
    what the result would be with it."""
    from beraad.core import session as s
    from tests.core.test_deliberation import A, B, _dots_session, _seal

    writer, one, two = _dots_session()
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    vote = s.dots_body({two: 3})
    commit = _seal(writer, B, vote, "cd" * 16)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit]})
    writer.ok(A, "decision.take", decision_body(writer.state))
    writer.ok(B, "vote.reveal", {"commit": commit, "vote": vote, "nonce": "cd" * 16})
    path = tmp_path / "late.beraad"
    path.write_bytes(b"".join(bundle_lines(writer.fold.records, A, writer.fold.state_hash())))
    english = run_beraad("--lang", "en", "verify", str(path))
    assert english.returncode == 0, english.stdout + english.stderr
    name = writer.state.name(B.public_key)
    assert f"Taken while 1 sealed vote was not revealed; revealed later: {name}." in english.stdout
    assert "With them the result would be two, not one." in english.stdout
    dutch = run_beraad("--lang", "nl", "verify", str(path))
    assert dutch.returncode == 0, dutch.stdout + dutch.stderr
    assert f"later bekendgemaakt: {name}." in dutch.stdout
    assert "Met die stemmen erbij zou de uitslag two zijn, niet one." in dutch.stdout


def _admission_forked(twin_first: bool) -> tuple[list[bytes], str]:
    """The honest bundle of a member whose admission its admitter forked: a second record at
    the admission's seq, its id sorting before the admission or after it."""
    runner = scripted("buurt")
    admission = next(r for r in runner.records if r.kind == "member.admit")
    admitter = next(p for p in people() if p.public_key == admission.author)
    admitted = next(p for p in people() if p.public_key == admission.body["member"])
    for n in range(200):
        twin = sign_record(
            admitter,
            session=admission.session,
            seq=admission.seq,
            prev=admission.prev,
            lamport=admission.lamport,
            at=admission.at + 1,
            kind="member.name",
            body={"name": f"twin {n}"},
        )
        if (twin.id < admission.id) == twin_first:
            break
    records = sorted([*runner.records, twin], key=lambda r: (r.order_key, r.id))
    first = verify_lines(bundle_lines(records, admitted, "00" * 32))
    return bundle_lines(records, admitted, first.state_hash), admitted.public_key


def test_a_member_whose_admission_a_fork_set_aside_is_a_note_whatever_the_id_order():
    """Attacker pass 2, finding 4: the bundle of an honest peer (the member whose admission
    was forked exports it, the hash matching) failed or held by which copy's id sorted
    first. It holds either way. Since 6 December 2026 (core/forks.py) the admission still
    counts, since the member took part: verify says so, and the exporter is a member."""
    for twin_first in (True, False):
        lines, member = _admission_forked(twin_first)
        report = verify_lines(lines)
        assert report.ok, (twin_first, [p.message for p in report.problems])
        kept = [p for p in report.refused_by_rules if p.code == "kept"]
        assert any("Still counts: the admission of" in p.message for p in kept), twin_first
        assert member in report.state.members and report.exporter_member


def test_a_refusal_reads_in_the_readers_language_in_verify_and_the_minutes(tmp_path):
    """The fold keeps a refusal's English text (what the state hash covers) with its template:
    a Dutch ``verify`` and Dutch minutes say why in Dutch, the act in words, never the kind
    (tidy7); the English reason stays in the state, so the hash is the one it always was."""
    from beraad.core.messages import Reason
    from beraad.export.minutes import Context, build_minutes
    from beraad.export.render import render_markdown
    from beraad.i18n import translate

    before, fold, poison = poisoned()
    facilitator = people()[0]
    reason = fold.rejected[poison.id]
    assert reason == "only the facilitator may write decision.take"  # hashed as ever
    assert isinstance(reason, Reason)
    dutch = translate("only the facilitator may do that ({kind})", "nl").format(
        kind=translate("taking the decision", "nl")
    )
    assert dutch != reason
    bundle = tmp_path / "poisoned.beraad"
    bundle.write_bytes(b"".join(bundle_lines([*before, poison], facilitator, fold.state_hash())))
    checked = run_beraad("--lang", "nl", "verify", str(bundle))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert dutch in checked.stdout
    assert "decision.take" not in checked.stdout
    assert "1 record geweigerd door de regels" in checked.stdout

    def minutes(rejected: dict[str, str]) -> str:
        context = Context(
            state=fold.state,
            records=fold.records,
            rejected=rejected,
            state_hash=fold.state_hash(),
            language="nl",
        )
        return " ".join(render_markdown(build_minutes(context)).split())

    assert f"{translate('taking the decision', 'nl')}, " in minutes(dict(fold.rejected))
    assert dutch in minutes(dict(fold.rejected))
    # A reason kept as plain English (an older one, or a fault) shows as it is.
    kept = minutes({poison.id: "only the facilitator may write decision.take"})
    assert "only the facilitator may write decision.take" in kept


def test_an_exporter_named_like_another_member_is_named_with_one_fingerprint(tmp_path):
    """Every member named "root": the state names each with its fingerprint already, and verify
    said "exported by root (5MKY-2WCS) (5MKY-2WCS), a member" (attack s16 #7)."""
    from benchmarks.ui import NONCE, Writer
    from beraad.core import session as bodies
    from beraad.core.identity import fingerprint

    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "Safer?"), "nonce": NONCE})
    for n in (1, 2):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, "root"))
    bundle = tmp_path / "root.beraad"
    bundle.write_bytes(b"".join(bundle_lines(w.records, w.who[2], w.fold.state_hash())))
    result = run_beraad("verify", str(bundle))
    assert result.returncode == 0, result.stdout + result.stderr
    print_ = fingerprint(w.who[2].public_key)
    assert f"exported by root ({print_}), a member" in result.stdout, result.stdout
    assert result.stdout.count(print_) == 1, result.stdout
