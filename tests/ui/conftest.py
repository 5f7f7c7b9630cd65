"""Helpers for the app's tests: a fixed identity (stable snapshots) and a ready-made app."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.core.identity import Identity
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
