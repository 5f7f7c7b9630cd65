"""Which view shows each phase: found by name in ``beraad.ui.phases``, a plain notice where
this build has none (an older beraad reading a newer session's phases); and a view mounted
behind given its sizes before its first look."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Self, cast

from rich.console import Console
from rich.text import Text
from textual import events
from textual._compositor import Compositor
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Static

from beraad.core.facts import fact_label
from beraad.core.kinds import CITING_KINDS, KINDS
from beraad.core.session import PHASES
from beraad.core.state import SessionState
from beraad.i18n import _, ngettext
from beraad.ui.guest import is_guest
from beraad.ui.phases.base import PhaseView
from beraad.ui.screens.since_last_time import between_line
from beraad.ui.widgets.phase_bar import phase_label

#: The phases where something that cites shared facts can be added (knots, positions, options).
CITING_PHASES = frozenset(phase for kind in CITING_KINDS for phase in KINDS[kind].phases)
#: Where each phase's view lives; a missing module (not built yet) gets a plain notice instead.
VIEW_MODULES: dict[str, str] = {phase: f"beraad.ui.phases.{phase}" for phase in PHASES}


class UnavailableView(PhaseView):
    """Stands in for a phase whose view this build does not have."""

    def compose(self) -> ComposeResult:
        yield Static(
            _("This version of beraad cannot show the {phase} phase yet.").format(
                phase=phase_label(self.phase)
            ),
            classes="hint",
        )

    def show(self, state: SessionState, me: str) -> None:
        pass


def view_class(phase: str) -> type[PhaseView]:
    """The ``PhaseView`` subclass for ``phase``, found in its module by its ``phase`` name."""
    try:
        module = importlib.import_module(VIEW_MODULES[phase])
    except ImportError:
        module = None
    for value in vars(module).values() if module is not None else ():
        if isinstance(value, type) and issubclass(value, PhaseView) and value.phase == phase:
            return value
    return cast(type[PhaseView], type(f"Unavailable_{phase}", (UnavailableView,), {"phase": phase}))


class BarLine(Static):
    """A line above the views (what one looks at, what one cites): as high as its words,
    with nothing to scroll. Textual lays the screen out again whenever a widget's
    ``virtual_size`` changes, and this line's changes the first time it shows: the first
    look at another phase than the group's cost a second layout and frame for it."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=False)


