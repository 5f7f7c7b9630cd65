"""The app's screens as a session grows: the real app, headless, each figure beside a baseline.

    python benchmarks/ui.py            # 10, 1,000 and 5,000 contributions at 80x24 and 200x50
    python benchmarks/ui.py --quick    # 10 and 300 contributions at 80x24 (a smoke run)
    python benchmarks/ui.py --repeat 5 --sizes 10,5000 --terminals 200x50

Each session is real: signed records of five members (knots, positions, arguments, notes,
criteria, weights, options, score sheets under the matrix rule, with the group in the decide
phase), written into a real store that the real ``BeraadApp`` opens through its node, driven by
Textual's Pilot. Every (size, terminal) runs in a fresh process, so RSS is that run's own,
``--repeat`` times (3), the sizes interleaved (10, 1,000, 5,000, 10, ...) so that the machine's
load drifts over every size alike; each size's session is built once and copied for each run.

Figures per run: Enter → session screen opened as a person sees it (the last frame before
the screen is still for 0.2 s, counted only once the decide view's result tables are painted:
a big tally comes from a thread after the rest of the screen, and under load after a still
moment, which the figure used to take for the end); phase-view switch (F3/F4, median/p90/max); F1
help open; opening a composer (edit on one's own knot); a peer's new record until the screen has
redrawn it; key latency in the decide view's score grid and in a text box on screen (editing
one's own knot) while a peer votes once a second (median/p99/max); peak RSS; key latency in
the positions box while a peer adds a position once a second to the list above it (the
group taken back to Positions at the end of the run). Every figure is
printed with its ratio to the 10-contribution session measured in the same run, and the
issue's targets beside them: the median of the runs, their spread and the ratio of medians,
and beside each max a high percentile over all samples of all runs (``ui_table``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.ui_probe import Collections, Probe, SwitchWork  # noqa: E402
from beraad.core import session as bodies  # noqa: E402
from beraad.core.deliberation import DeliberationReducer  # noqa: E402
from beraad.core.fold import Fold  # noqa: E402
from beraad.core.identity import Identity  # noqa: E402
from beraad.core.record import Record, sign_record  # noqa: E402
from beraad.core.replica import session_id_for  # noqa: E402

NONCE = "0123456789abcdef0123456789abcdef"
GROUP_KEY = bytes(range(32, 64))
START = 1_790_000_000_000
MEMBERS = ["Anja", "Bart", "Chris", "Dewi", "Eef"]
#: Cells of one member's score sheet kept in a single record (the 64 KiB record limit).
SHEET_OPTIONS = 12
#: Seconds of keys per run while a peer votes, in the decide view and in a text box (each
#: run of ``--repeat``: three runs hold more keys than one run of 8 s used to).
KEY_SECONDS = 3.0


def people() -> list[Identity]:
    """Member 0 is the app's own identity (the facilitator); the others are fixed too."""
    return [Identity.from_seed(bytes(range(32)))] + [
        Identity.from_seed(bytes([n]) * 32) for n in range(1, len(MEMBERS))
    ]


@dataclass
class Writer:
    """Signs a session's records as its members would, checking each against the fold."""

    who: list[Identity] = field(default_factory=people)
    fold: Fold[Any] = field(default_factory=lambda: Fold(DeliberationReducer()))
    records: list[Record] = field(default_factory=list)
    seq: list[int] = field(default_factory=lambda: [0] * len(MEMBERS))
    prev: list[str | None] = field(default_factory=lambda: [None] * len(MEMBERS))
    lamport: int = 0

    @property
    def session(self) -> str:
        return session_id_for(self.who[0].public_key, NONCE)

    def sign(self, member: int, kind: str, body: dict[str, Any], seen: tuple = ()) -> Record:
        """The member's next record (not folded: a peer's live record goes through the node);
        ``seen``: the heads of others' chains it lists, as an app lists what it saw."""
        self.seq[member] += 1
        self.lamport += 1
        record = sign_record(
            self.who[member],
            session=self.session,
            seq=self.seq[member],
            prev=self.prev[member],
            lamport=self.lamport,
            at=START + self.lamport * 1000,
            kind=kind,
            body=body,
            seen=seen,
        )
        self.prev[member] = record.id
        return record

    def write(self, member: int, kind: str, body: dict[str, Any]) -> str:
        record = self.sign(member, kind, body)
        self.fold.add(record)
        if record.id in self.fold.rejected:
            raise SystemExit(f"{kind} refused: {self.fold.rejected[record.id]}")
        self.records.append(record)
        return record.id


