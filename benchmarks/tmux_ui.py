"""The screens as a person sees them: the real ``beraad`` command in tmux, as issue 15 measured.

    python benchmarks/tmux_ui.py                      # 10 and 5,000 contributions, 80x24 and 200x50
    python benchmarks/tmux_ui.py --sizes 10,1000 --terminals 200x50 --detail

``benchmarks/ui.py`` drives the app headless through Pilot; this drives the installed command in
a real terminal (tmux), so what the terminal is sent — and drawn — is in the figure too. Each
session is the same generated one (``ui.py --build``), opened from the lobby by Enter, then
looked through by F3/F4 (``ROUNDS`` times eight switches) and F1.

Two witnesses per key:
- the app's own writes to the terminal (beraad runs under ``tests/ui/term_log.py``, which logs each
  ``write(2)`` with its time): the time to the first and to the last write after the key,
  the bytes and the writes, and the rows written byte for byte as the terminal showed them
  already (``term_log.sent_again``);
- the pane as tmux holds it, read with its colours (a focus that moves counts) through one
  control-mode client (``tmux -C``: a read costs ~0.5 ms, where a ``tmux capture-pane``
  process cost ~11 ms of a core) every ``INTERVAL``: the time to its first change, to its
  last change before it stood still for ``STILL`` seconds, and how many different states it
  went through (tmux 3.3 draws what it has read, so a frame written in parts can be caught
  half drawn; a late second change — a hint, a scroll bar — shows as a second state too).
Every figure is printed beside the 10-contribution session of the same run, and with
``--against CHECKOUT`` beside the same run of another checkout's beraad (``git archive main``
into a directory): on this shared machine only figures of one run compare.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ui import term_log  # noqa: E402
from tests.ui.tmux import Tmux, clean_env  # noqa: E402

BUILDER = ROOT / "benchmarks" / "ui.py"
#: The pane unchanged this long: the key's work is drawn.
STILL = 0.3
#: Between two reads of the pane: short enough to see a frame's steps, long enough that the
#: reader (and tmux answering it) leave the app its core.
INTERVAL = 0.004
#: Phase looks per round: F3 four times back from Decide, F4 four times forward.
SWITCHES = ["F3"] * 4 + ["F4"] * 4
ROUNDS = 3
#: What only the session screen shows (its phase bar, the group in the decide phase): the
#: opening's still moment counts once the pane shows it. The lobby answers Enter on its own
#: first (its row's colours change within ~10 ms), and when the session screen's first
#: frame came more than ``STILL`` after that (a first open in a fresh process, at 200x50),
#: the figure was that answer: "0.02 s" at both sizes (session 15, 16).
SESSION_SCREEN = "▸Decide"
#: The terminal's escape sequences (colours, cursor), left out where the pane's words count.
ESCAPES = re.compile(rb"\x1b\[[0-9;:?]*[a-zA-Z]")


class Pane:
    """One control-mode client of the tmux server: reads the pane, sends keys, no process each."""

    def __init__(self, term: Tmux) -> None:
        self.term = term
        self.client = subprocess.Popen(
            ["tmux", "-L", term.socket, "-f", "/dev/null", "-C", "attach", "-t", term.target],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        # The attach answers with an empty block, or not: read up to a block of our own.
        mark = b"beraad-bench-ready"
        assert self.client.stdin is not None
        self.client.stdin.write(b"display-message -p " + mark + b"\n")
        while mark + b"\n" not in self._answer():
            pass
        self.command("refresh-client -f no-output")

    def _answer(self) -> list[bytes]:
        assert self.client.stdout is not None
        lines: list[bytes] = []
        while True:
            line = self.client.stdout.readline()
            if not line:
                raise EOFError("the tmux control client ended")
            if line.startswith(b"%begin"):
                lines = []
            elif line.startswith((b"%end", b"%error")):
                return lines
            elif not line.startswith(b"%"):
                lines.append(line)

    def command(self, command: str) -> list[bytes]:
        assert self.client.stdin is not None
        self.client.stdin.write(command.encode() + b"\n")
        return self._answer()

    def read(self) -> bytes:
        return b"".join(self.command(f"capture-pane -p -e -t {self.term.target}"))

    def send(self, key: str) -> None:
        self.command(f"send-keys -t {self.term.target} {key}")

    def close(self) -> None:
        self.client.kill()
        self.client.wait()


@dataclass
class Key:
    """What one key did, as the pane showed it and as the app wrote it."""

    name: str
    sent: float
    changes: list[float] = field(default_factory=list)  # times the pane was seen different
    writes: list[tuple[float, bytes]] = field(default_factory=list)
    again: int = 0  # rows written as the terminal showed them already
    read_at: float = float("nan")  # when the app's driver read the key
    frames: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of a render
    spans: list[tuple[float, float]] = field(default_factory=list)  # (start, end) of a write
    changed: list[dict[int, str]] = field(
        default_factory=list
    )  # per write: rows whose text changed

    @property
    def write_wait(self) -> float:
        """From the first frame rendered to its write begun: the writer thread's hand-off."""
        if not self.frames or not self.spans:
            return float("nan")
        return self.spans[0][0] - self.frames[0][1]

    @property
    def write_blocked(self) -> float:
        """Time in the write calls: the kernel taking the bytes (a pty whose reader is slow
        blocks), and the writer thread getting the GIL back after the call."""
        return sum(end - start for start, end in self.spans)

    @property
    def first_change(self) -> float:
        return self.changes[0] - self.sent

    @property
    def last_change(self) -> float:
        return self.changes[-1] - self.sent

    @property
    def states(self) -> int:
        return len(self.changes)

    @property
    def first_write(self) -> float:
        return self.writes[0][0] - self.sent if self.writes else float("nan")

    @property
    def last_write(self) -> float:
        return self.writes[-1][0] - self.sent if self.writes else float("nan")

    @property
    def written(self) -> int:
        return sum(len(data) for _, data in self.writes)


