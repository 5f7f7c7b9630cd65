"""The core stays pure: importing it must not pull in I/O frameworks or the UI (DESIGN §1)."""

import pkgutil
import subprocess
import sys

import pytest

import beraad.core

FORBIDDEN = (
    "textual",
    "zeroconf",
    "tinydb",
    "asyncio",
    "socket",
    "beraad.net",
    "beraad.store",
    "beraad.ui",
    "beraad.node",
)
MODULES = ["beraad.core"] + [
    f"beraad.core.{m.name}" for m in pkgutil.iter_modules(beraad.core.__path__)
]


@pytest.mark.parametrize("module", MODULES)
def test_core_module_imports_nothing_impure(module):
    code = (
        "import sys, importlib; importlib.import_module({!r}); "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {!r} "
        "or any(m == f or m.startswith(f + '.') for f in {!r}))))"
    ).format(module, ("textual", "zeroconf", "tinydb", "asyncio", "socket"), FORBIDDEN)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"