def plan(contributions: int) -> dict[str, int]:
    """How many of each kind: the issue's big session's mix, criteria and options capped."""
    n = contributions
    criteria = min(40, max(1, n * 3 // 100))
    options = min(60, max(2, n * 5 // 100))
    weights = min(len(MEMBERS), max(1, n // 100))
    sheets = min(len(MEMBERS), max(1, n // 100))
    rest = max(4, n - criteria - options - weights - sheets)
    knots = rest * 30 // 100
    positions = rest * 20 // 100
    notes = rest * 10 // 100
    arguments = rest - knots - positions - notes
    return dict(
        knots=knots,
        positions=positions,
        arguments=arguments,
        notes=notes,
        criteria=criteria,
        weights=weights,
        options=options,
        sheets=sheets,
    )


def build_session(contributions: int) -> Writer:
    """The session's records, the group left in the decide phase under the matrix rule."""
    mix = plan(contributions)
    w = Writer()
    m = len(MEMBERS)
    open_ = bodies.open_body(
        "Speelplein", "How do we make the square safer?", decision_rule="matrix"
    )
    w.write(0, "session.open", {**open_, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    for n in range(1, m):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, MEMBERS[n]))
    w.write(0, "phase.move", bodies.move_body("knots"))
    knots = [
        w.write(i % m, "knot.add", bodies.text_body(f"Knot {i}: the square is unsafe at night"))
        for i in range(mix["knots"])
    ]
    w.write(0, "phase.move", bodies.move_body("positions"))
    positions = [
        w.write(
            i % m,
            "position.add",
            bodies.position_body(knots[i % len(knots)], f"Position {i}: put up more lamps"),
        )
        for i in range(mix["positions"])
    ]
    for i in range(mix["arguments"]):
        body = bodies.argument_body(
            positions[i % len(positions)], ("for", "against")[i % 2], f"Argument {i}: it costs"
        )
        w.write(i % m, "argument.add", body)
    for i in range(mix["notes"]):
        body = bodies.note_body(positions[i % len(positions)], "experience", f"Note {i}")
        w.write(i % m, "note.add", body)
    w.write(0, "phase.move", bodies.move_body("criteria"))
    criteria = [
        w.write(i % m, "criterion.add", bodies.text_body(f"Criterion {i}"))
        for i in range(mix["criteria"])
    ]
    for n in range(mix["weights"]):
        w.write(n, "weight.set", bodies.weights_body({c: (n * 7 + 11) % 101 for c in criteria}))
    w.write(0, "phase.move", bodies.move_body("options"))
    options = [
        w.write(i % m, "option.add", bodies.option_body(f"Option {i}: lamps and a fence"))
        for i in range(mix["options"])
    ]
    w.write(0, "phase.move", bodies.move_body("decide"))
    for n in range(mix["sheets"]):
        sheet = {
            o: {c: (n + i + j) % 11 for j, c in enumerate(criteria)}
            for i, o in enumerate(options[:SHEET_OPTIONS])
        }
        w.write(n, "score.set", bodies.scores_body(sheet))
    w.criteria, w.options = criteria, options  # type: ignore[attr-defined]
    return w


def write_store(contributions: int, home: Path) -> dict[str, Any]:
    """Write the session into a real store at ``home`` (the app's own identity and profile
    beside it); what a peer needs to go on writing: Bart's chain head, criteria, options."""
    from tests.ui.stored_app import store_session

    w = build_session(contributions)
    store_session(w, home, language=None)
    return {
        "records": len(w.records),
        "seq": w.seq,
        "prev": w.prev,
        "lamport": w.lamport,
        "criteria": w.criteria,  # type: ignore[attr-defined]
        "options": w.options,  # type: ignore[attr-defined]
    }


def pen(written: dict[str, Any]) -> Writer:
    """A writer that goes on where ``write_store`` left the session (it holds no records)."""
    w = Writer(seq=written["seq"], prev=written["prev"], lamport=written["lamport"])
    w.criteria, w.options = written["criteria"], written["options"]  # type: ignore[attr-defined]
    w.records_written = written["records"]  # type: ignore[attr-defined]
    return w


def built_apart(contributions: int, prefix: str) -> tuple[Path, dict[str, Any]]:
    """A new data dir holding the session of ``contributions``, and what was written there
    (``write_store``; ``pen`` goes on from it). Built in a process of its own: signing,
    folding and writing 5,000 records took more memory than the app then holds, and RSS is
    this process's peak."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    built = subprocess.run(
        [sys.executable, __file__, "--build", str(contributions), str(home)],
        capture_output=True,
        text=True,
        check=True,
    )
    return home, json.loads(built.stdout.strip().splitlines()[-1])


def build_once(contributions: int, into: Path) -> Path:
    """The session of ``contributions`` built once for every run of it (``copied``)."""
    home, written = built_apart(contributions, "beraad-ui-bench-")
    kept = into / str(contributions)
    shutil.move(home, kept / "home")
    (kept / "written.json").write_text(json.dumps(written))
    return kept


def copied(kept: Path) -> tuple[Path, dict[str, Any]]:
    """A fresh copy of a session ``build_once`` kept (a run writes to its store)."""
    home = Path(tempfile.mkdtemp(prefix="beraad-ui-run-")) / "home"
    shutil.copytree(kept / "home", home)
    return home, json.loads((kept / "written.json").read_text())


def no_blink() -> None:
    """The text cursor does not blink: a blink is a frame every half second, and when a
    switch's last frame came within 0.2 s of one, the still-screen rule took the blink for
    the end of the switch (the ~515-650 ms "max" figures of 6 Dec were blinks)."""
    from textual.widgets import Input

    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]


async def until(condition: Callable[[], bool], timeout: float = 120.0, step: float = 0.002) -> None:
    """Let the app run until ``condition()`` holds, looked at every ``step`` seconds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(step)


def peer_vote(w: Writer, tick: int) -> Record:
    """Bart scores one option (a whole small sheet: fits every version of the rule)."""
    criteria, options = w.criteria, w.options  # type: ignore[attr-defined]
    option = options[tick % len(options)]
    sheet = {option: {c: (tick + j) % 11 for j, c in enumerate(criteria)}}
    return w.sign(1, "score.set", bodies.scores_body(sheet))


# The child: one run of the app ---------------------------------------------------------------


def spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"median": float("nan"), "p90": float("nan"), "p99": float("nan"), "max": 0.0}

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "median": statistics.median(ordered),
        "p90": at(0.9),
        "p99": at(0.99),
        "max": ordered[-1],
    }


async def run_app(
    contributions: int,
    size: tuple[int, int],
    kept: Path | None = None,
    done: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The figures of one run; ``done`` gets them before the app closes (a child hands them
    on and exits: closing the app over a big session took seconds of every run)."""
    from textual.widgets import Input

    from beraad.ui.screens.help import HelpScreen
    from beraad.ui.screens.session import SessionScreen
    from beraad.ui.widgets.vote_grid import VoteGrid
    from tests.ui.stored_app import loopback_app

    no_blink()
    if kept is None:
        home, written = built_apart(contributions, "beraad-ui-bench-")
    else:
        home, written = copied(kept)
    w = pen(written)
    app = loopback_app(home)
    out: dict[str, Any] = {"records": w.records_written}  # type: ignore[attr-defined]
    #: When each part of the run ended (seconds from the start): where a run's time goes.
    took: dict[str, float] = {"start": time.perf_counter()}
    async with app.run_test(size=size) as pilot:
        screen_probe = Probe(app)

        async def quiet() -> None:
            """Let the app finish whatever it still does (so one figure does not pay for
            the last one)."""
            await screen_probe.quiet()

        await until(lambda: app.bridge is not None)
        await pilot.pause()
        await quiet()

        def opened() -> bool:
            """The session screen is up and, the group being in the decide phase, its view's
            result tables are in the panel (a big tally comes from a thread, in a frame of its
            own that can follow a still moment of more than ``Probe.QUIET`` under load)."""
            if not isinstance(app.screen, SessionScreen):
                return False
            shown = {view.phase: view for view in app.screen.views()}
            decide = shown.get("decide")
            return decide is not None and decide.tables_built > 0  # type: ignore[attr-defined]

        started, cpu = time.perf_counter(), time.process_time()
        app.open_session(w.session)
        out["session_screen"] = await screen_probe.settled(opened, started)
        # CPU the process spent (every thread: the tally's too) until the screen was still.
        out["session_screen_cpu"] = time.process_time() - cpu
        took["opened"] = time.perf_counter()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        node = screen.node
        redraws = [0]
        original = screen.redraw

        def counted_redraw() -> None:
            original()
            redraws[0] += 1

        screen.redraw = counted_redraw  # type: ignore[method-assign]
        # Switches are timed once every view is there: the views not looked at mount one per
        # still moment after the screen settled, and a look before that builds the view on the
        # key (a first look; not this figure, see ui-figures.md).
        await until(lambda: len(screen.views()) == len(screen.phases))
        # And their lines drawn ahead, one view per still moment (``draw_behind``), as they
        # are for a person who reads the screen a second or two before the first F3.
        behind = {view.phase for view in screen.views() if view.phase != screen.viewing}
        await until(lambda: set(screen._drawn_behind) >= behind)
        took["drawn_behind"] = time.perf_counter()
        await quiet()

        switches = []
        work = SwitchWork(screen)
        for key in ["f3"] * 5 + ["f4"] * 6 + ["f3"] * 6 + ["f4"] * 5:
            here = screen.phases.index(screen.viewing)
            there = screen.phases[here + (1 if key == "f4" else -1)]
            work.start(screen.viewing, there, len(screen_probe.frames))
            switches.append(
                await screen_probe.settled(
                    lambda there=there: screen.viewing == there, screen_probe.press(key)
                )
            )
            work.stop(switches[-1], screen_probe)
        work.release()
        out["view_switch"] = spread(switches)
        took["switches"] = time.perf_counter()
        out["view_switch_samples"] = switches
        out["switch_detail"] = work.switches
        assert screen.viewing == "decide", screen.viewing

        helps = []
        for _ in range(3):
            helps.append(
                await screen_probe.settled(
                    lambda: isinstance(app.screen, HelpScreen), screen_probe.press("f1")
                )
            )
            await pilot.press("escape")
            await until(lambda: app.screen is screen)
            await quiet()
        out["help"] = statistics.median(helps)
        took["help"] = time.perf_counter()

        # A composer: edit one's own knot (the first row of the knots tree is Anja's knot 0).
        screen.look_at("knots")
        await quiet()
        knots_view = screen.view("knots")
        composer_input = knots_view.query_one("#knot-text", Input)
        opens = []
        tree = knots_view.tree  # type: ignore[attr-defined]
        collecting = Collections()
        out["composer_detail"] = []
        for _ in range(3):
            screen.set_focus(knots_view.query_one("#knots-tree"))
            await pilot.pause()
            if tree.current is None:
                await pilot.press("down")
            # A row's letter proposes, Enter does it (80d3976): the open is timed from Enter.
            await pilot.press("e")
            await quiet()
            lines, cpu = tree.lines_drawn, time.process_time()
            collecting.start()
            opens.append(
                await screen_probe.painted(
                    lambda: app.focused is composer_input, screen_probe.press("enter")
                )
            )
            # What this open cost besides its own steps: the tree's lines drawn for the
            # first time without the focus (the first open), a collection that fell in it.
            out["composer_detail"].append(
                {
                    "ms": round(opens[-1] * 1000, 1),
                    "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
                    "tree_lines": tree.lines_drawn - lines,
                    **collecting.stop(),
                }
            )
            await pilot.press("escape")
            await quiet()
        out["composer"] = statistics.median(opens)
        took["composer"] = time.perf_counter()

        screen.look_at("decide")
        await quiet()
        # A person watching the results come in: the tally is in view, so a peer's score sheet
        # changes what the screen shows (the ballot itself is one's own and does not change).
        result = screen.view("decide").query_one("#result")
        result.scroll_visible(top=True, animate=False)
        await quiet()

        tick = [0]

        def peer_writes() -> float:
            tick[0] += 1
            record = peer_vote(w, tick[0])  # signed before the clock starts
            started = time.perf_counter()
            node.ingest(w.session, [record])
            return started

        paints, cpus = [], []
        for _ in range(5):
            cpu = time.process_time()
            # Painted: the first frame once the tally with the peer's record is shown (big
            # tallies run in a worker thread, so a redraw alone does not show it yet).
            before = (redraws[0], result.key)
            paints.append(
                await screen_probe.painted(
                    lambda before=before: redraws[0] > before[0] and result.key != before[1],
                    peer_writes(),
                )
            )
            cpus.append(time.process_time() - cpu)  # the peer's record until it was painted
            await quiet()
        out["peer_paint"] = statistics.median(paints)
        out["peer_paint_samples"] = paints
        out["peer_cpu"] = statistics.median(cpus)
        took["peer"] = time.perf_counter()

        async def keys_while_peer_votes(
            keys: list[str],
            done_for: Callable[[str], Callable[[], bool]],
            writes: Callable[[], float] = peer_writes,
        ) -> tuple[list[float], list[float]]:
            """Each key's latency, and the cycle collector's milliseconds within it, while
            the peer ``writes`` once a second (votes, unless told)."""
            stop = asyncio.Event()

            async def peer() -> None:
                while not stop.is_set():
                    try:
                        await asyncio.wait_for(stop.wait(), 1.0)
                    except TimeoutError:
                        writes()

            task = asyncio.create_task(peer())
            latencies, collected = [], []
            started = time.perf_counter()
            n = 0
            while time.perf_counter() - started < KEY_SECONDS:
                key = keys[n % len(keys)]
                n += 1
                done = done_for(key)
                collecting.start()
                latencies.append(await screen_probe.painted(done, screen_probe.press(key)))
                collected.append(collecting.stop()["gc_ms"])
                await asyncio.sleep(0.03)  # a quick typist: about 30 keys a second at most
            stop.set()
            await task
            return latencies, collected

        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        screen.set_focus(grid)
        grid.scroll_visible(top=True, animate=False)  # back from the tally
        await quiet()

        def grid_moved(key: str) -> Callable[[], bool]:
            row = grid.cursor_coordinate.row + (1 if key == "down" else -1)
            return lambda: grid.cursor_coordinate.row == row

        keys, out["decide_key_gc"] = await keys_while_peer_votes(["down", "up"], grid_moved)
        out["decide_key"], out["decide_key_samples"] = spread(keys), keys
        took["decide_keys"] = time.perf_counter()

        # Typing in a text box on screen: the group is in decide, where the knots' "new knot"
        # box is hidden, so edit one's own knot (a hidden box draws nothing, and the figure
        # would wait for some other frame).
        screen.look_at("knots")
        await quiet()
        screen.set_focus(knots_view.query_one("#knots-tree"))
        await pilot.pause()
        if knots_view.tree.current is None:  # type: ignore[attr-defined]
            await pilot.press("down")
        await pilot.press("e", "enter")  # a row's letter proposes, Enter does it
        await until(lambda: app.focused is composer_input)
        await pilot.press("end")  # after the knot's text (on arrival it is all selected)
        await quiet()
        assert knots_view.shows(composer_input), "the text box is not on the screen"

        def typed(key: str) -> Callable[[], bool]:
            expected = composer_input.value + key
            return lambda: composer_input.value == expected

        keys, out["text_key_gc"] = await keys_while_peer_votes(list("delampenbijhetplein"), typed)
        out["text_key"], out["text_key_samples"] = spread(keys), keys
        took["text_keys"] = time.perf_counter()
        out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        # Typing a position while a peer ADDS positions to the list above the box once a
        # second (naive s15 F1: every peer's position laid the whole tree out again). The
        # facilitator (the app's own member) takes the group back to Positions; the peer's
        # positions go on the first knot, at the top of the list: every line below it moves.
        await pilot.press("escape")
        await quiet()
        await node.contribute(w.session, "phase.move", bodies.move_body("positions"))
        w.lamport = max(w.lamport, node.held_frontier(w.session)[1])  # after the move
        await until(lambda: screen.state.phase == "positions")
        screen.look_at("positions")
        await quiet()
        positions_view = screen.view("positions")
        position_input = positions_view.query_one("#position-text", Input)
        top_knot = next(iter(screen.state.knots))

        def peer_adds() -> float:
            tick[0] += 1
            body = bodies.position_body(top_knot, f"Position {tick[0]} of Bart: a gate")
            record = w.sign(1, "position.add", body)  # signed before the clock starts
            started = time.perf_counter()
            node.ingest(w.session, [record])
            return started

        screen.set_focus(position_input)
        await quiet()
        assert positions_view.shows(position_input), "the position box is not on the screen"

        def typed_position(key: str) -> Callable[[], bool]:
            expected = position_input.value + key
            return lambda: position_input.value == expected

        added = len(screen.state.positions)
        keys, out["adds_key_gc"] = await keys_while_peer_votes(
            list("schaduwdoekenboven"), typed_position, peer_adds
        )
        out["adds_key"], out["adds_key_samples"] = spread(keys), keys
        out["adds_taken"] = len(screen.state.positions) - added  # the peer's, all folded
        took["adds_keys"] = time.perf_counter()
        collecting.release()
        out["took_s"] = {part: round(at - took["start"], 1) for part, at in took.items()}
        if kept is not None:
            shutil.rmtree(home.parent, ignore_errors=True)
        if done is not None:
            done(out)
        await pilot.press("escape")
    return out


def child(contributions: int, size: str, kept: Path | None) -> None:
    columns, rows = (int(n) for n in size.split("x"))

    def done(figures: dict[str, Any]) -> None:
        print(json.dumps(figures), flush=True)
        os._exit(0)

    asyncio.run(run_app(contributions, (columns, rows), kept, done))


# The parent: every run, then the table --------------------------------------------------------


def run_child(
    contributions: int, size: str, kept: Path, run: str, script: str = __file__
) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, script, "--child", str(contributions), size, "--kept", str(kept)],
        capture_output=True,
        text=True,
        env={**os.environ, "TEXTUAL": ""},
    )
    if done.returncode != 0:
        raise SystemExit(f"run {contributions} at {size} failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"  {run}: {contributions:>5} contributions at {size}: "
        f"{time.perf_counter() - started:.0f} s (load {os.getloadavg()[0]:.1f})",
        file=sys.stderr,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("CONTRIBUTIONS", "SIZE"))
    parser.add_argument("--kept", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, metavar=("CONTRIBUTIONS", "DIR"))
    parser.add_argument("--sizes", default=None, help="e.g. 10,1000,5000")
    parser.add_argument("--terminals", default=None, help="e.g. 80x24,200x50")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size and terminal")
    parser.add_argument("--json", default=None, help="also write every run's figures here")
    parser.add_argument(
        "--against",
        default=None,
        help="another checkout of beraad: each run is also run there, interleaved (a baseline "
        "measured in the same minutes); its table is printed first",
    )
    parser.add_argument(
        "--detail",
        action="store_true",
        help="also print each composer open and view switch: time and work",
    )
    args = parser.parse_args()
    if args.build:
        print(json.dumps(write_store(int(args.build[0]), Path(args.build[1]))))
        return
    if args.child:
        child(int(args.child[0]), args.child[1], Path(args.kept) if args.kept else None)
        return
    from benchmarks.ui_table import print_detail, print_table, print_tails, summary

    sizes = [10, 300] if args.quick else [10, 1000, 5000]
    terminals = ["80x24"] if args.quick else ["80x24", "200x50"]
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    if args.terminals:
        terminals = args.terminals.split(",")
    began = time.perf_counter()
    store = Path(tempfile.mkdtemp(prefix="beraad-ui-kept-"))
    try:
        kept = {n: build_once(n, store) for n in sizes}
        results: dict[str, dict[int, list[dict[str, Any]]]] = {
            terminal: {n: [] for n in sizes} for terminal in terminals
        }
        against = {terminal: {n: [] for n in sizes} for terminal in terminals}
        other = str(Path(args.against).resolve() / "benchmarks" / "ui.py") if args.against else ""
        for r in range(args.repeat):
            for terminal in terminals:
                for n in sizes:
                    run = f"run {r + 1}/{args.repeat}"
                    if other:
                        got = run_child(n, terminal, kept[n], f"{run} against", other)
                        against[terminal][n].append(got)
                    results[terminal][n].append(run_child(n, terminal, kept[n], run))
    finally:
        shutil.rmtree(store, ignore_errors=True)
    print(f"  all runs: {time.perf_counter() - began:.0f} s", file=sys.stderr)
    if args.json:
        summaries = {t: {n: summary(runs) for n, runs in r.items()} for t, r in results.items()}
        every = {"repeat": args.repeat, "summary": summaries, "runs": results}
        if args.against:
            every["against"] = {"checkout": args.against, "runs": against}
        Path(args.json).write_text(json.dumps(every, indent=1))
    if args.against:
        print(f"\n=== against {args.against} (the baseline, same minutes)")
        print_table(against, sizes)
        print(f"\n=== this checkout ({ROOT})")
    print_table(results, sizes)
    print_tails(results, sizes)
    if args.detail:
        print_detail(results)


if __name__ == "__main__":
    main()
