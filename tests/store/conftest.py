"""Fixtures for store tests: a fresh data dir and an open store on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.core.record import Record
from beraad.store import RecordStore
from tests.core.strategies import chain_of, identity
from tests.store.helpers import texts


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    with RecordStore.open(data_dir) as opened:
        yield opened


@pytest.fixture
def ten() -> list[Record]:
    """Ten records of one author's chain in the default test session."""
    return chain_of(identity(1), texts(10))
