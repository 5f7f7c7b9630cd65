"""Knots: the tensions, questions and problems the group names, linked and clustered.

A tree shows clusters with their knots, each knot with its links ("relates to", "part of") and
how many people it matters to. Keys act on the knot under the cursor; only one's own words can
be edited or taken back, and a retracted knot stays visible (nobody's words disappear).

A scenario may suggest knots to start from. They are listed below the group's own knots, in the
session's language, until someone adopts them: ``s`` writes the suggestion as the person's own
``knot.add``, after which it is a knot like any other (and no longer a suggestion).
"""

from __future__ import annotations

from functools import cache, partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from beraad.core import session as bodies
from beraad.core.facts import cited, fact_label
from beraad.core.state import Item, Knot, Link, SessionState
from beraad.i18n import N_, _, current_language
from beraad.ui import derived
from beraad.ui.cafe_view import table_mark, table_of
from beraad.ui.phases.base import MEETING_KINDS, VOTE_KINDS
from beraad.ui.phases.proposal import link_question, matters_question
from beraad.ui.phases.touched import IN_KNOTS, touched
from beraad.ui.phases.tree_view import DetailFollowsTheRow, TreeView, allowed, fit_detail
from beraad.ui.plain import first_line, shown
from beraad.ui.widgets.composer import Composer, focus_now
from beraad.ui.widgets.item_tree import KEPT_END, Row
from beraad.ui.widgets.unchanged import FixedPane

RELATIONS = {"relates_to": N_("relates to"), "part_of": N_("part of")}
#: The other side of a "part of" link, seen from the whole.
HAS_PART = N_("has as part")


def item_label(state: SessionState, item: Item, me: str, extra: str = "") -> Text:
    """``text ♥2 (edited) — Name``; a retracted item is struck through but still there."""
    label = Text(no_wrap=True)
    style = "strike dim" if not item.live else ""
    if not item.live:
        label.append(_("(taken back)") + " ", "dim")
    label.append(first_line(item.text), style)
    text_end = len(label)
    if extra:
        label.append(extra)
    mark = table_mark(state, item.id)
    if mark:
        label.append(mark, "dim")
    label.append_text(cite_marks(state, item))
    if item.edited:
        label.append(" " + _("(edited)"), "dim")
    label.append(" " + by_line(state, item, me), "dim italic")
    label.stylize(KEPT_END, text_end)  # a cut row keeps its marks and who said it
    return label


def label_shows(state: SessionState, item: Item, extra: object = "") -> tuple[object, ...]:
    """What ``item_label`` shows of ``item`` that can change: a row whose ``shows`` is the
    same keeps its label (``RowCache``). The fold changes an item in place (an edit adds a
    version, a retraction marks it); a refold makes new, equal items (then compared field by
    field). A cited fact shows its number and whether it is taken back. Not the author's shown
    name: the label reads it when it is made, and a rename makes again only the labels made
    so far (``RowCache.start``'s ``reads``), not every row of that author."""
    cites: tuple[object, ...] = ()
    if item.cites:
        facts = state.facts
        # the number too: a back-dated fact.add numbers the facts anew (F1 becomes F2)
        cites = tuple((facts[f].number, facts[f].live) if f in facts else None for f in item.cites)
    table = table_of(state, item.id) if state.cafes else None
    return (item, len(item.versions), item.retracted, table, cites, extra)


def cite_marks(state: SessionState, item: Item) -> Text:
    """`` [F1] [F2]``: the shared facts an item cites (F9 shows them); one taken back struck."""
    marks = Text()
    for fact in cited(state, item):
        marks.append(" ")
        marks.append(f"[{fact_label(state, fact.id)}]", "bold" if fact.live else "strike dim")
    return marks


def by_line(state: SessionState, item: Item, me: str) -> str:
    """Who said it, after a dash: the author, or the person without a device they wrote it
    for. Your own mark is one phrase ("— jij" in Dutch, but "via jou")."""
    if item.author == me:
        if item.speaker is not None:
            return "— " + _("{name} via {scribe}").format(name=item.speaker, scribe=_("you"))
        return _("— you")
    author = derived.name(state, item.author)
    if item.speaker is not None:
        return "— " + _("{name} via {scribe}").format(name=item.speaker, scribe=author)
    return f"— {author}"


def matters_mark(knot: Knot, me: str) -> str:
    if not knot.matters:
        return ""
    mark = f" ♥{len(knot.matters)}"
    return mark + ("✓" if me in knot.matters else "")


