"""What a stranger on the network can make a node spend: connections, and lines in its log.

Anyone on the LAN can open connections before proving anything. ``ConnectionLimits`` caps them
in all and per address, and when full makes room by dropping the oldest connection that has not
proved itself yet (from the address holding the most), so idle or hostile connections cannot
keep an honest peer out. ``RateLimitedLog`` keeps a flood of bad connections from turning into
a flood of log lines: each kind of line is written a few times a minute, then counted.
"""

from __future__ import annotations

import logging
import resource
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from beraad.readable import readable

#: Connections one address may hold; people sharing one host (an SSH server) share this.
MAX_PER_ADDRESS = 64
#: Bounds of the total, which is otherwise half of the open-files limit.
MIN_TOTAL, MAX_TOTAL = 32, 512


def default_total() -> int:
    """Half the process's open-files limit, so accepting never exhausts it, within bounds."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_TOTAL
    return max(MIN_TOTAL, min(MAX_TOTAL, soft // 2))


@dataclass(eq=False)
class Slot:
    """One accepted connection, counted until it ends."""

    host: str
    drop: Callable[[], None]
    #: It proved itself (a member's link): never dropped to make room.
    trusted: bool = False


class ConnectionLimits:
    """Caps on open connections, in all and per address, oldest unproven dropped first."""

    def __init__(self, total: int | None = None, per_address: int = MAX_PER_ADDRESS) -> None:
        self.total = default_total() if total is None else total
        self.per_address = per_address
        self._slots: dict[Slot, None] = {}  # in the order they were accepted
        self.dropped = 0
        self.refused = 0

    def __len__(self) -> int:
        return len(self._slots)

    def count(self, host: str) -> int:
        return sum(1 for slot in self._slots if slot.host == host)

    def admit(self, host: str, drop: Callable[[], None]) -> Slot | None:
        """A slot for a new connection from ``host``, or None when it must be refused.

        At the per-address cap the address's own oldest unproven connection makes room; at the
        total cap, the oldest unproven one of the address that holds the most. Proven links
        are never dropped: when only they fill the cap, the newcomer is refused.
        """
        if self.count(host) >= self.per_address and not self._drop_oldest(host):
            self.refused += 1
            return None
        if len(self._slots) >= self.total and not self._drop_oldest(self._busiest()):
            self.refused += 1
            return None
        slot = Slot(host, drop)
        self._slots[slot] = None
        return slot

    def release(self, slot: Slot) -> None:
        self._slots.pop(slot, None)

    def _busiest(self) -> str | None:
        counts: dict[str, int] = {}
        for slot in self._slots:
            if not slot.trusted:
                counts[slot.host] = counts.get(slot.host, 0) + 1
        return max(counts, key=counts.__getitem__) if counts else None

    def _drop_oldest(self, host: str | None) -> bool:
        victim = next((s for s in self._slots if s.host == host and not s.trusted), None)
        if victim is None:
            return False
        self.release(victim)
        self.dropped += 1
        victim.drop()
        return True


class Throttle:
    """Lets ``burst`` events of each key through per ``period`` seconds and counts the rest.

    One peer can send a hundred thousand bad records in one message; whoever tells a person
    about them (the log, the keeper's printout, the app's notices) says the first few, then that
    more follow, then how many there were.
    """

    def __init__(
        self,
        *,
        burst: int = 10,
        period: float = 60.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.period = period
        self.now = now
        self._windows: dict[Hashable, tuple[float, int]] = {}

        #: How long the window that ended at the last ``count`` lasted, in seconds.
        self.last_span = 0.0

    def count(self, key: Hashable) -> tuple[int, int]:
        """Count one event of ``key``: its number in this window (``<= burst``: say it;
        ``burst + 1``: say that more follow), and how many the window before left out."""
        now = self.now()
        start, count = self._windows.get(key, (now, 0))
        left_out = 0
        if now - start >= self.period:
            left_out = max(0, count - self.burst)
            self.last_span = now - start
            start, count = now, 0
        count += 1
        self._windows[key] = (start, count)
        return count, left_out


class RateLimitedLog:
    """Writes each kind of line (its format string, per ``key`` when one is given) at most
    ``burst`` times per ``period`` seconds, then once how many of that kind were left out."""

    def __init__(
        self,
        logger: logging.Logger,
        *,
        burst: int = 10,
        period: float = 60.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.throttle = Throttle(burst=burst, period=period, now=now)

    @property
    def burst(self) -> int:
        return self.throttle.burst

    @property
    def period(self) -> float:
        return self.throttle.period

    def warning(self, message: str, *args: object, key: Hashable = None) -> None:
        self.log(logging.WARNING, message, *args, key=key)

    def error(self, message: str, *args: object, key: Hashable = None) -> None:
        self.log(logging.ERROR, message, *args, key=key)

    def info(self, message: str, *args: object, key: Hashable = None) -> None:
        self.log(logging.INFO, message, *args, key=key)

    def log(self, level: int, message: str, *args: object, key: Hashable = None) -> None:
        """``key`` (e.g. a peer and a kind of trouble) gets its own budget of lines. What a
        line quotes (a peer's error, a refused record's reason) is a stranger's text: made
        ``readable``, so a log read on a terminal shows no escape or forged line of theirs."""
        args = tuple(a if isinstance(a, (int, float)) else readable(str(a)) for a in args)
        count, left_out = self.throttle.count(message if key is None else (key, message))
        about = "" if key is None else f" ({key if isinstance(key, str) else key[0]})"
        if left_out:
            self.logger.log(
                level,
                "%d more lines like %r%s in the last %d s were not logged",
                left_out,
                message,
                about,
                round(self.throttle.last_span),
            )
        if count <= self.burst:
            self.logger.log(level, message, *args)
        elif count == self.burst + 1:
            self.logger.log(
                level,
                "more lines like %r%s follow; they are counted, not logged, for %d s",
                message,
                about,
                round(self.period),
            )
