"""Shared fixtures: every test gets its own data dir and a fixed language."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from beraad.i18n import set_language


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No test may touch the real user data dir, and English is the default language."""
    monkeypatch.setenv("BERAAD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BERAAD_LANG", "en")
    set_language("en")
    yield
    set_language("en")


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true nothing may skip: a skipped test there would hide a missing tool or feature."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under CI=true, which must run every test: {reason}"
