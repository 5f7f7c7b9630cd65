"""Run ``beraad`` and log every write it makes to the terminal: what a key costs a real terminal.

    python tests/ui/term_log.py LOG -- --data-dir DIR ...     # the arguments beraad takes

Textual writes the screen from a thread to ``sys.__stderr__`` (a line-buffered text file);
here that file is rebuilt the same way over a raw file that, at each ``write(2)`` to the
terminal, appends ``<time> <bytes>`` and the bytes themselves to LOG. The time is
``time.perf_counter()`` (the system's monotonic clock, the one the benchmark reads), so a
write can be matched to the key sent. Beside it (LOG.marks) the keys as the app's driver read
them and each frame's render. Nothing of this is in the product: ``benchmarks/tmux_ui.py`` and
the tmux tests that count bytes start beraad through this file.
"""

from __future__ import annotations

import io
import os
import re
import struct
import sys
import time

#: One record: the time of the write, the number of bytes, then the bytes.
HEADER = struct.Struct("<dI")


class Recorded(io.RawIOBase):
    """The terminal's file descriptor, each write logged as it is made."""

    def __init__(self, fd: int, log: int, marks: int) -> None:
        self.fd = fd
        self.log = log
        self.marks = marks

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data) -> int:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        written = os.write(self.fd, data)
        end = time.perf_counter()
        chunk = bytes(memoryview(data)[:written])
        os.write(self.log, HEADER.pack(end, written) + chunk)
        # How long the call lasted: the terminal taking the bytes (a full pty buffer blocks
        # it) and this thread getting the GIL back.
        os.write(self.marks, f"write {start} {end}\n".encode())
        return written


def read(path: str) -> list[tuple[float, bytes]]:
    """The writes logged in ``path``, in order: (time, bytes)."""
    with open(path, "rb") as log:
        data = log.read()
    out, at = [], 0
    while at + HEADER.size <= len(data):
        when, size = HEADER.unpack_from(data, at)
        at += HEADER.size
        out.append((when, data[at : at + size]))
        at += size
    return out


#: A cursor move to (row, column): where Textual starts each piece of a row it draws.
MOVE = re.compile(rb"\x1b\[(\d+);\d+H")


def rows(data: bytes) -> dict[int, bytes]:
    """What one write draws per row of the terminal: the bytes from each move to a row up to
    the next move to another row."""
    out: dict[int, bytes] = {}
    starts = list(MOVE.finditer(data))
    ends = [move.start() for move in starts[1:]] + [len(data)] * bool(starts)
    for move, end in zip(starts, ends, strict=True):
        row = int(move.group(1))
        out[row] = out.get(row, b"") + data[move.start() : end].rstrip(b"\n")
    return out


def sent_again(writes: list[tuple[float, bytes]]) -> list[int]:
    """Per write, the rows it wrote byte for byte as the last write to that row wrote them:
    rows the terminal showed already. (A lone move, the cursor put back at the end of a
    frame, draws nothing.)"""
    last: dict[int, bytes] = {}
    out = []
    for _, data in writes:
        again = 0
        for row, drawn in rows(data).items():
            if MOVE.fullmatch(drawn):
                continue
            again += last.get(row) == drawn
            last[row] = drawn
        out.append(again)
    return out


#: What a write does besides text: a control sequence (a move, a colour), an OSC string.
CONTROL = re.compile(
    r"\x1b\[([0-9;?<>]*)([A-Za-z@])|\x1b[()][0-9A-B]|\x1b[=>78]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
)


def replay(writes: list[tuple[float, bytes]], width: int, height: int) -> list[dict[int, str]]:
    """Per write, the rows whose text it changed and their text after it (styles left out):
    the writes played onto a grid of ``width`` × ``height`` cells, as the terminal shows them.
    What a late frame changed (a hint, a scroll bar's thumb, a bar's line) reads off it."""
    from rich.cells import cell_len

    grid = [[" "] * width for _ in range(height)]
    x = y = 0
    out = []
    for _, data in writes:
        before = ["".join(row) for row in grid]
        text, at = data.decode("utf-8", "replace"), 0
        pieces = []
        for control in CONTROL.finditer(text):
            pieces.append((text[at : control.start()], None))
            pieces.append(("", control))
            at = control.end()
        pieces.append((text[at:], None))
        for chars, control in pieces:
            if control is not None:
                if control.group(2) == "H":
                    row, _, column = (control.group(1) or "1;1").partition(";")
                    y, x = int(row or 1) - 1, int(column or 1) - 1
                elif control.group(2) == "J" and control.group(1) == "2":
                    grid = [[" "] * width for _ in range(height)]
                continue
            for char in chars:
                if char == "\n":
                    y += 1
                elif char == "\r":
                    x = 0
                elif char.isprintable() and 0 <= y < height and 0 <= x < width:
                    grid[y][x] = char
                    x += 1
                    if cell_len(char) == 2 and x < width:
                        grid[y][x] = ""
                        x += 1
        after = ["".join(row) for row in grid]
        out.append({n: after[n] for n in range(height) if after[n] != before[n]})
    return out


def install(log_path: str) -> None:
    """Give Textual's writer thread a stderr that logs what reaches the terminal."""
    from textual.drivers import _writer_thread

    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    marks = os.open(log_path + ".marks", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    stderr = sys.__stderr__
    assert stderr is not None
    original = _writer_thread.WriterThread.__init__

    def __init__(self, file) -> None:  # type: ignore[no-untyped-def]
        if file is stderr:
            buffered = io.BufferedWriter(Recorded(stderr.fileno(), log, marks))
            file = io.TextIOWrapper(
                buffered,
                encoding=stderr.encoding,
                errors=stderr.errors,
                line_buffering=stderr.line_buffering,
            )
        original(self, file)

    _writer_thread.WriterThread.__init__ = __init__  # type: ignore[method-assign]
    _mark_keys_and_frames(marks)


def _mark_keys_and_frames(marks: int) -> None:
    """Log when the driver hands a key to the app, and each frame's render (``App._display``:
    the compositor's update turned into the terminal's bytes, skipped headless)."""
    from textual import events
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    process, display = LinuxDriver.process_message, App._display

    def process_message(self, message) -> None:  # type: ignore[no-untyped-def]
        if isinstance(message, events.Key):
            os.write(marks, f"key {time.perf_counter()} {message.key}\n".encode())
        process(self, message)

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        display(self, screen, renderable)
        if renderable is not None:
            os.write(marks, f"frame {start} {time.perf_counter()}\n".encode())

    LinuxDriver.process_message = process_message  # type: ignore[method-assign]
    App._display = _display  # type: ignore[method-assign]


def marks(path: str) -> list[tuple[str, float, str]]:
    """The marks logged beside ``path``: ("key", time, key), ("frame", start, end) of each
    render, ("write", start, end) of each write to the terminal."""
    out = []
    with open(path + ".marks") as lines:
        for line in lines:
            kind, when, what = line.split()
            out.append((kind, float(when), what))
    return out


def main() -> int:
    log_path, separator, *args = sys.argv[1:]
    assert separator == "--", __doc__
    install(log_path)
    from beraad.cli import main as beraad

    return beraad(args)


if __name__ == "__main__":
    sys.exit(main())
