"""Shared fixtures: every test gets its own data dir and a fixed language."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from beraad.i18n import set_language
from tests.alarm import (  # noqa: F401  (pytest's hooks: the time-out's alarm)
    pytest_runtest_call,
    pytest_runtest_setup,
    pytest_runtest_teardown,
    pytest_timeout_cancel_timer,
    pytest_timeout_set_timer,
)
from tests.ui.burst import burst


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No test may touch the real user data dir, and English is the default language."""
    monkeypatch.setenv("BERAAD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BERAAD_LANG", "en")
    set_language("en")
    yield
    set_language("en")


def _in_its_own_app(settle):  # type: ignore[no-untyped-def]
    async def settled(pilot: Pilot, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        with pilot.app._context():
            await settle(pilot, *args, **kwargs)

    return settled


@pytest.fixture(autouse=True)
def _pilot_settles_its_own_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pilot's pause lays out its own app's screen, also in a test with several apps.

    ``Pilot.pause`` ends with ``app.screen._on_timer_update()``, and inside it the screen's
    ``self.app`` is the context's active app: in a test task that entered several
    ``run_test``, the last one. For any other app's screen the call paused the screen's update
    timer and, finding the screen not current, laid nothing out: a change asked just before
    stayed off the screen until something else woke that screen. Under load the three-person
    walk lost the move to Act that way (Bart's bar said Act, his view stayed Decide for a
    minute, 8 of 9 runs; ``tests/ui/test_pilot_pause.py``). An app runs alone in its process,
    so a person never meets this; only tests do."""
    for name in ("pause", "wait_for_animation", "wait_for_scheduled_animations"):
        monkeypatch.setattr(Pilot, name, _in_its_own_app(getattr(Pilot, name)))


#: Textual's CSS as parsed, per theme's variables and source, for every app of this process.
_PARSED: dict[tuple[object, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _parsed_once(
    self: Stylesheet,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    """``Stylesheet._parse_rules``, kept for the whole process rather than per stylesheet."""
    key = (frozenset(self._variables.items()), css, read_from, is_default_rules, tie_breaker, scope)
    rules = _PARSED.get(key)
    if rules is None:
        rules = _PARSED[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


@pytest.fixture(autouse=True)
def _css_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each app parses its CSS (beraad.tcss, every widget's default CSS) when it starts, and
    all of it again for a theme (``App.refresh_css`` parses into a new stylesheet): 0.06–0.2 s
    of CPU in a small UI test, every test again, though the sources and a theme's variables are
    the same each time. The suite's apps share what was parsed, keyed by both; an app of its
    own process (``beraad`` in tmux, a real user's) parses as before, and the first app of each
    worker does too. Textual reuses parsed rules across parses of one stylesheet the same way."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", _parsed_once)


def _plain(key: str) -> bool:
    """A key that types one character (a letter, a digit, a space, punctuation)."""
    return len(key) == 1 and key.isprintable()


async def _press_typing_in_bursts(self: Pilot, *keys: str) -> None:
    """``Pilot.press``, with each run of characters typed into a text box as one burst
    (``tests/ui/burst.py``): every character but the run's last queued at once, the last
    pressed as a key, so the press waits as before once the run has acted. Characters typed
    where the keys are not in a box (a list, a table, a grid: a letter may act there) and
    every other key (Enter, Tab, arrows, Ctrl+…) are pressed one by one, each waited for as
    Textual waits for it."""
    if not keys:
        return
    app = self._app
    for plain, run in itertools.groupby(keys, _plain):
        *ahead, last = run
        if plain and ahead and isinstance(app.focused, Input | TextArea):
            burst(app, "".join(ahead))
            await app._press_keys([last])
        else:
            await app._press_keys([*ahead, last])
    await self._wait_for_screen()


@pytest.fixture(autouse=True)
def _typing_in_bursts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Characters typed with ``Pilot.press`` into a text box arrive as a burst, as from a fast
    typist, a paste or a terminal over SSH (the app takes them in the order they came:
    docs/focus.md). ``Pilot.press`` waits for an idle process twice after every key, at least
    40 ms and often 0.1 s: ~2,000 characters typed key by key in the suite cost minutes. A
    test where what each key does is the point (a key acting before the next one comes, in a
    box too) is marked ``key_by_key`` and keeps Textual's own press."""
    if request.node.get_closest_marker("key_by_key") is None:
        monkeypatch.setattr(Pilot, "press", _press_typing_in_bursts)


def beraad_command() -> list[str]:
    """The installed ``beraad`` script of this environment (as a user would run it)."""
    script = Path(sys.executable).with_name("beraad")
    if script.exists():
        return [str(script)]
    found = shutil.which("beraad")
    return [found] if found else [sys.executable, "-m", "beraad"]


def run_beraad(
    *args: str, env: dict[str, str] | None = None, **kwargs
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*beraad_command(), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        **kwargs,
    )


#: The test files whose longest test took 7 s or more in a full run's ``--durations`` (72e9249,
#: 7 Dec), the one with the longest test first (nine files placed by suite16's tests/ui run at
#: load ~10, 8 Dec, their times scaled by the walk's: 38-102 s there, 14-36 s here); a module
#: that one worker runs whole (``xdist_group``: test_terminals) counts with all its tests.
#: pytest-xdist hands tests out in the order collected, so a long test collected last ran
#: alone at the end while the other workers idled; started first, the short ones fill in
#: around them. A file missing here only runs in its usual place.
LONG_FIRST = (
    "tests/ui/test_session_walk.py",
    "tests/ui/test_language_switch.py",
    "tests/ui/test_clock_line.py",
    "tests/ui/test_e2e_two_netns.py",
    "tests/ui/test_terminals.py",
    "tests/ui/test_cafe.py",
    "tests/ui/test_session_flow.py",
    "tests/test_read_beside_keeper.py",
    "tests/ui/test_peer_vote_lines.py",
    "tests/ui/test_hostile_text.py",
    "tests/ui/test_settle_tidy.py",
    "tests/net/test_discovery.py",
    "tests/ui/test_walk_fixes.py",
    "tests/net/test_many_sessions.py",
    "tests/ui/test_session_away.py",
    "tests/ui/test_member_markup.py",
    "tests/ui/test_naive_s8b_decide.py",
    "tests/ui/test_end_by_consent.py",
    "tests/ui/test_focus.py",
    "tests/ui/test_switch_work.py",
    "tests/ui/test_facts_screen.py",
    "tests/ui/test_naive_s9b_decide.py",
    "tests/ui/test_naive_s9_held.py",
    "tests/ui/test_own_row_in_sight.py",
    "tests/ui/test_meeting_naive.py",
    "tests/ui/test_attack_s9_reason.py",
    "tests/ui/test_session_suggestions.py",
    "tests/ui/test_tmux_away_kill.py",
    "tests/store/test_kill.py",
    "tests/test_packaging.py",
    "tests/ui/test_since_last_time.py",
    "tests/ui/test_table_map_80.py",
    "tests/core/test_replica_limits.py",
    "tests/ui/test_ssh.py",
    "tests/net/test_mesh.py",
    "tests/ui/test_tmux_trajectory.py",
    "tests/ui/test_settle_typing.py",
    "tests/test_hostile_records.py",
    "tests/ui/test_table_map_s5.py",
    "tests/ui/test_session_sealed.py",
    "tests/ui/test_cafe_screens.py",
    "tests/test_node_trust.py",
    "tests/ui/test_tmux_continue.py",
    "tests/ui/test_live_screens.py",
    "tests/ui/test_switch_lines.py",
    "tests/ui/test_keys_not_lost.py",
    "tests/ui/test_footer_help.py",
    "tests/ui/test_facilitation.py",
    "tests/ui/test_session_late_reveal.py",
    "tests/test_link_dropped_again.py",
    "tests/ui/test_ballot_closed.py",
    "tests/ui/test_legend_behind_resize.py",
    "tests/ui/test_session_open_work.py",
    "tests/ui/test_phases_options.py",
    "tests/ui/test_table_map.py",
    "tests/ui/test_attach.py",
    "tests/test_demo_live.py",
    "tests/ui/test_tmux_ballot_in_sight.py",
    "tests/ui/test_opening_focus.py",
    "tests/ui/test_naive_s8_words.py",
    "tests/ui/test_naive_s6_moves.py",
    "tests/ui/test_tmux_typing_on.py",
    "tests/ui/test_away_late_sync.py",
    "tests/ui/test_phases_act.py",
    "tests/ui/test_flood_keys.py",
)


#: The parameters under which a test takes the interface's language ("en", "nl").
LANGUAGE_PARAMS = ("language", "lang", "interface")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--every-language",
        action="store_true",
        help="run each test that takes a language in every language it lists, "
        "not only the tests marked both_languages",
    )