def words(screen: bytes) -> str:
    """The pane's text without its colours."""
    return ESCAPES.sub(b"", screen).decode("utf-8", "replace")


def watch(
    pane: Pane, key: Key, before: bytes, shows: str | None = None, timeout: float = 60.0
) -> None:
    """Read the pane until it changed from ``before`` and then stood still for ``STILL``,
    once it ``shows`` these words (when given)."""
    last, shown = before, shows is None
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        screen = pane.read()
        now = time.perf_counter()
        if screen != last:
            last = screen
            key.changes.append(now)
            shown = shown or shows in words(screen)
        elif shown and key.changes and now - key.changes[-1] >= STILL:
            return
        time.sleep(INTERVAL)
    raise TimeoutError(f"{key.name} changed nothing on the pane, or it never stood still")


def press(pane: Pane, name: str, shows: str | None = None) -> Key:
    before = pane.read()
    key = Key(name, time.perf_counter())
    pane.send(name)
    watch(pane, key, before, shows)
    return key


def still(pane: Pane) -> None:
    """Wait until the pane stood still for ``STILL`` seconds."""
    last, since = pane.read(), time.perf_counter()
    while time.perf_counter() - since < STILL:
        time.sleep(INTERVAL)
        screen = pane.read()
        if screen != last:
            last, since = screen, time.perf_counter()


def run(
    contributions: int, width: int, height: int, beraad_from: Path = ROOT
) -> tuple[Key, list[Key], Key]:
    home = Path(tempfile.mkdtemp(prefix="beraad-tmux-bench-"))
    subprocess.run(
        [sys.executable, str(BUILDER), "--build", str(contributions), str(home)],
        check=True,
        capture_output=True,
    )
    log = str(home / "terminal.log")
    beraad = [sys.executable, str(ROOT / "tests" / "ui" / "term_log.py"), log, "--"]
    command = [*beraad, "--data-dir", str(home), "--lang", "en", "--host", "127.0.0.1"]
    with Tmux(width, height) as term:
        real_size = ["env", "-u", "COLUMNS", "-u", "LINES"]  # the pane's, not the environment's
        term.start(
            [*real_size, *command, "--no-discovery"], env=clean_env(PYTHONPATH=str(beraad_from))
        )
        term.wait_for("Speelplein", timeout=60)
        pane = Pane(term)
        try:
            still(pane)
            opening = press(pane, "Enter", SESSION_SCREEN)
            switches = [press(pane, key) for _ in range(ROUNDS) for key in SWITCHES]
            help_ = press(pane, "F1")
            press(pane, "Escape")
        finally:
            pane.close()
    keys = [opening, *switches, help_]
    writes, marks = term_log.read(log), term_log.marks(log)
    again = list(zip(writes, term_log.sent_again(writes), strict=True))
    changed = list(zip(writes, term_log.replay(writes, width, height), strict=True))
    for key, after in zip(keys, [*keys[1:], None], strict=True):
        end = after.sent if after is not None else float("inf")
        key.writes = [(t, data) for t, data in writes if key.sent <= t < end]
        key.again = sum(n for (t, _), n in again if key.sent <= t < end)
        key.changed = [rows for (t, _), rows in changed if key.sent <= t < end]
        read = [t for kind, t, _ in marks if kind == "key" and key.sent <= t < end]
        key.read_at = read[0] if read else float("nan")
        key.frames = [
            (t, float(e)) for kind, t, e in marks if kind == "frame" and key.sent <= t < end
        ]
        key.spans = [
            (t, float(e)) for kind, t, e in marks if kind == "write" and key.sent <= t < end
        ]
    os.environ.get("BERAAD_KEEP_BENCH") or _remove(home)
    return opening, switches, help_


