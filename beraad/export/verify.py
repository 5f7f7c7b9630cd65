"""Check a bundle without trusting it: signatures, chains, membership, order, decisions, hash.

Everything is recomputed from the records themselves: each signature; the session id from its
creator's ``session.open`` (it is self-certifying); who is a member, from the admissions; each
author's chain (a gap or a fork is named); the fold order of the lines (a reordered file shows);
every decision, by folding all records with ``DeliberationReducer``, which recounts the tally
behind each ``decision.take``, and every action's current status and pullers, from its pullers'
own signed updates. Only then is the header compared: its signature, record count,
digest over the ordered ids and state hash. Each problem names the line, the record and the
author, so a reader can see exactly what does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.forks import admitted_aside
from beraad.core.gap_refusals import refused_after_gaps
from beraad.core.identity import fingerprint
from beraad.core.record import Record, RecordError
from beraad.core.refusal import Refusal
from beraad.core.replica import MAX_LAMPORT_STEP, OFFER_STEP, Intake, Replica
from beraad.core.state import Action, Decision, SessionState
from beraad.export.bundle import BundleError, Header, Line, parse_header, read_lines, records_digest
from beraad.export.fork_words import kept_sentences
from beraad.i18n import _, ngettext
from beraad.i18n.kinds import kind_name, reason_text
from beraad.readable import readable

#: Signature checks release the GIL; two threads use both cores of a small machine.
VERIFY_THREADS = 2
VERIFY_CHUNK = 512


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing that does not hold. ``code`` is stable (for scripts and tests). The message
    quotes what a bundle holds (a refusal's field names, a parse error): made ``readable`` here,
    once, so that whoever shows it (verify, import, the app) shows no escape, line break or
    bidi override a member put in a record."""

    code: str
    message: str
    line: int | None = None
    record: str | None = None
    author: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", readable(self.message))


@dataclass(slots=True)
class VerifyReport:
    header: Header | None = None
    session: str | None = None
    records: int = 0
    accepted: int = 0
    state_hash: str | None = None
    state: SessionState | None = None
    decisions: list[Decision] = field(default_factory=list)
    #: Every action with the status and pullers its signed records give (an update by someone
    #: who does not pull it counts for nothing, and is listed with the refused records).
    actions: list[Action] = field(default_factory=list)
    #: Records the deliberation rules refuse, as every peer's fold does: listed, counting for
    #: nothing, not a failure of the bundle (code ``rules``).
    refused_by_rules: list[Problem] = field(default_factory=list)
    #: Decisions signed by someone entitled to take them that the votes do not carry (code
    #: ``decision``): every peer's fold refuses them, so they decide nothing. Named loudly, but
    #: not a failure of the bundle: a failure would let any steward poison every honest export.
    false_claims: list[Problem] = field(default_factory=list)
    exporter_member: bool = False
    #: Records whose signature fails, with their line: changed after they were signed. The
    #: cause a reader looks for, said first (``cause``); the rest mostly follows from it.
    changed: list[tuple[int, Record]] = field(default_factory=list)
    #: Keys a member admitted whose admission the rules refused or a fork set aside: their
    #: records count for nothing, which is a note, not a failure of the bundle.
    once_admitted: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.header is not None

    def codes(self) -> set[str]:
        return {p.code for p in self.problems}

    def add(self, code: str, message: str, **where: Any) -> None:
        self.problems.append(Problem(code, message, **where))


def cause(report: VerifyReport) -> str:
    """The cause of a failed bundle in one sentence, said before the detail: a record changed
    after it was signed. ``beraad verify`` buried it among some 26 lines of what follows from
    it (the author's later records unplaced, counts, the state hash: naive s12 P8)."""
    if not report.changed:
        return ""
    line, record = report.changed[0]
    state = report.state
    who = _who(record.author)
    if state is not None and record.author in state.members:
        name = readable(state.name(record.author))
        who = _("{name} ({fingerprint})").format(name=name, fingerprint=who)
    if len(report.changed) == 1:
        said = _(
            "Line {line} was changed after {author} signed it ({act}); the problems below "
            "follow from that change."
        )
    else:
        said = ngettext(
            "{n} line was changed after it was signed, first line {line}, by {author} ({act}); "
            "the problems below follow from that.",
            "{n} lines were changed after they were signed, first line {line}, by {author} "
            "({act}); the problems below follow from that.",
            len(report.changed),
        )
    return said.format(n=len(report.changed), line=line, author=who, act=kind_name(record.kind))