def _language_of(item: pytest.Item) -> tuple[str, str] | None:
    """The test's language parameter and its value, if it has one."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    for name in LANGUAGE_PARAMS:
        if params.get(name) in ("en", "nl"):
            return name, params[name]
    return None


def _without_language(nodeid: str, value: str) -> str:
    """``nodeid`` with the language's part of its id taken out: the same for both twins."""
    base, _, ids = nodeid.partition("[")
    parts = ids.removesuffix("]").split("-")
    if value in parts:  # ids the test chose itself may not name the language
        parts.remove(value)
    return f"{base}[{'-'.join(parts)}]"


def _in_one_language(items: list[pytest.Item], config: pytest.Config) -> list[pytest.Item]:
    """Of a test that runs in English and in Dutch, the run in one of them only, unless it is
    marked ``both_languages`` (the wording in each language is what it asserts: a snapshot, a
    message's words) or named with its language on the command line. Which one follows from
    the test's name (crc32, so every xdist worker picks the same; about half run in Dutch), so
    both languages stay exercised across the suite. Each twin cost the whole test again, ~27 %
    of the suite's time (7 December 2026); ``--every-language`` runs both."""
    if config.getoption("every_language"):
        return []
    named = {arg.rpartition("::")[2] for arg in config.invocation_params.args if "[" in arg}
    twins: dict[str, set[str]] = {}
    for item in items:
        found = _language_of(item)
        if found:
            twins.setdefault(_without_language(item.nodeid, found[1]), set()).add(found[1])
    dropped = []
    for item in items:
        found = _language_of(item)
        if not found or item.get_closest_marker("both_languages"):
            continue
        if "snap_compare" in getattr(item, "fixturenames", ()):
            continue  # a snapshot's words are what it compares
        key = _without_language(item.nodeid, found[1])
        if twins[key] != {"en", "nl"} or item.nodeid.rpartition("::")[2] in named:
            continue
        if found[1] != ("en", "nl")[zlib.crc32(key.encode()) % 2]:
            dropped.append(item)
    return dropped


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test in one language unless it needs both (``_in_one_language``); then the long
    tests first (see ``LONG_FIRST``), the rest in their order. The same order and choice in
    every xdist worker, as xdist requires."""
    dropped = _in_one_language(items, config)
    if dropped:
        gone = set(map(id, dropped))
        items[:] = [item for item in items if id(item) not in gone]
        config.hook.pytest_deselected(items=dropped)
    rank = {path: n for n, path in enumerate(LONG_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true nothing may skip: a skipped test there would hide a missing tool or feature."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under CI=true, which must run every test: {reason}"
