"""Where a person's data lives: ``--data-dir``, else ``BERAAD_HOME``, else platformdirs.

Several people on one SSH host, or several test peers on one machine, each get their own data
dir, so nothing is ever shared by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_HOME = "BERAAD_HOME"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the data dir (not created here)."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("beraad", appauthor=False))
