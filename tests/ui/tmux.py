"""Drive a real terminal program in tmux: start at 80×24, send keys, read the screen.

Each ``Tmux`` has its own server socket (``tmux -L <unique>``), so tests never see each other's
sessions or the user's own tmux, and the server is always killed on exit.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType


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
