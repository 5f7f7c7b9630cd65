"""The store benchmark runs from the repo root and prints its ratio lines (figures not judged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_store_benchmark_quick_run_prints_its_ratios():
    result = subprocess.run(
        [sys.executable, "benchmarks/store.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    ratios = [line for line in result.stdout.splitlines() if line.startswith("ratio")]
    assert any("last" in line and "first" in line for line in ratios), result.stdout
    assert any("speed-up per append" in line and "JSONStorage" in line for line in ratios)
    assert any("cold open" in line for line in ratios), result.stdout
    assert any("batch" in line for line in ratios), result.stdout
    assert "peak RSS" in result.stdout