def fork_sentence(who: str, seq: int) -> str:
    """What a fork means, for the group: said by verify, the minutes and the app."""
    return _(
        "{author} signed two different records at seq {seq}; from there on the records of "
        "{author} are set aside, but for those the group built on."
    ).format(author=who, seq=seq)


def _may_write(fold: Fold[SessionState], replica: Replica) -> list[str]:
    """Keys the gate does not let write yet: the fold's members, and whom a forker's set-aside
    admission names (whether it counts rests on whether they take part: ``core/forks.py``)."""
    keys = dict.fromkeys([*fold.state.members, *admitted_aside(fold.aside.values())])
    return [key for key in keys if key not in replica.members]


def _who(author: str) -> str:
    return fingerprint(author)


def verify_lines(lines: Iterable[bytes]) -> VerifyReport:
    """Verify a bundle given as its lines (bytes, newline kept); never raises on bad input."""
    report = VerifyReport()
    first, record_lines = read_lines(lines)
    if first is None:
        report.add("header", _("The file is empty: it is not a beraad bundle."))
        return report
    try:
        report.header = parse_header(first.strip())
    except BundleError as error:
        report.add("header", _("Line 1 is not a bundle header: {error}").format(error=error))
        return report
    header = report.header
    report.session = header.session
    records = _decode(record_lines, header.session, report)
    report.records = len(records)
    _check_order(records, report)
    witness = _Witness()
    fold: Fold[SessionState] = Fold(witness)
    accepted = _admit(records, header.session, report, fold)
    _fold(accepted, report, fold, witness)
    _compare_header(header, [r for _line, r in records], report)
    return report


def _decode(lines: Iterable[Line], session: str, report: VerifyReport) -> list[tuple[int, Record]]:
    """Parse and signature-check every record line; bad lines become problems."""
    shaped: list[tuple[int, Record]] = []
    for line in lines:
        if line.error:
            if line.last and not line.ends_cleanly:
                report.add(
                    "truncated",
                    _("Line {line} is cut off: the file was truncated ({error}).").format(
                        line=line.number, error=line.error
                    ),
                    line=line.number,
                )
            else:
                report.add(
                    "line",
                    _("Line {line} is not a record: {error}").format(
                        line=line.number, error=line.error
                    ),
                    line=line.number,
                )
            continue
        try:
            record = Record.from_dict(line.data)
        except RecordError as error:
            report.add(
                "line",
                _("Line {line} is not a valid record: {error}").format(
                    line=line.number,
                    error=reason_text(error),  # HeadsError: in words
                ),
                line=line.number,
            )
            continue
        if record.session != session:
            report.add(
                "session",
                _("Line {line}: record {record} belongs to another session ({other}).").format(
                    line=line.number, record=record.id[:12], other=record.session
                ),
                line=line.number,
                record=record.id,
                author=record.author,
            )
            continue
        shaped.append((line.number, record))
    good: list[tuple[int, Record]] = []
    for (number, record), error in zip(shaped, _signatures(shaped), strict=True):
        if error:
            report.changed.append((number, record))
            report.add(
                "signature",
                _("Line {line}: record {record} by {author} has a bad signature.").format(
                    line=number, record=record.id[:12], author=_who(record.author)
                ),
                line=number,
                record=record.id,
                author=record.author,
            )
        else:
            good.append((number, record))
    return good


def _check_chunk(records: list[Record]) -> list[bool]:
    failed = []
    for record in records:
        try:
            record.verify()
        except RecordError:
            failed.append(True)
        else:
            failed.append(False)
    return failed


