"""How long a language switch takes as the session grows (naive s10 finding 2: 2.0 s at 10
contributions, 2.5-4.5 s at 1,000 and 4.1 s at 5,000 under load ~12, Enter to the first Dutch
frame). The real app over the benchmark's sessions (``ui.built_apart``) at 80×24, in the
decide view the group sits in, every view mounted; each switch is timed from the call to the
end of ``switch_language`` (nothing is painted in between: ``App.batch_update``), wall clock
and this process's CPU (the tally's thread included). Sizes are measured in the same run, so
their ratio holds under the machine's load. Since session 15 a switch composes only the
view looked at (and views holding words not sent) and the others mount behind, after it: so
each switch is also timed until every view is mounted again and the screen is still ("all
back"), wall clock and CPU, which holds that work too (the same as the switch itself for a
checkout that mounts every view in the switch).

    python benchmarks/language_switch.py [10 1000 5000]
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ui import built_apart, no_blink, pen, until

SWITCHES = ("nl", "en", "nl", "en", "nl", "en")


async def switches(contributions: int) -> dict[str, float]:
    from benchmarks.ui import Probe
    from beraad.ui.screens.session import SessionScreen
    from tests.ui.stored_app import loopback_app

    home, written = built_apart(contributions, "beraad-switch-bench-")
    try:
        app = loopback_app(home)
        walls: list[float] = []
        cpus: list[float] = []
        backs: list[float] = []
        back_cpus: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await until(lambda: app.bridge is not None)
            await pilot.pause()
            app.open_session(pen(written).session)
            await until(lambda: isinstance(app.screen, SessionScreen))
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            await until(lambda: len(screen.views()) == len(screen.phases))
            probe = Probe(app)
            await asyncio.sleep(1.0)  # the last view's first draw and the tally settle
            for language in SWITCHES:
                wall, cpu = time.perf_counter(), time.process_time()
                await app.switch_language(language, save=False)  # type: ignore[attr-defined]
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                await until(lambda: len(screen.views()) == len(screen.phases))
                await probe.quiet()
                backs.append(probe.frames[-1] - wall if probe.frames else 0.0)
                back_cpus.append(time.process_time() - cpu)
                await asyncio.sleep(1.0)  # what the switch set going (a tally) is done
        return {
            "wall": statistics.median(walls),
            "cpu": statistics.median(cpus),
            "back": statistics.median(backs),
            "back_cpu": statistics.median(back_cpus),
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    no_blink()
    sizes = [int(arg) for arg in sys.argv[1:]] or [10, 1000, 5000]
    results = {size: asyncio.run(switches(size)) for size in sizes}
    base = results[sizes[0]]
    for size, figures in results.items():
        print(
            f"{size:>5} contributions: switch median {figures['wall']:.2f} s wall "
            f"({figures['wall'] / base['wall']:.2f}x), {figures['cpu']:.2f} s CPU "
            f"({figures['cpu'] / base['cpu']:.2f}x); all back {figures['back']:.2f} s wall, "
            f"{figures['back_cpu']:.2f} s CPU ({figures['back_cpu'] / base['back_cpu']:.2f}x)"
        )


if __name__ == "__main__":
    main()