@cache
def scenario_knots(scenario_id: str) -> tuple[dict[str, str], ...]:
    """The knots a shipped scenario suggests (each in every language); none if it is unknown."""
    from beraad.core.scenario import ScenarioError
    from beraad.scenarios import get_scenario

    try:
        return get_scenario(scenario_id).knots
    except (KeyError, ScenarioError, OSError):
        return ()


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


_taken: tuple[SessionState, dict[str, int], set[str]] | None = None


def taken_texts(state: SessionState) -> set[str]:
    """Every text a knot of ``state`` has had (each version), as ``_same`` compares them: kept
    for the state and grown by the knots and versions new since, not made again at every
    drawing (each record walked and normalised every version of every knot: attack13
    finding 2). The fold only adds knots and versions, never removes one."""
    global _taken
    if _taken is None or _taken[0] is not state:
        _taken = (state, {}, set())
    _state, seen, texts = _taken
    for knot in state.knots.values():
        versions = knot.versions
        counted = seen.get(knot.id, 0)
        if len(versions) != counted:
            texts.update(_same(version.text) for version in versions[counted:])
            seen[knot.id] = len(versions)
    return texts


def suggested_knots(state: SessionState) -> list[tuple[int, str]]:
    """(index, text) of the scenario's suggested knots nobody has adopted yet, in the session's
    language. Adopted means a knot with that text exists (also edited or taken back since)."""
    info = state.info
    if info is None or not info.scenario:
        return []
    suggested = scenario_knots(info.scenario)
    if not suggested:
        return []
    taken = taken_texts(state)
    found = []
    for index, texts in enumerate(suggested):
        text = texts.get(info.language) or texts.get("en", "")
        if text and _same(text) not in taken:
            found.append((index, text))
    return found


def cluster_label(state: SessionState, cluster: Item, me: str) -> Text:
    label = Text("▣ ", "bold")
    label.append_text(item_label(state, cluster, me))
    return label


def link_label(knot: Knot, link: Link, other: Knot) -> Text:
    """``↔ relates to: <the other knot>``, seen from ``knot``; a link taken back struck."""
    if link.relation == "part_of" and link.target == knot.id:
        relation = _(HAS_PART)
    else:
        relation = _(RELATIONS[link.relation])
    label = Text(f"↔ {relation}: ", "italic")
    label.append(first_line(other.text, 60), "strike dim" if not link.live else "")
    return label


#: Actions on the row under the cursor.
ROW_ACTIONS = ("adopt", "edit", "retract", "matters", "link", "pick")
#: The record each phase-bound row action writes: not offered where the phase refuses it.
WRITES = {"adopt": "knot.add", "matters": "knot.matter", "link": "knot.link"}
#: The row's keys line in the detail, the most used first (``TreeView.row_keys``).
ROW_KEYS_ORDER = ("adopt", "matters", "link", "edit", "retract", "pick", "cluster")