def _remove(home: Path) -> None:
    subprocess.run(["rm", "-rf", str(home)], check=False)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.9 * len(ordered))]


def figures(opening: Key, switches: list[Key], help_: Key) -> dict[str, float]:
    ms = 1000
    first = [k.first_change * ms for k in switches]
    last = [k.last_change * ms for k in switches]
    wrote = [k.last_write * ms for k in switches]
    return {
        "session screen (s)": opening.last_change,
        "switch first change median (ms)": statistics.median(first),
        "switch first change p90 (ms)": p90(first),
        "switch last change median (ms)": statistics.median(last),
        "switch last change p90 (ms)": p90(last),
        "switch last change max (ms)": max(last),
        "switch last write median (ms)": statistics.median(wrote),
        "switch last write p90 (ms)": p90(wrote),
        "switch frames median": statistics.median(len(k.frames) for k in switches),
        "switch render (ms) median": statistics.median(
            sum(e - t for t, e in k.frames) * ms for k in switches
        ),
        "switch write wait (ms) median": statistics.median(k.write_wait * ms for k in switches),
        "switch write wait (ms) max": max(k.write_wait * ms for k in switches),
        "switch write blocked (ms) median": statistics.median(
            k.write_blocked * ms for k in switches
        ),
        "switch write blocked (ms) max": max(k.write_blocked * ms for k in switches),
        "switch pane states median": statistics.median(k.states for k in switches),
        "switch pane states max": max(k.states for k in switches),
        "switch writes median": statistics.median(len(k.writes) for k in switches),
        "switch KB written median": statistics.median(k.written for k in switches) / 1000,
        "switch KB written max": max(k.written for k in switches) / 1000,
        "switch KB written mean": statistics.mean(k.written for k in switches) / 1000,
        "switch rows sent again (all)": sum(k.again for k in switches),
        "F1 first change (ms)": help_.first_change * ms,
        "F1 last change (ms)": help_.last_change * ms,
        "F1 KB written": help_.written / 1000,
        "F1 pane states": help_.states,
        "session screen pane states": opening.states,
        "session screen write blocked (ms)": opening.write_blocked * ms,
    }


def detail(switches: list[Key]) -> None:
    for key in switches:
        writes = " ".join(f"{(t - key.sent) * 1000:.0f}:{len(d)}" for t, d in key.writes)
        frames = " ".join(
            f"{(t - key.sent) * 1000:.0f}+{(e - t) * 1000:.1f}" for t, e in key.frames
        )
        wait, blocked = key.write_wait * 1000, key.write_blocked * 1000
        frames += f" write wait/blocked {wait:.1f}/{blocked:.1f}"
        print(
            f"    {key.name} read {(key.read_at - key.sent) * 1000:5.1f} frames {frames}"
            f"  writes ms:bytes {writes} (rows again {key.again})"
            f"  pane first {key.first_change * 1000:6.1f} last {key.last_change * 1000:6.1f}"
            f" states {key.states}"
        )
        for n, rows in enumerate(key.changed[1:], 2):  # what a write after the first changed
            if rows and len(rows) <= 3:
                for row, text in rows.items():
                    print(f"      write {n} row {row}: {text.rstrip()[:100]!r}")
            elif rows:
                print(f"      write {n}: {len(rows)} rows, {min(rows)}-{max(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,5000")
    parser.add_argument("--terminals", default="80x24,200x50")
    parser.add_argument(
        "--detail",
        action="store_true",
        help="every switch, write by write, and the rows each write after the first changed",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="also run the beraad of another checkout (a worktree of main) before each run, "
        "and print this one's figures beside it",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for terminal in args.terminals.split(","):
        width, height = (int(n) for n in terminal.split("x"))
        base: dict[str, float] = {}
        for size in sizes:
            against = None
            if args.against is not None:
                against = figures(*run(size, width, height, args.against.resolve()))
            opening, switches, help_ = run(size, width, height)
            for name, value in figures(opening, switches, help_).items():
                base.setdefault(name, value)
                ratio = value / base[name] if base[name] else float("nan")
                line = f"{terminal} {size:>5}  {name:<34} {value:8.2f}  ({ratio:.1f}x)"
                if against is not None:
                    line += f"   against {against[name]:8.2f}"
                print(line)
            if args.detail:
                detail(switches)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
