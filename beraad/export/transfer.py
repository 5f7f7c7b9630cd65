"""Export and import: the I/O around bundles and minutes, on a node.

``export_bundle`` writes what the node holds of a session in fold order with a signed header;
``import_bundle`` reads a bundle and offers every record down the node's one path (signature
here, then session, membership and chain in the replica gate, then store and fold), so an import
is a sync from a file: same rules, same result in any order, and what the node already had is
simply a duplicate. ``export_minutes`` is what the app's command palette calls.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from beraad.core.record import Record, RecordError
from beraad.events import RecordRefused
from beraad.export import holding
from beraad.export.bundle import BundleError, encode_bundle, parse_header, read_lines
from beraad.export.files import bundle_lines, write_atomically
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from beraad.export.verify import Problem, verify_lines
from beraad.i18n import _
from beraad.i18n.kinds import reason_text
from beraad.i18n.os_words import os_reason
from beraad.readable import readable

FORMATS = ("md", "html", "bundle")


class TransferError(Exception):
    """An export or import cannot be done; the message is in the user's language."""


@dataclass(slots=True)
class ImportReport:
    session: str
    new: int = 0
    already_held: int = 0
    waiting: int = 0
    #: Records by a key that is no member by the bundle's records (an admission the rules
    #: refused): not taken, as ``verify`` does not take them.
    not_members: int = 0
    #: Records from where their author forked on (both copies of the fork included): set aside.
    set_aside: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    header_hash: str = ""
    state_hash: str = ""
    #: What ``beraad verify`` finds in the same bundle (checked before anything is imported).
    problems: list[Problem] = field(default_factory=list)
    #: Records the deliberation rules refuse (as verify lists them): imported, counting for nothing.
    refused_by_rules: list[Problem] = field(default_factory=list)
    #: Decisions a steward signed that the votes do not carry (as verify lists them).
    false_claims: list[Problem] = field(default_factory=list)
    #: True when verify found problems and nothing was imported (``anyway`` was not given).
    stopped: bool = False

    @property
    def matches_header(self) -> bool:
        return self.header_hash == self.state_hash


def export_bundle(node: Any, session_id: str, path: Path) -> int:
    """Write the session as a bundle; returns the number of records written."""
    records: list[Record] = node.bundle_records(session_id)
    lines = encode_bundle(
        node.identity,
        session_id,
        records,
        node.state_hash(session_id),
        int(time.time() * 1000),
    )
    _write(path, lines)
    return len(records)


def minutes_text(node: Any, session_id: str, fmt: str, language: str) -> str:
    """The minutes of a session as Markdown or HTML text, in ``language``."""
    context = Context(
        state=node.state(session_id),
        records=node.records(session_id),
        rejected=node.rejected(session_id),
        state_hash=node.state_hash(session_id),
        language=language,
        set_aside=node.set_aside(session_id),
        kept=node.kept(session_id),
        waiting=node.waiting(session_id),
    )
    document = build_minutes(context)
    if fmt == "md":
        return render_markdown(document)
    if fmt == "html":
        return render_html(document, language)
    raise TransferError(_("Unknown format {format}; choose md or html.").format(format=fmt))


def newsletter_text(
    node: Any, session_id: str, fmt: str, language: str, how_to_take_part: str = ""
) -> str:
    """The newsletter of a trajectory as Markdown or HTML text, in ``language``."""
    from beraad.export.newsletter import build_newsletter

    context = Context(
        state=node.state(session_id),
        records=node.records(session_id),
        state_hash=node.state_hash(session_id),
        language=language,
        waiting=node.waiting(session_id),
    )
    document = build_newsletter(context, how_to_take_part)
    if fmt == "md":
        return render_markdown(document)
    if fmt == "html":
        return render_html(document, language)
    raise TransferError(_("Unknown format {format}; choose md or html.").format(format=fmt))


def export_minutes(
    node: Any, session: str, fmt: str, path: Path | str, language: str, how_to_take_part: str = ""
) -> Path:
    """Write a session's minutes (``fmt`` "md" or "html", or "bundle") to ``path``.

    For the app: ``session`` may be an id prefix; errors are ``TransferError`` or ``NodeError``
    with a message in the user's language. Returns the path written.
    """
    session_id = holding.find_session(node, session)
    target = Path(path).expanduser()
    if fmt == "bundle":
        export_bundle(node, session_id, target)
    elif fmt.startswith("newsletter."):  # "newsletter.md", "newsletter.html"
        text = newsletter_text(node, session_id, fmt.split(".", 1)[1], language, how_to_take_part)
        _write(target, [text.encode("utf-8")])
    else:
        _write(target, [minutes_text(node, session_id, fmt, language).encode("utf-8")])
    return target


