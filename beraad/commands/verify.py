"""``beraad verify FILE``: check a session bundle without trusting it, and say exactly what fails.

Exit status 0 when every signature, chain, admission, the order, every decision and the state
hash hold; 1 when anything does not (each problem names line, record and author); 2 when the
file cannot be read at all; 3 when the records all hold but a decision someone entitled signed
does not (a false claim: it decides nothing on any peer, and the bundle still imports).
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from beraad.commands.common import fail, print_listed, print_refused, use_profile_language
from beraad.i18n import N_, _, ngettext
from beraad.i18n.os_words import os_reason
from beraad.readable import readable

NAME = "verify"
HELP = N_("check a session bundle: signatures, chains, members, decisions, actions and state hash")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar=_("FILE"), help=_("the bundle to check"))


def run(args: argparse.Namespace) -> int:
    from beraad.core.actions import ACTION_STATUS
    from beraad.core.identity import fingerprint
    from beraad.core.late_reveal import later_notes
    from beraad.core.session import DECISION_RULE_LABELS
    from beraad.export.files import bundle_lines
    from beraad.export.verify import cause, verify_lines
    from beraad.i18n import current_language, render
    from beraad.waiting_words import author_of

    use_profile_language(args)
    path = Path(args.file)
    try:
        report = verify_lines(bundle_lines(path))
    except OSError as error:
        fail(_("Cannot read {path}: {error}").format(path=path, error=os_reason(error)))
    state = report.state
    if found := cause(report):  # the one thing to read first (naive s12 P8)
        print(textwrap.fill(_("FAILED: {cause}").format(cause=found), WIDTH))
        print()
    if report.session:
        title = readable(state.info.title) if state is not None and state.info else "?"
        print(_("session {session}: {title}").format(session=report.session, title=title))
    if report.header is not None:
        who = fingerprint(report.header.exporter)
        if report.exporter_member and state is not None:
            # author_of: a name that looks like another member's carries its fingerprint
            # already (state.name): "root (5MKY-2WCS) (5MKY-2WCS)" said it twice (attack s16 #7).
            print(
                _("exported by {author}, a member").format(
                    author=author_of(state, report.header.exporter)
                )
            )
        else:
            print(
                _("exported by {fingerprint}, not a member of this session").format(fingerprint=who)
            )
    print(
        _("{n} records read, {accepted} accepted").format(
            n=report.records, accepted=report.accepted
        )
    )
    if state is not None:
        _print_member_counts(state)
        _print_who_counts(state)
        for decision in report.decisions:
            option = state.options.get(decision.option)
            print(
                _("decision holds: {option} by {rule}").format(
                    option=readable(option.text) if option else decision.option[:12],
                    rule=_(DECISION_RULE_LABELS.get(decision.method, decision.method)),
                )
            )
            for sentence in later_notes(state, decision):
                print("  " + readable(render(sentence, current_language())))
        _print_consented_ends(state)
        _print_take_overs(state)
        for action in report.actions:
            if not action.live:
                continue
            pullers = ", ".join(readable(state.name(p)) for p in action.pullers) or _("nobody")
            print(
                ngettext(
                    "action: {text} — {status}, pulled by {pullers} ({n} update)",
                    "action: {text} — {status}, pulled by {pullers} ({n} updates)",
                    len(action.updates),
                ).format(
                    text=readable(action.text.splitlines()[0])[:80],  # may hold a bidi mark
                    status=_(ACTION_STATUS.get(action.status, action.status)),
                    pullers=pullers,
                    n=len(action.updates),
                )
            )
    print_refused(report)
    if report.state_hash:
        print(_("state hash: {hash}").format(hash=report.state_hash))
    if report.ok and report.false_claims:
        # The records are authentic (the bundle imports), but not every decision in it holds:
        # a status of its own, so a script never reads "everything holds" (exit status 3).
        print(
            ngettext(
                "OK: every record in this bundle is authentic, but {n} signed decision does not "
                "hold (see the warning above).",
                "OK: every record in this bundle is authentic, but {n} signed decisions do not "
                "hold (see the warning above).",
                len(report.false_claims),
            ).format(n=len(report.false_claims))
        )
        return 3
    if report.ok:
        print(_("OK: everything in this bundle holds."))
        return 0
    print_listed(
        ngettext("FAILED: {n} problem", "FAILED: {n} problems", len(report.problems)).format(
            n=len(report.problems)
        ),
        report.problems,
    )
    return 1


def _print_consented_ends(state: Any) -> None:
    """Each meeting the group ended by consent (``core/end_consent.py``): who proposed it and
    whose "ready" the end rests on; objections that came in later, as for a phase move."""
    for meeting in state.meetings:
        if not meeting.end_proposal:
            continue
        ready = ", ".join(sorted(readable(state.name(m)) for m in meeting.end_consented))
        print(
            _("meeting {number} ended by consent: proposed by {name}, ready: {ready}").format(
                number=meeting.number,
                name=readable(state.name(meeting.end_proposed_by or "")),
                ready=ready,
            )
        )
        proposal = state.proposals.get(meeting.end_proposal)
        if meeting.end_came_later and proposal is not None:
            names = sorted(
                readable(state.name(proposal.said[r].member)) for r in meeting.end_came_later
            )
            print("  " + _("objections that came in later: {names}").format(names=", ".join(names)))


def _print_take_overs(state: Any) -> None:
    """Each take-over of the facilitation (``core/takeover.py``): who asked, from whom, who
    seconded it — the two records the rule rests on, checked by the fold above. Each with
    its time: two requests that did not count read as one line printed twice (naive s18 N9)."""
    from beraad.export.wording import when

    for handover in state.handovers:
        if handover.claim is None:
            continue
        new, old = readable(state.name(handover.to)), readable(state.name(handover.by))
        if handover.seconded_by is None:
            line = _("facilitation taken over by {new} from {old} ({when}); nobody else took part")
        else:
            line = _("facilitation taken over by {new} from {old} ({when}), seconded by {second}")
        second = readable(state.name(handover.seconded_by or ""))
        print(line.format(new=new, old=old, second=second, when=when(handover.at)))
    for claim in state.claims.values():
        if claim.status == "unseen":
            said = _(
                "request by {name} ({when}) to take over from {old} did not count: {old} wrote "
                "on after it without having seen it"
            )
            name, old = readable(state.name(claim.by)), readable(state.name(claim.replaces))
            print(said.format(name=name, old=old, when=when(claim.at)))


def _print_member_counts(state: Any) -> None:
    """The members who count, as the session screen and the lobby count them, then everyone
    else the bundle holds: guests, members waiting for confirmation, observers (a projector)."""
    members = state.members.values()
    print(_("members: {n}").format(n=len(state.participants())))
    print(
        _("also in the bundle: {guests}, {waiting}, {observers}").format(
            guests=ngettext("{n} guest", "{n} guests", sum(m.guest for m in members)).format(
                n=sum(m.guest for m in members)
            ),
            waiting=ngettext(
                "{n} waiting for confirmation",
                "{n} waiting for confirmation",
                sum(m.pending and not m.guest for m in members),
            ).format(n=sum(m.pending and not m.guest for m in members)),
            observers=ngettext(
                "{n} observer", "{n} observers", sum(m.observer for m in members)
            ).format(n=sum(m.observer for m in members)),
        )
    )


#: How many names ``verify`` shows of the guests or of the members waiting for confirmation;
#: the rest are counted (an attack once admitted 493 keys: one line of 493 names said nothing).
SHOWN_NAMES = 5
#: Lines ``verify`` wraps its lists of names to.
WIDTH = 79


def _some_names(state: Any, keys: list[str]) -> str:
    """At most ``SHOWN_NAMES`` names, then how many more there are."""
    names = ", ".join(readable(state.name(k)) for k in keys[:SHOWN_NAMES])
    rest = len(keys) - SHOWN_NAMES
    if rest <= 0:
        return names
    return _("{names} and {n} more").format(names=names, n=rest)


def _print_wrapped(line: str) -> None:
    print(textwrap.fill(line, WIDTH, subsequent_indent="  "))


def _print_who_counts(state: Any) -> None:
    """Guests and members still to be confirmed: in the bundle, counted in no vote or quorum.
    Each as a count and a handful of names, wrapped: there may be hundreds."""
    members = state.members
    guests = [k for k, m in members.items() if m.guest]
    if guests:
        notes = [e for e in state.evaluations.values() if e.author in guests]
        _print_wrapped(
            ngettext(
                "guests (evaluation only, counted nowhere): {names}; {n} evaluation note by guests",
                "guests (evaluation only, counted nowhere): {names}; {n} evaluation notes by guests",  # noqa: E501
                len(notes),
            ).format(names=_some_names(state, guests), n=len(notes))
        )
    waiting = [k for k, m in members.items() if m.pending]
    if waiting:
        _print_wrapped(
            ngettext(
                "{n} admitted but not confirmed, so counted nowhere: {names}",
                "{n} admitted but not confirmed, so counted nowhere: {names}",
                len(waiting),
            ).format(n=len(waiting), names=_some_names(state, waiting))
        )
