"""Start and talk to real peer processes (``tests/peer_driver.py``), optionally in a namespace."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class Peer:
    """One peer process. ``call`` sends a command and waits for its reply (with a time-out)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        host: str = "127.0.0.1",
        namespace: str | None = None,
        discovery: bool = False,
        peers: list[str] | None = None,
        port: int = 0,
    ) -> None:
        command = [
            sys.executable,
            "-m",
            "tests.peer_driver",
            "--data-dir",
            str(data_dir),
            "--host",
            host,
            "--port",
            str(port),
        ]
        if discovery:
            command.append("--discovery")
        for address in peers or []:
            command += ["--peer", address]
        if namespace:
            command = ["ip", "netns", "exec", namespace, *command]
        self.log_path = Path(data_dir).with_suffix(".log")
        Path(data_dir).parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        ready = self._reply(60)
        self.address: str = ready["address"]
        self.key: str = ready["peer"]

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put("")

    def _reply(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"peer gave no answer in {timeout}s; log:\n{self.log()}") from None
        if not line:
            raise RuntimeError(f"peer exited ({self.process.poll()}); log:\n{self.log()}")
        return json.loads(line)

    def call(self, cmd: str, timeout: float = 60, **fields: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"cmd": cmd, **fields}) + "\n")
        self.process.stdin.flush()
        reply = self._reply(timeout)
        if not reply.get("ok"):
            raise AssertionError(f"{cmd} failed: {reply.get('error')}\nlog:\n{self.log()[-3000:]}")
        return reply

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """kill -9: no clean shutdown at all."""
        self.process.kill()
        self.process.wait(10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self.process.stdin.flush()
                self.process.wait(15)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(10)
        if not self._log.closed:
            self._log.close()
