"""What ``benchmarks/ui.py`` watches in a running app: when a frame is written (``Probe``), the
cycle collector's passes (``Collections``), the work of each view switch (``SwitchWork``).
Their own module so the benchmark's runs and its instruments are read apart."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from typing import Any

from textual import events


class SwitchWork:
    """Per view switch (``--detail``): from/to, its time, the frames written until the screen
    was still, the screen's layouts, the CPU the process spent, and per frame which kinds of
    widget were dirty (what asked for that frame)."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.switches: list[dict[str, Any]] = []
        self._layout, self._paint = screen._refresh_layout, screen._compositor_refresh
        self._current: dict[str, Any] = {}

        def layout(*args: Any, **kwargs: Any) -> Any:
            self._current["layouts"] = self._current.get("layouts", 0) + 1
            return self._layout(*args, **kwargs)

        def paint() -> None:
            dirty = sorted({type(widget).__name__ for widget in screen._dirty_widgets})
            self._current.setdefault("dirty", []).append(",".join(dirty[:6]))
            self._paint()

        screen._refresh_layout = layout
        screen._compositor_refresh = paint

    def start(self, here: str, there: str, frames: int) -> None:
        self._current = {"from": here, "to": there, "layouts": 0, "dirty": []}
        self._frames, self._cpu = frames, time.process_time()

    def stop(self, seconds: float, probe: Probe) -> None:
        self._current["ms"] = round(seconds * 1000, 1)
        self._current["cpu_ms"] = round((time.process_time() - self._cpu) * 1000, 1)
        self._current["frames"] = len(probe.frames) - self._frames
        self.switches.append(self._current)
        self._current = {}

    def release(self) -> None:
        del self.screen._refresh_layout, self.screen._compositor_refresh


class Collections:
    """The cycle collector's passes between ``start`` and ``stop``: how many, of which
    generation, and the milliseconds they took (a full one walks all that is not frozen)."""

    def __init__(self) -> None:
        self._on = False
        self._began = 0.0
        self._seen: list[tuple[int, float]] = []
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        elif self._on:
            self._seen.append((info["generation"], time.perf_counter() - self._began))

    def start(self) -> None:
        self._seen, self._on = [], True

    def stop(self) -> dict[str, Any]:
        self._on = False
        return {
            "gc_ms": round(sum(t for _, t in self._seen) * 1000, 1),
            "full_gc": sum(1 for generation, _ in self._seen if generation == 2),
        }

    def release(self) -> None:
        gc.callbacks.remove(self._callback)


class Probe:
    """When what a person did reached the screen: every frame the app writes is stamped, and
    a frame counts once the change it should show has happened."""

    QUIET = 0.2  # seconds without a new frame: the screen has settled

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames: list[float] = []
        self._done: Callable[[], bool] | None = None
        self._painted: float | None = None
        display = app._display

        def stamped(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            self.frames.append(now)
            if self._done is not None and self._painted is None and self._done():
                self._painted = now

        app._display = stamped

    def press(self, key: str) -> float:
        """Send ``key`` down the driver as a terminal would; returns when it was sent."""
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(self.app)
        started = time.perf_counter()
        self.app._driver.send_message(event)
        return started

    async def painted(self, done: Callable[[], bool], started: float) -> float:
        """Seconds from ``started`` to the first frame drawn once ``done()`` holds."""
        self._done, self._painted = done, None
        deadline = time.perf_counter() + 120
        while self._painted is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("nothing reached the screen")
            await asyncio.sleep(0.002)
        self._done = None
        return self._painted - started

    async def quiet(self) -> None:
        """Until no frame came for ``QUIET`` seconds."""
        while True:
            count = len(self.frames)
            await asyncio.sleep(self.QUIET)
            if len(self.frames) == count:
                return

    async def settled(self, done: Callable[[], bool], started: float) -> float:
        """Seconds from ``started`` to the last frame before the screen went quiet."""
        await self.painted(done, started)
        while True:
            last = self.frames[-1]
            await asyncio.sleep(self.QUIET)
            if self.frames[-1] == last:
                return max(last, started) - started
