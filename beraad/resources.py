"""Data shipped with beraad (themes and scenarios), found the same way installed or from source.

In a wheel the folders sit inside the package (``beraad/themes``); in a source checkout they sit
at the top of the repository (``themes/``), where people edit them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_folder(name: str) -> Path:
    """The ``themes`` or ``scenarios`` folder, installed or in a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"beraad's {name} folder is missing from this installation")


def data_files(name: str, suffix: str = ".toml") -> list[Path]:
    return sorted(p for p in data_folder(name).iterdir() if p.suffix == suffix)
