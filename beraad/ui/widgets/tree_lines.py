"""A tree's lines laid out again where its nodes changed, the rest taken over as they were.

Textual's tree makes its list of lines (one per shown node, with the path from the top) anew
after any node is added or removed: every line of the tree, each a new object. A peer's
position added under a knot of a big session's positions list laid out ~4,900 lines again,
once per record, while the person typed (naive s15 F1). Here only the lines of the nodes whose
children changed are made again; every run of untouched siblings keeps its lines, copied in
one slice, and only their line numbers move (``TreeNode._line``). What comes out equals
Textual's ``_build`` line for line (tests/ui/test_item_tree_work.py compares them).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from textual.widgets._tree import _TreeLine
from textual.widgets.tree import TreeNode

Node = TreeNode[Any]
Line = _TreeLine[Any]


@dataclass
class Reshaped:
    """What changed in a tree's nodes since its lines were laid out: the nodes added and the
    parents whose children changed, those to lay out whole (their expansion changed), and
    where the lines of the nodes removed began in the old lines."""

    nodes: set[Node] = field(default_factory=set)
    whole: set[Node] = field(default_factory=set)
    cuts: list[int] = field(default_factory=list)

    def adding(self, node: Node) -> None:
        """``node`` was just added to its parent."""
        self.nodes.add(node)
        if node._parent is not None:
            self.nodes.add(node._parent)

    def removing(self, node: Node, old: list[Line] | None) -> None:
        """``node`` is about to be removed from its parent."""
        if node._parent is not None:
            self.nodes.add(node._parent)
        if old is not None and shown_in(old, node):
            self.cuts.append(node._line)

    def expanding(self, node: Node) -> None:
        """``node`` is about to be expanded or collapsed: its lines are laid out whole."""
        self.nodes.add(node)
        self.whole.add(node)

    def clear(self) -> None:
        self.nodes.clear()
        self.whole.clear()
        self.cuts.clear()


def shown_in(old: list[Line], node: Node) -> bool:
    """Did ``node`` have a line in ``old`` (its ``_line`` says where)?"""
    at = node._line
    return 0 <= at < len(old) and old[at].path[-1] is node


class Relaid:
    """The new lines of a tree after ``Reshaped``; ``made`` counts the lines made anew,
    ``moved`` the lines taken over at another line number, ``widest`` the most guides on a
    line made."""

    def __init__(self, old: list[Line], root: Node, attached: Collection[int]) -> None:
        self.old = old
        self.root = root
        self.attached = attached
        self.lines: list[Line] = []
        self.made = 0
        self.moved = 0
        self.widest = 0
        self.touched: set[Node] = set()
        self.whole: set[Node] = set()
        self.cuts: list[int] = []

    def lay_out(self, reshaped: Reshaped) -> list[Line] | None:
        """The tree's lines, or None when they cannot be told from the old ones (a removed
        node's lines inside a run kept: then Textual lays every line out again)."""
        for node in reshaped.nodes:
            if node is not self.root and node._id not in self.attached:
                continue  # removed with an ancestor
            while node is not None and node not in self.touched:
                self.touched.add(node)
                node = node._parent
        self.whole, self.cuts = reshaped.whole, sorted(reshaped.cuts)
        if not self._children([], self.root):
            return None
        return self.lines

    def _fresh(self, path: list[Node], node: Node, last: bool) -> None:
        """``node``'s line and those of its shown children, all made anew (Textual's way)."""
        child_path = [*path, node]
        node._line = len(self.lines)
        self.lines.append(_TreeLine(child_path, last))
        self.made += 1
        self.widest = max(self.widest, len(path))
        if node._expanded:
            children = node._children
            for n, child in enumerate(children, 1):
                self._fresh(child_path, child, n == len(children))

    def _children(self, path: list[Node], parent: Node) -> bool:
        """The lines of ``parent``'s children: the touched ones laid out again, each run of
        untouched ones between them copied from the old lines."""
        children = parent._children
        count = len(children)
        touched = self.touched
        at = sorted(children.index(child) for child in touched if child._parent is parent)
        start = 0
        for index in [*at, count]:
            if start < index and not self._run(children, start, index):
                return False
            if index == count:
                break
            # (Textual draws every line at the top as a last one: no guides join them)
            child, last = children[index], index == count - 1 or parent is self.root
            if child in self.whole or not shown_in(self.old, child):
                self._fresh(path, child, last)
            else:
                child_path = [*path, child]
                child._line = len(self.lines)
                self.lines.append(_TreeLine(child_path, last))
                self.made += 1
                self.widest = max(self.widest, len(path))
                if child._expanded and not self._children(child_path, child):
                    return False
            start = index + 1
        return True

    def _run(self, children: list[Node], start: int, stop: int) -> bool:
        """Copy the old lines of ``children[start:stop]`` (untouched, so shown before and
        unchanged below), renumbered; False when a removed node's lines lie among them."""
        old = self.old
        first, last_child = children[start], children[stop - 1]
        if not shown_in(old, first) or not shown_in(old, last_child):
            return False
        begin = first._line
        after = children[stop] if stop < len(children) else None
        if after is not None and shown_in(old, after) and after._line > last_child._line:
            end = after._line
        else:  # the last child's own lines: those below it, deeper than it
            depth = len(old[last_child._line].path)
            end = last_child._line + 1
            while end < len(old) and len(old[end].path) > depth:
                end += 1
        cuts = self.cuts
        after_begin = bisect_right(cuts, begin)
        if after_begin < len(cuts) and cuts[after_begin] < end:
            return False  # a removed sibling's lines between them
        was_last = old[last_child._line].last
        is_last = stop == len(children) or last_child._parent is self.root
        base = len(self.lines)
        block = old[begin:end]
        self.lines.extend(block)
        if base != begin:
            for number, line in enumerate(block, base):
                line.path[-1]._line = number
            self.moved += len(block)
        if was_last != is_last:  # a sibling came after it, or the one after it went
            at = last_child._line  # (its new number)
            self.lines[at] = _TreeLine(self.lines[at].path, is_last)
            self.made += 1
        return True