def _signatures(records: list[tuple[int, Record]]) -> list[bool]:
    """Per record: did its signature fail? Checked in chunks on two threads."""
    plain = [r for _n, r in records]
    chunks = [plain[i : i + VERIFY_CHUNK] for i in range(0, len(plain), VERIFY_CHUNK)]
    if len(chunks) <= 1:
        return _check_chunk(plain)
    with ThreadPoolExecutor(VERIFY_THREADS) as pool:
        return [failed for chunk in pool.map(_check_chunk, chunks) for failed in chunk]


def _check_order(records: list[tuple[int, Record]], report: VerifyReport) -> None:
    """The lines must be in fold order; a swap, a move or a repeated line breaks it."""
    previous: Record | None = None
    for number, record in records:
        # A fork's two copies share a place (lamport, author, seq): by id between them.
        if previous is not None and (record.order_key, record.id) <= (
            previous.order_key,
            previous.id,
        ):
            if record.id == previous.id:
                message = _("Line {line} repeats record {record}.")
            else:
                message = _(
                    "Line {line}: record {record} is out of fold order (lines were reordered)."
                )
            report.add(
                "order",
                message.format(line=number, record=record.id[:12]),
                line=number,
                record=record.id,
                author=record.author,
            )
        previous = record


def _admit(
    records: list[tuple[int, Record]], session: str, report: VerifyReport, fold: Fold[SessionState]
) -> list[Record]:
    """The replica gate, exactly as on a peer: session id, membership, chains, forks. As on a
    peer, a key counts as a member once the fold accepted its admission (a guest's
    ``member.admit`` admits nobody), so ``fold`` folds what enters, as it enters."""
    replica = Replica(session, fold_admits=True)
    lines = {record.id: number for number, record in records}
    intake = Intake()
    # In steps, each followed by admitting whom the fold accepted (``replica.OFFER_STEP`` says
    # why): offered at once, an admitted member's records past 2,000 overflowed the pool of
    # records from keys not yet admitted and a sound bundle failed.
    for start in range(0, len(records), OFFER_STEP):
        batch = [record for _n, record in records[start : start + OFFER_STEP]]
        steps = [replica.offer(batch, recorded=True)]  # a bundle holds what a gate took
        fold.set_aside_forks(replica.set_aside())
        fold.extend(steps[0].accepted + steps[0].set_aside)
        while fresh := _may_write(fold, replica):
            steps.append(replica.admit_members(fresh, recorded=True))
            fold.set_aside_forks(replica.set_aside())
            fold.extend(steps[-1].accepted + steps[-1].set_aside)
        for step in steps:
            intake.accepted += step.accepted
            intake.set_aside += step.set_aside
            intake.held += step.held
            intake.refused += step.refused
            intake.forks += step.forks
            intake.dropped += step.dropped
    accepted = {r.id for r in intake.accepted}
    if replica.creator is None:
        report.add(
            "session",
            _(
                "No record opens session {session}: its id is not certified by a creator's "
                "session.open."
            ).format(session=session),
        )
    for author, seq in sorted(replica.set_aside().items()):
        # Not a failure: every peer that knows both copies sets the same records aside, and an
        # honest peer's bundle carries both so a reader reaches the same state.
        fork = min((f for f in intake.forks if f.author == author), key=lambda f: f.seq)
        report.refused_by_rules.append(
            Problem(
                "fork",
                fork_sentence(_who(author), seq),
                line=lines.get(fork.records[1].id),
                record=fork.records[1].id,
                author=author,
            )
        )
        report.refused_by_rules += [
            Problem("kept", sentence, record=record_id, author=author)
            for record_id, sentence in kept_sentences(fold.records, fold.kept, author, _who, _)
        ]
    fork_ids = {r.id for fork in intake.forks for r in fork.records}
    for record, reason in intake.refused:
        if record.id in fork_ids:
            continue
        report.add(
            "refused",
            _("Line {line}: record {record} by {author} was refused: {reason}").format(
                line=lines.get(record.id),
                record=record.id[:12],
                author=_who(record.author),
                reason=reason_text(reason),
            ),
            line=lines.get(record.id),
            record=record.id,
            author=record.author,
        )
    waiting = [r for r in intake.held if r.id not in accepted]
    # An admission a fork set aside (either copy, whichever id sorts first, or one its author
    # signed after the fork) admitted someone whose peer took their records while it counted:
    # so an honest bundle reads the same whatever the order (attacker pass 2, finding 4).
    forked = replica.set_aside()
    aside = [r for _n, r in records if r.author in forked and r.seq >= forked[r.author]]
    once_admitted = _admitted_by_members(intake.accepted + aside, fold.state)
    report.once_admitted = once_admitted
    for record in sorted({r.id: r for r in waiting}.values(), key=lambda r: lines[r.id]):
        if not replica.is_member(record.author) and record.author in once_admitted:
            # A peer's gate took it while its fold still counted this admission (a back-dated
            # batch later filled the session): every fold leaves it out alike (fold.Unheard).
            report.refused_by_rules.append(
                Problem(
                    "rules",
                    _(
                        "Line {line}: record {record} by {author} counts for nothing: the rules "
                        "refused the admission of {author}."
                    ).format(
                        line=lines[record.id], record=record.id[:12], author=_who(record.author)
                    ),
                    line=lines[record.id],
                    record=record.id,
                    author=record.author,
                )
            )
        elif not replica.is_member(record.author):
            report.add(
                "member",
                _(
                    "Line {line}: record {record} is by {author}, who is not a member of this "
                    "session by its records."
                ).format(line=lines[record.id], record=record.id[:12], author=_who(record.author)),
                line=lines[record.id],
                record=record.id,
                author=record.author,
            )
    for record in sorted({r.id: r for r in waiting}.values(), key=lambda r: lines[r.id]):
        if replica.is_ahead(record.id):
            report.add(
                "lamport",
                _(
                    "Line {line}: record {record} by {author} claims lamport {lamport}, more than "
                    "{step} past every record before it."
                ).format(
                    line=lines[record.id],
                    record=record.id[:12],
                    author=_who(record.author),
                    lamport=record.lamport,
                    step=MAX_LAMPORT_STEP,
                ),
                line=lines[record.id],
                record=record.id,
                author=record.author,
            )
    for record, why in intake.dropped:
        report.add(
            "held",
            _("Line {line}: record {record} by {author} cannot be held: {reason}").format(
                line=lines[record.id],
                record=record.id[:12],
                author=_who(record.author),
                reason=reason_text(why),
            ),
            line=lines[record.id],
            record=record.id,
            author=record.author,
        )
    placed = accepted | {r.id for r in intake.set_aside}
    for author, (first_missing, last_missing) in sorted(replica.gaps().items()):
        # Every later record of theirs in the file, those over the holding budget too (a
        # damaged journal line of the exporter's left ~3,600 of one member's: attack s13 #2).
        held = sum(
            1
            for _n, r in records
            if r.author == author and r.seq > first_missing and r.id not in placed
        )
        # Each author numbers their records; said in those words, not the field's ("records
        # seq 1 to 1", in Dutch output too: naive s12 P8). What the bundle shows leaves them
        # out, so it is said to be incomplete, not only that something is missing.
        if first_missing == last_missing:
            said = _(
                "Record number {first} of {author} is missing; {held} later records of "
                "theirs cannot be placed: the session as this bundle shows it is incomplete."
            )
        else:
            said = _(
                "Records number {first} to {last} of {author} are missing; {held} later "
                "records of theirs cannot be placed: the session as this bundle shows it is "
                "incomplete."
            )
        report.add(
            "gap",
            said.format(author=_who(author), first=first_missing, last=last_missing, held=held),
            author=author,
        )
    report.accepted = len(intake.accepted)
    return list(intake.accepted)


