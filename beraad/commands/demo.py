"""``beraad demo``: watch a simulated group deliberate, on this machine, over real local peers.

Your own identity and sessions are never touched: every simulated member gets a data dir of its
own under a temporary dir, removed when the demo ends. ``--headless`` prints each contribution
as it happens and the final state hash. Without it the projector view opens on the first
simulated member's node while the script plays, and stays after it until the person quits.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from beraad.commands.common import fail
from beraad.i18n import N_, _, current_language, set_language

NAME = "demo"
HELP = N_("watch a simulated group deliberate on this machine, over real local peers")


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(
            _("the speed must be a number above 0, like 2 or 0.5 (not {value})").format(value=text)
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from beraad.demo import DEFAULT_SCENARIO

    parser.add_argument(
        "--scenario",
        default=DEFAULT_SCENARIO,
        metavar="ID",
        help=_("which scenario to play (default: {id})").format(id=DEFAULT_SCENARIO),
    )
    parser.add_argument(
        "--lang",
        choices=("en", "nl"),
        default=argparse.SUPPRESS,
        help=_("language of the session and the output (default: your locale)"),
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="X",
        help=_("how fast to play: 2 is twice as fast, 0.5 half as fast (default: 1)"),
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help=_("only print what happens, then clean up"),
    )


async def _play(args: argparse.Namespace, language: str, base: Path) -> object:
    from beraad.demo import DemoError, run_demo
    from beraad.scenarios import get_scenario

    try:
        scenario = get_scenario(args.scenario)
    except KeyError as error:
        fail(str(error.args[0]))
    try:
        return await run_demo(
            scenario,
            language,
            base,
            speed=args.speed,
            say=lambda line: print(line, flush=True),
        )
    except DemoError as error:
        fail(str(error), code=1)
    return None


def _live(args: argparse.Namespace, language: str, base: Path) -> object:
    """Play behind the projector view; returns the result once the person quit (or None)."""
    from beraad.demo import DemoResult, LiveDemo
    from beraad.scenarios import get_scenario
    from beraad.ui.projector import ProjectorApp

    try:
        scenario = get_scenario(args.scenario)
    except KeyError as error:
        fail(str(error.args[0]))
    live = LiveDemo(scenario, language, base, speed=args.speed)
    app = ProjectorApp(live.open, closer=live.close, beamer=False)

    def ended(result: DemoResult | None, error: str | None) -> None:
        app.set_status(end_message(result, error))

    live.on_end = ended
    app.run()
    if live.error is not None:
        fail(live.error, code=1)
    return live.result


def end_message(result: object, error: str | None) -> str:
    """The line the live view shows when the demo's script ended (or failed)."""
    from beraad.demo import DemoResult

    if error is not None:
        return _("The demo stopped: {error} Press q to quit.").format(error=error)
    assert isinstance(result, DemoResult)
    decided = _("Decision: {text}").format(text=result.decision) + " · " if result.decision else ""
    return decided + _(
        "The script has ended: all {count} peers hold the same state. Press q to quit."
    ).format(count=len(result.hashes))


def run(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", None) or current_language()
    set_language(language)
    # The members' data dirs live only as long as the demo: removed on exit, in both modes.
    with tempfile.TemporaryDirectory(prefix="beraad-demo-") as tmp:
        if args.headless:
            result = asyncio.run(_play(args, language, Path(tmp)))
        else:
            result = _live(args, language, Path(tmp))
    from beraad.demo import DemoResult

    if not isinstance(result, DemoResult):
        return 0  # the person quit before the script ended
    if result.decision:
        print(_("Decision: {text}").format(text=result.decision), flush=True)
    print(
        _("state hash {hash}: the same on all {count} members' peers").format(
            hash=result.state_hash, count=len(result.hashes)
        ),
        flush=True,
    )
    return 0
