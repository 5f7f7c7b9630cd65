"""A peer's vote costs the decide view the rows it changed, not the whole 60 × 40 matrix.

The view keeps what its last tally worked out and wrote (``tallied.Memo``): the matrix cells of
the options whose rows did not change, the rows of the tables written from them and those rows'
lines. Counted here on real signed records folded by the real fold: one member scoring one option
works out at most the options their sheet changed (the ones they left, the one they scored),
and the tables then read, to the character, as a tally written from nothing.
"""

from __future__ import annotations

import contextlib

from rich.console import Group
from rich.text import Text

from benchmarks.ui import MEMBERS, build_session, peer_vote
from beraad.core import session as bodies
from beraad.core.matrix import MatrixMemo
from beraad.core.tally import TallyError, decision_body
from beraad.ui import tallied
from beraad.ui.widgets.tally_table import TallyTable

#: Enough contributions for the whole matrix: 40 criteria, 60 options, five score sheets.
CONTRIBUTIONS = 1_400


def text_of(shown: tallied.Shown, width: int) -> list[object]:
    """What the panel reads at ``width``: big tables as the lines the screen shows, small ones
    (drawn by Rich) as their cells, sentences as their text."""
    assert isinstance(shown.tables, Group)
    texts: list[object] = []
    for part in shown.tables.renderables:
        if isinstance(part, TallyTable) and part.fast:
            texts.extend("".join(s.text for s in line) for line in part.lines(width))
        elif isinstance(part, TallyTable):
            texts.append([[str(c) for c in cells] for cells, _style in part.rows])
        else:
            assert isinstance(part, Text)
            texts.append(part.plain)
    return texts


def test_a_vote_works_out_the_options_it_changed_and_reads_as_a_fresh_tally():
    w = build_session(CONTRIBUTIONS)
    memo = tallied.Memo()
    first = tallied.shown(tallied.snapshot(w.fold.state), "matrix", None, None, 78, memo)
    assert first.tables is not None
    assert memo.matrix.recomputed == 60 and memo.tables.rows_written == 60
    tallied.shown(tallied.snapshot(w.fold.state), "matrix", None, None, 78, memo)
    assert (memo.matrix.recomputed, memo.tables.rows_written) == (60, 60)  # nothing changed

    # Cold, the whole matrix is work for the thread; warm, nothing changed is no work.
    assert tallied.work(w.fold.state, "matrix") > tallied.INLINE_WORK
    assert tallied.work(w.fold.state, "matrix", memo) == 0

    for tick in range(1, 3):
        w.fold.add(peer_vote(w, tick))  # Bart scores one option: his whole sheet is that one
        # A vote of one option is cheap enough to tally at once on the UI thread (from the
        # second: his first replaces a sheet of twelve options).
        inline = tallied.work(w.fold.state, "matrix", memo) <= tallied.INLINE_WORK
        assert inline == (tick > 1)
        state = tallied.snapshot(w.fold.state)
        recomputed, written = memo.matrix.recomputed, memo.tables.rows_written
        added, checked = TallyTable.rows_added, memo.matrix.rows_checked
        kept = tallied.shown(state, "matrix", None, None, 78, memo)
        # His first such vote leaves the twelve options of his sheet; later ones two at most.
        changed = memo.matrix.recomputed - recomputed
        assert changed <= (12 if tick == 1 else 2)
        assert memo.tables.rows_written - written == changed
        # The tables take in the rows of those options only (a mean row, a row per member),
        # the other 300-odd rows stay where they are (all 360 were added and measured again);
        # the tally checks the rows his sheet changed, not every member's 60 (or 12).
        assert TallyTable.rows_added - added == changed * (1 + len(MEMBERS))
        assert memo.matrix.rows_checked - checked == 1  # his one row
        fresh = tallied.shown(state, "matrix", None, None, 78)
        assert kept.rule == fresh.rule and kept.key == fresh.key
        width = 78 if tick == 1 else 198  # other bands: lines kept per band
        assert text_of(kept, width) == text_of(fresh, width)

    # A member takes another name: every row naming them is written again, and reads the same.
    w.write(2, "member.name", bodies.name_body("Christa"))
    state = tallied.snapshot(w.fold.state)
    kept = tallied.shown(state, "matrix", None, None, 78, memo)
    fresh = tallied.shown(state, "matrix", None, None, 78)
    assert any("Christa" in str(line) for line in text_of(kept, 78))
    assert text_of(kept, 78) == text_of(fresh, 78)

    # Voting closed, the footer asks after every key whether the decision can be taken: with
    # its memo the matrix is worked out once, then only again in rows that changed.
    w.write(0, "vote.close", bodies.close_body("score.set"))
    take = MatrixMemo()
    for _ask in range(3):
        with contextlib.suppress(TallyError):  # a tie needs the steward's choice
            decision_body(w.fold.state, None, "matrix", memo=take)
    assert take.recomputed == 60


def test_a_fresh_tally_names_each_member_once_not_once_per_row(monkeypatch):
    """The sheets table has a row per member and option (300 at 60 options, five members):
    each row made its member's name cell anew (clipped, a ``Text``) and put the option's 40
    cells in column order again, in the tally's thread at every opening. A member's name is
    made once for their rows (and once for the weights table), the cells ordered once per
    option. Counted, never timed."""
    from beraad.ui.widgets import tally_format

    w = build_session(CONTRIBUTIONS)
    named: list[str] = []
    name = tally_format._name

    def counted(state, member):  # type: ignore[no-untyped-def]
        named.append(member)
        return name(state, member)

    monkeypatch.setattr(tally_format, "_name", counted)
    shown = tallied.shown(tallied.snapshot(w.fold.state), "matrix", None, None, 78)
    assert isinstance(shown.tables, Group)
    sheets = [p for p in shown.tables.renderables if isinstance(p, TallyTable)][-1]
    assert len(sheets.rows) == 5 * 60
    assert len(named) <= 2 * 5, len(named)  # before: 5 + 300
    # each row still names its member, as the weights table does
    assert {str(cells[0]) for cells, _style in sheets.rows} == set(MEMBERS)