def _admitted_by_members(records: list[Record], state: SessionState) -> set[str]:
    """Keys named by a ``member.admit`` of a member who may admit (no guest), whether or not
    the rules took it: a peer may have held their records while it counted."""
    named = set()
    for record in records:
        admitter = state.members.get(record.author)
        if record.kind == "member.admit" and admitter is not None and not admitter.guest:
            named.add(record.body.get("member"))
    return named


class _Witness(DeliberationReducer):
    """The deliberation reducer, noting which ``decision.take`` its author had no right to write
    (not a member, only watching, wrong phase, not the steward): every peer ignores such a
    record, so it is refused like any other, while a decision by someone entitled that does not
    hold is a false claim about how the group decided."""

    def __init__(self) -> None:
        self.unentitled: set[str] = set()

    def apply(self, state: SessionState, record: Record) -> None:
        if record.kind == "decision.take":
            try:
                self.check_entitled(state, record)
            except Refusal:
                self.unentitled.add(record.id)
        super().apply(state, record)


def _fold(
    accepted: list[Record], report: VerifyReport, fold: Fold[SessionState], witness: _Witness
) -> None:
    """Recompute the state, and with it every tally behind every decision.

    A record the rules refuse is listed, as the fold on every peer refuses it, and counts for
    nothing. A decision its author was entitled to take but the votes do not support is listed
    apart, as a false claim: it decides nothing on any peer, and a header that says otherwise
    fails on its state hash. (``fold`` already folded ``accepted``, while ``_admit`` gated.)
    """
    report.state = fold.state
    report.state_hash = fold.state_hash()
    report.decisions = list(fold.state.decisions)
    report.actions = list(fold.state.actions.values())
    by_id = {r.id: r for r in [*accepted, *fold.records]}  # a forker's kept records too
    # Refused after a missing record could have stood: they may count on a peer that holds
    # it, so they are not said to be refused "as on every peer" (naive s16 N2).
    gaps = [p.author for p in report.problems if p.code == "gap" and p.author]
    after = refused_after_gaps(fold.rejected, by_id.values(), gaps)
    for record_id, reason in fold.rejected.items():
        record = by_id[record_id]
        if record.kind == "decision.take" and record_id not in witness.unentitled:
            report.false_claims.append(
                Problem(
                    "decision",
                    _("Decision {record} by {author} does not hold: {reason}").format(
                        record=record_id[:12],
                        author=_who(record.author),
                        reason=reason_text(reason),
                    ),
                    record=record_id,
                    author=record.author,
                )
            )
        else:
            report.refused_by_rules.append(
                Problem(
                    "after-gap" if record_id in after else "rules",
                    _("Record {record} ({kind}) by {author} counts for nothing: {reason}").format(
                        record=record_id[:12],
                        kind=kind_name(record.kind),
                        author=_who(record.author),
                        reason=reason_text(reason),
                    ),
                    record=record_id,
                    author=record.author,
                )
            )


