"""The options list knows how high each row is without drawing it: an option wraps over lines
in the room there is, and the table used to draw every cell of every option to find out (60
options at 5,000 contributions: 240 cells drawn twice as the view mounted behind, the most of
that mount's cost, a key pressed meanwhile waiting for it; issue 15). Only the rows in view
are drawn, when painted. The heights are the table's own: the same rows left to the table to
measure come out as high. Cells drawn are counted, never timed. The real app on a real node
and store."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable

from benchmarks.ui import build_session
from beraad.core import session as bodies
from beraad.ui.phases.options import OptionsView
from beraad.ui.screens import session_rest
from beraad.ui.screens.session_views import measure_now
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_switch_work import settled

pytestmark = pytest.mark.timeout(120)


def options_session():  # type: ignore[no-untyped-def]
    """60 options, among them ones that wrap: a long one building on twelve others (its
    "builds on" wraps too), one opening a right-to-left override; the group in Decide, so the
    options view mounts behind."""
    w = build_session(1200)
    w.write(0, "phase.move", bodies.move_body("options"))
    long = "A long option " + "that wraps over many lines " * 8
    w.write(1, "option.add", bodies.option_body(long, builds_on=w.options[:12]))
    w.write(2, "option.add", bodies.option_body("\u202eturned around, long enough to wrap " * 3))
    w.write(3, "option.add", bodies.option_body("short"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    return w


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_options_rows_are_measured_without_drawing_them(monkeypatch, tmp_path, size):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # mounted by the test
    drawn: list[int] = []
    render_cell = DataTable._render_cell

    def counted(self: DataTable[Any], *args: Any, **kwargs: Any) -> Any:
        if self.id == "options":
            drawn.append(args[0])
        return render_cell(self, *args, **kwargs)

    monkeypatch.setattr(DataTable, "_render_cell", counted)
    w = options_session()
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=size) as pilot:
        screen = await session_opened(app, w.session)
        await settled(pilot, screen)
        view = screen._mount_views(["options"])[0]
        await until(lambda: view.laid_out_behind)
        await settled(pilot, screen)
        table = view.query_one("#options", DataTable)
        assert table.row_count == 63
        # Drawn behind, hidden, laid out: no cell drawn to measure a row.
        assert drawn == []
        heights = [row.height for row in table.ordered_rows]
        assert max(heights) > 1  # the long option wraps, and what it builds on

        # The same rows, the table left to measure them itself: as high.
        monkeypatch.setattr(OptionsView, "_height", lambda *args: None)
        assert isinstance(view, OptionsView) and view.state is not None
        view.show(view.state, view.me)
        measure_now(table)
        assert drawn  # it drew them to measure them
        assert [row.height for row in table.ordered_rows] == heights
