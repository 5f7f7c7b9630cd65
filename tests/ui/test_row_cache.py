"""A list's rows cost their row, not a wrapper each: the label is kept as given and counted once.

Five thousand contributions are five thousand rows in the knots and positions trees; each row
held a closure around its label only to count labels made (~0.2 KB a row). The row keeps the
label function as the view gave it, makes the label the first time it is read, and the cache
counts it then, once."""

from __future__ import annotations

from functools import partial

from rich.text import Text

from beraad.ui.widgets.item_tree import RowCache


def test_a_row_keeps_its_label_as_given_and_counts_it_once_when_read():
    cache = RowCache()
    cache.start()
    labels = [partial(Text, f"knot {n}") for n in range(3)]
    rows = [cache.row(f"knot:{n}", "knot", str(n), (n,), labels[n]) for n in range(3)]
    cache.finish()
    assert [row.label_source for row in rows] == labels  # the very functions, no wrapper
    assert all(row.label_source is label for row, label in zip(rows, labels, strict=True))
    assert cache.labels == 0  # nothing read yet: no label made

    assert rows[1].label.plain == "knot 1"
    assert rows[1].label.plain == "knot 1"
    assert cache.labels == 1

    # Drawn again with a new child under the same row: a new row sharing the label made.
    cache.start()
    child = cache.row("note:9", "note", "9", (9,), partial(Text, "note"))
    again = cache.row("knot:1", "knot", "1", (1,), labels[1], (child,))
    cache.finish()
    assert again is not rows[1] and again.label is rows[1].label
    assert cache.labels == 1
