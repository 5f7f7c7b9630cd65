"""The real app over a session whose signed records are already in its store.

What the screen tests that count work (and ``benchmarks/ui.py``) all set up the same way: a
member's profile with a fixed key, the session's records and group key in a real store, a real
node on loopback without mDNS; then waiting on a condition while the app runs, and counting
which views draw. One copy here, so a change to how a profile or store is made is made once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.pilot import Pilot
from textual.widgets import DataTable

from benchmarks.ui import GROUP_KEY, MEMBERS
from beraad.core.identity import Identity
from beraad.core.record import Record
from beraad.identity_file import KEY_FILE, load_or_create, save_profile
from beraad.node import Node
from beraad.store import RecordStore
from beraad.ui.app import BeraadApp
from beraad.ui.screens.session import SessionScreen

if TYPE_CHECKING:
    import pytest

    from benchmarks.ui import Writer


async def until(condition: Callable[[], object], timeout: float = 60) -> None:
    """Let the app run until ``condition()`` holds; the timeout is a hang guard, not a speed
    limit (the pytest timeout of each test is the real bound)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the screen never got there"
        await asyncio.sleep(0.01)


def hold(home: Path, session: str, records: Iterable[Record]) -> None:
    """The session's records in ``home``'s store, with the group key, as after joining."""
    with RecordStore.open(home) as store:
        store.append_many(list(records))
        store.set_session_local(session, {"group_key": GROUP_KEY.hex()})


def loopback_app(home: Path, gate: asyncio.Event | None = None) -> BeraadApp:
    """The app of the profile in ``home``, its node on loopback only, without mDNS; opened
    only once ``gate`` is set, when there is one (what shows while the node opens)."""

    async def open_node() -> Node:
        if gate is not None:
            await gate.wait()
        return await Node.open(home, host="127.0.0.1", discovery=False)

    return BeraadApp(profile=load_or_create(home), data_dir=home, node_opener=open_node)


def store_session(
    w: Writer,
    home: Path,
    *,
    identity: Identity | None = None,
    name: str = MEMBERS[0],
    language: str | None = "en",
    records: Iterable[Record] | None = None,
) -> None:
    """The profile of ``identity`` (the writer's first member unless told) in ``home``, with
    the records ``w`` wrote (or ``records``) in its store."""
    home.mkdir(parents=True, exist_ok=True)
    (home / KEY_FILE).write_bytes((identity or w.who[0]).to_pem())
    save_profile(home, name, language, chosen=True)
    hold(home, w.session, w.records if records is None else records)


def stored_app(w: Writer, home: Path, **profile) -> BeraadApp:  # type: ignore[no-untyped-def]
    """The app over ``store_session(w, home, **profile)``."""
    store_session(w, home, **profile)
    return loopback_app(home)


def session_screen(app: BeraadApp) -> SessionScreen:
    """The app's session screen (under any dialog over it)."""
    screens = [s for s in app.screen_stack if isinstance(s, SessionScreen)]
    assert screens, f"no session screen in {app.screen_stack}"
    return screens[-1]


def composed(app: BeraadApp, phase: str) -> bool:
    """Whether ``phase``'s view is mounted with its children: the session screen mounts the
    views not looked at in the background, so one may exist before its widgets do."""
    view = session_screen(app)._views.get(phase)
    return view is not None and view.is_mounted


async def until_composed(phase: str, *pilots: Pilot) -> None:
    """Let the apps run until each one's ``phase`` view is composed (mounted if need be)."""
    for pilot in pilots:
        session_screen(pilot.app).view(phase)  # type: ignore[arg-type]
    await until(lambda: all(composed(p.app, phase) for p in pilots))  # type: ignore[arg-type]


async def open_from_lobby(*pilots: Pilot) -> None:
    """Each app opens its one deliberation from "my deliberations" in the lobby (Enter), as a
    person does after joining; returns once each shows it."""
    for pilot in pilots:
        app = pilot.app
        await until(lambda app=app: app.screen.query("#mine DataTable"))
        table = app.screen.query_one("#mine DataTable", DataTable)
        await until(lambda table=table: table.row_count == 1)
        table.focus()
        await pilot.press("enter")
        await until(lambda app=app: isinstance(app.screen, SessionScreen))


async def session_opened(app: BeraadApp, session: str) -> SessionScreen:
    """Open ``session`` as Enter in the lobby does; the screen once its first view is drawn."""
    await until(lambda: app.bridge is not None)
    app.open_session(session)
    await until(lambda: isinstance(app.screen, SessionScreen) and bool(app.screen._shown))
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def count_shows(monkeypatch: pytest.MonkeyPatch, views: Iterable[type]) -> list[str]:
    """Every draw of a view of these classes, by its phase, in order."""
    drawn: list[str] = []
    for view in set(views):
        original = view.show

        def counted(self, state, me, original=original):  # type: ignore[no-untyped-def]
            drawn.append(self.phase)
            original(self, state, me)

        monkeypatch.setattr(view, "show", counted)
    return drawn
