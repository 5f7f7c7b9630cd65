"""Drive a real terminal program in tmux: start at 80×24, send keys, read the screen.

Each ``Tmux`` has its own server socket (``tmux -L <unique>``), so tests never see each other's
sessions or the user's own tmux, and the server is always killed on exit. Below it, what every
tmux test of beraad does the same way: the first run, starting a deliberation, joining by code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType

from beraad.i18n import _


class TmuxTimeout(AssertionError):
    """The wanted text did not appear in time; the message holds the last screen seen."""


class Tmux:
    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.socket = f"beraad-test-{uuid.uuid4().hex[:12]}"
        self.width = width
        self.height = height
        self.target = "app"

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=20,
            # os.environ, not the C environment: pytest loads readline, which exports
            # COLUMNS=80 LINES=24 at C level, and the app would believe those over the pane.
            env=dict(os.environ),
        )

    def start(self, command: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        """Run ``command`` in a detached session; it stays on screen after it exits."""
        environment = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = f"env {environment} {shlex.join(command)}"
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.target,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "sh",
            "-c",
            f"{line}; echo '[exited '$?']'; sleep 600",
        )
        self._tmux("set-option", "-t", self.target, "status", "off")

    def send(self, *keys: str) -> None:
        """tmux key names (``Enter``, ``C-s``, ``F2``) or literal text."""
        for key in keys:
            self._tmux("send-keys", "-t", self.target, key)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.target, "-l", text)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.target).stdout

    def wait_for(
        self, wanted: str | Callable[[str], bool], timeout: float = 20.0, interval: float = 0.1
    ) -> str:
        """Poll the screen until ``wanted`` (text, or a test on the screen) holds."""
        check = wanted if callable(wanted) else (lambda screen: wanted in screen)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(interval)  # polling the pane, not synchronising on time
        raise TmuxTimeout(f"{wanted!r} did not appear within {timeout}s; screen:\n{screen}")

    def kill(self) -> None:
        self._tmux("kill-server", check=False)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.kill()


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a person's terminal would give: a real TERM, UTF-8, our own variables."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "USER", "LOGNAME")}
    return {**keep, "TERM": "xterm-256color", "LANG": "C.UTF-8", **extra}


#: A join code as shown on the invitation screen (``7-appel-fiets``).
CODE = re.compile(r"\b(\d+-[a-z]+-[a-z]+)\b")


def coloured(term: Tmux) -> str:
    """The screen with its colours: focus moving shows only in colour."""
    return term._tmux("capture-pane", "-p", "-e", "-t", term.target).stdout


def row(screen: str, text: str) -> str:
    return next((line for line in screen.splitlines() if text in line), "")


def press_and_see(term: Tmux, key: str, row_text: str) -> None:
    """Press ``key`` and wait until the row with ``row_text`` is drawn differently (focus
    shows only in colour), so the next keys go where the key led."""
    before = row(coloured(term), row_text)
    term.send(key)
    deadline = time.monotonic() + 10
    while row(coloured(term), row_text) == before:
        assert time.monotonic() < deadline, f"{key} did not change the row {row_text!r}"
        time.sleep(0.05)  # polling the pane for the change, as Tmux.wait_for does


def name_box(screen: str) -> str:
    """What the first-run name box shows ("" while it is not drawn): the example in it, or
    the name suggested. The screen can be caught half drawn (no synchronised output in
    tmux): the label above the box already there, the box itself not yet."""
    lines = screen.splitlines()
    label = _("Your name, as the group will see it")
    at = next((i for i, line in enumerate(lines) if label in line), None)
    if at is None:
        return ""
    shown = next((line for line in lines[at + 1 : at + 4] if "▊  " in line), "")
    return shown.partition("▊  ")[2].rstrip(" ▎")


def first_run(term: Tmux, name: str) -> None:
    """The first-run screen in the interface's language (``set_language`` in this process)."""
    # Typed once the name box is there, as a person sees it: its example, or a suggested
    # name (a login name that is not a system account's) to clear first.
    shown = name_box(term.wait_for(lambda s: bool(name_box(s)), timeout=30))
    example = _("for example Anja")
    if shown != example:
        term.send("C-u")
        term.wait_for(lambda s: name_box(s) == example)
    term.type(name)
    term.wait_for(lambda s: name in row(s, "▊  " + name))
    term.send("Enter")
    term.wait_for(lambda s: _("Deliberations nearby") in s and "f2 " + _("Rules") in s)


def start_deliberation(
    term: Tmux, title: str, question: str, shown: Callable[[str], bool] | None = None
) -> str:
    """From the lobby: ``n``, the title, Tab, the focus question, Ctrl+S; waits until the
    invitation shows (and ``shown`` holds) and returns that screen (``join_code`` reads it)."""
    term.send("n")
    term.wait_for(_("Focus question"))
    term.type(title)
    term.wait_for(title)
    press_and_see(term, "Tab", _("Focus question"))
    term.type(question)
    term.send("C-s")
    ready = "Others choose"  # the invitation, in an English interface
    return term.wait_for(lambda s: ready in s and (shown is None or shown(s)), timeout=30)


def join_code(screen: str) -> str:
    found = CODE.search(screen)
    assert found, screen
    return found.group(1)


def join_by_code(term: Tmux, code: str, host: str = "Anja") -> str:
    """From the lobby: ``j`` and the code typed as spoken aloud (spaces, no address), Ctrl+S;
    waits until the session shows ``host`` among who is here, and returns that screen."""
    term.send("j")
    term.wait_for(_("Join code"))
    term.type(code.replace("-", " "))
    term.send("C-s")
    here = _("Here: ").strip()
    return term.wait_for(lambda s: here in s and host in s, timeout=40)
