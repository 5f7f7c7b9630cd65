"""Helpers for the app's tests: a fixed identity (stable snapshots) and a ready-made app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from beraad.core.identity import Identity
from beraad.i18n import set_language
from beraad.identity_file import KEY_FILE, Profile, load_or_create, save_profile
from beraad.ui.app import BeraadApp

SIZE = (80, 24)
ANJA = Identity.from_seed(bytes(range(32)))


def make_profile(data_dir: Path, *, name: str = "Anja", chosen: bool = True) -> Profile:
    """A real profile on disk, with a fixed key so fingerprints are the same in every run."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / KEY_FILE).write_bytes(ANJA.to_pem())
    save_profile(data_dir, name, None, chosen=chosen)
    return load_or_create(data_dir)


@pytest.fixture(params=["en", "nl"])
def language(request: pytest.FixtureRequest):
    """Each test that asks for it runs in English and in Dutch (the interface's language set
    for the test, English again after)."""
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "anja"


@pytest.fixture
def app(data_dir: Path) -> BeraadApp:
    """An app past first run, without a network (the node is wired in separately)."""
    return BeraadApp(profile=make_profile(data_dir), data_dir=data_dir)


@pytest.fixture
def new_app(data_dir: Path) -> BeraadApp:
    """An app on its very first run."""
    return BeraadApp(profile=make_profile(data_dir, name="root", chosen=False), data_dir=data_dir)


def _cursor_stays_on(self: Input) -> None:
    self._cursor_visible = True


def _text_area_cursor_stays_on(self: TextArea) -> None:
    self._cursor_visible = True


@pytest.fixture(autouse=True)
def _steady_cursor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A focused text box's cursor blinks every half second, so a snapshot taken on a loaded
    machine caught it on or off by chance. In snapshot tests it stays on while focused."""
    if "snap_compare" in request.fixturenames:
        monkeypatch.setattr(Input, "_toggle_cursor", _cursor_stays_on)
        monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", _text_area_cursor_stays_on)