class Views(ContentSwitcher):
    """The phase views, one shown. Textual lays the screen out again whenever a widget's
    ``virtual_size`` changes (for scroll bars), and the switcher's is that of the view it
    shows: every look between views of another height cost a second layout and frame. The
    switcher has nothing to scroll (each view scrolls itself) and fills what is left; the
    layout that changed it paints it (a repaint asked for after was one more frame)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=False)

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        """A layout asked of the switcher (a view mounted, shown or hidden) does not repaint
        it: the screen's layout repaints whatever moved, and the switcher draws nothing of
        its own under its views. A view mounted hidden behind moved nothing, yet Textual's
        mount asked its parent for a layout with a repaint: a frame of the views' whole area,
        the same as the last, per view mounted (seven in the opening's first two seconds,
        which kept the screen from ever being still: issue 15)."""
        if layout and not regions:
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


#: Layouts of a view behind at most, one per still moment: each lets what its sizes changed
#: (a table's rows for a wider column, a line that now wraps) settle before the next.
BEHIND_LAYOUTS = 3


def lay_out_behind(
    view: Widget,
    room: Size,
    rounds: int = BEHIND_LAYOUTS,
    then: Callable[[], object] | None = None,
) -> None:
    """Give a view mounted hidden the sizes it will have once shown in ``room`` (the phase
    views' switcher), as Textual's layout of the screen would, so that the first look at it
    is one layout and one frame, like any later look. Textual sizes a widget only once it is
    on screen: the first look gave every widget of the view its first size, its handlers
    then changed what they show for it (the options' column, a table measuring its rows),
    and that asked for a second layout and frame. Here that happens behind, while the screen
    is still; again at the next still moment until nothing changes (a table that measured
    its rows meanwhile gets its scroll bars, and its view the room they leave). ``then`` is
    called once that is done (or cannot be: the view shown or gone meanwhile)."""
    if not view.is_attached or view.display or not room:
        if then is not None:
            then()
        return
    view.laid_out_behind = False  # type: ignore[attr-defined]
    # A look waits for this view (``OneFrameSwitch._ready_behind``): each next round as soon
    # as the widgets have heard of their sizes, and the tables measure their rows now, not
    # after the screen's next refresh and their idle moment: under load each such hop waited
    # its turn, and the look came complete at 1.8-2.0 s where shown as it came its last
    # change was at 0.83 s (a889505, reverted in 19d9319).
    awaited = getattr(view, "awaited", False)
    hop = view.call_later if awaited else view.call_after_refresh
    placed, _ = Compositor()._arrange_root(view, room, visible_only=False)
    changed = 0
    for widget, (region, _, _, virtual, container, *_rest) in placed.items():
        before = looks(widget)
        widget._size_updated(region.size, virtual, container)
        if rounds == BEHIND_LAYOUTS or looks(widget) != before:
            widget.post_message(events.Resize(region.size, virtual, container))
            changed += looks(widget) != before
    measuring = [w for w in placed if getattr(w, "_require_update_dimensions", False)]
    if measuring and awaited:
        for table in measuring:
            measure_now(table)
        hop(lay_out_behind, view, room, rounds, then)
    elif measuring:  # a table still measures its rows (when it is idle): lay out after that
        hop(lay_out_behind, view, room, rounds, then)
    elif changed and rounds > 1:
        hop(lay_out_behind, view, room, rounds - 1, then)
    else:
        view.laid_out_behind = True  # type: ignore[attr-defined]
        if then is not None:
            then()


def give_sizes(view: Widget, room: Size) -> None:
    """Give a view mounted hidden the sizes it will have in ``room`` before it is first
    drawn: drawn first, the options measured their 60 rows at a guessed column width, and
    again at their own once laid out behind (``lay_out_behind`` does the rest)."""
    if not view.is_attached or view.display or not room:
        return
    placed, _ = Compositor()._arrange_root(view, room, visible_only=False)
    for widget, (region, _, _, virtual, container, *_rest) in placed.items():
        widget._size_updated(region.size, virtual, container)


def measure_now(table: Widget) -> None:
    """What Textual's ``DataTable`` does in its idle moment, now: measure the rows added
    (their heights, the columns' widths)."""
    if not isinstance(table, DataTable):
        return
    data = cast(DataTable[Any], table)
    if data._updated_cells:
        updated = data._updated_cells.copy()
        data._updated_cells.clear()
        data._update_column_widths(updated)
    if data._require_update_dimensions:
        data._require_update_dimensions = False
        rows = data._new_rows.copy()
        data._new_rows.clear()
        data._update_dimensions(rows)


def in_sight_now(view: PhaseView, room: Size) -> None:
    """Scroll what the view's arrival brings into sight (``PhaseView.arrival_sight``) before
    the layout that shows the view, from the view's own arrangement in ``room`` (what that
    layout will place; Textual caches it for the layout): scrolled once laid out, the first
    look at the opening at 80×24 (its box below the rules) and a return to a long ballot
    were a second layout and frame after the look's. The scroll after the layout stays
    (``focus_default``, ``header_in_sight``) and finds nothing left to do."""
    if not view.is_mounted or not room:
        return
    sight = view.arrival_sight()
    if sight is None:
        return
    widget, top = sight
    page = next((node for node in widget.ancestors if isinstance(node, ScrollableContainer)), None)
    if page is None or view not in page.ancestors_with_self:
        return
    placed, _ = Compositor()._arrange_root(view, room, visible_only=False)
    if widget not in placed or page not in placed:
        return
    window = page._get_scrollable_region(placed[page].region.shrink(page.styles.gutter))
    # Placed on the screen with the page's scroll; in the page's own (virtual) space here.
    region = placed[widget].region.grow(widget.styles.margin)
    region = region.translate(page.scroll_offset - window.offset)
    if top is None:  # the top of what does not fit whole (``VoteGrid.header_in_sight``)
        top = widget.outer_size.height > window.height
    delta = Region.get_scroll_to_visible(window.at_offset(page.scroll_offset), region, top=top)
    if delta:
        x, y = page.scroll_offset + delta
        page.scroll_to(x, y, animate=False, immediate=True)
        # The screen hears of the scroll and of the scroll bar's new place now, before the
        # layout the look asks for (a widget tells it only once idle: after that frame).
        for node in (page, page._vertical_scrollbar, page._horizontal_scrollbar):
            if node is not None and (node._scroll_required or node._repaint_required):
                node._check_refresh()


def looks(widget: Widget) -> tuple[object, ...]:
    """What a widget's handlers size what they show by: its size and its scroll bars."""
    return (
        widget._size,
        widget.virtual_size,
        widget.show_vertical_scrollbar,
        widget.show_horizontal_scrollbar,
    )


def viewing_words(
    state: SessionState, me: str, viewing: str, group_phase: str | None
) -> Text | str | None:
    """The line above the view: between meetings what comes next, else, looking at another
    phase than the group's, that the group is elsewhere; None: no line."""
    if state.between_meetings:
        return Text(between_line(state, me))  # their words, verbatim
    if viewing != group_phase and group_phase is not None:
        return _("You are looking at {viewing}; the group is in {phase}. F5 goes back.").format(
            viewing=phase_label(viewing), phase=phase_label(group_phase)
        )
    return None


def citing_words(state: SessionState, me: str, viewing: str, citing: list[str]) -> str | None:
    """Above the phase: which facts what this person adds next will cite (Ctrl+F changes
    it); where one can cite and nothing is chosen yet, that the group's facts can be cited.
    None: no line (a guest cites nothing)."""
    if is_guest(state, me):
        return None
    facts = state.facts
    if citing:
        names = ", ".join(f"{fact_label(state, f)} {facts[f].title}" for f in citing)
        return _("What you add next cites: {facts}. Ctrl+F changes it.").format(facts=names)
    live = sum(1 for fact in facts.values() if fact.live)
    if live and viewing in CITING_PHASES:
        return ngettext(
            "Ctrl+F: let what you add rest on the group's shared fact.",
            "Ctrl+F: let what you add rest on one of the group's {n} shared facts.",
            live,
        ).format(n=live)
    return None


def lines_of(words: Text | str | None, width: int, console: Console) -> int:
    """How many lines ``words`` take in a line of the session screen ``width`` wide (at most
    4, its ``max-height``); 0 for None."""
    if words is None:
        return 0
    text = words if isinstance(words, Text) else Text.from_markup(words)
    return min(4, len(text.wrap(console, max(1, width))))
