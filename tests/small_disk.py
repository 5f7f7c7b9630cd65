"""A full disk, for real: a small tmpfs mounted for one test, and a way to take its last byte.

The store's tests (``tests/store/test_full_disk.py``) and the app's (``tests/ui/
test_attack_s9_full_disk.py``) fill the same kind of disk; mounting needs root, which CI has.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_tmpfs(tmp_path: Path, size: str, *, lazy: bool = False) -> Iterator[Path]:
    """A tmpfs of ``size`` (``256k``) mounted under ``tmp_path``; unmounted after, ``lazy``
    when files may still be open (nodes closing in the background). Skipped without root
    outside CI."""
    if os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("mounting a tmpfs needs root (CI runs this as root)")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)], check=True
    )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", *(["-l"] if lazy else []), str(mount_point)], check=True)


def fill_up(path: Path) -> None:
    """Take every free byte of the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            try:
                os.write(fd, b"\0" * 4096)
            except OSError:
                break
    finally:
        os.close(fd)