def _compare_header(header: Header, records: list[Record], report: VerifyReport) -> None:
    if not header.signature_holds():
        report.add(
            "header",
            _("The header's signature by {exporter} does not hold: the header was changed.").format(
                exporter=_who(header.exporter)
            ),
        )
    state = report.state
    report.exporter_member = state is not None and header.exporter in state.members
    if (
        state is not None
        and not report.exporter_member
        and header.exporter in report.once_admitted
        and report.state_hash == header.state_hash
    ):
        # An honest peer whose admission a fork set aside (or the rules refused) after its gate
        # took it: the records still give its hash, so the bundle holds; said, not failed.
        report.refused_by_rules.append(
            Problem(
                "exporter",
                _(
                    "The header is signed by {exporter}, whose admission was set aside; the "
                    "records give the state hash the header says."
                ).format(exporter=_who(header.exporter)),
                author=header.exporter,
            )
        )
    elif state is not None and not report.exporter_member:
        # Anyone can sign a header; only a member's signature vouches for the session.
        report.add(
            "exporter",
            _("The header is signed by {exporter}, who is not a member of this session.").format(
                exporter=_who(header.exporter)
            ),
            author=header.exporter,
        )
    if header.records != len(records):
        report.add(
            "count",
            _("The header counts {claimed} records; {found} valid records were found.").format(
                claimed=header.records, found=len(records)
            ),
        )
    if header.records_digest != records_digest(r.id for r in records):
        report.add(
            "digest",
            _("The records are not the ones the exporter listed, or not in their order."),
        )
    if report.state_hash != header.state_hash:
        report.add(
            "state_hash",
            _("State hash differs: the header says {claimed}, the records give {found}.").format(
                claimed=header.state_hash, found=report.state_hash
            ),
        )
