"""A non-editable install must carry the themes and scenarios (DESIGN §1)."""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_themes_and_scenarios(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("beraad-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "from beraad.resources import data_files, data_folder;"
        "print(data_folder('themes'));"
        "print(sorted(p.name for p in data_files('themes')));"
        "print(sorted(p.name for p in data_files('scenarios')))"
    )
    out = subprocess.run(
        [python, "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout.splitlines()
    assert "site-packages" in out[0]
    assert out[1] == str(sorted(p.name for p in (ROOT / "themes").glob("*.toml")))
    assert out[2] == str(sorted(p.name for p in (ROOT / "scenarios").glob("*.toml")))
    assert len(eval(out[1])) >= 4 and len(eval(out[2])) >= 1