class KnotsView(DetailFollowsTheRow, TreeView):
    phase = "knots"
    row_keys_order = ROW_KEYS_ORDER
    unaffected_by = VOTE_KINDS | MEETING_KINDS | {"weight.set"}
    row_actions = frozenset((*ROW_ACTIONS, "cluster"))  # g clusters what rows picked
    DEFAULT_CSS = """
    KnotsView { height: 1fr; }
    KnotsView #knots-detail { height: 3; padding: 0 1; color: $text-muted; }
    KnotsView Composer { padding: 0 1; }
    """
    BINDINGS = [
        Binding("a", "add", N_("Add")),
        Binding("e", "edit", N_("Edit"), show=False),
        Binding("r", "retract", N_("Take back"), show=False),
        Binding("m", "matters", N_("Matters to me"), show=False),
        Binding("s", "adopt", N_("Adopt"), show=False),
        Binding("l", "link('relates_to')", N_("Link"), show=False),
        Binding("p", "link('part_of')", N_("Part of"), show=False),
        Binding("c", "pick", N_("Pick for a cluster"), show=False),
        Binding("g", "cluster", N_("Cluster the picked"), show=False),
        Binding("escape", "cancel", show=False),
    ]

    adds = "knot.add"

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.linking: str | None = None
        """The knot a link starts from, while the person chooses the other one."""
        self.picked: list[str] = []
        """Knots picked for a new cluster, in the order they were picked."""
        self._suggestions: dict[str, str] = {}
        """The suggestion rows shown now: row key → text."""
        self._body: tuple[list[Row], dict[str, int]] | None = None
        """The last drawing's rows above the suggestions, and where each unclustered knot's
        row is in them (None when a record's rows cannot be put in: café tables, none)."""

    def compose(self) -> ComposeResult:
        yield from self.tree_and_box(
            _("New knot:"),
            "add",
            input_id="knot-text",
            placeholder=_("a tension, question or problem; Enter adds it"),
        )

    def takes_typing(self, state: SessionState) -> bool:
        return allowed(state, "knot.add") or self.composer.mode != "add"

    def rows(self, state: SessionState, me: str) -> list[Row]:
        """Clusters, knots (by café table when written at one) and the scenario's suggestions;
        a row is built again only when what it shows changed (``RowCache``), and only the rows
        the records since the last drawing touched are looked at (``touched``, ``IN_KNOTS``)."""
        grouped = derived.of(state)
        context = (me, tuple(self.picked), self.linking, current_language(), state.phase)
        since = self.records_since(state, context)
        body, self._body = self._body, None  # (none kept if this drawing fails)
        rows_touched = (
            None if since is None or body is None else touched(state, grouped, since, IN_KNOTS)
        )
        if rows_touched is not None and body is not None and rows_touched[0] <= body[1].keys():
            return self._touched_rows(state, grouped, me, body, *rows_touched)
        return self._every_row(state, grouped, me)

    def _touched_rows(
        self,
        state: SessionState,
        grouped: derived.Derived,
        me: str,
        body: tuple[list[Row], dict[str, int]],
        changed: set[str],
        added: list[str],
    ) -> list[Row]:
        """The last drawing's rows with those of the ``changed`` knots built again and the
        ``added`` ones after the others; the suggestions under them worked out again."""
        cache = self.row_cache
        cache.start(me, grouped.names, keep=True)
        rows, at = list(body[0]), dict(body[1])
        for knot in changed:
            rows[at[knot]] = self._knot_row(state, grouped, state.knots[knot], me, "")
        for knot in added:
            at[knot] = len(rows)
            rows.append(self._knot_row(state, grouped, state.knots[knot], me, ""))
        self._body = (rows, at)
        rows = [*rows, *self._suggested(state)]
        cache.finish()
        return rows

    def _every_row(self, state: SessionState, grouped: derived.Derived, me: str) -> list[Row]:
        """Every row, each looked at (built again only when what it shows changed)."""
        cache = self.row_cache
        cache.start(me, grouped.names)
        clustered: set[str] = set()
        rows: list[Row] = []
        for cluster in state.clusters.values():
            key = f"cluster:{cluster.id}"
            children = tuple(
                self._knot_row(state, grouped, state.knots[k], me, f"{key}/")
                for k in cluster.knots
                if k in state.knots
            )
            if cluster.live:
                clustered.update(cluster.knots)
            shows = label_shows(state, cluster)
            label = partial(self.label_now, cluster_label, cluster)
            rows.append(cache.row(key, "cluster", cluster.id, shows, label, children))
        at_tables: dict[tuple[int, int], list[Row]] = {}
        unclustered: dict[str, int] = {}  # knot → its row's place
        for knot in state.knots.values():
            if knot.id in clustered:
                continue
            found = table_of(state, knot.id) if state.cafes else None
            if found is None:
                unclustered[knot.id] = len(rows)
                rows.append(self._knot_row(state, grouped, knot, me, ""))
            else:  # the café's harvest, grouped by the table it was written at
                at_tables.setdefault(found, []).append(self._knot_row(state, grouped, knot, me, ""))
        for (cafe, table), children in sorted(at_tables.items()):
            question = state.cafes[cafe].tables[table].question
            heading = Text(
                _("Café table {number}: {question}").format(
                    number=table + 1, question=first_line(question, 60)
                ),
                "bold",
            )
            key = f"cafe:{cafe}:{table}"
            rows.append(Row(key, "cafe-table", None, heading, tuple(children)))
        if not rows:
            empty = _("No knots yet.")
            rows.append(Row("empty", "empty", None, Text(empty, "dim italic")))
        elif not state.cafes:  # clusters, then a row per knot: what a record's rows go into
            self._body = (list(rows), unclustered)
        rows.extend(self._suggested(state))
        cache.finish()
        return rows

    def _suggested(self, state: SessionState) -> list[Row]:
        """The scenario's suggestions not taken yet, as one row (none when there are none)."""
        suggestions = suggested_knots(state) if allowed(state, "knot.add") else []
        self._suggestions = {f"suggestion:{index}": text for index, text in suggestions}
        if not suggestions:
            return []
        children = tuple(
            Row(f"suggestion:{index}", "suggestion", None, Text("☆ " + first_line(text)))
            for index, text in suggestions
        )
        heading = Text(_("Suggested by the scenario (s then Enter adopts one)"), "italic")
        return [Row("suggestions", "suggestions", None, heading, children)]

    def _knot_row(
        self, state: SessionState, grouped: derived.Derived, knot: Knot, me: str, prefix: str
    ) -> Row:
        self.rows_walked += 1
        key = f"{prefix}knot:{knot.id}"
        marks = matters_mark(knot, me)
        if knot.id in self.picked:
            marks += " ◆"
        if knot.id == self.linking:
            marks += " ⇢"
        children = []
        for link in grouped.links_of(knot.id):
            other_id = link.target if link.source == knot.id else link.source
            other = state.knots.get(other_id)
            if other is None:
                continue
            shows = (link, link.retracted, other, len(other.versions))
            label = partial(link_label, knot, link, other)
            children.append(
                self.row_cache.row(f"{key}/link:{link.id}", "link", link.id, shows, label)
            )
        shows = label_shows(state, knot, marks)
        label = partial(self.label_now, item_label, knot, marks)
        return self.row_cache.row(key, "knot", knot.id, shows, label, tuple(children))

    def _detail(self) -> None:
        state, row = self.state, self.tree.current
        detail = Text()
        if self.linking is not None and state is not None and self.linking in state.knots:
            detail.append(
                _(
                    "Linking “{knot}”: go to the other knot and press l (relates to) "
                    "or p (part of); Escape stops."
                ).format(knot=first_line(state.knots[self.linking].text, 40)),
                "bold",
            )
        elif row is not None and row.key in self._suggestions:
            detail.append(self._suggestions[row.key])
            detail.append(
                "\n" + _("A suggestion from the scenario: s then Enter adds it as your own knot."),
                "dim",
            )
        elif state is not None and row is not None and row.item is not None:
            item = state.item(row.item) if row.kind != "link" else None
            keys = self.row_keys()
            if keys:  # the footer has no room for them: said where they work, on the row
                detail.append(keys + "\n", "bold")
            if item is not None:
                detail.append(shown(item.text))
                if isinstance(item, Knot) and item.matters:
                    names = ", ".join(state.name(m) for m in item.matters)
                    detail.append("\n♥ " + _("Matters to: {names}").format(names=names), "dim")
                if not item.live and item.retract_reason:
                    detail.append(
                        "\n" + _("Taken back: {reason}").format(reason=shown(item.retract_reason)),
                        "dim",
                    )
        elif self.picked:
            detail.append(
                _("{count} knots picked; g then Enter clusters them.").format(
                    count=len(self.picked)
                )
            )
        fit_detail(self, self.query_one("#knots-detail", FixedPane), detail)

    # Acting ---------------------------------------------------------------------------------

    def row_key_said(self, action: str) -> bool:
        """`g` is named on the row's keys line once knots are picked: it was named nowhere
        there, and "c Pick for a cluster" led to no next step (naive s12 P9)."""
        if action == "cluster" and not self.picked:
            return False
        return super().row_key_said(action)

    def _current(self, *kinds: str) -> Row | None:
        row = self.tree.current
        return row if row is not None and row.kind in kinds and row.item else None

    def _own(self, row: Row | None) -> Item | None:
        if row is None or self.state is None or row.item is None:
            return None
        item = self.state.item(row.item)
        return item if item is not None and item.author == self.me and item.live else None

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return None
        if action in WRITES and not allowed(state, WRITES[action]):
            return False  # the phase refuses it, row chosen or not (naive s10)
        if action in ROW_ACTIONS and self.tree.current is None and self.tree.last_line >= 0:
            return True  # the action says how to choose a row first
        if action == "add":
            # With no row chosen every letter typed in the list goes to the box: `a` too, or
            # it ate the first letter of a word ("auto's" became "uto's"); the box is right
            # under the list, and the keys go there with the letter.
            return allowed(state, "knot.add") and not self._in_a_list_with_no_row()
        if action == "adopt":
            row = self.tree.current
            return (
                allowed(state, "knot.add")
                and row is not None
                and row.kind in ("suggestion", "suggestions")
            )
        if action == "matters":
            return allowed(state, "knot.matter") and self._current("knot") is not None
        if action == "link":
            return allowed(state, "knot.link") and self._current("knot") is not None
        if action in ("pick", "cluster"):
            return allowed(state, "knot.cluster") or None
        if action == "edit":
            return self._own(self._current("knot", "cluster")) is not None
        if action == "retract":
            row = self._current("knot", "cluster", "link")
            if row is not None and row.kind == "link" and row.item in state.links:
                link = state.links[row.item]
                return link.author == self.me and link.live
            return self._own(row) is not None
        return True

    def asks(self, action: str, parameters: tuple[object, ...], row: str) -> str | None:
        """A link's second key names both knots it would join, the first the knot it starts
        from; `m` says whether it marks or takes the mark away (naive s12 K3, K6)."""
        chosen, state = self._current("knot"), self.state
        knot = state.knots.get(chosen.item) if state is not None and chosen is not None else None
        if state is None or chosen is None or knot is None:
            return None
        if action == "matters":
            return matters_question(self.me in knot.matters, row)
        if action == "link":
            first = state.knots.get(self.linking) if self.linking is not None else None
            relation = str(parameters[0]) if parameters else "relates_to"
            same = first is not None and first.id == knot.id
            return link_question(first.text if first is not None else None, row, relation, same)
        return None

    def action_add(self) -> None:
        self.composer.reset()
        focus_now(self.composer.input)

    def action_adopt(self) -> None:
        """The suggestion under the cursor becomes this person's own knot."""
        if self.tree.no_row_yet():
            return
        row = self.tree.current
        if row is not None and row.kind == "suggestions" and self._suggestions:
            # On the heading: go to the first suggestion, whose whole text the detail shows.
            self.tree.select_key(next(iter(self._suggestions)))
            return
        text = self._suggestions.get(row.key) if row is not None else None
        if text is not None:
            self.contribute("knot.add", bodies.text_body(text))

    def action_edit(self) -> None:
        if self.tree.no_row_yet():
            return
        self.start_edit(self._own(self._current("knot", "cluster")))

    def action_retract(self) -> None:
        if self.tree.no_row_yet():
            return
        row = self._current("knot", "cluster", "link")
        own = row is not None and bool(self.may("retract", ()))
        self.start_retract(row.item if own and row is not None else None)

    def action_matters(self) -> None:
        if self.tree.no_row_yet():
            return
        row = self._current("knot")
        if row is None or self.state is None or row.item not in self.state.knots:
            return
        knot = self.state.knots[row.item]
        self.contribute("knot.matter", bodies.matter_body(knot.id, self.me not in knot.matters))

    def action_link(self, relation: str) -> None:
        if self.tree.no_row_yet():
            return
        row = self._current("knot")
        if row is None or row.item is None:
            return
        if self.linking is None or self.linking == row.item:
            self.linking = None if self.linking == row.item else row.item
        else:
            self.contribute("knot.link", bodies.link_body(self.linking, row.item, relation))
            self.linking = None
        self._redraw()

    def action_pick(self) -> None:
        if self.tree.no_row_yet():
            return
        row = self._current("knot")
        if row is None or row.item is None:
            return
        if row.item in self.picked:
            self.picked.remove(row.item)
        else:
            self.picked.append(row.item)
        self._redraw()

    def action_cluster(self) -> None:
        if not self.picked:
            self.notify(_("Pick knots with c first."), severity="warning")
            return
        self.composer.display = True
        self.composer.start("cluster", _("Name of the cluster:"), target=list(self.picked))

    def action_cancel(self) -> None:
        self.linking = None
        self.picked = []
        self._redraw()

    def _redraw(self) -> None:
        if self.state is not None:
            self.show(self.state, self.me)

    @on(Composer.Written)
    def _written(self, event: Composer.Written) -> None:
        event.stop()
        if self.write_edit_or_retract(event):
            return
        if event.mode == "add":
            self.send(event, "knot.add", bodies.text_body(event.text))
        elif event.mode == "cluster":
            self.send(event, "knot.cluster", bodies.cluster_body(event.text, event.target))

    @on(Composer.Cancelled)
    def _cancelled(self, event: Composer.Cancelled) -> None:
        event.stop()
        focus_now(self.composer.input)  # Escape never moves typing into a list

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (a refusal gives the text back)."""
        if error is not None:
            self.finish_writing(kind, body, error)  # shows the refusal in this view
            return
        if kind == "knot.cluster":
            self.picked = []
        self.finish_writing(kind, body, error)
        self._redraw()
