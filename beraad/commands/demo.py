"""``beraad demo``: watch a simulated group deliberate, on this machine, over real local peers.

Your own identity and sessions are never touched: every simulated member gets a data dir of its
own under a temporary dir. ``--headless`` prints each contribution as it happens and the final
state hash, then removes those dirs. Without it the demo (for now) plays the same way and then
keeps the dirs and says how to look at the result; the live view in the app comes later.
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


def run(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", None) or current_language()
    set_language(language)
    if args.headless:
        with tempfile.TemporaryDirectory(prefix="beraad-demo-") as tmp:
            result = asyncio.run(_play(args, language, Path(tmp)))
    else:
        base = Path(tempfile.mkdtemp(prefix="beraad-demo-"))
        result = asyncio.run(_play(args, language, base))
    from beraad.demo import DemoResult

    assert isinstance(result, DemoResult)
    if result.decision:
        print(_("Decision: {text}").format(text=result.decision), flush=True)
    print(
        _("state hash {hash}: the same on all {count} members' peers").format(
            hash=result.state_hash, count=len(result.hashes)
        ),
        flush=True,
    )
    if not args.headless:
        first = result.data_dirs[0]
        print()
        print(_("The live view of a demo is not in the app yet. The members' records stay in:"))
        print(f"  {first.parent}")
        print(_("Look at the session as its first member with:"))
        print(f"  beraad --data-dir {first} state {result.session}")
        print(f"  beraad --data-dir {first}")
    return 0