def slug(title: str) -> str:
    """A file-name-safe form of a title: lower case, words joined by hyphens."""
    words = re.findall(r"\w+", title.lower())
    return "-".join(words)[:40].strip("-") or "session"


def file_name(title: str, extension: str, today: date) -> str:
    """``beraad-<title>-<date>.<ext>``: an export's name unless the person says otherwise."""
    return f"beraad-{slug(title)}-{today.isoformat()}.{extension}"


def where_to_write(typed: str, name: str) -> Path:
    """Where a file typed as ``typed`` goes: inside it, as ``name``, if it is a folder. Ending
    in a slash it means a folder, and one that is not there is said: "~/usb/" with no stick
    in wrote a file named usb (naive s13 N6), in the app and ``beraad export`` alike."""
    target = Path(typed).expanduser()
    if target.is_dir():
        return target / name
    if typed.endswith(("/", os.sep)):
        raise TransferError(
            _("There is no folder {path}: type a folder that is there, or a file name.").format(
                path=typed
            )
        )
    return target


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) atomically to ``path``; TransferError in the user's words."""
    target = path.expanduser()
    _write(target, [text.encode("utf-8")])
    return target


def _write(path: Path, chunks: Any) -> None:
    try:
        write_atomically(path, chunks)
    except OSError as error:
        raise TransferError(
            _("Cannot write {path}: {error}").format(path=path, error=os_reason(error))
        ) from error


def import_bundle(node: Any, path: Path, *, anyway: bool = False) -> ImportReport:
    """Merge a bundle's records into what the node holds, through the one path.

    The bundle is first checked exactly as ``beraad verify`` checks it; when that finds any
    problem, nothing is imported unless ``anyway`` (then the records that hold on their own
    are), and the report carries the problems either way.
    """
    try:
        first, lines = read_lines(bundle_lines(Path(path)))
        if first is None:
            raise TransferError(_("{path} is empty: it is not a beraad bundle.").format(path=path))
        try:
            header = parse_header(first.strip())
        except BundleError as error:
            raise TransferError(
                _("{path} is not a beraad bundle: {error}").format(path=path, error=error)
            ) from error
        report = ImportReport(session=header.session, header_hash=header.state_hash)
        verified = verify_lines(bundle_lines(Path(path)))
        report.problems, report.refused_by_rules = verified.problems, verified.refused_by_rules
        report.false_claims = verified.false_claims
        if report.problems and not anyway:
            report.stopped = True
            return report
        records: list[Record] = []
        for line in lines:
            where = _("line {line}").format(line=line.number)
            if line.error:
                report.refused.append((where, readable(line.error)))
                continue
            try:
                record = Record.from_dict(line.data)
                record.verify()
            except RecordError as error:
                report.refused.append((where, reason_text(error)))  # readable, in words
                continue
            records.append(record)
    except OSError as error:
        raise TransferError(
            _("Cannot read {path}: {error}").format(path=path, error=os_reason(error))
        ) from error
    _offer(node, header.session, records, report)
    return report


def _offer(node: Any, session_id: str, records: list[Record], report: ImportReport) -> None:
    known = {r.id for r in records if node.holds(r.id)}
    refusals: list[tuple[str, str]] = []

    def listen(event: Any) -> None:
        if isinstance(event, RecordRefused) and event.session == session_id:
            refusals.append(("", reason_text(event.reason)))  # readable, in words

    unsubscribe: Callable[[], None] = node.subscribe(listen)
    try:
        entered = holding.ingest(node, session_id, records) if records else set()
    finally:
        unsubscribe()
    report.refused.extend(refusals)
    offered = {r.id for r in records}
    report.new = len(entered)
    report.already_held = len(known)
    refused_ids = {r for r in offered if any(r[:12] in reason for _w, reason in refusals)}
    left = offered - entered - known - refused_ids
    if session_id in node.session_ids():
        members = node.members(session_id)
        strangers = {r.id for r in records if r.id in left and r.author not in members}
        report.not_members, left = len(strangers), left - strangers
        forked = node.set_aside(session_id)
        aside = {r.id for r in records if r.id in left and r.seq >= forked.get(r.author, r.seq + 1)}
        report.set_aside, left = len(aside), left - aside
    report.waiting = len(left)
    if session_id in node.session_ids():
        report.state_hash = node.state_hash(session_id)
