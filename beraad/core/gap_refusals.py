"""Which refusals may follow from a missing record rather than from the group's rules.

With a record of some author missing (a damaged journal line, a bundle that lacks one), the
fold places what it holds without it: a facilitator's move that waits leaves the group in the
phase before, and the positions written after it are refused "the group is in Knots now"
here, while every peer that holds the record counts them (naive s16 N2: minutes and verify
called those refusals "as on every peer"). A refused record folded before the missing one
could have been (its lamport at most that of the author's last record before the gap: the
missing one's is higher) cannot depend on it; any later one may.
"""

from __future__ import annotations

from collections.abc import Iterable

from beraad.core.record import Record


def refused_after_gaps(
    refused: Iterable[str], placed: Iterable[Record], gap_authors: Iterable[str]
) -> set[str]:
    """The ids among ``refused`` that the fold placed after the first point where a missing
    record of one of ``gap_authors`` could stand. ``placed``: the records the fold holds (the
    refused ones among them); a gap author's placed records all come before their gap."""
    last = dict.fromkeys(gap_authors, 0)
    if not last:
        return set()
    by_id: dict[str, Record] = {}
    for record in placed:
        by_id[record.id] = record
        if record.author in last:
            last[record.author] = max(last[record.author], record.lamport)
    line = min(last.values())
    return {rid for rid in refused if rid in by_id and by_id[rid].lamport > line}
